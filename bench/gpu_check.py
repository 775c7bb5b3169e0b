#!/usr/bin/env python3
"""GPU check of the neural voice path, on a machine with CUDA and PyTorch (no JVM needed).

Orator runs Piper TorchScript voices through DJL's libtorch. Where a Java GPU run is not
possible, this script checks the same contract on the GPU with PyTorch itself:
1. the committed test packs (traced on the CPU by Debian's torch) load and run on CUDA with
   Piper's inputs and give the expected output length;
2. a benchmark-sized pack (~16M parameters, Piper medium's decoder width) runs chunk after chunk:
   time per chunk, real-time factor, and CUDA memory over many calls (allocated and reserved,
   with the cache emptied after each simulated job, as Orator does);
3. a CUDA out-of-memory error on one absurd input is caught, the cache emptied, and the next
   normal call succeeds (the server carries on);
4. the same medium pack on the CPU, for the GPU/CPU ratio.
Writes a JSON report to --out.

    python3 bench/gpu_check.py --voices src/test/resources/voices --calls 2000 --out gpu.json
"""
import argparse
import json
import math
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src", "test", "voices"))
import generate_test_voices as gen  # noqa: E402

HOP = gen.HOP
SAMPLE_RATE = gen.SAMPLE_RATE


def run_pack(module, form, n_speakers, text, length_scale, device):
    lengths = torch.tensor([text.shape[1]], device=device)
    sid = torch.tensor([n_speakers - 1], device=device)
    zero = torch.tensor([0.0], device=device)
    if form == "infer":
        return module(text, lengths, sid, zero, torch.tensor([length_scale], device=device), zero)[0]
    args = (text, lengths, torch.tensor([0.0, length_scale, 0.0], device=device))
    return module(*(args + (sid,) if n_speakers > 1 else args))


def check_committed(voices, device, report):
    results = []
    for name in sorted(os.listdir(voices)):
        if not name.endswith(".pt"):
            continue
        cfg = json.load(open(os.path.join(voices, name + ".json")))
        form = cfg.get("torchscript", {}).get("input_form", "infer")
        n_speakers = cfg.get("num_speakers", 1)
        module = torch.jit.load(os.path.join(voices, name), map_location=device).eval()
        text = torch.randint(3, 40, (1, 37), device=device)
        with torch.no_grad():
            audio = run_pack(module, form, n_speakers, text, 1.0, device)
        expected = 37 * HOP
        results.append({"pack": name, "shape": list(audio.shape), "ok": list(audio.shape) == [1, 1, expected],
                        "device": str(audio.device)})
    report["committed_packs"] = results


def timed_calls(module, calls, device, tokens, job_chunks, report_key, report):
    times, allocated, reserved = [], [], []
    text = torch.randint(3, 40, (1, tokens), device=device)
    with torch.no_grad():
        for _ in range(5):
            run_pack(module, "infer", 1, text, 1.0, device)
        if device == "cuda":
            torch.cuda.synchronize()
        for i in range(calls):
            start = time.perf_counter()
            audio = run_pack(module, "infer", 1, text, 1.0, device)
            samples = audio.cpu()  # copied out to the host, as the engine copies to a Java array
            del audio, samples
            if device == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
            if device == "cuda" and (i + 1) % job_chunks == 0:
                torch.cuda.empty_cache()  # end of a simulated job
            if device == "cuda" and (i + 1) % 100 == 0:
                allocated.append(torch.cuda.memory_allocated())
                reserved.append(torch.cuda.memory_reserved())
    times.sort()
    audio_seconds = tokens * HOP / SAMPLE_RATE
    entry = {"calls": calls, "tokens_per_chunk": tokens, "audio_seconds_per_chunk": round(audio_seconds, 3),
             "ms_per_chunk_p50": round(times[len(times) // 2] * 1000, 3),
             "ms_per_chunk_p99": round(times[int(len(times) * 0.99) - 1] * 1000, 3),
             "real_time_factor_p50": round(times[len(times) // 2] / audio_seconds, 5)}
    if allocated:
        entry["cuda_allocated_bytes_every_100_calls"] = allocated
        entry["cuda_reserved_bytes_every_100_calls"] = reserved
        n = len(allocated)
        xs = range(n)
        mx, my = (n - 1) / 2, sum(allocated) / n
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, allocated)) / max(1e-9, sum((x - mx) ** 2 for x in xs))
        entry["cuda_allocated_slope_bytes_per_100_calls"] = round(slope, 1)
    report[report_key] = entry


def check_oom(module, report):
    try:
        text = torch.randint(3, 40, (1, 4000), device="cuda")
        with torch.no_grad():
            run_pack(module, "infer", 1, text, 20000.0, "cuda")  # ~20 billion samples: cannot fit
        report["oom"] = {"raised": False}
    except RuntimeError as e:  # inside TorchScript, CUDA OOM arrives as a RuntimeError, as in DJL
        if "out of memory" not in str(e):
            raise
        torch.cuda.empty_cache()
        text = torch.randint(3, 40, (1, 60), device="cuda")
        with torch.no_grad():
            audio = run_pack(module, "infer", 1, text, 1.0, "cuda")
        report["oom"] = {"raised": True, "type": type(e).__name__,
                         "message": next(l for l in str(e).splitlines() if "out of memory" in l)[:200],
                         "next_call_ok": list(audio.shape) == [1, 1, 60 * HOP],
                         "allocated_after": torch.cuda.memory_allocated()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--voices", default=os.path.join(HERE, "..", "src", "test", "resources", "voices"))
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--cpu-calls", type=int, default=30)
    parser.add_argument("--tokens", type=int, default=200, help="phoneme ids per chunk (~300 characters of text)")
    parser.add_argument("--out", default="gpu_check.json")
    args = parser.parse_args()
    report = {"torch": torch.__version__, "cuda": torch.version.cuda, "cpus": os.cpu_count()}
    if not torch.cuda.is_available():
        sys.exit("no CUDA device")
    props = torch.cuda.get_device_properties(0)
    report["gpu"] = {"name": props.name, "memory_bytes": props.total_memory}
    print(json.dumps(report))

    check_committed(args.voices, "cuda", report)
    print(json.dumps(report["committed_packs"]))

    torch.manual_seed(7)
    vits = gen.build(1, 7, "medium")
    report["medium_parameters"] = sum(p.numel() for p in vits.parameters())
    path = "/tmp/medium-ts.pt"
    gen.export_torchscript(vits, 1, path, "infer")
    gpu_module = torch.jit.load(path, map_location="cuda").eval()
    timed_calls(gpu_module, args.calls, "cuda", args.tokens, job_chunks=20, report_key="medium_gpu", report=report)
    print(json.dumps({k: v for k, v in report["medium_gpu"].items() if not k.startswith("cuda_")}))
    check_oom(gpu_module, report)
    print(json.dumps(report["oom"]))
    cpu_module = torch.jit.load(path, map_location="cpu").eval()
    timed_calls(cpu_module, args.cpu_calls, "cpu", args.tokens, job_chunks=20, report_key="medium_cpu", report=report)
    print(json.dumps(report["medium_cpu"]))
    report["gpu_speedup_p50"] = round(report["medium_cpu"]["ms_per_chunk_p50"] / report["medium_gpu"]["ms_per_chunk_p50"], 1)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print("speedup", report["gpu_speedup_p50"], "written", args.out)


if __name__ == "__main__":
    main()
