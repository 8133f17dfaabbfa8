"""Bad input, end to end: every kind of odd capture or broken editorial file, dropped into a
project and built with the real CLI. Each either builds a sensible page or fails with one clear
message naming the file and the place; never a traceback, and a failed build leaves docs/ as it was.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from build_scripts.cli import main
from tests.conftest import ROOT, SEED_NAMES

SAMPLE = "美国财政部长贝森特表示,两国将继续谈判。双方同意下月在日内瓦再次会面。\n"
SAMPLE_HANT = "美國財政部長貝森特表示,兩國將繼續談判。雙方同意下月在日內瓦再次會面。\n"
NEW = "seeds/900_new.txt"
SIDECAR = "editorial/captures/900_new.yaml"


def small_project(destination: Path) -> Path:
    """The project's rules, glossary and hand-written pages, with one real seed: quick to build."""
    for name in ("rules", "editorial", "build_scripts"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    (destination / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / SEED_NAMES[0], destination / "seeds" / SEED_NAMES[0])
    docs = destination / "docs"
    shutil.copytree(ROOT / "docs", docs)
    return destination


def build(project: Path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(project)
    code = main(["build", "--jobs", "1"])
    return code, capsys.readouterr().err


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- captures that fail: one message with the file and the byte offset --------------------------------

BAD_CAPTURES = {
    "empty": (b"", 0, "empty"),
    "white space only": (" \n\t\n\u3000\n".encode(), 0, "white space"),
    "binary (PNG)": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 6, "binary"),
    "NUL byte in text": (SAMPLE.encode() + b"\x00tail", len(SAMPLE.encode()), "binary"),
    "invalid UTF-8": (SAMPLE.encode()[:9] + b"\xff\xfe\xfa" + SAMPLE.encode()[9:], 9, "not valid UTF-8"),
    "UTF-16 with a NUL": ("正文\x00".encode("utf-16"), 6, "binary"),
}


@pytest.mark.parametrize("name", BAD_CAPTURES)
def test_bad_capture_fails_with_file_and_byte_offset(tmp_path, monkeypatch, capsys, name):
    data, offset, words = BAD_CAPTURES[name]
    project = small_project(tmp_path)
    before = tree(project / "docs")
    (project / NEW).write_bytes(data)
    code, err = build(project, monkeypatch, capsys)
    assert code == 2
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert "900_new.txt" in errors[0] and f"byte offset {offset}" in errors[0] and words in errors[0], errors[0]
    assert tree(project / "docs") == before


def test_a_50_mb_one_line_capture_is_refused_before_it_is_read(tmp_path, monkeypatch, capsys):
    project = small_project(tmp_path)
    line = ("孙正义与白宫敲定高科技工厂计划,SoftBank billionaire seeks to build parks. " * 600_000)[:50_000_000]
    (project / NEW).write_text(line, encoding="utf-8")
    code, err = build(project, monkeypatch, capsys)
    assert code == 2 and "Traceback" not in err
    assert re.search(r"900_new\.txt, byte offset 5000000: the capture is \d+\.\d MB, over the limit", err), err
    assert "max_capture_bytes in rules/cleaning.yaml" in err


# --- captures that build: the text shows on the page, as text --------------------------------------

def _tiny_lines() -> bytes:
    pieces = ["好。", "OK", "的", "!", "1", "中国", "——", "a"]
    return "\n".join(pieces[i % len(pieces)] + pieces[(i * 7) % len(pieces)] for i in range(20_000)).encode()


GOOD_CAPTURES = {
    "GBK": (SAMPLE.encode("gbk"), "两国将继续谈判"),
    "Big5": (SAMPLE_HANT.encode("big5"), "兩國將繼續談判"),
    "UTF-16 with BOM": (SAMPLE.encode("utf-16"), "两国将继续谈判"),
    "UTF-8 with BOM": (codecs.BOM_UTF8 + SAMPLE.encode(), "两国将继续谈判"),
    "20,000 tiny lines": (_tiny_lines(), "中国"),
    "punctuation and emoji lines": (("!!!。。。——\n😀🎉🇨🇳\n……\n" + SAMPLE + "👍👍\n").encode(), "😀🎉🇨🇳"),
    "right-to-left and combining": (
        (SAMPLE + "مرحبا بالعالم، هذا نص عربي.\nשלום עולם.\nZalgo: e\u0301\u0302\u0303 n\u0303o\u0308\u20dd\n").encode(),
        "مرحبا بالعالم"),
}


# The 20,000-line capture takes as long as all the others together: one of the slow variations CI runs.
@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.exhaustive) if name == "20,000 tiny lines"
                                  else name for name in GOOD_CAPTURES])
