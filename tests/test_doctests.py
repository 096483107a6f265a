"""The docstring examples of the package (the public API's, wherever the function is defined) run on the
bundled data and pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import govinfo_widgets


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [t for t in doctest.DocTestFinder(exclude_empty=True).find(module, name) if t.examples]


def _modules() -> list[str]:
    names = ["govinfo_widgets"]
    names += [
        info.name
        for info in pkgutil.walk_packages(govinfo_widgets.__path__, "govinfo_widgets.")
        if not info.name.endswith("__main__")
    ]
    return sorted(names)


ALL = _modules()
WITH_EXAMPLES = [m for m in ALL if _examples(m)]


def test_public_api_functions_show_an_example():
    """The entry points a user starts from each carry a runnable example."""
    from govinfo_widgets import load_example
    from govinfo_widgets.corpus import Corpus
    from govinfo_widgets.io import read_paste, sniff_kind

    missing = [f.__qualname__ for f in (load_example, Corpus, read_paste, sniff_kind) if ">>>" not in (f.__doc__ or "")]
    assert not missing, f"no example in the docstring of {missing}"
    assert len(WITH_EXAMPLES) >= 8, WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_pass(name):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for t in _examples(name):
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.attempted and result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
