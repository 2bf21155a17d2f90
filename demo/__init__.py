"""Demo input sets, written in the format users submit (a folder of csv files named after the
tables). County scale (demo.county) is built on the seed rosters; province scale (demo.province)
is a synthetic benchmark. `python -m etl demo` is the entry point."""

from __future__ import annotations

from pathlib import Path

from etl import schema


def write_demo(out: Path, scale: str = "county", seed: int = 7, *, province_schools: int | None = None) -> list[Path]:
    """Write a complete demo input set (csv files named after the tables) into out; returns the files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for table in schema.TABLES:
        (out / f"{table.name}.csv").unlink(missing_ok=True)   # no stale table from an earlier run
    if scale == "county":
        from demo.county import write_county
        return write_county(out, seed)
    if scale == "province":
        from demo.province import write_province
        return write_province(out, seed, schools=province_schools or 5200)
    raise ValueError(f"unknown scale {scale!r}: county or province")