def test_odd_capture_builds_a_page_that_shows_its_text(tmp_path, monkeypatch, capsys, name):
    data, shown = GOOD_CAPTURES[name]
    project = small_project(tmp_path)
    (project / NEW).write_bytes(data)
    code, err = build(project, monkeypatch, capsys)
    assert code == 0, err
    pages = [p for p in (project / "docs" / "articles").glob("*.md")
             if "seeds/900_new.txt" in p.read_text(encoding="utf-8")[:1500] and ".zh-Hant." not in p.name]
    assert pages, "no article page for the new capture"
    # the page, or its data file (the original script of paragraphs the Simplified page converts)
    text = "".join(p.read_text(encoding="utf-8") + p.with_suffix(".data.js").read_text(encoding="utf-8")
                   for p in pages)
    assert shown in text


# --- editorial files that fail: one message with the file, the line and the field ----------------------

BAD_SIDECARS = {
    "YAML syntax error": ("articles:\n  - slug: ok\n    title: {en: \"unclosed\n", r"line \d+"),
    "wrong type": ("articles:\n  - published: [2025, 12, 4]\n", r"line 2, field 'published'"),
    "unknown field": ("articles:\n  - headline: x\n", r"line 2, field 'headline'"),
    "duplicate key": ("articles:\n  - slug: one-slug\n    slug: other-slug\n", r"line 3: duplicate key 'slug'"),
    "not a mapping": ("- just\n- a list\n", r"line 1"),
}


@pytest.mark.parametrize("name", BAD_SIDECARS)
def test_bad_sidecar_fails_with_file_line_and_field(tmp_path, monkeypatch, capsys, name):
    body, place = BAD_SIDECARS[name]
    project = small_project(tmp_path)
    before = tree(project / "docs")
    (project / NEW).write_text(SAMPLE, encoding="utf-8")
    (project / SIDECAR).write_text(body, encoding="utf-8")
    code, err = build(project, monkeypatch, capsys)
    assert code == 2 and "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert "900_new.yaml" in errors[0] and re.search(place, errors[0]), errors[0]
    assert tree(project / "docs") == before


def test_glossary_entry_of_the_wrong_type_fails_with_file_and_line(tmp_path, monkeypatch, capsys):
    project = small_project(tmp_path)
    entry = project / "editorial" / "glossary" / "masayoshi-son.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("type: person", "type: [person]", 1), encoding="utf-8")
    code, err = build(project, monkeypatch, capsys)
    assert code == 2 and "Traceback" not in err
    assert re.search(r"masayoshi-son\.yaml, line \d+, field 'type'", err), err


def test_two_captures_claiming_one_slug_fail_naming_both(tmp_path, monkeypatch, capsys):
    project = small_project(tmp_path)
    taken = re.search(r"slug: (\S+)", (project / "editorial/captures" / (Path(SEED_NAMES[0]).stem + ".yaml"))
                      .read_text(encoding="utf-8")).group(1)
    (project / NEW).write_text(SAMPLE, encoding="utf-8")
    (project / SIDECAR).write_text(f"articles:\n  - slug: {taken}\n", encoding="utf-8")
    code, err = build(project, monkeypatch, capsys)
    assert code == 2 and "Traceback" not in err
    assert "900_new.yaml" in err and f"slug '{taken}' is also used by {SEED_NAMES[0]}" in err


def test_two_captures_with_one_title_get_distinct_guessed_slugs(tmp_path, monkeypatch, capsys):
    """No sidecar sets a slug: the second capture's guess from the same title gets its name added."""
    project = small_project(tmp_path)
    for name in ("901_a.txt", "902_b.txt"):
        (project / "seeds" / name).write_text("两国继续谈判\n" + SAMPLE, encoding="utf-8")
    code, err = build(project, monkeypatch, capsys)
    assert code == 0, err
    names = sorted(p.name for p in (project / "docs" / "articles").glob("*.md") if ".zh-Hant." not in p.name)
    first = [n for n in names if n.startswith("liang-guo-ji-xu-tan-pan")]
    assert len(first) == 2 and "liang-guo-ji-xu-tan-pan.md" in first, names
    assert any(n.endswith("-902-b.md") for n in first), names
