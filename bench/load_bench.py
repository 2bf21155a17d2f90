"""Load benchmark: wall time and peak RSS of each ETL step, each run as its own `python -m etl`
process so its memory is measured alone (os.wait4 gives the child's own rusage).

    python -m bench.load_bench [--scale county|province|all] [--repeat N]

Targets (2-core machine): county load <= 2 s; province load <= 3x the engine floor with < 2 GB peak
RSS; province check <= 1.5x the floor. The floor is DuckDB's own read_csv of every input file into
a table, nothing else, measured in the same run on the same files. With --repeat N the floor, check
and load run N times in turn and each step reports its median (so a burst of other work on a shared
machine moves one sample, not the verdict), every sample listed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GB = 1024 ** 3
# step -> (seconds, bytes) limits; steps without a target are reported only.
TARGETS = {"county load": (2.0, None), "province load": (60.0, 2 * GB)}
# step -> allowed multiple of the engine floor of the same scale.
FLOOR_RATIO = {"load": 3.0, "check": 1.5}
# The engine floor: every csv of a folder into a table by DuckDB, nothing else (argv[1] = folder,
# argv[2] = database file).
FLOOR_SCRIPT = """
import sys, pathlib, duckdb
con = duckdb.connect(sys.argv[2])
con.execute('set enable_progress_bar = false')
for i, f in enumerate(sorted(pathlib.Path(sys.argv[1]).glob('*.csv'))):
    con.execute(f"create table t{i} as select * from read_csv(?, all_varchar = true)", [str(f)])
con.execute('checkpoint')
con.close()
"""


@dataclass
class Step:
    name: str
    seconds: float
    peak_rss: int            # bytes
    exit_code: int
    rows: int | None = None  # data rows written to the step's folder (generate steps)
    floor: float | None = None   # the engine floor's seconds at the same scale (load / check steps)
    samples: list[float] | None = None   # each run's seconds when repeated (seconds is their median)

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None

    def verdict(self) -> str:
        if self.exit_code != 0:
            return f"FAILED (exit {self.exit_code})"
        limit_s, limit_b = TARGETS.get(self.name, (None, None))
        limit_r = FLOOR_RATIO.get(self.name.split()[-1]) if self.floor and self.name.startswith("province") else None
        if limit_s is None and limit_r is None:
            return ""
        # (target, met) for each target the step has; the verdict names the missed ones.
        checks = [(f"<= {limit_s:g} s", self.seconds <= limit_s) if limit_s else None,
                  (f"<= {limit_r:g}x floor", self.ratio <= limit_r) if limit_r else None,
                  (f"< {limit_b / GB:g} GB", self.peak_rss < limit_b) if limit_b else None]
        met = [t for c in checks if c for t, ok in [c] if ok]
        missed = [t for c in checks if c for t, ok in [c] if not ok]
        return ("MISSED " + ", ".join(missed) + ("; ok " + ", ".join(met) if met else "")) if missed \
            else "ok " + ", ".join(met)


def run(name: str, args: list[str], log: Path) -> Step:
    """Run `python -m etl <args>` (or `python -c` with args starting "-c") as a child; its wall
    time and its own peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    argv = args if args[0] == "-c" else ["-m", "etl", *args]
    with log.open("w") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=env, stdout=fh,
                                stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux.
    return Step(name, seconds, usage.ru_maxrss * 1024, proc.returncode)


def count_rows(folder: Path) -> int:
    """Data rows in a folder of csv files (lines minus one header per file)."""
    total = 0
    for f in folder.glob("*.csv"):
        with f.open("rb") as fh:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda fh=fh: fh.read(1 << 24), b"")) - 1
    return total


def median_step(runs: list[Step]) -> Step:
    """Runs of one step -> one step: median seconds, highest peak RSS, the first failure's exit code."""
    failed = [r.exit_code for r in runs if r.exit_code != 0]
    return Step(runs[0].name, statistics.median(r.seconds for r in runs), max(r.peak_rss for r in runs),
                failed[0] if failed else 0, samples=[r.seconds for r in runs] if len(runs) > 1 else None)


