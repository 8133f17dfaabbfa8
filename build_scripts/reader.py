"""Stage 1: read a capture's bytes and decode them, or say exactly why not.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM, and GB18030 or Big5 when the
detector finds exactly one of the two plausible. Everything else fails with the file
and the byte offset of the first byte that could not be read.
"""
from __future__ import annotations

import codecs
import re
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Control characters that never occur in text captures (tab, LF, VT, FF, CR excepted).
# No byte of a multi-byte UTF-8, GB18030 or Big5 sequence falls in these ranges.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
_LEGACY_CHINESE = ("gb18030", "big5")


@dataclass(frozen=True)
class RawText:
    path: Path
    text: str
    encoding: str
    sha256: str


def read_capture(path: Path, max_bytes: int | None = None) -> RawText:
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(path, f"the capture is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB "
                                   "(max_capture_bytes in rules/cleaning.yaml): is it one news capture? Split it, or "
                                   "raise the limit", byte_offset=max_bytes)
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read the capture: {err.strerror or err}") from None
    return decode_capture(data, path)


def decode_capture(data: bytes, path: Path | str) -> RawText:
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise InputError(path, "the capture is empty (0 bytes)", byte_offset=0)
    text, encoding = _decode(data, path)
    if not text.strip():
        raise InputError(path, "the capture holds only white space", byte_offset=0)
    return RawText(Path(path), _normalise_newlines(text), encoding, digest)


def _decode(data: bytes, path) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path, 3), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = _strict(data, "utf-16", path, 0)
        _reject_control_chars(text, path, encoded_as="utf-16")
        return text, "utf-16"
    _reject_binary_bytes(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    legacy = _detect_legacy_chinese(data)
    if legacy:
        return data.decode(legacy), legacy
    raise InputError(
        path,
        "not valid UTF-8 (nor UTF-16 with a BOM), and not clearly GB18030 or Big5; "
        "save the capture as UTF-8",
        byte_offset=utf8_error.start,
    )


def _strict(data: bytes, encoding: str, path, offset_base: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(path, f"invalid {encoding} data", byte_offset=offset_base + err.start) from None


def _reject_binary_bytes(data: bytes, path) -> None:
    found = _BINARY_BYTES.search(data)
    if found:
        raise InputError(path, f"binary data (control byte 0x{found.group()[0]:02x}); a capture must be text",
                         byte_offset=found.start())


def _reject_control_chars(text: str, path, encoded_as: str) -> None:
    found = _CONTROL_CHARS.search(text)
    if found:
        # 2 bytes of BOM, then 2 bytes per UTF-16 code unit before it.
        units = len(text[:found.start()].encode("utf-16-le")) // 2
        raise InputError(path, f"binary data (control character U+{ord(found.group()):04X}) in {encoded_as} text",
                         byte_offset=2 + 2 * units)


def _detect_legacy_chinese(data: bytes) -> str | None:
    """GB18030 or Big5 when exactly one decodes strictly and reads as coherent text."""
    from charset_normalizer import from_bytes

    decodable = []
    for encoding in _LEGACY_CHINESE:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decodable.append(encoding)
    if len(decodable) == 1:
        return decodable[0]
    if not decodable:
        return None
    matches = from_bytes(data, cp_isolation=list(_LEGACY_CHINESE))
    names = {m.encoding for m in matches}
    plausible = [enc for enc in _LEGACY_CHINESE if enc in names]
    return plausible[0] if len(plausible) == 1 else None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
