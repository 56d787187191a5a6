import Foundation
import PrivacyRuntime

/// A tiny custom sink, as a plugin author would write one: one line per aggregate
/// (`scope_key,window_start,readings,ciphertext`) appended to the file at its required `path` option.
final class LedgerSink: AggregateSink, @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init(url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        handle = try FileHandle(forWritingTo: url)
    }

    func write(_ batch: [WindowAggregate]) async throws {
        let text = batch.map { "\($0.scopeKey),\($0.windowStart),\($0.readings),\($0.ciphertext.value)\n" }.joined()
        try lock.withLock { try handle.write(contentsOf: Data(text.utf8)) }
    }

    func close() async throws {
        try lock.withLock { try handle.close() }
    }

    /// Registers the sink as `ledger`; `path` is required and must end in `.ledger`.
    static func register(in registry: inout StageRegistry) {
        registry.register(sink: "ledger") { options in
            guard let url = options.requiredPath("path") else { return nil }
            guard url.pathExtension == "ledger" else {
                options.error("ledger path must end in '.ledger'", at: "path")
                return nil
            }
            return { _ in try LedgerSink(url: url) }
        }
    }
}
