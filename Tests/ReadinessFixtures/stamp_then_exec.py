#!/usr/bin/env python3
"""Records when it was spawned, then becomes the program (Tests/IntegrationTests/ReadinessTests.swift).

    stamp_then_exec.py STAMPFILE [CHECK ARGS...] -- COMMAND ARGS...

Writes STAMPFILE with `time.monotonic()` taken first thing (CLOCK_MONOTONIC: comparable between the processes of
one boot, unlike wall time), then the exit status and output of CHECK if one is given (e.g. `redis-cli -p P ping`
or `pg_isready ...`, run before COMMAND exists), then execs COMMAND with the same pid.
"""
import os
import subprocess
import sys
import time

stamp = time.monotonic()
stamp_file = sys.argv[1]
separator = sys.argv.index("--")
check = sys.argv[2:separator]
command = sys.argv[separator + 1:]
lines = ["monotonic %.6f" % stamp, "pid %d" % os.getpid()]
if check:
    result = subprocess.run(check, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines.append("check_status %d" % result.returncode)
    lines.append("check_output %s" % result.stdout.decode(errors="replace").strip())
with open(stamp_file + ".tmp", "w") as f:
    f.write("\n".join(lines) + "\n")
os.rename(stamp_file + ".tmp", stamp_file)
sys.stdout.flush()
os.execvp(command[0], command)
