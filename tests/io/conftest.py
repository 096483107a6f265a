"""Print the corpus accuracy table at the end of a run that included tests/io/test_corpus.py."""

from __future__ import annotations

from .accuracy import table


def pytest_terminal_summary(terminalreporter):
    lines = table()
    if lines:
        terminalreporter.section("corpus accuracy (cells right / total)")
        for line in lines:
            terminalreporter.write_line(line)
