import Foundation
import Logging

/// A swift-log handler writing `level: message key=value` lines to standard error (`--log-format text`).
struct TextLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let tail = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        StatusLine.shared.clear()
        FileHandle.standardError.write(Data("\(event.level.rawValue): \(event.message)\(tail)\n".utf8))
    }
}
