"""Reading captures: accepted encodings, and clear errors with the byte offset."""
from __future__ import annotations

import codecs

import pytest

from build_scripts.errors import InputError
from build_scripts.reader import decode_capture, read_capture

TRADITIONAL = "美國財政部長貝森特表示,兩國將繼續談判。\n"
SIMPLIFIED = "美国财政部长贝森特表示,两国将继续谈判。\n"


@pytest.mark.parametrize("data, encoding", [
    (SIMPLIFIED.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    (SIMPLIFIED.encode("utf-16"), "utf-16"),                       # BOM + native order
    (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
    (SIMPLIFIED.encode("gb18030"), "gb18030"),
    (TRADITIONAL.encode("big5"), "big5"),
])
def test_accepted_encodings_decode_to_the_same_text(data, encoding):
    raw = decode_capture(data, "x.txt")
    assert raw.encoding == encoding
    assert raw.text in (SIMPLIFIED, TRADITIONAL)


def test_windows_newlines_are_normalised():
    assert decode_capture(b"a\r\nb\rc\n", "x.txt").text == "a\nb\nc\n"


@pytest.mark.parametrize("data, offset, words", [
    (b"", 0, "empty"),
    (b"  \n\t \n", 0, "white space"),
    ("好的".encode() + b"\x00\x01binary", 6, "binary"),
    (b"\x89PNG\r\n\x1a\n", 6, "binary"),
])
def test_bad_files_fail_naming_file_and_offset(data, offset, words):
    with pytest.raises(InputError) as caught:
        decode_capture(data, "seeds/bad.txt")
    message = str(caught.value)
    assert "seeds/bad.txt" in message and f"byte offset {offset}" in message and words in message


def test_undecidable_bytes_fail_at_the_first_bad_utf8_byte():
    data = "正文".encode() + b" \xff\xfe\xfd\xfc \x80"
    with pytest.raises(InputError) as caught:
        decode_capture(data, "c.txt")
    assert caught.value.byte_offset == len("正文".encode()) + 1
    assert "UTF-8" in str(caught.value)


def test_utf16_with_control_characters_is_binary():
    data = "ab\x00cd".encode("utf-16")
    with pytest.raises(InputError, match="binary"):
        decode_capture(data, "c.txt")


def test_real_seeds_are_utf8(project):
    for path in project.captures():
        assert read_capture(path).encoding == "utf-8"
