/// libFuzzer target: `ExactDecimal(text)` never crashes, and what it accepts prints back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func decimalFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let decimal = ExactDecimal(text) else { return 0 }
    guard let again = ExactDecimal(decimal.description), again == decimal else {
        fatalError("'\(text)' parsed as \(decimal), which does not parse back to itself")
    }
    return 0
}
