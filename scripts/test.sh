#!/usr/bin/env bash
# Install everything the tests need, then check the style and run the tests: Debian's chromium and CJK fonts
# (browser tests) and LibreOffice Calc (the Excel test), a virtualenv in .venv with the package and its test
# extra, `ruff check` and `ruff format --check`, then pytest on every core (pytest-xdist).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"` or `bash scripts/test.sh tests/io`.
# The real-corpus tests run when the corpus is at ../shared/corpus beside this clone (or $GOVINFO_CORPUS);
# without it they are skipped, unless GOVINFO_REQUIRE_CORPUS=1 (CI), which makes its absence a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk" || ! command -v soffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    # LibreOffice recomputes the Excel export's formulas in one test (a real spreadsheet, not our arithmetic)
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
  else
    echo "browser tests need Debian's chromium and fonts-noto-cjk, the Excel test LibreOffice:" \
         "sudo apt-get install chromium fonts-noto-cjk libreoffice-calc-nogui" >&2
  fi
fi
corpus="${GOVINFO_CORPUS:-../shared/corpus}"
if [ ! -f "$corpus/manifest.jsonl" ]; then
  if [ "${GOVINFO_REQUIRE_CORPUS:-0}" != 0 ]; then
    echo "GOVINFO_REQUIRE_CORPUS=1 but the real corpus is missing at $corpus: the corpus tests will fail" >&2
  else
    echo "no real corpus at $corpus (../shared/corpus beside this clone, or set GOVINFO_CORPUS):" \
         "the corpus tests are skipped; everything else runs on data generated from data/reports" >&2
  fi
fi
source scripts/_venv.sh
status=0
"$PY" -m ruff check . || status=1
"$PY" -m ruff format --check . >/dev/null || { echo "ruff format --check: files need formatting (run: $PY -m ruff format .)" >&2; status=1; }
"$PY" -m pytest -n auto --dist loadgroup "$@" || status=$?
exit "$status"
