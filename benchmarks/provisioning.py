#!/usr/bin/env python3
"""Client side of the ECS-provisioning benchmark (see benchmarks/provisioning.sh and docs/benchmarks.md).

Python 3 standard library only. Subcommands:

  batch    BASE TOKEN PROJECT IMAGE COUNT LABEL RUN OUT
           POST /v1/{PROJECT}/cloudservers with "count": COUNT, then GET /v1/{PROJECT}/jobs/{id} every 100 ms until
           the job ends (bounded). Appends one JSON line to OUT: times from the 202, ECSs per second, the progress
           timeline. Exit status 1 if the job did not end in SUCCESS with every sub-job SUCCESS.
  summary  OUT     Prints the Markdown table of every scenario in OUT (p50/p99 by nearest rank over the runs).
  proxy    LISTEN_PORT UPSTREAM_PORT COUNTS_FILE
           A counting MongoDB wire-protocol proxy on 127.0.0.1: forwards everything unchanged and counts, per
           command and collection, the commands, the documents written and the updates that matched nothing
           (failed compare-and-sets). SIGUSR1 or SIGTERM writes COUNTS_FILE (JSON); it is also written every second.
  mongocount  COUNTS_BEFORE COUNTS_AFTER ECSS   Prints the difference of two proxy snapshots per ECS.

Loopback only; TLS is not verified (the stack's certificate is self-signed).
"""
import asyncio
import http.client
import json
import math
import os
import signal
import ssl
import struct
import sys
import time

POLL_INTERVAL = 0.1
MAX_WAIT = 300.0  # seconds: a run that takes longer is recorded as a timeout


def _conn(base):
    host_port = base.split('://', 1)[1].rstrip('/')
    host, port = host_port.rsplit(':', 1)
    if host not in ('127.0.0.1', 'localhost'):
        raise SystemExit('loopback only: ' + host)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(host, int(port), timeout=60, context=context)


def _request(conn, method, path, token, body=None):
    headers = {'X-Auth-Token': token, 'Accept': 'application/json'}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers['Content-Type'] = 'application/json'
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    return response.status, (json.loads(payload) if payload else None)


def batch(base, token, project, image, count, label, run, out):
    count = int(count)
    conn = _conn(base)
    body = {'server': {'imageRef': image, 'flavorRef': 's6.small.1', 'name': f'{label}-{run}', 'count': count}}
    t_sent = time.time()
    status, answer = _request(conn, 'POST', f'/v1/{project}/cloudservers', token, body)
    t_202 = time.time()
    if status != 202:
        raise SystemExit(f'POST /v1/{project}/cloudservers answered {status}: {answer}')
    job_id = answer['job_id']
    timeline = []  # (seconds since the 202, sub-jobs finished)
    polls = 0
    job = None
    first_running = None
    max_job_bytes = 0
    while True:
        time.sleep(POLL_INTERVAL)
        now = time.time()
        if now - t_202 > MAX_WAIT:
            break
        conn.request('GET', f'/v1/{project}/jobs/{job_id}', headers={'X-Auth-Token': token})
        response = conn.getresponse()
        payload = response.read()
        polls += 1
        if response.status != 200:
            continue
        max_job_bytes = max(max_job_bytes, len(payload))
        job = json.loads(payload)
        subs = job.get('entities', {}).get('sub_jobs', [])
        done = sum(1 for s in subs if s.get('status') in ('SUCCESS', 'FAIL'))
        timeline.append((round(now - t_202, 3), done))
        if first_running is None and job.get('status') == 'RUNNING':
            first_running = now - t_202
        if job.get('status') in ('SUCCESS', 'FAIL'):
            break
    t_end = time.time()
    subs = (job or {}).get('entities', {}).get('sub_jobs', [])
    succeeded = sum(1 for s in subs if s.get('status') == 'SUCCESS')
    elapsed = timeline[-1][0] if timeline else t_end - t_202

    def reached(fraction):
        for t, done in timeline:
            if done >= fraction * count:
                return t
        return None

    t10, t90 = reached(0.1), reached(0.9)
    steady = (0.8 * count / (t90 - t10)) if (t10 is not None and t90 is not None and t90 > t10) else None
    record = {
        'label': label, 'run': int(run), 'count': count, 'job_id': job_id,
        'status': (job or {}).get('status', 'TIMEOUT'), 'succeeded': succeeded,
        'accept_s': round(t_202 - t_sent, 3), 'running_after_s': first_running and round(first_running, 3),
        'completion_s': round(elapsed, 3), 'ecs_per_s': round(succeeded / elapsed, 1) if elapsed > 0 else None,
        't10_s': t10, 't50_s': reached(0.5), 't90_s': t90,
        'steady_ecs_per_s': steady and round(steady, 1), 'polls': polls, 'job_json_bytes': max_job_bytes,
        'timeline': timeline,
    }
    with open(out, 'a') as f:
        f.write(json.dumps(record) + '\n')
    print(f"{label} run {run}: {record['status']} {succeeded}/{count} in {elapsed:.2f} s from the 202 "
          f"({record['ecs_per_s']} ECS/s; 10%..90% at {record['steady_ecs_per_s']} ECS/s; accept {record['accept_s']} s; "
          f"job JSON {max_job_bytes} bytes)", file=sys.stderr)
    return 0 if record['status'] == 'SUCCESS' and succeeded == count else 1


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(out):
    rows = [json.loads(line) for line in open(out) if line.strip()]
    labels = []
    for r in rows:
        if r['label'] not in labels:
            labels.append(r['label'])
    print('| scenario | runs | ECSs per run | ECS/s per run (202 to last SUCCESS) | ECS/s median '
          '| completion p50 (s) | completion p99 (s) | steady 10%-90% ECS/s (median) | all SUCCESS |')
    print('|---|---:|---:|---|---:|---:|---:|---:|---|')
    medians = {}
    for label in labels:
        runs = [r for r in rows if r['label'] == label]
        rates = [r['ecs_per_s'] or 0 for r in runs]
        times = [r['completion_s'] for r in runs]
        steadies = [r['steady_ecs_per_s'] for r in runs if r['steady_ecs_per_s']]
        ok = all(r['status'] == 'SUCCESS' and r['succeeded'] == r['count'] for r in runs)
        medians[label] = nearest_rank(rates, 50)
        steady = f"{nearest_rank(steadies, 50):.0f}" if steadies else '-'
        print(f"| {label} | {len(runs)} | {runs[0]['count']} | {' / '.join(f'{x:.0f}' for x in rates)} "
              f"| {medians[label]:.0f} | {nearest_rank(times, 50):.2f} | {nearest_rank(times, 99):.2f} | {steady} "
              f"| {'yes' if ok else 'NO'} |")
    print()
    return medians


