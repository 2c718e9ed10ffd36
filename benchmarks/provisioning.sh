#!/usr/bin/env bash
# ECS batch-provisioning benchmark of the standalone stack over HTTPS (see docs/benchmarks.md, "ECS provisioning").
#
#   benchmarks/provisioning.sh
#
# Starts `./ims up` on a fresh data directory and a free loopback port, raises the quota of project `demo`, then
# sends batches of COUNT ECSs (POST /v1/demo/cloudservers, "count": COUNT, image ims-base-linux, flavor s6.small.1)
# and polls GET /v1/demo/jobs/{id} every 100 ms until the job ends (benchmarks/provisioning.py):
#   1. zero-latency  : driver latency 0, RUNS batches;
#   2. 200ms-1-worker: driver latency 200 ms (set at run time through <data>/vmware/conditions.properties, which
#                      every replica reads), RUNS batches with the stack's one provisioning-worker;
#   3. 200ms-2-workers: the same with a second provisioning-worker replica (a separate JVM, same consumer group);
#   4. (COUNT_WRITES=1) a second stack whose services reach MongoDB through a counting wire-protocol proxy: one
#      batch at latency 0, and the MongoDB commands per ECS.
# Checks the disks (one qcow2 per ECS in <data>/vmware/disks/, with a backing file), prints a Markdown summary and
# stops everything it started (SIGTERM) at the end, also on failure.
#
# Settings (environment): COUNT (500), RUNS (3), WARMUP_COUNT (100: one unmeasured batch per stack first),
# WARMUP_BATCHES (1: how many such batches each stack runs before measuring, for the JIT to settle),
# WARMUP_JIT (unset; N: end the warm-up early, after the first batch in which the JIT compilers used at most N tenths
# of a ms of CPU per ECS: "warm" measured, not assumed; WARMUP_BATCHES is then the most it runs),
# CONCURRENCY (4: spring.kafka.listener.concurrency of each provisioning-worker, its default; the topic has 48 partitions),
# MAX_IN_FLIGHT (64: ims.driver.max-in-flight, the operations each worker keeps in flight),
# CAPACITY (2000: ims.driver.simulated.capacity),
# LATENCY (200ms), COUNT_WRITES (1), REPLICA (1: run scenario 3), KEEP_DATA (0), BUILD (0; 1: ./mvnw install first),
# PROFILE (0; 1: thread dumps and per-thread CPU of the stack during the first measured batch of each scenario),
# STANDALONE_JAR and WORKER_JAR (the jars to run, by default those of this tree's build: a baseline built elsewhere).
# Needs: java 17, python3, qemu-img, curl. Loopback only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
COUNT="${COUNT:-500}"
RUNS="${RUNS:-3}"
WARMUP_COUNT="${WARMUP_COUNT:-100}"
WARMUP_BATCHES="${WARMUP_BATCHES:-1}"
WARMUP_JIT="${WARMUP_JIT:-}"
warmed_up=0
CONCURRENCY="${CONCURRENCY:-4}"
MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-64}"
CAPACITY="${CAPACITY:-2000}"
LATENCY="${LATENCY:-200ms}"
COUNT_WRITES="${COUNT_WRITES:-1}"
REPLICA="${REPLICA:-1}"
KEEP_DATA="${KEEP_DATA:-0}"
BUILD="${BUILD:-0}"
PROFILE="${PROFILE:-0}"

log() { printf '[provisioning %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java python3 qemu-img curl setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required"
done

cd "$root"
worker_jar="provisioning-worker/target/ims-provisioning-worker-0.1.0-SNAPSHOT-exec.jar"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar || ! -f "$worker_jar" ]]; then
  log "building IMS (./mvnw -q -B -DskipTests install)"
  ./mvnw -q -B -DskipTests install >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-provisioning.XXXXXX")"
