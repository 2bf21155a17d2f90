"""Load stage: read -> validate -> transform -> build a new versioned database file -> swap.

DuckDB lets one read-write process lock a file against every reader, so the live database is
never written: it is a symlink to `<stem>-<UTC timestamp>.duckdb` in the same directory. A load
writes a fresh versioned file from the current one (attached read-only) plus the input,
checkpoints and closes it, then flips the symlink atomically. Readers keep the file they
opened; new connections see the new one. Default is all-or-nothing: a refused load writes
nothing at all."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path

import duckdb
import polars as pl

from etl import settings
from etl.read import ROW, SRC, RawInput, expand_inputs, read_inputs
from etl.report import EtlError, LoadReport, TableCounts, ValidationError, empty_problems, problem_frame
from etl.transform import (
    base_tables,
    build_marts,
    create_tables,
    marts_version,
    salt,
    stored_marts_version,
    transform,
)
from etl.validate import Known, Validated, validate


@dataclass(frozen=True)
class Target:
    """Where an input table loads: its database table, the key a new row replaces old rows by,
    and which old rows that key may replace (per-student results replace per-student rows of
    the same exam and student; a school summary replaces that school's summary of the exam)."""
    table: str
    key: tuple[str, ...]
    replaces: str = ""             # SQL condition on the old row `o`


# An old per-student result row has a student key, a school's summary never does (the grain column
# says the same, computed from the key: computing it for 10M rows is seconds slower).
PER_STUDENT = "o.student_key is not null"
PER_SCHOOL = "o.student_key is null"
TARGETS: dict[str, Target] = {
    "schools": Target("schools", ("school_id",)),
    "alliances": Target("alliances", ("alliance_id",)),
    "members": Target("alliance_members", ("alliance_id", "school_id")),
    "activities": Target("activities", ("activity_id",)),
    "exchanges": Target("exchanges", ("exchange_id",)),
    "mentorships": Target("mentorships", ("pair_id",)),
    "exams": Target("exams", ("exam_id",)),
    "results": Target("exam_results", ("exam_id", "student_key"), PER_STUDENT),
    "results_school": Target("exam_results", ("exam_id", "school_id"), PER_SCHOOL),
    "surveys": Target("surveys", ("year", "school_id", "alliance_id", "respondent")),
}
REJECT_SEP = "；"
REJECT_SLICE = 1_000_000      # input rows per load_rejects insert
# The student key of each distinct student id of the registered input `_in` (parameter: the
# salt), as CTE `keyed`: the first 64 bits of the salted sha256, as an unsigned integer. Marts never
# read it; it only tells one student's result from another's within an exam when a load replaces
# rows (two of a school's few thousand students sharing 64 bits: about 1 in 10^12). A student sits
# many exams (province: 10.6M results, 0.77M students), and with a 64-character salt each hash runs
# two sha256 blocks: hashing distinct ids and joining back cost 1.5 s less than hashing every row,
# and an 8-byte integer is written in 2 s less CPU than the 64-character hex text stored before.
# Left joins: a row is never lost here.
STUDENT_KEYS = ("with keyed as (select student_id, ('0x' || left(sha256(? || student_id), 16))::ubigint "
                "as student_key from (select distinct student_id from _in))")
# Columns whose stored form changed, as (table, column, old type) -> the old value in today's form.
# A database written before keeps its rows through the next load: the hex key's first 16 digits
# are the same 64 bits.
OLD_FORMS = {("exam_results", "student_key", "VARCHAR"): "('0x' || left({col}, 16))::ubigint"}
# Compression methods DuckDB does not weigh while it writes a new file (see _build).
BUILD_DISABLED_COMPRESSION = "fsst"
# DuckDB's share of the 4 GB budget while the new file is written; it spills beyond that.
DUCKDB_MEMORY = "1GB"


class _ArrowStream:
    """A polars frame offered to DuckDB through the Arrow C stream interface, without pyarrow
    (DuckDB asks for a new stream on every scan)."""

    def __init__(self, df: pl.DataFrame) -> None:
        self._df = df

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._df.__arrow_c_stream__(requested_schema)


# From this many rows a frame goes to DuckDB as a pyarrow table: the 10.6M province results
# insert in 3.6-4.1 s that way against 4.3 s as a stream.
PYARROW_FROM_ROWS = 500_000


def arrow(df: pl.DataFrame) -> object:
    """A frame for con.register, as Arrow with string views, which DuckDB scans without copying
    the strings (registering the polars frame itself converts them to plain strings: +1.4 GB at
    10M rows). A small frame goes as an Arrow stream: a county load then never imports pyarrow
    and numpy (0.3 s of its 2)."""
    if df.height < PYARROW_FROM_ROWS:
        return _ArrowStream(df)
    return df.to_arrow(compat_level=pl.CompatLevel.newest())


def q(ident: str) -> str:
    """Quote an identifier taken from the spec (never from input)."""
    return '"' + ident.replace('"', '""') + '"'


def live_target(live: Path) -> Path | None:
    """The file the live path currently points at (itself when it is a plain file), or None."""
    return live.resolve() if live.exists() else None


def _checksums(files: list[Path]) -> list[dict]:
    """File, sha256 and size of each input, on a thread of the lowest priority (Linux schedules
    threads one by one): hashing a province's 850 MB takes a second of CPU, which it then finds
    where the readers and DuckDB leave a core idle instead of taking it from them (0.5 s of a
    province load)."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    return [{"file": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size} for p in files if p.is_file()]


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 4 MB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def _as_list(inputs: list[Path | str] | Path | str) -> list[Path | str]:
    return [inputs] if isinstance(inputs, str | Path) else list(inputs)


def _version_re(live: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(live.stem)}-\d{{8}}T\d{{12}}\.duckdb$")


def _known(target: Path | None) -> Known:
    try:
        return Known.from_db(target)
    except duckdb.Error as e:
        raise EtlError("无法读取现有数据库（可能正被另一程序以写方式打开）",
                       f"cannot read the live database: {str(e).splitlines()[0]}", str(target)) from e


class Loader:
    """One load. `run()` is the only public step; the private steps run in order."""

    def __init__(self, inputs: list[Path | str], db_path: Path | str | None = None, allow_rejects: bool = False,
                 rebuild: bool = False, replace_school_results: bool = False, hidden: str | None = None):
        self.inputs = _as_list(inputs)
        self.hidden = hidden        # rows hidden in Excel: None (refused until chosen), include, skip
        self.live = Path(db_path) if db_path is not None else settings.db_path()
        self.allow_rejects = allow_rejects
        self.rebuild = rebuild      # no inputs: the same rows into a new version, marts rebuilt
        # Per-student results sent for an (exam, school) replace all its stored ones: the way to
        # take back a mistyped student id, which replacing per student never removes.
        self.replace_school_results = replace_school_results

    def _target(self, key: str) -> Target:
        if key == "results" and self.replace_school_results:
            return Target("exam_results", ("exam_id", "school_id"), PER_STUDENT)
        return TARGETS[key]

    def run(self) -> LoadReport:
        """Load the inputs into a new version of the live database; grain of counts = input row."""
        self.live.parent.mkdir(parents=True, exist_ok=True)
        with self._lock(), ThreadPoolExecutor(1) as pool:
            # Checksums of big inputs are computed while the main thread reads, validates and builds.
            checksums = pool.submit(_checksums, expand_inputs(self.inputs))
            current = live_target(self.live)
            self._clear_debris()
            raw = self._read()
            try:
                validated = self._validate(raw, current)
            except ValidationError as refused:
                return refused.report
            counts, problems = dict(validated.counts), validated.problems
            rejects = Rejects.collect(raw, validated)
            # The all-text frames are no longer needed (but for rejected rows' tables): free them
            # before DuckDB takes its share.
            del raw
            frames = self._transform(validated)
            del validated
            new_file = self._new_version_path()
            # Marks the file as being built until it is live: a load killed meanwhile (kill -9, power
            # cut) leaves it, and the next load removes what it names.
            _marker(new_file).touch()
            try:
                load_id = self._build(new_file, current, frames, rejects, checksums, counts)
            except BaseException as failed:
                _remove_version(new_file)
                if isinstance(failed, ValidationError):
                    return failed.report
                raise
            self._swap(new_file)
            _marker(new_file).unlink(missing_ok=True)
            self._prune(new_file)
        return LoadReport(True, counts, problems, load_id, new_file, mode="load")

    # ---- steps
    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Loads into one directory take turns; readers are never blocked. The directory itself
        is locked, so no lock file is left beside the database."""
        fd = os.open(self.live.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _clear_debris(self) -> None:
        """What a load killed mid-way left (the loads' lock is held, so none is running): its
        partial version file with its .wal and .tmp folder, and the temporary link of a swap. The
        live database was never written, so nothing else needs repair."""
        for marker in self.live.parent.glob(f"{glob_escape(self.live.stem)}-*.duckdb.loading"):
            _remove_version(marker.with_suffix(""))
        for tmp in self.live.parent.glob(f".{glob_escape(self.live.name)}.*.tmp"):
            tmp.unlink(missing_ok=True)

    def _read(self) -> RawInput:
        if self.rebuild:
            return RawInput([], {}, empty_problems())
        return read_inputs(self.inputs, self.hidden)

    def _validate(self, raw: RawInput, current: Path | None) -> Validated:
        """Raises ValidationError (nothing is written) when rows would be rejected and rejects are not allowed."""
        v = validate(raw, _known(current))
        if not v.clean and not self.allow_rejects:
            raise ValidationError(LoadReport(False, dict(v.counts), v.problems, mode="load"))
        return v

    def _transform(self, validated: Validated) -> dict[str, pl.DataFrame]:
        return transform(validated.tables)

    def _new_version_path(self) -> Path:
        while True:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            path = self.live.parent / f"{self.live.stem}-{stamp}.duckdb"
            if not path.exists():
                return path

    def _build(self, new_file: Path, current: Path | None, frames: dict[str, pl.DataFrame],
               rejects: Rejects, inputs: Future[list[dict]], counts: dict[str, TableCounts]) -> int:
        """Write a fresh file: the current version's rows minus those the input replaces, plus
        the input. A fresh file stays compact however often a province reloads, and picks up
        columns added to schema.sql."""
        con = duckdb.connect(str(new_file), config={"memory_limit": DUCKDB_MEMORY})
        try:
            create_tables(con)
            old: dict[str, list[str]] = {}
            if current is not None:
                con.execute("attach ? as old (read_only)", [str(current)])
                for table, column in con.sql("select table_name, column_name from duckdb_columns() "
                                             "where database_name = 'old' order by column_index").fetchall():
                    old.setdefault(table, []).append(column)
            load_id = 1
            if "load_log" in old:
                load_id = con.sql("select coalesce(max(load_id), 0) + 1 from old.load_log").fetchall()[0][0]
            # No transaction around the build: the file is nobody's until the swap (a failed build is
            # deleted), and one transaction would hold every inserted row in memory until commit
            # (province: +1 GB over DuckDB's limit).
            # Rows need not keep the order they were made in (pages order what they show, and the
            # flow marts, stored sorted by year, say so with an order by, which DuckDB keeps): DuckDB
            # then inserts in parallel and holds less (province marts: 0.35 s less).
            con.execute("set preserve_insertion_order = false")
            # One checkpoint, at the end: DuckDB otherwise checkpoints whenever the WAL passes
            # 16 MB, rewriting the tables built so far in the middle of the marts (province: about
            # 1 s of a 23 s load, same peak memory).
            con.execute("set checkpoint_threshold = '1TB'")
            # No FSST string compression: weighing it on every string column segment cost about 2 s
            # of a province load (23.2 vs 27.6 s alternating, results insert 3.6 vs 4.2 s), and the
            # file came out no larger (320-339 MB against 337-341 MB): ids, names and codes repeat,
            # so dictionary compression takes them anyway.
            con.execute(f"set disabled_compression_methods = '{BUILD_DISABLED_COMPRESSION}'")
            # No vacuum at the checkpoint: a table written by two threads ends in a partial row group
            # per thread, and the checkpoint would rewrite them merged (province: 1.0-1.3 s of the
            # final checkpoint, for one row group fewer per table; nothing is ever deleted from a new file).
            con.execute("set max_vacuum_tasks = 0")
            self._upsert(con, frames, old)
            self._check_merged(con, counts)
            build_marts(con)
            # The inputs' checksums, hashed meanwhile at low priority, are needed only now.
            self._log(con, load_id, new_file, inputs.result(), counts)
            rejects.write(con, load_id)
            if current is not None:
                con.execute("detach old")
            con.execute("checkpoint")
        finally:
            con.close()
        return load_id

    def _upsert(self, con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame],
                old: dict[str, list[str]]) -> None:
        """Per base table: the input rows, then the old rows whose key the input does not carry
        (so loading the same input twice gives the same contents). Each input frame is handed
        over and dropped before DuckDB scans the old version; its keys are collected in DuckDB."""
        for table in base_tables():
            # Results without run-length and bit-packing, which DuckDB weighs on every null of the
            # summary columns (n, mean, ...) of per-student rows: 0.4 s of 10M results, for nothing
            # they would compress there (the key is random, the score a double).
            more = ",rle,bitpacking" if table == "exam_results" else ""
            con.execute(f"set disabled_compression_methods = '{BUILD_DISABLED_COMPRESSION}{more}'")
            keys = [k for k, t in TARGETS.items() if t.table == table and k in frames]
            for key in keys:
                con.register("_in", arrow(frames.pop(key)))
                self._insert(con, table, key)
                if table in old:
                    self._collect_keys(con, key)
                con.unregister("_in")
            if table in old:
                self._keep_old(con, table, old[table], keys)
        con.execute(f"set disabled_compression_methods = '{BUILD_DISABLED_COMPRESSION}'")

    def _check_merged(self, con: duckdb.DuckDBPyConnection, counts: dict[str, TableCounts]) -> None:
        """Rules that only the merged rows can break (input rows against rows kept from the old
        version): results above their exam's full marks after an exam changed while some of its
        results were not sent again. Raises ValidationError; the new file is then discarded."""
        over = con.sql("""
            select e.exam_id, e.full_score, count(*) as n, max(coalesce(r.score, r.mean)) as top
            from exam_results as r
            inner join exams as e on e.exam_id = r.exam_id
            where r.score > e.full_score or r.mean > e.full_score
            group by all
            order by e.exam_id""").fetchall()
        if not over:
            return
        problems = problem_frame([{
            "table": "exams", "file": "exams", "column": "满分", "value": exam_id,
            "reason_zh": f"考试 {exam_id} 的满分 {full:g} 低于数据库中已有的 {n} 个成绩（最高 {top:g} 分）；"
                         "请连同该考试的全部成绩一起重新报送",
            "reason_en": f"full_score {full:g} of exam {exam_id} is below {n} stored results (up to {top:g})"}
            for exam_id, full, n, top in over])
        raise ValidationError(LoadReport(False, counts, problems, mode="load"))

    def _collect_keys(self, con: duckdb.DuckDBPyConnection, key: str) -> None:
        """The replace keys of the registered input `_in` (just inserted) as temp table _keys_<key>."""
        target = self._target(key)
        if key == "results" and "student_key" in target.key:
            # Old rows hold the salted hash, never the id: match on the keys just written, this
            # input's results being the table's only rows until the old ones are kept (hashing the
            # ids again cost 2.8 s of a province reload). Validation refused any student twice in
            # an exam, so the keys are distinct already.
            con.execute("create or replace temp table _keys_results as select exam_id, student_key "
                        "from exam_results where student_key is not null")
            return
        cols = ", ".join(q(k) for k in target.key)
        con.execute(f"create or replace temp table {q('_keys_' + key)} as select distinct {cols} from _in")

    def _keep_old(self, con: duckdb.DuckDBPyConnection, table: str, old_cols: list[str], keys: list[str]) -> None:
        # A generated column (exam_results.grain) is computed, never inserted.
        new_cols = [r[0] for r in con.sql("select column_name from duckdb_columns() where database_name = "
                                          "current_database() and table_name = ? and not is_generated "
                                          "order by column_index", params=[table]).fetchall()]
        old_types = dict(con.sql("select column_name, data_type from duckdb_columns() where database_name = 'old' "
                                 "and table_name = ?", params=[table]).fetchall())

        def old_value(col: str) -> str:
            form = OLD_FORMS.get((table, col, old_types.get(col)))
            return form.format(col=f"o.{q(col)}") if form else f"o.{q(col)}"

        kept = [c for c in new_cols if c in old_cols]
        cols = ", ".join(q(c) for c in kept)
        # Survey keys hold nulls (school or alliance); the other keys never do.
        eq = "is not distinct from" if table == "surveys" else "="
        replaced = []
        for key in keys:
            target = self._target(key)
            on = " and ".join(f"{old_value(k)} {eq} k.{q(k)}" for k in target.key)
            found = f"exists (select 1 from {q('_keys_' + key)} k where {on})"
            replaced.append(f"({target.replaces} and {found})" if target.replaces else found)
        sql = f"insert into {q(table)} ({cols}) select {', '.join(old_value(c) for c in kept)} from old.{q(table)} o"
        if replaced:
            sql += " where not (" + " or ".join(replaced) + ")"
        con.execute(sql)
        for key in keys:
            con.execute(f"drop table {q('_keys_' + key)}")

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, key: str) -> None:
        """The registered input `_in` into its table."""
        if key == "results":
            # The raw student id exists only inside this statement: DuckDB hashes it on the way in.
            con.execute(f"insert into exam_results by name {STUDENT_KEYS} select i.exam_id, i.school_id, "
                        "k.student_key, i.class, i.score from _in as i "
                        "left join keyed as k on k.student_id = i.student_id", [salt(self.live)])
        else:
            con.execute(f"insert into {q(table)} by name select * from _in")

    def _log(self, con: duckdb.DuckDBPyConnection, load_id: int, new_file: Path, inputs: list[dict],
             counts: dict[str, TableCounts]) -> None:
        rows = [{"table_name": k, "rows_read": c.rows_read, "rows_loaded": c.rows_loaded,
                 "rows_rejected": c.rows_rejected} for k, c in counts.items()]
        con.execute("insert into load_log values (?, ?, ?, ?, ?, ?)",
                    [load_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), new_file.name,
                     self.allow_rejects, inputs, rows])

    def _swap(self, new_file: Path) -> None:
        tmp = self.live.parent / f".{self.live.name}.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(new_file.name, tmp)
        os.replace(tmp, self.live)

    def _prune(self, new_file: Path) -> None:
        keep = max(1, int(settings.get("ALLIANCE_KEEP_VERSIONS")))
        pattern = _version_re(self.live)
        versions = sorted(p for p in self.live.parent.iterdir() if pattern.match(p.name))
        for old in versions[:-keep]:
            if old != new_file:
                old.unlink(missing_ok=True)
                Path(f"{old}.wal").unlink(missing_ok=True)


