"""Writing hand-made input rows as the CSV files an office submits (UTF-8, a header row, empty
cells for None): shared by the fixtures that load through the real importer."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
