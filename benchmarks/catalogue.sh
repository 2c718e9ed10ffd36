#!/usr/bin/env bash
# Image-catalogue benchmark of the standalone stack over HTTPS (see docs/benchmarks.md, "Image catalogue").
#
#   benchmarks/catalogue.sh
#
# Starts `./ims up` on a fresh data directory and a free loopback port, seeds IMAGES images straight into its
# MongoDB-protocol server, creates one ECS batch through the API, then runs wrk against:
#   - GET /v1/ping (the constant-body baseline), GET /v2/images/{id}, GET /v1/demo/jobs/{id}: requests/s side by side;
#   - GET /v2/cloudimages?__os_type=Linux&sort_key=name&sort_dir=asc&limit=100 and GET /v2/images?limit=100:
#     latency with one connection (a request's own time) and under the same load as above.
# Prints a Markdown summary and stops the stack (SIGTERM) at the end, also on failure.
#
# Settings (environment): IMAGES (20000), THREADS (2), CONNECTIONS (16), DURATION (20s), WARMUP (10s),
# LATENCY_DURATION (20s), ROUNDS (3: rounds of ping/image/job), KEEP_DATA (0: delete the data directory at the end; 1: keep it and the log),
# BUILD (0; 1: run `./mvnw -q -B -DskipTests install` first, e.g. after changing the sources).
# Needs: java 17, curl, wrk (Debian: apt-get install -y wrk), python3 (JSON and a free port). Loopback only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
IMAGES="${IMAGES:-20000}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
LATENCY_DURATION="${LATENCY_DURATION:-20s}"
ROUNDS="${ROUNDS:-3}"
KEEP_DATA="${KEEP_DATA:-0}"
BUILD="${BUILD:-0}"

log() { printf '[catalogue %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java curl wrk python3 setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required (wrk: apt-get install -y wrk)"
done

cd "$root"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar ]]; then
  log "building IMS (./mvnw -q -B -DskipTests install)"
  ./mvnw -q -B -DskipTests install >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-bench.XXXXXX")"
data="$work/data"
ims_log="$work/ims.log"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="https://127.0.0.1:$port"
ims_pid=""

# Stops the running stack: SIGTERM, then SIGKILL to its process group after 60 s.
stop_running_stack() {
  if [[ -n "$ims_pid" ]] && kill -0 "$ims_pid" 2>/dev/null; then
    log "stopping the stack (SIGTERM to $ims_pid)"
    kill -TERM "$ims_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$ims_pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$ims_pid" 2>/dev/null; then
      log "still running after 60 s: SIGKILL to its process group"
      kill -KILL -- "-$ims_pid" 2>/dev/null || true
    fi
  fi
  ims_pid=""
}

