#!/usr/bin/env bash
# Installs the FastCGI peers of Tests/CompatTests/FastCGISocketTests.swift: Debian's nginx (only the binary is used;
# the package's service is kept from starting, so nothing listens on port 80). flup, the FastCGI WSGI server the
# pool runs, goes into .venv-compat with Python Supervisor (scripts/python-supervisor.sh). Quick when present.
set -euo pipefail
[ -x /usr/sbin/nginx ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install-fastcgi-deps.sh: need root to apt-get install nginx" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101: the maintainer scripts must not start the nginx service (it would listen on 0.0.0.0:80).
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=true
fi
trap '$created_policy && rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx >/dev/null
