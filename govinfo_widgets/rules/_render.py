"""The one renderer of rule messages: the catalogue's templates (``messages.json``) filled, zh and en."""

from __future__ import annotations

import math

from ._compile import messages


def fmt(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".")


def render(rule_id: str, **params) -> tuple[str, str]:
    """The Chinese and English message for a rule (templates in ``messages.json``)."""
    cat = messages()
    key = rule_id if rule_id in cat else rule_id.split("-unreadable")[0]
    t = cat[key]
    p = {
        "where": "",
        "lhs": "",
        "rhs": "",
        "diff": "",
        "cell": "",
        "value": "",
        "expected": "",
        "detail": "",
        "n": "",
        **params,
    }
    p.setdefault("detail_en", p["detail"])
    p.setdefault("expected_en", p["expected"])
    zh = t["zh"].format(**p)
    en = t["en"].format(**{**p, "where": p.get("where_en", p["where"]), "cell": p.get("cell_en", p["cell"])})
    return zh, en


def not_assessable(rule_id: str, detail: str, detail_en: str) -> tuple[str, str]:
    t = messages()[rule_id]
    return render("NOT_ASSESSABLE", title=t["title"], title_en=t["title_en"], detail=detail, detail_en=detail_en)


def short(form, address: str) -> str:
    prefix = "上年" if address.startswith("prev:") else ""
    a = address.removeprefix("prev:")
    try:
        return prefix + form.cell(a).describe()
    except KeyError:
        return address
