#!/usr/bin/python3
"""Resume after a crash: a long espeak-ng job is killed with SIGKILL (the whole server, as
kill -9 does) at about half way, the server is started again on the same database and audio,
and the job finishes. Reports how much of the job the second attempt spoke again: the chunks
between the last kept segment (where attempt 2 continues, from the server's log) and the last
progress the first attempt recorded before it died (recorded every 0.5 s, so the true figure
can be a little higher), as chunks and seconds of audio, against one segment
(orator.resume.segment-seconds, 60 s). Also compares the audio with an uninterrupted run's.

    /usr/bin/python3 bench/resume.py                 # ~30 minutes of speech, 3 rounds, PostgreSQL
    /usr/bin/python3 bench/resume.py --sentences 1320 --rounds 5 --database h2

Needs a built project (``mvn -DskipTests package``). Writes bench/out/resume.json.
"""
import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, Server, machine  # noqa: E402


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read()) if r.headers.get("Content-Type", "").startswith("application/json") else r.read()


def wait(base, job, done):
    while True:
        state = call(base, "GET", f"/api/v1/syntheses/{job}")
        if done(state):
            return state
        time.sleep(0.05)


def audio_digest(base, job):
    with urllib.request.urlopen(f"{base}/api/v1/syntheses/{job}/audio", timeout=300) as r:
        return hashlib.sha256(r.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=440)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=["postgresql", "h2"], default="postgresql",
                        help="H2 keeps the last ~0.5 s of commits in memory (its write delay): a SIGKILL loses them")
    args = parser.parse_args()
    script = "\n".join(f"Speaker {i % 2 + 1}: This is sentence number {i} of a long script that keeps the worker busy."
                       for i in range(args.sentences))
    server = Server("resume", port_offset=600, database=args.database)
    server.start()
    base = f"http://127.0.0.1:{8080 + server.port_offset}"
    rows = []
    try:
        reference = call(base, "POST", "/api/v1/syntheses", {"script": script})["id"]
        ref = wait(base, reference, lambda s: s["status"] == "SUCCEEDED")
        total, seconds = ref["chunks"]["total"], ref["audio"]["durationSeconds"]
        reference_digest = audio_digest(base, reference)
        for round_ in range(args.rounds):
            job = call(base, "POST", "/api/v1/syntheses", {"script": script})["id"]
            seen = wait(base, job, lambda s: s["status"] == "RUNNING" and s.get("chunks", {}).get("done", 0) * 2 >= total)
            server.kill()
            # The last progress the dead attempt recorded: what the poll saw just before the kill.
            last_recorded = seen["chunks"]["done"]
            server.start(fresh=False)
            finished = wait(base, job, lambda s: s["status"] in ("SUCCEEDED", "FAILED"))
            with open(os.path.join(server.home, "server.log")) as log:
                continued = [int(m.group(1)) for m in re.finditer(rf"Job {job} attempt 2 continues after \d+ kept segments, at chunk (\d+)",
                                                                 log.read())]
            kept = continued[-1] if continued else 0
            redone = max(0, last_recorded - kept)
            row = {"round": round_ + 1, "chunksTotal": total, "killedAfterChunk": last_recorded, "continuedAtChunk": kept,
                   "chunksRedone": redone, "secondsRedone": round(redone * seconds / total, 1),
                   "status": finished["status"], "attempts": finished["stats"]["attempts"],
                   "sameAudio": audio_digest(base, job) == reference_digest}
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        server.stop()
    redone = [r["secondsRedone"] for r in rows]
    summary = {"machine": machine(), "database": args.database, "sentences": args.sentences, "audioSeconds": seconds, "chunks": total,
               "segmentSeconds": 60, "rounds": rows, "secondsRedoneMedian": statistics.median(redone),
               "secondsRedoneMax": max(redone), "allSameAudio": all(r["sameAudio"] for r in rows)}
    print(f"redone after a kill at ~50 %: median {summary['secondsRedoneMedian']} s of audio, max {summary['secondsRedoneMax']} s "
          f"(one segment: 60 s); same audio as uninterrupted: {summary['allSameAudio']}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "resume.json"), "w") as f:
        json.dump(summary, f, indent=2)


if __name__ == "__main__":
    main()
