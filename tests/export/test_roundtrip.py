"""Read-back: every bundled real report exported to DOCX, HTML and Markdown reads back, cell by cell, to the same numbers."""

from __future__ import annotations

import math

import pytest

from govinfo_widgets import load_examples
from govinfo_widgets.export import to_docx, to_html, to_markdown

EXAMPLES = {r.meta.id: r for r in load_examples()}
ZERO_STATUSES = {"blank_zero", "not_applicable"}


def expected_value(report, address, blanks):
    """What the export promises for a cell: its value; 0 for a blank leaf (blanks="zero"); else nothing."""
    c = report.cells.get(address)
    if c is None:
        return None
    if c.value is not None:
        # Spec §8: decimals (the 万元 fee) are exported with at most 4 decimal places.
        return round(c.value, 4) if report.form.cell(address).dtype == "decimal" else c.value
    if c.status in ZERO_STATUSES and blanks == "zero":
        return 0
    return None


def mismatches(original, read, blanks):
    bad = []
    for address in original.layout:
        want = expected_value(original, address, blanks)
        got = read.value(address) if read.form.has_cell(address) else "<no such cell>"
        if want is None:
            if got is not None:
                bad.append((address, want, got))
        elif got is None or isinstance(got, str) or not math.isclose(float(got), float(want), abs_tol=1e-9):
            bad.append((address, want, got))
    return bad


def export(report, kind, blanks, tmp_path):
    if kind == "html":
        return to_html(report, blanks=blanks)
    if kind == "md":
        return to_markdown(report, blanks=blanks)
    return to_docx(report, tmp_path / f"{report.meta.id}.docx", blanks=blanks)


@pytest.mark.parametrize("kind", ["html", "docx", "md"])
@pytest.mark.parametrize("rid", sorted(EXAMPLES))
def test_export_reads_back_to_the_same_numbers(rid, kind, tmp_path):
    from govinfo_widgets.io import read_report

    original = EXAMPLES[rid]
    read = read_report(export(original, kind, "zero", tmp_path))
    assert read.meta.form == original.meta.form
    assert read.collapsed == original.collapsed
    assert read.meta.year == original.meta.year
    assert read.meta.agency == original.meta.agency
    assert mismatches(original, read, "zero") == []


@pytest.mark.parametrize("kind", ["html", "docx"])
@pytest.mark.parametrize("rid", ["001", "002", "003"])
def test_mirrored_blanks_read_back_blank(rid, kind, tmp_path):
    """With blanks="blank" the blank leaves stay blank, and read back as blank (0 in arithmetic), not as values."""
    from govinfo_widgets.io import read_report

    original = EXAMPLES[rid]
    read = read_report(export(original, kind, "blank", tmp_path))
    assert mismatches(original, read, "blank") == []
    blank_leaves = [a for a, c in original.cells.items() if c.status == "blank_zero"]
    for a in blank_leaves:
        assert read.number(a) == 0, a


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_narrative_reads_back(kind, tmp_path):
    """Section text (markup and all, escaped on the way out) comes back paragraph by paragraph."""
    from govinfo_widgets.export._layout import paragraphs
    from govinfo_widgets.io import read_report

    from .conftest import HOSTILE, SECTIONS

    original = EXAMPLES["002"].with_sections(**SECTIONS)
    read = read_report(export(original, kind, "zero", tmp_path))
    for key in ("s1_overview", "s5_problems"):
        assert paragraphs(read.sections.get(key)) == paragraphs(original.sections[key]), key
    assert paragraphs(read.sections.get("s5_problems"))[0].endswith(HOSTILE)
    assert paragraphs(read.sections.get("s6_other"))[0] == SECTIONS["s6_other"]


@pytest.mark.parametrize("kind", ["html", "docx", "md"])
@pytest.mark.parametrize("blanks", ["zero", "blank"])
def test_missing_and_not_applicable_cells_read_back_as_such(kind, blanks, tmp_path):
    """A missing total comes back missing (never 0); a mirrored "-" comes back not-applicable."""
    from govinfo_widgets import Cell
    from govinfo_widgets.io import read_report

    original = (
        EXAMPLES["002"]
        .without_cells(["t3.new_received.total", "t4.review_total"])
        .with_values({"t3.carried_over.total": None, "t3.granted.other_org": None})
        .with_cells(
            {
                "t3.granted.legal_service_org": Cell(None, "not_applicable", raw="-"),
                "t3.denied_state_secret.natural_person": Cell(None, "unreadable", raw="1O"),
            }
        )
    )
    read = read_report(export(original, kind, blanks, tmp_path))
    assert mismatches(original, read, blanks) == []
    for a in ("t3.new_received.total", "t4.review_total", "t3.carried_over.total"):
        assert read.cells[a].missing, a
    na = read.cells["t3.granted.legal_service_org"]
    assert (na.value, na.status) == ((0, "parsed") if blanks == "zero" else (None, "not_applicable"))
