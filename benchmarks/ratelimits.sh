#!/usr/bin/env bash
# Rate limits (see docs/benchmarks.md, "Rate limits"): what taking the buckets' tokens costs a request, and whether one
# project's flood slows another project's requests.
#
#   benchmarks/ratelimits.sh
#
# Starts `./ims up` on a fresh data directory and a free loopback port with the rate limits on, project demo's reads
# (and every user's) raised so that wrk is never refused, every other project on the defaults (100 reads/s, bursts
# of 200). Then:
#   1. ROUNDS interleaved rounds of GET /v1/ping (authenticated, constant JSON body: the baseline) and
#      GET /v2/images/{id}, both through the limiter, wrk -tTHREADS -cCONNECTIONS: requests/s side by side;
#   2. ROUNDS times: project quiet reads GET /v2/images/{id} on one connection, paced to about 45 requests/s (wrk's
#      delay()), alone, then while project neighbour reads at just under its limit (2 connections, ~95/s), then while
#      project flood sends GET /v2/images/{id} on FLOOD_CONNECTIONS connections as fast as it can (refused with 429
#      past its 100 reads/s): the quiet project's latency and errors in each;
# then restarts the stack on the same data with --ims.rate-limits.enabled=false and runs the rounds of 1 again, so that
# the limiter's own cost is the difference. Prints a Markdown summary and stops the stack (SIGTERM), also on failure.
#
# Settings (environment): THREADS (2), CONNECTIONS (16), FLOOD_CONNECTIONS (8), DURATION (20s), WARMUP (10s),
# ROUNDS (3), KEEP_DATA (0), BUILD (0; 1: ./mvnw -q -B -DskipTests install first), PARTS ("cost isolation": 1 and 2;
# "isolation" runs 2 only), STACK_ARGS (more options for ./ims up, e.g. --ims.rate-limits.refusal-delay=250ms).
# Needs: java 17, curl, wrk (Debian: apt-get install -y wrk), python3. Loopback only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
FLOOD_CONNECTIONS="${FLOOD_CONNECTIONS:-8}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
ROUNDS="${ROUNDS:-3}"
KEEP_DATA="${KEEP_DATA:-0}"
PARTS="${PARTS:-cost isolation}"
BUILD="${BUILD:-0}"

log() { printf '[ratelimits %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java curl wrk python3 setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required (wrk: apt-get install -y wrk)"
done

cd "$root"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar ]]; then
  log "building IMS (./mvnw -q -B -DskipTests install)"
  ./mvnw -q -B -DskipTests install >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-ratelimits.XXXXXX")"
data="$work/data"
ims_log="$work/ims.log"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="https://127.0.0.1:$port"
ims_pid=""
flood_pid=""

stop_running_stack() {
  if [[ -n "$ims_pid" ]] && kill -0 "$ims_pid" 2>/dev/null; then
    log "stopping the stack (SIGTERM to $ims_pid)"
    kill -TERM "$ims_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$ims_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$ims_pid" 2>/dev/null || true
  fi
  ims_pid=""
}

stop_stack() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$flood_pid" ]]; then kill "$flood_pid" 2>/dev/null || true; fi
  stop_running_stack
  if [[ "$status" -ne 0 || "$KEEP_DATA" == "1" ]]; then log "kept $work (log: $ims_log)"; else rm -rf "$work"; fi
  exit "$status"
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

cacert="$data/tls/server.crt"

