"""Loading: all-or-nothing, --allow-rejects bookkeeping, idempotency, the versioned-file swap
seen from a second process, privacy of student ids, and the CLI's exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import settings
from etl.load import load
from etl.transform import base_tables
from tests.etl.fixtures import ROWS, assert_problem, query, rows, write_csv, write_set

ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _contents(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(con.sql(f"select * from {t}").fetchall(), key=repr)
                for t in base_tables() if t not in ("load_log", "load_rejects")}
    finally:
        con.close()


def _bad_dir(tmp_path: Path) -> Path:
    s = rows("schools")
    s[1][6] = "999"
    r = rows("results")
    r[3][4] = "120"
    return write_set(tmp_path / "bad", dict(ROWS, schools=s, results=r))


def test_live_path_is_symlink_to_versioned_file(clean_dir: Path, db: Path) -> None:
    report = load([clean_dir], db)
    assert report.ok and report.load_id == 1
    assert db.is_symlink()
    target = db.resolve()
    assert target == report.db_file
    assert target.parent == db.parent
    assert target.name.startswith("alliance-") and len(target.stem) == len("alliance-20261123T184522593506")
    assert query(db, "select count(*) from schools") == [(4,)]


def test_refused_load_leaves_live_file_byte_identical(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    assert load([clean_dir], db).ok
    before = _sha(db.resolve())
    files_before = sorted(p.name for p in db.parent.iterdir())
    report = load([_bad_dir(tmp_path)], db)
    assert not report.ok and report.load_id is None
    assert _sha(db.resolve()) == before
    assert sorted(p.name for p in db.parent.iterdir()) == files_before
    assert report.tables["schools"].rows_rejected == 1


def test_refused_first_load_creates_no_database(db: Path, tmp_path: Path) -> None:
    report = load([_bad_dir(tmp_path)], db)
    assert not report.ok
    assert not db.exists() and not list(db.parent.glob("alliance-*.duckdb"))


def test_allow_rejects_conservation_and_load_rejects(db: Path, tmp_path: Path) -> None:
    report = load([_bad_dir(tmp_path)], db, allow_rejects=True)
    assert report.ok
    for name, c in report.tables.items():
        assert c.rows_read == c.rows_loaded + c.rows_rejected, name
    # school 6401220002 rejected (code 999) -> its member, activities, survey and result rows follow;
    # result row 5 is also above full marks
    counts = {r[0]: r[1:] for r in query(db, "select c.table_name, c.rows_read, c.rows_loaded, c.rows_rejected "
                                             "from (select unnest(counts) c from load_log)")}
    assert counts == {k: (c.rows_read, c.rows_loaded, c.rows_rejected) for k, c in report.tables.items()}
    per_table = dict(query(db, "select table_name, count(*) from load_rejects group by 1"))
    assert per_table == {k: c.rows_rejected for k, c in report.tables.items() if c.rows_rejected}
    assert query(db, "select count(*) from schools") == [(3,)]
    (row,) = query(db, "select file, sheet, row_number, column_name, value, reason_zh, reason_en, raw "
                       "from load_rejects where table_name = 'schools'")
    assert row[:5] == ("schools.csv", None, 3, "城乡分类代码", "999")
    assert "未知的城乡分类代码" in row[5] and "unknown urban_rural_code" in row[6]
    assert json.loads(row[7])["school_id"] == "6401220002"
    (res,) = query(db, "select row_number, column_name, reason_zh, raw from load_rejects "
                       "where table_name = 'results' and row_number = 5")
    assert "；" not in res[1] and "超过满分" in res[2]
    (member,) = query(db, "select reason_zh from load_rejects where table_name = 'members'")
    assert "被拒绝" in member[0]


def test_several_problems_of_one_row_joined(db: Path, tmp_path: Path) -> None:
    s = rows("schools")
    s[1][6] = "999"
    s[1][2] = "12"
    load([write_set(tmp_path / "in", dict(ROWS, schools=s))], db, allow_rejects=True)
    (row,) = query(db, "select column_name, value, reason_zh from load_rejects where table_name = 'schools'")
    assert row[0] == "区县代码；城乡分类代码" and row[1] == "12；999"
    assert row[2].count("；") == 1


def test_idempotent(clean_dir: Path, db: Path) -> None:
    load([clean_dir], db)
    first = _contents(db)
    load([clean_dir], db)
    assert _contents(db) == first
    assert query(db, "select load_id from load_log order by 1") == [(1,), (2,)]


def test_upsert_replaces_by_key_and_keeps_the_rest(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    load([clean_dir], db)
    s = [rows("schools")[0]]
    s[0][1] = "贺兰县第一小学（新名）"
    # A corrected score for S0001 and a second class sent later: S0002 (三(1)班) must stay.
    r = [["X-2024-1", "6401220001", "S0001", "三(1)班", "90"], ["X-2024-1", "6401220001", "S0101", "三(2)班", "77"]]
    load([write_set(tmp_path / "update", {"schools": s, "results": r})], db)
    assert query(db, "select name from schools where school_id = '6401220001'") == [("贺兰县第一小学(新名)",)]   # NFKC: full-width brackets too
    assert query(db, "select count(*) from schools") == [(4,)]
    assert query(db, "select class, score from exam_results where school_id = '6401220001' order by score") == [
        ("三(1)班", 58.0), ("三(2)班", 77.0), ("三(1)班", 90.0)]
    assert query(db, "select school_id, count(*) from exam_results group by 1 order by 1") == [
        ("6401220001", 3), ("6401220002", 1), ("6401220003", 1)]


def test_full_marks_cannot_drop_below_stored_results(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    assert load([clean_dir], db).ok                       # X-2024-1 out of 100, best score 95
    x = rows("exams")
    x[0][7] = "50"
    report = load([write_set(tmp_path / "lower", {"exams": x})], db)
    assert not report.ok
    assert_problem(report, "exams.csv", "第2行", "列「满分」", "值「50」", "已入库的成绩最高 95.0 分",
                   "stored results reach 95.0")
    # Sent again with results that fit, the change is accepted.
    r = [[e, sch, sid, cls, str(float(score) / 2)] for e, sch, sid, cls, score in rows("results")]
    assert load([write_set(tmp_path / "both", {"exams": x, "results": r})], db).ok
    assert query(db, "select max(score) from exam_results") == [(47.5,)]


def test_a_school_list_can_replace_its_stored_results(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    assert load([clean_dir], db).ok                        # 6401220001 sat X-2024-1 as S0001, S0002
    r = [["X-2024-1", "6401220001", "S0009", "三(1)班", "66"]]   # S0002 was a mistyped id of S0009
    folder = write_set(tmp_path / "fix", {"results": r})
    env = {"ALLIANCE_SALT": "test-salt"}
    out = _cli("load", str(folder), "--db", str(db), "--replace-school-results", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert query(db, "select school_id, count(*) from exam_results group by 1 order by 1") == [
        ("6401220001", 1), ("6401220002", 1), ("6401220003", 1)]


def test_school_summaries_replace_summaries_only(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    load([clean_dir], db)
    summary = tmp_path / "summary"
    summary.mkdir()
    header = ["exam_id", "school_id", "n", "mean", "pass_n"]
    write_csv(summary / "results.csv", header, [["X-2024-1", "6401220001", "40", "70", "30"]])
    assert load([summary], db).ok
    write_csv(summary / "results.csv", header, [["X-2024-1", "6401220001", "41", "71", "31"]])
    assert load([summary], db).ok
    # The summary replaced the earlier summary; the school's per-student rows stay beside it.
    assert query(db, "select grain, count(*), max(n) from exam_results where school_id = '6401220001' "
                     "group by 1 order by 1") == [("school", 1, 41), ("student", 2, None)]


def test_old_versions_pruned(clean_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCE_KEEP_VERSIONS", "2")
    for _ in range(4):
        load([clean_dir], db)
    versions = sorted(db.parent.glob("alliance-*.duckdb"))
    assert len(versions) == 2 and db.resolve() == versions[-1]


def test_plain_file_live_path_is_the_current_version(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    load([clean_dir], db)
    plain = tmp_path / "plain" / "alliance.duckdb"
    plain.parent.mkdir()
    plain.write_bytes(db.resolve().read_bytes())
    report = load([write_set(tmp_path / "more", {"schools": [rows("schools")[0]]})], plain)
    assert report.ok and report.load_id == 2
    assert plain.is_symlink()
    assert query(plain, "select count(*) from alliances") == [(1,)]


def test_default_db_path_from_env(clean_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCE_SALT", "s")
    monkeypatch.setenv("ALLIANCE_DB", str(tmp_path / "envdb" / "x.duckdb"))
    report = load([clean_dir])
    assert report.ok and settings.db_path().is_symlink()


def test_no_raw_student_id_or_name_in_database(db: Path, tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    from tests.etl.fixtures import write_csv
    ids = ["G640122201501019999", "G640122201501018888"]
    write_csv(folder / "results.csv", ["考试编号", "学校标识码", "学籍号", "学生姓名", "成绩"],
              [["X-2024-1", "6401220001", ids[0], "王小明", "88"], ["X-2024-1", "6401220001", ids[1], "李小红", "101"]])
    # 学籍号 is not a known header: use the spec's header for the id
    text = (folder / "results.csv").read_text(encoding="utf-8").replace("学籍号", "学生编号")
    (folder / "results.csv").write_text(text, encoding="utf-8")
    report = load([folder], db, allow_rejects=True)          # the second row is rejected (101 > 100)
    assert report.ok and report.tables["results"].rows_rejected == 1
    con = duckdb.connect(str(db), read_only=True)
    cols = con.sql("select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' "
                       "and schema_name = 'main' and not internal").fetchall()
    for table, column in cols:
        hits = con.sql(f'select count(*) from "{table}" where "{column}" like ? or "{column}" like ? '
                       f'or "{column}" like ? or "{column}" like ?',
                       params=[f"%{ids[0]}%", f"%{ids[1]}%", "%王小明%", "%李小红%"]).fetchall()
        assert hits == [(0,)], (table, column)
    keys = con.sql("select student_key from exam_results where student_key is not null").fetchall()
    con.close()
    # The accepted row's key: the first 64 bits of sha256(salt + id), worked out here.
    assert keys == [(_key("test-salt", ids[0]),)]
    data = b"".join(p.read_bytes() for p in db.parent.glob("alliance-*.duckdb*"))
    for secret in (*ids, "王小明", "李小红"):
        assert secret.encode() not in data


def _key(salt: str, student_id: str) -> int:
    return int(hashlib.sha256((salt + student_id).encode()).hexdigest()[:16], 16)


def test_a_database_with_hex_student_keys_keeps_its_results_through_the_next_load(db: Path, tmp_path: Path) -> None:
    """Databases written before the key became 64 bits hold the whole sha256 as hex text (and store
    each row's grain): the next load converts the kept rows, still replaces a student sent again
    (not one row per form) and keeps a school's summary as one."""
    header = ["考试编号", "学校标识码", "学生编号", "成绩"]
    first = write_set(tmp_path / "first")
    write_csv(first / "results.csv", header, [["X-2024-1", "6401220001", "A1", "88"],
                                              ["X-2024-1", "6401220001", "B2", "77"]])
    assert load([first], db).ok
    # Turn the table into the old form: the grain stored, the key the full hex digest of the same ids.
    con = duckdb.connect(str(db))
    con.execute("create table old_form as select exam_id, school_id, grain, student_key::varchar as student_key, "
                "class, score, n, mean, pass_n, excellent_n, low_n from exam_results")
    con.execute("drop table exam_results")
    con.execute("alter table old_form rename to exam_results")
    con.execute("insert into exam_results (exam_id, school_id, grain, n, mean) "
                "values ('X-2024-1', '6401220002', 'school', 30, 71.5)")
    for sid in ("A1", "B2"):
        con.execute("update exam_results set student_key = ? where student_key = ?",
                    [hashlib.sha256(f"test-salt{sid}".encode()).hexdigest(), str(_key("test-salt", sid))])
    assert {len(k) for (k,) in con.sql("select student_key from exam_results where grain = 'student'").fetchall()} == {64}
    con.close()
    again = write_set(tmp_path / "again")
    write_csv(again / "results.csv", header, [["X-2024-1", "6401220001", "A1", "90"]])
    assert load([again], db).ok
    assert query(db, "select student_key, score from exam_results where grain = 'student' order by score") == [
        (_key("test-salt", "B2"), 77.0), (_key("test-salt", "A1"), 90.0)]
    assert query(db, "select school_id, n, mean from exam_results where grain = 'school'") == [("6401220002", 30, 71.5)]


def test_salt_file_created_once_beside_database(clean_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLIANCE_SALT", raising=False)
    live = tmp_path / "s" / "alliance.duckdb"
    load([clean_dir], live)
    salt = (live.parent / ".salt").read_text()
    first = query(live, "select student_key from exam_results order by 1")
    load([clean_dir], live)
    assert (live.parent / ".salt").read_text() == salt
    assert query(live, "select student_key from exam_results order by 1") == first


READER = """
import os, sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("ready", con.sql("select count(*) from schools").fetchall()[0][0], flush=True)
deadline, n = time.time() + 60, 0
while time.time() < deadline and not os.path.exists(sys.argv[2]):
    assert con.sql("select count(*) from schools").fetchall()[0][0] == 4
    n += 1
print("reads", n, flush=True)
"""


def test_reader_process_keeps_reading_during_swap(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    load([clean_dir], db)
    old_target = db.resolve()
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().split() == ["ready", "4"]
        extra = rows("schools")[:1]
        extra[0][0], extra[0][1] = "6401220009", "贺兰县新校"
        report = load([write_set(tmp_path / "more", {"schools": extra})], db)     # while the reader reads
        assert report.ok, report.format()
        assert query(db, "select count(*) from schools") == [(5,)]             # a new connection sees it
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0 and int(out.split()[1]) > 0
    assert db.resolve() != old_target and old_target.exists()


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "ALLIANCE_SALT": "cli", **(env or {})}, timeout=120)


def test_cli_exit_codes(clean_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli" / "alliance.duckdb"
    bad = _bad_dir(tmp_path)
    ok = _cli("check", str(clean_dir), "--db", str(db))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "检查通过" in ok.stdout
    refused = _cli("check", str(bad), "--db", str(db))
    assert refused.returncode == 1
    assert "schools.csv 第3行 列「城乡分类代码」 值「999」：未知的城乡分类代码" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    loaded = _cli("load", str(clean_dir), "--db", str(db))
    assert loaded.returncode == 0 and "已入库" in loaded.stdout
    assert "schools" in loaded.stdout and "4" in loaded.stdout
    before = _sha(db.resolve())
    assert _cli("load", str(bad), "--db", str(db)).returncode == 1
    assert _sha(db.resolve()) == before
    partial = _cli("load", str(bad), "--db", str(db), "--allow-rejects")
    assert partial.returncode == 0 and "load_rejects" in partial.stdout
    missing = _cli("load", str(tmp_path / "nope.xlsx"), "--db", str(db))
    assert missing.returncode == 1 and "文件不存在" in missing.stdout and "Traceback" not in missing.stderr


def test_concurrent_loads_take_turns(clean_dir: Path, db: Path) -> None:
    load([clean_dir], db)
    procs = [subprocess.Popen([sys.executable, "-m", "etl", "load", str(clean_dir), "--db", str(db)], cwd=ROOT,
                              env={**os.environ, "ALLIANCE_SALT": "test-salt"}, stdout=subprocess.PIPE)
             for _ in range(2)]
    started = time.time()
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert time.time() - started < 60
    assert query(db, "select load_id from load_log order by 1") == [(1,), (2,), (3,)]


def test_unreadable_file_kept_in_load_rejects(clean_dir: Path, db: Path) -> None:
    (clean_dir / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert not load([clean_dir], db).ok
    report = load([clean_dir], db, allow_rejects=True)
    assert report.ok
    assert query(db, "select table_name, file, row_number, reason_en from load_rejects") == [
        ("-", "notes.csv", None, "file name is not a known table name (e.g. schools.csv or 学校.csv), not read")]


def test_malformed_csv_row_kept_in_load_rejects(clean_dir: Path, db: Path) -> None:
    with (clean_dir / "surveys.csv").open("a", encoding="utf-8") as f:
        f.write('2024,6401220001,,"家长,10,9\n')                 # a quote that never closes
    report = load([clean_dir], db, allow_rejects=True)
    assert report.ok
    n = len(ROWS["surveys"]) + 2                               # the appended record's row in Excel
    assert query(db, "select table_name, file, row_number, reason_en from load_rejects") == [
        ("-", "surveys.csv", n, "malformed CSV: unterminated or misplaced double quote starting on this row")]


def test_rebuild_renews_stale_marts_and_keeps_every_row(clean_dir: Path, db: Path) -> None:
    assert load([clean_dir], db).ok
    con = duckdb.connect(str(db.resolve()))            # no reader yet: the version may be edited
    con.execute("update mart_meta set marts_version = 'older'")
    con.execute("drop table mart_school_term")
    con.close()
    counts = "select (select count(*) from schools), (select count(*) from activities), " \
             "(select count(*) from exam_results)"
    before, old_file = query(db, counts), db.resolve()
    env = {"ALLIANCE_SALT": "test-salt"}
    out = _cli("rebuild", "--if-stale", "--db", str(db), env=env)
    assert out.returncode == 0 and "已重建汇总表" in out.stdout, out.stdout + out.stderr
    assert db.resolve() != old_file
    assert query(db, counts) == before
    assert query(db, "select count(*) from mart_school_term")[0][0] > 0
    assert query(db, "select max(load_id) from load_log") == [(2,)]
    again = _cli("rebuild", "--if-stale", "--db", str(db), env=env)
    assert again.returncode == 0 and "已是当前版本" in again.stdout
    assert query(db, "select max(load_id) from load_log") == [(2,)]
    missing = _cli("rebuild", "--db", str(db.parent / "none" / "alliance.duckdb"))
    assert missing.returncode == 2 and "没有可重建的数据库" in missing.stderr


def test_cap_checked_against_database_membership(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    assert load([clean_dir], db).ok                              # HL-01 has 3 schools, Helan caps at 4
    more = [["HL-01", "6401220004", "成员校", "", ""]]
    assert load([write_set(tmp_path / "m1", {"members": more})], db).ok
    extra_school = [["6401220005", "贺兰县立岗小学", "640122", "贺兰县", "立岗镇", "小学", "220", "", "", "", "", "",
                     "", ""]]
    report = load([write_set(tmp_path / "m2", {"schools": extra_school,
                                                "members": [["HL-01", "6401220005", "成员校", "", ""]]})], db)
    assert not report.ok
    from tests.etl.fixtures import assert_problem
    assert_problem(report, "members.csv", "第2行", "值「HL-01」", "超过所在区县规定的上限", "over its county's size cap")


def test_whole_table_rejected_rows_each_kept(db: Path, tmp_path: Path) -> None:
    from tests.etl.fixtures import HEADERS, write_csv
    folder = write_set(tmp_path / "in", {k: ROWS[k] for k in ("schools", "surveys")})
    header = [h for h in HEADERS["surveys"] if h != "satisfied"]
    write_csv(folder / "surveys.csv", header, [r[:-1] for r in ROWS["surveys"]])
    report = load([folder], db, allow_rejects=True)
    assert report.ok and report.tables["surveys"].rows_rejected == 2
    got = query(db, "select row_number, column_name, reason_en, raw from load_rejects order by row_number")
    assert [(r[0], r[1], r[2]) for r in got] == [
        (2, "满意人数", "missing required column(s) satisfied: whole table rejected"),
        (3, "满意人数", "missing required column(s) satisfied: whole table rejected")]
    assert json.loads(got[0][3])["respondents"] == "120"


def test_full_marks_below_results_kept_from_before(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    assert load([clean_dir], db).ok                        # X-2024-1 out of 100: 95, 58, 72.5, 88
    x = rows("exams")
    x[0][7] = "80"
    r = [["X-2024-1", "6401220001", "S0001", "三(1)班", "75"]]    # 95 resent as 75; 88 stays stored
    before = db.resolve()
    report = load([write_set(tmp_path / "partial", {"exams": x, "results": r})], db)
    assert not report.ok
    assert_problem(report, "满分", "X-2024-1", "满分 80 低于数据库中已有的 1 个成绩（最高 88 分）")
    assert db.resolve() == before and len(list(db.parent.glob("alliance-*.duckdb"))) == 1


def test_ids_written_as_floats(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    assert load([clean_dir], db).ok
    s = [rows("schools")[0]]
    s[0][0], s[0][1] = "6401220001.0", "贺兰县第一小学（更名）"
    assert load([write_set(tmp_path / "f", {"schools": s})], db).ok
    assert query(db, "select school_id, name from schools where name like '%更名%'") == [
        ("6401220001", "贺兰县第一小学(更名)")]
    assert query(db, "select count(*) from schools") == [(4,)]


def test_a_load_killed_mid_way_leaves_no_debris(clean_dir: Path, db: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    assert load([clean_dir], db).ok
    live = db.resolve()
    before = live.read_bytes()
    flag = tmp_path / "building"
    # A second load that stops while its marts are being built (its version file is half written),
    # then is killed as kill -9 would.
    script = (f"import time, pathlib, etl.load as L\n"
              f"def stall(con):\n"
              f"    con.execute('create table spill as select range::varchar as x from range(300000) order by random()')\n"
              f"    pathlib.Path({str(flag)!r}).touch()\n"
              f"    time.sleep(60)\n"
              f"L.build_marts = stall\n"
              f"L.load([{str(clean_dir)!r}], {str(db)!r})\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        for _ in range(600):
            if flag.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert flag.exists(), "the stalled load never reached its marts"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    debris = sorted(p.name for p in db.parent.iterdir() if p.name not in (db.name, live.name, ".salt"))
    assert any(n.endswith(".duckdb") for n in debris), debris          # the half-written version file
    assert db.resolve() == live and live.read_bytes() == before     # the live database was never touched
    assert load([clean_dir], db).ok
    left = {p.name for p in db.parent.iterdir()}
    assert not [n for n in left if n.endswith((".loading", ".wal", ".tmp"))], left
    assert len([n for n in left if n.endswith(".duckdb")]) == 3     # live link, previous and new version
