#!/usr/bin/python3
"""Downloads from the S3-compatible store against downloads from the node's own disk, A/B
alternating in one run. Four servers side by side, each serving the same long espeak-ng job:

- ``local``: orator.storage.type=local, the audio on its own disk (its own database);
- ``s3-made``: storage in a bucket on S3Proxy (a separate JVM), the node that synthesized the
  job and so kept a local copy of its audio;
- ``s3-other``: a second node on the same database and bucket, which did not make the audio:
  it reads the bucket until the audio is opened a second time, then keeps a copy;
- ``s3-bucket``: a third node on them with local copies off (local-copies-bytes=0), every byte
  from the bucket.

The audio is downloaded from each in turn, whole (MB/s) and as 64 KiB ranges at random
offsets, as a player seeking would (requests/s), and each S3 arm is reported against local.

    /usr/bin/python3 bench/store_downloads.py                # ~20 minutes of audio, 7 rounds
    /usr/bin/python3 bench/store_downloads.py --sentences 600 --rounds 9

Needs a built project (``mvn -DskipTests package``, test classes included) and PostgreSQL on
127.0.0.1:5432 (trust authentication; databases test and bench_local are reset). Writes
bench/out/store_downloads.json. The goal: the store's throughput at least 0.8 x the local file's.
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, BucketServer, Server, machine  # noqa: E402

RANGE = 64 * 1024


def get(url, headers=None, timeout=300):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        total = 0
        while True:
            block = r.read(1 << 20)
            if not block:
                return total
            total += len(block)


def synthesize(base, script):
    body = json.dumps({"script": script}).encode()
    req = urllib.request.Request(base + "/api/v1/syntheses", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        job = json.loads(r.read())["id"]
    while True:
        with urllib.request.urlopen(f"{base}/api/v1/syntheses/{job}", timeout=60) as r:
            state = json.loads(r.read())
        if state["status"] == "SUCCEEDED":
            return job, state["audio"]["bytes"]
        if state["status"] in ("FAILED", "CANCELLED"):
            raise SystemExit(f"job failed: {state}")
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ranges", type=int, default=300)
    args = parser.parse_args()
    script = "\n".join(f"Speaker {i % 2 + 1}: This is sentence number {i} of a long script that keeps the worker busy."
                       for i in range(args.sentences))
    bucket = BucketServer().start()
    s3_settings = bucket.settings("bench")
    arms = {
        "local": Server("store-local", port_offset=600, database="postgresql", pg_database="bench_local"),
        "s3-made": Server("store-s3-made", properties=s3_settings, port_offset=700, database="postgresql"),
        "s3-other": Server("store-s3-other", properties=s3_settings, port_offset=800, database="postgresql", joins=True),
        "s3-bucket": Server("store-s3-bucket", properties={**s3_settings, "orator.storage.s3.local-copies-bytes": "0"},
                            port_offset=900, database="postgresql", joins=True),
    }
    results = {"machine": machine(), "sentences": args.sentences, "rounds": args.rounds, "ranges": args.ranges,
               "rangeBytes": RANGE, "whole": {name: [] for name in arms}, "rangesPerSecond": {name: [] for name in arms}}
    try:
        urls = {}
        for name, server in arms.items():
            server.start()
            base = f"http://127.0.0.1:{8080 + server.port_offset}"
            if name in ("local", "s3-made"):
                job, size = synthesize(base, script)
                print(f"{name}: job {job}, {size / 1e6:.1f} MB of audio", flush=True)
            else:
                job, size = urls["s3-made"][1], urls["s3-made"][2]
            urls[name] = (f"{base}/api/v1/syntheses/{job}/audio", job, size)
        random.seed(7)
        for round_ in range(args.rounds):
            order = list(arms) if round_ % 2 == 0 else list(reversed(arms))
            for name in order:
                url, _, size = urls[name]
                started = time.perf_counter()
                assert get(url) == size
                results["whole"][name].append(size / 1e6 / (time.perf_counter() - started))
                offsets = [random.randrange(0, size - RANGE) for _ in range(args.ranges)]
                started = time.perf_counter()
                for offset in offsets:
                    assert get(url, {"Range": f"bytes={offset}-{offset + RANGE - 1}"}) == RANGE
                results["rangesPerSecond"][name].append(args.ranges / (time.perf_counter() - started))
            print(f"round {round_ + 1}: " + "; ".join(
                f"{name} {results['whole'][name][-1]:.0f} MB/s, {results['rangesPerSecond'][name][-1]:.0f} ranges/s"
                for name in arms), flush=True)
    finally:
        for server in arms.values():
            server.stop()
        bucket.stop()
    for kind in ("whole", "rangesPerSecond"):
        local = results[kind]["local"]
        results[kind + "Ratio"] = {}
        for name in arms:
            if name == "local":
                continue
            ratios = [s / l for l, s in zip(local, results[kind][name])]
            results[kind + "Ratio"][name] = {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}
            print(f"{kind}: local median {statistics.median(local):.1f}, {name} median "
                  f"{statistics.median(results[kind][name]):.1f}; {name}/local per round median "
                  f"{statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "store_downloads.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
