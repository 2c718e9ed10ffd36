#!/usr/bin/env bash
# Image-import benchmark of the standalone stack (see docs/benchmarks.md, "Image imports").
#
#   benchmarks/imports.sh
#
# Makes a SIZE_GIB raw disk of random data (with the MBR signature 0x55AA at offset 510) in a temporary directory,
# serves it with `python3 -m http.server --bind 127.0.0.1`, and measures side by side on this machine:
#   1. baseline download: `curl -s URL | openssl dgst -sha256` (BASELINE_RUNS times before the stack starts, and
#      once more just before each import, which is compared with that run; its SHA-256 is given to the import as
#      __expected_sha256, so the import also proves its own hashing right);
#   2. baseline conversion: `qemu-img convert -f raw -O vmdk -o subformat=streamOptimized` of the same file, alone;
#   3. the import: `java $IMS_JAVA_OPTS -jar ims-standalone.jar up --ims.import.allowed-hosts=127.0.0.1
#      --ims.import.max-size=8GB` on a fresh data directory, then POST /v2/cloudimages/action
#      {"name":"big","image_url":"http://127.0.0.1:PORT/big.raw","min_disk":4,"disk_format":"raw"}, and follows
#      the job as a subscriber does, through its events on ims.job.events (examples/subscriber.py), until it ends:
#      nothing polls the stack while it downloads. The download is the job's RUNNING -> process_percent 0.6, timed
#      by the events' occurred_at, which the worker stamps (the image-worker reports 0.6 once the last byte is
#      written to the staged file and both digests have taken it in; a download is not fsynced: it is read only by
#      the same process, and starts again after a crash). The client's view, 202 -> the event of 0.6 received, is
#      reported beside it: it adds the command's trip through Kafka to the worker. The conversion is the life of
#      the image-worker's `qemu-img convert` child process (seen in /proc every POLL seconds after 0.6) and, in
#      all, 0.6 -> SUCCESS (qemu-img info, convert, digests of the vmdk, the store's move, the database writes);
#   4. the heap of the stack's JVM (one JVM: gateway, image-worker, provisioning-worker, Kafka and the
#      MongoDB-protocol server share it): `jstat -gc <pid> 1000` during the import; used heap at each GiB of the
#      download.
# Prints a Markdown summary; stops everything it started (SIGTERM, by pid) and removes the temporary directory at the
# end, also on failure (KEEP_DATA=1 keeps the logs; the large files are always removed).
#
# Before the measured imports, WARMUPS warm-up imports of an ISO of WARMUP_MIB of other random data (an ISO is kept
# as it is, so a warm-up is its download and little else) run to their end on the same stack: a long-running
# image-worker has compiled its download path, and a stack started a minute ago has not. The JIT compiles the code
# that runs once per chunk (about 1,000 times per GiB) only after several GiB. Their download times are reported too,
# the first one on a cold JVM. Then the same file is imported IMPORTS times, one after the other, each once the JIT
# compilers have settled: the first on a stack that has done the warm-ups, the next ones on a stack that has also done
# the imports before them. Each import's summary includes the CPU each thread group of the stack used during its
# download (from /proc), the file server's, how busy both cores were, and the most dirty page cache seen.
#
# Settings (environment): SIZE_GIB (2), WARMUPS (3; 0: none, the first import runs on a cold JVM), WARMUP_MIB (2048),
# IMPORTS (2),
# BASELINE_RUNS (2), IMS_JAVA_OPTS (-Xmx256m), POLL (0.1: how often /proc is read for qemu-img after 0.6), KEEP_DATA (0),
# BUILD (0; 1: ./mvnw install first), PROFILE (0; 1: `top -b -H` and a thread dump of the stack in mid-download).
# Needs: java 17 (with jstat), python3, qemu-img, curl, openssl, setsid, and Debian's python3-avro and
# python3-confluent-kafka for /usr/bin/python3 (examples/subscriber.py; .ci/run installs them). Loopback only.
# Disk: about (3 + IMPORTS) x SIZE_GIB + (1 + WARMUPS) x WARMUP_MIB.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_GIB="${SIZE_GIB:-2}"
WARMUPS="${WARMUPS:-3}"
WARMUP_MIB="${WARMUP_MIB:-2048}"
BASELINE_RUNS="${BASELINE_RUNS:-2}"
IMPORTS="${IMPORTS:-2}"
IMS_JAVA_OPTS="${IMS_JAVA_OPTS:--Xmx256m}"
POLL="${POLL:-0.1}"
KEEP_DATA="${KEEP_DATA:-0}"
BUILD="${BUILD:-0}"
PROFILE="${PROFILE:-0}"

