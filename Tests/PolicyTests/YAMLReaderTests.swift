import XCTest
@testable import Policy

final class YAMLReaderTests: XCTestCase {
    private func read(_ text: String, limits: YAMLReader.Limits = .init()) -> YAMLReader.Result {
        var reader = YAMLReader(file: "t.yaml")
        reader.limits = limits
        return reader.read(text)
    }

    func testEveryNodeAndKeyIsLocated() throws {
        let result = read("a: 1\nb:\n  - x\n  - {c: 'd'}\n")
        XCTAssertEqual(result.diagnostics, [])
        let root = try XCTUnwrap(result.root?.mapping)
        XCTAssertEqual(root.map(\.key), ["a", "b"])
        XCTAssertEqual(root[0].keyLocation, SourceLocation(file: "t.yaml", line: 1, column: 1))
        XCTAssertEqual(root[0].value.location, SourceLocation(file: "t.yaml", line: 1, column: 4))
        let items = try XCTUnwrap(root[1].value.sequence)
        XCTAssertEqual(items[0].location, SourceLocation(file: "t.yaml", line: 3, column: 5))
        let inner = try XCTUnwrap(items[1].mapping)
        XCTAssertEqual(inner[0].keyLocation, SourceLocation(file: "t.yaml", line: 4, column: 6))
        XCTAssertEqual(inner[0].value.scalar, YAMLScalar(value: "d", isPlain: false))
        XCTAssertEqual(root[0].value.scalar, YAMLScalar(value: "1", isPlain: true))
    }

    func testColumnsCountCharactersNotBytes() throws {
        let root = try XCTUnwrap(read("ä: 1\nb: x\n").root?.mapping)
        XCTAssertEqual(root[0].value.location.column, 4)
    }

    func testAliasesExpandToTheAnchoredNode() throws {
        let root = try XCTUnwrap(read("base: &b {x: 1, y: [2, 3]}\ncopy: *b\n").root?.mapping)
        let copy = try XCTUnwrap(root[1].value.mapping)
        XCTAssertEqual(copy.map(\.key), ["x", "y"])
        XCTAssertEqual(root[1].value.location, SourceLocation(file: "t.yaml", line: 2, column: 7))
        XCTAssertEqual(copy[1].value.sequence?.compactMap(\.scalar?.value), ["2", "3"])
    }

    func testAliasExpansionIsBounded() {
        let limits = YAMLReader.Limits(maxAliasNodes: 5, maxDepth: 64)
        XCTAssertNotNil(read("a: &a [1, 2]\nb: *a\n", limits: limits).root)
        let result = read("a: &a [1, 2]\nb: *a\nc: *a\n", limits: limits)
        XCTAssertNil(result.root)
        XCTAssertEqual(result.diagnostics.map(\.description), [
            "t.yaml:3:4: error: aliases expand to more than 5 nodes; a policy never needs that many",
        ])
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let result = read("a: \(deep)\n")
        XCTAssertNil(result.root)
        XCTAssertEqual(result.diagnostics.map(\.description), ["t.yaml:1:67: error: nesting is deeper than 64 levels"])
        let limits = YAMLReader.Limits(maxAliasNodes: 100, maxDepth: 4)
        XCTAssertEqual(read("a: &a [[1]]\nb: [[*a]]\n", limits: limits).diagnostics.map(\.description), [
            "t.yaml:2:6: error: alias '*a' nests deeper than 4 levels",
        ])
    }

    func testUnknownAliasAndSelfReference() {
        XCTAssertEqual(read("a: *nope\n").diagnostics.map(\.description), [
            "t.yaml:1:4: error: unknown alias '*nope' (no anchor '&nope' before it)",
        ])
        XCTAssertEqual(read("a: &s [*s]\n").diagnostics.map(\.description), [
            "t.yaml:1:8: error: unknown alias '*s' (no anchor '&s' before it)",
        ])
    }

    func testDuplicateAndComplexKeys() {
        XCTAssertEqual(read("a: 1\nb: {c: 1, c: 2}\n").diagnostics.map(\.description), [
            "t.yaml:2:11: error: duplicate key 'c' (first defined at line 2, column 5)",
        ])
        XCTAssertEqual(read("? [a]\n: 1\n").diagnostics.map(\.description), [
            "t.yaml:1:3: error: a mapping key must be a plain string, not a sequence",
        ])
    }

    func testCoreTagsAreAcceptedAndTypedCorrectly() throws {
        let result = read("a: !!str 5\nb: !!int 5\nc: ! 5\nd: !!map {}\ne: !!seq [1]\n")
        XCTAssertEqual(result.diagnostics, [])
        let values = try XCTUnwrap(result.root?.mapping).compactMap(\.value.scalar)
        XCTAssertEqual(values.map(\.isPlain), [false, true, false])
        XCTAssertEqual(read("a: !!seq {b: 1}\n").diagnostics.map(\.description), [
            "t.yaml:1:4: error: unsupported tag '!!seq' (allowed here: !!map)",
        ])
    }

    func testReaderErrorForInvalidCharacterIsLocated() {
        XCTAssertEqual(read("a: 1\nb: x\u{07}\n").diagnostics.map(\.description), [
            "t.yaml:2:5: error: invalid YAML: control characters are not allowed",
        ])
    }
}
