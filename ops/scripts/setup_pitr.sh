#!/usr/bin/env bash
# ops/scripts/setup_pitr.sh [--restart] (see --help).
# Thin on purpose: the work is in lib/pitr/, shared with the dashboard.
exec "$(dirname "${BASH_SOURCE[0]}")/run-cli.sh" pitr-setup "$@"
