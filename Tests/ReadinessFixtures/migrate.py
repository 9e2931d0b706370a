#!/usr/bin/env python3
"""A one-shot migration for Tests/IntegrationTests/ReadinessTests.swift.

    migrate.py STAMPFILE EXITCODE

Works for a moment, then writes `time.monotonic()` (CLOCK_MONOTONIC, comparable between processes) to STAMPFILE
as its last act and exits with EXITCODE.
"""
import os
import sys
import time

time.sleep(0.3)
print("migrating: done, exiting %s" % sys.argv[2], flush=True)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("monotonic %.6f\nexit %s\n" % (time.monotonic(), sys.argv[2]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
sys.exit(int(sys.argv[2]))
