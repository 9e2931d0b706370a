#!/usr/bin/env python3
"""An HTTP server whose health can be switched (Tests/IntegrationTests/ReadinessTests.swift).

    health_server.py PORT LOGFILE

On 127.0.0.1:PORT: `/health` answers 200 until a request to `/sick`, then 503 until a request to `/well`. Each
`/health` request is appended to LOGFILE as `health PID STATUS` (flushed at once), so a test can count the checks
each process answered.
"""
import http.server
import os
import sys

port = int(sys.argv[1])
log = open(sys.argv[2], "a", buffering=1)
sick = False


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global sick
        if self.path == "/sick":
            sick, code = True, 200
        elif self.path == "/well":
            sick, code = False, 200
        elif self.path == "/health":
            code = 503 if sick else 200
            log.write("health %d %d\n" % (os.getpid(), code))
        else:
            code = 404
        body = b"%d\n" % code
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class Server(http.server.HTTPServer):
    def handle_error(self, request, client_address):
        pass  # a tcp:// readiness check connects and closes without a request


server = Server(("127.0.0.1", port), Handler)
print("listening on 127.0.0.1:%d" % port, flush=True)
server.serve_forever()
