#!/usr/bin/python3
"""Neural voice benchmark (CPU): service throughput against a raw engine loop, and RSS over
thousands of jobs for the normal engine and for a deliberately leaking variant.

Needs a built project (mvn -DskipTests package), Debian's python3-torch (the medium test voice
is generated on first run) and, for the plot, python3-matplotlib. Run from the project root:

    /usr/bin/python3 bench/neural_service.py [--chunks 40] [--rounds 3] [--jobs 2000]

What it does:
1. throughput, A/B alternating in one run: the raw loop (bench/RawLoop.java: the same engine
   classes in a plain JVM) speaks N chunks; then one job of the same N chunks goes through the
   whole service (REST, database, dispatch, pipeline, WAV file), timed from the job's creation
   to its finish by the server's clock. Ratio = service / raw chunks/s.
2. RSS over --jobs one-chunk jobs with the heap pinned, sampled from /proc; least-squares slope
   after warm-up (the first quarter).
3. The same with -Dorator.fault.leak-native-memory=true, to show the harness sees a leak.
Writes bench/out/neural_service.json, bench/out/neural_rss.csv and bench/out/neural_rss.png.
"""
import argparse
import csv
import json
import os
import platform
import re
import statistics
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
import server as copies  # noqa: E402
from server import OUT, ROOT, Server, sh  # noqa: E402

VOICES = os.path.join(ROOT, "voices-generated")
VOICE = "medium-ts"
CHUNK = ("The lighthouse keeper climbed the spiral stairs every evening at dusk, "
         "counting the steps as his father had taught him.")
SHORT = "A short line for a soak."


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def start_server(properties):
    """A fresh server copy (bench/server.py) on the generated voices; MALLOC_* settings pass through."""
    return Server("neural", voices=VOICES, properties=properties).start()


def run_job(script, poll=0.005):
    return copies.run_job({"script": script, "voices": {"1": VOICE}}, poll=poll)


def raw_loop(classpath, chunks):
    """Chunks a second, and CPU seconds a chunk, of the raw loop."""
    out = sh(f"java -Xms512m -Xmx512m -Dai.djl.offline=true -cp '{classpath}' bench/RawLoop.java "
             f"{VOICES} {VOICE} {chunks} '{CHUNK}' {OUT}/raw-data", cwd=ROOT)
    fields = dict(part.split("=", 1) for part in out.split())
    chunks_done = int(fields["chunks"])
    threads = {}
    for entry in filter(None, fields.get("threads", "").split(",")):
        name, ms = entry.rsplit(":", 1)
        threads[name] = round(int(ms) / chunks_done, 1)
    return chunks_done / float(fields["seconds"]), float(fields["cpuSeconds"]) / chunks_done, threads


def thread_cpu_ms(pid):
    """CPU milliseconds so far of a process's threads, summed by name (digits as #, spaces as _), as RawLoop prints."""
    by_name = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                name = re.sub(r"\d+", "#", f.read().strip()).replace(" ", "_")
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # the thread ended meanwhile
        ticks = int(fields[11]) + int(fields[12])
        by_name[name] = by_name.get(name, 0) + ticks * 1000 // os.sysconf("SC_CLK_TCK")
    return by_name


def thread_delta(after, before, chunks):
    """Milliseconds a chunk, by thread name, of what ran between two readings."""
    delta = {name: (ms - before.get(name, 0)) / chunks for name, ms in after.items()}
    return {name: round(ms, 1) for name, ms in sorted(delta.items(), key=lambda item: -item[1]) if ms > 0}


