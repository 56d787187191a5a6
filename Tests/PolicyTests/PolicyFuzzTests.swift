import Foundation
import XCTest
@testable import Policy

/// Feeds deterministic mutations of the shipped policies to the loader: each must load or fail with
/// diagnostics located inside the text, and none may crash.
final class PolicyFuzzTests: XCTestCase {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private struct Outcome {
        var loaded = 0
        var rejected = 0
    }

    /// Checks one mutant and returns whether it loaded.
    private func check(_ text: String, _ label: String, _ outcome: inout Outcome) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        do {
            _ = try PolicyLoader.load(yaml: text, fileName: "fuzz.yaml", baseDirectory: policiesDirectory,
                                      environment: ["HOME": "/home/x"], catalog: TestCatalog())
            outcome.loaded += 1
        } catch {
            outcome.rejected += 1
            XCTAssertFalse(error.diagnostics.isEmpty, label)
            XCTAssertTrue(error.diagnostics.contains { $0.severity == .error }, label)
            for diagnostic in error.diagnostics {
                let at = diagnostic.location
                let lineIsInside = at.file == "fuzz.yaml" && at.line >= 1 && at.line <= lines.count
                XCTAssertTrue(lineIsInside, "\(label): \(diagnostic)")
                if lineIsInside {
                    XCTAssertTrue(at.column >= 1 && at.column <= lines[at.line - 1].count + 1, "\(label): \(diagnostic)")
                }
                XCTAssertFalse(diagnostic.message.isEmpty || diagnostic.message.contains("\n"), "\(label): \(diagnostic)")
            }
        }
    }

    private func shippedPolicies() throws -> [String] {
        try ["billing.yaml", "regional-statistics.yaml"].map {
            try String(contentsOf: policiesDirectory.appendingPathComponent($0), encoding: .utf8)
        }
    }

    func testMutatedPoliciesLoadOrFailWithLocatedErrors() throws {
        var generator = Generator(state: 20_261_126)
        var outcome = Outcome()
        var count = 0
        func mutant(_ text: String, _ label: String) {
            count += 1
            check(text, label, &outcome)
        }
        for (index, original) in try shippedPolicies().enumerated() {
            let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let keyLines = lines.indices.filter { lines[$0].contains(":") && !lines[$0].hasPrefix("#") }
            mutant(original, "policy \(index) unchanged")
            for i in lines.indices {
                var dropped = lines
                dropped.remove(at: i)
                mutant(dropped.joined(separator: "\n"), "policy \(index) without line \(i + 1)")
            }
            for i in keyLines {
                var misspelt = lines
                let line = Array(lines[i])
                let colon = line.firstIndex(of: ":")!
                let keyStart = line.firstIndex { $0 != " " && $0 != "-" } ?? 0
                if colon - keyStart >= 2 {
                    let j = Int.random(in: keyStart..<(colon - 1), using: &generator)
                    var swapped = line
                    swapped.swapAt(j, j + 1)
                    misspelt[i] = String(swapped)
                    mutant(misspelt.joined(separator: "\n"), "policy \(index) line \(i + 1) key misspelt")
                }
                let replacements = ["[a, b]", "{x: 1}", "~", "\"\"", "12", "-1", "true", "1.5", "0s", "99999999999999999999d",
                                    "${UNSET}", "${HOME}", "&a x", "*a", "!!binary aGk=", "'quoted'", "|\n  block"]
                let value = replacements[Int.random(in: 0..<replacements.count, using: &generator)]
                var changed = lines
                changed[i] = String(line[...colon]) + " " + value
                mutant(changed.joined(separator: "\n"), "policy \(index) line \(i + 1) value -> \(value)")
            }
            for _ in 0..<60 {
                let a = keyLines[Int.random(in: 0..<keyLines.count, using: &generator)]
                let b = keyLines[Int.random(in: 0..<keyLines.count, using: &generator)]
                var swapped = lines
                let valueA = lines[a].split(separator: ":", maxSplits: 1).last ?? ""
                let valueB = lines[b].split(separator: ":", maxSplits: 1).last ?? ""
                swapped[a] = (lines[a].split(separator: ":", maxSplits: 1).first ?? "") + ":" + valueB
                swapped[b] = (lines[b].split(separator: ":", maxSplits: 1).first ?? "") + ":" + valueA
                mutant(swapped.joined(separator: "\n"), "policy \(index) values of lines \(a + 1) and \(b + 1) swapped")
            }
            let characters = Array(original)
            for end in stride(from: 0, to: characters.count, by: 9) {
                mutant(String(characters[..<end]), "policy \(index) truncated at \(end)")
            }
            let noise = [":", "-", " ", "\t", "{", "}", "[", "'", "\"", "&a ", "*a ", "!!", "? ", "\u{0}", "\u{FEFF}", "é", "\n", "#", "%", "@"]
            for _ in 0..<80 {
                var text = characters
                let position = Int.random(in: 0...text.count, using: &generator)
                text.insert(contentsOf: noise[Int.random(in: 0..<noise.count, using: &generator)], at: position)
                mutant(String(text), "policy \(index) noise at \(position)")
            }
            for depth in [10, 63, 64, 65, 500, 5000] {
                let flow = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                mutant(original + "description: \(flow)\n", "policy \(index) flow nesting \(depth)")
                let block = (0..<min(depth, 300)).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n")
                mutant(original.replacingOccurrences(of: "purge:\n", with: "purge:\n  nested:\n" + block.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + " x\n"),
                       "policy \(index) block nesting \(depth)")
            }
        }
        XCTAssertGreaterThan(count, 500)
        XCTAssertGreaterThan(outcome.loaded, 10, "some mutations (e.g. dropped comments) must still load")
        XCTAssertGreaterThan(outcome.rejected, 300)
    }
}
