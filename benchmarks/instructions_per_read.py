"""Instructions per read by input kind, counted by valgrind's callgrind (issue 14): a figure a noisy machine cannot move.

Run: ``python benchmarks/instructions_per_read.py [--kinds txt,md,html,pdf] [--rounds 3] [--tree DIR ...]``.

Reports per second per core move by ±20 % from one run to the next on a shared 2-core machine, more than most
changes to the readers; the machine instructions a read executes do not (±0.5 %). For each kind, the corpus files
of that kind (as ``bench_import.py`` picks them) are read once, then ``--rounds`` times round robin, in a Python
process under callgrind; the same process with no rounds is counted too, and the difference divided by the reads is
the figure (start-up, imports and the warm-up cancel out). Each ``--tree`` is a checkout to count (default: this
one), e.g. a ``git worktree`` of the base of a change: its package is put first on the path, so two trees give a
before/after in instructions. The modules are compiled before counting (the first run after an edit would count
the compiler), and ``PYTHONHASHSEED`` is fixed (set and dict orders change the work of some caches).

Needs ``valgrind`` (Debian: ``apt-get install valgrind``); a run takes about a minute per kind and tree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _child(tree: Path, corpus: Path, kind: str, rounds: int) -> None:
    """Read the corpus files of ``kind`` once, then ``rounds`` times (the process callgrind counts)."""
    sys.path.insert(0, str(tree))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_import import corpus_files

    import govinfo_widgets

    if not Path(govinfo_widgets.__file__).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the package imported is not {tree}'s: {govinfo_widgets.__file__}")
    from govinfo_widgets.io import read_report

    data = [f.read_bytes() for f in corpus_files(corpus)[kind]]
    for d in data:
        read_report(d)
    for _ in range(rounds):
        for d in data:
            read_report(d)


def _count(tree: Path, corpus: Path, kind: str, rounds: int, *, counted: bool = True) -> int:
    """Instructions callgrind counts in one child process (``counted=False``: the child run plainly, 0 returned)."""
    child = [sys.executable, __file__, "--child", kind, str(rounds), "--tree", str(tree), "--corpus", str(corpus)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if not counted:
        subprocess.run(child, check=True, env=env)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *child]
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        m = re.search(r"^summary: (\d+)$", out.read_text("utf-8", "replace"), re.M)
        if not m:
            raise SystemExit(f"no summary in callgrind's output for {kind} ({tree})")
        return int(m.group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kinds", default="txt,md,html,pdf")
    ap.add_argument("--rounds", type=int, default=3, help="reads of each file counted (default 3)")
    ap.add_argument("--tree", type=Path, action="append", help="a checkout to count (repeatable; default this one)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "ROUNDS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    trees = args.tree or [ROOT]
    if args.child:
        _child(trees[0], args.corpus, args.child[0], int(args.child[1]))
        return 0
    if not shutil.which("valgrind"):
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_import import corpus_files

    files = corpus_files(args.corpus)
    print(f"{'kind':<6}{'files':>6}{'reads':>7}  {'instructions per read':>22}  tree")
    for kind in args.kinds.split(","):
        n = len(files.get(kind, []))
        if not n:
            continue
        for tree in trees:
            _count(tree, args.corpus, kind, 0, counted=False)  # the tree's modules compiled before counting
            per_read = (_count(tree, args.corpus, kind, args.rounds) - _count(tree, args.corpus, kind, 0)) / (
                args.rounds * n
            )
            print(f"{kind:<6}{n:>6}{args.rounds * n:>7}  {per_read / 1e6:>20.2f} M  {tree}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
