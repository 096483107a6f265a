#!/usr/bin/env bash
# Install the project into .venv and open the drafting notebook in JupyterLab.
# `bash scripts/start.sh voila` opens the Voila app instead. Further arguments go to JupyterLab / Voila,
# e.g. `bash scripts/start.sh --no-browser --port=8890`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
mode=lab
if [ "${1:-}" = voila ] || [ "${1:-}" = lab ]; then mode=$1; shift; fi
if [ "$mode" = voila ]; then
  # A preheated kernel (Voila's kernel pool) has already run the notebook when the page is opened.
  # Only the browser extensions the app needs are loaded (govinfo_widgets/app.py).
  exec "$PY" -m govinfo_widgets.app "$@"
fi
# JupyterLab refuses to run as root unless told (containers, CI machines).
root_flag=()
[ "$(id -u)" = 0 ] && root_flag=(--allow-root)
# The repository is Lab's root (data/, docs/ and every notebook in the file browser), as on Binder.
exec "$PY" -m jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/01_draft_report.ipynb \
  notebooks/01_draft_report.ipynb "${root_flag[@]}" "$@"
