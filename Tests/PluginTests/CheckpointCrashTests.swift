import Foundation
import Paillier
import PrivacyRuntimeTesting
import RuntimeKeys
import XCTest
@testable import NATSSource
@testable import PrivacyRuntime

/// The NATS route end to end with checkpoints: a fleet published into JetStream with acknowledgements, the
/// `privacy-runtime` executable over it (`per_window`, so a debug build gets through 115,200 readings in seconds) with
/// checkpoints every second into PostgreSQL, killed with SIGKILL at random moments and started again each time. Every window decrypts to the sum computed here from the published input,
/// none missing, none written twice; and the checkpoint bucket, read as the key holder would, gives nothing away.
final class CheckpointCrashTests: XCTestCase {
    private let regions = ["north", "south", "east", "west", "central"]

    private func policyYAML(stream: NATSTestStream, bucket: String, table: String, keyPath: String, services: TestServices) throws -> String {
        let url = try services.nats().url
        return """
        policy: regional-ckpt
        scope: region
        window: 1h
        lateness: 5m
        runtime_key: \(keyPath)
        source:
          type: nats
          url: \(url)
          stream: \(stream.name)
          subject: \(stream.prefix).>
          idle_timeout: 4s
          checkpoint_every: 1s
          checkpoint_bucket: \(bucket)
          checkpoint_chunk_bytes: 65536
        \(TestPolicyText.testKeySum(mode: "per_window"))
        \(TestPolicyText.postgresSinks(table: table, services: services))
        rejects: rejects.jsonl
        """
    }

    func testSIGKILLAtRandomMomentsLosesAndDoublesNoWindow() async throws {
        let services = try TestServices.require()
        let nats = try services.nats()
        let database = PostgresTestDatabase(services: services)
        let table = "e2e_ckpt_\(UUID().uuidString.prefix(8).lowercased())"
        let bucket = "ckpt-e2e-\(UUID().uuidString.prefix(8).lowercased())"
        let stream = try NATSTestStream(url: nats.url)
        let fleet = TestFleet(regions: regions, metersPerRegion: 20, hours: 96, seed: 16)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // The demo runtime key, as the runtime's operator keeps it (0600).
        let keyURL = directory.appendingPathComponent("runtime-key.json")
        try FileManager.default.copyItem(at: TestPolicyText.demoRuntimeKeyURL, to: keyURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyURL.path)
        let policyURL = directory.appendingPathComponent("policy.yaml")
        try policyYAML(stream: stream, bucket: bucket, table: table, keyPath: keyURL.path, services: services)
            .write(to: policyURL, atomically: true, encoding: .utf8)

        let publisher = try NATSPublisher(settings: NATSConnectionSettings(url: nats.url))
        let published = try CSVReplay(input: try fleet.writeCSV(), topicPrefix: stream.prefix).run(with: publisher) { XCTFail($0) }
        try publisher.finish()
        XCTAssertEqual(published.published, fleet.readings.count)

        let arguments = ["run", "--policy", policyURL.path, "--state-dir", directory.appendingPathComponent("state").path]
        let environment = ["PGPASSWORD": services.pgPassword]
        var generator = SystemRandomNumberGenerator()
        var kills = 0, runs = 0, inspected = false
        // Four kills, and up to four more until one finds a checkpoint with open windows to inspect: on a loaded
        // machine a debug run killed early may not have written one yet.
        while kills < 4 || (!inspected && kills < 8) {
            runs += 1
            let process = try RuntimeInstance(arguments, in: directory, environment: environment)
            try await Task.sleep(for: .milliseconds(Int.random(in: 800...2500, using: &generator)))
            guard process.isRunning else {
                XCTFail("run \(runs) ended before its kill (status \(await process.finish(timeout: .seconds(60)))); the fleet is too small for this machine:\n\(process.stderr)")
                break
            }
            await process.kill()
            kills += 1
            if !inspected { inspected = try checkBucketAsTheKeyHolder(bucket: bucket, stream: stream.name, nats: nats.url, keyURL: keyURL, fleet: fleet) }
        }
        let final = try RuntimeInstance(arguments, in: directory, environment: environment)
        let status = await final.finish(timeout: .seconds(300))
        XCTAssertEqual(status, 0, final.stderr)
        XCTAssertTrue(final.stderr.contains("resuming after sequence"), "the last start resumed from a checkpoint:\n\(final.stderr)")
        XCTAssertTrue(inspected, "a checkpoint with open windows was read as the key holder would")

        let rows = try await database.rows(table)
        var decrypted: [String: Int64] = [:]
        for row in rows {
            let window = "\(row.scopeKey)@\(row.windowStart)"
            XCTAssertNil(decrypted[window], "\(window) written twice")
            XCTAssertFalse(row.incomplete, window)
            decrypted[window] = try TestKeys.decrypt(decimal: row.ciphertext)
        }
        let expected = fleet.regionHourTotals()
        XCTAssertEqual(rows.count, expected.count, "one row per region and hour")
        XCTAssertEqual(decrypted, expected, "every window the exact sum of its published readings")

        // The checkpoint under another runtime key (a fresh state directory, so only the checkpoint is sealed under
        // the runtime's key): the start stops with one readable line.
        let otherKey = directory.appendingPathComponent("other-key.json")
        try RuntimeKey.generate().write(to: otherKey)
        let otherPolicy = directory.appendingPathComponent("other.yaml")
        try policyYAML(stream: stream, bucket: bucket, table: table, keyPath: otherKey.path, services: services)
            .write(to: otherPolicy, atomically: true, encoding: .utf8)
        let refused = try RuntimeInstance(["run", "--policy", otherPolicy.path, "--state-dir", directory.appendingPathComponent("state2").path],
                                          in: directory, environment: environment)
        let refusedStatus = await refused.finish(timeout: .seconds(60))
        XCTAssertNotEqual(refusedStatus, 0)
        let errorLines = refused.stderr.split(separator: "\n").filter { $0.contains("error") }
        XCTAssertEqual(errorLines.count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("does not authenticate under runtime key"), refused.stderr)
        try await database.drop(table)
    }

