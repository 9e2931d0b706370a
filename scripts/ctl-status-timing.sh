#!/usr/bin/env bash
# Measures the wall time of `supervisorctl status` with 500 running processes: our supervisorctl (release build)
# beside Python Supervisor 4.3.0's, against the same Python supervisord, and checks both print the same table.
#
# Usage: scripts/ctl-status-timing.sh [RUNS]   (default 20 runs of each; prints median and mean in milliseconds)
# Environment: SCRATCH (default .build-ctl-rel) is the release build's scratch path.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
scratch=${SCRATCH:-.build-ctl-rel}

bin=$(scripts/python-supervisor.sh)
swift build -c release --scratch-path "$scratch" --product supervisorctl 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' >&2 || true
ours="$PWD/$scratch/release/supervisorctl"
python="$bin/supervisorctl"
test -x "$ours"

dir=$(mktemp -d /tmp/ct-XXXXXX)
daemon_pid=
cleanup() {
    if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
        "$ours" -c "$dir/supervisord.conf" shutdown >/dev/null 2>&1 || true
        for _ in $(seq 300); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$daemon_pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT

cat > "$dir/supervisord.conf" <<CONF
[unix_http_server]
file=$dir/s.sock

[supervisord]
logfile=$dir/supervisord.log
pidfile=$dir/supervisord.pid
childlogdir=$dir
loglevel=warn

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$dir/s.sock

[program:p]
command=sleep 100000
process_name=%(program_name)s_%(process_num)03d
numprocs=500
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
CONF

"$bin/supervisord" -n -c "$dir/supervisord.conf" >"$dir/daemon.out" 2>&1 &
daemon_pid=$!

# Wait (with a deadline) until all 500 processes are RUNNING: status exits 0 only then.
deadline=$((SECONDS + 180))
until [ "$("$ours" -c "$dir/supervisord.conf" status 2>/dev/null | grep -c ' RUNNING ')" = 500 ]; do
    [ $SECONDS -lt $deadline ] || { echo "supervisord did not start 500 processes" >&2; exit 1; }
    sleep 0.2
done

mask() { sed -E 's/pid [0-9]+, uptime [0-9:]+/pid N, uptime U/'; }
diff <("$python" -c "$dir/supervisord.conf" status | mask) <("$ours" -c "$dir/supervisord.conf" status | mask) \
    || { echo "outputs differ" >&2; exit 1; }

measure() {  # prints one wall time in ms per run
    local exe=$1
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$exe" -c "$dir/supervisord.conf" status >/dev/null || true
        end=$(date +%s%N)
        echo $(((end - start) / 1000))
    done
}
summary() {  # median and mean of microsecond values, as ms
    sort -n | awk '{ v[NR] = $1; s += $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "median %.1f ms, mean %.1f ms, min %.1f ms (%d runs)", m / 1000, s / NR / 1000, v[1] / 1000, NR }'
}
echo "supervisorctl status, 500 RUNNING processes, same output (pids/uptimes masked):"
echo "  Python supervisorctl 4.3.0: $(measure "$python" | summary)"
echo "  ours (release build):       $(measure "$ours" | summary)"
# What the daemon itself needs: the bare getAllProcessInfo round trip, with curl.
body='<?xml version="1.0"?><methodCall><methodName>supervisor.getAllProcessInfo</methodName><params></params></methodCall>'
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    curl -s --unix-socket "$dir/s.sock" -H 'Content-Type: text/xml' --data "$body" http://localhost/RPC2 >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
done | { printf '  bare getAllProcessInfo round trip (curl, daemon time): '; summary; echo; }
