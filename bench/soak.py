#!/usr/bin/python3
"""Soak: thousands of mixed short jobs through a real server, sampling everything that could grow.

    /usr/bin/python3 bench/soak.py                  # 10,000 jobs, a sample every 250
    /usr/bin/python3 bench/soak.py --quick          # 1,000 jobs, a sample every 50
    /usr/bin/python3 bench/soak.py --jobs 100 --every 25 --tag=-smoke --check   # CI's smoke run

Needs a built project (``mvn -DskipTests package``) and, for the plot, python3-matplotlib.
Starts a private server copy (bench/server.py) on the embedded defaults (H2) with the committed
neural test voices beside the embedded espeak-ng voices, the heap pinned and Native Memory
Tracking on. Jobs cycle through one- to four-speaker scripts on espeak-ng, a TorchScript voice,
an ONNX voice and a multi-speaker pack; each job's audio is downloaded, and three of every four
jobs are deleted afterwards, as a client that keeps some results would. Texts vary in length as
real text does: each line names its job and has a drawn number of words, so nearly every job
gives the engines input lengths they have not seen (neural runtimes cache work per input shape).
--engine espeak|torchscript|onnx runs one engine alone (a one-speaker, two-sentence job);
--medium uses the benchmark voice (medium-ts / medium-onnx, generated into target/bench-voices)
instead of the tiny test packs.

Every --every jobs it samples: RSS, heap after a full GC, NMT committed memory by category,
open file descriptors, threads, database connections (pool statistics), audio files on disk
and half-written files. Writes bench/out/soak<tag>.csv, .json (summary and fitted slopes after
warm-up: the first fifth of the jobs) and .png. --recycle-every M turns on engine recycling
every M jobs (orator.engine.recycle-after-jobs) to measure the recycle's cost.
"""
import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, ROOT, Server, base, machine, request, slope  # noqa: E402

VOICES = os.path.join(ROOT, "src", "test", "resources", "voices")
MEDIUM_VOICES = os.path.join(ROOT, "target", "bench-voices")
WORDS = ("the lighthouse keeper climbed spiral stairs every evening at dusk counting steps as his father had "
         "taught him while a small team rebuilt an old radio and measured the quiet hours before dawn").split()
LINES = [
    "Welcome back to the show.",
    "Glad to be here, thanks for having me.",
    "Today we talk about speech synthesis, and why long scripts are hard.",
    "How long did the last episode take to render?",
    "Less than a second, believe it or not.",
    "Numbers like 1,250 and dates like 3 May 2026 are read out in full.",
]
# (voices by speaker, speakers): espeak-ng, TorchScript, ONNX, a multi-speaker pack, mixed.
CASTS = [
    {},
    {"1": "tiny-ts"},
    {"1": "tiny-onnx"},
    {"1": "multi-ts#p225", "2": "multi-ts#p226"},
    {"1": "en-us-f3", "2": "tiny-ts", "3": "multi-onnx#p227"},
    {"1": "en-gb-m3", "2": "en-us-f3", "3": "tiny-onnx", "4": "multi-ts#p228"},
]
# One engine alone: a one-speaker job, tiny test pack or (--medium) the benchmark voice.
SINGLE = {"espeak": ({}, {}), "torchscript": ({"1": "tiny-ts"}, {"1": "medium-ts"}),
          "onnx": ({"1": "tiny-onnx"}, {"1": "medium-onnx"})}
SERIES = ["rss_bytes", "rss_trimmed_bytes", "heap_after_gc_bytes", "nmt_total_bytes", "open_files", "threads", "db_connections",
          "db_in_use", "audio_files", "partial_files", "temp_files"]


def varied(n, i):
    """A line of job n whose length is drawn (2 to 16 extra words): lengths vary as real text does."""
    rng = random.Random(n * 31 + i)
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 16)))
    return f"Job {n}, line {i + 1}: {LINES[(n + i) % len(LINES)]} Then {words}."


def job_body(n, engine="mixed", medium=False):
    if engine == "mixed":
        cast = CASTS[n % len(CASTS)]
        speakers = max(1, len(cast))
        lines = [f"Speaker {1 + i % speakers}: {varied(n, i)}" for i in range(speakers + n % 3)]
    else:
        cast = SINGLE[engine][1 if medium else 0]
        lines = [f"Speaker 1: {varied(n, 0)}"]
    body = {"script": "\n".join(lines)}
    if cast:
        body["voices"] = cast
    return body


def run_one(n, keep, engine="mixed", medium=False):
    job = request("POST", "/api/v1/syntheses", job_body(n, engine, medium))
    while job["status"] in ("QUEUED", "RUNNING"):
        time.sleep(0.005)
        job = request("GET", f"/api/v1/syntheses/{job['id']}")
    if job["status"] != "SUCCEEDED":
        raise SystemExit(f"job {n} ({job['id']}) ended {job['status']}: {job.get('error')}")
    with urllib.request.urlopen(base() + job["audio"]["url"], timeout=60) as r:
        while r.read(65536):
            pass
    if not keep:
        request("DELETE", f"/api/v1/syntheses/{job['id']}")
    return job