log() { printf '[imports %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java jstat python3 qemu-img curl openssl setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required"
done
/usr/bin/python3 -c 'import avro, confluent_kafka' 2>/dev/null \
  || die "examples/subscriber.py needs python3-avro and python3-confluent-kafka (apt-get install python3-avro python3-confluent-kafka)"
[[ "$SIZE_GIB" =~ ^[1-9][0-9]?$ ]] || die "SIZE_GIB must be 1 to 99"
[[ "$WARMUPS" =~ ^[0-9]$ ]] || die "WARMUPS must be 0 to 9"
[[ "$WARMUP_MIB" =~ ^[1-9][0-9]{0,4}$ ]] || die "WARMUP_MIB must be 1 to 99999"
[[ "$IMPORTS" =~ ^[1-9]$ ]] || die "IMPORTS must be 1 to 9"

cd "$root"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar ]]; then
  log "building IMS (./mvnw -q -B -DskipTests install)"
  ./mvnw -q -B -DskipTests install >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-imports.XXXXXX")"
# Run from a copy: a build in the source tree must not replace the jar under the running JVM.
cp standalone/target/ims-standalone.jar "$work/ims-standalone.jar"
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
    stop_pid "${pids[$i]}"
  done
  # The large files go in any case; the logs stay on failure or with KEEP_DATA=1.
  rm -rf "$work/src" "$work/convert" "$work/data/images" 2>/dev/null || true
  if [[ "$status" -ne 0 || "$KEEP_DATA" == "1" ]]; then
    log "kept $work (logs, timeline, heap samples)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- The source file and its server ------------------------------------------------------------------------------
mkdir -p "$work/src" "$work/convert"
src="$work/src/big.raw"
log "writing $SIZE_GIB GiB of random data to $src"
head -c "${SIZE_GIB}G" /dev/urandom >"$src"
printf '\x55\xaa' | dd of="$src" bs=1 seek=510 conv=notrunc status=none
size_bytes="$(stat -c %s "$src")"
[[ "$size_bytes" == "$((SIZE_GIB * 1024 * 1024 * 1024))" ]] || die "the source has $size_bytes bytes"
if [[ "$WARMUPS" != "0" ]]; then
  # An ISO: the ISO 9660 volume descriptor (type 1, "CD001") at 0x8000.
  head -c "${WARMUP_MIB}M" /dev/urandom >"$work/src/warm.iso"
  printf '\x01CD001' | dd of="$work/src/warm.iso" bs=1 seek=$((0x8000)) conv=notrunc status=none
  warm_sha256="$(openssl dgst -sha256 -r "$work/src/warm.iso" | cut -d' ' -f1)"
fi
sync

http_port="$(free_port)"
setsid python3 -m http.server "$http_port" --bind 127.0.0.1 --directory "$work/src" \
  >"$work/http.log" 2>&1 </dev/null &
http_pid=$!
pids+=("$http_pid")
url="http://127.0.0.1:$http_port/big.raw"
for _ in $(seq 1 50); do
  curl -s -o /dev/null --max-time 2 -r 0-0 "$url" && break
  sleep 0.2
done
curl -s -o /dev/null --max-time 2 -r 0-0 "$url" || die "the file server did not answer"

# --- Baselines ---------------------------------------------------------------------------------------------------
# now: seconds since the epoch with microseconds (bash 5's EPOCHREALTIME).
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }

