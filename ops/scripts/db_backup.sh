#!/usr/bin/env bash
# ops/scripts/db_backup.sh [--s3-bucket B] [--keep-days N] (see --help).
# Thin on purpose: the work is in lib/ops/, shared with the dashboard's buttons.
exec "$(dirname "${BASH_SOURCE[0]}")/run-cli.sh" backup "$@"
