"""A derived figure of a corpus (:class:`Metric`) and the column arithmetic it is made of."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd


def column(wide: pd.DataFrame, address: str) -> pd.Series:
    """The cell ``address`` of every row as floats (all NaN when no row has it)."""
    if address in wide.columns:
        return wide[address].astype("float64")
    return pd.Series(np.nan, index=wide.index)


def column_sum(wide: pd.DataFrame, addresses: Iterable[str]) -> pd.Series:
    """Σ of the cells; NaN as soon as one part is missing (never a silent 0)."""
    total = pd.Series(0.0, index=wide.index)
    for a in addresses:
        total = total + column(wide, a)
    return total


@dataclass(frozen=True)
class Metric:
    """A derived figure: Σ numerator / (Σ base − Σ less), or a plain count when ``base`` is empty.

    Every term is a comparable cell (:func:`~govinfo_widgets.corpus.comparable_frame`), so a metric means the same in
    2019-form and 2021-form years. NaN when a term is missing or the base is 0.
    """

    key: str
    zh: str
    en: str
    formula: str
    numerator: tuple[str, ...]
    base: tuple[str, ...] = ()
    less: tuple[str, ...] = ()

    @property
    def is_rate(self) -> bool:
        return bool(self.base)

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def compute(self, comparable: pd.DataFrame) -> pd.Series:
        num = column_sum(comparable, self.numerator)
        if not self.base:
            return num.rename(self.key)
        den = column_sum(comparable, self.base) - column_sum(comparable, self.less)
        return (num / den.where(den != 0)).rename(self.key)
