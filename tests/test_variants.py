"""Script variants: conversion with the glossary's names and the editors' rules, pages in both."""
from __future__ import annotations

import json
import re

import pytest

from build_scripts.build import render_docs
from build_scripts.cache import BuildCache
from build_scripts.pipeline import load_project_glossary
from build_scripts.variants import SIMPLIFIED, TRADITIONAL, Converter, convert_page, load_converters
from tests.conftest import ROOT
from tests.prose import paragraphs, text_of


@pytest.fixture(scope="module")
def converters(project):
    return load_converters(load_project_glossary(project), project.rules / "conversion.yaml")


@pytest.mark.parametrize("simplified, traditional", [
    ("特朗普", "川普"), ("英伟达", "輝達"), ("贝森特", "貝森特"), ("孙正义", "孫正義"), ("软件", "軟體"),
])
def test_names_and_vocabulary_convert_both_ways(converters, simplified, traditional):
    assert traditional in converters["zh-Hant"].convert(f"据报道{simplified}表示")
    assert simplified in converters["zh-Hans"].convert(f"據報導{traditional}表示")


def test_a_name_converts_as_a_whole(converters):
    # Character by character OpenCC would give 特朗普 -> 特朗普 in Traditional; the name table wins.
    assert converters["zh-Hant"].convert("特朗普政府") == "川普政府"
    # Regional forms of the other side convert too: the Hong Kong form becomes the Taiwan one.
    assert "川普" in converters["zh-Hant"].convert("特朗普總統")


def test_editor_rules_win_over_opencc(converters):
    assert converters["zh-Hant"].convert("双方保持克制，资金回流") == "雙方保持克制，資金回流"
    plain = Converter(TRADITIONAL, {})
    assert plain.convert("克制") != "克制", "the rule must still be needed (OpenCC's own answer)"


def test_news_words_keep_their_vocabulary(converters):
    """No computer senses: 项目, 核心, 指标, 网络, 支持 keep their words; the reviewed news terms swap."""
    text = "该项目的核心指标显示，网络支持率上升，芯片和软件出口增长。"
    assert converters["zh-Hant"].convert(text) == "該項目的核心指標顯示，網絡支持率上升，晶片和軟體出口增長。"
    assert converters["zh-Hans"].convert("該項目的核心指標顯示，晶片出口增長。") == "该项目的核心指标显示，芯片出口增长。"


def test_a_quotation_is_converted_but_never_reworded(converters):
    """Inside quotation marks the speaker's words stay: a name is not swapped for the other
    region's form (outside them it is), though the editors' table still applies."""
    converted = converters["zh-Hant"].convert("特朗普说：“特朗普政府支持芯片法案。”特朗普随后离开。")
    assert converted == "川普說：“特朗普政府支持晶片法案。”川普隨後離開。"
    marked_up = converters["zh-Hant"].convert('他说：「<span class="gl">特朗普</span>会来」，<span>特朗普</span>')
    assert marked_up == '他說：「<span class="gl">特朗普</span>會來」，<span>川普</span>'


def test_a_paragraph_in_the_pages_script_is_shown_as_the_capture_wrote_it(converters):
    """The capture's own words: a Simplified paragraph on the Simplified page and a Traditional one on
    the Traditional page are left alone (no regional name, no character round trip); the other
    script's paragraphs are converted."""
    page = ('<p id="p-00000001" lang="zh-Hans" data-script="Hans">凤凰城的芯片厂</p>\n'
            '<p id="p-00000002" lang="zh-Hant" data-script="Hant">他只能克制，點明了回流</p>')
    simplified = convert_page(page, converters["zh-Hans"])
    assert '<p id="p-00000001" lang="zh-Hans" data-script="Hans">凤凰城的芯片厂</p>' in simplified
    assert ">他只能克制，点明了回流</p>" in simplified
    traditional = convert_page(page, converters["zh-Hant"])
    assert '<p id="p-00000002" lang="zh-Hant" data-script="Hant">他只能克制，點明了回流</p>' in traditional
    assert ">鳳凰城的晶片廠</p>" in traditional


def test_protected_parts_and_language_tags(converters):
    page = ('<p lang="zh-Hans">孙正义</p>\n<td lang="zh-Hans" data-script-fixed>孙正义</td>'
            '<script type="application/json">{"hans":"孙正义"}</script>')
    converted = convert_page(page, converters["zh-Hant"])
    assert '<p lang="zh-Hant">孫正義</p>' in converted
    assert '<td lang="zh-Hans" data-script-fixed>孙正义</td>' in converted
    assert '{"hans":"孙正义"}' in converted


