#!/usr/bin/env bash
# Export and copy benchmark of the standalone stack (see docs/benchmarks.md, "Image export and copy").
#
#   benchmarks/exports.sh
#
# Makes a SIZE_GIB raw disk of random data (with the MBR signature 0x55AA at offset 510), serves it with
# `python3 -m http.server --bind 127.0.0.1`, starts `java $IMS_JAVA_OPTS -jar ims-standalone.jar up` on a fresh data
# directory and imports it (the image-worker stores it as a streamOptimized VMDK). Then, side by side on this machine:
#   1. export: for each FORMATS (qcow2 vmdk vhd raw), ROUNDS times: the baseline, `qemu-img convert -f vmdk -O <fmt>`
#      of the stored file itself, alone (with the options the worker uses: a VHD with force_size=on), then
#      POST /v1/cloudimages/{id}/file {"file_format":"<fmt>"} and the job followed until SUCCESS, polled every POLL s.
#      Reported: the job's time (the client's 202 -> SUCCESS seen; it includes the command's trip through Kafka, the
#      conversion, the SHA-256 of the file read while the store flushes it to disk, and the publication), and the
#      life of the image-worker's `qemu-img convert` child (seen in /proc every POLL s), each against the baseline
#      run just before it. The export's SHA-256 is checked against `sha256sum` of its file, which is then removed.
#   2. copy: COPIES times POST /v1/cloudimages/{id}/copy and the job followed until SUCCESS (polled every 0.01 s):
#      202 -> SUCCESS; the copies' files are checked to be the stored file itself (same inode).
# Prints a Markdown summary; stops everything it started (SIGTERM, by pid) and removes the temporary directory at the
# end, also on failure (KEEP_DATA=1 keeps the logs; the large files are always removed).
#
# Settings (environment): SIZE_GIB (2), FORMATS ("qcow2 vmdk vhd raw"), ROUNDS (2), COPIES (5), POLL (0.05),
# IMS_JAVA_OPTS (empty, as ./ims), KEEP_DATA (0), BUILD (0; 1: ./mvnw package first).
# Needs: java 17, python3, qemu-img, curl, sha256sum, setsid. Loopback only. Disk: about 3 x SIZE_GIB + 2 GiB.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_GIB="${SIZE_GIB:-2}"
FORMATS="${FORMATS:-qcow2 vmdk vhd raw}"
ROUNDS="${ROUNDS:-2}"
COPIES="${COPIES:-5}"
POLL="${POLL:-0.05}"
IMS_JAVA_OPTS="${IMS_JAVA_OPTS:-}"
KEEP_DATA="${KEEP_DATA:-0}"
BUILD="${BUILD:-0}"

