import Foundation
import XCTest

/// `privacy-runtime --version`: the release, a commit of this repository, and the GMP and libyaml versions
/// that pkg-config reports for the libraries installed here.
final class VersionTests: XCTestCase {
    private func output(_ executable: String, _ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = CLIProcess.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testVersionNamesTheCommitAndTheLinkedLibraries() throws {
        let run = try CLIProcess.run(["--version"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, run.stdout)
        let first = try XCTUnwrap(lines.first)
        let match = try XCTUnwrap(first.firstMatch(of: /^privacy-runtime [0-9]+\.[0-9]+\.[0-9]+ \(commit (unknown|([0-9a-f]{12})(-dirty)?)\)$/), first)
        if let hash = match.2 {
            if let kind = try output("git", ["cat-file", "-t", String(hash)]) {
                XCTAssertEqual(kind, "commit", "\(hash) is not a commit of this repository")
            }
        } else {
            XCTAssertNil(try output("git", ["rev-parse", "HEAD"]), "built from a git checkout, but the commit is unknown")
        }
        let gmp = try XCTUnwrap(try output("pkg-config", ["--modversion", "gmp"]))
        let yaml = try XCTUnwrap(try output("pkg-config", ["--modversion", "yaml-0.1"]))
        XCTAssertEqual(lines.last, "GMP \(gmp), libyaml \(yaml)")
    }
}