# start_stack [extra ./ims up arguments...]: starts ./ims up on $data and waits until GET / answers.
start_stack() {
  log "starting ./ims up --port $port --data $data $* (log: $ims_log)"
  mkdir -p "$data"
  # shellcheck disable=SC2086 # STACK_ARGS holds several options on purpose.
  setsid ./ims up --port "$port" --data "$data" "$@" ${STACK_ARGS:-} >>"$ims_log" 2>&1 </dev/null &
  ims_pid=$!
  local up=0
  for _ in $(seq 1 300); do
    kill -0 "$ims_pid" 2>/dev/null || die "the stack exited; see $ims_log"
    if [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/"; then up=1; break; fi
    sleep 1
  done
  [[ "$up" == "1" ]] || die "the gateway did not answer within 300 s; see $ims_log"
}

# auth_script NAME TOKEN [DELAY_MS]: a wrk script that sends the token (and waits DELAY_MS before each request).
auth_script() {
  local file="$work/$1.lua"
  printf 'wrk.headers["X-Auth-Token"] = "%s"\n' "$2" >"$file"
  if [[ -n "${3:-}" ]]; then printf 'function delay()\n  return %s\nend\n' "$3" >>"$file"; fi
  echo "$file"
}

results="$work/results.tsv"
: >"$results"

# run NAME SCRIPT PATH THREADS CONNECTIONS DURATION: one wrk run; appends name, req/s, p50, p99 (ms), non-2xx.
run() {
  local name="$1" script="$2" path="$3" threads="$4" connections="$5" duration="$6" out
  out="$work/wrk-$name.txt"
  log "$name: wrk -t$threads -c$connections -d$duration $path"
  timeout 300 wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s "$script" "$base$path" >"$out"
  python3 - "$name" "$out" >>"$results" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
    v = float(m.group(1)); return {'us': v / 1000, 'ms': v, 's': v * 1000}[m.group(2)]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
total = int(re.search(r'(\d+) requests in', text).group(1))
bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
print(f"{name}\t{rps:.0f}\t{ms('50%'):.2f}\t{ms('99%'):.2f}\t{(int(bad.group(1)) if bad else 0)}\t{total}")
PY
}

# rounds TAG: ROUNDS interleaved rounds of ping and one image, demo's token.
rounds() {
  local tag="$1" demo
  demo="$(auth_script "demo-$tag" "$(./ims token --data "$data" --project demo --user alice)")"
  log "warming up (JIT) for $WARMUP per endpoint"
  for path in /v1/ping "/v2/images/$image_id"; do
    timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$demo" "$base$path" >/dev/null
  done
  for round in $(seq 1 "$ROUNDS"); do
    run "ping-$tag#$round" "$demo" /v1/ping "$THREADS" "$CONNECTIONS" "$DURATION"
    run "image-$tag#$round" "$demo" "/v2/images/$image_id" "$THREADS" "$CONNECTIONS" "$DURATION"
  done
}

# The limits on, demo's reads and every user's raised past anything wrk sends; flood and quiet on the defaults.
start_stack --ims.rate-limits.projects.demo.reads.rate=10000000 --ims.rate-limits.user.reads.rate=10000000
token="$(./ims token --data "$data" --project demo --user alice)"
ping_code="$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$cacert" -H "X-Auth-Token: $token" "$base/v1/ping")"
[[ "$ping_code" == "200" ]] || die "GET /v1/ping answered $ping_code"
limit_header="$(curl -sS -o /dev/null -D - --cacert "$cacert" -H "X-Auth-Token: $token" "$base/v1/ping" \
  | tr -d '\r' | sed -n 's/^[Xx]-[Rr]ate[Ll]imit-[Ll]imit: //p')"
[[ -n "$limit_header" ]] || die "GET /v1/ping has no X-RateLimit-Limit: is standalone/target/ims-standalone.jar older than the sources? Run with BUILD=1"

log "waiting for the public image ims-base-linux (at most 180 s)"
image_id=""
for _ in $(seq 1 180); do
  image_id="$(curl -sS --cacert "$cacert" -H "X-Auth-Token: $token" "$base/v2/cloudimages?name=ims-base-linux" \
    | python3 -c 'import sys,json; i=json.load(sys.stdin).get("images",[]); print(i[0]["id"] if i and i[0].get("status")=="active" else "")' || true)"
  [[ -n "$image_id" ]] && break
  sleep 1
done
[[ -n "$image_id" ]] || die "ims-base-linux was not seeded within 180 s"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$PARTS" == *cost* ]]; then
  rounds on
else
  log "warming up (JIT) for $WARMUP"
  timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$(auth_script demo-on "$token")" \
    "$base/v2/images/$image_id" >/dev/null
fi

quiet="$(auth_script quiet "$(./ims token --data "$data" --project quiet --user bob)" 20)"
flood="$(auth_script flood "$(./ims token --data "$data" --project flood --user mallory)")"
# As many connections as the flood, each waiting long enough that together they stay just under the default 100
# reads a second: the load the flood is entitled to, with the flood's concurrency.
neighbour="$(auth_script neighbour "$(./ims token --data "$data" --project neighbour --user nina)" \
  "$(( FLOOD_CONNECTIONS * 1000 / 100 ))")"

# background NAME SCRIPT CONNECTIONS: wrk on the image for DURATION + 10 s in the background (flood_pid).
background() {
  timeout 300 wrk -t1 -c"$3" -d"$(( ${DURATION%s} + 10 ))s" --timeout 10s -s "$2" \
    "$base/v2/images/$image_id" >"$work/wrk-$1.txt" &
  flood_pid=$!
  sleep 5
}

# totals NAME: the requests of a background wrk, appended to the results like run's.
totals() {
  python3 - "$1" "$work/wrk-$1.txt" >>"$results" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
total = int(re.search(r'(\d+) requests in', text).group(1))
bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
print(f"{name}\t{rps:.0f}\t0\t0\t{(int(bad.group(1)) if bad else 0)}\t{total}")
PY
}

