/// libFuzzer target: the CSV decoder never crashes on a line, and a record it makes has non-empty, control-free ids.
@_cdecl("LLVMFuzzerTestOneInput")
public func csvDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let position = SourcePosition(source: "fuzz", line: 1)
    // The first line, when it is a valid header, sets the columns; otherwise the canonical header does.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let decoder = (try? CSVRecordDecoder(header: lines[0], names: .canonical, position: position))
        ?? (try! CSVRecordDecoder(header: "meter_id,region,timestamp,energy_wh", names: .canonical, position: position))
    for line in lines {
        guard case .record(let record) = decoder.decode(line, position: position) else { continue }
        for id in [record.meterID, record.region] where id.isEmpty || id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fatalError("record from '\(line)' has id '\(id)'")
        }
    }
    return 0
}
