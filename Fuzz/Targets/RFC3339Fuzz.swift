/// libFuzzer target: `RFC3339.parse` never crashes, and an accepted time formats to text that parses to it again.
@_cdecl("LLVMFuzzerTestOneInput")
public func rfc3339Fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let seconds = RFC3339.parse(text) else { return 0 }
    let formatted = RFC3339.format(seconds)
    guard RFC3339.parse(formatted) == seconds else {
        fatalError("'\(text)' is \(seconds) s, formatted '\(formatted)', which does not parse back")
    }
    return 0
}