def test_every_page_exists_in_both_variants_and_keeps_originals(project):
    files = render_docs(project, BuildCache.for_project(project.root))[0]
    pages = [p for p in files if p.startswith("docs/") and p.endswith(".md") and ".zh-Hant." not in p]
    for path in pages:
        assert path[:-3] + ".zh-Hant.md" in files, path
    assert "docs/about.zh-Hant.md" in files and "GENERATED" in files["docs/about.zh-Hant.md"]
    # The page converted from Traditional lists its converted paragraphs; their original text is
    # in the page's data file, which the page names.
    jensen = files["docs/articles/jensen-huang-us-china-ai-factory-race.md"]
    data = files["docs/articles/jensen-huang-us-china-ai-factory-race.data.js"]
    assert 'id="digest-converted"' in jensen and 'data-src="jensen-huang-us-china-ai-factory-race.data.js"' in jensen
    assert "黄仁勋" in jensen and "黃仁勳" not in jensen
    originals = json.loads(data[data.index("receive(") + len("receive("):data.rindex(");")])["digest-original"]
    converted = json.loads(re.search(r'id="digest-converted">(.*?)</script>', jensen).group(1))
    assert set(converted) == set(originals) and all(v == "Hant" for v in converted.values())
    assert any("黃仁勳" in o["html"] for o in originals.values())
    assert files["docs/articles/jensen-huang-us-china-ai-factory-race.data.zh-Hant.js"].startswith("// GENERATED")
    assert TRADITIONAL.locale in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_full_names_keep_every_part_in_both_variants(converters, project):
    """A full name converts to the full name (唐纳德·特朗普 -> 唐納·川普), never to the short
    regional form, and the short form to the short form."""
    glossary = load_project_glossary(project)
    checked = 0
    for entry in glossary.entries.values():
        if "·" in entry.name_hans and entry.regional.get("zh-CN") and entry.regional.get("zh-TW"):
            assert converters["zh-Hant"].convert(entry.name_hans) == entry.name_hant, entry.id
            assert converters["zh-Hans"].convert(entry.name_hant) == entry.name_hans, entry.id
            assert converters["zh-Hant"].convert(entry.regional["zh-CN"]) == entry.regional["zh-TW"], entry.id
            checked += 1
    assert checked >= 3


def test_every_editor_pair_round_trips_and_beats_opencc(converters, project):
    """Each pair in rules/conversion.yaml holds in both directions, from either script: the IT senses
    of OpenCC's phrase tables (发布 -> 釋出, 支持 -> 支援, 文件 -> 檔案) do not reach the pages."""
    from build_scripts.variants import load_conversion_rules
    from build_scripts.yamlio import load_yaml

    pairs = load_yaml(project.rules / "conversion.yaml")["pairs"]
    assert len(pairs) >= 10
    load_conversion_rules(project.rules / "conversion.yaml")
    for pair in pairs:
        for form in (pair["hans"], pair["hant"]):
            assert converters["zh-Hant"].convert(form) == pair["hant"], pair
            assert converters["zh-Hans"].convert(form) == pair["hans"], pair
    assert "釋出" not in converters["zh-Hant"].convert("美国发布最新国家安全战略")
    assert "變造" not in converters["zh-Hant"].convert("规划强调制造业升级")


def test_conversion_report_lists_vocabulary_swaps(converters):
    from build_scripts.variants import render_conversion_report, vocabulary_swaps

    pages = {"docs/articles/a.md": '<p lang="zh-Hans">传统软件企业</p>\n<script>{"x":"软件"}</script>',
             "docs/articles/b.md": '<p lang="zh-Hant">輝達的軟體</p>'}
    swaps = vocabulary_swaps(pages, converters)
    into_hant = {(s.before, s.after): s for s in swaps if s.variant == "zh-Hant"}
    assert ("件", "體") in into_hant and into_hant[("件", "體")].pages == ["docs/articles/a.md"]
    into_hans = {(s.before, s.after) for s in swaps if s.variant == "zh-Hans"}
    assert ("体", "件") in into_hans                     # 軟體 -> 软件, character level 软体
    assert any(after == "英伟" for _, after in into_hans)
    report = render_conversion_report(swaps)
    assert "GENERATED" in report.splitlines()[2] and "| 件 | 體 | 1 | 1 |" in report


