"""What makes a rebuild after a small edit quick must not change what it builds: recalled
language answers, merged retold events, big pages converted line by line, work done in a
second process."""
from __future__ import annotations

import os
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from build_scripts import aligner, cleaner, metadata, segmenter
from build_scripts.annotator import Matcher, annotated_texts
from build_scripts.build import _find_mentions
from build_scripts.events import _combine, _similar, chronological, merge_retold
from build_scripts.model import Event, EventSource, to_inspect_json
from build_scripts.pipeline import load_project_glossary, parse_capture
from build_scripts.recall import Recall
from build_scripts.variants import RECALL_LINES_FROM, convert_page
from build_scripts.workers import in_background

from .conftest import SEED_NAMES, _converters

LANGUAGE_CALLS = ((segmenter, "_pos_tokens"), (cleaner, "split_glued_token"), (metadata, "pinyin_slug"),
                  (aligner, "_sentence_garbled"))


def _refuse(*args, **kwargs):
    raise AssertionError("worked out again, though the last parse had the answer")


@pytest.fixture(scope="module")
def glossary(project):
    return load_project_glossary(project)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_parse_with_the_last_parses_answers_needs_no_language_library(name, project, rules, glossary,
                                                                       monkeypatch):
    first = Recall()
    fresh = parse_capture(project.seeds / name, rules, project=project, glossary=glossary, recall=first)
    assert first.used, "the parse asked no language question: nothing to recall"
    for module, function in LANGUAGE_CALLS:
        monkeypatch.setattr(module, function, _refuse)
    again = parse_capture(project.seeds / name, rules, project=project, glossary=glossary,
                          recall=Recall(first.used))
    assert to_inspect_json(again) == to_inspect_json(fresh)
    assert [a.parsed for a in again.articles] == [a.parsed for a in fresh.articles]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_an_edited_capture_parsed_with_old_answers_is_parsed_as_if_fresh(name, project, rules, glossary, tmp_path):
    original = project.seeds / name
    last = Recall()
    parse_capture(original, rules, project=project, glossary=glossary, recall=last)
    # An editor's kind of change: a paragraph in the middle rewritten, one added at the end.
    lines = original.read_text(encoding="utf-8").split("\n")
    middle = len(lines) // 2
    lines[middle] = lines[middle][: len(lines[middle]) // 2] + "软银集团周二表示,Nvidia的新芯片constructionof工厂已经开工。"
    lines.append("孙正义在东京说:我们将继续投资。The company saidthat it would invest more.")
    edited = tmp_path / name
    edited.write_text("\n".join(lines), encoding="utf-8")
    recalled = parse_capture(edited, rules, project=project, glossary=glossary, recall=Recall(last.used))
    fresh = parse_capture(edited, rules, project=project, glossary=glossary)
    assert to_inspect_json(recalled) == to_inspect_json(fresh)
    assert [a.parsed for a in recalled.articles] == [a.parsed for a in fresh.articles]


def test_an_articles_hash_changes_with_its_own_text_only(project, rules, glossary, tmp_path):
    digest_capture = max(SEED_NAMES, key=lambda n: len(parse_capture(project.seeds / n, rules,
                                                                      project=project).articles))
    before = parse_capture(project.seeds / digest_capture, rules, project=project, glossary=glossary)
    assert len(before.articles) > 2
    edited = tmp_path / digest_capture
    edited.write_text((project.seeds / digest_capture).read_text(encoding="utf-8") + "\n最后加上的一句话。\n",
                      encoding="utf-8")
    after = parse_capture(edited, rules, project=project, glossary=glossary)
    changed = [a.index for a, b in zip(before.articles, after.articles) if a.parsed != b.parsed]
    assert changed == [len(before.articles)], "only the last article (which gained the line) changes"


def test_mentions_are_recalled_by_text(project, rules, glossary, monkeypatch):
    capture = parse_capture(project.seeds / SEED_NAMES[1], rules, project=project, glossary=glossary)
    texts = [t for article in capture.articles for t in annotated_texts(article)]
    matcher = Matcher(glossary, rules.glossary)
    first = Recall()
    found = _find_mentions(texts, matcher, first)
    assert any(found), "the seed names glossary entries"
    monkeypatch.setattr(Matcher, "find", _refuse)
    assert _find_mentions(texts, matcher, Recall(first.used)) == found


def test_big_pages_converted_line_by_line_match_whole_conversion(project):
    page = (project.root / "docs" / "index.md").read_text(encoding="utf-8")
    big = page * (RECALL_LINES_FROM // len(page) + 1)
    for converter in _converters().values():
        last = Recall()
        assert convert_page(big, converter, last) == convert_page(big, converter)
        assert last.used, "a big page is converted line by line"
        edited = big.replace("</p>", "</p>\n<p>软件与硬体:台湾的晶片。</p>", 3)
        assert convert_page(edited, converter, Recall(last.used)) == convert_page(edited, converter)


# --- retold events -------------------------------------------------------------------------------

def _sequential_merge(events: list[Event], threshold: float, same_entities=None) -> list[Event]:
    """The plain reading of merge_retold: each retelling combined into its twin at once."""
    out: list[Event] = []

    def alike(kept: Event, event: Event) -> bool:
        if _similar(kept.statement, event.statement) >= threshold:
            return True
        if same_entities is None or event.granularity not in same_entities.grains or event.mod:
            return False
        shared = set(kept.entities) & set(event.entities)
        return (len(shared) >= same_entities.min_shared
                and len(shared) / len(set(kept.entities) | set(event.entities)) >= same_entities.min_share)

    for event in sorted(events, key=chronological):
        twin = next((i for i, kept in enumerate(out) if (kept.value, kept.end_value) == (event.value, event.end_value)
                     and kept.article != event.article and kept.date_of == event.date_of and alike(kept, event)),
                    None)
        if twin is None:
            out.append(event)
        else:
            out[twin] = _combine(out[twin], event)
    return out


_STATEMENTS = ["软银宣布投资美国工厂", "软银宣布投资美国的工厂", "英伟达发布新芯片", "英伟达发布了新芯片",
               "SoftBank said it will invest", "SoftBank says it will invest", "Nvidia launched a chip"]


@st.composite
def _events(draw):
    count = draw(st.integers(1, 12))
    events = []
    for index in range(count):
        article = draw(st.sampled_from(["a", "b", "c", "d"]))
        languages = draw(st.sets(st.sampled_from(["zh", "en"]), min_size=1))
        statement = {lang: draw(st.sampled_from([s for s in _STATEMENTS if (lang == "en") == s.isascii()]))
                     for lang in draw(st.permutations(sorted(languages)))}
        sources = [EventSource(article, f"p-{draw(st.integers(0, 3))}", lang, "2025年", f"p@{index}")
                   for lang in statement]
        value = draw(st.sampled_from(["2025", "2025-06", "2025-06-03"]))
        events.append(Event(f"p-{index}@2025", article, value, {4: "year", 7: "month", 10: "day"}[len(value)],
                            "2025-01-01", "2025-12-31", statement=statement, planned=draw(st.booleans()),
                            script=draw(st.sampled_from(["Hans", "Hant"])),
                            entities=draw(st.lists(st.sampled_from(["softbank", "nvidia", "china"]), max_size=3)),
                            sources=sources, date_of=draw(st.sampled_from(["event", "report"])),
                            garbled=draw(st.lists(st.sampled_from(["en", "zh"]), max_size=1)),
                            position=index, edited=draw(st.lists(st.just("statement"), max_size=1))))
    return events


@settings(max_examples=150, deadline=None)
@given(_events(), st.sampled_from([0.3, 0.6, 0.9]), st.booleans())
def test_retold_events_merge_as_if_combined_one_by_one(events, threshold, by_entities):
    from build_scripts.rules import SameEntities

    rule = SameEntities(frozenset({"day"}), 1, 0.5) if by_entities else None
    expected = _sequential_merge([replace(e) for e in events], threshold, rule)
    assert merge_retold([replace(e) for e in events], threshold, same_entities=rule) == expected


# --- the second process --------------------------------------------------------------------------

def _square(number: int) -> int:
    return number * number


def _fail() -> None:
    raise ValueError("from the other process")


def test_background_work_returns_its_result_or_raises_its_error():
    assert in_background(lambda: (os.getpid(), _square(7)), jobs=2)()[1] == 49
    assert in_background(lambda: os.getpid(), jobs=2)() != os.getpid()
    assert in_background(lambda: os.getpid(), jobs=1)() == os.getpid()
    with pytest.raises(ValueError, match="other process"):
        in_background(_fail, jobs=2)()


def test_a_moved_checkout_keeps_its_cache_and_its_errors_name_the_project_path(tmp_path):
    """The cache is keyed by paths inside the project: a copy of a built checkout (another folder,
    as CI's clone or a renamed folder) parses nothing again, and a cached error names seeds/X."""
    from .conftest import copy_project, run_cli

    copy_project(tmp_path / "moved")          # starts with the cache an unchanged build left elsewhere
    result = run_cli(["build", "--jobs", "1"], tmp_path / "moved")
    assert result.returncode == 0, result.stderr
    reused, worked_out = map(int, re.search(r"(\d+) results reused from \.cache/build/, (\d+) worked out",
                                            result.stdout).groups())
    assert reused > 0 and worked_out == 0, result.stdout
    (tmp_path / "moved" / "seeds" / "zzz_empty.txt").write_bytes(b"")
    for _ in range(2):                       # worked out, then from the cache
        failed = run_cli(["build", "--jobs", "1"], tmp_path / "moved")
        assert failed.returncode == 2 and "error: seeds/zzz_empty.txt, byte offset 0" in failed.stderr, failed.stderr


def test_a_deleted_page_data_file_is_written_again(tmp_path):
    """An article's data file is one of its page's outputs: the page is not kept without it."""
    from build_scripts.build import generate
    from .conftest import copy_project

    project = copy_project(tmp_path / "p")
    generate(project, jobs=1)
    data = project.root / "docs" / "articles" / "masayoshi-son-trump-industrial-parks.data.zh-Hant.js"
    expected = data.read_text(encoding="utf-8")
    assert "digest-glossary-data" in expected
    data.unlink()
    generate(project, jobs=1)
    assert data.read_text(encoding="utf-8") == expected
