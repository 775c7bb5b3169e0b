#!/usr/bin/env bash
# Runs Orator's own PiperEngine on the GPU of a machine that has PyTorch (a Python package with
# CUDA) but no JVM and no network, from what bench/gpu/prepare.sh staged in bench/gpu/stage/:
#  1. unpacks the staged Java runtime;
#  2. builds DJL's PyTorch JNI against the machine's libtorch (bench/gpu/build_jni.sh);
#  3. writes the benchmark-sized medium voice with src/test/voices/generate_test_voices.py;
#  4. points DJL at that libtorch and that JNI (PYTORCH_LIBRARY_PATH, PYTORCH_VERSION,
#     PYTORCH_FLAVOR, ENGINE_CACHE_DIR; offline, no telemetry) and runs bench/gpu/GpuHarness.java:
#     the committed test packs, 2,000 chunks of the medium voice (real-time factor, GPU memory every
#     100 calls), and a real CUDA out-of-memory error that must surface as GPU_OUT_OF_MEMORY.
# Writes gpu_harness.json, run.log, torch.json and the JNI build logs to $OUT (bench/out/gpu by
# default). Exit status: the harness's (0 when every check passed).
#
#   bench/gpu/run.sh                      # on the GPU machine
#   bench/gpu/run.sh --device cpu --calls 200   # the same recipe on a CPU-only PyTorch
# Options after --device go to the harness (--calls N, --sample-every N, --oom real|injected|none, ...).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
STAGE="${ORATOR_GPU_STAGE:-$ROOT/bench/gpu/stage}"
OUT="${OUT:-$ROOT/bench/out/gpu}"
WORK="${ORATOR_GPU_WORK:-/tmp/orator-gpu}"
PYTHON="${PYTHON:-python3}"
export PYTHON ORATOR_GPU_STAGE="$STAGE"

DEVICE=gpu
if [[ "${1:-}" == --device ]]; then
    DEVICE="$2"
    shift 2
fi
mkdir -p "$OUT" "$WORK"
exec > >(tee "$OUT/run.log") 2>&1

[[ -f "$STAGE/jre.tar.xz" && -f "$STAGE/jni/DJL_VERSION" ]] || {
    echo "no staged harness in $STAGE: run bench/gpu/prepare.sh on a machine with a JDK and Maven, and carry bench/gpu/stage" >&2
    exit 1
}
DJL_VERSION="$(cat "$STAGE/jni/DJL_VERSION")"
echo "== machine: $(uname -srm), $(nproc) CPUs; stage: $(head -1 "$STAGE/MANIFEST.txt")"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv || true
"$PYTHON" - > "$OUT/torch.json" <<'EOF'
import json, os, torch
info = {"torch": torch.__version__, "cuda": torch.version.cuda, "dir": os.path.dirname(torch.__file__),
        "cuda_available": torch.cuda.is_available(), "cxx11_abi": bool(torch._C._GLIBCXX_USE_CXX11_ABI),
        "lib": sorted(os.listdir(os.path.join(os.path.dirname(torch.__file__), "lib")))}
if torch.cuda.is_available():
    p = torch.cuda.get_device_properties(0)
    info["gpu"] = {"name": p.name, "memory_bytes": p.total_memory}
print(json.dumps(info, indent=2))
EOF
cat "$OUT/torch.json"
command -v g++ >/dev/null || { echo "no g++ on this machine: the JNI cannot be built" >&2; exit 1; }

echo "== Java runtime"
if [[ ! -x "$WORK/jre/bin/java" || "$STAGE/jre.tar.xz" -nt "$WORK/jre/bin/java" ]]; then
    rm -rf "$WORK/jre"
    if command -v xz >/dev/null; then
        xz -dc "$STAGE/jre.tar.xz" | tar -xf - -C "$WORK"
    else
        "$PYTHON" -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' \
            "$STAGE/jre.tar.xz" "$WORK"
    fi
    touch "$WORK/jre/bin/java"
fi
"$WORK/jre/bin/java" -version 2>&1 | head -1

