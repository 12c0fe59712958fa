#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium for the browser tests (make test-browser),
# with a Japanese font so the screenshots show the notebooks' prose. Playwright launches this
# binary; its own browser download needs the internet and is not used.
# Usage: tools/install_chromium.sh            (the path can be changed with LECNN_CHROMIUM)
set -euo pipefail
CHROMIUM="${LECNN_CHROMIUM:-/usr/bin/chromium}"

packages=()
if [ ! -x "$CHROMIUM" ]; then
  packages+=(chromium)
fi
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja 2>/dev/null)" ]; then
  packages+=(fonts-ipafont-gothic)
fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  if [ ! -x "$CHROMIUM" ]; then
    echo "error: $CHROMIUM is missing. Install Debian's chromium as root:" >&2
    echo "       apt-get update && apt-get install -y chromium fonts-ipafont-gothic" >&2
    echo "       (or set LECNN_CHROMIUM to another Chromium binary)" >&2
    exit 1
  fi
  echo "warning: no Japanese font installed; screenshots will show boxes for Japanese text" \
    "(apt-get install -y fonts-ipafont-gothic as root)" >&2
  exit 0
fi

echo "installing with apt-get: ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent or stale on a fresh machine: update and retry once.
if ! apt-get install -y --no-install-recommends "${packages[@]}"; then
  apt-get update
  apt-get install -y --no-install-recommends "${packages[@]}"
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "error: apt-get ran, but $CHROMIUM is still missing." >&2
  exit 1
fi
