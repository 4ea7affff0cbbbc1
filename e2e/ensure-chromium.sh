#!/usr/bin/env bash
# Playwright cannot download its own browser here: the e2e suite runs Debian's Chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Debian's chromium is missing: run 'sudo apt-get install -y chromium' and try again" >&2
  exit 1
fi
echo "installing Debian's chromium for the e2e suite..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
