import XCTest
@testable import Policy

/// Pins the exact message and file:line:column of each class of policy error.
final class PolicyErrorTests: XCTestCase {
    func testUnknownKeyIsReportedWithSuggestionAndMissingKeyToo() {
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "windw: 2h")), [
            "test.yaml:1:1: error: missing required key 'window' in policy",
            "test.yaml:3:1: error: unknown key 'windw' in policy (did you mean 'window'?)",
        ])
    }

    func testUnknownKeyWithoutCloseMatchHasNoSuggestion() {
        XCTAssertEqual(diagnostics(policy(appending: "colour: blue")), [
            "test.yaml:17:1: error: unknown key 'colour' in policy",
        ])
    }

    func testMisspeltMinMetersIsAnErrorNotIgnored() {
        XCTAssertEqual(diagnostics(policy(replacing: 12, with: "  type: sum\n  min_meter: 5")), [
            "test.yaml:13:3: error: unknown key 'min_meter' in aggregate 'sum'",
        ])
    }

    func testDuplicateKey() {
        XCTAssertEqual(diagnostics(policy(appending: "window: 1h")), [
            "test.yaml:17:1: error: duplicate key 'window' (first defined at line 3, column 1)",
        ])
    }

    func testBadDurations() {
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "window: 2 hours")), [
            "test.yaml:3:9: error: invalid duration '2 hours' for 'window' (expected an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "window: 7200")), [
            "test.yaml:3:9: error: invalid duration '7200' for 'window' (a duration needs a unit: an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 14, with: "  aggregates: 13M")), [
            "test.yaml:14:15: error: invalid duration '13M' for 'aggregates' (months and years vary in length; write days, e.g. 30d or 365d)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 4, with: "lateness: 1.5m")), [
            "test.yaml:4:11: error: invalid duration '1.5m' for 'lateness' (expected an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d)",
        ])
    }

    func testBadScopeValueSuggestsClosest() {
        XCTAssertEqual(diagnostics(policy(replacing: 2, with: "scope: regoin")), [
            "test.yaml:2:8: error: invalid value 'regoin' for 'scope' (expected household or region; did you mean 'region'?)",
        ])
    }

    func testWindowMustDivideADay() {
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "window: 7h")), [
            "test.yaml:3:9: error: window 7h does not divide a day evenly (e.g. 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "window: 2d")), [
            "test.yaml:3:9: error: window 2d does not divide a day evenly (e.g. 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)",
        ])
    }

    func testLatenessMustBeShorterThanWindow() {
        XCTAssertEqual(diagnostics(policy(replacing: 4, with: "lateness: 2h")), [
            "test.yaml:4:11: error: lateness 2h must be shorter than the window 2h",
        ])
    }

    func testRetentionMustCoverTheWindow() {
        XCTAssertEqual(diagnostics(policy(replacing: 14, with: "  aggregates: 1h")), [
            "test.yaml:14:15: error: retention.aggregates 1h must be at least the window 2h",
        ])
    }

    func testHouseholdWindowsAreAtLeastFifteenMinutes() {
        var lines = validPolicyLines
        lines[2] = "window: 10m"
        lines[3] = "lateness: 1m"
        XCTAssertEqual(diagnostics(lines.joined(separator: "\n")), [
            "test.yaml:3:9: error: household windows must be at least 15m, found 10m (finer totals reveal daily routines)",
        ])
    }

    func testRegionScopeNeedsAtLeastOneMeter() {
        var lines = validPolicyLines
        lines[1] = "scope: region"
        lines[11] = "  type: sum\n  min_meters: 0"
        XCTAssertEqual(diagnostics(lines.joined(separator: "\n")), [
            "test.yaml:13:15: error: region scope needs min_meters of at least 1, found 0",
        ])
    }

    func testMinMetersAboveOneIsRefusedForHouseholds() {
        XCTAssertEqual(diagnostics(policy(replacing: 12, with: "  type: sum\n  min_meters: 5")), [
            "test.yaml:13:15: error: min_meters applies to region scope only; a household window always has one meter",
        ])
    }

    func testUnknownTimeZoneSuggestsClosest() {
        XCTAssertEqual(diagnostics(policy(appending: "timezone: Europe/Berln")), [
            "test.yaml:17:11: error: unknown time zone 'Europe/Berln' (expected an IANA zone such as Europe/Berlin or UTC; did you mean 'Europe/Berlin'?)",
        ])
    }

    func testUnsetVariableIsNamed() {
        XCTAssertEqual(diagnostics(policy(replacing: 7, with: "  path: ${DATA_DIR}/data.csv")), [
            "test.yaml:7:9: error: environment variable 'DATA_DIR' is not set (or write ${DATA_DIR:-default})",
        ])
    }

    func testSubstitutedValueNeverAppearsInMessages() {
        let secret = "hunter2-\(UInt64.random(in: 1...UInt64.max))"
        let messages = diagnostics(policy(replacing: 3, with: "window: ${WINDOW}"), environment: ["WINDOW": secret])
        XCTAssertEqual(messages, [
            "test.yaml:3:9: error: invalid duration '${WINDOW}' for 'window' (expected an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d)",
        ])
        XCTAssertFalse(messages.joined().contains(secret))
    }

    func testUnknownStageTypeListsRegisteredTypes() {
        XCTAssertEqual(diagnostics(policy(replacing: 16, with: "  - type: sqlit")), [
            "test.yaml:16:11: error: unknown sink type 'sqlit' (did you mean 'sqlite'? registered: jsonl, sqlite, stdout)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 6, with: "  type: kafka")), [
            "test.yaml:6:9: error: unknown source type 'kafka' (registered: csv, jsonl)",
        ])
    }

    func testStageOptionErrorsComeFromTheCatalog() {
        XCTAssertEqual(diagnostics(policy(replacing: 7, with: "  pth: data.csv")), [
            "test.yaml:6:3: error: missing required key 'path' in source 'csv'",
            "test.yaml:7:3: error: unknown key 'pth' in source 'csv' (did you mean 'path'?)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 10, with: "  public_key: key.pub.json\n  obfuscation: dj")), [
            "test.yaml:11:16: error: invalid value 'dj' for 'obfuscation' (expected standard or djn; did you mean 'djn'?)",
        ])
    }

    func testStageSectionNeedsType() {
        XCTAssertEqual(diagnostics(policy(replacing: 16, with: "  - path: out.jsonl")), [
            "test.yaml:16:5: error: missing required key 'type' in sink 1",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 16, with: "  - stdout")), [
            "test.yaml:16:5: error: expected a mapping with 'type:' for sink 1, found 'stdout'",
        ])
    }

    func testEverySinkIsCheckedEvenWhenOneIsBroken() {
        XCTAssertEqual(diagnostics(policy(replacing: 16, with: "  - stdout\n  - type: jsonl")), [
            "test.yaml:16:5: error: expected a mapping with 'type:' for sink 1, found 'stdout'",
            "test.yaml:17:5: error: missing required key 'path' in sink 'jsonl'",
        ])
    }

    func testWrongNodeKinds() {
        XCTAssertEqual(diagnostics(policy(replacing: 16, with: "  stdout").replacingOccurrences(of: "sinks:\n", with: "sinks: \n")), [
            "test.yaml:16:3: error: expected a list for 'sinks', found 'stdout'",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 1, with: "policy: [a, b]")), [
            "test.yaml:1:9: error: expected a string for 'policy', found a sequence",
        ])
        XCTAssertEqual(diagnostics("- a\n- b\n"), [
            "test.yaml:1:1: error: a policy must be a mapping of keys such as 'policy:', 'scope:' and 'window:', found a sequence",
        ])
    }

    func testEveryErrorIsReportedInFileOrder() {
        var lines = validPolicyLines
        lines[1] = "scope: everyone"
        lines[2] = "window: 5h"
        lines[15] = "  - type: stdot"
        XCTAssertEqual(diagnostics(lines.joined(separator: "\n") + "\nwindw: 1h\n"), [
            "test.yaml:2:8: error: invalid value 'everyone' for 'scope' (expected household or region)",
            "test.yaml:3:9: error: window 5h does not divide a day evenly (e.g. 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)",
            "test.yaml:16:11: error: unknown sink type 'stdot' (did you mean 'stdout'? registered: jsonl, sqlite, stdout)",
            "test.yaml:17:1: error: unknown key 'windw' in policy (did you mean 'window'?)",
        ])
    }

    /// Each level holds ten aliases of the one before: a0 has 11 nodes, a1 111, a2 1111, a3 11111.
    /// Aliases in a1 and a2 produce 110 + 1110 nodes; the 8th alias of a3 (column 45) passes 10,000.
    func testAliasBombIsStopped() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        XCTAssertEqual(diagnostics(yaml), [
            "test.yaml:4:45: error: aliases expand to more than 10000 nodes; a policy never needs that many",
        ])
    }

    func testNonCoreTagIsRejected() {
        XCTAssertEqual(diagnostics(policy(appending: "description: !!python/object:os.system echo")), [
            "test.yaml:17:14: error: unsupported tag '!!python/object:os.system' (allowed here: !!bool, !!float, !!int, !!null, !!str)",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "description: !secret x")), [
            "test.yaml:17:14: error: unsupported tag '!secret' (allowed here: !!bool, !!float, !!int, !!null, !!str)",
        ])
    }

    func testYAMLSyntaxErrorHasItsMark() {
        XCTAssertEqual(diagnostics(policy(replacing: 3, with: "window: [2h")), [
            "test.yaml:4:9: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 9)",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 7, with: " path: data.csv")), [
            "test.yaml:7:2: error: invalid YAML: did not find expected key (while parsing a block mapping at line 1, column 1)",
        ])
    }

    func testTruncatedFileIsReportedAtItsEnd() {
        XCTAssertEqual(diagnostics("policy: x\nscope: household\nsour"), [
            "test.yaml:3:5: error: invalid YAML: could not find expected ':' (while scanning a simple key at line 3, column 1)",
        ])
    }

    func testEmptyFileAndSecondDocument() {
        XCTAssertEqual(diagnostics(""), ["test.yaml:1:1: error: the policy file is empty"])
        XCTAssertEqual(diagnostics("# only a comment\n"), ["test.yaml:1:1: error: the policy file is empty"])
        XCTAssertEqual(diagnostics(validPolicyLines.joined(separator: "\n") + "\n---\npolicy: other\n"), [
            "test.yaml:17:1: error: a policy file holds one YAML document; remove this second one",
        ])
    }

    func testRegionMinMetersBelowFiveNeedsAReasonAndDefaultsToFive() throws {
        var lines = validPolicyLines
        lines[1] = "scope: region"
        XCTAssertEqual(try loadPolicy(lines.joined(separator: "\n")).minMeters, 5)
        lines[11] = "  type: sum\n  min_meters: 3"
        XCTAssertEqual(diagnostics(lines.joined(separator: "\n")), [
            "test.yaml:13:15: error: min_meters 3 is below 5: a region window of so few meters can expose a household; raise it, or give the reason in 'allow_small_groups: \"...\"' beside it",
        ])
        lines[11] = "  type: sum\n  min_meters: 3\n  allow_small_groups: \"\""
        XCTAssertEqual(diagnostics(lines.joined(separator: "\n")), [
            "test.yaml:13:15: error: min_meters 3 is below 5: a region window of so few meters can expose a household; raise it, or give the reason in 'allow_small_groups: \"...\"' beside it",
            "test.yaml:14:23: error: 'allow_small_groups' is empty",
        ])
        lines[11] = "  type: sum\n  min_meters: 3\n  allow_small_groups: \"pilot with three households, all consenting\""
        let allowed = try loadPolicy(lines.joined(separator: "\n"))
        XCTAssertEqual(allowed.minMeters, 3)
        XCTAssertEqual(allowed.smallGroupsReason, "pilot with three households, all consenting")
        XCTAssertTrue(allowed.aggregate.options.isEmpty, "allow_small_groups is consumed by the policy layer")
    }

    func testAllowSmallGroupsIsRefusedForHouseholds() throws {
        XCTAssertEqual(try loadPolicy(validPolicyLines.joined(separator: "\n")).minMeters, 1)
        XCTAssertEqual(diagnostics(policy(replacing: 12, with: "  type: sum\n  allow_small_groups: \"x\"")), [
            "test.yaml:13:23: error: allow_small_groups applies to region scope only; a household window always has one meter",
        ])
    }
}
