#!/usr/bin/env bash
# ECS batches on vSphere: the standalone stack driving govmomi's vCenter simulator, beside vcsim's own rate for the
# same clones made directly (see docs/benchmarks.md, "ECSs on vSphere (vcsim), issue 14").
#
#   benchmarks/vsphere.sh
#
# Starts vcsim (tools/vcsim/build.sh) with -method-delay CloneVM_Task=CLONE_MS (a realistic-ish clone latency), then
# `java -jar standalone/target/ims-standalone.jar up` on a fresh data directory and a free loopback port with
# --ims.driver.type=vsphere pointing at it; raises the quota of project `demo`; sends one unmeasured warm-up batch of
# WARMUP_COUNT ECSs (it also imports the template `ims-image-<imageId>` of ims-base-linux), then one batch of COUNT
# (POST /v1/demo/cloudservers, image ims-base-linux, flavor s6.small.1, polled every 100 ms by
# benchmarks/provisioning.py): ECSs per second from the 202 to the job's end. Then, on the same vcsim, its own rate
# for COUNT clones of the same template made directly with govmomi (tools/vcsim/target/clones, CONCURRENCY in
# flight). Prints a Markdown summary and stops everything it started (SIGTERM) at the end, also on failure.
#
# Settings (environment): COUNT (100), CLONE_MS (2000), WARMUP_COUNT (10), MAX_IN_FLIGHT (64: ims.driver.max-in-flight),
# CONCURRENCY (64: clones in flight in the direct baseline), KEEP_DATA (0), BUILD (0; 1: ./mvnw install first).
# Needs: java 17, python3, curl, go with govmomi's sources (tools/vcsim/build.sh). Loopback only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
COUNT="${COUNT:-100}"
CLONE_MS="${CLONE_MS:-2000}"
WARMUP_COUNT="${WARMUP_COUNT:-10}"
MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-64}"
CONCURRENCY="${CONCURRENCY:-64}"
KEEP_DATA="${KEEP_DATA:-0}"
BUILD="${BUILD:-0}"

log() { printf '[vsphere %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java python3 curl setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required"
done

cd "$root"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar ]]; then
  log "building IMS (./mvnw -q -B -DskipTests install)"
  ./mvnw -q -B -DskipTests install >&2
fi
vcsim_binary="$(bash tools/vcsim/build.sh | tail -n 1)"
clones_binary="$(dirname "$vcsim_binary")/clones"
[[ -x "$vcsim_binary" && -x "$clones_binary" ]] || die "tools/vcsim/build.sh built no vcsim and clones"

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-vsphere.XXXXXX")"
results="$work/results.jsonl"
# Run from copies: a build in the source tree (another session) must not replace a jar or binary under a running one.
cp standalone/target/ims-standalone.jar "$work/ims-standalone.jar"
cp "$vcsim_binary" "$work/vcsim"
cp "$clones_binary" "$work/clones"
ims=(java -jar "$work/ims-standalone.jar")
pids=()   # every process this script started, stopped in reverse order

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop_pid() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 1
    done
    log "$pid still running after 60 s: SIGKILL to its process group"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    log "stopping ${pids[$i]} (SIGTERM)"
    stop_pid "${pids[$i]}"
  done
  if [[ "$status" -ne 0 || "$KEEP_DATA" == "1" ]]; then
    log "kept $work (logs, results.jsonl)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# vcsim: its own session; -stdin=false, as its standard input is /dev/null.
vcsim_port="$(free_port)"
log "starting vcsim on 127.0.0.1:$vcsim_port with -method-delay CloneVM_Task=$CLONE_MS (log: $work/vcsim.log)"
setsid "$work/vcsim" -listen "127.0.0.1:$vcsim_port" -stdin=false -method-delay "CloneVM_Task=$CLONE_MS" \
  >"$work/vcsim.out" 2>"$work/vcsim.log" </dev/null &
vcsim_pid=$!
pids+=("$vcsim_pid")
for _ in $(seq 1 60); do
  kill -0 "$vcsim_pid" 2>/dev/null || die "vcsim exited; see $work/vcsim.log"
  grep -q '^VCSIM_URL=' "$work/vcsim.out" && break
  sleep 1
done
grep -q '^VCSIM_URL=' "$work/vcsim.out" || die "vcsim printed no VCSIM_URL within 60 s"
vcsim_url="http://127.0.0.1:$vcsim_port/sdk"
log "vcsim up: $vcsim_url"

data="$work/stack/data"
mkdir -p "$data"
port="$(free_port)"
base="https://127.0.0.1:$port"
log "starting ims up --port $port --data $data --ims.driver.type=vsphere (log: $work/stack/ims.log)"
# No job control here, so the background child is no process-group leader and setsid needs no fork: $! is the java
# process, the leader of its own session.
setsid "${ims[@]}" up --port "$port" --data "$data" \
  --ims.driver.type=vsphere --ims.vsphere.url="$vcsim_url" --ims.vsphere.username=ims \
  --ims.vsphere.password=ims-vcsim "--ims.vsphere.network=VM Network" --ims.vsphere.task-poll-interval=100ms \
  --ims.driver.max-in-flight="$MAX_IN_FLIGHT" >"$work/stack/ims.log" 2>&1 </dev/null &
