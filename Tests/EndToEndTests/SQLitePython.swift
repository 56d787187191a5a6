import Foundation
import XCTest

/// Python's sqlite3 and `cryptography`, as a key holder would use them on a sink's database: copy it, change rows, and
/// verify each row's signature over the canonical bytes built from the README's description alone (not our code).
/// Without python3 (and `cryptography`, for `verify`) the tests that use it skip locally and FAIL under CI=true.
enum SQLitePython {
    /// `python3 -c SCRIPT MODE DATABASE ARGS…`.
    static let script = #"""
        import base64, json, sqlite3, sys
        mode, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
        if mode == "copy":
            target = sqlite3.connect(args[0])
            sqlite3.connect(path).backup(target)
            target.close()
        elif mode == "execute":
            db = sqlite3.connect(path)
            changed = db.execute(args[0], args[1:]).rowcount
            db.commit()
            print(changed)
        elif mode == "verify":
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
            b64u = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            public = Ed25519PublicKey.from_public_bytes(b64u(json.load(open(args[0]))["x"]))
            text = lambda s: len(s.encode()).to_bytes(8, "big") + s.encode()
            number = lambda n: n.to_bytes(8, "big", signed=True)
            rows = sqlite3.connect(path).execute(
                "SELECT policy, scope, scope_key, window_start, window_end, readings, meters, key_id, ciphertext,"
                " decimal_places, exponent, incomplete, signature FROM aggregates")
            for (policy, scope, key, start, end, readings, meters, key_id, ciphertext, places, exponent, incomplete,
                 signature) in rows:
                message = (text("privacy-runtime aggregate v1") + text(policy) + text(scope) + text(key) + number(start)
                           + number(end) + number(readings) + number(meters) + text(key_id) + text(ciphertext)
                           + number(places) + number(exponent) + bytes([1 if incomplete else 0]))
                try:
                    public.verify(b64u(signature), message)
                    print(key, start, "valid")
                except InvalidSignature:
                    print(key, start, "invalid")
        """#

    /// Runs the script; returns its output lines, or skips (locally) / fails (CI=true) without python3 or its modules.
    static func run(_ mode: String, database: String, _ arguments: [String] = [],
                    file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, mode, database] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            try unavailable("python3 not found: \(error)")
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if stderr.contains("ModuleNotFoundError") { try unavailable(stderr) }
        guard process.terminationStatus == 0 else {
            XCTFail("python3 \(mode) failed: \(stderr)", file: file, line: line)
            throw Failure()
        }
        return String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The script exited non-zero (already recorded as a test failure).
    struct Failure: Error {}

    private static func unavailable(_ reason: String) throws -> Never {
        let message = "python3 with sqlite3 and the cryptography package is required (pip install cryptography): \(reason)"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) }
        throw XCTSkip(message)
    }
}
