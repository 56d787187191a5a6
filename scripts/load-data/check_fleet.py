#!/usr/bin/env python3
"""Checks a 15-minute fleet CSV written by make_fleet.py against the source data, independently.

For every meter and local day it checks: the row count is 4 per local hour (92 on a 23-hour day,
100 on a 25-hour day); every value equals, to 0.1 Wh, the same local clock slot of one real day of
one source household; that day has the target day's type (workday or weekend/holiday); a meter
keeps one household throughout; rows are in timestamp order; the CSV's total equals the total in
the provenance note. Prints a summary and exits non-zero on the first failure.

Usage: python3 check_fleet.py FLEET.csv [--tz Europe/Berlin] [--source PATH]
"""
import argparse
import collections
import csv
import json
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import make_fleet


def fail(message):
    """Prints one readable line and exits non-zero."""
    print(f"check_fleet: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def source_days(path):
    """Maps (tenths of Wh of slots 0-7) to [(household, day index, 96 tenths)]; reads the CSV with csv."""
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    index = collections.defaultdict(list)
    for h in range(make_fleet.SOURCE_HOUSEHOLDS):
        for n in range(make_fleet.SOURCE_DAYS):
            tenths = tuple(round(float(rows[n * 96 + s][h + 1]) / 4 * 10) for s in range(96))
            index[tenths[:8]].append((h, n, tenths))
    return index


def main(argv):
    """Reads the fleet, groups it by meter and local day, and checks every group."""
    parser = argparse.ArgumentParser()
    parser.add_argument("fleet")
    parser.add_argument("--tz", default="Europe/Berlin")
    parser.add_argument("--source", default="")
    args = parser.parse_args(argv)
    zone = ZoneInfo(args.tz)
    holidays = set(json.load(open(args.fleet + ".provenance.json")).get("holidays", []))
    index = source_days(make_fleet.locate_source(args.source))
    groups = collections.defaultdict(dict)  # (meter, local date) -> {slot: tenths}
    counts = collections.Counter()
    last, total = "", 0
    with open(args.fleet, newline="") as handle:
        reader = csv.reader(handle)
        if next(reader) != ["meter_id", "region", "timestamp", "energy_wh"]:
            fail("header is not meter_id,region,timestamp,energy_wh")
        for meter, _, stamp, value in reader:
            if stamp < last:
                fail(f"{stamp} comes after {last}")
            last = stamp
            local = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").astimezone(zone)
            slot = (local.hour * 60 + local.minute) // 15
            whole, tenth = value.split(".")
            tenths = int(whole) * 10 + int(tenth)
            total += tenths
            key = (meter, local.date())
            counts[key] += 1
            if groups[key].setdefault(slot, tenths) != tenths:
                fail(f"{meter} {local.date()} repeats slot {slot} with another value")
    household_of = {}
    hours = collections.Counter()
    for (meter, day), slots in groups.items():
        start = datetime(day.year, day.month, day.day, tzinfo=zone)
        end = start + timedelta(days=1)
        local_hours = round((end.timestamp() - start.timestamp()) / 3600)
        if counts[(meter, day)] != local_hours * 4:
            fail(f"{meter} {day}: {counts[(meter, day)]} rows for a {local_hours}-hour day")
        hours[local_hours] += 1
        rest = day.weekday() >= 5 or day.isoformat() in holidays
        prefix = tuple(slots[s] for s in range(8))
        matches = [(h, n) for h, n, tenths in index.get(prefix, [])
                   if all(tenths[s] == v for s, v in slots.items())
                   and make_fleet.is_rest_day(make_fleet.SOURCE_FIRST_DAY + timedelta(days=n),
                                              make_fleet.SOURCE_HOLIDAYS) == rest]
        if not matches:
            fail(f"{meter} {day}: no source day of the same type has these values")
        households = {h for h, _ in matches}
        known = household_of.setdefault(meter, households)
        household_of[meter] = known & households
        if not household_of[meter]:
            fail(f"{meter} changes household on {day}")
    about = json.load(open(args.fleet + ".provenance.json"))
    if f"{total // 10}.{total % 10}" != about["total_wh"]:
        fail(f"CSV total {total / 10} Wh differs from the provenance note's {about['total_wh']}")
    print(f"check_fleet: OK: {sum(counts.values())} rows, {len(household_of)} meters, "
          f"{len(groups)} meter-days matched to real source days; local day lengths "
          f"{dict(sorted(hours.items()))} (hours: meter-days); total {total / 10} Wh; households used "
          f"{len(set.union(*household_of.values()))}")


if __name__ == "__main__":
    main(sys.argv[1:])
