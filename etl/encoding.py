"""Text encodings of csv / txt inputs, decided from the bytes: UTF-8 (with or without BOM),
UTF-16 with BOM (Excel's "Unicode text"), GB18030 (GBK). Big5, Shift-JIS and the like are
named and refused: GB18030 decodes almost any byte pair, so their text would load as mojibake."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from etl.report import EtlError

CHUNK = 1 << 24
# A CJK ideograph: what real UTF-8 Chinese text decodes to. GBK bytes that happen to be valid
# UTF-8 (学校 = D1 A7 D0 A3 reads as two Cyrillic letters) almost never produce a whole line of them.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SAMPLE = 1 << 20
# Lead bytes of GB2312 rows holding kana, Greek, Cyrillic and box drawing: Chinese office text
# hardly uses them, but Big5's commonest characters (lead bytes A4-A9) decode to them as GBK.
ODD_GB_ROWS = frozenset({0xA4, 0xA5, 0xA6, 0xA7, 0xA9})
# Other encodings a csv from the region may be in, tried in order when GB18030 text looks wrong.
OTHER_ENCODINGS = (("big5", "Big5（繁体中文）"), ("shift_jis", "Shift-JIS（日文）"), ("cp932", "Shift-JIS（日文）"),
                   ("euc_kr", "EUC-KR（韩文）"))


def _first_bad_byte(path: Path, encoding: str) -> tuple[int | None, bool]:
    """(offset of the first byte that does not decode strictly or None, whether a complete line
    with Chinese characters decoded fine before it)."""
    dec = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    cjk_line = pending = False      # a finished line with CJK; CJK in the unfinished last line

    def scan(text: str) -> None:
        nonlocal cjk_line, pending
        if cjk_line:
            return
        nl = text.rfind("\n")
        if nl < 0:
            pending = pending or bool(CJK.search(text))
            return
        cjk_line = pending or bool(CJK.search(text, 0, nl))
        pending = bool(CJK.search(text, nl + 1))

    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            try:
                text = dec.decode(chunk)
            except UnicodeDecodeError as e:
                if not chunk[:e.start].isascii():
                    scan(codecs.decode(chunk[:e.start], encoding, "ignore"))
                return offset + e.start, cjk_line
            if not chunk.isascii():       # an ASCII chunk has no CJK: skip the search
                scan(text)
            offset += len(chunk)
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, cjk_line
    return None, cjk_line


def row_of_offset(path: Path, offset: int) -> int:
    """The line (row as Excel numbers a csv, header = 1) holding a byte offset."""
    lines, done = 1, 0
    with path.open("rb") as f:
        while done < offset and (chunk := f.read(min(CHUNK, offset - done))):
            lines += chunk.count(b"\n")
            done += len(chunk)
    return lines


def _odd_share(text: str) -> tuple[int, float]:
    """(non-ASCII characters, share of them that Chinese text written in GBK hardly holds:
    characters outside GB2312, or kana / Greek / Cyrillic / box drawing)."""
    n = odd = 0
    for ch in text:
        if ch < "\x80":
            continue
        n += 1
        try:
            b = ch.encode("gb2312")
        except UnicodeEncodeError:
            odd += 1
            continue
        if b[0] in ODD_GB_ROWS:
            odd += 1
    return n, (odd / n if n else 0.0)


def _sample(path: Path) -> bytes:
    """The first MB of a file, cut after its last complete line."""
    with path.open("rb") as f:
        data = f.read(SAMPLE)
        more = bool(f.read(1))
    if more and b"\n" in data:
        data = data[:data.rindex(b"\n") + 1]
    return data


def _other_encoding(sample: bytes) -> str | None:
    """The name of another encoding the sample reads as plainly, or None."""
    for codec, name in OTHER_ENCODINGS:
        try:
            sample.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return None


def _refuse_other(path: Path, name: str) -> EtlError:
    return EtlError(f"文件的文字编码是 {name}，不是 UTF-8 或 GBK，直接导入会成为乱码；"
                    "请在 Excel/WPS 中另存为「CSV UTF-8」后再导入",
                    f"text encoding is {name.split('（')[0]}, not UTF-8 or GBK: save it as CSV UTF-8", path.name)


def detect_encoding(path: Path, whole: bool = True) -> str:
    """Encoding decided from the bytes: BOM -> utf-8-sig / utf-16, strict UTF-8, else strict GB18030
    when its text reads as Chinese; EtlError naming the encoding otherwise. whole=False trusts a
    first MB that is UTF-8: the caller's parser then checks the rest (polars refuses invalid UTF-8,
    and the whole file is judged only then), which saves decoding an 800 MB file twice."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bom = head.startswith(codecs.BOM_UTF8)
    if not whole:
        try:
            _sample(path).decode("utf-8")
            return "utf-8-sig" if bom else "utf-8"
        except UnicodeDecodeError:
            pass
    bad, utf8_line_before = _first_bad_byte(path, "utf-8")
    if bad is None:
        return "utf-8-sig" if bom else "utf-8"
    row = row_of_offset(path, bad)
    # A whole line of Chinese that decoded as UTF-8 before the bad byte means two encodings in one
    # file: reading it all as GB18030 would silently garble the UTF-8 part.
    if bom or utf8_line_before:
        raise EtlError(f"文件混用了两种文字编码：第 {row} 行起不是 UTF-8（前面是），请整体另存为 UTF-8 的 CSV",
                       f"mixed text encodings: UTF-8 up to row {row}, not UTF-8 from there", path.name, row)
    sample = _sample(path)
    try:
        n, odd = _odd_share(sample.decode("gb18030"))
    except UnicodeDecodeError:
        n, odd = 0, 1.0
    # A few rare name characters are normal in GBK text; a fifth of odd characters is not Chinese
    # (a short text is given more room).
    if (odd < 0.2 or (n < 20 and odd < 0.5)) and _first_bad_byte(path, "gb18030")[0] is None:
        return "gb18030"
    if (other := _other_encoding(sample)) is not None:
        raise _refuse_other(path, other)
    raise EtlError(f"无法识别文字编码：第 {row} 行既不是 UTF-8 也不是 GBK/GB18030，请另存为 UTF-8 的 CSV",
                   f"unknown text encoding: row {row} is neither UTF-8 nor GBK/GB18030", path.name, row)
