#!/usr/bin/env bash
# Installs Python Supervisor 4.3.0 (and superlance, and flup for the FastCGI tests) into .venv-compat, once, and
# prints the venv's bin directory. Tests compare our behaviour with it; nothing of ours depends on it at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-compat
if ! "$venv/bin/python" -c 'import supervisor, superlance, flup' 2>/dev/null \
   || [ "$("$venv/bin/python" -c 'import supervisor.options as o; print(o.VERSION)' 2>/dev/null)" != "4.3.0" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check supervisor==4.3.0 superlance==2.0.0 flup==1.0.3 >&2
fi
echo "$PWD/$venv/bin"
