#!/usr/bin/env bash
# Installs everything the tests need (the project with its test extra, which includes the dashboard and
# dask extras, and Debian's chromium and chromium-driver for the browser tests) and runs ruff, the unit
# tests (two processes), the accuracy ratchet (scripts/evaluate.py --check, when ../shared is present)
# and the browser tests (headless Chromium, one process). Used by README's test command and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "error: chromium and chromium-driver are needed for the browser tests (apt-get install chromium chromium-driver)" >&2
    exit 1
  fi
fi
"$PYTHON" -m pip install -q -e ".[test]"
"$PYTHON" -m ruff check tracker dashboards tests benchmarks scripts
"$PYTHON" -m ruff format --check -q tracker dashboards tests benchmarks scripts
"$PYTHON" -m mypy tracker
status=0
"$PYTHON" -m pytest -p no:cacheprovider -n 2 -m "not e2e" "$@" || status=$?
# The accuracy ratchet: every dev-set figure against scripts/accuracy_baseline.json (about ten seconds).
if [ -d ../shared ]; then
  "$PYTHON" scripts/evaluate.py --check --no-doc || status=$?
else
  echo "accuracy ratchet skipped: ../shared is absent (the dev sets live there)"
fi
"$PYTHON" -m pytest -p no:cacheprovider -m e2e --webdriver Chrome --headless "$@" || status=$?
exit $status
