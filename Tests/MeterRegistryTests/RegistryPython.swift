import Foundation
import XCTest

/// An independent implementation of the registry's signed forms in Python (`cryptography`'s Ed25519): it makes
/// registries and reading signatures the Swift code must accept, and checks the ones the Swift code makes.
/// Without python3 and `cryptography` the tests that use it skip locally and FAIL under CI=true.
enum RegistryPython {
    /// `python3 -c SCRIPT MODE ARGS...`; see each mode.
    static let script = #"""
        import base64, json, sys
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        def b64u(data):
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        def unb64u(text):
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

        def raw(public):
            return public.public_bytes(Encoding.Raw, PublicFormat.Raw)

        def signed_bytes(doc):
            text = "privacy-runtime meter registry v1\nissued:" + doc["issued"] + "\n"
            for m in doc["meters"]:
                text += m["meter_id"] + "\t" + m["region"] + "\t" + (m.get("public_key") or "") + "\n"
            return text.encode()

        def reading(meter, epoch, value):
            return ("privacy-runtime reading v1\n%s\n%d\n%s" % (meter, epoch, value)).encode()

        mode = sys.argv[1]
        if mode == "make":
            # make OUT_REGISTRY: an authority, meters M1 (north) and M2 (south) with keys; prints JSON with the
            # authority key, the meters' seeds and signatures of (M1, 1793577600, "12.5") by M1 and by M2.
            authority = Ed25519PrivateKey.generate()
            seeds = {"M1": Ed25519PrivateKey.generate(), "M2": Ed25519PrivateKey.generate()}
            doc = {"format": "privacy-runtime meter registry v1", "issued": "2026-11-30T01:00:00Z",
                   "authority_key": b64u(raw(authority.public_key())),
                   "meters": [{"meter_id": "M1", "region": "north", "public_key": b64u(raw(seeds["M1"].public_key()))},
                              {"meter_id": "M2", "region": "south", "public_key": b64u(raw(seeds["M2"].public_key()))},
                              {"meter_id": "M3", "region": "north", "public_key": ""}]}
            doc["signature"] = b64u(authority.sign(signed_bytes(doc)))
            json.dump(doc, open(sys.argv[2], "w"), indent=1)
            message = reading("M1", 1793577600, "12.5")
            print(json.dumps({"authority": doc["authority_key"],
                              "by_m1": b64u(seeds["M1"].sign(message)),
                              "by_m2": b64u(seeds["M2"].sign(message))}))
        elif mode == "verify-registry":
            # verify-registry FILE: "valid" or "invalid" under the file's own authority_key.
            doc = json.load(open(sys.argv[2]))
            try:
                Ed25519PublicKey.from_public_bytes(unb64u(doc["authority_key"])).verify(unb64u(doc["signature"]), signed_bytes(doc))
                print("valid")
            except InvalidSignature:
                print("invalid")
        elif mode == "verify-reading":
            # verify-reading PUBLIC_KEY SIGNATURE METER EPOCH VALUE
            public = Ed25519PublicKey.from_public_bytes(unb64u(sys.argv[2]))
            try:
                public.verify(unb64u(sys.argv[3]), reading(sys.argv[4], int(sys.argv[5]), sys.argv[6]))
                print("valid")
            except InvalidSignature:
                print("invalid")
        """#

    /// Runs the script with `arguments`; returns its standard output without the final newline.
    static func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try requireCryptography()
        let result = try python(["-c", script] + arguments)
        guard result.status == 0 else {
            XCTFail("python3 \(arguments.first ?? "") failed: \(result.stderr)", file: file, line: line)
            throw Failure()
        }
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    /// The script exited non-zero (already recorded as a test failure).
    struct Failure: Error {}

    /// Skips (locally) or fails (CI=true) when `python3 -c "import cryptography"` does not work.
    private static func requireCryptography() throws {
        let result = try? python(["-c", "import cryptography.hazmat.primitives.asymmetric.ed25519"])
        guard let result, result.status == 0 else {
            let reason = "python3 with the cryptography package is required (pip install cryptography): \(result?.stderr ?? "python3 not found")"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
    }

    private static func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
