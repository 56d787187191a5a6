import Foundation
import XCTest

/// An independent implementation of the runtime key's derivations in Python: HKDF-SHA256 (RFC 5869)
/// and HMAC-SHA-256 from the standard library, Ed25519 and AES-GCM from the `cryptography` package.
/// Without python3 and `cryptography` the tests that use it skip locally and FAIL under CI=true.
enum RuntimeKeyPython {
    /// `python3 SCRIPT MODE KEYFILE`; input lines are `x` and hex (so an empty item is a line too), output lines hex.
    static let script = #"""
        import base64, hashlib, hmac, json, sys
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        def b64u(text):
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

        def hkdf(ikm, info, length=32):
            prk = hmac.new(b"", ikm, hashlib.sha256).digest()
            block, out, counter = b"", b"", 1
            while len(out) < length:
                block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
                out += block
                counter += 1
            return out[:length]

        mode, path = sys.argv[1], sys.argv[2]
        doc = json.load(open(path))
        lines = [bytes.fromhex(line[1:]) for line in sys.stdin.read().split()]
        if mode == "mac":
            key = hkdf(b64u(doc["secret"]), b"privacy-runtime rejects hmac v1")
            for line in lines:
                print(hmac.new(key, line, hashlib.sha256).hexdigest())
        elif mode == "open":
            key = hkdf(b64u(doc["secret"]), b"privacy-runtime state seal v1")
            sealed, associated = lines
            print(AESGCM(key).decrypt(sealed[:12], sealed[12:], associated).hex())
        elif mode == "signing-public":
            seed = hkdf(b64u(doc["secret"]), b"privacy-runtime aggregate signing v1")
            public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
            print(public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex())
        elif mode == "verify":
            assert doc["kty"] == "OKP" and doc["crv"] == "Ed25519", doc
            public = Ed25519PublicKey.from_public_bytes(b64u(doc["x"]))
            signature, message = lines
            try:
                public.verify(signature, message)
                print("valid")
            except InvalidSignature:
                print("invalid")
        elif mode == "aggregate":
            # The canonical bytes of a jsonl aggregate line, built from the README's description alone.
            from datetime import datetime
            public = Ed25519PublicKey.from_public_bytes(b64u(doc["x"]))
            text = lambda s: len(s.encode()).to_bytes(8, "big") + s.encode()
            number = lambda n: n.to_bytes(8, "big", signed=True)
            epoch = lambda t: int(datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp())
            for line in lines:
                row = json.loads(line)
                message = (text("privacy-runtime aggregate v1") + text(row["policy"]) + text(row["scope"])
                           + text(row["scope_key"]) + number(epoch(row["window_start"])) + number(epoch(row["window_end"]))
                           + number(row["readings"]) + number(row["meters"]) + text(row["key_id"])
                           + text(row["ciphertext"]["v"]) + number(row["decimal_places"]) + number(row["ciphertext"]["e"])
                           + bytes([1 if row.get("incomplete", False) else 0]))
                try:
                    public.verify(b64u(row["signature"]), message)
                    print("valid")
                except InvalidSignature:
                    print("invalid")
        """#

    /// Runs the script in `mode` on the key file at `path` with `input` (hex lines); returns its output lines.
    static func run(_ mode: String, keyFile path: String, input: [Data],
                    file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        try requireCryptography()
        let result = try python(["-c", script, mode, path], stdin: input.map { "x" + hex($0) }.joined(separator: "\n"))
        guard result.status == 0 else {
            XCTFail("python3 \(mode) failed: \(result.stderr)", file: file, line: line)
            throw Failure()
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The script exited non-zero (already recorded as a test failure).
    struct Failure: Error {}

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: Data) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Skips (locally) or fails (CI=true) when `python3 -c "import cryptography"` does not work.
    private static func requireCryptography() throws {
        let result = try? python(["-c", "import cryptography.hazmat.primitives.asymmetric.ed25519"], stdin: "")
        guard let result, result.status == 0 else {
            let reason = "python3 with the cryptography package is required (pip install cryptography): \(result?.stderr ?? "python3 not found")"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
    }

    private static func python(_ arguments: [String], stdin: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try ChildProcess.run(["python3"] + arguments, stdin: stdin)
    }
}
