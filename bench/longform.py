#!/usr/bin/python3
"""Long-form: a generated 90-minute, four-speaker script against a 1-minute one, each in a freshly
started server, so the process's peak RSS (VmHWM) belongs to that one job.

    /usr/bin/python3 bench/longform.py                       # espeak-ng and a neural test voice
    /usr/bin/python3 bench/longform.py --engines espeak --rounds 3
    /usr/bin/python3 bench/longform.py --engines espeak,torchscript,onnx --long-sentences
    /usr/bin/python3 bench/longform.py --engines torchscript-medium,onnx-medium   # the benchmark voice

Needs a built project (``mvn -DskipTests package``) and, for the plot, python3-matplotlib.
The heap is pinned and pre-touched (its pages resident from the start), so heap pages first
touched by a longer job cannot pass for growth. For each engine and script length: peak RSS of
the server (VmHWM after the job; the growth over the RSS just before it), RSS sampled
every 0.5 s while the job runs, wall time (the job's own createdAt -> finishedAt), real-time
factor, the output's duration and size. Writes bench/out/longform.json, longform.csv and
longform.png. The longest job's peak RSS should not grow with the script's length; --minutes 1,10,30,90
shows whether growth during a job levels off or keeps rising with length. --long-sentences makes
one sentence in three a chain of clauses long enough that the chunker packs it into chunks of up
to orator.synthesis.max-chunk-characters (300), so the engines see the longest inputs a job gives
them. The *-medium casts speak with the benchmark voice (target/bench-voices, generated if missing).
--formats mp3,opus,aac,flac,wav then downloads each job's audio in each format (encoded as it
streams) and records the server's peak RSS during each download over its RSS just before it
(VmHWM reset between downloads), twice each, so a 90-minute job's mp3 can be compared with its WAV
and with a 1-minute job's mp3.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
from server import BASE, OUT, ROOT, Server, machine, request  # noqa: E402

VOICES = os.path.join(ROOT, "src", "test", "resources", "voices")
MEDIUM_VOICES = os.path.join(ROOT, "target", "bench-voices")

ENGINES = {
    "espeak": {},
    "neural": {"1": "tiny-ts", "2": "multi-ts#p225", "3": "tiny-onnx", "4": "multi-onnx#p228"},
    # The neural cast split by runtime, to tell PyTorch's memory from ONNX Runtime's.
    "torchscript": {"1": "tiny-ts", "2": "multi-ts#p225", "3": "tiny-ts-scales", "4": "multi-ts#p228"},
    "onnx": {"1": "tiny-onnx", "2": "multi-onnx#p225", "3": "tiny-onnx", "4": "multi-onnx#p228"},
    # The benchmark voice (Piper medium's size) in Piper's traced form and as ONNX.
    "torchscript-medium": {"1": "medium-ts", "2": "medium-ts-scales", "3": "medium-ts", "4": "medium-ts-scales"},
    "onnx-medium": {"1": "medium-onnx", "2": "medium-onnx", "3": "medium-onnx", "4": "medium-onnx"},
}
SUBJECTS = ["the lighthouse keeper", "our guest", "the committee", "a small team", "the old radio",
            "every listener", "the north wind", "that second draft", "the river town", "a careful reader"]
VERBS = ["remembered", "described", "rebuilt", "questioned", "carried", "measured", "painted", "answered",
         "followed", "translated"]
OBJECTS = ["the long winter of the storm", "a map of forgotten harbours", "the sound of distant trains",
           "twelve letters nobody had opened", "the rules of an older game", "a bridge made of cedar",
           "the quiet hours before dawn", "a recipe for bread and patience", "the numbers in the margin",
           "a song about leaving home"]
TAILS = ["and nobody was surprised", "before the lights went out", "with more care than anyone expected",
         "while the kettle sang", "because the schedule said so", "and then, at last, it rained"]


def script(words, seed=7, long_sentences=False):
    """A deterministic four-speaker dialogue of about ``words`` words, in turns of two to four sentences."""
    rng = random.Random(seed)
    lines, count, speaker = [], 0, 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            sentence = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            if long_sentences and rng.random() < 1 / 3:
                for _ in range(rng.randint(3, 7)):
                    sentence += f", {rng.choice(TAILS)}, while {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            elif rng.random() < 0.5:
                sentence += ", " + rng.choice(TAILS)
            sentences.append(sentence + rng.choice([".", ".", "?", "!"]))
        text = " ".join(sentences)
        lines.append(f"Speaker {speaker + 1}: {text}")
        count += len(text.split())
        speaker = (speaker + 1) % 4
    return "\n".join(lines)


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def download(server, job_id, fmt):
    """Fetches the job's audio in ``fmt``, reading it as a client would; peak RSS growth while it streams."""
    time.sleep(2)
    before = server.rss()
    server.reset_peak_rss()
    started, size = time.monotonic(), 0
    with urllib.request.urlopen(f"{BASE}/api/v1/syntheses/{job_id}/audio?format={fmt}", timeout=1800) as r:
        while True:
            block = r.read(1 << 16)
            if not block:
                break
            size += len(block)
    seconds = time.monotonic() - started
    peak = server.peak_rss()
    return {"bytes": size, "seconds": round(seconds, 2), "rss_before_bytes": before, "peak_rss_bytes": peak,
            "peak_growth_bytes": peak - before}


