#!/usr/bin/env bash
# Stages everything the Java GPU harness needs on a machine with PyTorch but no JVM, no Maven and
# no network, into bench/gpu/stage/ (ignored by git; carry it with the working tree):
#   jre.tar.xz      a jlink'ed Java 17 runtime with only the modules the harness uses
#   lib/            DJL's api and pytorch-engine jars (no natives, no prebuilt JNI), JNA, gson,
#                   slf4j-api, Jakarta JSON + Parsson, Orator's voice classes, espeak-ng (the
#                   linux-x86_64 library and its data only) and the compiled harness
#   jni/            DJL's PyTorch JNI sources at the pom's DJL version, the JNI header generated
#                   from DJL's PyTorchLibrary.java, and the JDK's jni.h, for bench/gpu/build_jni.sh
#   MANIFEST.txt    versions and sizes
# Prints the staged size and fails above the limit (ORATOR_GPU_STAGE_LIMIT_MIB, default 60).
#
# DJL's source comes from a git repository of deepjavalibrary/djl (bare or not) named by
# DJL_SOURCE_GIT, or from an extracted source tree named by DJL_SOURCE_DIR. It is never committed.
#
#   bench/gpu/prepare.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
STAGE="${ORATOR_GPU_STAGE:-$ROOT/bench/gpu/stage}"
LIMIT_MIB="${ORATOR_GPU_STAGE_LIMIT_MIB:-60}"
# The runtime is linked from Temurin 25 where it is installed: its binaries need only glibc 2.17
# and bundle zlib, so they run on whatever Linux the GPU machine has (Debian's JDK 17 needs
# glibc 2.34). The classes are compiled for Java 17 either way.
if [[ -z "${ORATOR_GPU_JDK:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/jlink ]]; then
    JDK=/usr/lib/jvm/temurin-25-jdk-amd64
else
    JDK="${ORATOR_GPU_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}"
fi
DJL_SOURCE_GIT="${DJL_SOURCE_GIT:-/work/.mirror/deepjavalibrary+djl/repo}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
DJL_VERSION="$(pom_property version.djl)"
PYTORCH_VERSION="$(pom_property version.pytorch)"
[[ -n "$DJL_VERSION" ]] || { echo "version.djl not found in pom.xml" >&2; exit 1; }
[[ -x "$JDK/bin/jlink" ]] || { echo "no JDK with jlink at $JDK (set ORATOR_GPU_JDK)" >&2; exit 1; }
echo "DJL $DJL_VERSION (its CPU natives are for PyTorch $PYTORCH_VERSION; the GPU machine's libtorch is used instead)"

echo "== compiling Orator and resolving its classpath"
mvn -B -q -DskipTests compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$TMP/classpath.txt"
jar_of() { # artifact file name prefix -> path of that jar on the classpath
    tr ':' '\n' < "$TMP/classpath.txt" | grep -E "/$1-[0-9][^/]*\.jar$" | grep -v -- '-sources' | head -1
}

rm -rf "$STAGE"
mkdir -p "$STAGE/lib" "$STAGE/jni/include"

echo "== jars"
for artifact in api pytorch-engine jna gson slf4j-api jakarta.json-api parsson; do
    jar="$(jar_of "$artifact")"
    [[ -n "$jar" ]] || { echo "no $artifact jar on the classpath" >&2; exit 1; }
    cp "$jar" "$STAGE/lib/"
done
[[ "$(basename "$(jar_of api)")" == "api-$DJL_VERSION.jar" ]] || { echo "DJL api is not $DJL_VERSION" >&2; exit 1; }

# Orator's voice classes: the engines, voice packs and espeak-ng; nothing of the server.
"$JDK/bin/jar" --create --file "$STAGE/lib/orator-voices.jar" -C target/classes io/orator/voices
# espeak-ng from piper-jni: only the linux-x86_64 library and the data (the jar is 60 MB).
piper="$(jar_of piper-jni)"
mkdir -p "$TMP/espeak"
(cd "$TMP/espeak" && unzip -q "$piper" 'debian-amd64/libespeak-ng.so.1' espeak-ng-data.zip)
"$JDK/bin/jar" --create --file "$STAGE/lib/espeak-ng-linux-x86_64.jar" -C "$TMP/espeak" .

echo "== harness"
mkdir -p "$TMP/harness"
"$JDK/bin/javac" --release 17 -d "$TMP/harness" -cp "target/classes:$(cat "$TMP/classpath.txt")" bench/gpu/GpuHarness.java
"$JDK/bin/jar" --create --file "$STAGE/lib/gpu-harness.jar" --main-class GpuHarness -C "$TMP/harness" .

echo "== DJL $DJL_VERSION JNI sources"
SRC="$TMP/djl"
mkdir -p "$SRC"
paths=(engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native
       engines/pytorch/pytorch-native/src/main/patch api/src/main/native
       engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java)
if [[ -n "${DJL_SOURCE_DIR:-}" ]]; then
    (cd "$DJL_SOURCE_DIR" && tar -cf - "${paths[@]}") | tar -xf - -C "$SRC"
elif git --git-dir="$DJL_SOURCE_GIT" rev-parse -q --verify "refs/tags/v$DJL_VERSION" >/dev/null 2>&1 \
        || git --git-dir="$DJL_SOURCE_GIT/.git" rev-parse -q --verify "refs/tags/v$DJL_VERSION" >/dev/null 2>&1; then
    gitdir="$DJL_SOURCE_GIT"
    [[ -d "$gitdir/.git" ]] && gitdir="$gitdir/.git"
    git --git-dir="$gitdir" archive "v$DJL_VERSION" "${paths[@]}" | tar -xf - -C "$SRC"
    echo "from $DJL_SOURCE_GIT at tag v$DJL_VERSION ($(git --git-dir="$gitdir" rev-parse "v$DJL_VERSION^{commit}"))"
else
    echo "DJL's source at tag v$DJL_VERSION not found: set DJL_SOURCE_GIT to a clone of deepjavalibrary/djl" \
         "or DJL_SOURCE_DIR to its source tree" >&2
    exit 1
fi
# The JNI header, as DJL's build.sh makes it (javac -h on PyTorchLibrary.java).
"$JDK/bin/javac" -h "$STAGE/jni/include" -d "$TMP/jni-classes" \
    "$SRC/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
rm "$SRC/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
cp "$JDK/include/jni.h" "$STAGE/jni/include/"
cp "$JDK/include/linux/jni_md.h" "$STAGE/jni/include/"
tar -C "$SRC" -czf "$STAGE/jni/djl-$DJL_VERSION-jni-src.tar.gz" engines api
echo "$DJL_VERSION" > "$STAGE/jni/DJL_VERSION"

echo "== Java runtime (jlink)"
# jdk.unsupported for JNA and DJL, java.management for GPU/heap memory, java.xml and java.naming
# for gson/DJL utilities.
compress=2
[[ "$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')" == 17 ]] \
    || compress=zip-9
"$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,java.xml,java.naming,jdk.unsupported \
    --strip-debug --no-man-pages --no-header-files --compress="$compress" --output "$TMP/jre"
"$TMP/jre/bin/java" -version 2>&1 | head -1
du -sh "$TMP/jre" | sed 's/^/jre unpacked: /'
tar -C "$TMP" -cf - jre | xz -9 -T0 > "$STAGE/jre.tar.xz"

{
    echo "staged $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD)"
    echo "djl $DJL_VERSION; jni from DJL source tag v$DJL_VERSION"
    echo "java $("$TMP/jre/bin/java" -version 2>&1 | head -1)"
    (cd "$STAGE" && find . -type f -printf '%s\t%p\n' | sort -k2)
} > "$STAGE/MANIFEST.txt"

bytes="$(du -sb "$STAGE" | cut -f1)"
tree_bytes="$(git ls-files -z | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)"
printf 'staged %s: %.1f MiB (tracked files: %.1f MiB; limit for the stage %s MiB)\n' \
    "$STAGE" "$(echo "$bytes / 1048576" | bc -l)" "$(echo "$tree_bytes / 1048576" | bc -l)" "$LIMIT_MIB"
if (( bytes > LIMIT_MIB * 1048576 )); then
    echo "the stage is over $LIMIT_MIB MiB" >&2
    exit 1
fi
