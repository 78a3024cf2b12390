#!/usr/bin/env bash
# Debian's chromium for the widget's browser tests (tests/test_widget_browser.py), unless one is there.
set -euo pipefail
browser=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "Chromium is missing and installing it needs root: apt-get install chromium (or set CHROMIUM=/path/to/chromium)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests ..."
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
