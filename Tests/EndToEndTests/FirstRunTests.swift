import Foundation
import XCTest

/// The README's first command, as a new user sees it: a short report on the terminal, no ciphertexts, and a
/// decrypt command that works on what the run wrote.
final class FirstRunTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testBillingRunPrintsAShortReportWithWhereAggregatesWentAndHowToDecrypt() throws {
        let billing = try workspace.policy("billing.yaml")
        let run = try CLIProcess.run(["--policy", billing.path])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertEqual(run.stdout, "", "the shipped billing policy prints no aggregates")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        XCTAssertLessThan(lines.count, 40, run.stderr)
        XCTAssertNil(run.stderr.firstMatch(of: /[0-9]{100}/), "no ciphertext-sized number on the terminal")

        let readings = try ExpectedAggregates.readings(csv: Workspace.shipped("examples/data/readings.csv"))
        let windows = ExpectedAggregates.windows(readings, windowSeconds: 7200) { $0.meterID }.count
        let database = workspace.folder.appendingPathComponent("billing.sqlite").path
        XCTAssertTrue(lines.contains("household-billing: \(readings.count) accepted, 0 rejected; \(windows) windows released, 0 suppressed"),
                      run.stderr)
        XCTAssertTrue(lines.contains("  aggregates -> sqlite \(database)"), run.stderr)

        // The printed decrypt command, run with the key holder's copy of the key, decrypts every window.
        let command = try XCTUnwrap(lines.last { $0.contains(" decrypt --key ") }, run.stderr)
        XCTAssertTrue(command.contains("--key examples/keys/demo-utility.key.json"), command)
        let arguments = command.split(separator: " ").map(String.init)
        let input = try XCTUnwrap(arguments.firstIndex(of: "--input").map { arguments[$0 + 1] })
        XCTAssertEqual(input, "sqlite:\(database)")
        let decrypt = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", input])
        XCTAssertEqual(decrypt.exitCode, 0, decrypt.stderr)
        XCTAssertEqual(try DecryptedOutput.rows(decrypt.stdout).count, windows)
    }
}
