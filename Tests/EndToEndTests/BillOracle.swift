import Foundation
import XCTest

/// Bills computed independently of the runtime, by Python's `decimal` and `zoneinfo` from the readings CSV and a JSON
/// description of the tariff, compared with `decrypt --format json`: exact amount, amount rounded half to even to the
/// cent, consumption per band, and the registers' sum against the period's consumption.
enum BillOracle {
    /// `python3 -c SCRIPT SPEC.json READINGS.csv DECRYPTED.jsonl`: prints "ok N" or one line per difference.
    static let script = #"""
        import csv, json, sys
        from datetime import date, datetime, timedelta, timezone
        from decimal import Decimal, ROUND_HALF_EVEN
        from zoneinfo import ZoneInfo
        spec = json.load(open(sys.argv[1]))
        zone, interval = ZoneInfo(spec["tz"]), spec["interval"]
        holidays = {date.fromisoformat(d) for d in spec.get("holidays", [])}
        versions = sorted(spec.get("versions", []), key=lambda v: v["effective"])
        prices = {}
        if "price_file" in spec:
            for row in list(csv.reader(open(spec["price_file"])))[1:]:
                prices[datetime.fromisoformat(row[0].replace("Z", "+00:00"))] = Decimal(row[1])
        def version(day):
            return [v for v in versions if date.fromisoformat(v["effective"]) <= day][-1]
        def band(start):
            local = start.astimezone(zone)
            day = local.date()
            kind = "holiday" if day in holidays else ("weekend" if day.weekday() >= 5 else "weekday")
            minute = local.hour * 60 + local.minute
            for b in version(day)["bands"]:
                if b.get("days") and kind not in b["days"]: continue
                if b.get("months") and local.month not in b["months"]: continue
                if "from" in b:
                    f, t = b["from"], b["to"]
                    if not (f <= minute < t if f < t else (minute >= f or minute < t)): continue
                return b["name"], Decimal(b["price"])
        def period(day):
            if spec["period"] == "1d": return day, day + timedelta(days=1)
            first = day.replace(day=1)
            return first, (first + timedelta(days=32)).replace(day=1)
        def midnight(day):
            return int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())
        bills = {}
        for row in csv.DictReader(open(sys.argv[2])):
            stamp = datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00"))
            start = stamp - timedelta(seconds=interval) if spec["stamp"] == "interval_end" else stamp
            first, nxt = period(start.astimezone(zone).date())
            bill = bills.setdefault((row["meter_id"], midnight(first)), {"first": first, "next": nxt, "amount": Decimal(0),
                                                                          "registers": {}, "consumption": Decimal(0)})
            wh = Decimal(row["energy_wh"])
            if prices:
                name, price = "bill", prices[start.replace(minute=0, second=0)]
            else:
                name, price = band(start)
            bill["registers"][name] = bill["registers"].get(name, Decimal(0)) + wh
            bill["consumption"] += wh
            bill["amount"] += wh / 1000 * price
        for bill in bills.values():
            day = bill["first"]
            while day < bill["next"]:
                bill["amount"] += Decimal(spec["standing_charge"]) if prices else Decimal(version(day)["standing_charge"])
                day += timedelta(days=1)
        problems, seen = [], 0
        for line in open(sys.argv[3]):
            got = json.loads(line)
            start = int(datetime.fromisoformat(got["period_start"].replace("Z", "+00:00")).timestamp())
            want = bills.get((got["household"], start))
            if want is None:
                problems.append(f"unexpected bill {got['household']} {got['period_start']}"); continue
            seen += 1
            label = f"{got['household']} {got['period_start']}"
            if spec["release"] != "registers":
                if Decimal(got["amount_exact"]) != want["amount"]:
                    problems.append(f"{label}: amount_exact {got['amount_exact']} != {want['amount']}")
                if got["amount"] != str(want["amount"].quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)):
                    problems.append(f"{label}: amount {got['amount']} != {want['amount'].quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN)}")
            if spec["release"] != "bill":
                bands = {b["name"] for v in versions for b in v["bands"]}
                for name in bands:
                    if Decimal(got["consumption_wh"].get(name, "NaN")) != want["registers"].get(name, Decimal(0)):
                        problems.append(f"{label}: register {name} {got['consumption_wh'].get(name)} != {want['registers'].get(name, 0)}")
                if sum(Decimal(v) for v in got["consumption_wh"].values()) != want["consumption"]:
                    problems.append(f"{label}: registers sum to {sum(Decimal(v) for v in got['consumption_wh'].values())}, consumption {want['consumption']}")
        if seen != len(bills): problems.append(f"{seen} bills decrypted, {len(bills)} expected")
        print("\n".join(problems) if problems else f"ok {seen}")
        """#

    /// Runs the oracle; returns its output lines.
    static func compare(spec: URL, readings: URL, decrypted: URL) throws -> [String] {
        try python(["-c", script, spec.path, readings.path, decrypted.path])
    }

    /// `python3 ARGS`, stdout as lines; fails the test on a non-zero exit.
    static func python(_ arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError(message: "python3 failed: \(stderr)") }
        return String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A failed helper process.
    struct CLIError: Error {
        let message: String
    }
}
