"""AppTest of sign-in over the hand-made fixture with a users file in tmp (ALLIANCE_USERS): the form,
wrong passwords and their slowing down, sign-out, URL tampering by an inspector, view-as, the admin
page (upload of a hostile file: rejected rows shown, database unchanged in strict mode)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import audit, auth
from dashboard.labels import admin as LA
from dashboard.labels import common as L
from dashboard.labels import signin as LS
from etl import users

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
ADMIN_PAGE = "../pages/admin.py"
PASSWORDS = {"root": "root-password", "insp": "insp-password", "school4": "school-password"}


@pytest.fixture
def accounts(tmp_path, monkeypatch, fixture_path):
    """root (admin), insp (inspector of A3: the 苍南 alliance, schools S8 S9), school4 (S4)."""
    path = tmp_path / "users.toml"
    monkeypatch.setenv("ALLIANCE_USERS", str(path))
    monkeypatch.setenv("ALLIANCE_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setattr(auth, "NAMES", auth.Throttle())      # failures of other tests do not count
    users.write({
        "root": users.User("root", "admin", users.hash_password(PASSWORDS["root"])),
        "insp": users.User("insp", "inspector", users.hash_password(PASSWORDS["insp"]), alliances=("A3",)),
        "school4": users.User("school4", "school", users.hash_password(PASSWORDS["school4"]), school="S4"),
    }, path)
    return path


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at


def _sign_in(at: AppTest, name: str, password: str | None = None) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(PASSWORDS.get(name, "") if password is None else password)
    return at.button[0].click().run()


def _actions() -> list[tuple[str, str | None]]:
    log = audit.entries()
    return list(zip(log["action"], log["user_name"], strict=True))[::-1]


def test_form_before_any_page(accounts):
    at = _app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == [LS.USER_NAME, LS.PASSWORD]
    assert at.text_input(key="signin_password").proto.type == at.text_input(key="signin_password").proto.PASSWORD
    assert [b.label for b in at.button] == [LS.SIGNIN_BUTTON]
    assert not at.metric and not at.selectbox           # no page, no filters before sign-in


def test_wrong_password_one_message_then_slowed(accounts):
    at = _app().run()
    _sign_in(at, "root", "wrong-1")
    assert [e.value for e in at.error] == [LS.SIGNIN_FAILED]
    _sign_in(at, "nobody", "wrong-2")                   # an unknown name gets the same message
    assert [e.value for e in at.error] == [LS.SIGNIN_FAILED]
    _sign_in(at, "root", "wrong-3")
    # The third failure in this session sets a 1 s wait (2 ** (3 - FREE_FAILURES)): an immediate
    # fourth attempt is refused unchecked, even with the right password.
    _sign_in(at, "root")
    assert len(at.error) == 1 and at.error[0].value.startswith("登录失败次数过多")
    assert not at.metric
    assert _actions() == [("sign_in_failed", "root"), ("sign_in_failed", "nobody"), ("sign_in_failed", "root")]


def test_throttle_per_name_survives_a_new_session():
    t = auth.Throttle()
    for _ in range(auth.FREE_FAILURES - 1):
        t.failed("root", now=100.0)
    assert t.wait("root", now=100.0) == 0                      # two failures: no wait yet
    t.failed("root", now=100.0)
    assert t.wait("root", now=100.0) == 1.0                    # 2 ** 0
    t.failed("root", now=100.0)
    assert t.wait("root", now=100.5) == 1.5                    # 2 ** 1 = 2 s from 100.0
    for _ in range(20):
        t.failed("root", now=100.0)
    assert t.wait("root", now=100.0) == auth.MAX_DELAY
    assert t.wait("other", now=100.0) == 0
    t.succeeded("root")
    assert t.wait("root", now=100.0) == 0


def test_sign_in_then_pages_then_sign_out(accounts):
    at = _sign_in(_app().run(), "root")
    assert not at.exception
    assert L.PAGE_OVERVIEW in [t.value for t in at.title]
    assert LS.SIGNED_IN_AS.format(name="root", role="管理员") in [c.value for c in at.sidebar.caption]
    assert at.selectbox(key="filter_county").options == ["全部", "苍南县", "贺兰县"]
    at.button(key="sign_out").click().run()
    assert [t.label for t in at.text_input] == [LS.USER_NAME, LS.PASSWORD]
    assert not at.metric
    assert _actions() == [("sign_in", "root"), ("sign_out", "root")]


def test_open_demo_says_sign_in_is_off(fixture_path, tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_USERS", str(tmp_path / "none.toml"))
    at = _app().run()
    assert not at.exception
    assert LS.SIGNIN_DISABLED in [c.value for c in at.sidebar.caption]
    assert L.PAGE_OVERVIEW in [t.value for t in at.title]


def test_inspector_url_tampering_gets_nothing_outside_scope(accounts):
    # insp sees alliance A3 only: county 330327. A link naming 640122 (贺兰) is outside its access.
    at = _sign_in(_app(county="640122").run(), "insp")
    assert not at.exception
    county = at.selectbox(key="filter_county")
    assert county.options == ["全部", "苍南县"] and county.value != "640122"
    assert any(w.value.startswith("链接中的筛选条件超出您的访问范围") for w in at.warning)
    assert at.query_params["county"] != "640122"
    # Filtering the whole of its view (全部): figures are those of A3's two schools, S8 and S9.
    county.select("all").run()
    metrics = {m.label: m.value for m in at.metric}
    from dashboard.labels import overview as LO
    assert metrics[LO.METRIC_ALLIANCES] == "1 个"
    assert metrics[LO.METRIC_COVERED] == "2 所"


def test_non_admin_cannot_open_the_admin_page(accounts):
    at = _sign_in(_app().run(), "school4")
    at.switch_page(ADMIN_PAGE).run()
    assert [e.value for e in at.error] == [LS.ADMIN_ONLY]
    assert not at.file_uploader


def test_admin_views_as_inspector(accounts):
    at = _sign_in(_app().run(), "root")
    at.selectbox(key="view_as_pick").select("insp").run()
    assert not at.exception
    assert at.selectbox(key="filter_county").options == ["全部", "苍南县"]
    assert any(w.value.startswith("正在以 insp（督导）") for w in at.sidebar.warning)
    at.selectbox(key="view_as_pick").select_index(0).run()          # （本人）
    assert at.selectbox(key="filter_county").options == ["全部", "苍南县", "贺兰县"]
    assert [a for a in _actions() if a[0] == "view_as"] == [("view_as", "root"), ("view_as", "root")]
    log = audit.entries("view_as")
    assert log["target"].to_list() == ["root", "insp"]          # newest first: back to self


HOSTILE_SCHOOLS = (
    "school_id,name,county_code,county,town,stage,urban_rural_code,lon,lat,students\n"
    "S10,=HYPERLINK(\"http://evil.example\"),640122,贺兰县,习岗镇,primary,111,106.3,38.5,100\n"
    "S11,新学校,640122,贺兰县,习岗镇,kindergarten-x,999,abc,38.5,-5\n"
).encode()


def test_admin_upload_of_hostile_file_strict_leaves_database_unchanged(accounts, fixture_path):
    before = os.path.realpath(fixture_path)
    at = _sign_in(_app().run(), "root")
    at.switch_page(ADMIN_PAGE).run()
    assert not at.exception
    at.file_uploader(key="admin_upload").set_value([("学校.csv", HOSTILE_SCHOOLS, "text/csv")])
    at.button(key="admin_load").click().run()
    assert not at.exception
    assert any(e.value.startswith("未导入") for e in at.error)
    # AppTest keeps no key on dataframes: the problems table is the one with its columns.
    problems = next(d.value for d in at.dataframe if list(d.value.columns) == list(LA.PROBLEMS_COLUMNS.values()))
    # Row 3 of the file (header = row 1) carries four bad cells; row 2's name is a formula with no result.
    assert set(zip(problems["行"], problems["列"], problems["值"], strict=True)) == {
        (2, "学校名称", '=HYPERLINK("http://evil.example")'),
        (3, "城乡分类代码", "999"), (3, "学生数", "-5"), (3, "学段", "kindergarten-x"), (3, "经度", "abc")}
    assert (problems["文件"] == "学校.csv").all() and (problems["级别"] == "错误").all()
    assert os.path.realpath(fixture_path) == before                 # no new version swapped in
    assert audit.entries("load").is_empty()


def test_admin_checks_an_old_excel_workbook_and_names_a_file_it_cannot_read(accounts, fixture_path):
    # The page takes any file: an Excel 97-2003 workbook is read, a WPS ledger is named in Chinese.
    old_xls = (Path(__file__).parents[1] / "etl" / "data" / "学校.xls").read_bytes()
    at = _sign_in(_app().run(), "root")
    at.switch_page(ADMIN_PAGE).run()
    at.file_uploader(key="admin_upload").set_value([("学校.xls", old_xls, "application/vnd.ms-excel"),
                                                    ("活动.et", b"\xd0\xcf\x11\xe0 wps", "application/octet-stream")])
    at.button(key="admin_check").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [LA.RESULT_CHECK_BAD.format(errors=2)]
    problems = next(d.value for d in at.dataframe if list(d.value.columns) == list(LA.PROBLEMS_COLUMNS.values()))
    errors = problems[problems["级别"] == "错误"]
    assert set(zip(errors["文件"], errors["行"].fillna(0), errors["值"].fillna(""), strict=True)) == {
        ("学校.xls", 5, "999"), ("活动.et", 0, "")}
    assert errors[errors["文件"] == "活动.et"]["原因"].item().startswith("无法读取这种文件")
    assert audit.entries("load").is_empty()


def test_oidc_email_signs_in_as_the_mapped_account(accounts):
    # A bureau's provider (st.login) vouches for an e-mail; the users file maps it to an account.
    mapped = users.read()
    mapped["insp"] = users.User(**{**mapped["insp"].__dict__, "email": "Li@Bureau.example"})
    users.write(mapped)
    at = _app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.user = {"is_logged_in": True, "email": "li@bureau.example"}
    at.run()
    assert not at.exception
    assert at.selectbox(key="filter_county").options == ["全部", "苍南县"]     # the inspector's scope
    assert _actions() == [("sign_in", "insp")]


def test_oidc_email_without_account_is_refused(accounts):
    at = _app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.user = {"is_logged_in": True, "email": "stranger@example.com"}
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [LS.SIGNIN_OIDC_UNKNOWN.format(email="stranger@example.com")]
    assert not at.metric and _actions() == []


def test_admin_rebuilds_stale_marts_from_the_page(accounts, fixture_path, tmp_path, monkeypatch):
    import shutil

    import duckdb

    live = tmp_path / "live" / "alliance.duckdb"
    live.parent.mkdir()
    version = live.parent / "alliance-20250101T000000000000.duckdb"
    shutil.copyfile(os.path.realpath(fixture_path), version)
    with duckdb.connect(str(version)) as con:
        con.execute("update mart_meta set marts_version = 'older'")
    os.symlink(version.name, live)
    monkeypatch.setenv("ALLIANCE_DB", str(live))
    at = _sign_in(_app().run(), "root")
    at.switch_page(ADMIN_PAGE).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [LA.STALE_NOTE]
    at.button(key="admin_rebuild").click().run()
    assert not at.exception
    assert os.path.realpath(live) != str(version)                    # a new version swapped in
    assert not at.warning and at.file_uploader                        # the page is back to normal
    loads = audit.entries("load")
    assert loads["user_name"].to_list() == ["root"] and loads["target"].to_list() == ["rebuild"]


def test_inspector_alliance_link_outside_scope_shows_nothing_of_it(accounts):
    from dashboard.labels import alliance as LAL

    # insp sees A3 only; a link to 教共体详情 of A1 (贺兰一小教共体) says it is not in its view.
    at = _sign_in(_app(alliance="A1").run(), "insp")
    at.switch_page("../pages/alliance.py").run()
    assert not at.exception
    assert LAL.UNKNOWN.format(alliance="A1") in [w.value for w in at.warning]
    shown = "\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.title, *at.subheader))
    assert "贺兰一小教共体" not in shown and "城关一小" not in shown


def test_removed_account_is_signed_out_on_its_next_click(accounts):
    at = _sign_in(_app().run(), "school4")
    assert at.metric                                                  # signed in, the overview shows
    remaining = users.read()
    del remaining["school4"]
    users.write(remaining)                                            # `python -m etl users remove school4`
    at.run()
    assert [t.label for t in at.text_input] == [LS.USER_NAME, LS.PASSWORD] and not at.metric


def test_admin_sees_the_accounts_without_hashes(accounts):
    at = _sign_in(_app().run(), "root")
    at.switch_page(ADMIN_PAGE).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "角色" in d.value.columns)
    assert table.values.tolist() == [["insp", "督导", "A3", ""], ["root", "管理员", "全部", ""],
                                     ["school4", "学校", "S4", ""]]
    assert "$argon2" not in table.to_string()
