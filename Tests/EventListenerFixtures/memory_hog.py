"""Holds MEGABYTES of touched memory (so it counts in RSS), then sleeps.

Usage: memory_hog.py MEGABYTES
"""
import sys
import time

block = bytearray(int(sys.argv[1]) * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
time.sleep(3600)
