"""Script variants: conversion with the glossary's names and the editors' rules, pages in both."""
from __future__ import annotations

import pytest

from build_scripts.build import render_docs
from build_scripts.pipeline import load_project_glossary
from build_scripts.variants import SIMPLIFIED, TRADITIONAL, Converter, convert_page, load_converters
from tests.conftest import ROOT


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
    assert converters["zh-Hans"].convert("貨櫃中心啟用") == "货柜中心启用"
    plain = Converter(SIMPLIFIED, {})
    assert plain.convert("啟用") != "启用", "the rule must still be needed (OpenCC's own answer)"


def test_protected_parts_and_language_tags(converters):
    page = ('<p lang="zh-Hans">孙正义</p>\n<td lang="zh-Hans" data-script-fixed>孙正义</td>'
            '<script type="application/json">{"hans":"孙正义"}</script>')
    converted = convert_page(page, converters["zh-Hant"])
    assert '<p lang="zh-Hant">孫正義</p>' in converted
    assert '<td lang="zh-Hans" data-script-fixed>孙正义</td>' in converted
    assert '{"hans":"孙正义"}' in converted


def test_every_page_exists_in_both_variants_and_keeps_originals(project):
    files = render_docs(project)[0]
    pages = [p for p in files if p.startswith("docs/") and p.endswith(".md") and ".zh-Hant." not in p]
    for path in pages:
        assert path[:-3] + ".zh-Hant.md" in files, path
    assert "docs/about.zh-Hant.md" in files and "GENERATED" in files["docs/about.zh-Hant.md"]
    jensen = files["docs/articles/jensen-huang-us-china-ai-factory-race.md"]
    assert 'id="digest-original"' in jensen and "黃仁勳" in jensen.split('id="digest-original"')[1]
    assert "黄仁勋" in jensen.split('id="digest-original"')[0]
    assert TRADITIONAL.locale in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