    /// Reads every value of the checkpoint bucket as the key holder would (it has the private key, not the runtime
    /// key): no accumulator of an open window is in the stored bytes, and decrypting every ciphertext-sized piece of
    /// them gives no value a reading or a sum could have. Returns false when there was no checkpoint with open
    /// windows to read yet. The runtime key (the operator's) is used only to know which accumulators to look for.
    private func checkBucketAsTheKeyHolder(bucket: String, stream: String, nats url: String, keyURL: URL, fleet: TestFleet) throws -> Bool {
        let raw = try NATSKeyValueBucket(client: NATSClient(settings: NATSConnectionSettings(url: url)), name: bucket)
        let keys = try raw.keys()
        guard let manifestBytes = try raw.get("regional-ckpt.manifest"), let manifest = CheckpointManifest.decode(manifestBytes) else {
            return false
        }
        let values = try keys.compactMap { try raw.get($0) }
        let sealed = manifest.chunks.flatMap { chunk in values.first { CheckpointManifest.hex($0) == chunk.sha256 } ?? [] }
        let seal = CheckpointSeal(key: try RuntimeKey.load(contentsOf: keyURL), policies: ["regional-ckpt"], stream: stream, shard: nil)
        let operatorView = try seal.open(StoredCheckpoint(sequence: manifest.sequence, sealed: sealed), from: bucket)
        let windows = operatorView.policies[0].windows
        guard !windows.isEmpty else { return false }

        let manifestText = String(decoding: manifestBytes, as: UTF8.self)
        XCTAssertFalse(fleet.regions.contains { manifestText.contains($0) }, "the manifest names no region")
        for window in windows {
            let ciphertext = window.ciphertext
            for value in values {
                XCTAssertNil(value.firstRange(of: Array(ciphertext.prefix(24))), "an accumulator's bytes are in the bucket")
                XCTAssertNil(value.firstRange(of: Array(String(BigInteger(bigEndianMagnitude: ciphertext).description.prefix(40)).utf8)),
                               "an accumulator's decimal digits are in the bucket")
            }
        }
        let width = (TestKeys.publicKey.bits * 2 + 7) / 8
        let bound = fleet.readings.reduce(Int64(0)) { $0 + $1.milliWh }
        var tried = 0
        for value in values where value.count >= width {
            for offset in stride(from: 0, through: value.count - width, by: max(1, width / 8)) {
                guard let ciphertext = try? PaillierCiphertext(bigEndian: value[offset..<offset + width], publicKey: TestKeys.publicKey) else { continue }
                tried += 1
                if let plain = try? TestKeys.decrypt(ciphertext) {
                    XCTAssertFalse((-bound...bound).contains(plain), "a ciphertext in the bucket at offset \(offset) decrypts to \(plain)")
                }
            }
        }
        XCTAssertGreaterThan(tried, 0, "pieces of the stored bytes were decrypted")
        return true
    }
}
