#!/usr/bin/env bash
# ops/scripts/pitr_drill.sh (see --help): the point-in-time recovery drill, as cron runs it.
# Thin on purpose: the work is in lib/pitr/, shared with the dashboard.
exec "$(dirname "${BASH_SOURCE[0]}")/run-cli.sh" pitr-drill "$@"
