#!/usr/bin/env python3
"""Builds a readings CSV (meter_id,region,timestamp,energy_wh) for a fleet of RESAMPLED household meters.

Every synthetic meter is a sequence of real, measured household days: the meter is tied to one of
the 74 German households of the source set, and each of its local days is one real day of that
household, drawn from the days of the same type (workday, or weekend/holiday) within --window days
of the same date of the year. No value is invented, scaled or smoothed; only the order of days is
new, so readings are real but the fleet is not: label results built on it as "resampled".

Source: vpplib's input/baseload/df_S_15min.csv (one year of 15-minute mean power in W for 74
households), installed by `pip install --no-deps vpplib==0.0.6`; see README.md beside this file.
Deterministic: the same options give the same bytes. Rows are written in timestamp order
(all meters of one instant, then the next), streamed, with UTC RFC 3339 timestamps marking the
start of each interval.

Example: python3 make_fleet.py --meters 10000 --start 2026-11-02 --days 1 --out fleet.csv
"""
import argparse
import hashlib
import importlib.metadata
import json
import random
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SOURCE_PACKAGE = "vpplib"
SOURCE_VERSION = "0.0.6"
SOURCE_MEMBER = "input/baseload/df_S_15min.csv"
SOURCE_SHA256 = "136eb4327ccaeab7daccefd865523168596c93993cdaadf542b3bc6279f0bfd1"
SOURCE_HOUSEHOLDS = 74
SLOTS_PER_DAY = 96  # 15-minute values per source day
SOURCE_DAYS = 365
# The file labels its rows 2017, but the weekday and holiday pattern is that of 2010 (its first
# day is a Friday, German holidays of 2010 look like Sundays), so day n is 2010-01-01 + n.
SOURCE_FIRST_DAY = date(2010, 1, 1)
SOURCE_HOLIDAYS = {date(2010, m, d) for m, d in [(1, 1), (4, 2), (4, 5), (5, 1), (5, 13),
                                                 (5, 24), (10, 3), (12, 25), (12, 26)]}
DEFAULT_REGIONS = "north,south,east,west,central"


def fail(message):
    """Prints one readable line and exits non-zero."""
    print(f"make_fleet: error: {message}", file=sys.stderr)
    sys.exit(1)


def locate_source(path):
    """Returns the source CSV path: --source if given, else the file installed with vpplib."""
    if path:
        return path
    try:
        dist = importlib.metadata.distribution(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        fail(f"the source data are not installed: run `pip install --no-deps "
             f"{SOURCE_PACKAGE}=={SOURCE_VERSION}` or pass --source PATH to {SOURCE_MEMBER}")
    return str(dist.locate_file(SOURCE_MEMBER))


def load_source(path):
    """Reads the source into per-household lists of Wh per 15 minutes, after checking its hash."""
    try:
        raw = open(path, "rb").read()
    except OSError as error:
        fail(f"cannot read the source data {path}: {error.strerror}")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        fail(f"{path} is not the file shipped in {SOURCE_PACKAGE} {SOURCE_VERSION} "
             f"(sha256 {digest}); install that version")
    lines = raw.decode("ascii").splitlines()
    households = [[] for _ in range(SOURCE_HOUSEHOLDS)]
    for line in lines[1:]:
        fields = line.split(",")
        for h in range(SOURCE_HOUSEHOLDS):
            households[h].append(float(fields[h + 1]) / 4.0)  # mean W over 15 min -> Wh
    return households, digest


def is_rest_day(day, holidays):
    """True for Saturdays, Sundays and the given holidays."""
    return day.weekday() >= 5 or day in holidays


def candidate_days(target, window, holidays):
    """Source day indices of the target's type whose date of the year is within `window` days."""
    anchor = date(SOURCE_FIRST_DAY.year, target.month, min(target.day, 28 if target.month == 2 else 31))
    centre = (anchor - SOURCE_FIRST_DAY).days
    rest = is_rest_day(target, holidays)
    found = []
    for n in range(SOURCE_DAYS):
        distance = abs(n - centre)
        if min(distance, SOURCE_DAYS - distance) > window:
            continue
        source_day = SOURCE_FIRST_DAY + timedelta(days=n)
        if is_rest_day(source_day, SOURCE_HOLIDAYS) == rest:
            found.append(n)
    return found


def local_day_instants(day, zone, minutes):
    """Yields (UTC instant, local 15-minute slot) for each interval of one local day.

    A 23-hour day skips the slots of the missing hour; a 25-hour day visits the repeated hour's
    slots twice (the source has 24-hour days only, so those readings repeat the drawn day's)."""
    start = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(timezone.utc)
    nxt = day + timedelta(days=1)
    end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone).astimezone(timezone.utc)
    instant = start
    while instant < end:
        local = instant.astimezone(zone)
        minute_of_day = local.hour * 60 + local.minute
        if minute_of_day % minutes:
            fail(f"local time {local.isoformat()} is not on a {minutes}-minute boundary in {zone.key}")
        yield instant, minute_of_day // 15
        instant += timedelta(minutes=minutes)


def parse_interval(text):
    """Returns the interval in minutes: 15m, 30m or 60m/1h (the source is 15-minute data)."""
    minutes = {"15m": 15, "30m": 30, "60m": 60, "1h": 60}.get(text)
    if minutes is None:
        fail(f"--interval {text}: the source holds 15-minute means, so only 15m, 30m or 60m "
             f"can be built without inventing structure")
    return minutes


