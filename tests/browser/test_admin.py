"""数据管理 in a real browser: an admin uploads a hostile file (bad codes, a formula-looking name, a
path in the file name) in strict mode and sees the rejected rows, while the live database stays the
same file; then loads a good file and the page's history and the dashboard show the new load."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from dashboard.labels import admin as LA
from dashboard.labels import signin as LS
from etl import users
from tests.browser.conftest import streamlit_server

PASSWORD = "admin-password"
HOSTILE = ("school_id,name,county_code,county,town,stage,urban_rural_code,lon,lat,students\n"
           "S10,=HYPERLINK(\"http://evil.example\"),640122,贺兰县,习岗镇,primary,111,106.3,38.5,100\n"
           "S11,新学校,640122,贺兰县,习岗镇,kindergarten-x,999,abc,38.5,-5\n").encode()
# Excel's "Unicode text" (UTF-16 with a BOM, tab-separated, .txt): the uploader takes any file.
GOOD = ("school_id\tname\tcounty_code\tcounty\ttown\tstage\turban_rural_code\tlon\tlat\tstudents\r\n"
        "S12\t新建村小\t640122\t贺兰县\t习岗镇\tprimary\t220\t106.31\t38.51\t40\r\n").encode("utf-16")


@pytest.fixture(scope="module")
def admin_server(browser, tmp_path_factory):
    from tests.dashboard import fixture_db

    base = tmp_path_factory.mktemp("browser-admin")
    db = fixture_db.build(base / "db" / "alliance.duckdb")
    accounts = base / "users.toml"
    users.write({"root": users.User("root", "admin", users.hash_password(PASSWORD))}, accounts)
    env = {"ALLIANCE_USERS": str(accounts), "ALLIANCE_AUDIT_DB": str(base / "audit.sqlite")}
    with streamlit_server(db, env) as url:
        yield url, db


def _sign_in(page) -> None:
    page.get_by_label(LS.USER_NAME).fill("root")
    page.get_by_label(LS.PASSWORD).fill(PASSWORD)
    page.get_by_role("button", name=LS.SIGNIN_BUTTON).click()
    page.get_by_role("heading", name=LA.ADMIN_TITLE).wait_for(timeout=30_000)


def _upload(page, name: str, data: bytes, button: str, outcome) -> None:
    """Upload one file, press the button and wait for the outcome locator to show."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    page.get_by_text(name.rsplit("/", 1)[-1]).first.wait_for(timeout=15_000)
    # The chip shows the size once the upload has reached the server (a progress bar before):
    # a click earlier would run the page with no file.
    page.locator('[data-testid="stFileUploader"]').get_by_text(f"{len(data):.1f}B").wait_for(timeout=30_000)
    # One press: the uploader sits in a form, so the upload starts no rerun that could swallow it.
    page.get_by_role("button", name=button).click()
    outcome.wait_for(timeout=60_000)


def test_hostile_upload_rejected_then_good_load_shows(page, admin_server, screenshots):
    url, db = admin_server
    before = os.path.realpath(db)
    page.goto(f"{url}/admin")
    _sign_in(page)

    error = page.locator('[data-testid="stAlertContentError"]').filter(has_text="未导入")
    _upload(page, "学校.csv", HOSTILE, LA.LOAD_BUTTON, error)
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)                   # counts, then problems
    grid.wait_for(timeout=15_000)
    page.get_by_role("button", name=LA.PROBLEMS_DOWNLOAD).wait_for()
    page.screenshot(path=str(screenshots / "admin_hostile.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name=LA.PROBLEMS_DOWNLOAD).click()
    import io

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    rows = {(r[2], r[3], r[4]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    # Row 2's name is a formula with no result (refused by the loader); row 3 has four bad cells.
    assert rows == {(2, "学校名称", '=HYPERLINK("http://evil.example")'), (3, "学段", "kindergarten-x"),
                    (3, "城乡分类代码", "999"), (3, "经度", "abc"), (3, "学生数", "-5")}
    formula_cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPER"))
    assert formula_cell.data_type == "s"                 # written back as text: opening it runs nothing
    assert os.path.realpath(db) == before                                       # strict: nothing swapped in

    page.reload()                    # a fresh session: the uploader starts empty, sign in again
    _sign_in(page)
    _upload(page, "学校.txt", GOOD, LA.LOAD_BUTTON,
            page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text="已导入（第 2 次导入）"))
    assert os.path.realpath(db) != before
    page.get_by_role("tab", name=LA.TAB_HISTORY).click()
    history = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("canvas")).first
    expect(history).to_be_visible()
    assert "第 2 次载入" in page.locator('[data-testid="stSidebar"]').inner_text()    # the dashboard shows it
    page.get_by_role("tab", name=LA.TAB_QUALITY).click()
    page.screenshot(path=str(screenshots / "admin_quality.png"), full_page=True)
