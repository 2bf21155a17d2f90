"""Reading a rubric file and checking its values, with the line of every mistake: tomllib gives
line numbers only for syntax errors, so a key's line is found in the text (rubric/rules.py uses
these)."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

from etl import codes


class RubricError(ValueError):
    """A rubric or assignment file that cannot be used, with where the mistake is."""

    def __init__(self, path: Path, line: int | None, key: str | None, reason: str):
        self.path, self.line, self.key, self.reason = path, line, key, reason
        where = f"{path.name}" + (f" 第 {line} 行" if line else "") + (f"（{key}）" if key else "")
        super().__init__(f"{where}：{reason}")


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z_][\w.-]*)\s*\]\]?")


def key_line(text: str, table: str | None, index: int, key: str | None) -> int | None:
    """Line (1-based) where `key` is set in the index-th `[[table]]` (or in `[table]`, or at the top
    when table is None); the table's header line when the key is absent from it."""
    current, seen, header_line = None, {}, None
    key_re = re.compile(rf"^\s*(\"{re.escape(key)}\"|{re.escape(key)})\s*=") if key else None
    for n, line in enumerate(text.splitlines(), start=1):
        if m := _HEADER.match(line):
            current = m.group(2)
            seen[current] = seen.get(current, -1) + 1
            if current == table and seen[current] == index:
                header_line = n
            continue
        in_table = (table is None and current is None) or (current == table and seen.get(current) == index)
        if in_table and key_re and key_re.match(line):
            return n
    return header_line


class Checker:
    """Reads one file's tables with the file's text at hand for line numbers."""

    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text

    def fail(self, table: str | None, index: int, key: str | None, reason: str) -> RubricError:
        return RubricError(self.path, key_line(self.text, table, index, key), key, reason)

    def known_keys(self, values: dict, allowed: set[str], table: str | None, index: int = 0) -> None:
        for key in values:
            if key not in allowed:
                hint = _closest(key, allowed)
                reason = f"未知的键“{key}”" + (f"，是否应为“{hint}”？" if hint else "") \
                    + f"（可用的键：{'、'.join(sorted(allowed))}）"
                raise self.fail(table, index, key, reason)

    def text_value(self, values: dict, key: str, table: str | None, index: int = 0, required: bool = True,
                   choices: tuple[str, ...] | None = None) -> str | None:
        value = values.get(key)
        if value is None:
            if required:
                raise self.fail(table, index, None, f"缺少必填的键“{key}”")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(table, index, key, f"“{key}”应为非空文字")
        if choices and value not in choices:
            raise self.fail(table, index, key, f"“{key}”的值“{value}”无效，可选：{'、'.join(choices)}")
        return value

    def number(self, values: dict, key: str, table: str, index: int, required: bool = False,
               positive: bool = False, default: float | None = None) -> float | None:
        value = values.get(key)
        if value is None:
            if required:
                raise self.fail(table, index, None, f"缺少必填的键“{key}”")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(table, index, key, f"“{key}”应为数字")
        if value < 0 or (positive and value == 0):
            raise self.fail(table, index, key, f"“{key}”不能为{'负数' if value < 0 else '零'}（{value}）")
        return float(value)

    def code_list(self, values: dict, key: str, codelist: str, table: str, index: int) -> tuple[str, ...]:
        value = values.get(key, [])
        allowed = codes.labels(codelist)
        if not isinstance(value, list) or not value:
            raise self.fail(table, index, key if key in values else None, f"“{key}”应为非空列表")
        for v in value:
            if v not in allowed:
                raise self.fail(table, index, key, f"“{key}”中的“{v}”不是已知代码（可用：{'、'.join(allowed)}）")
        return tuple(value)


def _closest(key: str, allowed: set[str]) -> str | None:
    found = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return found[0] if found else None


def parse_toml(path: Path) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(path, None, None, f"无法读取文件（{exc}）") from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise RubricError(path, int(m.group(1)) if m else None, None, f"TOML 格式错误（{exc}）") from exc
