import Foundation
import MeterRegistry
import PrivacyRuntime

/// A list of meters as CSV with the columns `meter_id`, `region` and, optionally, `public_key` (base64url, empty for a
/// meter without a key): the input of `registry sign` and `registry fleet-keys`.
enum MetersCSV {
    /// The meters of the file at `path`; fails with a line-numbered message on a missing column or bad line.
    static func read(_ path: String) throws -> [RegisteredMeter] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        var columns: [String: Int] = [:]
        var meters: [RegisteredMeter] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let fields: [String]
            do {
                fields = try CSVLineSplitter.split(trimmed).map { $0.trimmingCharacters(in: .whitespaces) }
            } catch {
                throw CLIError("\(path):\(index + 1):\(error.column): \(error.message)")
            }
            if columns.isEmpty {
                for (position, name) in fields.enumerated() { columns[name] = position }
                guard columns["meter_id"] != nil, columns["region"] != nil else {
                    throw CLIError("\(path):\(index + 1): the header must name the columns meter_id and region (and optionally public_key)")
                }
                continue
            }
            func field(_ name: String) -> String {
                columns[name].map { $0 < fields.count ? fields[$0] : "" } ?? ""
            }
            let keyText = field("public_key")
            do {
                let key = keyText.isEmpty ? nil : try Ed25519Text.publicKey(keyText, what: "public_key")
                meters.append(RegisteredMeter(meterID: field("meter_id"), region: field("region"), publicKey: key))
            } catch {
                throw CLIError("\(path):\(index + 1): \(error)")
            }
        }
        return meters
    }

    /// The CSV text of `meters` with a `public_key` column.
    static func text(_ meters: [RegisteredMeter]) -> String {
        (["meter_id,region,public_key"] + meters.map { "\(quoted($0.meterID)),\(quoted($0.region)),\($0.publicKeyText)" })
            .joined(separator: "\n") + "\n"
    }

    private static func quoted(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
