#!/usr/bin/env bash
# ops/scripts/db_restore.sh --latest | FILE | --from-s3 s3://bucket/key [--yes] (see --help).
# Thin on purpose: the work is in lib/ops/, shared with the dashboard's buttons.
exec "$(dirname "${BASH_SOURCE[0]}")/run-cli.sh" restore "$@"
