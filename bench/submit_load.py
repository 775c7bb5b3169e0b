#!/usr/bin/python3
"""Submit load: concurrent clients posting jobs, on H2 and on PostgreSQL.

    /usr/bin/python3 bench/submit_load.py                      # both databases, dispatch paused and running
    /usr/bin/python3 bench/submit_load.py --databases h2 --modes paused --duration 20
    /usr/bin/python3 bench/submit_load.py --databases postgresql --modes paused --connections 4 --repeat 3

Needs a built project (``mvn -DskipTests package``) and Debian's wrk; PostgreSQL on
127.0.0.1:5432 (database test, trust authentication) for the PostgreSQL run. For each database
it starts a private server copy (bench/server.py; queue limit raised so nothing is refused for
being full), then per mode ("paused": dispatch paused, the submit path alone; "running": the
worker speaks the jobs meanwhile, on the same cores) runs wrk (bench/submit_load.lua) for a
warm-up and then the measured interval, once per way in (--auth: "none", anonymous from this
machine; "key", an API key in every request, made through the admin API at start), the ways in
alternating so that their difference is measured under the same conditions; and checks that every job wrk saw accepted (202) is in
the database (the job counts by status before and after; the database may hold up to one more
job per connection, sent when wrk stopped and never counted by it). Writes bench/out/submit_load.json.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, ROOT, Server, admin, admin_headers, base, machine, request  # noqa: E402

LUA = os.path.join(ROOT, "bench", "submit_load.lua")


def wrk(seconds, connections, threads, authorization=""):
    env = {**os.environ, "ORATOR_BENCH_AUTHORIZATION": authorization}
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", LUA, base()],
                         check=True, text=True, capture_output=True, env=env).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("{")))


def jobs_in_database():
    return sum(admin("GET", "dashboard?hours=1")["jobs"].values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="h2,postgresql")
    parser.add_argument("--modes", default="paused,running")
    parser.add_argument("--connections", default="4,8,16",
                        help="connection counts to sweep: with every connection busy, mean latency is "
                             "connections / throughput, so the count decides the latency a rate implies")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--auth", default="none,key", help="ways in to compare: none (anonymous) and key (API key)")
    parser.add_argument("--repeat", type=int, default=1, help="measure each combination this many times, interleaved")
    parser.add_argument("--clients", type=int, default=1,
                        help="with --auth key: spread the load over this many clients, one per wrk thread "
                             "(raise --threads to match)")
    parser.add_argument("--warmup", type=int, default=15, help="seconds of load before each measurement")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--port-offset", type=int, default=None, help="to run beside another server")
    parser.add_argument("--jfr", help="record a Java Flight Recording of the server into this file")
    parser.add_argument("--gc-log", help="write the server's GC log (pauses) into this file")
    args = parser.parse_args()
    report = {"benchmark": "submit_load", "machine": machine(), "heap": "-Xms512m -Xmx512m",
              "wrk": f"-t{args.threads} -c{args.connections}, warm-up {args.warmup} s, measured {args.duration} s",
              "note": "wrk runs on the same cores as the server", "runs": []}
    print(json.dumps(report), flush=True)
    for database in args.databases.split(","):
        server = Server(f"submit-{database}", database=database,
                        properties={"orator.queue.max-depth": 100_000_000, "orator.clients.max-queued-jobs": 0},
                        port_offset=args.port_offset, jfr=args.jfr,
                        gc_log=args.gc_log).start()
        try:
            keys = [request("POST", "/api/v1/admin/keys", {"client": f"bench-{n}", "name": "submit load"},
                            headers=admin_headers())["key"] for n in range(args.clients)]
            authorizations = {"none": "", "key": ";".join("Bearer " + key for key in keys)}
            combinations = [(m, int(c), a) for m in args.modes.split(",") for c in args.connections.split(",")
                            for _ in range(args.repeat) for a in args.auth.split(",")]
            # The first minute of load still compiles the submit path: spent on every way in
            # before anything is measured, so that no way in is measured colder than another.
            for auth in args.auth.split(","):
                wrk(args.warmup, 4, args.threads, authorizations[auth])
            for mode, connections, auth in combinations:
                admin("POST", "dispatch/pause" if mode == "paused" else "dispatch/resume")
                before = jobs_in_database()
                warm = wrk(args.warmup, connections, args.threads, authorizations[auth])
                measured = wrk(args.duration, connections, args.threads, authorizations[auth])
                after = jobs_in_database()
                accepted = warm["accepted"] + measured["accepted"]
                # wrk stops with up to one request per connection in flight: the server may still
                # accept those, but wrk never counts their answers.
                in_flight = 2 * connections
                run = {"database": database, "mode": mode, "connections": connections, "auth": auth,
                       "clients": args.clients if auth == "key" else 1, **measured,
                       "accepted_per_s": measured["accepted"] / measured["duration_s"],
                       "accepted_total": accepted, "jobs_added_to_database": after - before,
                       "every_accepted_job_stored": accepted <= after - before <= accepted + in_flight}
                report["runs"].append(run)
                print(json.dumps(run), flush=True)
            admin("POST", "dispatch/pause")
        finally:
            server.stop()
    with open(os.path.join(OUT, "submit_load.json"), "w") as f:
        json.dump(report, f, indent=2)
    print("\n| database | dispatch | connections | auth | accepted jobs/s | p50 | p99 | max | errors | all stored |")
    for r in report["runs"]:
        errors = r["not_accepted"] + r["socket_errors"]
        print(f"| {r['database']} | {r['mode']} | {r['connections']} | {r['auth']} | {r['accepted_per_s']:.0f} | {r['p50_ms']:.2f} ms | "
              f"{r['p99_ms']:.1f} ms | {r['max_ms']:.0f} ms | {errors} | {r['every_accepted_job_stored']} |")


if __name__ == "__main__":
    main()
