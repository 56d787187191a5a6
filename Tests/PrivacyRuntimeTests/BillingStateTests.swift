import Foundation
import Glibc
import Paillier
import Policy
import XCTest
@testable import PrivacyRuntime

/// A household's open billing period: registers and bill decrypt to the sums the test computes from its readings, and
/// the state it keeps (a bit per interval for duplicates, a ciphertext per register) is small for a month.
final class BillingStateTests: XCTestCase {
    private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/keys")

    private func policy(release: String = "both") throws -> Policy {
        try PolicyLoader.load(yaml: """
            policy: bills
            scope: household
            billing_period: 1 month
            timezone: Europe/Berlin
            readings: {interval: 15m}
            tariff:
              currency: EUR
              release: \(release)
              versions:
                - effective: 2026-01-01
                  standing_charge: 0.45
                  bands:
                    - {name: peak, price: 0.3985, days: [weekday], from: "17:00", to: "20:00"}
                    - {name: night, price: -0.0125, from: "22:00", to: "06:00"}
                    - {name: standard, price: 0.3185}
            source: {type: csv, path: data.csv}
            encrypt: {type: paillier, public_key: key.pub.json}
            aggregate: {type: sum}
            sinks: [{type: stdout}]
            """, fileName: "p.yaml", baseDirectory: FileManager.default.temporaryDirectory, environment: [:])
    }

    func testTimestampSetKeepsGridOffsetsAsBitsAndFindsDuplicates() {
        var set = TimestampSet(interval: 900)
        var reference = Set<Int32>()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let offset = Int32.random(in: 0..<3000, using: &generator) * (Bool.random() ? 900 : 7)
            XCTAssertEqual(set.insert(offset), reference.insert(offset).inserted)
        }
        XCTAssertEqual(set.count, reference.count)
        XCTAssertEqual(Set(set.offsets), reference)
    }

    /// Readings of March 2026 (Berlin) at every 15 minutes with values the test draws: the registers decrypt to the
    /// per-band sums and the bill to Σ register · price + 31 standing charges, in 10^-12 EUR, computed here in integers.
    func testRegistersAndBillDecryptToTheSumsOfTheirReadings() throws {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("bill-\(UUID().uuidString).key.json")
        try FileManager.default.copyItem(at: examples.appendingPathComponent("demo-utility.key.json"), to: keyFile)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        XCTAssertEqual(chmod(keyFile.path, 0o600), 0)
        let privateKey = try PaillierPrivateKey.load(contentsOf: keyFile)
        let schedule = try XCTUnwrap(BillingSchedule(policy: try policy()))
        let period = BillingPeriod.month.period(containing: 1_773_000_000, clock: schedule.clock)
        let accumulator = BillingAccumulator(publicKey: privateKey.publicKey, schedule: schedule)
        accumulator.add(try privateKey.publicKey.rerandomize(PaillierCiphertext(decimal: "1", publicKey: privateKey.publicKey)))
        var sums: [String: Int64] = [:], amount: Int64 = 0
        let prices = ["peak": Int64(398_500), "night": -12_500, "standard": 318_500]
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = berlin
        for instant in stride(from: period.start, to: period.end, by: 900) {
            let units = Int64.random(in: 0...400_000)
            let date = Date(timeIntervalSince1970: TimeInterval(instant))
            let minute = calendar.component(.hour, from: date) * 60 + calendar.component(.minute, from: date)
            let weekday = !calendar.isDateInWeekend(date)
            let band = weekday && (1020..<1200).contains(minute) ? "peak" : (minute >= 1320 || minute < 360 ? "night" : "standard")
            sums[band, default: 0] += units
            amount += units * prices[band]!
            accumulator.add(plaintext: units, at: instant)
        }
        amount += 31 * 450_000_000_000
        let parts = try accumulator.parts(start: period.start, end: period.end)
        XCTAssertEqual(parts.map(\.kind), [.register("peak"), .register("night"), .register("standard"), .bill("EUR")])
        for (kind, ciphertext) in parts {
            let value = try privateKey.decrypt(ciphertext)
            switch kind {
            case .register(let band): XCTAssertEqual(value, BigInteger(sums[band]!), band)
            case .bill: XCTAssertEqual(value, BigInteger(amount))
            case .total: XCTFail("a billing period releases no total")
            }
        }
        XCTAssertEqual(sums.values.reduce(0, +), sums["peak"]! + sums["night"]! + sums["standard"]!)
    }

    /// Bytes held per open household month of 15-minute readings: the duplicate bitmap, and the heap growth of whole
    /// periods (window, bitmap, three seeded registers) measured as resident memory growth over 400 households, against
    /// the `Set<Int32>` the window used to keep. The figures go to BENCHMARKS.md.
    func testAnOpenHouseholdMonthKeepsLittleState() throws {
        let publicKey = try PaillierPublicKey.load(contentsOf: examples.appendingPathComponent("demo-utility.pub.json"))
        let schedule = try XCTUnwrap(BillingSchedule(policy: try policy(release: "bill")))
        let period = BillingPeriod.month.period(containing: 1_773_000_000, clock: schedule.clock)
        let offsets = stride(from: Int64(0), to: period.end - period.start, by: 900).map { Int32($0) }
        XCTAssertEqual(offsets.count, 2972, "March 2026 in Berlin: 31 days less the hour DST skips")

        let before = Self.residentBytes()
        var windows: [OpenWindow<any WindowAccumulator>] = []
        for household in 0..<400 {
            let window = OpenWindow<any WindowAccumulator>(scopeKey: "M\(household)", start: period.start, end: period.end,
                                                           payload: BillingAccumulator(publicKey: publicKey, schedule: schedule),
                                                           gridInterval: 900)
            window.payload.add(try publicKey.rerandomize(PaillierCiphertext(decimal: "1", publicKey: publicKey)))
            for offset in offsets {
                XCTAssertTrue(window.record(meterID: "M\(household)", timestamp: period.start + Int64(offset)))
                window.payload.add(plaintext: 1000, at: period.start + Int64(offset))
            }
            windows.append(window)
        }
        let perPeriod = (Self.residentBytes() - before) / windows.count
        let bitmap = windows[0].duplicateCheckBytes

        // The set's storage from its capacity (resident memory would depend on what the allocator reuses).
        let perSet = Set(offsets).capacity * MemoryLayout<Int32>.stride
        print("open household month (2972 intervals): duplicate bitmap \(bitmap) B; whole period \(perPeriod) B; Set<Int32> of its timestamps \(perSet) B")
        XCTAssertLessThanOrEqual(bitmap, 512)
        XCTAssertGreaterThan(perSet, 8 * bitmap)
        XCTAssertLessThan(perPeriod, 8192)
    }

    /// The process's resident memory (/proc/self/statm), in bytes.
    private static func residentBytes() -> Int {
        let fields = ((try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "").split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