def parse_regions(text):
    """A comma-separated list of names, or a count N giving r01..rN."""
    if text.isdigit():
        count = int(text)
        if count < 1:
            fail("--regions must name at least one region")
        return [f"r{i + 1:02d}" for i in range(count)]
    names = [name.strip() for name in text.split(",")]
    if any(not name for name in names):
        fail(f"--regions {text!r} has an empty name")
    return names


def parse_args(argv):
    """Parses and checks the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meters", type=int, default=50, help="number of meters (default 50)")
    parser.add_argument("--regions", default=DEFAULT_REGIONS,
                        help="comma-separated names, or a count (default %(default)s)")
    parser.add_argument("--start", default="2026-11-02", help="first local day, YYYY-MM-DD")
    parser.add_argument("--days", type=int, default=1, help="number of local days (default 1)")
    parser.add_argument("--interval", default="15m", help="15m (default), 30m or 60m")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--tz", default="Europe/Berlin",
                        help="zone whose local days and clock the households follow (default %(default)s)")
    parser.add_argument("--holidays", default="",
                        help="comma-separated YYYY-MM-DD target dates treated like Sundays")
    parser.add_argument("--window", type=int, default=21,
                        help="draw days within this many days of the same date of the year (default 21)")
    parser.add_argument("--source", default="", help="path to df_S_15min.csv (default: installed vpplib)")
    parser.add_argument("--out", default="-", help="output CSV path, or - for stdout (default)")
    args = parser.parse_args(argv)
    if args.meters < 1 or args.days < 1:
        fail("--meters and --days must be at least 1")
    if not 3 <= args.window <= 182:
        fail("--window must be between 3 and 182 days")
    try:
        args.start = date.fromisoformat(args.start)
        args.holidays = {date.fromisoformat(d.strip()) for d in args.holidays.split(",") if d.strip()}
    except ValueError as error:
        fail(f"bad date: {error}")
    try:
        args.tz = ZoneInfo(args.tz)
    except (KeyError, ValueError):
        fail(f"--tz {args.tz}: unknown time zone")
    args.minutes = parse_interval(args.interval)
    args.regions = parse_regions(args.regions)
    return args


def write_fleet(args, households, out):
    """Streams the rows; returns (rows, total Wh as printed, per-day notes)."""
    width = max(4, len(str(args.meters)))
    meters = []
    for k in range(args.meters):
        rng = random.Random(f"make_fleet:{args.seed}:{k}")
        region = args.regions[k * len(args.regions) // args.meters]
        meters.append((f"M{k + 1:0{width}d},{region},", rng, rng.randrange(SOURCE_HOUSEHOLDS)))
    span = args.minutes // 15
    rows, total_tenths, days = 0, 0, []
    out.write("meter_id,region,timestamp,energy_wh\n")
    for offset in range(args.days):
        day = args.start + timedelta(days=offset)
        candidates = candidate_days(day, args.window, args.holidays)
        series = []
        for _, rng, household in meters:
            n = rng.choice(candidates)
            values = households[household][n * SLOTS_PER_DAY:(n + 1) * SLOTS_PER_DAY]
            series.append([round(sum(values[s:s + span]) * 10) for s in range(SLOTS_PER_DAY)])
        instants = 0
        for instant, slot in local_day_instants(day, args.tz, args.minutes):
            stamp = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
            chunk = []
            for (prefix, _, _), tenths in zip(meters, series):
                value = tenths[slot]
                total_tenths += value
                chunk.append(f"{prefix}{stamp},{value // 10}.{value % 10}\n")
            out.write("".join(chunk))
            instants += 1
        rows += instants * len(meters)
        days.append({"local_date": day.isoformat(), "local_hours": instants * args.minutes / 60,
                     "rest_day": is_rest_day(day, args.holidays), "candidate_days": len(candidates)})
    return rows, total_tenths, days


def main(argv):
    """Loads the source, writes the CSV and, for a file, a provenance note beside it."""
    args = parse_args(argv)
    households, digest = load_source(locate_source(args.source))
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="ascii", newline="")
    with out:
        rows, total_tenths, days = write_fleet(args, households, out)
    about = {
        "label": "RESAMPLED fleet: real household days in a new order; not real meters",
        "source": f"{SOURCE_PACKAGE}=={SOURCE_VERSION}:{SOURCE_MEMBER}", "source_sha256": digest,
        "meters": args.meters, "regions": args.regions, "start": args.start.isoformat(),
        "days": args.days, "interval_minutes": args.minutes, "seed": args.seed, "tz": args.tz.key,
        "window_days": args.window, "holidays": sorted(d.isoformat() for d in args.holidays),
        "rows": rows, "total_wh": f"{total_tenths // 10}.{total_tenths % 10}", "local_days": days,
    }
    if args.out != "-":
        with open(args.out + ".provenance.json", "w", encoding="ascii") as note:
            json.dump(about, note, indent=1)
            note.write("\n")
    print(f"make_fleet: {rows} rows, {args.meters} meters, {args.days} local days in {args.tz.key}, "
          f"total {about['total_wh']} Wh (resampled from {SOURCE_PACKAGE} {SOURCE_VERSION})",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
