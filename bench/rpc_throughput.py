#!/usr/bin/env python3
"""Calls per second of supervisor.getAllProcessInfo (1000 processes) and supervisor.getState, for Python
Supervisor 4.3 and swift-supervisor side by side in the same run (issue 4, item 5).

Usage (bench/run.sh does all of it):
    .venv-compat/bin/python bench/rpc_throughput.py --swift .build-release/release/supervisord \
        --python .venv-compat/bin/supervisord [--processes 1000] [--seconds 5]

Each daemon runs `-n` on its own config in a short temp dir: one program with `numprocs` processes
(`sleep`, logs off, startsecs=0), a unix socket, no auth. Once every process is RUNNING, one client connection
(HTTP/1.1 keep-alive, as supervisorctl does) sends the same request over and over for the given time, reading each
whole response without parsing it, so the figure is the server's, not the client's XML parser's.
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time
import xmlrpc.client

CONFIG = """[unix_http_server]
file={dir}/s.sock

[supervisord]
logfile={dir}/supervisord.log
pidfile={dir}/supervisord.pid
childlogdir={dir}
minfds=10000
minprocs=5000
loglevel=warn

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:p]
command=/bin/sleep 100000
process_name=%(process_num)04d
numprocs={n}
startsecs=0
stopwaitsecs=5
stdout_logfile=NONE
stderr_logfile=NONE
"""


class Connection:
    """One keep-alive HTTP/1.1 connection over the unix socket; responses read by Content-Length."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = b""

    def call(self, body):
        request = (b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                   b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buf:
            self.recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if not head.startswith(b"HTTP/1.1 200") or length is None:
            raise RuntimeError("unexpected response: %r" % head)
        while len(self.buf) < length:
            self.recv()
        body, self.buf = self.buf[:length], self.buf[length:]
        return body

    def recv(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise RuntimeError("connection closed")
        self.buf += data


def run(label, executable, n, seconds):
    tmp = tempfile.mkdtemp(prefix="bench-", dir="/tmp")
    conf = os.path.join(tmp, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(CONFIG.format(dir=tmp, n=n))
    daemon = subprocess.Popen([executable, "-n", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    sock = os.path.join(tmp, "s.sock")
    try:
        started = time.time()
        all_info = xmlrpc.client.dumps((), "supervisor.getAllProcessInfo").encode()
        while True:
            try:
                conn = Connection(sock)
                infos = xmlrpc.client.loads(conn.call(all_info))[0][0]
                running = sum(1 for i in infos if i["statename"] == "RUNNING")
                if running == n:
                    break
            except (OSError, RuntimeError):
                pass
            if time.time() - started > 120:
                raise RuntimeError("%s: not all %d processes RUNNING after 120 s" % (label, n))
            time.sleep(0.2)
        up = time.time() - started
        results = {}
        for method in ("supervisor.getAllProcessInfo", "supervisor.getState"):
            body = xmlrpc.client.dumps((), method).encode()
            conn = Connection(sock)
            size = len(conn.call(body))
            calls = 0
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < seconds:
                conn.call(body)
                calls += 1
            elapsed = time.perf_counter() - t0
            results[method] = (calls / elapsed, size)
        return up, results
    finally:
        try:
            xmlrpc.client.loads(Connection(sock).call(xmlrpc.client.dumps((), "supervisor.shutdown").encode()))
        except Exception:
            daemon.terminate()
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--processes", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    rows = []
    for label, exe in (("python supervisord 4.3.0", args.python), ("swift-supervisor", args.swift)):
        up, results = run(label, exe, args.processes, args.seconds)
        rows.append((label, up, results))
    print("%d processes, %.0f s per method, one keep-alive connection, responses read unparsed"
          % (args.processes, args.seconds))
    print("%-26s %14s %26s %16s" % ("daemon", "all RUNNING", "getAllProcessInfo calls/s", "getState calls/s"))
    for label, up, r in rows:
        print("%-26s %12.1f s %18.1f (%d KB) %16.0f" % (
            label, up, r["supervisor.getAllProcessInfo"][0], r["supervisor.getAllProcessInfo"][1] // 1024,
            r["supervisor.getState"][0]))


if __name__ == "__main__":
    main()
