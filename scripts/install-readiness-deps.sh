#!/usr/bin/env bash
# Installs the real servers of Tests/IntegrationTests/ReadinessTests.swift (readiness, dependencies and health
# checks against real programs): Debian's redis-server and redis-tools (`redis-server --supervised systemd` speaks
# sd_notify; redis-cli answers PING) and postgresql (postgres, initdb and pg_isready; only the binaries are used).
# The packages' services are kept from starting. gunicorn comes from install-guide-deps.sh. Quick when present.
set -euo pipefail
needed=()
[ -x /usr/bin/redis-server ] || needed+=(redis-server)
[ -x /usr/bin/redis-cli ] || needed+=(redis-tools)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || needed+=(postgresql)
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install-readiness-deps.sh: need root to apt-get install ${needed[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101: the maintainer scripts must not start the services (redis on 6379, a postgres cluster on 5432).
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=true
fi
trap '$created_policy && rm -f "$policy"' EXIT
apt-get update -qq
# Each package alone: a mirror without one of them still gets the others (the tests skip what is missing).
status=0
for package in "${needed[@]}"; do
    apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1 || {
        echo "install-readiness-deps.sh: could not install $package" >&2
        status=1
    }
done
exit $status