# One baseline run: prints its seconds; its SHA-256 must be the one of the runs before it.
baseline_once() {
  local t0 t1 digest
  t0="$(now)"
  digest="$(timeout 900 curl -s "$url" | openssl dgst -sha256 -r | cut -d' ' -f1)"
  t1="$(now)"
  [[ -z "$sha256" || "$sha256" == "$digest" ]] || { log "two downloads gave different SHA-256s"; return 1; }
  printf '%s %s' "$(python3 -c "print(round($t1 - $t0, 2))")" "$digest"
}
baseline_s=()
sha256=""
for run in $(seq 1 "$BASELINE_RUNS"); do
  log "baseline $run: curl -s $url | openssl dgst -sha256"
  result="$(baseline_once)" || die "the baseline failed"
  baseline_s+=("${result% *}")
  sha256="${result#* }"
done
log "baseline download: ${baseline_s[*]} s; SHA-256 $sha256"

log "baseline conversion: qemu-img convert -f raw -O vmdk -o subformat=streamOptimized (alone)"
t0="$(now)"
timeout 1800 qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$src" "$work/convert/big.vmdk"
t1="$(now)"
convert_s="$(python3 -c "print(round($t1 - $t0, 2))")"
vmdk_bytes="$(stat -c %s "$work/convert/big.vmdk")"
rm -f "$work/convert/big.vmdk"
log "baseline conversion: $convert_s s ($vmdk_bytes bytes of vmdk)"

# --- The stack ---------------------------------------------------------------------------------------------------
data="$work/data"
mkdir -p "$data"
port="$(free_port)"
base="https://127.0.0.1:$port"
log "starting java $IMS_JAVA_OPTS -jar ims-standalone.jar up --port $port --data $data (log: $work/ims.log)"
# shellcheck disable=SC2086 # IMS_JAVA_OPTS holds several options on purpose, as in ./ims.
setsid java $IMS_JAVA_OPTS -jar "$work/ims-standalone.jar" up --port "$port" --data "$data" \
  --ims.import.allowed-hosts=127.0.0.1 --ims.import.max-size=8GB >"$work/ims.log" 2>&1 </dev/null &
stack_pid=$!
pids+=("$stack_pid")
cacert="$data/tls/server.crt"
up=0
for _ in $(seq 1 300); do
  kill -0 "$stack_pid" 2>/dev/null || die "the stack exited; see $work/ims.log"
  if [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/"; then
    up=1
    break
  fi
  sleep 1
done
[[ "$up" == "1" ]] || die "the gateway did not answer within 300 s"
token="$(timeout 120 java -jar "$work/ims-standalone.jar" token --data "$data" --project demo --user alice)"
# The seeding of ims-base-linux runs a qemu-img of its own: wait for it, so that it does not overlap the import.
seeded=0
for _ in $(seq 1 180); do
  if curl -sS --max-time 30 --cacert "$cacert" -H "X-Auth-Token: $token" "$base/v2/cloudimages?name=ims-base-linux" \
      | python3 -c 'import sys,json; i=json.load(sys.stdin).get("images",[]); sys.exit(0 if i and i[0].get("status")=="active" else 1)'; then
    seeded=1
    break
  fi
  sleep 1
done
[[ "$seeded" == "1" ]] || die "ims-base-linux was not seeded within 180 s"
heap_max="$(java -XX:+PrintFlagsFinal $IMS_JAVA_OPTS -version 2>/dev/null | awk '$2 == "MaxHeapSize" {printf "%.0f MiB", $4 / 1048576}')"
sleep 5

# Heap: jstat every second, each line prefixed with the wall clock.
(jstat -gc "$stack_pid" 1000 | while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME/,/.}" "$line"; done) \
  >"$work/heap.txt" 2>&1 &
pids+=("$!")
sleep 2

# --- The import, followed -----------------------------------------------------------------------------------------
cat >"$work/poll.py" <<'PY'
import datetime, http.client, json, os, queue, ssl, subprocess, sys, threading, time
port, token, url, sha256, poll, out, stack_pid, profile, name, http_pid, events_file, disk_format = sys.argv[1:]
poll, stack_pid = float(poll), int(stack_pid)
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
conn = http.client.HTTPSConnection('127.0.0.1', int(port), timeout=60, context=ctx)
def call(method, path, body=None):
    headers = {'X-Auth-Token': token, 'Accept': 'application/json'}
    if body is not None:
        headers['Content-Type'] = 'application/json'
    conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=headers)
    r = conn.getresponse(); payload = r.read()
    return r.status, json.loads(payload) if payload else None