# ---------------------------------------------------------------------------------------------------------------
# Counting MongoDB proxy

def _cstring(buf, i):
    end = buf.index(b'\x00', i)
    return buf[i:end].decode('utf-8', 'replace'), end + 1


def _bson_top(doc, wanted=None):
    """Top-level fields of a BSON document: scalars decoded, documents/arrays as (offset, length) raw bytes."""
    fields = {}
    i = 4
    end = struct.unpack_from('<i', doc, 0)[0] - 1
    while i < end:
        kind = doc[i]
        name, i = _cstring(doc, i + 1)
        if kind in (1,):
            value, i = struct.unpack_from('<d', doc, i)[0], i + 8
        elif kind in (2, 13, 14):
            n = struct.unpack_from('<i', doc, i)[0]
            value, i = doc[i + 4:i + 3 + n].decode('utf-8', 'replace'), i + 4 + n
        elif kind in (3, 4):
            n = struct.unpack_from('<i', doc, i)[0]
            value, i = doc[i:i + n], i + n
        elif kind == 5:
            n = struct.unpack_from('<i', doc, i)[0]
            value, i = None, i + 5 + n
        elif kind == 7:
            value, i = None, i + 12
        elif kind == 8:
            value, i = bool(doc[i]), i + 1
        elif kind in (9, 17, 18):
            value, i = struct.unpack_from('<q', doc, i)[0], i + 8
        elif kind in (10, 6, 127, 255):
            value = None
        elif kind == 11:
            _, i = _cstring(doc, i)
            _, i = _cstring(doc, i)
            value = None
        elif kind == 16:
            value, i = struct.unpack_from('<i', doc, i)[0], i + 4
        elif kind == 19:
            value, i = None, i + 16
        else:
            raise ValueError(f'BSON type {kind}')
        if wanted is None or name in wanted:
            fields[name] = value
    return fields


def _array_len(raw):
    return len(_bson_top(raw)) if raw else 0


def _op_msg_sections(body):
    """(command document, {sequence identifier: [documents]}) of an OP_MSG body (after the 16-byte header)."""
    flags = struct.unpack_from('<I', body, 0)[0]
    end = len(body) - (4 if flags & 1 else 0)
    i = 4
    command, sequences = None, {}
    while i < end:
        kind = body[i]
        i += 1
        if kind == 0:
            n = struct.unpack_from('<i', body, i)[0]
            command, i = body[i:i + n], i + n
        else:
            size = struct.unpack_from('<i', body, i)[0]
            ident, j = _cstring(body, i + 4)
            docs = []
            while j < i + size:
                n = struct.unpack_from('<i', body, j)[0]
                docs.append(body[j:j + n])
                j += n
            sequences[ident] = docs
            i += size
    return command, sequences


