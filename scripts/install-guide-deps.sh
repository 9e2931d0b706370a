#!/usr/bin/env bash
# Installs what the guide's end-to-end tests need (Tests/IntegrationTests/GuideProductionTests.swift,
# SystemdTests.swift): Debian's python3-flask, gunicorn and logrotate (the seed guide's production stack) and
# systemd (only for `systemd-analyze verify`; nothing is started). Quiet and quick when all are present.
set -euo pipefail
needed=()
# Ask the interpreter the tests run the app with (Debian's), not whichever python3 comes first on PATH.
/usr/bin/python3 -c 'import flask' 2>/dev/null || needed+=(python3-flask)
[ -x /usr/bin/gunicorn ] || needed+=(gunicorn)
[ -x /usr/sbin/logrotate ] || needed+=(logrotate)
[ -x /usr/bin/systemd-analyze ] || needed+=(systemd)
[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install-guide-deps.sh: need root to apt-get install ${needed[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
