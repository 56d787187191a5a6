import Foundation
import Paillier
import PrivacyRuntime

/// For `bench --meter-encrypted`: a simulated fleet whose meters encrypt their own readings, written as JSON Lines
/// before the timed part (meters make the ciphertexts, not the runtime), so that the timed run measures what the
/// runtime does with them: parse, check (key id, 0 < c < n², gcd with n) and fold with one multiplication.
enum MeterEncryptedFleet {
    /// Writes every reading of `fleet` to a new file at `url`, its value in units of `decimalPlaces` encrypted by
    /// `encryptor` on every core (a ciphertext like a meter's: no cached digits reach the runtime, only the text);
    /// returns the number of readings.
    static func write(_ fleet: SimulatedFleet, encryptor: PaillierEncryptorStage, decimalPlaces: Int, to url: URL) async throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let file = try? FileHandle(forWritingTo: url) else {
            throw CLIError("cannot create \(url.path)")
        }
        defer { try? file.close() }
        let source = SimulateSource(fleet: fleet)
        let keyID = encryptor.publicKey.keyID
        var written = 0
        while let items = try await source.nextBatch(maxCount: 4096) {
            let records = items.compactMap { item -> SourceRecord? in
                if case .record(let record) = item { record } else { nil }
            }
            let units = try records.map { record in
                guard let units = record.value?.units(decimalPlaces: decimalPlaces) else {
                    throw CLIError("a simulated reading does not fit the policy's resolution")
                }
                return units
            }
            let ciphertexts = try await encryptor.encrypt(batch: units)
            var text = ""
            for (record, ciphertext) in zip(records, ciphertexts) {
                let value = MeterCiphertext(decimal: "\(ciphertext.value)", keyID: keyID).json
                text += #"{"meter_id":"\#(record.meterID)","region":"\#(record.region)","timestamp":"\#(RFC3339.format(record.timestamp))","energy_wh":\#(value)}"#
                text += "\n"
            }
            try file.write(contentsOf: Data(text.utf8))
            written += records.count
        }
        return written
    }
}
