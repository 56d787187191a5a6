import Foundation

/// Exact linear algebra for the differencing attack, done by Python's `fractions.Fraction` (no floating point, no
/// modular shortcut): for each system, which targets' indicator vectors lie in the row space of its rows.
enum RowSpaceOracle {
    /// One linear system over `variables` unknowns: the rows a key holder knows, and what it would like to know.
    struct System: Encodable {
        var variables: Int
        /// Each row: the variables it sums.
        var rows: [[Int]]
        /// Each target: a name and the variables it sums.
        var targets: [Target]
    }

    /// A sum the key holder must not learn.
    struct Target: Encodable {
        var name: String
        var variables: [Int]
    }

    /// Sparse Gauss-Jordan elimination over the rationals; prints every target in the row space.
    private static let script = """
        import json, sys
        from fractions import Fraction
        for system in json.load(sys.stdin):
            basis = {}  # pivot column -> row (dict column -> Fraction), fully reduced against the other pivots
            def reduce(v):
                for p in [c for c in v if c in basis]:
                    f = v.get(p, 0)
                    if f:
                        for c, x in basis[p].items():
                            y = v.get(c, 0) - f * x
                            if y: v[c] = y
                            else: v.pop(c, None)
                return v
            for row in system["rows"]:
                v = reduce({c: Fraction(1) for c in row})
                if not v: continue
                p = min(v)
                inv = 1 / v[p]
                v = {c: x * inv for c, x in v.items()}
                for q, r in basis.items():
                    f = r.get(p, 0)
                    if f:
                        for c, x in v.items():
                            y = r.get(c, 0) - f * x
                            if y: r[c] = y
                            else: r.pop(c, None)
                basis[p] = v
            for target in system["targets"]:
                if not reduce({c: Fraction(1) for c in target["variables"]}):
                    print(target["name"])
        """

    /// The names of the targets whose sums the rows determine, over all `systems`.
    static func determined(_ systems: [System]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let json = try JSONEncoder().encode(systems)
        let writer = Thread { input.fileHandleForWriting.write(json); try? input.fileHandleForWriting.close() }
        writer.start()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OracleError.failed(stderr) }
        return stdout.split(separator: "\n").map(String.init)
    }

    /// python3 failed.
    enum OracleError: Error {
        case failed(String)
    }
}
