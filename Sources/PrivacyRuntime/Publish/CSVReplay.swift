import Foundation

/// Replays a readings CSV into a broker, one acknowledged message per reading on the meter's address
/// (`{prefix}/{region}/{meter_id}` over MQTT, `{prefix}.{region}.{meter_id}` into NATS JetStream) with the JSON
/// payload `{"timestamp": ..., "energy_wh": ...}` (and `"signature"` when signed), the value encrypted as a meter would
/// with an `encryptor`: what a fleet of meters would send. Used by `privacy-runtime publish`.
public struct CSVReplay: Sendable {
    /// A reading's value as the replay publishes it, and as `signer` signs it.
    public enum PublishedValue: Sendable {
        /// `energy_wh` as written in the CSV.
        case plain(String)
        /// `energy_wh` encrypted by the replay's `encryptor`.
        case encrypted(MeterCiphertext)
    }

    /// What a replay did.
    public struct Summary: Sendable, Equatable {
        /// Readings published and acknowledged by the broker.
        public var published: Int
        /// Lines skipped, each reported to `problems` with its line number.
        public var skipped: Int
    }

    /// The CSV file; its header names the columns `meter_id`, `region`, `timestamp`, `energy_wh` (any order, other columns ignored).
    public var input: URL
    /// The address's first level(s), e.g. `meters`.
    public var topicPrefix: String
    /// Messages per second, or nil for as fast as the broker acknowledges.
    public var rate: Double?
    /// Signs a reading as its meter would: `(meter_id, timestamp as written, value as published)` to the base64url
    /// signature the payload carries as `signature`, or nil for none (`publish --sign-with`).
    public var signer: (@Sendable (String, String, PublishedValue) -> String?)?
    /// Encrypts each value as its meter would (`publish --encrypt-with`); nil publishes values as written.
    public var encryptor: MeterValueEncryptor?

    /// Creates a replay of `input`.
    public init(input: URL, topicPrefix: String = "meters", rate: Double? = nil,
                signer: (@Sendable (String, String, PublishedValue) -> String?)? = nil, encryptor: MeterValueEncryptor? = nil) {
        self.input = input
        self.topicPrefix = topicPrefix
        self.rate = rate
        self.signer = signer
        self.encryptor = encryptor
    }

    /// Publishes every well-formed line and waits for all acknowledgements; malformed lines are
    /// reported as `file:line: message` through `problems` and skipped.
    public func run(with publisher: some MeterMessagePublisher, problems: (String) -> Void) throws -> Summary {
        guard let file = fopen(input.path, "r") else {
            throw CSVReplayError.unreadableInput(input.path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let name = input.lastPathComponent
        var lineNumber = 0
        var columns: [String: Int] = [:]
        var summary = Summary(published: 0, skipped: 0)
        let start = Date()
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while getline(&buffer, &capacity, file) > 0, let buffer {
            lineNumber += 1
            let line = String(cString: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields: [String]
            do {
                fields = try CSVLineSplitter.split(line).map { $0.trimmingCharacters(in: .whitespaces) }
            } catch {
                guard !columns.isEmpty else { throw CSVReplayError.badHeader("\(name):\(lineNumber):\(error.column): \(error.message)") }
                problems("\(name):\(lineNumber):\(error.column): \(error.message)")
                summary.skipped += 1
                continue
            }
            if columns.isEmpty {
                for (index, field) in fields.enumerated() { columns[field] = index }
                let missing = ["meter_id", "region", "timestamp", "energy_wh"].filter { columns[$0] == nil }
                guard missing.isEmpty else {
                    throw CSVReplayError.badHeader("\(name):\(lineNumber): header lacks column(s) \(missing.joined(separator: ", "))")
                }
                continue
            }
            func field(_ column: String) -> String {
                let index = columns[column]!
                return index < fields.count ? fields[index] : ""
            }
            let meter = field("meter_id"), region = field("region")
            guard publisher.isValidLevel(meter), publisher.isValidLevel(region) else {
                problems("\(name):\(lineNumber): meter_id and region must be \(publisher.levelRule)")
                summary.skipped += 1
                continue
            }
            let value: PublishedValue
            if let encryptor {
                do {
                    value = .encrypted(try encryptor.encrypt(field("energy_wh")))
                } catch {
                    problems("\(name):\(lineNumber): \(error)")
                    summary.skipped += 1
                    continue
                }
            } else {
                value = .plain(field("energy_wh"))
            }
            let signature = signer?(meter, field("timestamp"), value)
            let payload = Self.payload(timestamp: field("timestamp"), value: value, signature: signature)
            try publisher.publish(prefix: topicPrefix, region: region, meterID: meter, payload: Array(payload.utf8))
            summary.published += 1
            if let rate, rate > 0 {
                let due = start.addingTimeInterval(Double(summary.published) / rate)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
        }
        try publisher.finish()
        return summary
    }

    /// The JSON payload for one reading: the energy as a JSON number when it is one (kept as written,
    /// so no precision is lost), otherwise as a string for the runtime to reject with a reason; with the meter's
    /// `signature` when there is one.
    static func payload(timestamp: String, energy: String, signature: String? = nil) -> String {
        payload(timestamp: timestamp, value: .plain(energy), signature: signature)
    }

    /// The JSON payload for one reading whose value is plain or encrypted (`MeterCiphertext.json`).
    static func payload(timestamp: String, value: PublishedValue, signature: String?) -> String {
        let energyJSON: String
        switch value {
        case .plain(let energy):
            let isNumber = energy.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil
            energyJSON = isNumber ? energy : JSONText.quote(energy)
        case .encrypted(let ciphertext):
            energyJSON = ciphertext.json
        }
        let signed = signature.map { #","signature":\#(JSONText.quote($0))"# } ?? ""
        return #"{"timestamp":\#(JSONText.quote(timestamp)),"energy_wh":\#(energyJSON)\#(signed)}"#
    }
}
