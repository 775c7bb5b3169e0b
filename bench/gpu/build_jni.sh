#!/usr/bin/env bash
# Builds DJL's PyTorch JNI (libdjl_torch.so) from the staged DJL source against the libtorch of the
# Python torch package that PYTHON imports: what DJL's own build.sh and CMakeLists.txt do, with g++
# called directly, because CMake's find_package(Torch) wants a CUDA toolkit (nvcc) for a CUDA
# libtorch and a pip-installed PyTorch has only its headers and libraries.
#
#   bench/gpu/build_jni.sh OUTPUT_SO [cuda|cpu]
#
# cuda: defines USE_CUDA (DJL's torchCudaEmptyCache and CUDA streams) when the CUDA runtime headers
# are found (pip's nvidia-* packages, CUDA_HOME, /usr/local/cuda); without them it builds as cpu.
# The JNI then still runs models on the GPU (libtorch does that), but emptying the CUDA cache is a
# no-op. Prints one line "jni: <path> cuda=<0|1> std=<c++17|c++20>" at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAGE="${ORATOR_GPU_STAGE:-$HERE/stage}"
OUTPUT="${1:?usage: build_jni.sh OUTPUT_SO [cuda|cpu]}"
WANT="${2:-cuda}"
PYTHON="${PYTHON:-python3}"
BUILD="$(dirname "$OUTPUT")/jni-build"
JOBS="${JOBS:-$(nproc)}"
DJL_VERSION="$(cat "$STAGE/jni/DJL_VERSION")"

rm -rf "$BUILD"
mkdir -p "$BUILD/src"
tar -xzf "$STAGE/jni/djl-$DJL_VERSION-jni-src.tar.gz" -C "$BUILD/src"
NATIVE="$BUILD/src/engines/pytorch/pytorch-native/src/main/native"
UTILS="$BUILD/src/api/src/main/native"

# What the torch package says about itself: version, C++ ABI, include and library directories,
# and where pip's CUDA packages keep their headers.
"$PYTHON" - > "$BUILD/torch.env" <<'EOF'
import glob, os, shlex, sys
import torch
d = os.path.dirname(torch.__file__)
inc = [os.path.join(d, "include"), os.path.join(d, "include", "torch", "csrc", "api", "include")]
cuda_inc = []
site = os.path.dirname(d)
for pattern in ("nvidia/*/include", "nvidia/*/*/include"):
    cuda_inc += sorted(glob.glob(os.path.join(site, pattern)))
for home in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"):
    if home and os.path.isdir(os.path.join(home, "include")):
        cuda_inc.append(os.path.join(home, "include"))
cuda_inc = [p for p in cuda_inc if os.path.isdir(p)]
values = {
    "TORCH_VERSION": torch.__version__.split("+")[0],
    "TORCH_CUDA": torch.version.cuda or "",
    "CXX11_ABI": str(int(torch._C._GLIBCXX_USE_CXX11_ABI)),
    "TORCH_LIB": os.path.join(d, "lib"),
    "TORCH_INCLUDES": " ".join(inc),
    "CUDA_INCLUDES": " ".join(cuda_inc),
}
for k, v in values.items():
    print(f"{k}={shlex.quote(v)}")
EOF
# shellcheck disable=SC1091
source "$BUILD/torch.env"
echo "libtorch $TORCH_VERSION (CUDA ${TORCH_CUDA:-none}, cxx11 ABI $CXX11_ABI) in $TORCH_LIB"

defines=(-D_GLIBCXX_USE_CXX11_ABI="$CXX11_ABI")
# DJL's build.sh: the 1.13-era API for libtorch 1.13.1, 2.0.x and 2.1.x.
if [[ "$TORCH_VERSION" =~ ^(1\.13\.|2\.0\.|2\.1\.) ]]; then
    defines+=(-DV1_13_X)
fi
includes=(-I"$STAGE/jni/include" -I"$UTILS")
for dir in $TORCH_INCLUDES; do includes+=(-I"$dir"); done
libs=(-L"$TORCH_LIB" -Wl,-rpath,"$TORCH_LIB" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10)

cuda=0
if [[ "$WANT" == cuda && -n "$TORCH_CUDA" ]]; then
    for dir in $CUDA_INCLUDES; do
        if [[ -f "$dir/cuda_runtime_api.h" ]]; then
            cuda=1
        fi
    done
    if (( cuda )); then
        for dir in $CUDA_INCLUDES; do includes+=(-I"$dir"); done
        libs+=(-ltorch_cuda -lc10_cuda)
        defines+=(-DUSE_CUDA)
    else
        echo "no cuda_runtime_api.h under: ${CUDA_INCLUDES:-nothing found}; building without USE_CUDA" >&2
    fi
fi

compile() { # std
    local std="$1"
    rm -f "$BUILD"/*.o
    printf '%s\n' "$NATIVE"/*.cc | xargs -P "$JOBS" -I{} sh -c \
        'f="$1"; shift; g++ "$@" -c "$f" -o "$0/$(basename "$f" .cc).o" 2>"$0/$(basename "$f" .cc).log" || { cat "$0/$(basename "$f" .cc).log" >&2; exit 255; }' \
        "$BUILD" {} -std="$std" -O2 -fPIC -w "${defines[@]}" "${includes[@]}"
}

std=c++17
start=$(date +%s)
if ! compile "$std" 2> "$BUILD/compile-c++17.err"; then
    echo "c++17 build failed; first errors:" >&2
    grep -m 5 -E "error" "$BUILD/compile-c++17.err" >&2 || true
    echo "trying c++20" >&2
    std=c++20
    compile "$std" 2> "$BUILD/compile-c++20.err" || {
        grep -m 20 -E "error" "$BUILD/compile-c++20.err" >&2 || true
        exit 1
    }
fi
g++ -shared -o "$OUTPUT" "$BUILD"/*.o "${libs[@]}"
echo "built in $(( $(date +%s) - start )) s: $(ls -la "$OUTPUT")"
echo "jni: $OUTPUT cuda=$cuda std=$std torch=$TORCH_VERSION"
