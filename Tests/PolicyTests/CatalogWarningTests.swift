import XCTest
@testable import Policy

/// A catalog's warnings do not stop a policy; they are kept with it and shown in the summary.
final class CatalogWarningTests: XCTestCase {
    private struct WarningCatalog: StageCatalog {
        func registeredTypes(_ kind: StageKind) -> [String] { TestCatalog().registeredTypes(kind) }
        func validate(_ config: StageConfig) -> [Diagnostic] {
            config.kind == .sink ? [.warning("stdout is for trying things out", at: config.typeLocation)] : []
        }
    }

    func testWarningsAreKeptWithThePolicy() throws {
        let loaded = try loadPolicy(validPolicyLines.joined(separator: "\n"), catalog: WarningCatalog())
        XCTAssertEqual(loaded.warnings.map(\.description), ["test.yaml:16:11: warning: stdout is for trying things out"])
        let summary = DisclosureSummary(policy: loaded, facts: .init(keyID: "k", isDemoKey: false))
        XCTAssertEqual(summary.warnings.last, "test.yaml:16:11: warning: stdout is for trying things out")
    }

    func testWarningsAccompanyErrors() {
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "window: 5h"), catalog: WarningCatalog()), [
            "test.yaml:3:9: error: window 5h does not divide a day evenly (e.g. 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)",
            "test.yaml:16:11: warning: stdout is for trying things out",
        ])
    }
}
