#!/usr/bin/env bash
# ensure-debian-package.sh FILE PACKAGE WHY: some tests need a program or extension from Debian's packages
# (Chromium for the e2e suite, PgBouncer, hypopg, promtool); install it when it is missing.
set -euo pipefail
binary="$1" package="$2" why="$3"
if [ -e "$binary" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Debian's $package is missing ($why): run 'sudo apt-get install -y $package' and try again" >&2
  exit 1
fi
echo "installing Debian's $package for $why..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
