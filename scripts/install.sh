#!/usr/bin/env bash
# Installs (or uninstalls) swift-supervisor: supervisord, supervisorctl and echo_supervisord_conf, the guide's
# /etc/supervisor layout (supervisord.conf + conf.d/, created only when absent) and a systemd unit.
#
#   scripts/install.sh                       release build, install into /usr/local, unit in /etc/systemd/system
#   scripts/install.sh --prefix /opt/svd     binaries in /opt/svd/bin
#   scripts/install.sh --destdir /tmp/stage  stage everything under /tmp/stage (packaging, tests)
#   scripts/install.sh --uninstall           remove the binaries and the unit; keeps /etc/supervisor and logs
#
# Options: --prefix DIR (default /usr/local), --destdir DIR (default none), --sysconfdir DIR (default /etc),
# --unitdir DIR (default /etc/systemd/system), --logdir DIR (default /var/log/supervisor), --from DIR (take
# already built binaries from DIR instead of running `swift build -c release`), --no-systemctl (never call
# systemctl), --uninstall, --help.
set -euo pipefail

prefix=/usr/local
destdir=
sysconfdir=/etc
unitdir=/etc/systemd/system
logdir=/var/log/supervisor
from=
uninstall=false
systemctl_allowed=true
binaries=(supervisord supervisorctl echo_supervisord_conf)

