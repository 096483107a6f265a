#!/usr/bin/env bash
# Install the project into .venv and open the drafting notebook in JupyterLab.
# `bash scripts/start.sh voila` opens the Voila app instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
if [ "${1:-lab}" = "voila" ]; then
  exec "$PY" -m voila notebooks/01_draft_report.ipynb "${@:2}"
fi
exec "$PY" -m jupyter lab notebooks/01_draft_report.ipynb "${@:2}"
