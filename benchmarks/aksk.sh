#!/usr/bin/env bash
# AK/SK against token: GET /v2/images/{id} signed with an access key (SDK-HMAC-SHA256) and the same request with a
# token, side by side under wrk in one run (see docs/benchmarks.md, "AK/SK signatures").
#
#   benchmarks/aksk.sh
#
# Starts `./ims up` on a fresh data directory and a free loopback port, creates a user with the member role in project
# demo (Keystone admin API, with an admin token from ./ims token) and an access key for it (./ims credential create),
# then runs ROUNDS interleaved rounds of wrk: the token request, then the signed one. wrk has no HMAC, so each signed
# round replays one request signed just before it (X-Sdk-Date is valid for 15 minutes, the signature covers the
# method, path, host, project and date, all constant here). Prints a Markdown table and stops the stack.
#
# Settings (environment): THREADS (2), CONNECTIONS (16), DURATION (20s), WARMUP (10s), ROUNDS (3), KEEP_DATA (0),
# BUILD (0; 1: ./mvnw -q -B -DskipTests install first). Needs: java 17, curl, wrk, python3. Loopback only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
ROUNDS="${ROUNDS:-3}"
KEEP_DATA="${KEEP_DATA:-0}"
BUILD="${BUILD:-0}"

log() { printf '[aksk %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java curl wrk python3 setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required (wrk: apt-get install -y wrk)"
done

cd "$root"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar ]]; then
  log "building IMS (./mvnw -q -B -DskipTests install)"
  ./mvnw -q -B -DskipTests install >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-aksk.XXXXXX")"
data="$work/data"
ims_log="$work/ims.log"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
host="127.0.0.1:$port"
base="https://$host"
ims_pid=""

stop_stack() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$ims_pid" ]] && kill -0 "$ims_pid" 2>/dev/null; then
    log "stopping the stack (SIGTERM to $ims_pid)"
    kill -TERM "$ims_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$ims_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$ims_pid" 2>/dev/null || true
  fi
  if [[ "$status" -ne 0 || "$KEEP_DATA" == "1" ]]; then log "kept $work (log: $ims_log)"; else rm -rf "$work"; fi
  exit "$status"
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

