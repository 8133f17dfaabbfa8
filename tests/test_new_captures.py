"""Captures the code has never seen (tests/fixtures/captures, written by us) build with no code
change. Expectations come from tests/fixtures/captures/README.md and from the files themselves."""
from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES, copy_project, inspect_file, run_cli

HEADLINE = "headline"


def _body(article, kind="paragraph"):
    return [b for b in article["blocks"] if b["kind"] == kind and b["role"] == "body"]


def _pairs(article):
    return [b for b in article["blocks"] if b["pair"] and b["lang"] == "en"]


def _lines(name):
    return [line for line in (FIXTURES / name).read_text(encoding="utf-8").split("\n") if line.strip()]


def test_simplified_plain(rules):
    data = inspect_file(FIXTURES / "zh_hans_plain.txt", rules)
    (article,) = data["articles"]
    lines = _lines("zh_hans_plain.txt")
    assert article["title"] == lines[0]
    assert [b["text"] for b in _body(article)] == lines[1:]
    assert {b["script"] for b in _body(article)} == {"Hans"}
    assert article["published"] == "2025-11-03"          # the first full date in the text
    assert "published" in article["inferred"]


def test_traditional_run_on_with_captions_and_headings(rules):
    data = inspect_file(FIXTURES / "zh_hant_runon.txt", rules)
    (article,) = data["articles"]
    assert article["source_tag"] == "港灣日報"
    captions = [b["text"] for b in article["blocks"] if b["kind"] == "caption"]
    headings = [b["text"] for b in _body(article, "heading")]
    assert captions == ["11月3日\uff0c南灣港第七貨櫃中心啟用典禮。",
                        "從空中俯瞰南灣港第七貨櫃中心的新貨櫃碼頭。圖片來源\uff1a南方通訊社"]
    assert headings == ["第一節\uff5c港口為何要擴建", "第二節\uff5c周邊交通如何配套"]
    paragraphs = _body(article)
    assert len(paragraphs) >= 6
    for block in paragraphs:
        assert not re.search("▲|圖片來源|第.節|港灣日報", block["text"])
        assert len(block["text"]) <= 360
    # No text is lost: the body line, minus captions, headings and tag, is the paragraphs joined.
    body_line = _lines("zh_hant_runon.txt")[1]
    kept = "".join(b["text"] for b in article["blocks"] if b["role"] != HEADLINE)
    assert re.sub(r"\s|▲", "", kept) == re.sub(r"\s|▲|\uff08港灣日報\uff09", "", body_line)


def test_english_only(rules):
    (article,) = inspect_file(FIXTURES / "en_only.txt", rules)["articles"]
    lines = _lines("en_only.txt")
    assert article["title"] == lines[0]
    assert article["authors"] == ["Jane Doe", "Li Wei"]
    assert article["published"] == "2025-11-03"
    roles = [b["role"] for b in article["blocks"]]
    assert roles[:3] == ["headline", "byline", "dateline"]
    assert [b["text"] for b in _body(article)] == lines[3:]
    assert all(b["lang"] == "en" and not b["garbled"] for b in article["blocks"])


@pytest.mark.parametrize("name", ["en_zh_pairs.txt", "en_zh_oneline.txt"])
def test_english_followed_by_chinese_pairs(rules, name):
    (article,) = inspect_file(FIXTURES / name, rules)["articles"]
    english = [b for b in article["blocks"] if b["lang"] == "en"]
    chinese = [b for b in article["blocks"] if b["lang"] == "zh"]
    assert len(english) == len(chinese) == len(_pairs(article))
    by_id = {b["id"]: b for b in article["blocks"]}
    for en in english:
        assert by_id[en["pair"]] is article["blocks"][article["blocks"].index(en) + 1]
    assert article["blocks"][0]["role"] == article["blocks"][1]["role"] == HEADLINE
    if name == "en_zh_pairs.txt":
        lines = _lines(name)
        assert [b["text"] for b in article["blocks"]] == lines


def test_one_line_pairs_keep_abbreviations_inside_sentences(rules):
    (article,) = inspect_file(FIXTURES / "en_zh_oneline.txt", rules)["articles"]
    sentences = [s["text"] for b in article["blocks"] if b["lang"] == "en" for s in b["sentences"]]
    assert any("6 a.m. to 10 p.m." in s for s in sentences)


def test_portal_chrome_is_removed(rules):
    data = inspect_file(FIXTURES / "zh_portal_chrome.txt", rules)
    (article,) = data["articles"]
    lines = _lines("zh_portal_chrome.txt")
    footer = lines.index("相关推荐")
    assert article["title"] == lines[3]
    assert [b["text"] for b in _body(article)] == lines[4:footer - 2]
    removed = {c["rule"] for c in data["changes"]}
    assert {"breadcrumb", "share-count", "share-widget", "personal-disclaimer", "platform-disclaimer",
            "related-headlines"} <= removed
    text = " ".join(b["text"] for b in article["blocks"])
    for line in lines[:3] + lines[footer - 2:]:
        assert (line not in text) if len(line) > 2 else all(b["text"] != line for b in article["blocks"])


def test_digest_of_two(rules):
    data = inspect_file(FIXTURES / "digest_two.txt", rules)
    lines = _lines("digest_two.txt")
    assert [a["title"] for a in data["articles"]] == [lines[0], lines[2]]
    assert [a["source_tag"] for a in data["articles"]] == ["北濱日報", "山城週刊"]
    assert len({a["slug"] for a in data["articles"]}) == 2


def test_parenthesised_translations(rules):
    (article,) = inspect_file(FIXTURES / "en_zh_parenthesised.txt", rules)["articles"]
    pairs = _pairs(article)
    assert len(pairs) == 4
    assert article["source_tag"] == "遠望評論"
    preface = article["blocks"][0]
    assert preface["lang"] == "zh" and preface["pair"] is None
    by_id = {b["id"]: b for b in article["blocks"]}
    for en in pairs:
        assert not by_id[en["pair"]]["text"].startswith("\uff08")


def test_a_new_capture_dropped_into_seeds_builds_a_page(tmp_path):
    project = copy_project(tmp_path)
    for name in ("en_zh_oneline.txt", "zh_hant_runon.txt"):
        (project.seeds / name).write_bytes((FIXTURES / name).read_bytes())
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 0, result.stderr
    pages = {p.name for p in (project.docs / "articles").glob("*.md")}
    assert "lakeview-launches-its-first-solar-powered-ferry-route.md" in pages
    assert "lakeview-launches-its-first-solar-powered-ferry-route.zh-Hant.md" in pages
    # Each title in both variants, whichever script the capture wrote it in.
    home = (project.docs / "index.md").read_text(encoding="utf-8")
    assert "湖景市首条太阳能渡轮航线开通" in home and "南湾港第七货柜中心启用" in home
    home_hant = (project.docs / "index.zh-Hant.md").read_text(encoding="utf-8")
    assert "湖景市首條太陽能渡輪航線開通" in home_hant and "南灣港第七貨櫃中心啟用" in home_hant
    report = (project.docs / "build-report.md").read_text(encoding="utf-8")
    assert "zh_hant_runon.txt" in report and "inferred" in report
