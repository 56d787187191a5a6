import Foundation

/// Turns one broker message from a meter into source items: meter and region from its address (the MQTT topic
/// `{prefix}/{region}/{meter_id}`, the NATS subject `{prefix}.{region}.{meter_id}`) or the payload, which must then
/// agree with the address (JSON and CSV alike), the timestamp, the exact energy value (or, in JSON, the value
/// encrypted at the meter) and the optional meter signature from the payload. Shared by the broker sources, so they accept the same payloads.
public struct MeterPayloadDecoder: Sendable {
    /// The payload encoding.
    public let format: MeterPayloadFormat
    private let names = ColumnNames.canonical
    /// Decoders for the CSV line shapes, by column count: identifiers, reading, and optionally the signature.
    private let csv: [Int: CSVRecordDecoder]

    /// A decoder for payloads in `format`.
    public init(format: MeterPayloadFormat) throws {
        self.format = format
        let position = SourcePosition(source: "message", line: 0)
        csv = [
            4: try CSVRecordDecoder(header: "meter_id,region,timestamp,energy_wh", names: .canonical, position: position),
            5: try CSVRecordDecoder(header: "meter_id,region,timestamp,energy_wh,signature", names: .canonical, position: position),
        ]
    }

    /// The items of one message: `payload` is the whole payload, or its first bytes when `receivedBytes` (its size
    /// as received) is larger, and then the message is rejected as too long; `address` holds region and meter id
    /// parsed from the topic or subject (nil when it has none); every item carries `position`.
    public func decode(
        payload: [UInt8], receivedBytes: Int, address: (region: String, meterID: String)?, position: SourcePosition
    ) -> [SourceItem] {
        let text = String(decoding: payload, as: UTF8.self)
        if receivedBytes > payload.count {
            return [reject(.tooLong, "payload of \(receivedBytes) bytes is longer than the source's max_payload_bytes; only its first bytes are kept here", text + "…", position)]
        }
        switch format {
        case .json:
            return [decodeJSON(payload, text: text, topic: address, position: position)]
        case .csv:
            return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
                decodeCSVLine(String(line), topic: address, position: position)
            }
        }
    }

    private func reject(_ reason: RejectReason, _ detail: String, _ text: String, _ position: SourcePosition) -> SourceItem {
        .malformed(RejectedReading(position: position, rawText: text, reason: reason, detail: detail))
    }

    private func decodeJSON(
        _ payload: [UInt8], text: String, topic: (region: String, meterID: String)?, position: SourcePosition
    ) -> SourceItem {
        let object: FlatJSONObject.Members
        do {
            object = try FlatJSONObject.parse(payload)
        } catch {
            return reject(.malformed, "payload is not a flat JSON object: \(error)", text, position)
        }
        /// The identifier, or the rejection explaining why there is none.
        func identifier(_ name: String, fromTopic: String?) -> (value: String?, problem: RejectedReading?) {
            var fromPayload: String?
            switch object[name] {
            case .string(let value)?: fromPayload = value
            case nil, .null?: fromPayload = nil
            default:
                return (nil, RejectedReading(position: position, rawText: text, reason: .malformed, detail: "'\(name)' must be a string"))
            }
            if let fromPayload, let fromTopic, fromPayload != fromTopic {
                return (nil, RejectedReading(
                    position: position, rawText: text, reason: .malformed,
                    detail: "'\(name)' is '\(fromPayload)' in the payload but '\(fromTopic)' in the topic"))
            }
            guard let value = fromPayload ?? fromTopic, !value.isEmpty else {
                return (nil, RejectedReading(
                    position: position, rawText: text, reason: .missingField,
                    detail: "missing field '\(name)' (neither in the topic nor in the payload)"))
            }
            return (value, nil)
        }
        let meter = identifier(names.meterID, fromTopic: topic?.meterID)
        let area = identifier(names.region, fromTopic: topic?.region)
        guard let meterID = meter.value, let region = area.value else {
            return .malformed((meter.problem ?? area.problem)!)
        }
        let signature: String?
        switch object[names.signature] {
        case .string(let value)?: signature = value
        case nil, .null?: signature = nil
        default: return reject(.malformed, "'\(names.signature)' must be a string (base64url)", text, position)
        }
        let timestamp: String?
        switch object[names.timestamp] {
        case .string(let value)?:
            timestamp = value
        case .number(let value)?:
            guard let epoch = Int64(value) else {
                return reject(.badTimestamp, "'\(value)' in '\(names.timestamp)' is not whole epoch seconds", text, position)
            }
            timestamp = RFC3339.format(epoch)
        case nil, .null?:
            timestamp = nil
        default:
            return reject(.malformed, "'\(names.timestamp)' must be an RFC 3339 string or epoch seconds", text, position)
        }
        return ReadingFields(meterID: meterID, region: region, timestamp: timestamp, json: object[names.value], signature: signature)
            .item(names: names, position: position, rawText: text)
    }

    /// A CSV line: `meter_id,region,timestamp,energy_wh[,signature]`, whose meter and region must agree with the
    /// topic's, or `timestamp,energy_wh[,signature]` with meter and region from the topic. Header lines are skipped (nil).
    private func decodeCSVLine(_ line: String, topic: (region: String, meterID: String)?, position: SourcePosition) -> SourceItem? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix(names.meterID + ",") || trimmed.hasPrefix(names.timestamp + ",") { return nil }
        let fields: [String]
        do {
            fields = try CSVLineSplitter.split(trimmed)
        } catch {
            return reject(.malformed, "column \(error.column): \(error.message)", line, position)
        }
        switch fields.count {
        case 2, 3:
            guard let topic else {
                return reject(.missingField, "a CSV line without meter and region needs them in the topic", line, position)
            }
            return csv[fields.count + 2]!.decode("\(Self.quoted(topic.meterID)),\(Self.quoted(topic.region)),\(trimmed)", position: position)
        case 4, 5:
            let item = csv[fields.count]!.decode(trimmed, position: position)
            if case .record(let record) = item, let topic {
                for (name, payload, fromTopic) in [(names.meterID, record.meterID, topic.meterID), (names.region, record.region, topic.region)]
                where payload != fromTopic {
                    return reject(.malformed, "'\(name)' is '\(payload)' in the payload but '\(fromTopic)' in the topic", line, position)
                }
            }
            return item
        default:
            return reject(.malformed, "expected 2 or 3 columns (timestamp, energy_wh, optional signature) or 4 or 5 (meter_id and region first), found \(fields.count)", line, position)
        }
    }

    private static func quoted(_ field: String) -> String {
        "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
