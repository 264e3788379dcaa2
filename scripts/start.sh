#!/usr/bin/env bash
# Installs nailup's packages if needed, then runs every role with the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
npm run --silent build:web >/dev/null
exec node --import tsx src/main.ts start --demo "$@"
