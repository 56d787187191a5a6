import Foundation
import Paillier
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// A meter that encrypts with python-paillier (phe 1.5.0): `EncryptedNumber` with exponent 0, serialised with
/// `ciphertext(be_secure=False)`, and the idle-time precomputation of r^n mod n² the README shows. The runtime must
/// accept both and the aggregates must decrypt to the sums of the values phe encrypted. Skips without phe locally,
/// fails under CI=true.
final class PheMeterCiphertextTests: XCTestCase {
    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    /// Encrypts `values` with phe under the test key, the even-indexed with `public_key.encrypt`, the others from an
    /// obfuscator r^n mod n² computed beforehand, as a meter would while idle.
    private func pheCiphertexts(_ values: [Int64]) throws -> [String] {
        let script = """
            import sys, phe
            from phe.util import powmod
            assert phe.__version__ == "1.5.0", phe.__version__
            pk = phe.PaillierPublicKey(int(sys.argv[1]))
            values = [int(v) for v in sys.argv[2:]]
            pool = [powmod(pk.get_random_lt_n(), pk.n, pk.nsquare) for _ in values]   # while idle
            for i, m in enumerate(values):
                if i % 2 == 0:
                    x = pk.encrypt(m)
                else:
                    x = phe.EncryptedNumber(pk, (1 + m * pk.n) * pool.pop() % pk.nsquare, 0)
                assert x.exponent == 0
                print(x.ciphertext(be_secure=False))
            """
        let result = try ChildProcess.run(["python3", "-c", script, "\(TestKeys.publicKey.n)"] + values.map(String.init), stdin: "")
        guard result.status == 0 else {
            let reason = "python3 with phe==1.5.0 is required (pip install phe==1.5.0): \(result.stderr)"
            if ProcessInfo.processInfo.environment["CI"] == "true" || !result.stderr.contains("phe") { XCTFail(reason) }
            throw XCTSkip(reason)
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    func testCiphertextsMadeByPheAreAcceptedAndDecryptToTheirSums() async throws {
        let meters = ["m1", "m2", "m3"]
        var readings: [(meter: String, time: Int64, milliWh: Int64)] = []
        for step in 0..<8 {
            for (index, meter) in meters.enumerated() {
                readings.append((meter, start + Int64(step) * 900, Int64(1_000 * step + 77 * index + (step == 3 ? 0 : 5))))
            }
        }
        let ciphertexts = try pheCiphertexts(readings.map(\.milliWh))
        XCTAssertEqual(ciphertexts.count, readings.count)
        let decoder = JSONLRecordDecoder(names: .canonical)
        let items = zip(readings, ciphertexts).enumerated().map { index, pair in
            let (reading, ciphertext) = pair
            let value = MeterCiphertext(decimal: ciphertext, keyID: TestKeys.publicKey.keyID).json
            let line = #"{"meter_id":"\#(reading.meter)","region":"north","timestamp":"\#(RFC3339.format(reading.time))","energy_wh":\#(value)}"#
            return decoder.decode(line, position: SourcePosition(source: "phe.jsonl", line: index + 1))
        }
        let run = try await PolicyHarness().run(policy: """
            policy: phe-meters
            scope: region
            window: 1h
            readings: { encoding: encrypted }
            source: { type: memory }
            encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}", mode: per_window }
            aggregate: { type: sum, min_meters: 1, allow_small_groups: "test fleet" }
            sinks: [ { type: capture } ]
            """, source: InMemorySource(items: items))
        var expected: [WindowKey: Int64] = [:]
        for reading in readings { expected[WindowKey("north", reading.time / 3600 * 3600), default: 0] += reading.milliWh }
        XCTAssertEqual(try run.decryptedTotals(), expected)
        XCTAssertEqual(run.policySummary.accepted, readings.count)
        XCTAssertEqual(run.policySummary.rejectedTotal, 0)
    }
}
