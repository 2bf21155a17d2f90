"""Accounts: password hashing, the users file (atomic, owner-only, TOML that round-trips), the
`python -m etl users` commands through etl.cli.main, the role -> Scope mapping, and `make run`'s
listening address."""

from __future__ import annotations

import io
import os
import stat

import pytest

from dashboard import auth
from dashboard.scope import EVERYTHING, MIN_EXAMINEES, Scope
from etl import cli, users


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "users.toml"
    monkeypatch.setenv("ALLIANCE_USERS", str(path))
    return path


def _run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_hashes_are_salted_and_verify():
    a, b = users.hash_password("same password"), users.hash_password("same password")
    assert a != b and a.startswith("$argon2id$")                # a fresh salt per hash
    user = users.User("u", "admin", a)
    assert users.verify(user, "same password")
    assert not users.verify(user, "same passworD")
    assert not users.verify(None, "same password")               # unknown name: no
    assert not users.verify(users.User("u", "admin", "not-a-hash"), "same password")
    with pytest.raises(users.UsersError):
        users.hash_password("short")                             # under MIN_PASSWORD (8)


def test_commands_add_list_passwd_remove(users_file, monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, ["users", "add", "张局", "--role", "leader", "--county", "640122",
                                              "--county", "330327", "--password-stdin"], "leader-pass\n")
    assert code == 0 and "张局" in out
    assert stat.S_IMODE(os.stat(users_file).st_mode) == 0o600   # hashes readable by the owner only
    assert _run(monkeypatch, capsys, ["users", "add", "insp", "--role", "inspector", "--alliance", "A3",
                                      "--password-stdin"], "insp-pass-1\n")[0] == 0
    assert _run(monkeypatch, capsys, ["users", "add", "s4", "--role", "school", "--school", "S4",
                                      "--password-stdin"], "school-pass\n")[0] == 0
    code, out, _ = _run(monkeypatch, capsys, ["users", "list"])
    assert out.splitlines() == ["insp\tinspector\tA3", "s4\tschool\tS4", "张局\tleader\t640122,330327"]
    stored = users.read()
    assert stored["张局"].counties == ("640122", "330327") and users.verify(stored["张局"], "leader-pass")
    assert "leader-pass" not in users_file.read_text(encoding="utf-8")

    old_hash = stored["insp"].password_hash
    assert _run(monkeypatch, capsys, ["users", "passwd", "insp", "--password-stdin"], "insp-pass-2\n")[0] == 0
    insp = users.read()["insp"]
    assert insp.password_hash != old_hash and users.verify(insp, "insp-pass-2") and not users.verify(insp, "insp-pass-1")
    assert insp.alliances == ("A3",)                             # passwd keeps the role and scope

    assert _run(monkeypatch, capsys, ["users", "remove", "s4"])[0] == 0
    assert sorted(users.read()) == ["insp", "张局"]
    # Nothing but the users file is left in its folder: the temp file was renamed over it.
    assert os.listdir(users_file.parent) == ["users.toml"]


@pytest.mark.parametrize(("argv", "message"), [
    (["users", "add", "x", "--role", "leader", "--password-stdin"], "必须指定 --county"),
    (["users", "add", "x", "--role", "inspector", "--password-stdin"], "必须指定 --alliance"),
    (["users", "add", "x", "--role", "school", "--password-stdin"], "必须指定 --school"),
    (["users", "add", "x", "--role", "leader", "--county", "640122", "--alliance", "A1", "--password-stdin"],
     "不使用 --alliance"),
    (["users", "add", "a b", "--role", "admin", "--password-stdin"], "无效"),
    (["users", "remove", "nobody"], "没有账号"),
    (["users", "passwd", "nobody", "--password-stdin"], "没有账号"),
])
def test_commands_refuse_with_a_chinese_message(users_file, monkeypatch, capsys, argv, message):
    code, _, err = _run(monkeypatch, capsys, argv, "long-enough-pass\n")
    assert code == 2 and message in err
    assert not users_file.exists()                              # nothing written


def test_add_twice_and_short_password_refused(users_file, monkeypatch, capsys):
    assert _run(monkeypatch, capsys, ["users", "add", "root", "--role", "admin", "--password-stdin"],
                "root-password\n")[0] == 0
    code, _, err = _run(monkeypatch, capsys, ["users", "add", "root", "--role", "admin", "--password-stdin"],
                        "other-password\n")
    assert code == 2 and "已存在" in err
    code, _, err = _run(monkeypatch, capsys, ["users", "add", "b", "--role", "admin", "--password-stdin"], "short\n")
    assert code == 2 and "至少 8" in err and sorted(users.read()) == ["root"]


def test_names_and_emails_with_quotes_round_trip(users_file):
    odd = users.User('o"k\\名', "school", users.hash_password("password-1"), school='S"1', email="a@b.cn")
    users.write({odd.name: odd})
    assert users.read() == {odd.name: odd}


def test_broken_users_file_refuses_everyone(users_file):
    users_file.parent.mkdir(parents=True)
    users_file.write_text("[users.x\nrole=", encoding="utf-8")
    with pytest.raises(users.UsersError):
        users.read()
    assert auth.enabled()                 # a broken file never opens the data
    assert users.serve_address() == "127.0.0.1"


def test_serve_address_follows_the_users_file(users_file):
    assert users.serve_address() == "127.0.0.1" and not auth.enabled()      # no file: open demo, local only
    users.write({"root": users.User("root", "admin", users.hash_password("root-password"))})
    assert users.serve_address() == "0.0.0.0" and auth.enabled()


def test_role_scopes():
    h = "x"
    assert auth.scope_of(None) == EVERYTHING and not EVERYTHING.small_results_hidden
    admin = auth.scope_of(users.User("a", "admin", h))
    assert admin == EVERYTHING and not admin.restricted and not admin.small_results_hidden
    leader = auth.scope_of(users.User("l", "leader", h, counties=("640122",)))
    assert leader == Scope(counties=["640122"], small_results_hidden=True) and leader.restricted
    inspector = auth.scope_of(users.User("i", "inspector", h, alliances=("A3", "A1")))
    assert inspector.alliances == ("A1", "A3") and inspector.counties is None and inspector.restricted
    school = auth.scope_of(users.User("s", "school", h, school="S4"))
    assert school.schools == ("S4",) and school.params()["min_examinees"] == MIN_EXAMINEES == 5
    assert admin.params()["min_examinees"] == 0


def test_concurrent_commands_lose_no_account(users_file):
    # Each command reads, changes and rewrites the whole file: without taking turns two adds at
    # once would each write the file without the other's account.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "ALLIANCE_USERS": str(users_file), "PYTHONPATH": str(root)}
    procs = [subprocess.Popen([sys.executable, "-m", "etl", "users", "add", f"u{i}", "--role", "admin",
                               "--password-stdin"], stdin=subprocess.PIPE, env=env, cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for i in range(4)]
    for p in procs:                  # every password given first, so that the four run at once
        p.stdin.write(b"password-123\n")
        p.stdin.close()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    assert sorted(users.read()) == ["u0", "u1", "u2", "u3"]
