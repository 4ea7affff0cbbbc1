#!/usr/bin/env bash
# ops/scripts/pitr_backup.sh --type full|diff|incr (see --help): a pgBackRest backup, as cron runs it.
# Thin on purpose: the work is in lib/pitr/, shared with the dashboard.
exec "$(dirname "${BASH_SOURCE[0]}")/run-cli.sh" pitr-backup "$@"
