#!/usr/bin/env bash
# Set up a virtual environment and run every check: lint, types, and the test suite.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

# The browser tests drive Debian's Chromium (never a downloaded browser); the replica test
# (tests/test_replicas.py) runs Debian's nginx and redis-server.
if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/bin/redis-server ]; } \
  && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium, nginx and redis-server for the browser and replica tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx redis-server >/dev/null
  # The tests start their own nginx and redis on free loopback ports; stop any the packages started.
  nginx -s quit 2>/dev/null || true
  redis-cli shutdown nosave 2>/dev/null || true
fi

# axe-core, the accessibility checker the browser tests inject into pages: npm's package,
# installed once into the virtual environment's folder.
if [ ! -f .venv/npm/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  npm install --silent --no-audit --no-fund --prefix .venv/npm axe-core@4 >/dev/null
fi

echo "== ruff"
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
