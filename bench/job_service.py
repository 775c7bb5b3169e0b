#!/usr/bin/python3
"""Job service benchmark: dispatch latency, real-time factor and server RSS over many jobs.

Starts a private server copy on the embedded defaults (bench/server.py; needs
``mvn -DskipTests package``), submits short two-speaker scripts one after another on an
otherwise idle queue and reads each job's own timestamps and stats back:

- dispatch latency: startedAt - createdAt (submit committed -> worker claimed it), server clock;
- real-time factor: synthesis time / audio duration (stats.realTimeFactor);
- RSS: stats.rssBytesAfter of each job (the server's resident set size after the job).

Writes bench/out/job_service.csv and prints a summary. Usage:
    /usr/bin/python3 bench/job_service.py [--jobs 200]
"""
import argparse
import csv
import json
import os
import statistics
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
from server import Server, machine, percentile, request  # noqa: E402

SCRIPTS = [
    "Speaker 1: Welcome back to the show.\nSpeaker 2: Glad to be here, thanks for having me.",
    "Speaker 1: Today we talk about speech synthesis.\nSpeaker 2: A subject close to my heart.",
    "Speaker 1: How long did the last episode take to render?\nSpeaker 2: Less than a second, believe it or not.",
]


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "job_service.csv"))
    args = parser.parse_args()
    os.makedirs(os.path.dirname(args.out), exist_ok=True)

    print(json.dumps({"benchmark": "job_service", "machine": machine(), "jobs": args.jobs, "heap": "-Xms512m -Xmx512m",
                      "database": "h2", "engine": "espeak-ng (embedded voices)"}), flush=True)
    server = Server("job-service").start()
    try:
        rows = run(args.jobs)
    finally:
        server.stop()
    report(rows, args.out)


def run(jobs):
    rows = []
    for n in range(1, jobs + 1):
        job = request("POST", "/api/v1/syntheses", {"script": SCRIPTS[n % len(SCRIPTS)]})
        while job["status"] in ("QUEUED", "RUNNING"):
            time.sleep(0.01)
            job = request("GET", f"/api/v1/syntheses/{job['id']}")
        if job["status"] != "SUCCEEDED":
            raise SystemExit(f"job {job['id']} ended {job['status']}: {job.get('error')}")
        stats = job["stats"]
        rows.append({
            "job": n,
            "dispatch_ms": (parse(job["startedAt"]) - parse(job["createdAt"])).total_seconds() * 1000,
            "synthesis_ms": stats["synthesisMillis"],
            "audio_s": job["audio"]["durationSeconds"],
            "rtf": stats["realTimeFactor"],
            "rss_after_bytes": stats["rssBytesAfter"],
        })
    return rows


def report(rows, out):
    with open(out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)

    dispatch = [r["dispatch_ms"] for r in rows]
    rtf = [r["rtf"] for r in rows]
    print(f"dispatch latency ms: p50 {percentile(dispatch, 50):.1f}, p99 {percentile(dispatch, 99):.1f}, "
          f"min {min(dispatch):.1f}, max {max(dispatch):.1f}")
    print(f"real-time factor: median {statistics.median(rtf):.4f}, min {min(rtf):.4f}, max {max(rtf):.4f}")
    for mark in (10, 50, 100, 200, 500, 1000):
        if mark <= len(rows):
            print(f"RSS after job {mark}: {rows[mark - 1]['rss_after_bytes'] / 2**20:.1f} MiB")
    if len(rows) >= 40:
        tail = rows[len(rows) // 4:]
        xs = [r["job"] for r in tail]
        ys = [r["rss_after_bytes"] for r in tail]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"RSS slope after warm-up (last 3/4 of jobs): {slope:.0f} bytes/job")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
