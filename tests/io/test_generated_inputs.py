"""What the corpus tests check on real files, checked again on generated ones (``tests/layouts``): encodings,
traditional characters, sniffing, damaged files, ``govinfo parse`` / ``govinfo import``. Needs nothing outside
the repository.
"""

from __future__ import annotations

import json

import pytest

from govinfo_widgets import Report, load_example
from govinfo_widgets.cli import main
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.errors import GovinfoError
from govinfo_widgets.io import read_report, sniff_kind
from govinfo_widgets.io.pdf import PdfError
from tests.layouts import figures, render, render_pdf
from tests.layouts.variants import to_traditional as _to_traditional

from .test_corpus import compare


@pytest.mark.parametrize("rid", ["001", "011", "015"])
def test_gbk_page_declared_in_its_meta_is_decoded(rid):
    r = load_example(rid)
    page = render(r, "html", "word").replace("charset=utf-8", "charset=gb2312").encode("gbk")
    got = read_report(page)
    assert (got.meta.agency, got.meta.year) == (r.meta.agency, r.meta.year)
    assert compare(got, figures(r)) == []


@pytest.mark.parametrize("rid", ["002", "009"])
def test_utf16_page_and_gb18030_text(rid):
    r = load_example(rid)
    assert compare(read_report(render(r, "html", "plain").encode("utf-16")), figures(r)) == []
    assert compare(read_report(render(r, "tsv", "plain").encode("gb18030"), kind="txt"), figures(r)) == []


@pytest.mark.parametrize("rid", ["001", "011", "015"])
def test_traditional_character_mirror_reads_to_the_same_numbers(rid):
    r = load_example(rid)
    got = read_report(_to_traditional(render(r, "html", "nested")))
    assert (got.meta.year, got.meta.form) == (r.meta.year, r.meta.form)
    assert compare(got, figures(r)) == []


@pytest.mark.parametrize(
    ("kind", "style", "sniffed"), [("html", "word", "html"), ("md", "plain", "md"), ("docx", "plain", "docx")]
)
def test_generated_inputs_are_sniffed_by_their_content(kind, style, sniffed):
    data = render(load_example("002"), kind, style)
    data = data if isinstance(data, bytes) else data.encode("utf-8")
    assert sniff_kind(data) == sniffed
    assert sniff_kind(data, "x.txt") == sniffed  # content first, the name only when content says nothing


@pytest.mark.browser
def test_printed_pdf_is_sniffed_and_a_damaged_one_is_a_clear_error(browser):
    pdf = render_pdf(load_example("002"), browser)
    assert sniff_kind(pdf) == "pdf"
    assert read_report(pdf).meta.source["kind"] == "pdf"
    for cut in (0.1, 0.5, 0.9):
        with pytest.raises(PdfError):
            read_report(pdf[: int(len(pdf) * cut)])
    with pytest.raises(GovinfoError):
        read_report(b"%PDF-1.4\n not really a pdf")


def test_parse_json_is_the_report_json_with_flat_cells(capsys, tmp_path):
    r = load_example("012")
    page = tmp_path / "012.html"
    page.write_text(render(r, "html", "nested"), "utf-8")
    assert main(["parse", str(page), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "govinfo-report" and data["meta"]["year"] == r.meta.year
    assert data["cells"] == figures(r)
    assert data["provenance"]["t3.new_received.total"]["source"].startswith("html table")
    assert Report.from_dict(data).value("t2.art20_1.normative_docs.in_force") == r.value(
        "t2.art20_1.normative_docs.in_force"
    )


def test_parse_prints_the_figures_in_both_languages(capsys, tmp_path):
    r = load_example("001")
    page = tmp_path / "001.html"
    page.write_text(render(r, "html", "thead"), "utf-8")
    assert main(["parse", str(page), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"Agency: {r.meta.agency}" in out and "Table 4" in out
    assert main(["parse", str(page)]) == 0
    assert r.meta.agency in capsys.readouterr().out


def test_import_a_folder_of_every_kind_with_bad_files_in_it(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    made = {
        "001.html": ("001", "html", "word"),
        "011.md": ("011", "md", "plain"),
        "sub/000.txt": ("000", "tsv", "plain"),
        "013.docx": ("013", "docx", "plain"),
        "009.txt": ("009", "layout", "thousands"),
    }
    for name, (rid, kind, style) in made.items():
        data = render(load_example(rid), kind, style)
        (src / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (src / "readme.txt").write_text("这不是年报。", "utf-8")
    out = tmp_path / "out"
    code = main(["import", str(src), "-o", str(out), "-j", "2"])
    printed = capsys.readouterr().out
    assert code == 1  # some files failed, the others were imported
    assert f"成功导入 {len(made)} 个" in printed
    assert "broken.docx" in printed and "readme.txt" in printed
    failures = json.loads((out / "failures.json").read_text("utf-8"))
    assert {f["error"] for f in failures} == {"DocxReadError", "NotAReportError"}
    df = Corpus.open_dataset(out).frame()  # the partitioned dataset cells/year=…/
    assert len(df) == sum(len(load_example(rid).cells) for rid, _, _ in made.values())
    reports = {p.stem.rsplit("-", 1)[0]: p for p in (out / "reports").iterdir()}  # relative path + short hash
    ids = {rid.rsplit("-", 1)[0]: rid for rid in set(df.report_id)}
    for name, (rid, _, _) in made.items():
        stem = name.replace("/", "__")
        assert compare(Report.from_json(reports[stem]), figures(load_example(rid))) == [], name
        assert set(df[df.report_id == ids[stem]].address) == set(load_example(rid).cells), name
