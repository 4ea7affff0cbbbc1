#!/usr/bin/env bash
# Runs ops/cli/<name>.ts (or another script, given relative to ops/cli) for the operator scripts
# beside this file and the npm scripts: one entry that works on a fresh install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="$1"
shift
# Paths you name are taken from where you are; everything else runs from the project.
args=()
for arg in "$@"; do
  if [[ "$arg" != -* && -e "$arg" ]]; then arg="$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")"; fi
  args+=("$arg")
done
cd "$ROOT"
# Cron starts with an empty environment: settings may live in .env (never committed).
if [ -f .env ]; then set -a; . ./.env; set +a; fi
# `npm ci` generates the Prisma client (postinstall); an install that skipped
# scripts (--ignore-scripts) has none yet, so make it here, offline.
if [ ! -f lib/generated/prisma/client.ts ]; then npm run -s db:generate >&2; fi
# node itself runs the script (tsx as a loader, not a wrapper process): the PID
# cron or an operator sees is the worker, so killing it stops the work.
exec node --import tsx "ops/cli/$cli.ts" "${args[@]+"${args[@]}"}"
