#!/usr/bin/env bash
# ops/scripts/setup_backup_cron.sh --daily | --hourly | --custom EXPR | --remove (see --help).
# Thin on purpose: the work is in lib/ops/, shared with the dashboard's buttons.
exec "$(dirname "${BASH_SOURCE[0]}")/run-cli.sh" backup-cron "$@"
