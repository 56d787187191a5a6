import XCTest
@testable import PrivacyRuntime

/// The graph rules of `ReleaseGraph` and the greedy `DisclosureControl`, against brute-force exact rank computations
/// (rational Gauss-Jordan elimination over the edge variables) on small random graphs.
final class ReleaseGraphTests: XCTestCase {
    /// A random block: cells, meters and orphans, which are released, which cells total 0 (every reading at min).
    private struct Block {
        var graph = ReleaseGraph()
        var edges: [(Int, Int)] = []
        var zero: Set<Int> = []
    }

    private func randomBlock(_ random: inout some RandomNumberGenerator, treatZeroAsPrimary: Bool = true) -> Block {
        var block = Block()
        let cells = Int.random(in: 1...4, using: &random), meters = Int.random(in: 1...6, using: &random)
        var cellVertices: [Int] = []
        for _ in 0..<cells {
            let meterCount = Int.random(in: 1...9, using: &random)
            let zero = Int.random(in: 0..<6, using: &random) == 0
            let primary = Int.random(in: 0..<4, using: &random) == 0 || (zero && treatZeroAsPrimary)
            let v = block.graph.add(.cell(meters: meterCount), released: !primary, protected: true)
            if zero { block.zero.insert(v) }
            cellVertices.append(v)
        }
        for _ in 0..<meters {
            let m = block.graph.add(.meter, released: Int.random(in: 0..<7, using: &random) != 0)
            for c in cellVertices where Bool.random(using: &random) { connect(&block, m, c) }
            if Int.random(in: 0..<8, using: &random) == 0 { connect(&block, m, block.graph.add(.orphan, released: false)) }
        }
        for c in cellVertices where Int.random(in: 0..<10, using: &random) == 0 {
            connect(&block, c, block.graph.add(.orphan, released: false, protected: true))
        }
        return block
    }

    private func connect(_ block: inout Block, _ a: Int, _ b: Int) {
        block.graph.connect(a, b)
        block.edges.append((a, b))
    }

    /// The vertices whose hidden values the releases determine, by brute force: rows are the released vertices' edge
    /// sets (and, for a released cell totalling 0, each of its edges, every reading being 0).
    private func bruteForceExposures(_ block: Block) -> Set<Int> {
        let graph = block.graph
        func incident(_ v: Int) -> [Int] { block.edges.indices.filter { block.edges[$0].0 == v || block.edges[$0].1 == v } }
        var rows: [[Int]] = [], meterRows: [[Int]] = []
        for v in 0..<graph.count where graph.released[v] {
            rows.append(incident(v))
            if graph.kinds[v] == .meter { meterRows.append(incident(v)) }
            if block.zero.contains(v) { rows += incident(v).map { [$0] } }
        }
        let all = RowSpace(rows: rows, variables: block.edges.count)
        let bills = RowSpace(rows: meterRows, variables: block.edges.count)
        var exposed: Set<Int> = []
        for v in 0..<graph.count {
            let edges = incident(v)
            switch graph.kinds[v] {
            case .cell, .orphan:
                if graph.protected[v], !edges.isEmpty, all.contains(edges), !bills.contains(edges) { exposed.insert(v) }
                if graph.released[v], block.zero.contains(v), edges.count > 1 { exposed.insert(v) }
            case .meter:
                for mask in 1..<(1 << edges.count) where graph.released[v] ? mask != (1 << edges.count) - 1 : true {
                    let part = edges.indices.filter { mask & (1 << $0) != 0 }.map { edges[$0] }
                    if all.contains(part) { exposed.insert(v) }
                }
            }
        }
        return exposed
    }

    func testRulesAAndBFindExactlyTheExposuresThatRankFinds() {
        var random = SplitMix64(seed: 14)
        for trial in 0..<400 {
            let block = randomBlock(&random)
            let rules = Set(block.graph.exposures().map(\.vertex))
            XCTAssertEqual(rules, bruteForceExposures(block), "trial \(trial)")
        }
    }

