#!/usr/bin/env bash
# Install everything the tests need, then run them: Debian's chromium and CJK fonts (browser
# tests), a virtualenv in .venv with the package and its test extra, then pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "browser tests need Debian's chromium and fonts-noto-cjk: sudo apt-get install chromium fonts-noto-cjk" >&2
  fi
fi
corpus="${GOVINFO_CORPUS:-../shared/corpus}"
if [ ! -f "$corpus/manifest.jsonl" ]; then
  echo "the reader tests need the real corpus at $corpus (../shared/corpus beside this clone, or set GOVINFO_CORPUS);" \
       "without it they fail" >&2
fi
source scripts/_venv.sh
"$PY" -m pytest "$@"
