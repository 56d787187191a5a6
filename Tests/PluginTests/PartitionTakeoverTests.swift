import Foundation
import PostgresNIO
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// Partitions with failover, end to end with real servers and processes: a fleet published into JetStream
/// (`publish --nats`), two instances and a standby claiming 2 partitions through leases, writing to PostgreSQL.
final class PartitionTakeoverTests: XCTestCase {
    private let regions = ["north", "south", "east", "west", "central", "harbour"]

    private func policyYAML(stream: NATSTestStream, bucket: String, table: String, services: TestServices) throws -> String {
        """
        policy: partitioned-\(table)
        scope: region
        window: 1h
        lateness: 5m
        source:
          type: nats
          url: \(try services.nats().url)
          stream: \(stream.name)
          subject: \(stream.prefix).>
          idle_timeout: 15s
          partitions: 2
          max_partitions: 1
          lease_bucket: \(bucket)
          lease_ttl: 6s
        \(TestPolicyText.testKeySum)
        \(TestPolicyText.postgresSinks(table: table, services: services))
        rejects: rejects.jsonl
        """
    }

    private struct StoredRow {
        var key: String
        var ciphertext: String
        var partition: Int
        var token: Int64
        var writtenAt: Date
    }

    private func storedRows(_ table: String, _ database: PostgresTestDatabase) async throws -> [StoredRow] {
        try await database.withConnection { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT scope_key, extract(epoch FROM window_start)::bigint, ciphertext, partition, fence_token, written_at
                FROM \(table)
                """), logger: database.logger)
            var result: [StoredRow] = []
            for try await (key, start, ciphertext, partition, token, written) in rows.decode((String, Int64, String, Int32, Int64, Date).self) {
                result.append(StoredRow(key: "\(key)@\(start)", ciphertext: ciphertext, partition: Int(partition), token: token, writtenAt: written))
            }
            return result
        }
    }

    private func fence(_ table: String, partition: Int, _ database: PostgresTestDatabase) async throws -> (token: Int64, raisedAt: Date)? {
        try await database.withConnection { connection in
            var query = PostgresQuery(unsafeSQL: "SELECT token, raised_at FROM \(table)_fence WHERE partition = $1")
            query.binds.append(Int32(partition))
            for try await row in try await connection.query(query, logger: database.logger).decode((Int64, Date).self) { return row }
            return nil
        }
    }

    func testInstancePausedPastItsLeaseIsTakenOverAndCannotWriteAfterResuming() async throws {
        let services = try TestServices.require()
        let database = PostgresTestDatabase(services: services)
        let table = "e2e_takeover"
        try await database.drop(table)
        try await database.drop(table + "_fence")
        let stream = try NATSTestStream(url: try services.nats().url)
        let bucket = "leases_\(UUID().uuidString.prefix(8).lowercased())"
        let fleet = TestFleet(regions: regions, metersPerRegion: 3, hours: 4, seed: 16)
        let partitionOf = Dictionary(uniqueKeysWithValues: regions.map { ($0, ShardAssignment.shard(of: $0, count: 2)) })
        XCTAssertEqual(Set(partitionOf.values), [0, 1], "both partitions have regions")
        let start = fleet.readings.map(\.timestamp).min()!
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("takeover-\(UUID())")
        var instances: [RuntimeInstance] = []
        defer {
            for instance in instances { instance.send(SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }
        let environment = ["PGPASSWORD": services.pgPassword]
        func startInstance(_ name: String) throws -> RuntimeInstance {
            let workspace = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
            try policyYAML(stream: stream, bucket: bucket, table: table, services: services)
                .write(to: workspace.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
            let instance = try RuntimeInstance(["run", "--policy", "policy.yaml"], in: workspace, environment: environment)
            instances.append(instance)
            return instance
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        // The first two hours are in the stream before the instances start; the rest comes while one is paused.
        XCTAssertEqual(try RuntimeInstance.publish(fleet.writeCSV { $0.timestamp < start + 7200 }, nats: services.nats().url, prefix: stream.prefix), 0)
        let first = try startInstance("a")
        let claimA = try await first.waitFor("partition (\\d+): claimed with token (\\d+)", timeout: .seconds(30))
        let partitionA = try XCTUnwrap(claimA.flatMap { Int($0[1]) }, first.stderr)
        let tokenA = try XCTUnwrap(claimA.flatMap { Int64($0[2]) })
        let second = try startInstance("b")
        let claimB = try await second.waitFor("partition (\\d+): claimed with token (\\d+)", timeout: .seconds(30))
        XCTAssertEqual(claimB.flatMap { Int($0[1]) }, 1 - partitionA, second.stderr)
        let standby = try startInstance("standby")
        try await Task.sleep(for: .seconds(3))
        XCTAssertFalse(standby.stderr.contains("claimed with token"), "a standby while both partitions are held")

        first.send(SIGSTOP)
        let paused = ContinuousClock.now
        let pausedAt = Date()
        XCTAssertEqual(try RuntimeInstance.publish(fleet.writeCSV { $0.timestamp >= start + 7200 }, nats: services.nats().url, prefix: stream.prefix), 0)
        let claimS = try await standby.waitFor("partition (\\d+): claimed with token (\\d+)", timeout: .seconds(40))
        let takeover = ContinuousClock.now - paused
        XCTAssertEqual(claimS.flatMap { Int($0[1]) }, partitionA, standby.stderr)
        let tokenS = try XCTUnwrap(claimS.flatMap { Int64($0[2]) }, standby.stderr)
        XCTAssertGreaterThan(tokenS, tokenA)
        XCTAssertLessThan(takeover, .seconds(30), "taken over within 30 s")
        print("takeover: standby claimed partition \(partitionA) \(takeover) after the holder was paused (lease_ttl 6s)")

        // Every window stored once (the standby replays the partition from the start of the stream).
        let expected = fleet.regionHourTotals()
        let deadline = ContinuousClock.now + .seconds(90)
        while try await storedRows(table, database).count < expected.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
        }
        let storedFence = try await fence(table, partition: partitionA, database)
        let fenceS = try XCTUnwrap(storedFence)
        XCTAssertEqual(fenceS.token, tokenS)

        first.send(SIGCONT)
        let gaveUp = try await first.waitFor("partition \(partitionA): .* lost \\(.*\\); giving the partition up", timeout: .seconds(20))
        XCTAssertNotNil(gaveUp, first.stderr)
        try await Task.sleep(for: .seconds(3))

        let rows = try await storedRows(table, database)
        XCTAssertEqual(rows.count, expected.count, "one row per region and hour, none missing or doubled")
        var decrypted: [String: Int64] = [:]
        for row in rows {
            decrypted[row.key] = try TestKeys.decrypt(decimal: row.ciphertext)
            let region = String(row.key.prefix { $0 != "@" })
            XCTAssertEqual(row.partition, partitionOf[region], row.key)
            if row.partition == partitionA {
                XCTAssertTrue([tokenA, tokenS].contains(row.token), "\(row.key) written under token \(row.token)")
                if row.token == tokenA {
                    XCTAssertLessThan(row.writtenAt, fenceS.raisedAt, "\(row.key): the paused instance wrote after the takeover")
                    XCTAssertLessThan(row.writtenAt, pausedAt.addingTimeInterval(1), "\(row.key) written after the pause")
                }
            }
        }
        XCTAssertEqual(decrypted, expected, "every window decrypts to the input sum")
        let byPaused = rows.filter { $0.partition == partitionA && $0.token == tokenA }.count
        print("rows of partition \(partitionA): \(byPaused) written by the paused instance before its pause, "
              + "\(rows.filter { $0.partition == partitionA }.count - byPaused) by the standby after the takeover")
        print(first.stderr.split(separator: "\n").filter { $0.contains("partition") || $0.contains("postgres") }.joined(separator: "\n"))
        let finalFence = try await fence(table, partition: partitionA, database)
        XCTAssertEqual(finalFence?.token, tokenS, "the fence never went down")
        for instance in instances {
            let status = await instance.terminate()
            XCTAssertEqual(status, 0, instance.stderr.suffix(2000).description)
        }
    }
}
