"""``import govinfo_widgets`` loads nothing heavy; the editor draws without pandas, plotly or the PDF/Word readers."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "plotly", "pyarrow", "pdfplumber", "pdfminer", "pypdfium2", "docx", "lxml", "distributed")


def _modules(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_loads_no_heavy_module():
    mods = _modules("import govinfo_widgets")
    assert not [m for m in HEAVY if m in mods]
    assert "govinfo_widgets.model" not in mods  # names load on first use


def test_the_editor_draws_and_checks_without_pandas():
    mods = _modules(
        "from govinfo_widgets.widgets import ReportEditor\n"
        "from govinfo_widgets import load_example, evaluate\n"
        "ed = ReportEditor(load_example('002'))\n"
        "assert len(evaluate(load_example('002')).records) >= 0\n"
    )
    assert not [m for m in HEAVY if m in mods]


def test_lazy_names_resolve():
    import govinfo_widgets as g

    assert g.Report is __import__("govinfo_widgets.model", fromlist=["Report"]).Report
    assert callable(g.audit) and "audit" in dir(g)
