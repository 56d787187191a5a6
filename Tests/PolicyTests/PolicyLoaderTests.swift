import Foundation
import XCTest
@testable import Policy

final class PolicyLoaderTests: XCTestCase {
    func testValidPolicyLoadsWithDefaults() throws {
        let loaded = try loadPolicy(validPolicyLines.joined(separator: "\n"))
        XCTAssertEqual(loaded.name, "test-billing")
        XCTAssertEqual(loaded.scope, .household)
        XCTAssertEqual(loaded.window.seconds, 7200)
        XCTAssertEqual(loaded.lateness.seconds, 600)
        XCTAssertNil(loaded.timeZone)
        XCTAssertEqual(loaded.readings, .standard)
        XCTAssertEqual(loaded.purge.type, "zeroize")
        XCTAssertEqual(loaded.minMeters, 1)
        XCTAssertEqual(loaded.retention.aggregates?.seconds, 30 * 86400)
        XCTAssertEqual(loaded.retention.rejected.seconds, 7 * 86_400, "retention.rejected defaults to 7d")
        XCTAssertEqual(loaded.onShutdown, .discard)
        XCTAssertNil(loaded.rejectsPath)
        XCTAssertEqual(loaded.sinks.map(\.type), ["stdout"])
        XCTAssertEqual(loaded.source.options.map(\.key), ["path"])
        XCTAssertEqual(loaded.source.options.first?.keyLocation, SourceLocation(file: "test.yaml", line: 7, column: 3))
        XCTAssertEqual(loaded.source.typeLocation, SourceLocation(file: "test.yaml", line: 6, column: 9))
        XCTAssertEqual(loaded.fileURL.path, "/tmp/policies/test.yaml")
    }

    func testShippedBillingPolicyLoads() throws {
        let url = policiesDirectory.appendingPathComponent("billing.yaml")
        let billing = try PolicyLoader.load(contentsOf: url, environment: [:], catalog: TestCatalog())
        XCTAssertEqual(billing.name, "household-billing")
        XCTAssertEqual(billing.scope, .household)
        XCTAssertEqual(billing.window.seconds, 2 * 3600)
        XCTAssertEqual(billing.source.type, "csv")
        XCTAssertEqual(billing.encrypt.type, "paillier")
        XCTAssertEqual(billing.aggregate.type, "sum")
        XCTAssertEqual(billing.purge.type, "zeroize")
        XCTAssertEqual(billing.sinks.map(\.type), ["sqlite"])
        var sqlite = StageOptions(billing.sinks[0])
        XCTAssertEqual(sqlite.path("path"), repositoryRoot.appendingPathComponent("out/billing.sqlite").standardizedFileURL)
        var source = StageOptions(billing.source)
        XCTAssertEqual(source.path("path"), repositoryRoot.appendingPathComponent("examples/data/readings.csv").standardizedFileURL)
    }

    func testShippedRegionalPolicyLoads() throws {
        let url = policiesDirectory.appendingPathComponent("regional-statistics.yaml")
        let regional = try PolicyLoader.load(contentsOf: url, environment: [:], catalog: TestCatalog())
        XCTAssertEqual(regional.scope, .region)
        XCTAssertEqual(regional.window.seconds, 3600)
        XCTAssertEqual(regional.minMeters, 5)
        XCTAssertTrue(regional.aggregate.options.isEmpty, "min_meters is consumed by the policy layer")
        XCTAssertEqual(regional.sinks.map(\.type), ["sqlite"])
        XCTAssertEqual(regional.stages.map(\.kind), [.source, .encrypt, .aggregate, .purge, .sink])
    }
}
