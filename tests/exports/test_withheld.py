"""The privacy rule in exports: a row the page shows withheld ("<5") is left out of the exported
table, not written as "<5"; other rows, and numbers, are kept as they are."""

from __future__ import annotations

import polars as pl

from dashboard.exports.widgets import without_withheld
from dashboard.queries._views import WITHHELD


def test_withheld_rows_are_left_out_of_exports():
    shown = pl.DataFrame({"成员校": ["立岗村小", "洪广村小", "常信村小"],
                          "考试人次": [7, 3, 12],
                          "成员校平均分（满分%）": ["45.7%", WITHHELD, "61.0%"],
                          "核心校平均分（满分%）": ["74.3%", "70.0%", None]})
    exported = without_withheld(shown)
    assert exported["成员校"].to_list() == ["立岗村小", "常信村小"]
    assert exported["考试人次"].to_list() == [7, 12]
    assert without_withheld(pl.DataFrame({"n": [1, 2]}))["n"].to_list() == [1, 2]     # no text column