usage() { sed -n '2,14s/^# \{0,1\}//p' "$0"; }
fail() { echo "install.sh: $*" >&2; exit 2; }
absolute() {
    case $2 in /*) ;; *) fail "$1 must be an absolute path, not '$2'";; esac
    [[ $2 =~ ^[A-Za-z0-9._/@+-]+$ ]] || fail "$1: only letters, digits and ._/@+- are allowed in '$2'"
}

while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || fail "--prefix needs a directory"; prefix=$2; shift 2;;
        --destdir) [ $# -ge 2 ] || fail "--destdir needs a directory"; destdir=$2; shift 2;;
        --sysconfdir) [ $# -ge 2 ] || fail "--sysconfdir needs a directory"; sysconfdir=$2; shift 2;;
        --unitdir) [ $# -ge 2 ] || fail "--unitdir needs a directory"; unitdir=$2; shift 2;;
        --logdir) [ $# -ge 2 ] || fail "--logdir needs a directory"; logdir=$2; shift 2;;
        --from) [ $# -ge 2 ] || fail "--from needs a directory"; from=$2; shift 2;;
        --no-systemctl) systemctl_allowed=false; shift;;
        --uninstall) uninstall=true; shift;;
        -h|--help) usage; exit 0;;
        *) fail "unknown option '$1' (see --help)";;
    esac
done
absolute --prefix "$prefix"
absolute --sysconfdir "$sysconfdir"
absolute --unitdir "$unitdir"
absolute --logdir "$logdir"
[ -z "$destdir" ] || absolute --destdir "$destdir"

bindir=$prefix/bin
confdir=$sysconfdir/supervisor
config=$confdir/supervisord.conf
unit=$unitdir/supervisord.service
# systemctl only for a real installation on a machine where systemd runs.
use_systemctl() { $systemctl_allowed && [ -z "$destdir" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

if $uninstall; then
    if use_systemctl && systemctl is-active --quiet supervisord.service; then
        echo "note: supervisord.service is running; stop it first: systemctl disable --now supervisord" >&2
        exit 1
    fi
    for name in "${binaries[@]}"; do
        rm -f "$destdir$bindir/$name" && echo "removed $destdir$bindir/$name"
    done
    if [ -e "$destdir$unit" ]; then
        rm -f "$destdir$unit"
        echo "removed $destdir$unit"
        if use_systemctl; then systemctl daemon-reload; fi
    fi
    echo "kept $destdir$confdir (your configuration) and $destdir$logdir (logs); remove them by hand if unwanted"
    exit 0
fi

# The binaries: a release build of this checkout, or the ones in --from.
if [ -z "$from" ]; then
    cd "$(dirname "$0")/.."
    # Static Swift runtime: the installed binaries need only libc and libstdc++, not a Swift toolchain.
    for name in "${binaries[@]}"; do
        swift build -c release --static-swift-stdlib --product "$name" >&2
    done
    from=$(swift build -c release --static-swift-stdlib --show-bin-path)
fi
for name in "${binaries[@]}"; do
    [ -x "$from/$name" ] || fail "no executable $from/$name (build it, or pass --from DIR)"
done

install -d -m 755 "$destdir$bindir"
for name in "${binaries[@]}"; do
    install -m 755 --strip "$from/$name" "$destdir$bindir/$name"
    echo "installed $destdir$bindir/$name"
done

# The guide's layout: /etc/supervisor/supervisord.conf including conf.d/*.conf. Never overwrite a configuration.
install -d -m 755 "$destdir$confdir/conf.d"
if [ -e "$destdir$config" ]; then
    echo "kept existing $destdir$config (not overwritten)"
else
    sample=$("$from/echo_supervisord_conf")
    # Our sample with the paths of a system installation (the guide's production template).
    production=$(printf '%s\n' "$sample" | sed \
        -e 's|^file=/tmp/supervisor.sock |file=/var/run/supervisor.sock |' \
        -e 's|^serverurl=unix:///tmp/supervisor.sock |serverurl=unix:///var/run/supervisor.sock |' \
        -e "s|^logfile=/tmp/supervisord.log |logfile=$logdir/supervisord.log |" \
        -e 's|^pidfile=/tmp/supervisord.pid |pidfile=/var/run/supervisord.pid |' \
        -e "s|^;childlogdir=/tmp  |childlogdir=$logdir|")
    for expected in 'file=/var/run/supervisor.sock' 'serverurl=unix:///var/run/supervisor.sock' \
        "logfile=$logdir/supervisord.log" 'pidfile=/var/run/supervisord.pid' "childlogdir=$logdir"; do
        # A here-string, not a pipe: with pipefail, grep -q leaving early could fail printf's next write (SIGPIPE).
        grep -q "^$expected" <<<"$production" || fail "the sample configuration changed: no '$expected' after editing it"
    done
    tmp=$(mktemp "$destdir$confdir/.supervisord.conf.XXXXXX")
    {
        printf '%s\n' "$production"
        printf '\n; One file per program (or group of programs) in conf.d/, e.g. conf.d/flask_demo.conf.\n'
        printf '[include]\nfiles = %s/conf.d/*.conf\n' "$confdir"
    } >"$tmp"
    chmod 644 "$tmp"
    mv "$tmp" "$destdir$config"
    echo "created $destdir$config"
fi
install -d -m 755 "$destdir$logdir"

# systemd: Type=notify (supervisord -n reports READY/RELOADING/STOPPING through $NOTIFY_SOCKET); SIGTERM to
# supervisord only (KillMode=mixed), which stops its programs in priority order; whatever is left after it exits
# (a program's stray grandchildren) gets SIGKILL from systemd. See README "systemd".
install -d -m 755 "$destdir$unitdir"
cat >"$destdir$unit" <<EOF
[Unit]
Description=swift-supervisor process control system
Documentation=https://supervisord.org
After=network.target

[Service]
Type=notify
ExecStart=$bindir/supervisord -n -c $config
ExecReload=/bin/kill -HUP \$MAINPID
KillMode=mixed
TimeoutStopSec=120
Restart=on-failure
RestartSec=5s
LimitNOFILE=4096

[Install]
WantedBy=multi-user.target
EOF
chmod 644 "$destdir$unit"
echo "installed $destdir$unit"

if use_systemctl; then
    systemctl daemon-reload
    echo "start it now and at boot: systemctl enable --now supervisord"
elif [ -z "$destdir" ]; then
    echo "systemd is not running here; start the daemon with: $bindir/supervisord -c $config"
fi