echo "== DJL $DJL_VERSION JNI for this libtorch"
JNI="$WORK/libdjl_torch.so"
want=cuda
[[ "$DEVICE" == cpu ]] && want=cpu
stamp="$DJL_VERSION $want $(cksum < "$STAGE/jni/djl-$DJL_VERSION-jni-src.tar.gz") $("$PYTHON" -c 'import torch; print(torch.__version__)')"
if [[ -f "$JNI" && -f "$WORK/jni.log" && "$(cat "$WORK/jni.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "built before for this libtorch: $JNI"
elif ! bench/gpu/build_jni.sh "$JNI" "$want" 2>&1 | tee "$WORK/jni.log"; then
    if [[ "$want" == cuda ]]; then
        echo "the USE_CUDA build failed; building without it (the CUDA cache cannot be emptied)" >&2
        bench/gpu/build_jni.sh "$JNI" cpu 2>&1 | tee "$WORK/jni.log"
    else
        exit 1
    fi
fi
echo "$stamp" > "$WORK/jni.stamp"
mkdir -p "$OUT/jni-build"
cp "$WORK"/jni-build/*.log "$WORK"/jni-build/*.err "$WORK"/jni-build/torch.env "$OUT/jni-build/" 2>/dev/null || true
jni_line="$(grep '^jni: ' "$WORK/jni.log" | tail -1)"
# shellcheck disable=SC1091
source "$WORK/jni-build/torch.env"

# DJL looks for <ENGINE_CACHE_DIR>/pytorch/<version>-<flavor>-<classifier>/<djl version>-libdjl_torch.so
# before anything else when PYTORCH_LIBRARY_PATH names a libtorch; a flavor with "cu" makes it load
# libtorch's CUDA libraries too.
FLAVOR=cpu
if [[ -n "$TORCH_CUDA" && "$DEVICE" != cpu ]]; then
    FLAVOR="cu$(echo "$TORCH_CUDA" | awk -F. '{printf "%d%d", $1, $2}')"
fi
CACHE="$WORK/djl"
rm -rf "$CACHE/pytorch"
mkdir -p "$CACHE/pytorch/$TORCH_VERSION-$FLAVOR-linux-x86_64"
cp "$JNI" "$CACHE/pytorch/$TORCH_VERSION-$FLAVOR-linux-x86_64/$DJL_VERSION-libdjl_torch.so"

echo "== medium voice"
if [[ ! -f "$WORK/medium/medium-ts.pt" ]]; then
    "$PYTHON" - "$WORK/medium" <<'EOF'
import os, sys
import torch
sys.path.insert(0, os.path.join("src", "test", "voices"))
import generate_test_voices as gen  # the generator of the committed packs (needs torch only here)
torch.set_grad_enabled(False)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
vits = gen.build(1, 7, "medium")
traced, _ = gen.export_torchscript(vits, 1, os.path.join(out, "medium-ts.pt"), "infer")
gen.check_lengths(traced, "infer", 1)
gen.write_json(os.path.join(out, "medium-ts.pt.json"),
               gen.config("medium-ts", 1, None, "Benchmark voice, Piper medium's decoder width, random weights"))
print("medium voice:", sum(p.numel() for p in vits.parameters()), "parameters")
EOF
fi

# The CUDA runtime of pip's nvidia-* packages: DJL's CudaUtils finds libcudart through JNA.
NVIDIA_LIBS="$("$PYTHON" -c '
import glob, os, torch
site = os.path.dirname(os.path.dirname(torch.__file__))
print(":".join(sorted(p for pat in ("nvidia/*/lib", "nvidia/*/*/lib") for p in glob.glob(os.path.join(site, pat)))))')"
# JNA asks for "libcudart.so", which pip's packages ship only with its version suffix.
mkdir -p "$WORK/cudart"
cudart="$(IFS=:; for dir in $NVIDIA_LIBS /usr/local/cuda/lib64; do ls "$dir"/libcudart.so* 2>/dev/null; done | sort -V | tail -1)" || true
[[ -n "$cudart" ]] && ln -sfn "$cudart" "$WORK/cudart/libcudart.so" && echo "CUDA runtime: $cudart"
LIBS="$WORK/cudart:$TORCH_LIB${NVIDIA_LIBS:+:$NVIDIA_LIBS}"
for dir in /usr/local/cuda/lib64 /usr/lib/x86_64-linux-gnu; do
    [[ -d "$dir" ]] && LIBS="$LIBS:$dir"
done

echo "== harness on $DEVICE (DJL flavor $FLAVOR, $jni_line)"
export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PYTORCH_LIBRARY_PATH="$TORCH_LIB" PYTORCH_VERSION="$TORCH_VERSION" PYTORCH_FLAVOR="$FLAVOR"
export ENGINE_CACHE_DIR="$CACHE" DJL_CACHE_DIR="$CACHE" DJL_OFFLINE=true OPT_OUT_TRACKING=true
export ORATOR_TORCH_VERSION="$("$PYTHON" -c 'import torch; print(torch.__version__)')"
export ORATOR_GPU_NAME="$("$PYTHON" -c 'import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none")')"
export ORATOR_JNI="${jni_line#jni: }"
# Java 22+ asks before JNI and JNA load native code; Java 17 rejects the flag.
native_access=""
"$WORK/jre/bin/java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 \
    && native_access=--enable-native-access=ALL-UNNAMED
set +e
"$WORK/jre/bin/java" $native_access -Xms1g -Xmx1g -Dai.djl.offline=true -Djna.library.path="$LIBS" \
    -Djna.tmpdir="$WORK/jna" -cp "$STAGE/lib/*" GpuHarness --device "$DEVICE" \
    --voices src/test/resources/voices --medium "$WORK/medium" --data "$WORK/data" \
    --out "$OUT/gpu_harness.json" "$@"
rc=$?
set -e
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.used --format=csv || true
echo "harness exit status $rc; report: $OUT/gpu_harness.json"
exit $rc
