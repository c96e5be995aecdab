#!/usr/bin/env bash
# Every accuracy figure on the development sets in ../shared, in one table written into
# docs/EVALUATION.md; --check compares with scripts/accuracy_baseline.json. Options: --help.
set -euo pipefail
exec "${PYTHON:-python3}" "$(dirname "$0")/evaluate.py" "$@"