def _marker(version: Path) -> Path:
    return Path(f"{version}.loading")


def _remove_version(version: Path) -> None:
    """A version file being built, with DuckDB's .wal and .tmp spill folder beside it, and its marker."""
    version.unlink(missing_ok=True)
    Path(f"{version}.wal").unlink(missing_ok=True)
    shutil.rmtree(f"{version}.tmp", ignore_errors=True)
    _marker(version).unlink(missing_ok=True)


@dataclass
class Rejects:
    """What load_rejects needs: the rejected rows' problems and, for the tables that have any,
    the all-text input rows. The rows are joined and their problems concatenated in DuckDB,
    which stays within its memory limit even when a whole 10M-row file is rejected."""
    sources: pl.DataFrame                      # _src, file, sheet
    problems: pl.DataFrame                     # row-level: _i, table, _src, _row, column, value, reasons
    frames: dict[str, pl.DataFrame]            # input key -> all-text rows (no student id)
    whole_sources: dict[str, dict[int, tuple[str, str, str]]]
    file_level: pl.DataFrame                   # problems that reject a whole file or sheet

    @classmethod
    def collect(cls, raw: RawInput, v: Validated) -> Rejects:
        sources = pl.DataFrame({SRC: pl.Series(range(len(raw.sources)), dtype=pl.UInt16),
                                "file": [s.file for s in raw.sources], "sheet": [s.sheet for s in raw.sources]},
                               schema={SRC: pl.UInt16, "file": pl.String, "sheet": pl.String})
        with_rows = set(v.row_problems.get_column("table").cast(pl.String).unique()) | {
            k for k, d in v.rejected_sources.items() if d}
        # Student ids never reach the database, not even inside a rejected row's raw JSON.
        frames = {k: rt.frame.drop("student_id", strict=False) for k, rt in raw.tables.items() if k in with_rows}
        file_level = raw.problems.filter(pl.col("severity") == "error").cast({pl.Categorical: pl.String})
        return cls(sources, v.row_problems.with_row_index("_i"), frames, v.rejected_sources, file_level)

    def write(self, con: duckdb.DuckDBPyConnection, load_id: int) -> None:
        """One load_rejects row per rejected input row, its problems joined; one per unreadable file."""
        con.register("_sources", arrow(self.sources))
        con.register("_problems", arrow(self.problems))
        for key, frame in self.frames.items():
            data = [c for c in frame.columns if c not in (SRC, ROW)]
            # A source none of whose headers was recognised has no columns to keep: its rows are
            # still recorded, by file and row.
            raw_json = ("to_json(struct_pack(" + ", ".join(f"{q(c)} := r.{q(c)}" for c in data) + "))"
                        if data else "'{}'")
            con.register("_raw", arrow(frame))
            agg = ", ".join(f"string_agg(cast({src} as varchar), $sep order by _i) as {dst}" for src, dst in (
                (q("column"), "column_name"), ("coalesce(value, '')", "value"), ("reason_zh", "reason_zh"),
                ("reason_en", "reason_en")))
            # In slices of rows, so that even a wholly rejected 10M-row file stays within DuckDB's memory.
            last = int(frame.get_column(ROW).max() or 0)
            for start in range(0, last + 1, REJECT_SLICE):
                con.execute(f"""
                    insert into load_rejects by name
                    with p as (select _src, _row, {agg} from _problems
                               where cast("table" as varchar) = $key and _row >= $lo and _row < $hi
                               group by _src, _row)
                    select $load_id as load_id, $key as table_name, s.file, s.sheet, p._row as row_number,
                           p.column_name, p.value, p.reason_zh, p.reason_en, {raw_json} as raw
                    from p join _raw r on r._src = p._src and r._row = p._row
                    left join _sources s on s._src = p._src
                    where r._row >= $lo and r._row < $hi""",
                            {"key": key, "load_id": load_id, "sep": REJECT_SEP, "lo": start, "hi": start + REJECT_SLICE})
            for src, (column, zh, en) in self.whole_sources.get(key, {}).items():
                con.execute(f"""
                    insert into load_rejects by name
                    select $load_id as load_id, $key as table_name, s.file, s.sheet, r._row as row_number,
                           $column as column_name, $zh as reason_zh, $en as reason_en, {raw_json} as raw
                    from _raw r left join _sources s on s._src = r._src where r._src = $src""",
                            {"key": key, "load_id": load_id, "column": column, "zh": zh, "en": en, "src": src})
            con.unregister("_raw")
        con.unregister("_problems")
        con.unregister("_sources")
        if self.file_level.height:
            con.register("_files", arrow(self.file_level))
            con.execute("""
                insert into load_rejects by name
                select $load_id as load_id, coalesce("table", '-') as table_name, coalesce(file, '-') as file,
                       sheet, "row" as row_number, "column" as column_name, value, reason_zh, reason_en
                from _files""",
                        {"load_id": load_id})
            con.unregister("_files")


