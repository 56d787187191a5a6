#!/usr/bin/env python3
"""Writes the shipped example: one day of 5-minute readings for 50 meters in 5 regions.

Deterministic (seeded). The daily curve is a typical residential winter weekday profile
(hourly share of daily energy: low night base load, a morning peak around 07:00-08:00 and an
evening peak around 18:00-20:00); each household gets its own daily total and some noise.
Run: python3 examples/data/make_readings.py > examples/data/readings.csv
"""
import random
from datetime import datetime, timedelta, timezone

HOURLY_WEIGHT = [  # relative energy per hour, 00:00 .. 23:00
    2.4, 2.0, 1.8, 1.7, 1.7, 1.9, 3.0, 4.9, 5.2, 4.3, 3.8, 3.7,
    3.8, 3.6, 3.4, 3.6, 4.4, 6.0, 7.2, 7.0, 6.2, 5.2, 4.2, 2.0,
]
REGIONS = ["north", "south", "east", "west", "central"]
METERS_PER_REGION = 10
DAY = datetime(2026, 11, 2, tzinfo=timezone.utc)

def main():
    rng = random.Random(20261102)
    print("meter_id,region,timestamp,energy_wh")
    meters = []
    for r, region in enumerate(REGIONS):
        for i in range(METERS_PER_REGION):
            daily_wh = rng.uniform(6000, 16000)
            meters.append((f"M{r * METERS_PER_REGION + i + 1:04d}", region, daily_wh))
    for step in range(24 * 12):
        at = DAY + timedelta(minutes=5 * step)
        share = HOURLY_WEIGHT[at.hour] / sum(HOURLY_WEIGHT) / 12
        for meter_id, region, daily_wh in meters:
            wh = max(0.0, daily_wh * share * rng.uniform(0.6, 1.4))
            print(f"{meter_id},{region},{at.strftime('%Y-%m-%dT%H:%M:%SZ')},{wh:.1f}")

if __name__ == "__main__":
    main()
