"""Sign-in in a real browser: a server over the hand-made fixture with a users file (ALLIANCE_USERS)
asks for 用户名 / 密码 before any page, refuses a wrong password with one Chinese message, signs an
inspector in to its own county only (a tampered ?county= link says it is outside its access),
and signs out back to the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.labels import signin as LS
from etl import users
from tests.browser.conftest import streamlit_server

PASSWORDS = {"root": "root-password", "insp": "insp-password"}


@pytest.fixture(scope="module")
def signin_server(browser, tmp_path_factory):
    from tests.dashboard import fixture_db

    base = tmp_path_factory.mktemp("browser-signin")
    db = fixture_db.build(base / "db" / "alliance.duckdb")
    accounts = base / "users.toml"
    users.write({"root": users.User("root", "admin", users.hash_password(PASSWORDS["root"])),
                 "insp": users.User("insp", "inspector", users.hash_password(PASSWORDS["insp"]), alliances=("A3",))},
                accounts)
    env = {"ALLIANCE_USERS": str(accounts), "ALLIANCE_AUDIT_DB": str(base / "audit.sqlite")}
    with streamlit_server(db, env) as url:
        yield url, base / "audit.sqlite"


def _sign_in(page, name: str, password: str) -> None:
    page.get_by_label(LS.USER_NAME).fill(name)
    page.get_by_label(LS.PASSWORD).fill(password)
    page.get_by_role("button", name=LS.SIGNIN_BUTTON).click()


def test_sign_in_wrong_password_then_sign_out(page, signin_server, screenshots):
    url, audit_db = signin_server
    page.goto(f"{url}/overview")
    page.get_by_label(LS.PASSWORD).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 0          # no figures before sign-in
    _sign_in(page, "root", "not-the-password")
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=15_000)
    assert error.inner_text().strip() == LS.SIGNIN_FAILED
    page.screenshot(path=str(screenshots / "signin_wrong_password.png"), full_page=True)

    _sign_in(page, "root", PASSWORDS["root"])
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "已登录：root（管理员）" in sidebar.inner_text()
    assert sidebar.get_by_text("数据管理").count() == 1                     # the admin page is listed for an admin
    page.screenshot(path=str(screenshots / "signin_admin.png"), full_page=True)

    sidebar.get_by_role("button", name=LS.SIGN_OUT).click()
    page.get_by_label(LS.PASSWORD).wait_for(timeout=15_000)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0, timeout=15_000)   # the page is gone

    import sqlite3
    with sqlite3.connect(audit_db) as con:
        actions = [r[0] for r in con.execute("select action from audit_log order by audit_id")]
    assert actions == ["sign_in_failed", "sign_in", "sign_out"]


def test_inspector_link_to_another_county_stays_in_scope(page, signin_server, screenshots):
    url, _ = signin_server
    page.goto(f"{url}/coverage?county=640122&year=2024-2025")
    page.get_by_label(LS.PASSWORD).wait_for(timeout=30_000)
    _sign_in(page, "insp", PASSWORDS["insp"])
    warning = page.locator('[data-testid="stAlertContentWarning"]').first
    warning.wait_for(timeout=30_000)
    assert "超出您的访问范围" in warning.inner_text()
    page.locator('[data-testid="stDeckGlJsonChart"]').first.wait_for(timeout=30_000)
    body = page.locator('[data-testid="stMain"]').inner_text()
    # Nothing of 640122 (贺兰: 城关一小, 金贵镇小, 立岗镇...) is listed; 苍南's uncovered list is empty.
    assert not any(name in body for name in ("城关一小", "金贵镇小", "立岗", "洪广", "暖泉"))
    assert "county=640122" not in page.url
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("数据管理").count() == 0                     # not listed for an inspector
    page.screenshot(path=str(screenshots / "signin_inspector_tampered.png"), full_page=True)