def test_the_real_conversion_report_is_reviewed(project):
    """The committed report is the build's (docs --check covers it) and shows no IT-sense swap the
    rules were written to stop."""
    report = (ROOT / "reports" / "conversion-report.md").read_text(encoding="utf-8")
    for wrong in ("釋出", "宣告", "引數", "迴圈", "排程", "變造", "串行", "拷贝", "枚举", "首席运行官"):
        assert f"| {wrong} |" not in report and f"⟦{wrong}⟧" not in report, wrong


def test_every_chinese_paragraph_reads_as_captured_on_its_own_scripts_page(project):
    """Checked block by block on the built pages (paragraphs, captions, headings): each Simplified
    block on the Simplified page and each Traditional block on the Traditional page shows the
    capture's (cleaned) text unchanged."""
    import html
    import re

    from build_scripts.build import read_project_corpus

    checked = 0
    for article in read_project_corpus(project).articles:
        for suffix, own in (("", "Hans"), (".zh-Hant", "Hant")):
            page = (project.docs / "articles" / f"{article.slug}{suffix}.md").read_text(encoding="utf-8")
            shown = {m.group(1): html.unescape(re.sub(r"<sup\b.*?</sup>|<[^>]+>", "", m.group(2), flags=re.S))
                     for m in re.finditer(rf'<p\b[^>]*\bid="([a-z]-[0-9a-f]+)"[^>]*data-script="{own}"[^>]*>(.*?)</p>', page, re.S)}
            # Prose paragraphs: a Markdown line and its attribute list.
            shown |= {p.id: text_of(re.sub(r"<sup\b.*?</sup>", "", p.html, flags=re.S))
                      for p in paragraphs(page).values() if f'data-script="{own}"' in p.attrs}
            # Headings: "## <span lang=… data-script=…>text</span> {#h-…}".
            shown |= {m.group(2): html.unescape(re.sub(r"\\(.)", r"\1", m.group(1))) for m in re.finditer(
                rf'^#+ <span lang="[^"]+" data-script="{own}">([^<]*)</span>.*?\{{#([a-z]-[0-9a-f]+)\}}$', page, re.M)}
            for block in article.blocks:
                if block.lang == "zh" and block.script == own and block.id in shown:
                    assert "".join(block.text.split()) in "".join(shown[block.id].split()), (article.slug, block.id)
                    checked += 1
    assert checked >= 100


def test_news_sentences_convert_as_an_editor_converts_them():
    """Over 200 sentences each way, written with their expected conversions by hand (see
    benchmarks/conversion_accuracy.py): nearly all come out exactly so, in every family of trap."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import conversion_accuracy

    results = conversion_accuracy.evaluate()
    _, shares = conversion_accuracy.table(results)
    for direction, outcomes in results.items():
        assert len(outcomes) >= 200
        misses = [(case["id"], got) for case, got in outcomes if got != case["expected"]]
        assert shares[direction] >= conversion_accuracy.GOAL, misses
        # No computer sense, no missed news word, no reworded quotation at all.
        assert not [m for m in misses if m[0] in {c["id"] for c, _ in outcomes
                                                   if c["family"] in ("it-vs-news", "tech-terms", "quotes")}], misses


@pytest.mark.parametrize("text", ["1. 第一条", "# 不是标题", "- 不是列表", "+ plus", "!!! note", "*强调* _斜体_ `代码`",
                                  "[链接](javascript:alert(1)) {: .x }", "<b>粗体</b> &amp; 5 > 3", "    缩进的文字"])
def test_prose_paragraph_shows_its_text_whatever_it_begins_with(text):
    """A capture's paragraph is one Markdown line: whatever Markdown or HTML it seems to hold, MkDocs'
    Markdown (with attr_list, as in mkdocs.yml) renders one paragraph of exactly that text."""
    import markdown

    from build_scripts.writer import md_attrs, md_line, md_text

    source = f"{md_line(md_text(text))}\n{md_attrs('p-00000001', ['bi-zh'], 'zh-Hans', 'Hans')}\n"
    rendered = markdown.markdown(source, extensions=["attr_list", "md_in_html", "admonition", "tables"])
    assert re.fullmatch(r'<p [^>]*id="p-00000001"[^>]*lang="zh-Hans"[^>]*>.*</p>', rendered, re.S), rendered
    assert rendered.count("<p") == 1 and "<a" not in rendered and "<b>" not in rendered, rendered
    assert text_of(rendered) == text.strip(), rendered
