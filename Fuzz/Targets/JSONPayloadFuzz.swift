/// libFuzzer target: the flat JSON parser and the JSON Lines decoder never crash, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func jsonPayloadFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? FlatJSONObject.parse(bytes)
    let line = String(decoding: bytes, as: UTF8.self)
    _ = JSONLRecordDecoder(names: .canonical).decode(line, position: SourcePosition(source: "fuzz", line: 1))
    return 0
}
