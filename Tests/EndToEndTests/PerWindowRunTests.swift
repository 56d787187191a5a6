import Foundation
import XCTest

/// The shipped policies switched to `encrypt: mode: per_window`, run by the built CLI on the example data: the
/// aggregates must decrypt, with our `decrypt` and with python-paillier (phe 1.5.0), to sums computed here.
final class PerWindowRunTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testPerWindowAggregatesMatchSumsOfTheExampleDataInOurDecryptAndInPhe() throws {
        let toPerWindow = ("  obfuscation: djn", "  obfuscation: djn\n  mode: per_window")
        let billing = try workspace.policy("billing.yaml", edits: [
            toPerWindow, ("type: sqlite", "type: jsonl"), ("billing.sqlite", "billing.jsonl"),
        ])
        let regional = try workspace.policy("regional-statistics.yaml", edits: [
            toPerWindow, ("type: sqlite", "type: jsonl"), ("regional.sqlite", "regional.jsonl"),
        ])
        let check = try CLIProcess.run(["check", billing.path])
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("Encryption: per_window (a window starts from a fresh encryption of 0"), check.stdout)
        let run = try CLIProcess.run(["--policy", billing.path, "--policy", regional.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let readings = try ExpectedAggregates.readings(csv: Workspace.shipped("examples/data/readings.csv"))
        let expected = [
            "billing.jsonl": ExpectedAggregates.windows(readings, windowSeconds: 7200) { $0.meterID },
            "regional.jsonl": ExpectedAggregates.windows(readings, windowSeconds: 3600) { $0.region },
        ]
        let policies = ["billing.jsonl": "household-billing", "regional.jsonl": "regional-statistics"]
        for (file, windows) in expected {
            let path = workspace.folder.appendingPathComponent(file).path
            let key = try workspace.demoPrivateKey()
            let ours = try CLIProcess.run(["decrypt", "--key", key.path, "--input", "jsonl:" + path, "--format", "csv"])
            XCTAssertEqual(ours.exitCode, 0, ours.stderr)
            XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(ours.stdout), policy: policies[file]!), windows, file)
            XCTAssertEqual(try pheSums(path, key: key), windows.mapValues(\.milliWh), file)
        }
    }

    /// Decrypts every aggregate of a JSON Lines sink file with python-paillier; skips when phe 1.5.0 is missing
    /// (fails under CI=true).
    private func pheSums(_ path: String, key: URL) throws -> [WindowKey: Int64] {
        let script = """
            import json, sys, phe
            from phe.util import base64_to_int
            assert phe.__version__ == "1.5.0", phe.__version__
            priv = json.load(open(sys.argv[1]))
            pub = phe.PaillierPublicKey(base64_to_int(priv["pub"]["n"]))
            key = phe.PaillierPrivateKey(pub, base64_to_int(priv["p"]), base64_to_int(priv["q"]))
            for line in open(sys.argv[2]):
                a = json.loads(line)
                c = a["ciphertext"]
                print(a["scope_key"], a["window_start"], key.decrypt(phe.EncryptedNumber(pub, int(c["v"]), exponent=c["e"])))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, key.path, path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = "python3 with phe==1.5.0 is required (pip install phe==1.5.0): \(stderr)"
            if ProcessInfo.processInfo.environment["CI"] == "true" || !stderr.contains("phe") { XCTFail(reason) }
            throw XCTSkip(reason)
        }
        let formatter = ISO8601DateFormatter()
        var sums: [WindowKey: Int64] = [:]
        for line in stdout.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            let start = try XCTUnwrap(formatter.date(from: fields[1]), String(line))
            sums[WindowKey(scopeKey: fields[0], windowStart: Int64(start.timeIntervalSince1970))] = try XCTUnwrap(Int64(fields[2]))
        }
        return sums
    }
}
