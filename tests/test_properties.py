"""Property-based tests (hypothesis): no stage fails on any input, and the invariants that matter hold."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from build_scripts.aligner import align
from build_scripts.cleaner import clean
from build_scripts.dates import find_dates, load_date_rules
from build_scripts.errors import InputError
from build_scripts.reader import decode_capture
from build_scripts.segmenter import segment
from build_scripts.variants import load_converters

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like the captures: Chinese of both scripts, English words, digits, the punctuation
# of both, look-alike radicals, emoji, right-to-left and combining characters, control characters.
_PIECES = st.sampled_from([
    "美国", "中國", "特朗普", "川普", "孙正义", "軟銀", "英伟达", "輝達", "关税", "半導體", "⼈", "⼯", "Trump", "Nvidia",
    "SoftBank", "constructionof", "the", "and", "said", "2025年", "12月5日", "明年4月", "last month", "Dec. 4, 2025",
    "。", "，", ",", ".", "!", "？", "“", "”", "(", ")", "（", "）", "·", "—", "…", " ", "  ", "\n", "\n\n", "\t",
    "😀", "🇨🇳", "שלום", "مرحبا", "e\u0301", "\u200b", "\ufeff", "\x00", "\x07", "<script>", "[x](javascript:1)",
    "{{ x }}", "{% y %}", "**", "#", "|", "责任编辑：", "广告", "分享到", "图片来源：", "作者：",
])
TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=60).map("".join)


@pytest.fixture(scope="module")
def converters(glossary, project):
    return load_converters(glossary, project.rules / "conversion.yaml")


@PROPERTY
@given(data=st.binary(max_size=400))
def test_reading_any_bytes_gives_text_or_one_input_error(data):
    try:
        raw = decode_capture(data, "x.txt")
    except InputError as err:
        assert "x.txt" in str(err)
    else:
        assert isinstance(raw.text, str) and "\r" not in raw.text


@PROPERTY
@given(text=TEXT)
def test_cleaning_loses_nothing_it_does_not_record(rules, text):
    """Every non-blank line either comes out, or a recorded change removed it (or a footer
    removed it and everything after it); a line no rule touched comes out as it went in."""
    text = text.replace("\x00", "")
    result = clean(text, rules.cleaning)
    kept = {line.number: line.text for line in result.lines}
    changed = {change.line for change in result.changes}
    footer = min((c.line for c in result.changes if c.action == "removed" and c.rule.startswith("footer")),
                 default=None)
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip() or (footer is not None and number >= footer):
            continue
        assert number in kept or number in changed, (number, raw)
        if number in kept and number not in changed:
            assert kept[number] == re.sub(r"[ \t]{2,}", " ", raw.strip()) or not raw.isprintable()


@PROPERTY
@given(text=TEXT)
def test_segmentation_and_alignment_never_fail_and_give_unique_ids(rules, text):
    lines = clean(text.replace("\x00", ""), rules.cleaning).lines
    for draft in segment(lines, rules.segmentation):
        blocks = align(draft.blocks, rules.segmentation)
        ids = [b.id for b in blocks]
        assert len(ids) == len(set(ids))
        assert all(b.text.strip() for b in blocks)
        by_id = {b.id: b for b in blocks}
        for block in blocks:
            if block.pair:
                assert by_id[block.pair].pair == block.id and by_id[block.pair].lang != block.lang


PARAGRAPHS = [
    "美国总统特朗普周三表示，他将在明年4月访问中国，并与中国领导人举行会谈。",
    "软银集团创始人孙正义多年来一直预测，人工智能将改变全球经济的格局。",
    "英伟达首席执行官黄仁勋在华盛顿接受采访时说，能源是人工智能竞赛的基础。",
    "中国对美国出口在2024年下降，但对东南亚和拉丁美洲的出口大幅增长。",
    "The White House said on Thursday that talks with Beijing would continue next month.",
]


@PROPERTY
@given(index=st.integers(0, 3), tail=st.text(alphabet="，。的了是在有和人这中大为上个国我", min_size=1, max_size=20))
def test_block_ids_stay_stable_when_another_paragraph_changes(rules, index, tail):
    """Editing one paragraph keeps every other block's id."""
    def ids(paragraphs):
        lines = clean("\n\n".join(paragraphs), rules.cleaning).lines
        return [b.id for d in segment(lines, rules.segmentation) for b in align(d.blocks, rules.segmentation)]

    original = PARAGRAPHS[:4]
    changed = list(original)
    changed[index] = changed[index].rstrip("。") + tail + "。"
    before, after = ids(original), ids(changed)
    assert len(before) == len(after) == len(original)
    assert [i for n, i in enumerate(after) if n != index] == [i for n, i in enumerate(before) if n != index]


@PROPERTY
@given(text=TEXT)
def test_glossary_matching_returns_exact_ordered_spans(matcher, text):
    mentions = matcher.find(text)
    previous_end = 0
    for mention in mentions:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        previous_end = mention.end


@PROPERTY
@given(text=TEXT, day=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_date_extraction_never_fails_and_points_into_the_text(project, text, day):
    rules = load_date_rules(project.rules / "dates.yaml")
    for found in find_dates(text, day, rules):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start:found.end] == found.text
        assert re.match(r"^(\d{4}|\d{3}X|\d{2}XX)", found.value), found


@PROPERTY
@given(data=st.data(), before=st.sampled_from(["", "据报道", "。", " ", "(", "美国", "，"]),
       after=st.sampled_from(["", "表示", "。", " ", ")", "政府", "，"]))
def test_glossary_names_survive_simplified_traditional_simplified(glossary, converters, data, before, after):
    """A name in Simplified, converted to Traditional and back, is the same name."""
    entries = sorted(e.id for e in glossary.entries.values() if re.search(r"[\u4e00-\u9fff]", e.name_hans))
    entry = glossary.entries[data.draw(st.sampled_from(entries))]
    for name in {entry.name_hans, entry.regional.get("zh-CN") or entry.name_hans}:
        text = before + name + after
        there = converters["zh-Hant"].convert(text)
        back = converters["zh-Hans"].convert(there)
        assert name in back, (entry.id, text, there, back)
