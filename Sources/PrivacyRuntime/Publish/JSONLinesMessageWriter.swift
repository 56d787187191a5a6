import Foundation

/// A `MeterMessagePublisher` that writes each message as one JSON Lines line, the payload's members after the meter
/// id and region (`{"meter_id":…,"region":…,"timestamp":…,"energy_wh":…}`), for a `jsonl` source: what
/// `publish --output FILE.jsonl` plays a fleet into. It never overwrites a file.
public final class JSONLinesMessageWriter: MeterMessagePublisher {
    private let file: AppendFile

    /// Creates `path`; throws when it exists or cannot be created.
    public init(path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw RuntimeError.fileAccess("'\(path)' exists; publish --output never overwrites a file (remove it or name another)")
        }
        file = try AppendFile(path: path)
    }

    /// Any non-empty id without a control character (the line is JSON, so anything else is quoted).
    public var levelRule: String { "non-empty and free of control characters" }

    /// Whether `level` is non-empty and free of control characters.
    public func isValidLevel(_ level: String) -> Bool {
        !level.isEmpty && !level.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Appends the message as one line; `prefix` is not part of a file's lines.
    public func publish(prefix: String, region: String, meterID: String, payload: [UInt8]) throws {
        let members = String(decoding: payload.dropFirst(), as: UTF8.self)
        try file.append(#"{"meter_id":\#(JSONText.quote(meterID)),"region":\#(JSONText.quote(region)),"# + members)
    }

    /// Closes the file (every line is written already).
    public func finish() throws {
        file.close()
    }
}
