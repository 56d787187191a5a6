import Foundation
import XCTest
@testable import Policy

/// A catalog with a few registered types, whose `validate` reads options the way a factory would.
struct TestCatalog: StageCatalog {
    func registeredTypes(_ kind: StageKind) -> [String] {
        switch kind {
        case .source: return ["csv", "jsonl"]
        case .encrypt: return ["paillier"]
        case .aggregate: return ["sum"]
        case .purge: return ["zeroize"]
        case .sink: return ["stdout", "jsonl", "sqlite"]
        }
    }

    func validate(_ config: StageConfig) -> [Diagnostic] {
        var options = StageOptions(config)
        switch (config.kind, config.type) {
        case (.source, _), (.sink, "jsonl"), (.sink, "sqlite"):
            _ = options.requiredPath("path")
        case (.encrypt, _):
            _ = options.requiredPath("public_key")
            _ = options.choice("obfuscation", default: TestObfuscation.standard)
        default:
            break
        }
        return options.finish()
    }

    /// The `sqlite` sink stores each window once, as the real one says.
    func outline(_ config: StageConfig) -> StageOutline {
        var outline = StageOutline()
        outline.insertsOnce = config.kind == .sink && config.type == "sqlite"
        return outline
    }
}

/// Stands in for the Paillier module's enum in option tests.
enum TestObfuscation: String, CaseIterable {
    case standard, djn
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped policies directory.
let policiesDirectory = repositoryRoot.appendingPathComponent("policies")

/// A valid household policy, one key per line, so tests can replace or add lines at known positions.
let validPolicyLines = [
    "policy: test-billing",          // 1
    "scope: household",              // 2
    "window: 2h",                    // 3
    "lateness: 10m",                 // 4
    "source:",                       // 5
    "  type: csv",                   // 6
    "  path: data.csv",              // 7
    "encrypt:",                      // 8
    "  type: paillier",              // 9
    "  public_key: key.pub.json",    // 10
    "aggregate:",                    // 11
    "  type: sum",                   // 12
    "retention:",                    // 13
    "  aggregates: 30d",             // 14
    "sinks:",                        // 15
    "  - type: stdout",              // 16
]

/// The valid policy with 1-based `line` replaced by `text` (or removed when nil).
func policy(replacing line: Int, with text: String?) -> String {
    var lines = validPolicyLines
    if let text { lines[line - 1] = text } else { lines.remove(at: line - 1) }
    return lines.joined(separator: "\n") + "\n"
}

/// The valid policy with `extra` lines appended.
func policy(appending extra: String...) -> String {
    (validPolicyLines + extra).joined(separator: "\n") + "\n"
}

/// Loads `yaml` as `test.yaml` in /tmp/policies.
func loadPolicy(_ yaml: String, environment: [String: String] = [:], catalog: (any StageCatalog)? = TestCatalog()) throws(PolicyError) -> Policy {
    try PolicyLoader.load(yaml: yaml, fileName: "test.yaml", baseDirectory: URL(fileURLWithPath: "/tmp/policies"),
                          environment: environment, catalog: catalog)
}

/// The diagnostics loading `yaml` produces, as printed lines; fails the test when it loads.
func diagnostics(_ yaml: String, environment: [String: String] = [:], catalog: (any StageCatalog)? = TestCatalog(),
                 file: StaticString = #filePath, line: UInt = #line) -> [String] {
    do {
        _ = try loadPolicy(yaml, environment: environment, catalog: catalog)
        XCTFail("expected the policy to be rejected", file: file, line: line)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}