class Counts:
    def __init__(self, path):
        self.path = path
        self.data = {}
        self.pending = {}  # request id -> (command, collection, documents)

    def add(self, key, n=1):
        self.data[key] = self.data.get(key, 0) + n

    def request(self, request_id, body):
        try:
            command, sequences = _op_msg_sections(body)
            if command is None:
                return
            top = _bson_top(command)
            name = next(iter(top))
            collection = top[name] if isinstance(top[name], str) else '-'
            if name in ('hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo', 'getMore', 'killCursors'):
                self.add(f'{name}')
                return
            docs = 0
            for field in ('documents', 'updates', 'deletes'):
                if field in top:
                    docs += _array_len(top[field])
                if field in sequences:
                    docs += len(sequences[field])
            self.add(f'{collection}.{name}')
            if docs:
                self.add(f'{collection}.{name}.documents', docs)
            if name in ('update', 'delete', 'findAndModify', 'insert'):
                self.pending[request_id] = (name, collection, docs)
            bytes_key = f'{collection}.{name}.bytes'
            self.add(bytes_key, len(body))
        except Exception as e:  # counting must never break the traffic
            self.add('parse_errors')

    def reply(self, response_to, body):
        entry = self.pending.pop(response_to, None)
        if entry is None:
            return
        name, collection, docs = entry
        try:
            command, _ = _op_msg_sections(body)
            top = _bson_top(command, {'n', 'nModified', 'ok', 'writeErrors'})
            if name == 'update' and top.get('n', 0) < docs:
                self.add(f'{collection}.update.matched_nothing', docs - top.get('n', 0))
            if top.get('writeErrors') is not None:
                self.add(f'{collection}.{name}.write_errors', _array_len(top['writeErrors']))
        except Exception:
            self.add('parse_errors')

    def write(self):
        tmp = self.path + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(dict(sorted(self.data.items())), f, indent=1)
        os.replace(tmp, self.path)


async def _pump(reader, writer, counts, outbound):
    try:
        while True:
            header = await reader.readexactly(16)
            length, request_id, response_to, opcode = struct.unpack('<iiii', header)
            body = await reader.readexactly(length - 16)
            if opcode == 2013:
                if outbound:
                    counts.request(request_id, body)
                else:
                    counts.reply(response_to, body)
            elif outbound:
                counts.add(f'opcode.{opcode}')
            writer.write(header + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def proxy(listen_port, upstream_port, counts_file):
    counts = Counts(counts_file)

    async def handle(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection('127.0.0.1', int(upstream_port))
        await asyncio.gather(_pump(client_reader, server_writer, counts, True),
                             _pump(server_reader, client_writer, counts, False))

    async def main():
        loop = asyncio.get_running_loop()
        stop = loop.create_future()
        loop.add_signal_handler(signal.SIGUSR1, counts.write)
        loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
        loop.add_signal_handler(signal.SIGINT, lambda: stop.done() or stop.set_result(None))
        server = await asyncio.start_server(handle, '127.0.0.1', int(listen_port))

        async def flush():
            while True:
                await asyncio.sleep(1)
                counts.write()

        flusher = asyncio.ensure_future(flush())
        await stop
        flusher.cancel()
        server.close()
        counts.write()

    asyncio.run(main())


def mongocount(before_file, after_file, ecss):
    before = json.load(open(before_file))
    after = json.load(open(after_file))
    ecss = int(ecss)
    print(f'| MongoDB command (collection.command) | total for {ecss} ECSs | per ECS |')
    print('|---|---:|---:|')
    for key in sorted(after):
        if key.endswith('.bytes'):
            continue
        delta = after[key] - before.get(key, 0)
        if delta:
            print(f'| `{key}` | {delta} | {delta / ecss:.2f} |')
    for key in sorted(after):
        if key.endswith('.bytes'):
            delta = after[key] - before.get(key, 0)
            if delta:
                print(f'| `{key}` (request bytes) | {delta} | {delta / ecss:.0f} |')
    print()


if __name__ == '__main__':
    commands = {'batch': batch, 'summary': summary, 'proxy': proxy, 'mongocount': mongocount}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    result = commands[sys.argv[1]](*sys.argv[2:])
    sys.exit(result if isinstance(result, int) else 0)
