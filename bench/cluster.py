#!/usr/bin/python3
"""Two nodes against one: jobs per minute, and how often the nodes race for the same queued job.

Each round starts fresh servers on one PostgreSQL database and one bucket (S3Proxy in a JVM of
its own), queues the same batch of short two-speaker jobs with dispatch paused (submitted
round-robin to the nodes under test), resumes dispatch on every node at once and times the
batch from that moment to its last SUCCEEDED job. Arms alternate, one node then two, so that
both see the same machine; everything (servers, database, store, this client) shares its cores,
as two nodes on one machine would. The claim figures are the nodes' own
(``GET /api/v1/admin/dispatch``: claims, claimsLostToOtherNodes).

    /usr/bin/python3 bench/cluster.py                       # 300 jobs, 3 rounds per arm
    /usr/bin/python3 bench/cluster.py --jobs 40 --sentences 60 --out cluster-long.json   # synthesis-bound

Needs a built project (``mvn -DskipTests package``) and PostgreSQL on 127.0.0.1:5432 (trust
authentication; database test is reset). Writes bench/out/cluster.json (or --out).
"""
import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, BucketServer, Server, admin_headers, machine  # noqa: E402


def call(base, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=120) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def cpu_ticks():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def admin(base, method, path):
    return call(base, method, "/api/v1/admin/" + path, headers=admin_headers())


def run_round(bucket, nodes, jobs, sentences, round_):
    properties = {**bucket.settings(f"cluster-{round_}-{nodes}"), "orator.queue.max-depth": str(jobs + 10),
                  "orator.clients.max-queued-jobs": "0"}
    servers = [Server(f"cluster-node-{i + 1}", properties=properties, database="postgresql", port_offset=600 + 100 * i,
                      joins=i > 0) for i in range(nodes)]
    try:
        bases = []
        for server in servers:
            server.start()
            bases.append(f"http://127.0.0.1:{8080 + server.port_offset}")
        for base in bases:
            admin(base, "POST", "dispatch/pause")
        ids = []
        for i in range(jobs):
            script = "\n".join(f"Speaker {s % 2 + 1}: Job number {i} says sentence {s}, spoken by whichever node takes it."
                               for s in range(sentences))
            ids.append(call(bases[i % nodes], "POST", "/api/v1/syntheses", {"script": script})["id"])
        # Every node starts claiming at the same moment.
        start = threading.Barrier(nodes)
        threads = [threading.Thread(target=lambda b=base: (start.wait(), admin(b, "POST", "dispatch/resume")))
                   for base in bases]
        started = time.perf_counter()
        busy_before, total_before = cpu_ticks()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        while True:
            counts = admin(bases[0], "GET", "dashboard?hours=1")["jobs"]
            if counts.get("SUCCEEDED", 0) + counts.get("FAILED", 0) >= jobs:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        busy_after, total_after = cpu_ticks()
        # Of all the machine's cores, how many were busy on average during the batch.
        cores_busy = (busy_after - busy_before) / (total_after - total_before) * os.cpu_count()
        dispatch = [admin(base, "GET", "dispatch") for base in bases]
        claims = sum(d["claims"] for d in dispatch)
        lost = sum(d["claimsLostToOtherNodes"] for d in dispatch)
        row = {"nodes": nodes, "round": round_, "jobs": jobs, "sentencesPerJob": sentences, "seconds": seconds, "jobsPerMinute": jobs * 60 / seconds,
               "succeeded": counts.get("SUCCEEDED", 0), "failed": counts.get("FAILED", 0),
               "claimsPerNode": [d["claims"] for d in dispatch], "claims": claims, "claimsLost": lost,
               "claimConflictRate": lost / (claims + lost) if claims + lost else 0.0,
               "coresBusy": cores_busy}
        print(f"round {round_}, {nodes} node(s): {row['jobsPerMinute']:.0f} jobs/min ({seconds:.1f} s), claims "
              f"{row['claimsPerNode']}, lost {lost} ({row['claimConflictRate']:.2%}), failed {row['failed']}, {cores_busy:.2f} of {os.cpu_count()} cores busy", flush=True)
        return row
    finally:
        for server in servers:
            server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=2, help="sentences a job: more makes synthesis, not overhead, the work")
    parser.add_argument("--out", default="cluster.json")
    args = parser.parse_args()
    rows = []
    with BucketServer() as bucket:
        for round_ in range(1, args.rounds + 1):
            for nodes in ((1, 2) if round_ % 2 else (2, 1)):
                rows.append(run_round(bucket, nodes, args.jobs, args.sentences, round_))
    one = [r["jobsPerMinute"] for r in rows if r["nodes"] == 1]
    two = [r["jobsPerMinute"] for r in rows if r["nodes"] == 2]
    ratios = [t / o for o, t in zip(one, two)]
    summary = {"oneNodeJobsPerMinute": statistics.median(one), "twoNodesJobsPerMinute": statistics.median(two),
               "twoOverOne": {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)},
               "claimConflictRate": statistics.median(r["claimConflictRate"] for r in rows if r["nodes"] == 2)}
    print(json.dumps(summary, indent=2))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, args.out), "w") as f:
        json.dump({"machine": machine(), "rounds": rows, "summary": summary}, f, indent=2)


if __name__ == "__main__":
    main()