# Project quiet alone, beside a neighbour project reading at its limit, and beside a flood, ROUNDS times interleaved:
# the flood isolates if quiet fares as well beside it as beside the neighbour (whose reads it is entitled to).
for round in $(seq 1 "$ROUNDS"); do
  [[ "$PARTS" == *isolation* ]] || break
  run "quiet-alone#$round" "$quiet" "/v2/images/$image_id" 1 1 "$DURATION"
  log "neighbour: wrk -t1 -c$FLOOD_CONNECTIONS, each connection $(( FLOOD_CONNECTIONS * 10 )) ms between requests"
  background "neighbour#$round" "$neighbour" "$FLOOD_CONNECTIONS"
  run "quiet-neighbour#$round" "$quiet" "/v2/images/$image_id" 1 1 "$DURATION"
  wait "$flood_pid" || true
  totals "neighbour#$round"
  log "flood: wrk -t1 -c$FLOOD_CONNECTIONS as fast as it can, project flood"
  background "flood#$round" "$flood" "$FLOOD_CONNECTIONS"
  run "quiet-flooded#$round" "$quiet" "/v2/images/$image_id" 1 1 "$DURATION"
  wait "$flood_pid" || true
  totals "flood#$round"
done
flood_pid=""

if [[ "$PARTS" == *cost* ]]; then
  log "restarting the stack with the rate limits off"
  stop_running_stack
  start_stack --ims.rate-limits.enabled=false
  rounds off
fi

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory;" \
  "$(java -version 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2); load average before: $load_before"
python3 - "$results" "$THREADS" "$CONNECTIONS" "$DURATION" "$ROUNDS" "$FLOOD_CONNECTIONS" <<'PY'
import statistics, sys
path, threads, conns, duration, rounds, flood_conns = sys.argv[1:]
rounds = int(rounds)
rows = {}
for line in open(path):
    f = line.rstrip('\n').split('\t')
    rows[f[0]] = dict(rps=float(f[1]), p50=float(f[2]), p99=float(f[3]), non2xx=int(f[4]), total=int(f[5]))
if 'ping-on#1' in rows:
    load = f"-t{threads} -c{conns} -d{duration}"
    print()
    print("| limits | endpoint | round | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
    print("|---|---|---:|---:|---:|---:|---:|")
    median = {}
    for tag in ['on', 'off']:
        for name, label in [('ping', 'GET /v1/ping (baseline)'), ('image', 'GET /v2/images/{id}')]:
            runs = [rows[f"{name}-{tag}#{r}"] for r in range(1, rounds + 1)]
            median[(name, tag)] = statistics.median(r['rps'] for r in runs)
            for r, run in enumerate(runs, 1):
                print(f"| {tag} | `{label}` | {r} | {run['rps']:.0f} | {run['p50']:.2f} | {run['p99']:.2f} | {run['non2xx']} |")
    print()
    print(f"wrk {load}, rounds interleaved ping, image.")
    for tag in ['on', 'off']:
        ratio = median[('image', tag)] / median[('ping', tag)]
        per_round = [rows[f"image-{tag}#{r}"]['rps'] / rows[f"ping-{tag}#{r}"]['rps'] for r in range(1, rounds + 1)]
        print(f"- limits {tag}: image median {median[('image', tag)]:.0f} requests/s = {ratio:.0%} of ping's"
              f" {median[('ping', tag)]:.0f} (per round {', '.join(f'{x:.0%}' for x in per_round)})")
    ok = median[('image', 'on')] / median[('ping', 'on')] >= 0.5
    print(f"Target (GET /v2/images/{{id}} >= 50% of ping, limits on): {'MET' if ok else 'MISSED'}")
    print()
if 'quiet-alone#1' in rows:
    print("| project quiet, GET /v2/images/{id}, 1 connection, ~45 requests/s | round | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|")
    labels = [('alone', 'alone'),
              ('neighbour', f'while project neighbour reads just under its limit on {flood_conns} connections'),
              ('flooded', f'while project flood sends as fast as it can on {flood_conns} connections')]
    p99 = {}
    for key, label in labels:
        runs = [rows[f"quiet-{key}#{r}"] for r in range(1, rounds + 1)]
        p99[key] = statistics.median(r['p99'] for r in runs)
        for r, run in enumerate(runs, 1):
            print(f"| {label} | {r} | {run['rps']:.0f} | {run['p50']:.2f} | {run['p99']:.2f} | {run['non2xx']} |")
    print()
    for key in ['neighbour', 'flood']:
        runs = [rows[f"{key}#{r}"] for r in range(1, rounds + 1)]
        print(f"Project {key}: " + "; ".join(f"{run['total']} requests at {run['rps']:.0f}/s, {run['non2xx']} refused (429),"
              f" {run['total'] - run['non2xx']} answered" for run in runs) + ".")
    print()
    print(f"Project quiet's p99, median of the rounds: alone {p99['alone']:.2f} ms, beside the neighbour"
          f" {p99['neighbour']:.2f} ms, beside the flood {p99['flooded']:.2f} ms.")
PY
log "done"
