#!/usr/bin/env python3
"""Measures python-paillier (phe) or pypaillier the way paillier-bench measures privacy-runtime.

Prints one JSON object per measurement: {"implementation", "bits", "operation", "value"}.
--mode one pins the process to one CPU (and rayon to one thread) and divides by process CPU
time; --mode all uses every core and wall-clock time. phe has only standard obfuscation,
pypaillier only DJN, so their encryption rows are named encrypt_standard_* and encrypt_djn_*. phe is measured
with gmpy2 (its recommended, GMP-backed arithmetic); the script refuses to measure its pure-Python fallback.
"""
import argparse
import json
import multiprocessing
import os
import sys
import time


def emit(implementation, bits, operation, value):
    print(json.dumps({"implementation": implementation, "bits": bits, "operation": operation,
                      "value": round(value, 3)}), flush=True)


def rate(clock, seconds, operation):
    """Calls operation(i) until `seconds` of `clock` pass; returns calls per second."""
    operation(0)
    start = clock()
    count = 0
    while True:
        for _ in range(4):
            operation(count)
            count += 1
        elapsed = clock() - start
        if elapsed >= seconds:
            return count / elapsed


def _phe_encrypt_chunk(args):
    n, values = args
    import phe
    public_key = phe.PaillierPublicKey(n)
    return [public_key.encrypt(v).ciphertext(be_secure=True) for v in values]


def bench_phe(bits_list, mode, seconds):
    import phe
    import phe.util
    if not phe.util.HAVE_GMP:
        sys.exit("phe would use its pure-Python fallback: pip install gmpy2 (phe's documentation recommends it)")
    for bits in bits_list:
        start = time.perf_counter()
        public_key, private_key = phe.generate_paillier_keypair(n_length=bits)
        if mode == "one":
            emit("phe", bits, "keygen_seconds", time.perf_counter() - start)
            clock = time.process_time
            emit("phe", bits, "encrypt_standard_1core",
                 rate(clock, seconds, lambda i: public_key.encrypt(i).ciphertext(be_secure=True)))
            pool = [public_key.encrypt(i - 16) for i in range(32)]
            emit("phe", bits, "decrypt_1core", rate(clock, seconds, lambda i: private_key.decrypt(pool[i % 32])))
            accumulator = [public_key.encrypt(0)]

            def add(i):
                accumulator[0] = accumulator[0] + pool[i % 32]
            emit("phe", bits, "add_1core", rate(clock, seconds, add))
        else:
            cores = os.cpu_count()
            one_core = rate(time.perf_counter, min(seconds, 1.0),
                            lambda i: public_key.encrypt(i).ciphertext(be_secure=True))
            count = max(cores * 4, int(one_core * cores * seconds))
            chunks = [(public_key.n, list(range(c, count, cores))) for c in range(cores)]
            with multiprocessing.Pool(cores) as workers:
                start = time.perf_counter()
                workers.map(_phe_encrypt_chunk, chunks)
                emit("phe", bits, "encrypt_standard_allcores", count / (time.perf_counter() - start))


def bench_pypaillier(bits_list, mode, seconds):
    import paillier
    for bits in bits_list:
        start = time.perf_counter()
        public_key, secret_key = paillier.generate_keypair(bits)
        clock = time.process_time if mode == "one" else time.perf_counter
        if mode == "one":
            emit("pypaillier", bits, "keygen_seconds", time.perf_counter() - start)
        # Calibrate a batch size, then time whole batches (pypaillier's API is batch-oriented).
        probe = 64
        t0 = clock()
        paillier.encrypt_integers(public_key, list(range(probe)))
        per_second = probe / max(clock() - t0, 1e-6)
        count = max(probe, int(per_second * seconds))
        values = list(range(count))
        t0 = clock()
        blobs = paillier.encrypt_integers(public_key, values)
        elapsed = clock() - t0
        emit("pypaillier", bits, "encrypt_djn_1core" if mode == "one" else "encrypt_djn_allcores", count / elapsed)
        if mode == "one":
            blobs = [bytes(b) for b in blobs]
            emit("pypaillier", bits, "decrypt_1core",
                 rate(clock, seconds, lambda i: paillier.decrypt(secret_key, blobs[i % len(blobs)])))
            many = (blobs * (1 + 200_000 // len(blobs)))[:200_000]
            t0 = clock()
            paillier.add_many(public_key, many)
            emit("pypaillier", bits, "add_1core", (len(many) - 1) / (clock() - t0))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("implementation", choices=["phe", "pypaillier"])
    parser.add_argument("--bits", type=int, nargs="+", default=[2048, 3072])
    parser.add_argument("--mode", choices=["one", "all"], default="one")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    if args.mode == "one":
        # Before the extension starts its thread pool: one CPU, one rayon thread.
        os.environ["RAYON_NUM_THREADS"] = "1"
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if args.implementation == "phe":
        bench_phe(args.bits, args.mode, args.seconds)
    else:
        bench_pypaillier(args.bits, args.mode, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
