import Foundation

/// libFuzzer target: loading any text as a policy either succeeds or throws located diagnostics; it never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func policyLoaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try PolicyLoader.load(yaml: text, fileName: "fuzz.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"),
                                  environment: ["HOME": "/tmp"], catalog: nil)
    } catch {
        if error.diagnostics.isEmpty { fatalError("a refused policy without a diagnostic") }
    }
    return 0
}
