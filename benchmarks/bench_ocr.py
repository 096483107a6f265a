"""OCR accuracy and speed on scans made here: bundled reports printed by Chromium (A4), rasterised at
200 dpi and wrapped as image-only PDFs, read back with ``read_scanned_pdf``; every Table 2–4 cell counted
right / unreadable / wrong against the bundled numbers (the bar is 0 wrong).

    .venv/bin/python benchmarks/bench_ocr.py [REPORT_ID ...]     # default: every full bundled report
"""

from __future__ import annotations

import io
import shutil
import sys
import time

import pypdfium2 as pdfium
from playwright.sync_api import sync_playwright

from govinfo_widgets import load_example, load_examples
from govinfo_widgets.export import to_html
from govinfo_widgets.io.ocr import read_scanned_pdf

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def scan(browser, rid: str, dpi: int = 200) -> bytes:
    page = browser.new_page()
    page.set_content(to_html(load_example(rid)))
    pdf = page.pdf(format="A4")
    page.close()
    doc = pdfium.PdfDocument(pdf)
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def score(truth, read) -> tuple[int, int, int]:
    right = unreadable = wrong = 0
    for addr, cell in truth.cells.items():
        if not addr.startswith(("t2.", "t3.", "t4.")):
            continue
        got = read.cells.get(addr)
        if got is None or got.status == "unreadable":
            unreadable += 1
        elif got.number == round(cell.number, 4):  # the scan shows the 万元 fee to 4 places, as exported
            right += 1
        else:
            wrong += 1
            print(f"  WRONG {addr}: {cell.number} read as {got.number} ({got.raw!r})")
    return right, unreadable, wrong


def main(ids: list[str]) -> None:
    ids = ids or [r.meta.id for r in load_examples() if r.meta.agency != "测试市"]
    total = [0, 0, 0, 0, 0.0]
    print("report  pages  right  unreadable  wrong  s/page")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS, headless=True)
        for rid in ids:
            data = scan(browser, rid)
            t0 = time.perf_counter()
            report = read_scanned_pdf(data)
            dt = time.perf_counter() - t0
            pages = report.extras["ocr"]["pages"]
            r, u, w = score(load_example(rid), report)
            print(f"{rid:>6}  {pages:>5}  {r:>5}  {u:>10}  {w:>5}  {dt / pages:6.1f}")
            for k, v in enumerate((pages, r, u, w, dt)):
                total[k] += v
        browser.close()
    pages, r, u, w, dt = total
    print(f" total  {pages:>5}  {r:>5}  {u:>10}  {w:>5}  {dt / max(pages, 1):6.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
