"""Read one untrusted file in a killable child process with a memory ceiling and a wall-clock limit.

The readers bound what they can while parsing (stream sizes, pages, characters, a deadline between
steps), but a C library (PDFium, libxml2, zlib) cannot be interrupted inside one call. So the
batch importer and ``govinfo parse`` read each file in a child process: what it adds to its address
space is capped at ``LIMITS.max_memory_bytes`` and it is killed after ``LIMITS.max_seconds``. A child that dies or
is killed costs only that file, which is reported with the reason.

A single-threaded caller forks a child per file (milliseconds; the child inherits the imports);
a caller with threads (a Dask worker) keeps one long-lived reader process per thread and talks to
it over pipes, since forking a threaded process is unsafe.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..errors import GovinfoError
from ..limits import LIMITS, LimitExceeded


class ReaderDiedError(GovinfoError):
    """The child process reading a file died (a crash in a C library, or the system's OOM killer)."""

    def __init__(self, code: int | None):
        sig = -code if code is not None and code < 0 else None
        name = signal.Signals(sig).name if sig and sig in signal.Signals._value2member_map_ else str(code)
        super().__init__(
            f"读取进程意外终止（{name}），可能超出内存上限或文件已损坏",
            f"the reading process died ({name}): the file may exceed the memory ceiling or be damaged",
        )


def _address_space() -> int:
    """This process's address space in bytes now (Linux ``/proc``; 0 where unknown)."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _limit_memory() -> None:
    """Cap what reading may add to this process's address space at ``LIMITS.max_memory_bytes``.

    A forked child starts with its parent's whole address space (a test runner or a notebook kernel can
    hold a gigabyte of mappings), so the cap is set above what the process already holds; otherwise a
    child of a large parent fails its first allocation however small the file.
    """
    try:
        import resource

        cap = _address_space() + LIMITS.max_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or a lower hard limit
        pass


def _read(path: str) -> dict:
    """Read a published file into ``{"ok": True, "report": <report dict>}`` or the failure; never raises."""
    from . import read_report

    try:
        report = read_report(Path(path))
        return {"ok": True, "report": report.to_dict()}
    except MemoryError:
        e = LimitExceeded("max_memory_bytes")
        return {"ok": False, "error": "LimitExceeded", "zh": e.zh, "en": e.en}
    except GovinfoError as e:
        return {"ok": False, "error": type(e).__name__, "zh": e.zh, "en": e.en}
    except Exception as e:  # noqa: BLE001 - one bad file never stops the batch; the reason is reported
        return {"ok": False, "error": type(e).__name__, "zh": f"内部错误：{e}", "en": f"internal error: {e}"}


def _failure(e: GovinfoError) -> dict:
    return {"ok": False, "error": type(e).__name__, "zh": e.zh, "en": e.en}


def _wait(fd: int, deadline: float) -> bytes | None:
    """Everything written to ``fd`` until it is closed, or None when the ``time.monotonic()`` deadline passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _forked(path: str, seconds: float) -> dict:
    r, w = os.pipe()
    # the time runs from the fork: a parent not scheduled until after the deadline still refuses a late answer
    deadline = time.monotonic() + seconds
    pid = os.fork()
    if pid == 0:  # the child: cap memory, read, write the answer, leave without cleanup
        code = 0
        try:
            os.close(r)
            _limit_memory()
            data = json.dumps(_read(path), ensure_ascii=False).encode("utf-8")
            with os.fdopen(w, "wb") as f:
                f.write(data)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    try:
        data = _wait(r, deadline)
    finally:
        os.close(r)
    if data is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return _failure(LimitExceeded("max_seconds", seconds))
    _, status = os.waitpid(pid, 0)
    if not data:
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        return _failure(ReaderDiedError(code))
    return json.loads(data)


class _Server:
    """A long-lived reader process: one JSON line in (a path), one JSON line out (the answer)."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "govinfo_widgets.io._guard"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.buf = b""

    def ask(self, path: str, seconds: float) -> dict:
        self.proc.stdin.write(json.dumps({"path": path}).encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + seconds
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                self.kill()
                return _failure(LimitExceeded("max_seconds", seconds))
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                code = self.proc.wait()
                return _failure(ReaderDiedError(code))
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None


_local = threading.local()
#: Seconds a long-lived reader process gets to start (imports) on top of the per-file limit.
STARTUP_SECONDS = 30.0


def read_limited(path: str | Path, *, seconds: float | None = None, reuse: bool = False) -> dict:
    """Read a published file in a killable child with the memory ceiling; never raises.

    Returns ``{"ok": True, "report": dict}`` (:meth:`Report.to_dict`) or ``{"ok": False, "error",
    "zh", "en"}`` — a child killed for time gives ``LimitExceeded`` (``max_seconds``), a child that
    dies gives ``ReaderDiedError``. ``reuse=True`` (batches) always uses the long-lived reader process of
    this thread, which reads a file ~3x faster than a fresh fork once started.

    Examples
    --------
    >>> read_limited("/nonexistent.pdf")["ok"]
    False
    """
    seconds = LIMITS.max_seconds if seconds is None else seconds
    path = str(path)
    if not reuse and threading.active_count() == 1 and hasattr(os, "fork"):
        return _forked(path, seconds)
    server = getattr(_local, "server", None)
    first = server is None or not server.alive
    if first:
        server = _local.server = _Server()
    answer = server.ask(path, seconds + (STARTUP_SECONDS if first else 0.0))
    if not server.alive:
        _local.server = None
    return answer


def close_reader() -> None:
    """Stop this thread's long-lived reader process, if any (it also ends by itself with its parent)."""
    server = getattr(_local, "server", None)
    if server is not None:
        server.proc.stdin.close()
        try:
            server.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
        _local.server = None


def _serve() -> None:  # pragma: no cover - runs in the child process
    _limit_memory()
    from . import read_report  # noqa: F401 - import the readers once, before the first file

    # the modules' objects (~10^5) moved out of the collector's sight: a full collection (every ~90 reads) then
    # walks only what the reads made, not every import again
    gc.freeze()
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        answer = _read(json.loads(line)["path"])
        out.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
        out.flush()


if __name__ == "__main__":  # pragma: no cover
    _serve()
