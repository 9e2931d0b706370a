"""An HTTP server for tests that accepts requests on 127.0.0.1:PORT and never answers them (a hung web app).

Usage: hung_http_server.py PORT
"""
import http.server
import sys
import time

class Hang(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(3600)

class Server(http.server.ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True

if __name__ == '__main__':
    Server(('127.0.0.1', int(sys.argv[1])), Hang).serve_forever()