def bench_scale(scale: str, seed: int, regenerate: bool = True, repeat: int = 1) -> list[Step]:
    data, db = OUT / scale, OUT / "db" / scale / "alliance.duckdb"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    steps: list[Step] = []
    if regenerate or not any(data.glob("*.csv")):
        gen = run(f"{scale} generate", ["demo", "--out", str(data), "--scale", scale, "--seed", str(seed)],
                  OUT / f"{scale}-generate.log")
        gen.rows = count_rows(data)
        steps.append(gen)
        if gen.exit_code != 0:
            return steps
    runs: dict[str, list[Step]] = {"floor": [], "check": [], "load": []}
    # In turn, floor then check then load, so that other work on the machine falls on each alike.
    for _ in range(repeat):
        runs["floor"].append(run(f"{scale} floor", ["-c", FLOOR_SCRIPT, str(data), str(db.parent / "floor.duckdb")],
                                 OUT / f"{scale}-floor.log"))
        (db.parent / "floor.duckdb").unlink(missing_ok=True)
        for step in ("check", "load"):
            shutil.rmtree(db.parent, ignore_errors=True)       # every load into a fresh database
            db.parent.mkdir(parents=True, exist_ok=True)
            runs[step].append(run(f"{scale} {step}", [step, str(data), "--db", str(db)], OUT / f"{scale}-{step}.log"))
    floor = median_step(runs["floor"])
    steps.append(floor)
    for step in ("check", "load"):
        s = median_step(runs[step])
        s.floor = floor.seconds if floor.exit_code == 0 else None
        steps.append(s)
    return steps


def table(steps: list[Step]) -> str:
    lines = [f"{'step':<18}{'wall s':>9}{'peak RSS MB':>13}{'rows':>13}{'x floor':>9}  target",
             "-" * 87]
    for s in steps:
        rows = f"{s.rows:,}" if s.rows is not None else ""
        ratio = f"{s.ratio:.2f}" if s.ratio is not None else ""
        lines.append(f"{s.name:<18}{s.seconds:>9.1f}{s.peak_rss / 2**20:>13,.0f}{rows:>13}{ratio:>9}  {s.verdict()}")
    repeated = [s for s in steps if s.samples]
    if repeated:
        lines.append("")
        lines.append("medians of the runs; each run's seconds:")
        lines.extend(f"  {s.name:<16}" + "  ".join(f"{x:.1f}" for x in s.samples) for s in repeated)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load_bench", description=__doc__.splitlines()[0])
    p.add_argument("--scale", choices=("county", "province", "all"), default="all")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--reuse", action="store_true", help="reuse the inputs already in bench/out (no generate step)")
    p.add_argument("--repeat", type=int, default=1, help="run floor, check and load this many times in turn; "
                                                          "report each step's median")
    args = p.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    scales = ("county", "province") if args.scale == "all" else (args.scale,)
    before = os.getloadavg()[0]
    steps = [s for scale in scales for s in bench_scale(scale, args.seed, not args.reuse, max(1, args.repeat))]
    # Other work on the machine slows every step: the load average says how busy it was.
    report = (f"load benchmark: {os.cpu_count()} cores, python {sys.version.split()[0]}, "
              f"load average {before:.1f} before / {os.getloadavg()[0]:.1f} after\n{table(steps)}")
    print(report)
    print(f"logs, inputs and databases in {OUT}")
    (OUT / "load_bench.txt").write_text(report + "\n", encoding="utf-8")
    (OUT / "load_bench.json").write_text(json.dumps([asdict(s) | {"ratio": s.ratio} for s in steps], indent=2), encoding="utf-8")
    return 0 if all(s.exit_code == 0 for s in steps) else 1


if __name__ == "__main__":
    sys.exit(main())
