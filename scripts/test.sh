#!/usr/bin/env bash
# Installs everything the tests need (Python packages, headless Chromium for browser tests) and runs
# ruff and pytest. Used by README's test command and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "warning: chromium/chromedriver missing and cannot be installed; browser tests will fail" >&2
  fi
fi
python3 -m pip install -q -e ".[test]"
python3 -m ruff check tracker dashboards tests benchmarks scripts
python3 -m pytest -p no:cacheprovider -n 2 --webdriver Chrome --headless "$@"
