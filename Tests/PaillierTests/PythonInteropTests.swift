import Foundation
import XCTest
@testable import Paillier

/// Interoperability with python-paillier (phe 1.5), run through python3: key files, ciphertext
/// JSON and the signed encoding must mean the same thing on both sides. Without python3 and phe
/// these tests skip locally and FAIL under CI=true (scripts/test.sh installs phe).
final class PythonInteropTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        try Self.requirePhe()
        directory = try TestKeys.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Skips (locally) or fails (CI=true) when `python3 -c "import phe"` does not work.
    private static func requirePhe() throws {
        let result = try? runPython(["-c", "import phe; assert phe.__version__ == '1.5.0', phe.__version__"])
        guard let result, result.status == 0 else {
            let reason = "python3 with phe==1.5.0 is required (pip install phe==1.5.0): \(result?.stderr ?? "python3 not found")"
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail(reason)
                throw reason.asError
            }
            throw XCTSkip(reason)
        }
    }

    private struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private static func runPython(_ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Runs python3 and returns stdout, failing the test with stderr when it exits non-zero.
    private func python(_ arguments: [String], stdin: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try Self.runPython(arguments, stdin: stdin)
        guard result.status == 0 else {
            XCTFail("python3 \(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr)", file: file, line: line)
            throw "python3 failed".asError
        }
        return result.stdout
    }

    func testPheDecryptsWhatWeEncryptedUnderOurKey() throws {
        let key = TestKeys.key2048
        let privateURL = directory.appendingPathComponent("ours.private.json")
        try key.write(to: privateURL)
        let values: [Int64] = [0, 1, -1, 123_456_789, -987_654_321, Int64.max, Int64.min]
        var ciphertexts = values.map { TestKeys.djn2048.encrypt($0) }
        ciphertexts += values.map { TestKeys.standard2048.encrypt($0) }
        var accumulator = CiphertextAccumulator(publicKey: key.publicKey)
        for ciphertext in ciphertexts { accumulator.add(ciphertext) }
        ciphertexts.append(accumulator.sealed())
        let ciphertextURL = directory.appendingPathComponent("ciphertexts.jsonl")
        try ciphertexts.map { $0.pheJSON() }.joined(separator: "\n").write(to: ciphertextURL, atomically: true, encoding: .utf8)

        let script = """
            import json, sys, phe
            from phe.util import base64_to_int
            priv = json.load(open(sys.argv[1]))
            assert priv["kty"] == "DAJ" and "decrypt" in priv["key_ops"]
            assert priv["pub"]["alg"] == "PAI-GN1" and priv["pub"]["key_ops"] == ["encrypt"]
            pub = phe.PaillierPublicKey(base64_to_int(priv["pub"]["n"]))
            key = phe.PaillierPrivateKey(pub, base64_to_int(priv["p"]), base64_to_int(priv["q"]))
            for line in open(sys.argv[2]):
                c = json.loads(line)
                print(key.decrypt(phe.EncryptedNumber(pub, int(c["v"]), exponent=c["e"])))
            """
        let output = try python(["-c", script, privateURL.path, ciphertextURL.path])
        let decrypted = output.split(separator: "\n").map(String.init)
        let total = (values + values).reduce(BigInteger(0)) { $0 + BigInteger($1) }
        XCTAssertEqual(decrypted, (values + values).map { "\($0)" } + ["\(total)"])

        // And pheutil's own decrypt command reads our key file and ciphertext file.
        let single = directory.appendingPathComponent("single.json")
        try TestKeys.djn2048.encrypt(-4242).pheJSON().write(to: single, atomically: true, encoding: .utf8)
        let cli = try python(["-m", "phe.command_line", "decrypt", privateURL.path, single.path])
        XCTAssertEqual(cli.trimmingCharacters(in: .whitespacesAndNewlines), "-4242")
    }

    func testWeDecryptWhatPheEncryptedUnderAPheutilKey() throws {
        let privateURL = directory.appendingPathComponent("phe.private.json")
        let publicURL = directory.appendingPathComponent("phe.public.json")
        _ = try python(["-m", "phe.command_line", "genpkey", "--keysize", "2048", privateURL.path])
        _ = try python(["-m", "phe.command_line", "extract", privateURL.path, publicURL.path])
        let publicKey = try PaillierPublicKey.load(contentsOf: publicURL)
        XCTAssertTrue(publicKey.label?.hasPrefix("Paillier public key generated by pheutil") ?? false, "\(publicKey.label as Any)")

        var generator = SystemRandomNumberGenerator()
        let values = (0..<20).map { _ in Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator) } + [0, -1]
        let script = """
            import json, sys, phe
            from phe.util import base64_to_int
            pub = phe.PaillierPublicKey(base64_to_int(json.load(open(sys.argv[1]))["n"]))
            for line in sys.stdin:
                c = pub.encrypt(int(line))
                print(json.dumps({"v": str(c.ciphertext()), "e": c.exponent}))
            """
        let output = try python(["-c", script, publicURL.path], stdin: values.map { "\($0)" }.joined(separator: "\n") + "\n")
        let ciphertexts = try output.split(separator: "\n").map { try PaillierCiphertext(pheJSON: String($0), publicKey: publicKey) }
        XCTAssertEqual(ciphertexts.count, values.count)

        // pheutil writes private keys with the process umask (0644 here): we refuse until chmod 600.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: privateURL.path)
        XCTAssertThrowsError(try PaillierPrivateKey.load(contentsOf: privateURL)) { error in
            XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateURL.path)
        let privateKey = try PaillierPrivateKey.load(contentsOf: privateURL)
        XCTAssertEqual(privateKey.publicKey.n, publicKey.n)
        XCTAssertEqual(try ciphertexts.map { try privateKey.decrypt($0) }, values.map { BigInteger($0) })

        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        for ciphertext in ciphertexts { accumulator.add(ciphertext) }
        XCTAssertEqual(try privateKey.decrypt(accumulator.sealed()), values.reduce(BigInteger(0)) { $0 + BigInteger($1) })
    }
}

extension String {
    /// This text as an `Error`, for aborting a test after an XCTFail that already explains why.
    fileprivate var asError: some Error { InteropFailure(message: self) }
}

/// A failure already reported through XCTFail.
private struct InteropFailure: Error {
    let message: String
}
