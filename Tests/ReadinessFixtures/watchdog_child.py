"""A notify program for the watchdog test: READY=1, then WATCHDOG=1 every 0.2 s for `ping_seconds`, then silence.

Writes WATCHDOG_USEC and NOTIFY_SOCKET as it saw them to `env_file`."""
import os
import socket
import sys
import time

env_file, ping_seconds = sys.argv[1], float(sys.argv[2])
with open(env_file, "a") as f:
    f.write("%d WATCHDOG_USEC=%s NOTIFY_SOCKET=%s\n" % (
        os.getpid(), os.environ.get("WATCHDOG_USEC", ""), "set" if os.environ.get("NOTIFY_SOCKET") else ""))
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(b"READY=1\nSTATUS=pinging", os.environ["NOTIFY_SOCKET"])
end = time.monotonic() + ping_seconds
while time.monotonic() < end:
    s.sendto(b"WATCHDOG=1", os.environ["NOTIFY_SOCKET"])
    time.sleep(0.2)
s.sendto(b"STATUS=stuck", os.environ["NOTIFY_SOCKET"])
time.sleep(1000)
