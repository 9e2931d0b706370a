#!/usr/bin/env bash
# Installs headless Chromium from Debian's packages, once, for the web UI's browser test
# (Tests/IntegrationTests/WebUIBrowserTests.swift). Prints the browser's path; exits non-zero if it cannot.
set -euo pipefail
find_chromium() { command -v chromium || command -v chromium-browser || true; }
if [ -z "$(find_chromium)" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-dejavu-core) >/dev/null 2>&1 || { echo "error: could not install chromium" >&2; exit 1; }
fi
path=$(find_chromium)
[ -n "$path" ] || { echo "error: chromium not found after installing it" >&2; exit 1; }
echo "$path"
