#!/usr/bin/env bash
# The PgBouncer tests start Debian's pgbouncer themselves: install it when it is missing.
set -euo pipefail
if [ -x /usr/sbin/pgbouncer ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Debian's pgbouncer is missing: run 'sudo apt-get install -y pgbouncer' and try again" >&2
  exit 1
fi
echo "installing Debian's pgbouncer for the tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