def body_for(engine, text):
    body = {"script": text}
    if ENGINES[engine]:
        body["voices"] = ENGINES[engine]
    return body


def run_job(body):
    job = request("POST", "/api/v1/syntheses", body)
    while job["status"] in ("QUEUED", "RUNNING"):
        time.sleep(1)
        job = request("GET", f"/api/v1/syntheses/{job['id']}")
    return job


def measure(engine, label, text, properties, env, tag="", formats=(), warm_up=None):
    voices = MEDIUM_VOICES if engine.endswith("-medium") else VOICES
    if voices == MEDIUM_VOICES and not os.path.exists(os.path.join(MEDIUM_VOICES, "medium-ts.pt")):
        subprocess.run(["/usr/bin/python3", "src/test/voices/generate_test_voices.py", "--medium", MEDIUM_VOICES],
                       cwd=ROOT, check=True)
    server = Server(f"longform{tag}-{engine}-{label}", voices=voices, pretouch=True, properties=properties,
                    env=env).start()
    try:
        if warm_up:
            # What a server's first job loads once (JIT-compiled code, classes, the engines' first
            # buffers) is not the long job's: run a short job first and measure from after it,
            # once the worker's trim after it has run.
            warmed = run_job(body_for(engine, warm_up))
            if warmed["status"] != "SUCCEEDED":
                raise SystemExit(f"{engine} warm-up: job ended {warmed['status']}: {warmed.get('error')}")
            time.sleep(12)
        baseline = server.rss()
        samples, done = [], threading.Event()

        def sampler():
            t0 = time.monotonic()
            while not done.is_set():
                samples.append((round(time.monotonic() - t0, 1), server.rss()))
                done.wait(0.5)

        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
        job = run_job(body_for(engine, text))
        done.set()
        thread.join()
        if job["status"] != "SUCCEEDED":
            raise SystemExit(f"{engine} {label}: job ended {job['status']}: {job.get('error')}")
        wall = (parse(job["finishedAt"]) - parse(job["createdAt"])).total_seconds()
        after = server.rss()
        # The worker trims the native heap after a job (orator.memory.trim-interval-seconds); read again once it has.
        time.sleep(12)
        settled = server.rss()
        result = {"engine": engine, "script": label, "words": len(text.split()), "characters": len(text),
                  "warm_up_job_first": bool(warm_up),
                  "rss_after_job_bytes": after, "rss_after_minus_before_bytes": after - baseline,
                  "rss_12s_after_job_bytes": settled, "rss_12s_after_minus_before_bytes": settled - baseline,
                  "turns": text.count("\n") + 1, "rss_before_job_bytes": baseline,
                  "peak_rss_bytes": server.peak_rss(), "max_sampled_rss_during_job_bytes": max(r for _, r in samples),
                  "growth_during_job_bytes": server.peak_rss() - baseline,
                  "wall_s": wall, "synthesis_ms": job["stats"]["synthesisMillis"],
                  "real_time_factor": job["stats"]["realTimeFactor"],
                  "audio_seconds": job["audio"]["durationSeconds"], "audio_bytes": job["audio"]["bytes"],
                  "chunks": job.get("chunks", {}).get("total")}
        if formats:
            # Twice each: the first also pays for what a format's first use loads once (its
            # library, the JIT's code for the encoder); the second shows the steady state.
            result["downloads"] = {}
            for fmt in formats:
                result["downloads"][fmt] = download(server, job["id"], fmt)
                result["downloads"][fmt + "-again"] = download(server, job["id"], fmt)
        print(json.dumps(result), flush=True)
        return result, samples
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="espeak,neural")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--minutes", default="1,90",
                        help="script lengths in minutes of speech (150 words a minute), e.g. 1,10,90; "
                             "the first is the baseline the longest is compared with")
    parser.add_argument("--property", action="append", default=[], metavar="KEY=VALUE",
                        help="a server system property, e.g. orator.memory.trim-interval-seconds=1")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="a variable in the server's environment, e.g. ONEDNN_PRIMITIVE_CACHE_CAPACITY=1024")
    parser.add_argument("--warm-up", action="store_true",
                        help="in each job's server, run the shortest script first and measure from after it")
    parser.add_argument("--long-sentences", action="store_true",
                        help="one sentence in three long enough to fill 300-character chunks")
    parser.add_argument("--tag", default="", help="suffix for the output files")
    parser.add_argument("--formats", default="",
                        help="after each job, download its audio in these formats, e.g. wav,mp3,opus,aac,flac")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    properties = dict(p.split("=", 1) for p in args.property)
    env = dict(e.split("=", 1) for e in args.env)
    report = {"benchmark": "longform", "properties": properties, "server_env": env,
              "long_sentences": args.long_sentences, "warm_up_job_first": args.warm_up, "machine": machine(), "heap": "-Xms512m -Xmx512m -XX:+AlwaysPreTouch",
              "database": "h2",
              "engines": {e: ENGINES[e] or "embedded espeak-ng defaults" for e in args.engines.split(",")},
              "results": []}
    print(json.dumps({k: v for k, v in report.items() if k != "results"}), flush=True)
    lengths = [int(m) for m in args.minutes.split(",")]
    texts = {f"{m}-minute": script(150 * m, long_sentences=args.long_sentences) for m in lengths}
    shortest, longest = f"{lengths[0]}-minute", f"{lengths[-1]}-minute"
    traces = {}
    for engine in args.engines.split(","):
        for _ in range(args.rounds):
            for label, text in texts.items():
                result, samples = measure(engine, label, text, properties, env, args.tag, formats,
                                          texts[shortest] if args.warm_up else None)
                report["results"].append(result)
                traces[(engine, label)] = samples
    summary = {}
    for engine in args.engines.split(","):
        peaks = {label: [r["peak_rss_bytes"] for r in report["results"]
                         if r["engine"] == engine and r["script"] == label] for label in texts}
        growth = {label: [r["growth_during_job_bytes"] for r in report["results"]
                          if r["engine"] == engine and r["script"] == label] for label in texts}
        long_peak, short_peak = max(peaks[longest]), max(peaks[shortest])
        summary[engine] = {f"peak_rss_{label}_mib": max(peaks[label]) / 2**20 for label in texts}
        summary[engine].update({f"growth_during_{label}_job_mib": max(growth[label]) / 2**20 for label in texts})
        summary[engine].update({f"rss_after_minus_before_{label}_job_mib": max(
            r["rss_after_minus_before_bytes"] for r in report["results"] if r["engine"] == engine and r["script"] == label)
            / 2**20 for label in texts})
        summary[engine].update({f"rss_12s_after_minus_before_{label}_job_mib": max(
            r["rss_12s_after_minus_before_bytes"] for r in report["results"]
            if r["engine"] == engine and r["script"] == label) / 2**20 for label in texts})
        summary[engine].update({"difference_longest_shortest_mib": (long_peak - short_peak) / 2**20,
                                "target_met": long_peak <= short_peak + 64 * 2**20})
        for fmt in [f + again for f in formats for again in ("", "-again")]:
            summary[engine].update({f"download_{fmt}_{label}_peak_growth_mib": max(
                r["downloads"][fmt]["peak_growth_bytes"] for r in report["results"]
                if r["engine"] == engine and r["script"] == label) / 2**20 for label in texts})
    report["summary"] = summary
    print(json.dumps(summary, indent=2))
    with open(os.path.join(OUT, f"longform{args.tag}.json"), "w") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(OUT, f"longform{args.tag}.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["engine", "script", "seconds", "rss_bytes"])
        for (engine, label), samples in traces.items():
            writer.writerows([engine, label, t, rss] for t, rss in samples)
    plot(traces, report, args.tag)


def plot(traces, report, tag):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no matplotlib: apt-get install python3-matplotlib for the plot", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for (engine, label), samples in traces.items():
        ax.plot([t for t, _ in samples], [r / 2**20 for _, r in samples], label=f"{engine}, {label} script")
    ax.set_xlabel("seconds since submission")
    ax.set_ylabel("server RSS (MiB)")
    ax.set_title("Orator RSS while one long-form job runs (fresh server each, heap pinned and pre-touched)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, f"longform{tag}.png"), dpi=100)


if __name__ == "__main__":
    main()
