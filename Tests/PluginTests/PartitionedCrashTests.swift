import Foundation
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest
@testable import NATSSource

/// Partitions, leases and checkpoints together, end to end with real servers and processes: a fleet published into
/// JetStream, two instances and a standby on 2 partitions with checkpoints every second into NATS and rows into
/// PostgreSQL; three times the instance holding a partition is killed with SIGKILL at a random moment and a new one
/// started in its place. The partition moves to a waiting instance, which resumes from the dead one's checkpoint.
/// Every window decrypts to the sum computed here from the published input: none missing, none written twice.
final class PartitionedCrashTests: XCTestCase {
    private let regions = ["north", "south", "east", "west", "central", "harbour"]

    private func policyYAML(stream: NATSTestStream, leases: String, checkpoints: String, table: String, keyPath: String,
                            services: TestServices) throws -> String {
        """
        policy: partitioned-crash
        scope: region
        window: 1h
        lateness: 5m
        runtime_key: \(keyPath)
        source:
          type: nats
          url: \(try services.nats().url)
          stream: \(stream.name)
          subject: \(stream.prefix).>
          idle_timeout: 30s
          partitions: 2
          max_partitions: 1
          lease_bucket: \(leases)
          lease_ttl: 4s
          checkpoint_every: 1s
          checkpoint_bucket: \(checkpoints)
        \(TestPolicyText.testKeySum(mode: "per_window"))
        \(TestPolicyText.postgresSinks(table: table, services: services))
        rejects: rejects.jsonl
        """
    }

    /// Waits up to 60 s for partition `partition`'s checkpoint manifest in `bucket`.
    private func waitForCheckpoint(partition: Int, bucket: String, services: TestServices) async throws -> Bool {
        let client = try NATSClient(settings: NATSConnectionSettings(url: try services.nats().url))
        let manifest = NATSCheckpointStore.keyName(policy: "partitioned-crash", shard: ShardAssignment(index: partition, count: 2)) + ".manifest"
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let store = try? NATSKeyValueBucket(client: client, name: bucket), (try? store.get(manifest)) ?? nil != nil { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    func testHoldersKilledAtRandomMomentsLoseAndDoubleNoWindow() async throws {
        let services = try TestServices.require()
        let database = PostgresTestDatabase(services: services)
        let table = "e2e_partitioned_crash"
        try await database.drop(table)
        try await database.drop(table + "_fence")
        let stream = try NATSTestStream(url: try services.nats().url)
        let unique = UUID().uuidString.prefix(8).lowercased()
        let fleet = TestFleet(regions: regions, metersPerRegion: 20, hours: 72, seed: 61)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("partitioned-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var instances: [String: RuntimeInstance] = [:]
        /// Instances killed so far (their standard error still counts).
        var dead: [RuntimeInstance] = []
        defer {
            for instance in instances.values { instance.send(SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }
        let keyURL = directory.appendingPathComponent("runtime-key.json")
        try FileManager.default.copyItem(at: TestPolicyText.demoRuntimeKeyURL, to: keyURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyURL.path)
        let policy = try policyYAML(stream: stream, leases: "leases_\(unique)", checkpoints: "ckpt-\(unique)", table: table,
                                    keyPath: keyURL.path, services: services)
        func start(_ name: String) throws {
            let workspace = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
            try policy.write(to: workspace.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
            instances[name] = try RuntimeInstance(["run", "--policy", "policy.yaml"], in: workspace,
                                                  environment: ["PGPASSWORD": services.pgPassword])
        }
        /// The partition `name` holds now: its latest claim, unless it died since.
        func holding(_ name: String) -> Int? {
            guard let instance = instances[name], instance.isRunning else { return nil }
            let claims = instance.stderr.split(separator: "\n").filter { $0.contains("claimed with token") }
            return claims.last.flatMap { line in
                line.firstRange(of: /partition (\d+): claimed/).flatMap { Int(line[$0].split(separator: " ")[1].dropLast()) }
            }
        }

        XCTAssertEqual(try RuntimeInstance.publish(fleet.writeCSV(), nats: services.nats().url, prefix: stream.prefix), 0, "publish --nats")

        for name in ["a", "b", "standby"] { try start(name) }
        var generator = SystemRandomNumberGenerator()
        var kills: [String] = []
        for round in 1...3 {
            // Wait until both partitions are held, then kill one holder at a random moment.
            let deadline = ContinuousClock.now + .seconds(40)
            var holders: [(String, Int)] = []
            while ContinuousClock.now < deadline {
                holders = instances.keys.sorted().compactMap { name in holding(name).map { (name, $0) } }
                if Set(holders.map(\.1)).count == 2 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            XCTAssertEqual(Set(holders.map(\.1)), [0, 1], "round \(round): both partitions held\n" + instances.map { "\($0.key): \($0.value.stderr.suffix(1500))" }.joined(separator: "\n"))
            guard let victim = holders.randomElement(using: &generator) else { break }
            // Kill it at a random moment once its partition has a checkpoint (on a loaded machine the first one can
            // take a while), so the taking-over instance has one to resume from.
            let checkpointed = try await waitForCheckpoint(partition: victim.1, bucket: "ckpt-\(unique)", services: services)
            XCTAssertTrue(checkpointed, "round \(round): partition \(victim.1) has a checkpoint")
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...1500, using: &generator)))
            let killed = instances.removeValue(forKey: victim.0)!
            await killed.kill()
            dead.append(killed)
            kills.append("\(victim.0) (partition \(victim.1))")
            try start("replacement-\(round)")
        }

        let expected = fleet.regionHourTotals()
        let deadline = ContinuousClock.now + .seconds(150)
        var rows = try await database.rows(table)
        while rows.count < expected.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            rows = try await database.rows(table)
        }
        var decrypted: [String: Int64] = [:]
        for row in rows {
            let window = "\(row.scopeKey)@\(row.windowStart)"
            XCTAssertNil(decrypted[window], "\(window) written twice")
            XCTAssertFalse(row.incomplete, window)
            decrypted[window] = try TestKeys.decrypt(decimal: row.ciphertext)
        }
        XCTAssertEqual(rows.count, expected.count, "one row per region and hour")
        XCTAssertEqual(decrypted, expected, "every window the exact sum of its published readings")
        let resumed = (Array(instances.values) + dead).filter { $0.stderr.contains("resuming after sequence") }.count
        XCTAssertGreaterThan(resumed, 0, "a taken-over partition resumed from the dead holder's checkpoint")
        print("killed \(kills.joined(separator: ", ")); \(resumed) start(s) resumed from a checkpoint; \(rows.count) windows exact")
        for instance in instances.values where instance.isRunning { await instance.terminate() }
        try await database.drop(table)
        try await database.drop(table + "_fence")
    }
}
