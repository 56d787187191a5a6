import Foundation
import PrivacyRuntimeTesting
import XCTest

/// A replicated (R3) stream on the three-node cluster (`scripts/services.sh nats-cluster-start`) loses the node that
/// leads it, killed with SIGKILL while the runtime reads it and meters keep publishing: nothing is lost or doubled.
final class NATSClusterNodeLossTests: XCTestCase {
    private let regions = ["north", "south", "east", "west"]

    func testLosingTheStreamLeaderMidRunLosesNothing() async throws {
        let services = try TestServices.require()
        guard let url = services.natsClusterURL else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw TestServicesError(message: "no NATS cluster") }
            throw XCTSkip("no NATS cluster; start it with `scripts/services.sh nats-cluster-start`")
        }
        let stream = try NATSTestStream(url: url, replicas: 3)
        let fleet = TestFleet(regions: regions, metersPerRegion: 3, hours: 4, seed: 33)
        let start = fleet.readings.map(\.timestamp).min()!
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("node-loss-\(UUID())")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        try """
            policy: node-loss
            scope: region
            window: 1h
            lateness: 5m
            source:
              type: nats
              url: \(url)
              stream: \(stream.name)
              subject: \(stream.prefix).>
              idle_timeout: 12s
            \(TestPolicyText.testKeySum)
            sinks:
              - type: jsonl
                path: aggregates.jsonl
            rejects: rejects.jsonl
            """.write(to: workspace.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)

        XCTAssertEqual(try RuntimeInstance.publish(fleet.writeCSV { $0.timestamp < start + 7200 }, nats: url, prefix: stream.prefix), 0)
        let instance = try RuntimeInstance(["run", "--policy", "policy.yaml"], in: workspace)
        addTeardownBlock { instance.send(SIGKILL) }
        let firstRelease = try await waitForLines(in: workspace.appendingPathComponent("aggregates.jsonl"), atLeast: 1)
        XCTAssertTrue(firstRelease, "no window released before the node loss: \(instance.stderr.suffix(2000))")

        let leader = try NATSClusterLeader.node(of: stream.name, url: url)
        try services.control("nats-cluster-kill-node", leader)
        addTeardownBlock { try? services.control("nats-cluster-start") }
        XCTAssertEqual(try RuntimeInstance.publish(fleet.writeCSV { $0.timestamp >= start + 7200 }, nats: url, prefix: stream.prefix), 0)
        XCTAssertEqual(try stream.messageCount(), UInt64(fleet.readings.count), "the stream kept every acknowledged reading")

        let status = await instance.finish(timeout: .seconds(120))
        XCTAssertEqual(status, 0, instance.stderr.suffix(3000).description)
        let lines = try String(contentsOf: workspace.appendingPathComponent("aggregates.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var decrypted: [String: Int64] = [:]
        for line in lines {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let window = ISO8601DateFormatter().date(from: row["window_start"] as! String)!
            let key = "\(row["scope_key"] as! String)@\(Int64(window.timeIntervalSince1970))"
            XCTAssertNil(decrypted[key], "\(key) written twice")
            decrypted[key] = try TestKeys.decrypt(decimal: (row["ciphertext"] as! [String: Any])["v"] as! String)
        }
        XCTAssertEqual(decrypted, fleet.regionHourTotals(), "every window decrypts to the input sum after losing node \(leader):\n\(instance.stderr.suffix(3000))")
        let recoveries = instance.stderr.split(separator: "\n").filter { $0.contains("warning: nats") }
        print("R3 stream: node \(leader) (the stream's leader) killed mid-run; \(lines.count) windows, all exact; the reader's recovery:")
        recoveries.forEach { print("  \($0)") }
    }

    /// Waits up to 60 s for `file` to hold `count` lines.
    private func waitForLines(in file: URL, atLeast count: Int) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count >= count { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
