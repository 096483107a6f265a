"""The drafting app: the drafting notebook served by a standalone Voila whose kernel pool has already run it.

``python -m govinfo_widgets.app [VOILA OPTIONS…]`` is what ``bash scripts/start.sh voila`` and Binder's app
link (``binder/start``) run, from the repository root; the benchmark (``benchmarks/bench_app_open.py``) and
the browser tests serve the app with the same :data:`ARGS`.

>>> "--VoilaConfiguration.preheat_kernel=True" in ARGS
True
>>> command()[1:4]
['-m', 'voila', 'notebooks/01_draft_report.ipynb']
"""

from __future__ import annotations

import os
import sys

#: The drafting notebook, relative to the repository root.
NOTEBOOK = "notebooks/01_draft_report.ipynb"

#: The browser extensions the app's page loads: ipywidgets' manager, Voila's manager for ipywidgets 8 and
#: anywidget (the form tables). Everything else installed (Plotly's 4.8 MB bundle, code highlighting, the
#: server proxy's launcher) is for the notebooks in JupyterLab; loading it cost every opening of the app
#: ~0.4 s (benchmarks/bench_app_open.py).
EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8", "anywidget"]

#: Voila's options for the app: a pool of one kernel that runs the notebook before the page asks for it
#: (only a standalone Voila has the pool), and only :data:`EXTENSIONS` in the page.
ARGS = [
    "--VoilaConfiguration.preheat_kernel=True",
    "--VoilaConfiguration.default_pool_size=1",
    f"--VoilaConfiguration.extension_allowlist={EXTENSIONS!r}",
]


def command(notebook: str = NOTEBOOK, *options: str) -> list[str]:
    """The command line that serves ``notebook`` as the app, with further Voila ``options``."""
    return [sys.executable, "-m", "voila", str(notebook), *ARGS, *options]


def main(argv: list[str] | None = None) -> None:
    """Replace this process with Voila serving the app (run from the repository root)."""
    options = sys.argv[1:] if argv is None else argv
    if not os.path.exists(NOTEBOOK):
        sys.exit(f"{NOTEBOOK} not found: run from the repository root (bash scripts/start.sh voila)")
    cmd = command(NOTEBOOK, *options)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