def process_cpu_seconds(pid):
    """User and system CPU time of a process so far, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def soak(jobs, server, label):
    rows = []
    for n in range(1, jobs + 1):
        run_job("Speaker 1: " + SHORT)
        if n % 20 == 0 or n == 1:
            rows.append({"variant": label, "job": n, "rss_bytes": server.rss()})
    tail = [r for r in rows if r["job"] > jobs // 4]
    xs, ys = [r["job"] for r in tail], [r["rss_bytes"] for r in tail]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return rows, slope


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--warm-up-jobs", type=int, default=0,
                        help="full-size jobs the server runs before the first round (the raw loop warms up on 5 chunks)")
    parser.add_argument("--only", choices=["throughput", "soak"], help="run one part only")
    parser.add_argument("--no-leak", action="store_true", help="skip the leaking variant's soak")
    parser.add_argument("--tag", default="", help="suffix for the output files, e.g. the allocator setting")
    parser.add_argument("--property", action="append", default=[], metavar="KEY=VALUE",
                        help="a server system property, e.g. orator.loudness.target=off; repeatable")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if not os.path.exists(os.path.join(VOICES, VOICE + ".pt")):
        sh(f"/usr/bin/python3 src/test/voices/generate_test_voices.py --medium {VOICES}", cwd=ROOT)
    classpath = sh("mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout",
                   cwd=ROOT).strip() + ":" + os.path.join(ROOT, "target", "classes")
    report = {"machine": f"{os.cpu_count()} CPUs, {platform.platform()}",
              "java": sh("java -version 2>&1 | head -1").strip(), "voice": VOICE, "device": "cpu",
              "chunk": CHUNK, "chunks_per_round": args.chunks}
    print(json.dumps(report))

    report["server_env"] = {k: v for k, v in os.environ.items() if k.startswith("MALLOC_") or k == "LD_PRELOAD"}
    properties = dict(p.split("=", 1) for p in args.property)
    report["server_properties"] = properties
    server = start_server(properties)
    if args.only != "soak":
        throughput(args, classpath, report, server)
    if args.only == "throughput":
        server.stop()
        write(report, args.tag)
        return
    soaks(args, server, report)


def throughput(args, classpath, report, server):
    raw, service, raw_cpu, service_cpu, raw_threads, service_threads, overheads = [], [], [], [], [], [], []
    script = "\n".join(f"Speaker 1: {CHUNK}" for _ in range(args.chunks))
    run_job("Speaker 1: " + CHUNK)  # warm-up
    for _ in range(args.warm_up_jobs):
        # The server's own code (REST, database, pipeline) is far larger than the raw loop's, and
        # its JIT compiler keeps a core busy for a while: these jobs let it settle first.
        run_job(script, poll=0.5)
    report["warm_up_jobs"] = args.warm_up_jobs
    for _ in range(args.rounds):
        rate, cpu, threads = raw_loop(classpath, args.chunks)
        raw.append(rate)
        raw_cpu.append(cpu)
        raw_threads.append(threads)
        # Polled slowly, so the poller takes no CPU from the job; timed by the server's own clock
        # from the submission's commit to the finished file. The server's CPU time over the job
        # includes its idle timers, a few milliseconds a second.
        cpu_before = process_cpu_seconds(server.pid)
        threads_before = thread_cpu_ms(server.pid)
        job = run_job(script, poll=0.5)
        service_cpu.append((process_cpu_seconds(server.pid) - cpu_before) / args.chunks)
        service_threads.append(thread_delta(thread_cpu_ms(server.pid), threads_before, args.chunks))
        wall = (parse(job["finishedAt"]) - parse(job["createdAt"])).total_seconds()
        service.append(args.chunks / wall)
        # Time of the job outside the worker's run (queue, claim, the outcome's commit).
        overheads.append(wall - job["stats"]["synthesisMillis"] / 1000)
        print(f"raw {raw[-1]:.2f} chunks/s ({raw_cpu[-1] * 1000:.0f} ms CPU a chunk), service {service[-1]:.2f} "
              f"chunks/s ({service_cpu[-1] * 1000:.0f} ms CPU a chunk; job synthesis "
              f"{job['stats']['synthesisMillis']} ms, wall {wall:.2f} s)", flush=True)
        print(f"  CPU ms a chunk by thread, raw: {raw_threads[-1]}\n  service: {service_threads[-1]}", flush=True)
    ratios = [s / r for s, r in zip(service, raw)]
    report["throughput"] = {"raw_chunks_per_s": raw, "service_chunks_per_s": service, "ratios": ratios,
                            "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
                            "raw_cpu_seconds_per_chunk": raw_cpu, "service_cpu_seconds_per_chunk": service_cpu,
                            "service_seconds_outside_the_run": overheads,
                            "raw_thread_cpu_ms_per_chunk": raw_threads, "service_thread_cpu_ms_per_chunk": service_threads}
    print(json.dumps(report["throughput"]), flush=True)


def soaks(args, server, report):
    rows, slope = soak(args.jobs, server, "normal")
    report["rss_normal"] = {"jobs": args.jobs, "slope_bytes_per_job": slope,
                            "first_mib": rows[0]["rss_bytes"] / 2**20, "last_mib": rows[-1]["rss_bytes"] / 2**20}
    print(json.dumps(report["rss_normal"]), flush=True)
    server.stop()
    if args.no_leak:
        with open(os.path.join(OUT, f"neural_rss{args.tag}.csv"), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["variant", "job", "rss_bytes"])
            writer.writeheader()
            writer.writerows(rows)
        write(report, args.tag)
        return

    server = start_server({"orator.fault.leak-native-memory": "true"})
    leak_rows, leak_slope = soak(args.jobs, server, "leaking")
    report["rss_leaking"] = {"jobs": args.jobs, "slope_bytes_per_job": leak_slope,
                             "first_mib": leak_rows[0]["rss_bytes"] / 2**20, "last_mib": leak_rows[-1]["rss_bytes"] / 2**20}
    print(json.dumps(report["rss_leaking"]), flush=True)
    server.stop()

    with open(os.path.join(OUT, f"neural_rss{args.tag}.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["variant", "job", "rss_bytes"])
        writer.writeheader()
        writer.writerows(rows + leak_rows)
    write(report, args.tag)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for label, data, s in (("engine as shipped", rows, slope), ("leaking variant", leak_rows, leak_slope)):
            ax.plot([r["job"] for r in data], [r["rss_bytes"] / 2**20 for r in data],
                    label=f"{label} (slope {s / 1024:.1f} KiB/job)")
        ax.set_xlabel("jobs")
        ax.set_ylabel("server RSS (MiB)")
        ax.set_title(f"Orator RSS over {args.jobs} one-chunk jobs, {VOICE} on CPU, heap pinned 512 MiB")
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(OUT, f"neural_rss{args.tag}.png"), dpi=110)
    except ImportError:
        print("no matplotlib: apt-get install python3-matplotlib for the plot", file=sys.stderr)
    print(json.dumps(report, indent=2))


def write(report, tag):
    with open(os.path.join(OUT, f"neural_service{tag}.json"), "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
