#!/usr/bin/python3
"""Start-up: process start -> /health/ready UP, on the embedded voices and with neural voices.

    /usr/bin/python3 bench/startup.py [--rounds 5]

Needs a built project (``mvn -DskipTests package``). Each round starts a fresh server copy
(bench/server.py: new database, nothing cached) and polls readiness every 100 ms from the moment
the process is spawned; the variants alternate so both see the same machine. "neural" adds the
committed test packs and, when generated (``--medium``, needs Debian's python3-torch), the
15.85M-parameter benchmark voice, so start-up includes loading TorchScript and ONNX models.
Writes bench/out/startup.json.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from server import OUT, ROOT, Server, machine, sh  # noqa: E402

TEST_VOICES = os.path.join(ROOT, "src", "test", "resources", "voices")
MEDIUM = os.path.join(ROOT, "voices-generated")


def neural_voices(with_medium):
    """The committed test packs, plus the medium benchmark voice when asked for, in one folder."""
    folder = tempfile.mkdtemp(prefix="startup-voices-", dir=OUT)
    for name in os.listdir(TEST_VOICES):
        shutil.copy(os.path.join(TEST_VOICES, name), folder)
    if with_medium:
        if not os.path.exists(os.path.join(MEDIUM, "medium-ts.pt")):
            sh(f"/usr/bin/python3 src/test/voices/generate_test_voices.py --medium {MEDIUM}", cwd=ROOT)
        for name in ("medium-ts.pt", "medium-ts.pt.json"):
            shutil.copy(os.path.join(MEDIUM, name), folder)
    return folder


def boot_log(server):
    """WildFly's own boot figure ("started in N ms") from this start's lines of the server log."""
    with open(os.path.join(server.home, "standalone", "log", "server.log"), errors="replace") as f:
        found = re.findall(r"WFLYSRV0025: .* started in (\d+)ms", f.read())
    return int(found[-1]) / 1000 if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--medium", action="store_true", help="include the 15.85M-parameter benchmark voice")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    variants = {"embedded": None, "neural": neural_voices(args.medium)}
    report = {"benchmark": "startup", "machine": machine(), "heap": "-Xms512m -Xmx512m", "database": "h2",
              "neural_voices": sorted(os.listdir(variants["neural"])), "rounds": args.rounds, "seconds": {}}
    print(json.dumps(report), flush=True)
    for _ in range(args.rounds):
        for name, voices in variants.items():
            server = Server(f"startup-{name}", voices=voices).start()
            server.stop()
            report["seconds"].setdefault(name, []).append(round(server.ready_seconds, 2))
            report.setdefault("wildfly_reported_s", {}).setdefault(name, []).append(boot_log(server))
            print(f"{name}: ready {server.ready_seconds:.2f} s (WildFly says started in {boot_log(server)} s)", flush=True)
    report["summary"] = {name: {"median_s": statistics.median(v), "min_s": min(v), "max_s": max(v)}
                         for name, v in report["seconds"].items()}
    shutil.rmtree(variants["neural"], ignore_errors=True)
    print(json.dumps(report["summary"], indent=2))
    with open(os.path.join(OUT, "startup.json"), "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