def ticks(stat):
    """utime + stime of a /proc stat line (the fields after the command name, which may hold spaces)."""
    fields = stat.rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])
def cpu(pid):
    """CPU ticks of a process, and of its live threads summed by name with the digits left out."""
    threads = {}
    for task in os.listdir(f'/proc/{pid}/task'):
        try:
            comm = open(f'/proc/{pid}/task/{task}/comm').read().strip()
            key = ''.join('#' if c.isdigit() else c for c in comm)
            threads[key] = threads.get(key, 0) + ticks(open(f'/proc/{pid}/task/{task}/stat').read())
        except OSError:
            pass
    return ticks(open(f'/proc/{pid}/stat').read()), threads
def machine():
    """(busy, total) ticks of all cores, and the dirty and writeback page cache in MiB."""
    t = [int(x) for x in open('/proc/stat').readline().split()[1:8]]
    mem = dict(line.split(':') for line in open('/proc/meminfo'))
    return t[0] + t[1] + t[2] + t[5] + t[6], sum(t), int(mem['Dirty'].split()[0]) // 1024, int(mem['Writeback'].split()[0]) // 1024
def descendants(pid):
    """(pid, argv) of the processes under pid, from /proc."""
    children, argv = {}, {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            with open(f'/proc/{entry}/cmdline', 'rb') as f:
                argv[int(entry)] = f.read().split(b'\0')
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append((child, argv.get(child, []))); todo.append(child)
    return found
# The job is followed as a subscriber follows it: its events on ims.job.events (the lines examples/subscriber.py
# --follow appends to events_file), which carry the worker's own time of each change (occurred_at). Nothing polls
# the stack while it downloads.
events = queue.Queue()
follower = open(events_file)
follower.seek(0, os.SEEK_END)
def read_events():
    pending = ''
    while True:
        chunk = follower.readline()
        if not chunk:
            time.sleep(0.02)
            continue
        pending += chunk
        if not pending.endswith('\n'):
            continue
        received, line, pending = time.time(), pending, ''
        try:
            events.put((received, json.loads(line)['event']))
        except (ValueError, KeyError):
            pass
threading.Thread(target=read_events, daemon=True).start()
def instant(iso):
    return datetime.datetime.fromisoformat(iso.replace('Z', '+00:00')).timestamp()
body = {'name': name, 'image_url': url, 'min_disk': 4, 'disk_format': disk_format, '__expected_sha256': sha256}
stack_before, http_before, machine_before = cpu(stack_pid), cpu(int(http_pid))[0], machine()
dirty_max, download_cpu = 0, None
t_sent = time.time()
status, answer = call('POST', '/v2/cloudimages/action', body)
t_202 = time.time()
if status != 202:
    raise SystemExit(f'POST /v2/cloudimages/action answered {status}: {answer}')
job_id = answer['job_id']
# timeline: (received by the subscriber, occurred_at, process_percent, status) of each event of this job.
timeline, convert_seen, profiled = [], [], False
while time.time() - t_202 < 1800:
    if not timeline and time.time() - t_202 > 300:
        raise SystemExit(f'no event of job {job_id} in 300 s: see subscriber.log')
    try:
        item = events.get(timeout=poll if download_cpu is not None else 0.5)
    except queue.Empty:
        item = ()
    if item and item[1]['context']['job_id'] == job_id:
        received, event = item
        percent = float(event['process_percent'])
        timeline.append((received, instant(event['context']['occurred_at']), percent, event['status']))
        if download_cpu is None and (percent >= 0.6 - 1e-9 or event['status'] in ('SUCCESS', 'FAIL')):
            (jvm, threads), http = cpu(stack_pid), cpu(int(http_pid))[0]
            m = machine()
            live = {k: v - stack_before[1].get(k, 0) for k, v in threads.items()}
            download_cpu = {'jvm_s': (jvm - stack_before[0]) / 100, 'http_server_s': (http - http_before) / 100,
                            'ended_threads_s': (jvm - stack_before[0] - sum(live.values())) / 100,
                            'threads_s': {k: v / 100 for k, v in sorted(live.items(), key=lambda kv: -kv[1]) if v >= 5},
                            'machine_busy': (m[0] - machine_before[0]) / max(1, m[1] - machine_before[1]),
                            'dirty_and_writeback_max_mib': max(dirty_max, m[2] + m[3])}
        if profile == '1' and not profiled and percent >= 0.2:
            # In the background, so that the download timing goes on.
            profiled = True
            d = os.path.dirname(out)
            subprocess.Popen(f'for i in 1 2 3; do top -b -n1 -H -d 1 -p {stack_pid} | head -n 30 > {d}/top-$i.txt 2>&1;'
                             f' jcmd {stack_pid} Thread.print > {d}/threads-$i.txt 2>&1; sleep 1; done', shell=True)
        if event['status'] in ('SUCCESS', 'FAIL'):
            break
    if download_cpu is None:
        m = machine()
        dirty_max = max(dirty_max, m[2] + m[3])
    elif any(len(a) > 1 and a[0].endswith(b'qemu-img') and a[1] == b'convert' for _, a in descendants(stack_pid)):
        convert_seen.append(time.time())
status, job = call('GET', f'/v1/demo/jobs/{job_id}')
status, images = call('GET', f'/v2/cloudimages?name={name}')
json.dump({'t_sent': t_sent, 't_202': t_202, 'job_id': job_id, 'job': job, 'timeline': timeline,
           'download_cpu': download_cpu,
           'convert_first': convert_seen[0] if convert_seen else None,
           'convert_last': convert_seen[-1] if convert_seen else None,
           'image': (images or {}).get('images', [None])[0]}, open(out, 'w'), indent=1)
print(f"job {job_id}: {job and job['status']}", file=sys.stderr)
sys.exit(0 if job and job['status'] == 'SUCCESS' else 1)
PY
# The subscriber that the imports are followed with: started once, so that its start and its reading of the topic's
# history are over before any import.
kafka="$(sed -n 's/^spring\.kafka\.bootstrap-servers=//p' "$data/standalone.properties")"
setsid /usr/bin/python3 examples/subscriber.py --bootstrap-servers "$kafka" --gateway "$base" --cacert "$cacert" \
  --topic jobs --follow >"$work/job-events.jsonl" 2>"$work/subscriber.log" </dev/null &
pids+=("$!")
warm_ups=()
for w in $(seq 1 "$WARMUPS"); do
  log "warm-up $w of $WARMUPS: importing the $WARMUP_MIB MiB ISO http://127.0.0.1:$http_port/warm.iso"
  python3 "$work/poll.py" "$port" "$token" "http://127.0.0.1:$http_port/warm.iso" "$warm_sha256" "$POLL" \
    "$work/warm-up-$w.json" "$stack_pid" 0 "warm-up-$w" "$http_pid" "$work/job-events.jsonl" iso \
    || die "warm-up $w did not succeed; see $work/ims.log"
  warm_ups+=("$work/warm-up-$w.json")
  sleep 2
done
# A stack that started a minute ago is still compiling (C1/C2 threads use a good part of a core); an image-worker
# that has run for a while is not. Before each import, wait until the JIT settles: fewer than 20 new compilations
# in 5 s (at most 120 s).
wait_for_the_jit() {
  local start compiled now_compiled
  start="$(now)"
  compiled="$(jstat -compiler "$stack_pid" | awk 'NR == 2 {print $1}')"
  for _ in $(seq 1 24); do
    sleep 5
    now_compiled="$(jstat -compiler "$stack_pid" | awk 'NR == 2 {print $1}')"
    (( now_compiled - compiled < 20 )) && break
    compiled="$now_compiled"
  done
  jit_wait_s="$(python3 -c "print(round($(now) - $start))")"
  log "JIT settled after $jit_wait_s s ($now_compiled methods compiled)"
}
jit_waits=()
paired_s=()
load_imports=()
staging_left=()
for n in $(seq 1 "$IMPORTS"); do
  wait_for_the_jit
  jit_waits+=("$jit_wait_s")
  # The machine drifts over minutes (the baseline itself varies by 20%), so each import gets a baseline run of its
  # own, just before it, with the stack idle.
  log "baseline before import $n: curl -s $url | openssl dgst -sha256"
  result="$(baseline_once)" || die "the baseline failed"
  paired_s+=("${result% *}")
  log "import $n of $IMPORTS: $url (following its events)"
  load_imports+=("$(cut -d' ' -f1-3 /proc/loadavg)")
  python3 "$work/poll.py" "$port" "$token" "$url" "$sha256" "$POLL" "$work/import-$n.json" "$stack_pid" "$PROFILE" \
    "big-$n" "$http_pid" "$work/job-events.jsonl" raw || die "import $n did not succeed; see $work/import-$n.json and $work/ims.log"
  sleep 2
  staging_left+=("$(find "$data" -path '*staging*' -type f 2>/dev/null | wc -l)")
done

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(java -version 2>&1 | head -n 1);" \
  "$(qemu-img --version | head -n 1); $(openssl version | cut -d' ' -f1-2); $(curl --version | head -n 1 | cut -d' ' -f1-2)"
echo "Load average before the run: $load_before. Stack JVM: $IMS_JAVA_OPTS (max heap $heap_max), shared by all" \
  "services of the standalone stack."
cat >"$work/summary.py" <<'PY'
import json, os, statistics, sys
imp = json.load(open(sys.argv[1])); heap_file = sys.argv[2]
size, convert_s, vmdk_bytes, poll, staging_left = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
warms = [json.load(open(f)) for f in sys.argv[8].split(':') if f]
warm_mib = int(sys.argv[9])
paired = float(sys.argv[10])
baselines = [float(x) for x in sys.argv[11:]]
gib = 1024 ** 3
t0, tl = imp['t_202'], imp['timeline']
# Each timeline entry: (received by the subscriber, occurred_at in the worker, process_percent, status).
def first(pred, timeline=tl):
    return next((t for t, _, p, s in timeline if pred(p, s)), None)
def occurred(pred, timeline=tl):
    return next((t for _, t, p, s in timeline if pred(p, s)), None)
def running(p, s):
    return s == 'RUNNING'
def downloaded(p, s):
    return p >= 0.6 - 1e-9
t_running = first(running)
t_download = first(downloaded)
t_end = first(lambda p, s: s in ('SUCCESS', 'FAIL'))
# The download as the worker did it: from the job's RUNNING to its process_percent 0.6, both in the worker's time.
download = occurred(downloaded) - occurred(running)
seen = t_download - t0
base, fastest = paired, min(baselines)
mib = 1024 ** 2
print('| measurement | time (s) | MiB/s | note |')
print('|---|---:|---:|---|')
print(f'| `curl -s URL \\| openssl dgst -sha256`, just before this import | {paired:.2f} | {size / mib / paired:.0f} | baseline (a) |')
for i, warm in enumerate(warms, 1):
    w = occurred(downloaded, warm['timeline']) - occurred(running, warm['timeline'])
    print(f'| warm-up {i} of {len(warms)}: download of a {warm_mib} MiB ISO (RUNNING -> process_percent 0.6) | {w:.2f} | {warm_mib / w:.0f} |'
          f' {(warm_mib / w) / (size / mib / paired):.0%} of the baseline\'s MiB/s{"; the first import on the stack, cold JVM" if i == 1 else ""}; job {warm["job"]["status"]} |')
print(f'| import download (RUNNING -> process_percent 0.6, the worker\'s event times) | {download:.2f} | {size / mib / download:.0f} | transfer + SHA-256 + MD5 + write to staging |')
print(f'| import as the client saw it (202 -> the event of 0.6 received) | {seen:.2f} | {size / mib / seen:.0f} | the command reached the worker and the job was RUNNING {occurred(running) - t0:.2f} s after the 202; the 0.6 event arrived {t_download - occurred(downloaded):.3f} s after it occurred |')
print(f'| `qemu-img convert -f raw -O vmdk -o subformat=streamOptimized`, alone | {convert_s:.2f} | {size / mib / convert_s:.0f} | baseline (b); {vmdk_bytes / mib:.0f} MiB of vmdk |')
conv = None
if imp['convert_first']:
    conv = imp['convert_last'] - imp['convert_first']
    print(f'| import: its `qemu-img convert` process (seen in /proc every {poll} s after 0.6) | {conv:.2f} | {size / mib / conv:.0f} | +-{2 * poll:.1f} s |')
after = t_end - t_download
print(f'| import: process_percent 0.6 -> SUCCESS | {after:.2f} | - | qemu-img info, convert, SHA-256/MD5 of the vmdk, store |')
print(f'| import: 202 -> SUCCESS | {t_end - t0:.2f} | {size / mib / (t_end - t0):.0f} | |')
print()
ratio = (base / download)
c = imp.get('download_cpu')
if c:
    threads = ', '.join(f'{k} {v:.2f}' for k, v in c['threads_s'].items())
    print(f"CPU during the download (s): stack JVM {c['jvm_s']:.2f} (threads that ended, the digests: {c['ended_threads_s']:.2f}; {threads});"
          f" file server {c['http_server_s']:.2f}; both cores {c['machine_busy']:.0%} busy; dirty + writeback page cache up to {c['dirty_and_writeback_max_mib']} MiB")
    print()
print(f'Target (a) download >= 70% of curl|openssl: {"MET" if ratio >= 0.7 else "MISSED"} ({ratio:.0%}: {download:.2f} s vs {base:.2f} s, the baseline run just before it;'
      f' {fastest / download:.0%} against the fastest of all {len(baselines)} baseline runs, {fastest:.2f} s: {", ".join(f"{b:.2f}" for b in baselines)};'
      f' as the client saw it, 202 -> 0.6: {base / seen:.0%})')
if conv is not None:
    r = conv / convert_s
    print(f'Target (b) conversion <= 1.25x alone: {"MET" if r <= 1.25 else "MISSED"} (x{r:.2f}: {conv:.2f} s vs {convert_s:.2f} s; whole phase 0.6 -> SUCCESS x{after / convert_s:.2f})')
else:
    print('Target (b): the import\'s qemu-img convert process was not seen')
img = imp.get('image') or {}
print(f"Image: status {img.get('status')}, disk_format {img.get('disk_format')}, __image_size {img.get('__image_size')} bytes, checksum (MD5 of the vmdk) {img.get('checksum')}; SHA-256 of the download checked against __expected_sha256 (job {imp['job']['status']}); staged files left: {staging_left}")
print()
print('Progress timeline (job events: s after the 202 that each occurred in the worker, process_percent, status): ' +
      ', '.join(f'{t - t0:.2f}/{p:.2f}/{s}' for _, t, p, s in tl))
print()
# Heap: S0U+S1U+EU+OU from jstat -gc (KiB).
samples, header = [], None
for line in open(heap_file):
    parts = line.split()
    if len(parts) < 3:
        continue
    if parts[1] == 'S0C':
        header = parts[1:]
        continue
    if header is None:
        continue
    try:
        v = dict(zip(header, map(float, parts[1:])))
    except ValueError:
        continue
    used = (v['S0U'] + v['S1U'] + v['EU'] + v['OU']) / 1024
    samples.append((float(parts[0]), used, v['OU'] / 1024, (v['S0C'] + v['S1C'] + v['EC'] + v['OC']) / 1024, v['YGC'], v['FGC']))
def at(t):
    s = [x for x in samples if x[0] >= t]
    return s[0] if s else (samples[-1] if samples else None)
print('| point of the import | heap used (MiB) | old gen used (MiB) | heap committed (MiB) | young GCs | full GCs |')
print('|---|---:|---:|---:|---:|---:|')
marks = [('before the POST', imp['t_sent'] - 1.0)]
for k in range(1, int(size / gib) + 1):
    t = first(lambda p, s, k=k: p >= 0.6 * k * gib / size - 1e-9)
    marks.append((f'{k} GiB downloaded', t))
marks += [('conversion running', (t_download + t_end) / 2), ('job SUCCESS', t_end)]
for name, t in marks:
    s = at(t) if t is not None else None
    if s:
        print(f'| {name} (+{t - t0:.1f} s) | {s[1]:.0f} | {s[2]:.0f} | {s[3]:.0f} | {s[4]:.0f} | {s[5]:.0f} |')
during = [x for x in samples if t0 <= x[0] <= t_download]
if during:
    print()
    print(f'During the download ({len(during)} samples, 1 s apart): heap used {min(x[1] for x in during):.0f} to '
          f'{max(x[1] for x in during):.0f} MiB, old gen {min(x[2] for x in during):.0f} to {max(x[2] for x in during):.0f} MiB, '
          f'{during[-1][4] - during[0][4]:.0f} young and {during[-1][5] - during[0][5]:.0f} full GCs')
PY
for n in $(seq 1 "$IMPORTS"); do
  echo
  echo "#### Import $n of $IMPORTS"
  echo
  echo "Load average before it: ${load_imports[$((n - 1))]}; the JIT settled ${jit_waits[$((n - 1))]} s before it" \
    "(fewer than 20 compilations in 5 s)$([[ "$n" == 1 ]] && echo ", after the warm-ups" || echo ", after import $((n - 1))")."
  echo
  # The warm-ups' rows go with the first import only.
  warm_list="$(IFS=:; echo "${warm_ups[*]:-}")"
  python3 "$work/summary.py" "$work/import-$n.json" "$work/heap.txt" "$size_bytes" "$convert_s" "$vmdk_bytes" "$POLL" \
    "${staging_left[$((n - 1))]}" "$([[ "$n" == 1 ]] && echo "$warm_list" || echo "")" "$WARMUP_MIB" \
    "${paired_s[$((n - 1))]}" "${baseline_s[@]}" "${paired_s[@]}"
done
# Over the run: the throughput of all imports against that of their paired baselines (each the same bytes), and of
# every baseline run; single runs of either vary by 10% to 20% on this machine.
echo
python3 - "$size_bytes" "${#paired_s[@]}" "${paired_s[@]}" "${baseline_s[@]}" "$work"/import-*.json <<'PY'
import json, statistics, sys
size, n = int(sys.argv[1]), int(sys.argv[2])
paired = [float(x) for x in sys.argv[3:3 + n]]
everyone = paired + [float(x) for x in sys.argv[3 + n:] if not x.endswith('.json')]
downloads = []
for f in [x for x in sys.argv[3:] if x.endswith('.json')]:
    tl = json.load(open(f))['timeline']
    downloads.append(next(t for _, t, p, s in tl if p >= 0.6 - 1e-9) - next(t for _, t, p, s in tl if s == 'RUNNING'))
ratios = [b / d for b, d in zip(paired, downloads)]
overall = sum(paired) / sum(downloads)
print(f'Target (a) over the {len(downloads)} imports of this run: {"MET" if overall >= 0.7 else "MISSED"} ({overall:.0%}: '
      f'{sum(downloads) / len(downloads):.2f} s per download on average against {sum(paired) / len(paired):.2f} s for the '
      f'baselines just before them; {statistics.mean(everyone) / statistics.mean(downloads):.0%} against the mean of all '
      f'{len(everyone)} baseline runs; single imports {min(ratios):.0%} to {max(ratios):.0%}, median {statistics.median(ratios):.0%}, '
      f'{sum(r >= 0.7 for r in ratios)} of {len(ratios)} at 70% or more)')
PY
log "done"
