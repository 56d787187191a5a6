import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `--metrics-port`: during a long run, /health answers, /metrics shows counts that agree with what the run
/// reports when it is stopped, and the endpoint closes with the run.
final class MetricsEndpointTests: XCTestCase {
    func testMetricsAndHealthAreServedDuringARun() async throws {
        let workspace = try Workspace()
        let port = Int.random(in: 20_000...40_000)
        let keys = Workspace.shipped("examples/keys").path
        let policy = try workspace.file("simulated.yaml", """
            policy: simulated-regions
            scope: region
            window: 1h
            source: {type: simulate, meters: 2000, regions: 4, days: 30}
            encrypt: {type: paillier, public_key: \(keys)/demo-utility.pub.json}
            runtime_key: \(keys)/demo-runtime.runtime-key.json
            aggregate: {type: sum, min_meters: 5}
            sinks: [{type: jsonl, path: \(workspace.folder.path)/out.jsonl}]
            """)
        let process = Process()
        process.executableURL = try CLIProcess.executable
        process.arguments = ["--policy", policy.path, "--metrics-port", String(port)]
        let errURL = workspace.folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Wait until the run has read something.
        var health: [String: Any] = [:]
        for _ in 0..<120 {
            if let body = try? await get(port, "/health"), body.status == 200,
               let json = try JSONSerialization.jsonObject(with: Data(body.text.utf8)) as? [String: Any],
               (json["records_read"] as? Int ?? 0) > 0 {
                health = json
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        XCTAssertEqual(health["status"] as? String, "running")
        let metrics = try await get(port, "/metrics")
        XCTAssertEqual(metrics.status, 200)
        let records = try XCTUnwrap(value(of: "privacy_runtime_records_read_total", in: metrics.text))
        let accepted = try XCTUnwrap(value(of: #"privacy_runtime_readings_accepted_total{policy="simulated-regions"}"#, in: metrics.text))
        XCTAssertGreaterThan(records, 0)
        XCTAssertEqual(accepted, records, "the simulated fleet sends nothing to reject")
        // One window per region per open hour.
        let open = try XCTUnwrap(value(of: #"privacy_runtime_open_windows{policy="simulated-regions"}"#, in: metrics.text))
        XCTAssertTrue(open > 0 && open.truncatingRemainder(dividingBy: 4) == 0, "open windows \(open)")
        let missing = try await get(port, "/nothing-here")
        XCTAssertEqual(missing.status, 404)

        process.terminate()  // SIGTERM: a graceful stop
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        let stoppedAfter = try XCTUnwrap(stderr.firstMatch(of: /stopped after (\d+) records/)).1
        XCTAssertGreaterThanOrEqual(Double(stoppedAfter) ?? 0, records, stderr)
        let afterStop = try? await get(port, "/health")
        XCTAssertNil(afterStop, "the endpoint closes with the run")
    }

    private func get(_ port: Int, _ path: String) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The sample value on the line starting with `series ` in Prometheus' text format.
    private func value(of series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }
}