stop_stack() {
  local status=$?
  trap - EXIT INT TERM
  stop_running_stack
  if [[ "$status" -ne 0 || "$KEEP_DATA" == "1" ]]; then
    log "kept $work (log: $ims_log)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

cacert="$data/tls/server.crt"
api() { curl -sS --max-time 30 --cacert "$cacert" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' "$@"; }

# Starts ./ims up on $data and waits until GET / answers.
start_stack() {
  log "starting ./ims up --port $port --data $data (log: $ims_log)"
  mkdir -p "$data"
  # No job control in this script, so the background child is no process-group leader and setsid needs no fork:
  # $! is the process that becomes java (./ims execs it), the leader of its own session.
  setsid ./ims up --port "$port" --data "$data" >>"$ims_log" 2>&1 </dev/null &
  ims_pid=$!
  log "waiting for GET / to answer (at most 300 s)"
  local up=0
  for _ in $(seq 1 300); do
    kill -0 "$ims_pid" 2>/dev/null || die "the stack exited; see $ims_log"
    if [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/"; then
      up=1
      break
    fi
    sleep 1
  done
  [[ "$up" == "1" ]] || die "the gateway did not answer within 300 s; see $ims_log"
}

start_stack

token="$(./ims token --data "$data" --project demo --user alice)"
[[ -n "$token" ]] || die "no token"

ping_code="$(api -o /dev/null -w '%{http_code}' "$base/v1/ping")"
[[ "$ping_code" == "200" ]] || die "GET /v1/ping answered $ping_code: is standalone/target/ims-standalone.jar older than the sources? Run with BUILD=1"

log "waiting for the public image ims-base-linux (at most 180 s)"
image_id=""
for _ in $(seq 1 180); do
  image_id="$(api "$base/v2/cloudimages?name=ims-base-linux" \
    | python3 -c 'import sys,json; i=json.load(sys.stdin).get("images",[]); print(i[0]["id"] if i and i[0].get("status")=="active" else "")' || true)"
  [[ -n "$image_id" ]] && break
  sleep 1
done
[[ -n "$image_id" ]] || die "ims-base-linux was not seeded within 180 s"

mongo_uri="$(sed -n 's/^ims\.mongodb\.uri=//p' "$data/standalone.properties")"
[[ "$mongo_uri" == mongodb://127.0.0.1:* ]] || die "unexpected ims.mongodb.uri '$mongo_uri'"

log "compiling the seeder against the core module's classpath"
cp_file="$work/core.classpath"
./mvnw -q -B -o dependency:build-classpath -pl core -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >&2 \
  || ./mvnw -q -B dependency:build-classpath -pl core -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >&2
core_jar="$(ls core/target/ims-core-*.jar 2>/dev/null | grep -v -- '-sources\|-tests' | head -n 1 || true)"
classpath="$(cat "$cp_file"):${core_jar:-core/target/classes}"
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$classpath" "$bench/SeedImages.java"

log "seeding $IMAGES images into $mongo_uri"
timeout 900 java -cp "$classpath:$work/classes" SeedImages "$mongo_uri" "$IMAGES" >&2

# SeedImages writes straight into the store, past the image events that keep the gateway's image-list index
# current; a restart makes the gateway load the seeded catalogue, as it does whenever it starts.
log "restarting the stack, so that the gateway loads the seeded catalogue into its image-list index"
stop_running_stack
start_stack
log "waiting until the seeded images are listed (at most 120 s)"
listed=0
for _ in $(seq 1 120); do
  listed="$(api "$base/v2/images?limit=1000" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["images"]))' || echo 0)"
  [[ "$listed" -ge 1000 ]] && break
  sleep 1
done
[[ "$listed" -ge 1000 ]] || die "the gateway lists $listed images after the restart, not the seeded ones"

log "creating one ECS batch from ims-base-linux"
job_id="$(api -X POST "$base/v1/demo/cloudservers" \
  -d '{"server":{"imageRef":"'"$image_id"'","flavorRef":"s6.small.1","name":"bench","count":3}}' \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["job_id"])')"
job_status=""
for _ in $(seq 1 120); do
  job_status="$(api "$base/v1/demo/jobs/$job_id" | python3 -c 'import sys,json; print(json.load(sys.stdin)["status"])')"
  [[ "$job_status" == "SUCCESS" || "$job_status" == "FAIL" ]] && break
  sleep 1
done
log "job $job_id: $job_status"

list_huawei="/v2/cloudimages?__os_type=Linux&sort_key=name&sort_dir=asc&limit=100"
list_glance="/v2/images?limit=100"
for path in "$list_huawei" "$list_glance"; do
  count="$(api "$base$path" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["images"]))')"
  [[ "$count" == "100" ]] || die "GET $path returned $count images, not 100"
done
visible="$(api "$base/v2/images?limit=1000" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["images"]))')"
log "demo sees at least $visible images on a page of 1000 (of $IMAGES in the store)"

cat >"$work/auth.lua" <<EOF
wrk.headers["X-Auth-Token"] = "$token"
EOF

results="$work/results.tsv"
: >"$results"

# run NAME PATH THREADS CONNECTIONS DURATION: one wrk run; appends name, req/s, p50, p99 (ms), errors to results.
run() {
  local name="$1" path="$2" threads="$3" connections="$4" duration="$5" out
  out="$work/wrk-$name.txt"
  log "wrk -t$threads -c$connections -d$duration $path"
  timeout 300 wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s "$work/auth.lua" \
    "$base$path" >"$out"
  python3 - "$name" "$out" >>"$results" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
    v = float(m.group(1)); return {'us': v / 1000, 'ms': v, 's': v * 1000}[m.group(2)]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
errs = re.search(r'Socket errors:.*', text)
print(f"{name}\t{rps:.0f}\t{ms('50%'):.2f}\t{ms('99%'):.2f}\t{(int(bad.group(1)) if bad else 0)}\t{errs.group(0) if errs else ''}")
PY
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "warming up (JIT) for $WARMUP per endpoint"
for path in /v1/ping "/v2/images/$image_id" "/v1/demo/jobs/$job_id" "$list_huawei" "$list_glance"; do
  timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/auth.lua" "$base$path" >/dev/null
done

# Target 2: side by side, same wrk settings, interleaved in ROUNDS rounds so that drift hits all three alike.
for round in $(seq 1 "$ROUNDS"); do
  run "ping#$round" /v1/ping "$THREADS" "$CONNECTIONS" "$DURATION"
  run "image#$round" "/v2/images/$image_id" "$THREADS" "$CONNECTIONS" "$DURATION"
  run "job#$round" "/v1/demo/jobs/$job_id" "$THREADS" "$CONNECTIONS" "$DURATION"
done
# Target 1: a request's own latency (one connection), then under the same load as above.
run list-huawei-c1 "$list_huawei" 1 1 "$LATENCY_DURATION"
run list-glance-c1 "$list_glance" 1 1 "$LATENCY_DURATION"
run list-huawei "$list_huawei" "$THREADS" "$CONNECTIONS" "$DURATION"
run list-glance "$list_glance" "$THREADS" "$CONNECTIONS" "$DURATION"

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory;" \
  "$(java -version 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2); load average before: $load_before"
python3 - "$results" "$IMAGES" "$THREADS" "$CONNECTIONS" "$DURATION" "$LATENCY_DURATION" "$ROUNDS" <<'PY'
import statistics, sys
path, images, threads, conns, duration, lat_duration, rounds = sys.argv[1:]
rows = {}
for line in open(path):
    f = line.rstrip('\n').split('\t')
    rows[f[0]] = dict(rps=float(f[1]), p50=float(f[2]), p99=float(f[3]), non2xx=int(f[4]), errors=f[5])
huawei = 'GET /v2/cloudimages?__os_type=Linux&sort_key=name&sort_dir=asc&limit=100'
glance = 'GET /v2/images?limit=100'
labels = {'ping': 'GET /v1/ping (baseline)', 'image': 'GET /v2/images/{id}', 'job': 'GET /v1/demo/jobs/{id}',
          'list-huawei-c1': huawei, 'list-glance-c1': glance, 'list-huawei': huawei, 'list-glance': glance}
load = f"-t{threads} -c{conns} -d{duration}"
print()
print(f"Image catalogue: {images} images in the store")
print()
print("| endpoint | wrk | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
print("|---|---|---:|---:|---:|---:|")
median = {}
for name in ['ping', 'image', 'job']:
    runs = [rows[f"{name}#{r}"] for r in range(1, int(rounds) + 1)]
    median[name] = statistics.median(r['rps'] for r in runs)
    for r, run in enumerate(runs, 1):
        print(f"| `{labels[name]}` round {r} | {load} | {run['rps']:.0f} | {run['p50']:.2f} | {run['p99']:.2f} | {run['non2xx']} |")
for key in ['list-huawei-c1', 'list-glance-c1', 'list-huawei', 'list-glance']:
    r = rows[key]
    wrk = f"-t1 -c1 -d{lat_duration}" if key.endswith('-c1') else load
    print(f"| `{labels[key]}` | {wrk} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} |")
print()
print(f"Baseline GET /v1/ping: median {median['ping']:.0f} requests/s over {rounds} rounds")
ok2 = True
for name in ['image', 'job']:
    ratio = median[name] / median['ping']
    per_round = [rows[f"{name}#{r}"]['rps'] / rows[f"ping#{r}"]['rps'] for r in range(1, int(rounds) + 1)]
    ok2 &= ratio >= 0.5
    print(f"- {labels[name]}: median {median[name]:.0f} requests/s = {ratio:.0%} of the baseline (target >= 50%);"
          f" per round: {', '.join(f'{x:.0%}' for x in per_round)}")
ok1 = all(rows[k]['p99'] < 50 for k in ['list-huawei-c1', 'list-glance-c1'])
print()
print(f"Target 1 (list p99 < 50 ms, one connection): {'MET' if ok1 else 'MISSED'}"
      f" (huawei {rows['list-huawei-c1']['p99']:.1f} ms, glance {rows['list-glance-c1']['p99']:.1f} ms);"
      f" under -c{conns}: huawei {rows['list-huawei']['p99']:.1f} ms, glance {rows['list-glance']['p99']:.1f} ms")
print(f"Target 2 (one image / one job >= 50% of ping, medians): {'MET' if ok2 else 'MISSED'}")
bad = [k for k, r in rows.items() if r['non2xx'] or r['errors']]
if bad:
    print(f"WARNING: non-2xx answers or socket errors in: {', '.join(bad)}")
PY
log "done"
