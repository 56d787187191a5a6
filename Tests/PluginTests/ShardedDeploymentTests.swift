import Foundation
import MQTTSource
import Policy
import PostgresSink
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// The production topology in miniature: a fleet published to mosquitto, two `privacy-runtime` shards
/// (0/2 and 1/2) reading from it and writing to one PostgreSQL; decrypted totals against sums computed here.
final class ShardedDeploymentTests: XCTestCase {
    private let regions = ["north", "south", "east", "west", "central"]

    private func registry() -> StageRegistry {
        StageRegistry.withServerPlugins
    }

    private func policyYAML(prefix: String, clientID: String, table: String, services: TestServices) -> String {
        """
        policy: regional-\(table)
        scope: region
        window: 1h
        lateness: 5m
        source:
          type: mqtt
          host: \(services.mqttHost)
          port: \(services.mqttPort)
          topic: \(prefix)/#
          client_id: \(clientID)
          regions: [\(regions.joined(separator: ", "))]
          idle_timeout: 4s
        \(TestPolicyText.testKeySum)
        \(TestPolicyText.postgresSinks(table: table, services: services))
        rejects: rejects.jsonl
        """
    }

    /// Publishes the fleet, runs both shards to the end of the stream (optionally with PostgreSQL
    /// down while they run), and checks every stored window against the fleet's own sums.
    private func runShardedFleet(table: String, postgresOutage: Bool) async throws {
        let services = try TestServices.require()
        let database = PostgresTestDatabase(services: services)
        try await database.drop(table)
        let fleet = TestFleet(regions: regions, metersPerRegion: 4, hours: 2, seed: 7)
        let prefix = "meters-e2e-\(UUID().uuidString.prefix(8))"
        let shards = (0..<2).map { ShardAssignment(index: $0, count: 2)! }
        let clientIDs = shards.map { "e2e-\(prefix)-\($0.index)" }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plugin-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Establish both shards' persistent sessions, then publish while they are away: the broker
        // queues each shard's readings (QoS 1) until its instance connects.
        for (shard, clientID) in zip(shards, clientIDs) {
            let session = try MQTTSource(configuration: MQTTSourceConfiguration(
                host: services.mqttHost, port: services.mqttPort, topic: "\(prefix)/#", clientID: clientID,
                regions: regions, shard: shard))
            let subscribed = await session.waitUntilSubscribed(timeout: .seconds(10))
            XCTAssertTrue(subscribed)
            await session.close()
        }
        let publisher = try MQTTPublisher(host: services.mqttHost, port: services.mqttPort)
        let published = try CSVReplay(input: try fleet.writeCSV(), topicPrefix: prefix).run(with: publisher) { XCTFail($0) }
        XCTAssertEqual(published.published, fleet.readings.count)

        if postgresOutage { try services.control("pg-stop") }
        let registry = registry()
        let summaries = try await withThrowingTaskGroup(of: RunSummary.self) { group in
            for (shard, clientID) in zip(shards, clientIDs) {
                let policy = try PolicyLoader.load(
                    yaml: policyYAML(prefix: prefix, clientID: clientID, table: table, services: services),
                    fileName: "shard\(shard.index).yaml", baseDirectory: directory.appendingPathComponent("shard\(shard.index)"),
                    environment: ["PGPASSWORD": services.pgPassword], catalog: registry)
                var options = RunOptions()
                options.shard = shard
                group.addTask {
                    try await PipelineRunner(policies: [policy], registry: registry, options: options).run()
                }
            }
            if postgresOutage {
                try await Task.sleep(for: .seconds(3))
                try services.control("pg-start")
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        let accepted = summaries.map { $0.policies[0].accepted }
        XCTAssertEqual(accepted.reduce(0, +), fleet.readings.count, "each reading counted by exactly one shard")
        XCTAssertEqual(summaries.map { $0.policies[0].rejectedTotal }.reduce(0, +), 0)
        let rows = try await database.rows(table)
        var decrypted: [String: Int64] = [:]
        for row in rows {
            XCTAssertEqual(row.readings, 4 * 12, "\(row.scopeKey)@\(row.windowStart)")
            XCTAssertEqual(row.meters, 4)
            decrypted["\(row.scopeKey)@\(row.windowStart)"] = try TestKeys.decrypt(decimal: row.ciphertext)
        }
        XCTAssertEqual(rows.count, regions.count * 2, "one row per region and hour, none doubled")
        XCTAssertEqual(decrypted, fleet.regionHourTotals())
    }

    func testShardedFleetOverMQTTIntoPostgresDecryptsToTheInputSums() async throws {
        try await runShardedFleet(table: "e2e_sharded", postgresOutage: false)
    }

    func testPostgresDownDuringAShardedRunLosesAndDoublesNothing() async throws {
        try await runShardedFleet(table: "e2e_outage", postgresOutage: true)
    }
}
