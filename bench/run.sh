#!/usr/bin/env bash
# Builds supervisord in release mode and measures XML-RPC throughput beside Python Supervisor 4.3 (same run).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(scripts/python-supervisor.sh)
swift build -c release --scratch-path .build-release --product supervisord 2>&1 | tail -1
"$bin/python" bench/rpc_throughput.py --swift .build-release/release/supervisord --python "$bin/supervisord" "$@"
