#!/usr/bin/python3
"""Time to the first audio byte of a streamed speech request (POST /v1/audio/speech).

    /usr/bin/python3 bench/speech_latency.py                 # 20 rounds, pcm and mp3
    /usr/bin/python3 bench/speech_latency.py --rounds 50 --formats pcm

Needs a built project (``mvn -DskipTests package``). Starts a private server copy (bench/server.py)
on an idle queue and, per round and format, sends (a) the first sentence alone and times the
whole answer: that is the first sentence's synthesis plus the request's own cost; (b) the same
sentence followed by nine more and times the first audio byte. The target: the median first
byte of (b) within the median whole of (a) + 50 ms, i.e. streaming sends the first sentence as
soon as it is spoken. Writes bench/out/speech_latency.json.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import server as bench_server  # noqa: E402
from server import OUT, Server, machine  # noqa: E402

FIRST = "Welcome back to the show, where we talk about the long and the short of speech."
MORE = " ".join(f"This is sentence number {n} of the rest, which the listener hears while it is spoken." for n in range(2, 11))


def speak(text, response_format):
    """Seconds to the first audio byte and to the last, and the bytes received."""
    host, port = bench_server.base().split("//")[1].split(":")
    body = json.dumps({"model": "tts-1", "voice": "alloy", "input": text, "response_format": response_format})
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    start = time.perf_counter()
    connection.request("POST", "/v1/audio/speech", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"speech answered {response.status}: {response.read()[:300]!r}")
    first = response.read(1)
    first_byte = time.perf_counter() - start
    rest = response.read()
    whole = time.perf_counter() - start
    connection.close()
    return first_byte, whole, len(first) + len(rest)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--formats", default="pcm,mp3")
    args = parser.parse_args()
    report = {"benchmark": "speech_latency", "machine": machine(), "voice": "alloy (espeak-ng en-us-f3)",
              "rounds": args.rounds, "first_sentence_characters": len(FIRST),
              "streamed_characters": len(FIRST) + 1 + len(MORE), "formats": []}
    server = Server("speech-latency").start()
    try:
        for response_format in args.formats.split(","):
            for _ in range(args.warmup):
                speak(FIRST, response_format)
                speak(FIRST + " " + MORE, response_format)
            alone, first_bytes, wholes = [], [], []
            for _ in range(args.rounds):
                alone.append(speak(FIRST, response_format)[1])
                first_byte, whole, _ = speak(FIRST + " " + MORE, response_format)
                first_bytes.append(first_byte)
                wholes.append(whole)
            result = {"format": response_format,
                      "first_sentence_alone_median_ms": statistics.median(alone) * 1000,
                      "streamed_first_byte_median_ms": statistics.median(first_bytes) * 1000,
                      "streamed_first_byte_p90_ms": sorted(first_bytes)[int(0.9 * len(first_bytes)) - 1] * 1000,
                      "streamed_whole_median_ms": statistics.median(wholes) * 1000}
            result["target_met"] = result["streamed_first_byte_median_ms"] <= result["first_sentence_alone_median_ms"] + 50
            report["formats"].append(result)
            print(json.dumps(result), flush=True)
    finally:
        server.stop()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "speech_latency.json"), "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