def load(inputs: list[Path | str], db_path: Path | str | None = None, allow_rejects: bool = False,
         replace_school_results: bool = False, hidden: str | None = None) -> LoadReport:
    """Validate, transform and load inputs into a new version of the live database (all-or-nothing
    unless allow_rejects); per-student results replace stored ones per student, or per (exam,
    school) with replace_school_results; rows hidden in Excel are refused unless hidden is
    include or skip; grain of the report's counts = input row."""
    return Loader(inputs, db_path, allow_rejects, replace_school_results=replace_school_results,
                  hidden=hidden).run()


def marts_stale(db_path: Path | str | None = None) -> bool:
    """Whether the live database's marts were built by another version of etl/sql/marts.sql."""
    target = live_target(Path(db_path) if db_path is not None else settings.db_path())
    if target is None:
        return False
    con = duckdb.connect(str(target), read_only=True)
    try:
        return stored_marts_version(con) != marts_version()
    finally:
        con.close()


def rebuild(db_path: Path | str | None = None) -> LoadReport:
    """A new version of the live database with the same rows and every mart rebuilt by the current
    etl/sql/marts.sql (after an upgrade); swapped in like a load, so a running dashboard picks it up."""
    live = Path(db_path) if db_path is not None else settings.db_path()
    if live_target(live) is None:
        raise EtlError("没有可重建的数据库", "no database to rebuild", str(live))
    return Loader([], live, rebuild=True).run()


def check(inputs: list[Path | str], db_path: Path | str | None = None, hidden: str | None = None) -> LoadReport:
    """Validate only, against the inputs and the live database; nothing is written."""
    live = Path(db_path) if db_path is not None else settings.db_path()
    v = validate(read_inputs(_as_list(inputs), hidden), _known(live_target(live)))
    return LoadReport(v.clean, dict(v.counts), v.problems, mode="check")
