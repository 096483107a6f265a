# Create .venv (with uv, which installs this stack ~10x faster than pip) and install the project.
# Sourced by scripts/test.sh and scripts/start.sh; sets $PY to the venv's python.
# Installed once per pyproject.toml (its hash in .venv/.installed): the package is installed editable, so a
# changed module needs no reinstall, and asking the package index again costs ~8 s of every start.sh and test.sh.
stamp="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.installed 2>/dev/null)" != "$stamp" ]; then
  if ! python3 -m uv --version >/dev/null 2>&1; then python3 -m pip install -q uv; fi
  [ -x .venv/bin/python ] || python3 -m uv venv -q --python python3 .venv
  python3 -m uv pip install -q --python .venv/bin/python -e ".[test,ocr]"
  echo "$stamp" > .venv/.installed
fi
PY="$PWD/.venv/bin/python"
# Compiled modules (.pyc) are cached in .venv/pycache, also where PYTHONDONTWRITEBYTECODE is set (as on our CI
# machines): otherwise every kernel, server, test worker and subprocess compiles pandas, plotly and Jupyter from
# source again, which doubles their start-up. Nothing is written into the checkout.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="$PWD/.venv/pycache"
