import Foundation
import XCTest
@testable import Policy

/// Time-of-use tariffs: local calendars (DST, months), bands, versions, the exposure limits and the
/// `tariff:` decoder, against dates and counts worked out by hand.
final class TariffTests: XCTestCase {
    private let berlin = LocalClock(timeZone: TimeZone(identifier: "Europe/Berlin"))

    private func instant(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970)
    }

    func testDatesConvertBothWays() throws {
        XCTAssertEqual(LocalDate("1970-01-01")?.daysSinceEpoch, 0)
        XCTAssertEqual(LocalDate("2024-02-29")?.description, "2024-02-29")
        XCTAssertNil(LocalDate("2026-02-29"))
        XCTAssertNil(LocalDate("2026-2-01"))
        XCTAssertEqual(LocalDate("2026-11-30")?.isoWeekday, 1, "a Monday")
        XCTAssertEqual(LocalDate("2026-11-29")?.isoWeekday, 7, "a Sunday")
        XCTAssertEqual(LocalDate("2026-01-31")?.firstOfMonth(addingMonths: 1).description, "2026-02-01")
        XCTAssertEqual(LocalDate("2026-12-15")?.firstOfMonth(addingMonths: 1).description, "2027-01-01")
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = LocalDate(daysSinceEpoch: days)
            let (year, month, day) = date.components
            XCTAssertEqual(LocalDate(year: year, month: month, day: day), date)
        }
    }

    /// 2026-03-29 is 23 hours long in Berlin and 2026-10-25 25 hours; a month period runs from local midnight.
    func testBerlinDaysAndMonthsFollowDaylightSaving() {
        XCTAssertEqual(berlin.midnight(of: LocalDate("2026-03-30")!) - berlin.midnight(of: LocalDate("2026-03-29")!), 23 * 3600)
        XCTAssertEqual(berlin.midnight(of: LocalDate("2026-10-26")!) - berlin.midnight(of: LocalDate("2026-10-25")!), 25 * 3600)
        let october = BillingPeriod.month.period(containing: instant("2026-10-15T12:00:00Z"), clock: berlin)
        XCTAssertEqual(october.start, instant("2026-09-30T22:00:00Z"))
        XCTAssertEqual(october.end, instant("2026-10-31T23:00:00Z"))
        let week = BillingPeriod.week.period(containing: instant("2026-12-03T12:00:00Z"), clock: berlin)
        XCTAssertEqual(week.start, instant("2026-11-29T23:00:00Z"), "Monday 2026-11-30, local midnight")
        XCTAssertEqual(BillingPeriod(text: "1 month"), .month)
        XCTAssertEqual(BillingPeriod(text: "1w"), .week)
        XCTAssertNil(BillingPeriod(text: "2d"))
    }

    private var tariff: Tariff {
        let peak = TariffBand(name: "peak", price: ExactDecimal("0.3985")!, days: [.weekday], minutes: .init(from: 17 * 60, to: 20 * 60))
        let night = TariffBand(name: "night", price: ExactDecimal("0.2200")!, minutes: .init(from: 22 * 60, to: 6 * 60))
        let standard = TariffBand(name: "standard", price: ExactDecimal("0.3185")!)
        let winterPeak = TariffBand(name: "peak", price: ExactDecimal("0.4200")!, days: [.weekday], minutes: .init(from: 17 * 60, to: 20 * 60))
        return Tariff(currency: "EUR", versions: [
            TariffVersion(effective: LocalDate("2026-12-15")!, standingCharge: ExactDecimal("0.50")!, bands: [winterPeak, night, standard]),
            TariffVersion(effective: LocalDate("2026-01-01")!, standingCharge: ExactDecimal("0.45")!, bands: [peak, night, standard]),
        ], holidays: [LocalDate("2026-12-25")!])
    }

    func testBandsByDayTypeTimeAndVersion() {
        func band(_ text: String) -> String? {
            tariff.band(atIntervalStart: instant(text), clock: berlin).map { "\($0.name) \($0.price)" }
        }
        XCTAssertEqual(band("2026-12-01T16:00:00Z"), "peak 0.3985", "Tuesday 17:00 Berlin")
        XCTAssertEqual(band("2026-12-01T15:45:00Z"), "standard 0.3185", "Tuesday 16:45")
        XCTAssertEqual(band("2026-12-01T19:00:00Z"), "standard 0.3185", "20:00 is after the peak")
        XCTAssertEqual(band("2026-12-05T16:00:00Z"), "standard 0.3185", "Saturday")
        XCTAssertEqual(band("2026-12-01T23:30:00Z"), "night 0.22", "00:30 Wednesday wraps past midnight")
        XCTAssertEqual(band("2026-12-16T16:00:00Z"), "peak 0.42", "the version effective 2026-12-15")
        XCTAssertEqual(band("2026-12-25T16:00:00Z"), "standard 0.3185", "Christmas Day is a holiday, not a weekday")
        XCTAssertNil(band("2025-12-31T12:00:00Z"), "before the first version")
        XCTAssertEqual(tariff.bandNames, ["peak", "night", "standard"])
    }

    /// A December 2026 month in Berlin at 15 minutes: 31 days · 96 = 2976 intervals. Peak: weekdays 17-20 (12
    /// intervals), 22 weekdays (23 minus Christmas), 14 before the change at 0.3985 (Dec 1-14: 10 weekdays) …
    func testExposureCountsEveryIntervalOfThePeriod() {
        let month = BillingPeriod.month.period(containing: instant("2026-12-10T12:00:00Z"), clock: berlin)
        let exposure = TariffExposure(tariff: tariff, start: month.start, end: month.end, interval: 900, clock: berlin)
        XCTAssertEqual(exposure.intervals, 2976)
        // Weekdays in December 2026 not a holiday: Dec 1-4, 7-11, 14-18, 21-24, 28-31 = 4+5+5+4+4 = 22.
        XCTAssertEqual(exposure.intervalsPerBand["peak"], 22 * 12)
        XCTAssertEqual(exposure.intervalsPerBand["night"], 31 * 32)
        // Before Dec 15: 10 weekdays at 0.3985; from Dec 15: 12 at 0.42.
        XCTAssertEqual(exposure.intervalsPerPrice[ExactDecimal("0.3985")!], 10 * 12)
        XCTAssertEqual(exposure.intervalsPerPrice[ExactDecimal("0.42")!], 12 * 12)
        XCTAssertEqual(exposure.intervalsPerPrice.values.reduce(0, +), 2976)
        // The change on the 15th halves each peak price's share below 5%: a version change counts too.
        XCTAssertEqual(exposure.violations(of: tariff), [
            "price 0.3985 covers 120 of 2976 intervals, less than min_share 0.05",
            "price 0.42 covers 144 of 2976 intervals, less than min_share 0.05",
        ])
        // November has one version and 21 weekdays: peak 252 of 2880 intervals, 8.75%.
        let november = BillingPeriod.month.period(containing: instant("2026-11-10T12:00:00Z"), clock: berlin)
        let kept = TariffExposure(tariff: tariff, start: november.start, end: november.end, interval: 900, clock: berlin)
        XCTAssertEqual(kept.intervalsPerBand["peak"], 21 * 12)
        XCTAssertEqual(kept.violations(of: tariff), [])
    }

    /// The price-isolation attack: 0.3001 for one quarter hour a day singles out that interval modulo 3000 units.
    func testATariffIsolatingOneIntervalBreaksTheLimits() {
        let isolating = Tariff(currency: "EUR", versions: [TariffVersion(
            effective: LocalDate("2026-01-01")!, standingCharge: ExactDecimal("0")!, bands: [
                TariffBand(name: "probe", price: ExactDecimal("0.3001")!, minutes: .init(from: 7 * 60, to: 7 * 60 + 15)),
                TariffBand(name: "flat", price: ExactDecimal("0.3000")!),
            ])])
        let day = BillingPeriod.day.period(containing: instant("2026-12-10T12:00:00Z"), clock: berlin)
        let exposure = TariffExposure(tariff: isolating, start: day.start, end: day.end, interval: 900, clock: berlin)
        XCTAssertEqual(exposure.violations(of: isolating), [
            "price 0.3001 covers 1 of 96 intervals, less than min_share 0.05",
            "band 'probe' covers 1 of 96 intervals, less than min_share 0.05",
        ])
        let manyPrices = Tariff(currency: "EUR", versions: [TariffVersion(
            effective: LocalDate("2026-01-01")!, standingCharge: ExactDecimal("0")!,
            bands: (0..<5).map { TariffBand(name: "b\($0)", price: ExactDecimal("0.3\($0)")!, minutes: .init(from: $0 * 240, to: $0 * 240 + 240)) }
                + [TariffBand(name: "rest", price: ExactDecimal("0.3")!)])])
        XCTAssertEqual(TariffExposure(tariff: manyPrices, start: day.start, end: day.end, interval: 900, clock: berlin)
            .violations(of: manyPrices).first, "5 distinct prices in one period, more than max_distinct_prices 4")
    }

    private func decode(_ yaml: String) -> (Tariff?, [String]) {
        var reader = YAMLReader(file: "t.yaml")
        let root = reader.read(yaml).root!
        var decoder = TariffDecoder()
        let tariff = decoder.decode(root.mapping!.first { $0.key == "tariff" }!.value)
        return (tariff, decoder.diagnostics.map(\.description))
    }

    func testDecoderReadsATariffSection() throws {
        let (tariff, problems) = decode("""
            tariff:
              currency: EUR
              release: both
              holidays: [2026-12-25]
              versions:
                - effective: 2026-01-01
                  standing_charge: 0.45
                  bands:
                    - {name: peak, price: 0.3985, days: [weekday], from: "17:00", to: "20:00"}
                    - {name: credit, price: -0.05, months: [6, 7], from: "12:00", to: "14:00"}
                    - {name: standard, price: 0.3185}
            """)
        XCTAssertEqual(problems, [])
        let decoded = try XCTUnwrap(tariff)
        XCTAssertEqual(decoded.release, .both)
        XCTAssertEqual(decoded.versions.first?.bands.map(\.price.description), ["0.3985", "-0.05", "0.3185"])
        XCTAssertEqual(decoded.versions.first?.bands[1].months, [6, 7])
        XCTAssertEqual(decoded.versions.first?.standingCharge, ExactDecimal("0.45"))
        XCTAssertEqual(decoded.holidays, [LocalDate("2026-12-25")!])
    }

    func testDecoderRefusesTwoPricesForOneBand() {
        let (tariff, problems) = decode("""
            tariff:
              currency: EUR
              versions:
                - effective: 2026-01-01
                  bands:
                    - {name: peak, price: 0.39, days: [weekday]}
                    - {name: peak, price: 0.2}
            """)
        XCTAssertNil(tariff)
        XCTAssertEqual(problems, ["t.yaml:7:11: error: band 'peak' has two prices (0.39 and 0.2); one register has one price"])
    }

    func testDecoderLocatesEveryProblem() {
        let (tariff, problems) = decode("""
            tariff:
              currency: euro
              versions:
                - effective: 2026-13-01
                  bands:
                    - {name: peak, price: 0.39851234, from: "17:00", to: "25:00"}
                    - {name: peak, price: 0.2, days: [weekday]}
                    - {name: late, price: 0.2, from: "18:00"}
            """)
        XCTAssertNil(tariff)
        XCTAssertEqual(problems, [
            "t.yaml:6:31: error: invalid price '0.39851234' (expected a decimal amount per kWh with at most 6 decimal places, e.g. 0.3185 or -0.05)",
            "t.yaml:6:62: error: invalid time '25:00' for 'to' (expected local time HH:MM, 00:00 to 24:00)",
            "t.yaml:8:11: error: a band needs both 'from' and 'to', or neither",
            "t.yaml:4:18: error: invalid date '2026-13-01' for 'effective' (expected YYYY-MM-DD)",
            "t.yaml:2:13: error: invalid currency 'euro' (expected an ISO 4217 code such as EUR)",
        ])
    }
}