    func testSecondarySuppressionLeavesNothingDeterminedAndWithholdsOnlyReleasedCells() {
        var random = SplitMix64(seed: 2026)
        var withheldSome = 0
        for trial in 0..<400 {
            var block = randomBlock(&random)
            let chosen = DisclosureControl.secondarySuppressions(in: block.graph)
            for (cell, _) in chosen {
                guard case .cell = block.graph.kinds[cell] else { return XCTFail("trial \(trial): withheld a non-cell") }
                XCTAssertTrue(block.graph.released[cell], "trial \(trial)")
                block.graph.withhold(cell)
            }
            withheldSome += chosen.isEmpty ? 0 : 1
            XCTAssertEqual(bruteForceExposures(block), [], "trial \(trial)")
        }
        XCTAssertGreaterThan(withheldSome, 40, "the random blocks must need secondary suppression often")
    }

    func testAZeroTotalCellReleasedRevealsReadingsAndAsPrimaryItIsProtected() {
        var random = SplitMix64(seed: 7)
        var revealed = 0
        for _ in 0..<300 {
            // A released all-zero cell: rank finds its readings; the graph rules alone cannot see values, hence (c).
            let released = randomBlock(&random, treatZeroAsPrimary: false)
            if released.zero.contains(where: { released.graph.released[$0] && released.graph.neighbours[$0].count > 1 }) {
                XCTAssertFalse(bruteForceExposures(released).isEmpty)
                revealed += 1
            }
        }
        XCTAssertGreaterThan(revealed, 10)
    }

    func testTheDifferencingExampleOfTheIssue() {
        // Region hour 1 has one meter (primary); hour 2 is released; the meter's 2h total is released.
        var graph = ReleaseGraph()
        let hour1 = graph.add(.cell(meters: 1), released: false, protected: true)
        let hour2 = graph.add(.cell(meters: 6), released: true, protected: true)
        let lone = graph.add(.meter, released: true)
        graph.connect(lone, hour1)
        graph.connect(lone, hour2)
        for _ in 0..<5 { graph.connect(graph.add(.meter, released: true), hour2) }
        XCTAssertEqual(graph.exposures(), [.hiddenSum(hour1), .meterPart(lone)])
        let chosen = DisclosureControl.secondarySuppressions(in: graph)
        XCTAssertEqual(chosen.map(\.cell), [hour2])
    }
}

/// The row space of 0/1 rows over `variables` unknowns, in exact rational arithmetic (reduced row echelon form).
private struct RowSpace {
    private var basis: [Int: [Fraction]] = [:]
    private let variables: Int

    init(rows: [[Int]], variables: Int) {
        self.variables = variables
        for row in rows {
            var v = reduce(vector(row))
            guard let pivot = v.firstIndex(where: { !$0.isZero }) else { continue }
            let scale = v[pivot]
            v = v.map { $0 / scale }
            for (key, var other) in basis where !other[pivot].isZero {
                let f = other[pivot]
                for i in 0..<variables { other[i] = other[i] - f * v[i] }
                basis[key] = other
            }
            basis[pivot] = v
        }
    }

    private func vector(_ row: [Int]) -> [Fraction] {
        var v = Array(repeating: Fraction(0), count: variables)
        for i in row { v[i] = v[i] + Fraction(1) }
        return v
    }

    private func reduce(_ v: [Fraction]) -> [Fraction] {
        var v = v
        for (pivot, row) in basis where !v[pivot].isZero {
            let f = v[pivot]
            for i in 0..<variables { v[i] = v[i] - f * row[i] }
        }
        return v
    }

    /// Whether the sum of `variables` is determined by the rows.
    func contains(_ variables: [Int]) -> Bool {
        reduce(vector(variables)).allSatisfy(\.isZero)
    }
}

/// An exact rational number over Int (small graphs keep numerators small).
private struct Fraction {
    let numerator: Int, denominator: Int

    init(_ n: Int, _ d: Int = 1) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let g = max(gcd(n, d), 1) * (d < 0 ? -1 : 1)
        numerator = n / g
        denominator = d / g
    }

    var isZero: Bool { numerator == 0 }
    static func + (a: Self, b: Self) -> Self { Self(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator) }
    static func - (a: Self, b: Self) -> Self { Self(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator) }
    static func * (a: Self, b: Self) -> Self { Self(a.numerator * b.numerator, a.denominator * b.denominator) }
    static func / (a: Self, b: Self) -> Self { Self(a.numerator * b.denominator, a.denominator * b.numerator) }
}