log() { printf '[exports %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for tool in java python3 qemu-img curl sha256sum setsid; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required"
done
[[ "$SIZE_GIB" =~ ^[1-9][0-9]?$ ]] || die "SIZE_GIB must be 1 to 99"
[[ "$ROUNDS" =~ ^[1-9]$ ]] || die "ROUNDS must be 1 to 9"
[[ "$COPIES" =~ ^[1-9][0-9]?$ ]] || die "COPIES must be 1 to 99"

cd "$root"
if [[ "$BUILD" == "1" || ! -f standalone/target/ims-standalone.jar ]]; then
  log "building IMS (./mvnw -q -B -DskipTests -pl standalone -am package)"
  ./mvnw -q -B -DskipTests -pl standalone -am package >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ims-exports.XXXXXX")"
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
  rm -rf "$work/src" "$work/convert" "$work/data/images" "$work/data/vmware" 2>/dev/null || true
  if [[ "$status" -ne 0 || "$KEEP_DATA" == "1" ]]; then
    log "kept $work (logs)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- The source, its server and the stack --------------------------------------------------------------------------
mkdir -p "$work/src" "$work/convert"
src="$work/src/big.raw"
log "writing $SIZE_GIB GiB of random data to $src"
head -c "${SIZE_GIB}G" /dev/urandom >"$src"
printf '\x55\xaa' | dd of="$src" bs=1 seek=510 conv=notrunc status=none
http_port="$(free_port)"
setsid python3 -m http.server "$http_port" --bind 127.0.0.1 --directory "$work/src" >"$work/http.log" 2>&1 </dev/null &
pids+=("$!")

data="$work/data"
mkdir -p "$data"
port="$(free_port)"
base="https://127.0.0.1:$port"
log "starting java $IMS_JAVA_OPTS -jar ims-standalone.jar up --port $port --data $data (log: $work/ims.log)"
# shellcheck disable=SC2086 # IMS_JAVA_OPTS holds several options on purpose, as in ./ims.
setsid java $IMS_JAVA_OPTS -jar "$work/ims-standalone.jar" up --port "$port" --data "$data" \
  --ims.import.allowed-hosts=127.0.0.1 --ims.import.max-size=8GB --ims.qemu-img.timeout=30m \
  >"$work/ims.log" 2>&1 </dev/null &
stack_pid=$!
pids+=("$stack_pid")
cacert="$data/tls/server.crt"
for _ in $(seq 1 300); do
  kill -0 "$stack_pid" 2>/dev/null || die "the stack exited; see $work/ims.log"
  if [[ -f "$cacert" ]] && curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/"; then
    break
  fi
  sleep 1
done
curl -s -o /dev/null --max-time 2 --cacert "$cacert" "$base/" || die "the gateway did not answer within 300 s"
token="$(timeout 120 java -jar "$work/ims-standalone.jar" token --data "$data" --project demo --user alice)"

# --- The measurements, in Python: one HTTPS connection, /proc for the worker's qemu-img ------------------------------
cat >"$work/bench.py" <<'PY'
import hashlib, http.client, json, os, ssl, statistics, subprocess, sys, time
port, token, url, stack_pid, data, formats, rounds, copies, poll, convert_dir = sys.argv[1:]
stack_pid, rounds, copies, poll = int(stack_pid), int(rounds), int(copies), float(poll)
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
conn = http.client.HTTPSConnection('127.0.0.1', int(port), timeout=120, context=ctx)
def log(*args):
    print('[exports]', *args, file=sys.stderr, flush=True)
def call(method, path, body=None):
    headers = {'X-Auth-Token': token, 'Accept': 'application/json'}
    if body is not None:
        headers['Content-Type'] = 'application/json'
    conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=headers)
    r = conn.getresponse(); payload = r.read()
    return r.status, json.loads(payload) if payload else None