results="$work/results.jsonl"
# Run from copies: a build in the source tree (another session, BUILD=1) must not replace a jar under a running JVM.
cp "${STANDALONE_JAR:-standalone/target/ims-standalone.jar}" "$work/ims-standalone.jar"
cp "${WORKER_JAR:-$worker_jar}" "$work/ims-provisioning-worker.jar"
ims=(java -jar "$work/ims-standalone.jar")
worker_jar="$work/ims-provisioning-worker.jar"
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
    log "kept $work (logs, results.jsonl, thread dumps)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_stack NAME [extra ./ims up arguments...]: sets stack_pid, data, base, token, image_id.
start_stack() {
  local name="$1"
  shift
  data="$work/$name/data"
  mkdir -p "$data"
  local port
  port="$(free_port)"
  base="https://127.0.0.1:$port"
  log "starting ./ims up --port $port --data $data $* (log: $work/$name/ims.log)"
  # No job control here, so the background child is no process-group leader and setsid needs no fork: $! is
  # the java process, the leader of its own session.
  setsid "${ims[@]}" up --port "$port" --data "$data" \
    --ims.driver.simulated.capacity="$CAPACITY" \
    --ims.driver.max-in-flight="$MAX_IN_FLIGHT" \
    --spring.kafka.listener.concurrency="$CONCURRENCY" \
    "$@" >"$work/$name/ims.log" 2>&1 </dev/null &
  stack_pid=$!
  pids+=("$stack_pid")
  local cacert="$data/tls/server.crt" up=0
  for _ in $(seq 1 300); do
    kill -0 "$stack_pid" 2>/dev/null || die "the stack exited; see $work/$name/ims.log"
    if [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/"; then
      up=1
      break
    fi
    sleep 1
  done
  [[ "$up" == "1" ]] || die "the gateway did not answer within 300 s"
  token="$(timeout 120 "${ims[@]}" token --data "$data" --project demo --user alice)"
  local admin
  admin="$(timeout 120 "${ims[@]}" token --data "$data" --project ops --user root --admin)"
  local code
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
  log "stack up (pid $stack_pid), image $image_id; warming up with up to $WARMUP_BATCHES batch(es) of $WARMUP_COUNT"
  local batch cpu_before jit_before cpu jit
  for batch in $(seq 1 "$WARMUP_BATCHES"); do
    cpu_before="$(awk '{print $14 + $15}' "/proc/$stack_pid/stat")"
    jit_before="$(compiler_ticks "$stack_pid")"
    python3 "$bench/provisioning.py" batch "$base" "$token" demo "$image_id" "$WARMUP_COUNT" warmup 0 \
      "$work/$name/warmup.jsonl" || die "the warm-up batch did not succeed"
    warmed_up=$((warmed_up + WARMUP_COUNT))
    cpu=$(( ($(awk '{print $14 + $15}' "/proc/$stack_pid/stat") - cpu_before) * 100 / WARMUP_COUNT ))
    jit=$(( ($(compiler_ticks "$stack_pid") - jit_before) * 100 / WARMUP_COUNT ))
    log "warm-up batch $batch: $cpu tenths of a ms of CPU per ECS, of which the JIT compilers $jit"
    if [[ -n "$WARMUP_JIT" && "$jit" -le "$WARMUP_JIT" ]]; then
      log "warm: the JIT compilers used at most $WARMUP_JIT tenths of a ms per ECS in the last warm-up batch"
      break
    fi
  done
}

# profile NAME PID: thread dumps and per-thread CPU every 2 s for 10 s, in the background.
profile() {
  local name="$1" pid="$2"
  [[ "$PROFILE" == "1" ]] || return 0
  mkdir -p "$work/profile"
  (for i in 1 2 3 4 5; do
     sleep 2
     jcmd "$pid" Thread.print >"$work/profile/$name-threads-$i.txt" 2>&1 || true
     top -b -n1 -H -p "$pid" | head -n 40 >"$work/profile/$name-top-$i.txt" 2>&1 || true
   done) &
}

# compiler_ticks PID: CPU clock ticks used so far by the JVM's JIT compiler threads (C1 and C2).
compiler_ticks() {
  local task sum=0
  for task in /proc/"$1"/task/*; do
    if [[ "$(cat "$task/comm" 2>/dev/null)" == C[12]\ Compiler* ]]; then
      sum=$((sum + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)))
    fi
  done
  echo "$sum"
}

# scenario LABEL: RUNS measured batches.
scenario() {
  local label="$1" run
  local cpu_before; cpu_before="$(awk '{print $14 + $15}' "/proc/$stack_pid/stat")"
  local jit_before; jit_before="$(compiler_ticks "$stack_pid")"
  for run in $(seq 1 "$RUNS"); do
    [[ "$run" == "1" ]] && profile "$label" "$stack_pid"
    python3 "$bench/provisioning.py" batch "$base" "$token" demo "$image_id" "$COUNT" "$label" "$run" "$results" \
      || log "WARNING: $label run $run did not end with every ECS created"
  done
  local cpu_after; cpu_after="$(awk '{print $14 + $15}' "/proc/$stack_pid/stat")"
  # The stack's own CPU per ECS (clock ticks of 10 ms): on a shared, noisy machine steadier than ECS/s.
  local jit_after; jit_after="$(compiler_ticks "$stack_pid")"
  # A JIT still compiling is a stack not yet warm: with one JVM on two cores its compilers take what the work needs.
  log "CPU of the stack during $label: $(( (cpu_after - cpu_before) * 100 / (RUNS * COUNT) )) tenths of a ms per ECS, of which the JIT compilers $(( (jit_after - jit_before) * 100 / (RUNS * COUNT) ))"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Scenarios 1 to 3 on one stack.
start_stack main
scenario zero-latency

disks="$(find "$data/vmware/disks" -maxdepth 1 -type f | wc -l)"
servers_created=$((warmed_up + RUNS * COUNT))
one_disk="$(find "$data/vmware/disks" -maxdepth 1 -type f -print -quit)"
disk_info="$(qemu-img info --output=json "$one_disk" \
  | python3 -c 'import sys,json; i=json.load(sys.stdin); print(i["format"], "backing:", i.get("full-backing-filename") or i.get("backing-filename"))')"
log "disks: $disks files for $servers_created ECSs; $(basename "$one_disk"): $disk_info"

printf 'latency=%s\n' "$LATENCY" >"$data/vmware/conditions.properties"
sleep 2
scenario "$LATENCY-1-worker"

if [[ "$REPLICA" == "1" ]]; then
  bootstrap="$(sed -n 's/^spring\.kafka\.bootstrap-servers=//p' "$data/standalone.properties")"
  mongo_uri="$(sed -n 's/^ims\.mongodb\.uri=//p' "$data/standalone.properties")"
  log "starting a second provisioning-worker (log: $work/main/worker2.log)"
  setsid java -jar "$worker_jar" --ims.data-dir="$data" --spring.kafka.bootstrap-servers="$bootstrap" \
    --ims.mongodb.uri="$mongo_uri" --server.port=0 --ims.driver.simulated.latency="$LATENCY" \
    --ims.driver.simulated.capacity="$CAPACITY" --ims.driver.max-in-flight="$MAX_IN_FLIGHT" \
    --spring.kafka.listener.concurrency="$CONCURRENCY" >"$work/main/worker2.log" 2>&1 </dev/null &
  worker_pid=$!
  pids+=("$worker_pid")
  # Wait until the group has rebalanced onto both members: the replica logs its partition assignment.
  for _ in $(seq 1 120); do
    kill -0 "$worker_pid" 2>/dev/null || die "the second worker exited; see $work/main/worker2.log"
    grep -q 'partitions assigned: \[.*ims.server.commands' "$work/main/worker2.log" 2>/dev/null && break
    sleep 1
  done
  grep -q 'partitions assigned: \[.*ims.server.commands' "$work/main/worker2.log" || die "the second worker got no partitions"
  log "second worker assigned: $(grep -o 'partitions assigned: \[[^]]*\]' "$work/main/worker2.log" | tail -n 1 | head -c 300)"
  sleep 3
  for batch in $(seq 1 "$WARMUP_BATCHES"); do
    python3 "$bench/provisioning.py" batch "$base" "$token" demo "$image_id" "$WARMUP_COUNT" warmup 0 \
      "$work/main/warmup.jsonl" || true
  done
  scenario "$LATENCY-2-workers"
  stop_pid "$worker_pid"
fi
stop_pid "$stack_pid"

# Scenario 4: MongoDB commands per ECS, through a counting proxy.
if [[ "$COUNT_WRITES" == "1" ]]; then
  mongo_port="$(free_port)"
  proxy_port="$(free_port)"
  mkdir -p "$work/count"
  log "counting proxy 127.0.0.1:$proxy_port -> MongoDB-protocol server 127.0.0.1:$mongo_port"
  setsid python3 "$bench/provisioning.py" proxy "$proxy_port" "$mongo_port" "$work/count/counts.json" \
    >"$work/count/proxy.log" 2>&1 </dev/null &
  proxy_pid=$!
  pids+=("$proxy_pid")
  start_stack count --ims.standalone.mongo-port="$mongo_port" --ims.mongodb.uri="mongodb://127.0.0.1:$proxy_port"
  sleep 5   # let the warm-up's trailing events and the outbox relay settle
  kill -USR1 "$proxy_pid"; sleep 1; cp "$work/count/counts.json" "$work/count/before.json"
  python3 "$bench/provisioning.py" batch "$base" "$token" demo "$image_id" "$COUNT" counted 1 "$work/count/run.jsonl" \
    || log "WARNING: the counted batch did not end with every ECS created"
  sleep 5
  kill -USR1 "$proxy_pid"; sleep 1; cp "$work/count/counts.json" "$work/count/after.json"
  stop_pid "$stack_pid"
fi

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory;" \
  "$(java -version 2>&1 | head -n 1); load average before: $load_before"
echo "Settings: COUNT=$COUNT RUNS=$RUNS spring.kafka.listener.concurrency=$CONCURRENCY" \
  "ims.driver.max-in-flight=$MAX_IN_FLIGHT ims.driver.simulated.capacity=$CAPACITY latency=$LATENCY"
echo
python3 "$bench/provisioning.py" summary "$results" >"$work/summary.md"
cat "$work/summary.md"
python3 - "$results" "$LATENCY" "$REPLICA" <<'PY'
import json, math, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def median(label):
    v = sorted(r['ecs_per_s'] or 0 for r in rows if r['label'] == label)
    return v[max(0, math.ceil(len(v) / 2) - 1)] if v else None
zero = median('zero-latency')
print(f"Target 1 (>= 200 ECS/s end to end, latency 0): {'MET' if zero and zero >= 200 else 'MISSED'} ({zero} ECS/s, median)")
if sys.argv[3] == '1':
    one, two = median(f'{sys.argv[2]}-1-worker'), median(f'{sys.argv[2]}-2-workers')
    ratio = two / one if one else 0
    print(f"Target 2 (2 workers >= 1.6x 1 worker at {sys.argv[2]}): {'MET' if ratio >= 1.6 else 'MISSED'}"
          f" ({one} -> {two} ECS/s, x{ratio:.2f})")
PY
echo "Disks after scenario 1: $disks files in <data>/vmware/disks/ for $servers_created ECSs; one of them: $disk_info"
if [[ "$COUNT_WRITES" == "1" ]]; then
  echo
  echo "MongoDB commands per ECS (counting proxy, one batch of $COUNT at latency 0):"
  echo
  python3 "$bench/provisioning.py" mongocount "$work/count/before.json" "$work/count/after.json" "$COUNT"
fi
log "done"