stack_pid=$!
pids+=("$stack_pid")
cacert="$data/tls/server.crt"
up=0
for _ in $(seq 1 300); do
  kill -0 "$stack_pid" 2>/dev/null || die "the stack exited; see $work/stack/ims.log"
  if [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/"; then
    up=1
    break
  fi
  sleep 1
done
[[ "$up" == "1" ]] || die "the gateway did not answer within 300 s"
token="$(timeout 120 "${ims[@]}" token --data "$data" --project demo --user alice)"
admin="$(timeout 120 "${ims[@]}" token --data "$data" --project ops --user root --admin)"
code="$(curl -sS --max-time 30 --cacert "$cacert" -H "X-Auth-Token: $admin" -H 'Content-Type: application/json' \
  -o /dev/null -w '%{http_code}' -X PUT "$base/v1/admin/quotas/demo" \
  -d '{"instances":100000,"cores":100000,"ram_mb":100000000}')"
[[ "$code" == 2* ]] || die "PUT /v1/admin/quotas/demo answered $code"
image_id=""
for _ in $(seq 1 180); do
  image_id="$(curl -sS --max-time 30 --cacert "$cacert" -H "X-Auth-Token: $token" \
    "$base/v2/cloudimages?name=ims-base-linux" \
    | python3 -c 'import sys,json; i=json.load(sys.stdin).get("images",[]); print(i[0]["id"] if i and i[0].get("status")=="active" else "")' || true)"
  [[ -n "$image_id" ]] && break
  sleep 1
done
[[ -n "$image_id" ]] || die "ims-base-linux was not seeded within 180 s"

log "stack up (pid $stack_pid), image $image_id; warm-up batch of $WARMUP_COUNT (imports the template)"
python3 "$bench/provisioning.py" batch "$base" "$token" demo "$image_id" "$WARMUP_COUNT" warmup 0 "$work/warmup.jsonl" \
  || die "the warm-up batch did not succeed; see $work/stack/ims.log"
log "measured batch of $COUNT"
python3 "$bench/provisioning.py" batch "$base" "$token" demo "$image_id" "$COUNT" "ims-vsphere-clone-${CLONE_MS}ms" 1 \
  "$results" || log "WARNING: the measured batch did not end with every ECS created"

log "direct clones of ims-image-$image_id: $COUNT, $CONCURRENCY in flight"
direct="$("$work/clones" -url "$vcsim_url" -template "ims-image-$image_id" -count "$COUNT" -concurrency "$CONCURRENCY")" \
  || die "the direct clones failed"
log "$direct"

stop_pid "$stack_pid"
stop_pid "$vcsim_pid"

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory;" \
  "$(java -version 2>&1 | head -n 1); load average before: $load_before"
echo "Settings: COUNT=$COUNT CLONE_MS=$CLONE_MS (vcsim -method-delay CloneVM_Task) WARMUP_COUNT=$WARMUP_COUNT" \
  "ims.driver.max-in-flight=$MAX_IN_FLIGHT ims.vsphere.task-poll-interval=100ms; direct clones: $CONCURRENCY in flight"
echo
python3 "$bench/provisioning.py" summary "$results"
python3 - "$results" "$direct" "$COUNT" "$CLONE_MS" "$MAX_IN_FLIGHT" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
count, clone_ms, in_flight = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
m = re.search(r'(\d+) in ([\d.]+) s \(([\d.]+) VMs/s\), (\d+) failed', sys.argv[2])
ims = rows[-1] if rows else {}
print('| path | VMs | time (s) | VMs/s | failed |')
print('|---|---:|---:|---:|---:|')
if ims:
    print(f"| IMS batch over HTTPS (202 to job end) | {ims['succeeded']} | {ims['completion_s']:.2f} "
          f"| {ims['ecs_per_s']} | {ims['count'] - ims['succeeded']} |")
if m:
    print(f"| govmomi clones straight to vcsim | {m.group(1)} | {float(m.group(2)):.2f} | {m.group(3)} | {m.group(4)} |")
waves = -(-count // in_flight)
ideal = count / (waves * clone_ms / 1000.0) if clone_ms else None
if ideal:
    print()
    print(f"Bound set by IMS's clone latency alone ({count} clones of {clone_ms} ms, {min(count, in_flight)} in flight,"
          f" {waves} waves): {ideal:.1f} VMs/s.")
if ims and m and float(m.group(3)) > 0:
    print(f"IMS reaches {ims['ecs_per_s'] / float(m.group(3)) * 100:.0f}% of vcsim's direct rate.")
PY
log "done"
