"""Turn the hand-read corpus truth (../shared/corpus) into Report JSONs in data/reports.

Run from the repository root: ``python scripts/build_data.py [CORPUS_DIR]``. Only published
figures and provenance are copied; no report prose.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from govinfo_widgets.model import Cell, Report, ReportMeta

# Who each report is by: kind (人民政府 or 部门), level and region. Read from the report titles.
BODIES = {
    "攀枝花市东区民政局": ("department", "county", "四川省攀枝花市东区"),
    "上海市人民政府办公厅": ("government", "provincial", "上海市"),  # the office reports for the municipal government
    "淮安市人民政府": ("government", "municipal", "江苏省淮安市"),
    "淮安市洪泽区人民政府": ("government", "county", "江苏省淮安市洪泽区"),
    "上海市科学技术委员会": ("department", "provincial", "上海市"),
    "沭阳县人民政府": ("government", "county", "江苏省宿迁市沭阳县"),
    "沭阳县发展和改革局": ("department", "county", "江苏省宿迁市沭阳县"),
    "平潭综合实验区": ("government", "municipal", "福建省平潭综合实验区"),
    "测试市": (None, None, None),
    "宿迁市人民政府": ("government", "municipal", "江苏省宿迁市"),
    "上海市黄浦区人民政府打浦桥街道办事处": ("government", "township", "上海市黄浦区"),
}


def clean_agency(name: str) -> str:
    return re.sub(r"（.*?）$", "", name).strip()


def build(corpus: Path, out: Path) -> list[str]:
    manifest = {
        json.loads(l)["id"]: json.loads(l)
        for l in (corpus / "manifest.jsonl").read_text("utf-8").splitlines()
        if l.strip()
    }
    written = []
    for path in sorted((corpus / "truth").glob("*.cells.json")):
        truth = json.loads(path.read_text("utf-8"))
        if truth["form"] not in ("gov_2021", "gov_2019"):
            continue  # pre-2019 legacy layout: not mapped onto the national keys (spec §1.1)
        m = manifest[truth["id"]]
        agency = clean_agency(m["agency"])
        kind, level, region = BODIES[agency]
        meta = ReportMeta(
            agency=agency,
            year=truth["year"],
            form=truth["form"],
            id=truth["id"],
            kind=kind,
            level=level,
            region=region,
            source={
                "agency_as_recorded": m["agency"],
                "url": m.get("source_url"),
                "repository": m.get("source_repo"),
                "path": m.get("source_path"),
                "completeness": truth["completeness"],
                "method": "figures hand-read from the published table (corpus truth), null = blank in the source",
            },
        )
        r = Report(meta)
        form = r.form
        cells = {}
        for addr, v in truth["cells"].items():
            if v is None:
                status = "blank_missing" if form.cell(addr).computed else "blank_zero"
                cells[addr] = Cell(None, status, raw="", source="hand-read")
            else:
                cells[addr] = Cell(v, "parsed", raw=str(v), source="hand-read")
        r = r.with_cells(cells)
        target = out / f"{truth['id']}.json"
        r.to_json(target)
        written.append(target.name)
    return written


if __name__ == "__main__":
    corpus = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    )
    names = build(corpus.resolve(), Path("data/reports"))
    print(f"wrote {len(names)} reports: {' '.join(names)}")