def sample(server, n, kept, started):
    nmt = server.native_memory()
    connections, in_use = server.db_connections()
    audio, partial = server.files_under_data()
    rss = server.rss()
    row = {"job": n, "elapsed_s": round(time.monotonic() - started, 1), "rss_bytes": rss,
           "rss_trimmed_bytes": server.rss_after_native_trim(),
           "heap_after_gc_bytes": server.heap_after_gc(), "nmt_total_bytes": nmt.get("Total", -1),
           "open_files": server.open_files(), "threads": server.threads(), "db_connections": connections,
           "db_in_use": in_use, "audio_files": audio, "partial_files": partial, "temp_files": server.temp_files(),
           "kept_jobs": kept}
    for category, value in nmt.items():
        if category != "Total":
            row["nmt_" + category.lower().replace(" ", "_")] = value
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=10000)
    parser.add_argument("--every", type=int, default=250)
    parser.add_argument("--quick", action="store_true", help="1,000 jobs, a sample every 50")
    parser.add_argument("--recycle-every", type=int, default=0, help="recycle the engines every M jobs")
    parser.add_argument("--engine", choices=["mixed", "espeak", "torchscript", "onnx"], default="mixed",
                        help="mixed casts (default) or one engine alone")
    parser.add_argument("--medium", action="store_true", help="the benchmark voice instead of the tiny test packs")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="a variable in the server's environment, e.g. LRU_CACHE_CAPACITY=1024")
    parser.add_argument("--tag", default="")
    parser.add_argument("--property", action="append", default=[], metavar="KEY=VALUE",
                        help="a server system property, e.g. orator.memory.trim-interval-seconds=0")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless the end state is clean: no half-written files, audio files = kept jobs, "
                             "no connection in use (the CI smoke run)")
    args = parser.parse_args()
    if args.quick:
        args.jobs, args.every = 1000, 50
    tag = args.tag or ("-recycle" if args.recycle_every else "")
    properties = {"orator.cleanup.interval-seconds": 60}
    if args.recycle_every:
        properties["orator.engine.recycle-after-jobs"] = args.recycle_every
    properties.update(p.split("=", 1) for p in args.property)
    env = dict(e.split("=", 1) for e in args.env)
    voices = MEDIUM_VOICES if args.medium else VOICES
    if args.medium and not os.path.exists(os.path.join(MEDIUM_VOICES, "medium-ts.pt")):
        subprocess.run(["/usr/bin/python3", "src/test/voices/generate_test_voices.py", "--medium", MEDIUM_VOICES],
                       cwd=ROOT, check=True)
    report = {"benchmark": "soak", "machine": machine(), "jobs": args.jobs, "every": args.every,
              "heap": "-Xms512m -Xmx512m -XX:+AlwaysPreTouch", "database": "h2", "voices": "embedded espeak-ng + " + voices,
              "engine": args.engine, "cast": SINGLE[args.engine][1 if args.medium else 0] if args.engine != "mixed"
              else CASTS, "example_job": job_body(1, args.engine, args.medium), "server_env": env,
              "recycle_every": args.recycle_every, "properties": properties,
              "tag_note": ", ".join(args.property + args.env)}
    print(json.dumps(report), flush=True)

    server = Server("soak" + tag, voices=voices, properties=properties, env=env, nmt=True, pretouch=True).start()
    rows, started, kept = [], time.monotonic(), 0
    job_ms = []
    try:
        rows.append(sample(server, 0, kept, started))
        for n in range(1, args.jobs + 1):
            t0 = time.monotonic()
            keep = n % 4 == 0
            run_one(n, keep, args.engine, args.medium)
            kept += keep
            job_ms.append((time.monotonic() - t0) * 1000)
            if n % args.every == 0:
                rows.append(sample(server, n, kept, started))
                last = rows[-1]
                print(f"job {n}: RSS {last['rss_bytes'] / 2**20:.1f} MiB ({last['rss_trimmed_bytes'] / 2**20:.1f} trimmed), heap {last['heap_after_gc_bytes'] / 2**20:.1f}"
                      f" MiB, NMT {last['nmt_total_bytes'] / 2**20:.1f} MiB, fds {last['open_files']}, threads "
                      f"{last['threads']}, db {last['db_connections']}/{last['db_in_use']}, audio {last['audio_files']}"
                      f" (kept {kept}), partial {last['partial_files']}", flush=True)
    finally:
        server.stop()

    for row in rows:
        row["rss_outside_nmt_bytes"] = row["rss_bytes"] - row["nmt_total_bytes"]
        row["rss_trimmed_outside_nmt_bytes"] = row["rss_trimmed_bytes"] - row["nmt_total_bytes"]
    warm = [r for r in rows if r["job"] >= args.jobs // 5]
    late = [r for r in rows if r["job"] >= args.jobs // 2]
    xs = [r["job"] for r in warm]
    report["slopes_per_job_after_warmup"] = {s: slope(xs, [r[s] for r in warm])
                                            for s in SERIES + ["rss_outside_nmt_bytes", "rss_trimmed_outside_nmt_bytes"]}
    report["slopes_per_job_second_half"] = {s: slope([r["job"] for r in late], [r[s] for r in late])
                                            for s in ("rss_bytes", "rss_trimmed_bytes", "nmt_total_bytes",
                                                      "rss_outside_nmt_bytes", "rss_trimmed_outside_nmt_bytes")}
    report["first_warm"] = {s: warm[0][s] for s in SERIES}
    report["last"] = {s: rows[-1][s] for s in SERIES}
    report["max"] = {s: max(r[s] for r in warm) for s in SERIES}
    report["min"] = {s: min(r[s] for r in warm) for s in SERIES}
    ordered = sorted(job_ms)
    report["job_round_trip_ms"] = {"p50": ordered[len(ordered) // 2], "p99": ordered[int(len(ordered) * 0.99)],
                                   "max": ordered[-1], "mean_after_warmup": sum(job_ms[args.jobs // 5:]) /
                                   len(job_ms[args.jobs // 5:])}
    report["wall_s"] = round(time.monotonic() - started, 1)
    if args.recycle_every:
        recycles = recycle_lines(server)
        ms = sorted(r["ms"] for r in recycles)
        report["recycles"] = {"count": len(recycles), "ms_median": ms[len(ms) // 2] if ms else None,
                              "ms_max": ms[-1] if ms else None, "each": recycles}
    write(rows, report, tag)
    if args.check:
        check(rows[-1])


def check(last):
    problems = []
    if last["partial_files"]:
        problems.append(f"{last['partial_files']} half-written audio files left")
    if last["audio_files"] != last["kept_jobs"]:
        problems.append(f"{last['audio_files']} audio files for {last['kept_jobs']} kept jobs")
    if last["db_in_use"] != 0:
        problems.append(f"{last['db_in_use']} database connections still in use")
    if problems:
        raise SystemExit("soak check failed: " + "; ".join(problems))
    print("soak check: clean end state")


def recycle_lines(server):
    """Each recycle's cost and RSS before and after, from the server's own log line."""
    pattern = re.compile(r"Recycled the neural engines .* in (\d+) ms; RSS (\d+) MiB -> (\d+) MiB")
    recycles = []
    with open(os.path.join(server.home, "standalone", "log", "server.log"), errors="replace") as f:
        for line in f:
            match = pattern.search(line)
            if match:
                recycles.append({"ms": int(match.group(1)), "rss_before_mib": int(match.group(2)),
                                 "rss_after_mib": int(match.group(3))})
    return recycles


def write(rows, report, tag):
    fields = sorted({k for r in rows for k in r}, key=lambda k: (k not in ("job", "elapsed_s"), k))
    with open(os.path.join(OUT, f"soak{tag}.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(rows)
    with open(os.path.join(OUT, f"soak{tag}.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no matplotlib: apt-get install python3-matplotlib for the plot", file=sys.stderr)
        return
    slopes = report["slopes_per_job_after_warmup"]
    # Memory as growth since the first sample after warm-up, so a few MiB are visible on a 1 GiB process.
    base_row = next(r for r in rows if r["job"] >= report["jobs"] // 5)
    for row in rows:
        for key in ("rss_bytes", "nmt_total_bytes", "heap_after_gc_bytes", "rss_outside_nmt_bytes"):
            row["growth_" + key] = row[key] - base_row[key]
    slopes.update({"growth_" + k: v for k, v in list(slopes.items())})
    panels = [(f"growth since job {base_row['job']} (MiB)", [("growth_rss_bytes", "RSS"),
                ("growth_nmt_total_bytes", "NMT committed (JVM)"), ("growth_rss_outside_nmt_bytes", "RSS outside NMT (native libraries)"),
                ("growth_heap_after_gc_bytes", "heap after GC")], 2**20),
              ("count", [("open_files", "open files"), ("threads", "threads"), ("db_connections", "DB connections")], 1),
              ("files", [("audio_files", "audio files"), ("kept_jobs", "kept jobs"), ("partial_files", "partial files")], 1)]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for ax, (ylabel, series, scale) in zip(axes, panels):
        for key, label in series:
            suffix = f" ({slopes[key]:+.0f} B/job)" if key in slopes and scale > 1 else (
                f" ({slopes[key] * 1000:+.2f}/1k jobs)" if key in slopes else "")
            ax.plot([r["job"] for r in rows], [r[key] / scale for r in rows], label=label + suffix)
        ax.set_xlabel("jobs")
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=8)
    recycle = f", engines recycled every {report['recycle_every']} jobs" if report["recycle_every"] else ""
    fig.suptitle(f"Orator soak: {report['jobs']} mixed jobs, heap pinned 512 MiB, NMT on{recycle}"
                 f"{', ' + report['tag_note'] if report.get('tag_note') else ''}")
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, f"soak{tag}.png"), dpi=100)


if __name__ == "__main__":
    main()
