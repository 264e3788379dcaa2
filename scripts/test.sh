#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, then runs every check and every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: PostgreSQL 15 for the store and cluster tests (they start a throwaway cluster themselves),
# Chromium for the browser tests and openssl for the TLS tests.
packages=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || packages+=(postgresql)
# nats-server for the cluster tests (they start a throwaway one themselves, like PostgreSQL).
[ -x /usr/sbin/nats-server ] || packages+=(nats-server)
command -v chromium >/dev/null || packages+=(chromium)
# openssl makes the throwaway certificate of the TLS tests.
command -v openssl >/dev/null || packages+=(openssl)
if [ ${#packages[@]} -gt 0 ]; then
  echo "installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi

source scripts/ensure-deps.sh
npm run build:web

echo "== type check"; npx tsc -p tsconfig.json --noEmit
echo "== lint"; npx eslint .
echo "== tests"
shopt -s globstar nullglob
node --import tsx --test --test-reporter=spec --test-concurrency=2 test/**/*.test.ts
