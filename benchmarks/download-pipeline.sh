#!/usr/bin/env bash
# The image-worker's download path alone (see docs/benchmarks.md, "Image imports"): WebSource and StagingSink in a
# JVM of their own, against `curl -s URL | openssl dgst -sha256`, on a SIZE_GIB file of random data served by
# `python3 -m http.server` on loopback. It tells what the pipeline costs without the rest of the stack (the other
# services, the JIT compiling them, the job's store writes).
#
#   benchmarks/download-pipeline.sh     # about a minute; needs the built classes (./mvnw -DskipTests package)
#
# Settings (environment): SIZE_GIB (2), RUNS (4; the first runs on a cold JVM), BASELINE_RUNS (2),
# JAVA_OPTS (-Xmx256m).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_GIB="${SIZE_GIB:-2}"
RUNS="${RUNS:-4}"
BASELINE_RUNS="${BASELINE_RUNS:-2}"
JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
log() { printf '[download-pipeline %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cd "$root"
[[ -d image-worker/target/classes && -d core/target/classes ]] || { log "build first: ./mvnw -DskipTests package"; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/ims-download.XXXXXX")"
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

./mvnw -q -B -o dependency:build-classpath -pl image-worker -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/classpath" >&2
classpath="$(tr ':' '\n' <"$work/classpath" | grep -v '/cloud/ims/' | paste -sd:)"
classpath="$classpath:core/target/classes:image-worker/target/classes:schemas/target/classes:messaging/target/classes"
javac -nowarn -d "$work/classes" -cp "$classpath" benchmarks/DownloadPipeline.java

mkdir -p "$work/src" "$work/store"
head -c "${SIZE_GIB}G" /dev/urandom >"$work/src/big.raw"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/src" >/dev/null 2>&1 &
server=$!
url="http://127.0.0.1:$port/big.raw"
for _ in $(seq 1 50); do curl -s -o /dev/null -r 0-0 "$url" && break; sleep 0.2; done

echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(java -version 2>&1 | head -n 1); JVM: $JAVA_OPTS"
for run in $(seq 1 "$BASELINE_RUNS"); do
  start="${EPOCHREALTIME/,/.}"
  curl -s "$url" | openssl dgst -sha256 -r | cut -d' ' -f1 >"$work/baseline.sha256"
  echo "baseline $run: $(python3 -c "print(f'{${EPOCHREALTIME/,/.} - $start:.2f}')") s, sha256 $(cat "$work/baseline.sha256")"
done
# shellcheck disable=SC2086 # JAVA_OPTS holds several options on purpose.
java $JAVA_OPTS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath:$work/classes" \
  cloud.ims.imageworker.DownloadPipeline "$url" "$work/store" "$RUNS" "$server" | grep -E '^(run|cpu) [0-9]+:' 
