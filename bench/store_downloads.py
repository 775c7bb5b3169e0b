#!/usr/bin/python3
"""Downloads from the S3-compatible store against downloads from the node's own disk, A/B
alternating in one run: two servers started side by side (one with orator.storage.type=local,
one with s3 on an S3Proxy in a separate JVM), each synthesizes the same long espeak-ng script,
then the same audio is downloaded from each in turn: whole (MB/s) and as 64 KiB ranges at random
offsets, as a player seeking would (requests/s).

    /usr/bin/python3 bench/store_downloads.py                # ~20 minutes of audio, 7 rounds
    /usr/bin/python3 bench/store_downloads.py --sentences 600 --rounds 9

Needs a built project (``mvn -DskipTests package``, test classes included). Writes
bench/out/store_downloads.json. The goal: the store's throughput at least 0.8 x the local file's.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, ROOT, Server, machine, sh  # noqa: E402

S3_PORT = 9590
RANGE = 64 * 1024


def classpath():
    target = os.path.join(OUT, "store-classpath.txt")
    sh(f"cd {ROOT} && mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile={target}")
    with open(target) as f:
        deps = f.read().strip()
    return ":".join([os.path.join(ROOT, "target", "test-classes"), os.path.join(ROOT, "target", "classes"), deps])


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
    store_dir = tempfile.mkdtemp(prefix="orator-store-bench-")
    s3 = subprocess.Popen(["java", "-cp", classpath(), "io.orator.testing.S3TestServer", store_dir, str(S3_PORT)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(s3.stdout.readline().strip(), flush=True)
    s3_settings = {"orator.storage.type": "s3", "orator.storage.s3.endpoint": f"http://127.0.0.1:{S3_PORT}",
                   "orator.storage.s3.bucket": "bench", "orator.storage.s3.create-bucket": "true",
                   "orator.storage.s3.access-key": "orator-test", "orator.storage.s3.secret-key": "orator-test-secret-key"}
    servers = {"local": Server("store-local", port_offset=600), "s3": Server("store-s3", properties=s3_settings,
                                                                          port_offset=700)}
    results = {"machine": machine(), "sentences": args.sentences, "rounds": args.rounds, "ranges": args.ranges,
               "rangeBytes": RANGE, "whole": {"local": [], "s3": []}, "rangesPerSecond": {"local": [], "s3": []}}
    try:
        jobs = {}
        for name, server in servers.items():
            server.start()
            base = f"http://127.0.0.1:{8080 + server.port_offset}"
            job, size = synthesize(base, script)
            jobs[name] = (base, job, size)
            print(f"{name}: job {job}, {size / 1e6:.1f} MB of audio", flush=True)
        random.seed(7)
        for round_ in range(args.rounds):
            order = ["local", "s3"] if round_ % 2 == 0 else ["s3", "local"]
            for name in order:
                base, job, size = jobs[name]
                url = f"{base}/api/v1/syntheses/{job}/audio"
                started = time.perf_counter()
                assert get(url) == size
                results["whole"][name].append(size / 1e6 / (time.perf_counter() - started))
                offsets = [random.randrange(0, size - RANGE) for _ in range(args.ranges)]
                started = time.perf_counter()
                for offset in offsets:
                    assert get(url, {"Range": f"bytes={offset}-{offset + RANGE - 1}"}) == RANGE
                results["rangesPerSecond"][name].append(args.ranges / (time.perf_counter() - started))
            print(f"round {round_ + 1}: whole MB/s local {results['whole']['local'][-1]:.0f} "
                  f"s3 {results['whole']['s3'][-1]:.0f}; ranges/s local {results['rangesPerSecond']['local'][-1]:.0f} "
                  f"s3 {results['rangesPerSecond']['s3'][-1]:.0f}", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        s3.terminate()
    for kind in ("whole", "rangesPerSecond"):
        local, remote = statistics.median(results[kind]["local"]), statistics.median(results[kind]["s3"])
        ratios = [s / l for l, s in zip(results[kind]["local"], results[kind]["s3"])]
        results[kind + "Ratio"] = {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}
        print(f"{kind}: local median {local:.1f}, s3 median {remote:.1f}; s3/local per round median "
              f"{statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "store_downloads.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
