"""Where the forms come from: the national formats bundled in ``forms/``, and any forms folder named by
``$GOVINFO_FORMS_DIR`` (a form added as a JSON file, no code change: see :func:`forms_folders`)."""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import LegacyFormatError
from ._form import Form, form_error

#: The national formats bundled with the package.
NATIONAL_KEYS = ("gov_2021", "gov_2019")
LEGACY_KEY = "legacy_pre2019"
#: Longest form file read from a forms folder (a form definition is ~40 KB).
MAX_FORM_BYTES = 2_000_000


def forms_folders() -> list[Path]:
    """The forms folders named by ``$GOVINFO_FORMS_DIR`` (several separated by ``os.pathsep``), read at import.

    Every ``<key>.json`` in them is a form like the bundled ones (same fields; ``"inherits"`` may name a
    bundled form); ``"rules_as"`` says which national rule set checks it. A file may not redefine a
    bundled form.
    """
    return [Path(p) for p in (os.environ.get("GOVINFO_FORMS_DIR") or "").split(os.pathsep) if p.strip()]


def _folder_forms() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in forms_folders():
        for p in sorted(folder.glob("*.json")) if folder.is_dir() else ():
            if p.stem in NATIONAL_KEYS or p.stem == LEGACY_KEY:
                raise form_error(p.stem, f"{p} 不能替换内置格式", f"{p} may not replace a bundled form")
            found.setdefault(p.stem, p)
    return found


_EXTRA = _folder_forms()
#: Every form key: the national formats, then the forms found in the forms folders.
FORM_KEYS = (*NATIONAL_KEYS, *sorted(_EXTRA))


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _resolve(spec: dict) -> dict:
    parent = spec.pop("inherits", None)
    if parent is None:
        return spec
    merged = _merge(_load_raw(parent), spec)
    t3 = merged["tables"]["t3"]
    overrides = t3.pop("row_overrides", {})
    drop = set(t3.pop("drop_rows", []))
    t3["rows"] = [overrides.get(r["key"], r) for r in t3["rows"] if r["key"] not in drop]
    return merged


def _load_raw(key: str) -> dict:
    if key in _EXTRA:
        path = _EXTRA[key]
        if path.stat().st_size > MAX_FORM_BYTES:
            raise form_error(key, f"文件过大：{path}", f"file too large: {path}")
        try:
            spec = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise form_error(key, f"无法读取 {path}：{e}", f"cannot read {path}: {e}") from e
        if not isinstance(spec, dict) or spec.get("key") != key:
            raise form_error(key, f"{path} 的 key 应为 {key}", f"{path} must declare key {key!r}")
        return spec
    text = resources.files(__package__).joinpath("forms", f"{key}.json").read_text("utf-8")
    return json.loads(text)


@cache
def get_form(key: str) -> Form:
    """The form definition for ``key`` (``gov_2021``, ``gov_2019`` or a key of :data:`FORM_KEYS`).

    Raises
    ------
    LegacyFormatError
        for ``legacy_pre2019``: those tables cannot be mapped onto the national keys.
    """
    if key == LEGACY_KEY:
        raise LegacyFormatError()
    if key not in FORM_KEYS:
        raise KeyError(f"unknown form {key!r}; known: {', '.join(FORM_KEYS)}")
    return Form(key=key, spec=_resolve(_load_raw(key))).validate()


def form_for_year(year: int) -> Form:
    """The format prescribed for a report year (S-03)."""
    if year < 2019:
        raise LegacyFormatError(year=year)
    return get_form("gov_2019" if year <= 2020 else "gov_2021")
