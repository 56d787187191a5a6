#!/usr/bin/env python3
"""Checks what `privacy-runtime-custom --policy daily-csv.yaml` wrote, against the input it read.

Recomputes from the policy's CSV input which (region, hour) windows must be released (at least
`min_meters` distinct meters) and their sums, then checks that out/daily holds exactly one file per
UTC day with exactly those windows, and that every row's ciphertext decrypts (with the DEMO private
key, via python-paillier) to the sum computed here. Exits non-zero with one line per problem.
Usage: check_output.py POLICY_FILE PRIVATE_KEY_FILE
"""
import base64
import csv
import json
import os
import sys
from collections import defaultdict
from datetime import datetime, timezone
from decimal import Decimal

import phe
import yaml


def b64int(text):
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def epoch(text):
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())


def main(policy_path, key_path):
    base = os.path.dirname(os.path.abspath(policy_path))
    policy = yaml.safe_load(open(policy_path))
    assert policy["scope"] == "region" and policy["window"] == "1h", "the checker knows hourly region windows only"
    min_meters = policy["aggregate"].get("min_meters", 1)
    sink = next(s for s in policy["sinks"] if s["type"] == "daily-csv")
    directory = os.path.join(base, sink["directory"])

    sums, meters = defaultdict(int), defaultdict(set)
    with open(os.path.join(base, policy["source"]["path"])) as f:
        for row in csv.DictReader(f):
            start = epoch(row["timestamp"]) // 3600 * 3600
            sums[(row["region"], start)] += int(Decimal(row["energy_wh"]) * 1000)  # resolution 0.001
            meters[(row["region"], start)].add(row["meter_id"])
    expected = defaultdict(dict)  # file name -> {(region, start): sum}
    for key, total in sums.items():
        if len(meters[key]) >= min_meters:
            day = datetime.fromtimestamp(key[1], timezone.utc).strftime("%Y-%m-%d")
            expected[day + ".csv"][key] = total

    jwk = json.load(open(key_path))
    public_key = phe.PaillierPublicKey(b64int(jwk["pub"]["n"]))
    private_key = phe.PaillierPrivateKey(public_key, b64int(jwk["p"]), b64int(jwk["q"]))

    problems = []
    files = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
    if files != sorted(expected):
        problems.append(f"day files {files}, expected {sorted(expected)}")
    rows_checked = 0
    for name in files:
        with open(os.path.join(directory, name)) as f:
            rows = list(csv.DictReader(f))
        found = {}
        for row in rows:
            key = (row["key"], epoch(row["window_start"]))
            found[key] = private_key.decrypt(phe.EncryptedNumber(public_key, int(row["ciphertext"]), 0))
            if epoch(row["window_end"]) != key[1] + 3600:
                problems.append(f"{name}: window {key} ends at {row['window_end']}")
        if len(rows) != len(expected.get(name, {})):
            problems.append(f"{name}: {len(rows)} rows, expected {len(expected.get(name, {}))} windows")
        for key, total in expected.get(name, {}).items():
            if found.get(key) != total:
                problems.append(f"{name}: window {key} decrypts to {found.get(key)}, expected {total}")
        rows_checked += len(rows)
    for problem in problems:
        print(f"check_output.py: {problem}", file=sys.stderr)
    if not problems:
        print(f"daily-csv: {len(files)} day file(s), {rows_checked} rows, every row decrypts to its window's sum")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