cacert="$data/tls/server.crt"
log "starting ./ims up --port $port --data $data (log: $ims_log)"
mkdir -p "$data"
setsid ./ims up --port "$port" --data "$data" >>"$ims_log" 2>&1 </dev/null &
ims_pid=$!
for _ in $(seq 1 300); do
  kill -0 "$ims_pid" 2>/dev/null || die "the stack exited; see $ims_log"
  [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/" && break
  sleep 1
done

admin="$(./ims token --data "$data" --project admin --user bench-admin --admin)"
api() { local t="$1"; shift; curl -sS --max-time 30 --cacert "$cacert" -H "X-Auth-Token: $t" -H 'Content-Type: application/json' "$@"; }
api "$admin" -o /dev/null -X POST "$base/v3/projects" -d '{"project":{"id":"demo","name":"demo"}}'
user_id="$(api "$admin" -X POST "$base/v3/users" -d '{"user":{"name":"bench","password":"bench-password-1","default_project_id":"demo"}}' \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["user"]["id"])')"
api "$admin" -o /dev/null -X PUT "$base/v3/projects/demo/users/$user_id/roles/member"
keys="$(./ims credential create --data "$data" --user bench --description benchmark 2>/dev/null)"
ak="$(sed -n 's/^access=//p' <<<"$keys")"
sk="$(sed -n 's/^secret=//p' <<<"$keys")"
[[ -n "$ak" && -n "$sk" ]] || die "no access key"
token="$(./ims token --data "$data" --project demo --user "$user_id")"

log "waiting for the public image ims-base-linux (at most 180 s)"
image_id=""
for _ in $(seq 1 180); do
  image_id="$(api "$token" "$base/v2/cloudimages?name=ims-base-linux" \
    | python3 -c 'import sys,json; i=json.load(sys.stdin).get("images",[]); print(i[0]["id"] if i and i[0].get("status")=="active" else "")' || true)"
  [[ -n "$image_id" ]] && break
  sleep 1
done
[[ -n "$image_id" ]] || die "ims-base-linux was not seeded within 180 s"
path="/v2/images/$image_id"

cat >"$work/token.lua" <<LUA
wrk.headers["X-Auth-Token"] = "$token"
LUA

# Signs GET $path as the Huawei SDK does (host, x-project-id and x-sdk-date signed, empty body) and writes wrk's script.
sign() {
  python3 - "$ak" "$sk" "$host" "$path" >"$work/aksk.lua" <<'PY'
import datetime, hashlib, hmac, sys
ak, sk, host, path = sys.argv[1:]
date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
headers = {'host': host, 'x-project-id': 'demo', 'x-sdk-date': date}
signed = ';'.join(sorted(headers))
canonical = '\n'.join(['GET', path.rstrip('/') + '/', ''] + [f'{k}:{headers[k]}' for k in sorted(headers)]
                      + ['', signed, hashlib.sha256(b'').hexdigest()])
to_sign = f"SDK-HMAC-SHA256\n{date}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
signature = hmac.new(sk.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
print(f'wrk.headers["Host"] = "{host}"')
print(f'wrk.headers["X-Project-Id"] = "demo"')
print(f'wrk.headers["X-Sdk-Date"] = "{date}"')
print(f'wrk.headers["Authorization"] = "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={signed}, Signature={signature}"')
PY
}

sign
check="$(python3 - "$work/aksk.lua" "$base$path" "$cacert" <<'PY'
import re, ssl, sys, urllib.request
headers = dict(re.findall(r'wrk.headers\["(.*?)"\] = "(.*?)"', open(sys.argv[1]).read()))
context = ssl.create_default_context(cafile=sys.argv[3]); context.check_hostname = False
request = urllib.request.Request(sys.argv[2], headers=headers)
try:
    print(urllib.request.urlopen(request, context=context).status)
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
PY
)"
[[ "$check" == "200" ]] || die "the signed request was refused: $check"

results="$work/results.tsv"
: >"$results"
run() {
  local name="$1" script="$2" out="$work/wrk-$1.txt"
  log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION $path ($script)"
  timeout 300 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$work/$script.lua" "$base$path" >"$out"
  python3 - "$name" "$out" >>"$results" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', text, re.M)
    v = float(m.group(1)); return {'us': v / 1000, 'ms': v, 's': v * 1000}[m.group(2)]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
print(f"{name}\t{rps:.0f}\t{ms('50%'):.2f}\t{ms('99%'):.2f}\t{(int(bad.group(1)) if bad else 0)}")
PY
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "warming up (JIT) for $WARMUP each"
timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/token.lua" "$base$path" >/dev/null
timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/aksk.lua" "$base$path" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  run "token#$round" token
  sign
  run "aksk#$round" aksk
done

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory;" \
  "$(java -version 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2); load average before: $load_before"
python3 - "$results" "$THREADS" "$CONNECTIONS" "$DURATION" "$ROUNDS" <<'PY'
import statistics, sys
path, threads, conns, duration, rounds = sys.argv[1:]
rows = {}
for line in open(path):
    f = line.rstrip('\n').split('\t')
    rows[f[0]] = dict(rps=float(f[1]), p50=float(f[2]), p99=float(f[3]), non2xx=int(f[4]))
print()
print("| `GET /v2/images/{id}` | wrk | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
print("|---|---|---:|---:|---:|---:|")
for r in range(1, int(rounds) + 1):
    for name, label in (('token', 'token (X-Auth-Token)'), ('aksk', 'AK/SK (SDK-HMAC-SHA256)')):
        run = rows[f"{name}#{r}"]
        print(f"| {label}, round {r} | -t{threads} -c{conns} -d{duration} | {run['rps']:.0f} | {run['p50']:.2f} | {run['p99']:.2f} | {run['non2xx']} |")
token = statistics.median(rows[f"token#{r}"]['rps'] for r in range(1, int(rounds) + 1))
aksk = statistics.median(rows[f"aksk#{r}"]['rps'] for r in range(1, int(rounds) + 1))
per_round = [rows[f"aksk#{r}"]['rps'] / rows[f"token#{r}"]['rps'] for r in range(1, int(rounds) + 1)]
print()
print(f"AK/SK median {aksk:.0f} requests/s = {aksk / token:.0%} of token median {token:.0f} (target >= 80%);"
      f" per round: {', '.join(f'{x:.0%}' for x in per_round)}: {'MET' if aksk / token >= 0.8 else 'MISSED'}")
bad = [k for k, r in rows.items() if r['non2xx']]
if bad:
    print(f"WARNING: non-2xx answers in: {', '.join(bad)}")
PY
log "done"
