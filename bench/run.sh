#!/usr/bin/env bash
# The benchmark: our supervisord and Python Supervisor 4.3 on the same machine, in the same run, alternating A B A B,
# one line per figure with both medians, the ratio (ours / Python's) and the target, and JSON records.
#
#   bench/run.sh                     full run (release builds; about 10 minutes on 2 cores), writes bench/results/latest.json
#   bench/run.sh --repetitions 5     more alternations
#   bench/run.sh --only rpc,churn    some scenarios (startup, stopall, logflood, rpc, churn, floors)
#   bench/run.sh --smoke             tiny sizes, one repetition, debug builds (about a minute): proves every scenario
#                                    still runs; fails only if one errs (a lost line, a dead daemon), never on a ratio
#
# It measures only through config files, the main log, XML-RPC and /proc, alike for both daemons.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=
for arg in "$@"; do [ "$arg" = --smoke ] && smoke=1; done

python_bin=$(scripts/python-supervisor.sh)
quiet() { grep -Ev '^\[[0-9]+/[0-9]+\]|^Building|^Build complete|^Compiling|^Write swift-version' || true; }
if [ -n "$smoke" ]; then
    # The debug binaries scripts/test has just built; no release build in CI.
    swift build --product supervisord 2>&1 | quiet
    swift build --product supervisorctl 2>&1 | quiet
    ours=.build/debug
    (cd bench && swift build 2>&1 | quiet)
    harness=bench/.build/debug
    json=bench/.build/smoke.json
else
    swift build -c release --scratch-path .build-release --product supervisord 2>&1 | quiet
    swift build -c release --scratch-path .build-release --product supervisorctl 2>&1 | quiet
    ours=.build-release/release
    (cd bench && swift build -c release 2>&1 | quiet)
    harness=bench/.build/release
    mkdir -p bench/results
    json=bench/results/latest.json
fi
exec "$harness/supervisor-bench" --ours-supervisord "$PWD/$ours/supervisord" --ours-supervisorctl "$PWD/$ours/supervisorctl" \
    --python-bin "$python_bin" --writer "$PWD/$harness/bench-writer" --json "$json" "$@"