def converts():
    """pids of the qemu-img convert processes under the stack's JVM."""
    found = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                argv = open(f'/proc/{entry}/cmdline', 'rb').read().split(b'\0')
                ppid = int(open(f'/proc/{entry}/stat').read().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if b'qemu-img' in b' '.join(argv[:3]) and b'convert' in argv and ppid in (stack_pid, *children(stack_pid)):
                found.append(int(entry))
    return found
def children(pid):
    try:
        return [int(c) for t in os.listdir(f'/proc/{pid}/task') for c in open(f'/proc/{pid}/task/{t}/children').read().split()]
    except OSError:
        return []
def follow(job_id, interval, watch_convert=False, t0=None):
    """Polls the job until it ends; answers (seconds from t0 to the poll that saw it end, job, the worker's qemu-img
    convert as (start, end) seconds from t0, or None)."""
    t0 = t0 or time.time()
    convert_start, convert_end = None, None
    while True:
        if watch_convert:
            running = converts()
            now = time.time()
            if running and convert_start is None:
                convert_start = now
            if not running and convert_start is not None and convert_end is None:
                convert_end = now
        status, job = call('GET', f'/v1/demo/jobs/{job_id}')
        if job['status'] in ('SUCCESS', 'FAIL'):
            end = time.time()
            if convert_start is not None and convert_end is None:
                convert_end = end
            return end - t0, job, (convert_start - t0, convert_end - t0) if convert_start else None
        if time.time() - t0 > 3600:
            raise SystemExit(f'job {job_id} did not end within an hour')
        time.sleep(interval)
def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
def run(cmd):
    t0 = time.time(); subprocess.run(cmd, check=True); return time.time() - t0

# The image: imported from the URL, stored as a streamOptimized VMDK.
log('importing', url)
status, answer = call('POST', '/v2/cloudimages/action', {'name': 'big', 'image_url': url, 'min_disk': 4, 'disk_format': 'raw'})
assert status == 202, answer
took, job, _ = follow(answer['job_id'], 1.0)
assert job['status'] == 'SUCCESS', job
image = job['entities']['image_id']
stored = os.path.join(data, 'images/objects', image)
log(f'imported {image} in {took:.1f} s: {os.path.getsize(stored)} bytes stored')
subprocess.run(['sync'], check=True)

options = {'vhd': ['-o', 'force_size=on']}
qemu = {'vhd': 'vpc'}
rows = []
for round_ in range(1, rounds + 1):
    for fmt in formats.split():
        out = os.path.join(convert_dir, 'out.' + fmt)
        baseline = run(['qemu-img', 'convert', '-f', 'vmdk', '-O', qemu.get(fmt, fmt), *options.get(fmt, []), stored, out])
        os.remove(out)
        subprocess.run(['sync'], check=True)
        time.sleep(2)
        t_post = time.time()
        status, answer = call('POST', f'/v1/cloudimages/{image}/file', {'file_format': fmt})
        assert status == 202, answer
        took, job, (convert_start, convert_end) = follow(answer['job_id'], poll, watch_convert=True, t0=t_post)
        convert = convert_end - convert_start
        assert job['status'] == 'SUCCESS', job
        e = job['entities']
        exported = os.path.join(data, 'images/exports', job['job_id'], e['file_name'])
        assert sha256(exported) == e['sha256'], 'the export has another SHA-256 than its job says'
        size = os.path.getsize(exported)
        subprocess.run(['rm', '-rf', os.path.dirname(exported)], check=True)
        subprocess.run(['sync'], check=True)
        time.sleep(2)
        rows.append((round_, fmt, baseline, took, convert, size, convert_start, took - convert_end))
        log(f'round {round_} {fmt}: qemu-img convert alone {baseline:.2f} s; export job {took:.2f} s '
            f'(x{took / baseline:.2f}), its qemu-img {convert:.2f} s (x{convert / baseline:.2f}), '
            f'{convert_start:.2f} s before it, {took - convert_end:.2f} s after it; {size} bytes')

copy_times = []
for n in range(copies):
    status, answer = call('POST', f'/v1/cloudimages/{image}/copy', {'name': f'big-copy-{n}'})
    assert status == 202, answer
    took, job, _ = follow(answer['job_id'], 0.01)
    assert job['status'] == 'SUCCESS', job
    copy = os.path.join(data, 'images/objects', job['entities']['image_id'])
    assert os.stat(copy).st_ino == os.stat(stored).st_ino, 'the copy is not the stored file itself'
    copy_times.append(took)
    log(f'copy {n + 1}: {took:.3f} s')

print('| round | format | `qemu-img convert` alone (s) | the worker\'s `qemu-img convert` (s) | ratio | export job, 202 -> SUCCESS (s) | ratio | before / after its qemu-img (s) | file (bytes) |')
print('|---:|---|---:|---:|---:|---:|---:|---:|---:|')
for round_, fmt, baseline, took, convert, size, before, after in rows:
    print(f'| {round_} | {fmt} | {baseline:.2f} | {convert:.2f} | **x{convert / baseline:.2f}** | {took:.2f} | x{took / baseline:.2f} | {before:.2f} / {after:.2f} | {size} |')
total_baseline = sum(r[2] for r in rows); total_job = sum(r[3] for r in rows); total_convert = sum(r[4] for r in rows)
print(f'| all | | {total_baseline:.2f} | {total_convert:.2f} | **x{total_convert / total_baseline:.2f}** | {total_job:.2f} | x{total_job / total_baseline:.2f} | | |')
print()
print(f'Copies of the {os.path.getsize(stored)}-byte image, 202 -> SUCCESS (s): ' + ', '.join(f'{t:.3f}' for t in copy_times)
      + f'; median {statistics.median(copy_times):.3f}, max {max(copy_times):.3f}; links to the stored file: {os.stat(stored).st_nlink}')
PY

log "load average before: $load_before"
python3 "$work/bench.py" "$port" "$token" "http://127.0.0.1:$http_port/big.raw" "$stack_pid" "$data" "$FORMATS" \
  "$ROUNDS" "$COPIES" "$POLL" "$work/convert" | tee "$work/summary.md"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
