"""Local accounts: the users file (ALLIANCE_USERS, TOML, never committed) and `python -m etl users`.

One [users.NAME] table per account: role (admin | leader | inspector | school), the counties,
alliances or school it may see, and an argon2id hash of its password (salted per hash by
argon2-cffi). The dashboard reads this file (dashboard/auth.py); this module is its only writer,
and writes atomically (temp file + os.replace) so a running dashboard never reads half a file."""

from __future__ import annotations

import argparse
import fcntl
import functools
import json
import os
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from etl import settings

ROLES = ("admin", "leader", "inspector", "school")
MIN_PASSWORD = 8

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the name is unknown, so a wrong name costs the same time as a wrong password.
    Hashed on first use: hashing it on import cost every `python -m etl` command 0.4 s (a county
    load takes 2)."""
    return _hasher.hash("not a password of anyone")


class UsersError(ValueError):
    """A users file or command the operator must fix; the message is Chinese."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    counties: tuple[str, ...] = field(default=())
    alliances: tuple[str, ...] = field(default=())
    school: str | None = None
    email: str | None = None        # optional: the OIDC provider's e-mail that signs in as this account


def path() -> Path:
    return Path(settings.get("ALLIANCE_USERS"))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"密码至少 {MIN_PASSWORD} 个字符")
    return _hasher.hash(password)


def verify(user: User | None, password: str) -> bool:
    """Whether password is the user's; None (unknown name) spends the same work and says no."""
    try:
        return _hasher.verify(user.password_hash if user else _dummy_hash(), password) and user is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check(user: User) -> User:
    if not user.name or any(c.isspace() for c in user.name) or user.name.startswith("-"):
        raise UsersError(f"用户名「{user.name}」无效：不能为空、不能含空格")
    if user.role not in ROLES:
        raise UsersError(f"角色「{user.role}」无效，可选：{'、'.join(ROLES)}")
    needs = {"leader": ("counties", "--county"), "inspector": ("alliances", "--alliance"),
             "school": ("school", "--school")}
    if user.role in needs:
        attr, option = needs[user.role]
        if not getattr(user, attr):
            raise UsersError(f"角色 {user.role} 必须指定 {option}")
    extra = [opt for attr, opt in (("counties", "--county"), ("alliances", "--alliance"), ("school", "--school"))
             if getattr(user, attr) and needs.get(user.role, (None,))[0] != attr]
    if extra:
        # A leader with --alliance would silently see only the intersection: refuse instead.
        raise UsersError(f"角色 {user.role} 不使用 {'、'.join(extra)}")
    return user


def read(file: Path | None = None) -> dict[str, User]:
    """Accounts by name; an absent file means no accounts (the open demo). The dashboard asks on
    every script run: parsed once per version of the file (path, mtime, size, inode: each write is a new file)."""
    file = file or path()
    try:
        stat = file.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsersError(f"用户文件 {file} 无法读取：{exc}") from exc
    return dict(_parse(str(file), stat.st_mtime_ns, stat.st_size, stat.st_ino))


@functools.lru_cache(maxsize=8)
def _parse(file: str, mtime_ns: int, size: int, inode: int) -> dict[str, User]:
    try:
        data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsersError(f"用户文件 {file} 无法读取：{exc}") from exc
    users = {}
    for name, row in data.get("users", {}).items():
        users[name] = _check(User(name=name, role=row.get("role", ""), password_hash=row.get("password_hash", ""),
                                  counties=tuple(row.get("counties", ())), alliances=tuple(row.get("alliances", ())),
                                  school=row.get("school"), email=row.get("email")))
    return users


def _toml_str(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _render(users: dict[str, User]) -> str:
    lines = ["# 看板登录账号：由 python -m etl users 维护，请勿提交到代码库。", ""]
    for u in sorted(users.values(), key=lambda u: u.name):
        lines.append(f"[users.{_toml_str(u.name)}]")
        lines.append(f"role = {_toml_str(u.role)}")
        if u.counties:
            lines.append(f"counties = [{', '.join(map(_toml_str, u.counties))}]")
        if u.alliances:
            lines.append(f"alliances = [{', '.join(map(_toml_str, u.alliances))}]")
        if u.school:
            lines.append(f"school = {_toml_str(u.school)}")
        if u.email:
            lines.append(f"email = {_toml_str(u.email)}")
        lines.append(f"password_hash = {_toml_str(u.password_hash)}")
        lines.append("")
    return "\n".join(lines)


def write(users: dict[str, User], file: Path | None = None) -> Path:
    """Replace the users file atomically, readable by its owner only."""
    file = file or path()
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_render(users))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return file


def serve_address() -> str:
    """Where `make run` listens: this machine only while no account exists (the open demo)."""
    try:
        return "0.0.0.0" if read() else "127.0.0.1"
    except UsersError:
        return "127.0.0.1"


# ---- python -m etl users

def add_parser(sub: argparse._SubParsersAction) -> None:
    u = sub.add_parser("users", help="看板登录账号 (dashboard accounts in ALLIANCE_USERS)")
    us = u.add_subparsers(dest="users_command", required=True)
    a = us.add_parser("add", help="新增账号 (add an account)")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--county", action="append", default=[], help="局领导可见的区县代码，可重复")
    a.add_argument("--alliance", action="append", default=[], help="督导负责的教共体编号，可重复")
    a.add_argument("--school", default=None, help="学校账号对应的学校编号")
    a.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取密码")
    us.add_parser("list", help="列出账号 (list accounts)")
    r = us.add_parser("remove", help="删除账号 (remove an account)")
    r.add_argument("name")
    p = us.add_parser("passwd", help="修改密码 (set a new password)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取密码")


def _password_from_stdin() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def command(args: argparse.Namespace) -> int:
    """Run one `users` subcommand; 0 done, 2 refused (message on stderr)."""
    try:
        # The password is read before taking turns: a command waiting at its prompt must not hold
        # the others up.
        password = _password_from_stdin() if args.users_command in ("add", "passwd") else None
        with _turns():
            return _command(args, password)
    except UsersError as e:
        print(f"错误 (error): {e}", file=sys.stderr)
        return 2


@contextmanager
def _turns() -> Iterator[None]:
    """Two commands at once take turns (each reads, changes and rewrites the whole file): the
    folder is locked, so no lock file is left beside the users file."""
    folder = path().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _command(args: argparse.Namespace, password: str | None) -> int:
    users = read()
    if args.users_command == "list":
        for u in sorted(users.values(), key=lambda u: u.name):
            where = ",".join(u.counties or u.alliances or ((u.school,) if u.school else ()))
            print(f"{u.name}\t{u.role}\t{where}")
        return 0
    if args.users_command == "add":
        if args.name in users:
            raise UsersError(f"账号「{args.name}」已存在；改密码用 users passwd")
        draft = User(args.name, args.role, "", tuple(args.county), tuple(args.alliance), args.school)
        _check(draft)
        users[args.name] = User(**{**draft.__dict__, "password_hash": hash_password(password or "")})
        print(f"已新增账号 (added) {args.name} → {write(users)}")
        return 0
    if args.name not in users:
        raise UsersError(f"没有账号「{args.name}」")
    if args.users_command == "remove":
        del users[args.name]
    else:
        users[args.name] = User(**{**users[args.name].__dict__, "password_hash": hash_password(password or "")})
    print(f"已{'删除账号' if args.users_command == 'remove' else '修改密码'} {args.name} → {write(users)}")
    return 0
