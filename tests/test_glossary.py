"""The glossary: its files, validation, matching in both languages and scripts, and suggestions.

Unit tests use small glossaries written into a temporary folder; the rest read the real
editorial/glossary/ and the real seeds.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from build_scripts.annotator import Matcher, annotate
from build_scripts.errors import BuildFailed
from build_scripts.glossary import ENTRY_TYPES, collision_key, load_glossary, name_pinyin
from build_scripts.language import to_simplified, to_traditional
from build_scripts.pipeline import parse_capture

from tests.conftest import FIXTURES, SEED_NAMES, copy_project, run_cli

COMMA = "\uff0c"        # full-width comma, written as an escape so that no editor folds it


def write_entry(folder: Path, entry_id: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{entry_id}.yaml"
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def simple_entry(entry_id: str, en: str, hans: str, hant: str, extra: str = "", entry_type: str = "person") -> str:
    return (f"id: {entry_id}\ntype: {entry_type}\nname:\n  en: \"{en}\"\n  zh-Hans: \"{hans}\"\n"
            f"  zh-Hant: \"{hant}\"\ndescription:\n  en: \"Someone.\"\n  zh-Hans: \"某人。\"\n{extra}")


def errors_of(folder: Path) -> list:
    with pytest.raises(BuildFailed) as failed:
        load_glossary(folder)
    return failed.value.errors


@pytest.fixture(scope="module")
def articles(project, rules, glossary, matcher):
    found = [a for name in SEED_NAMES
             for a in parse_capture(project.seeds / name, rules, project=project, glossary=glossary).articles]
    annotate(found, matcher)
    return found


def entry_with_form(glossary, form: str):
    """The entry that claims a surface form (compared the way validation compares them)."""
    key = collision_key(form)
    owners = {e.id for e in glossary.entries.values() if key in {collision_key(f) for f in e.surface_forms()}}
    assert len(owners) == 1, f"{form!r} should belong to exactly one entry, not {owners}"
    return owners.pop()


# --- the real glossary ---------------------------------------------------------------------------

def test_real_glossary_is_valid_and_large(glossary):
    assert len(glossary) >= 100
    types = {e.type for e in glossary.entries.values()}
    assert types <= set(ENTRY_TYPES)
    assert {"person", "organisation", "place", "event", "policy", "product"} <= types


def test_every_entry_has_names_in_both_languages_and_scripts(glossary):
    han = re.compile("[\u3400-\u9fff]")
    for entry in glossary.entries.values():
        assert entry.name_en and entry.name_hans and entry.name_hant, entry.id
        assert entry.description_en and entry.description_hans and entry.description_hant, entry.id
        if han.search(entry.name_hans):
            # The Traditional name is the Simplified one converted, or a regional form of it.
            assert to_simplified(entry.name_hant) in {to_simplified(entry.name_hans),
                                                      *map(to_simplified, entry.surface_forms())}, entry.id
        assert "TODO" not in entry.description_en + entry.description_hans, entry.id


def test_chinese_descriptions_use_chinese_punctuation(glossary):
    """A comma between two Chinese characters is the full-width one (，), not ASCII."""
    ascii_between_han = re.compile("[\u4e00-\u9fff][,;:?!][\u4e00-\u9fff]")
    bad = [e.id for e in glossary.entries.values() if ascii_between_han.search(e.description_hans)]
    assert not bad, f"ASCII punctuation inside Chinese descriptions: {bad}"


def test_names_the_issue_lists_each_belong_to_one_entry(glossary):
    # The names the glossary issue asks for, in the forms the captures use.
    for form in ("孙正义", "孫正義", "Masayoshi Son", "贝森特", "貝森特", "Scott Bessent", "輝達", "英伟达",
                 "Nvidia", "鹽颱風", "Salt Typhoon", "H-1B", "Blackwell", "川普", "特朗普"):
        entry_with_form(glossary, form)
    assert entry_with_form(glossary, "川普") == entry_with_form(glossary, "特朗普")
    assert entry_with_form(glossary, "輝達") == entry_with_form(glossary, "英伟达") == entry_with_form(glossary, "Nvidia")


def test_pinyin_is_generated_when_not_given(tmp_path):
    folder = tmp_path / "glossary"
    write_entry(folder, "he-lifeng", simple_entry("he-lifeng", "He Lifeng", "何立峰", "何立峰"))
    write_entry(folder, "salt-typhoon", simple_entry("salt-typhoon", "Salt Typhoon", "盐台风", "鹽颱風",
                                                     entry_type="organisation"))
    write_entry(folder, "given", simple_entry("given", "Shan Jun", "单军", "單軍", "pinyin: Shàn Jūn\n"))
    entries = load_glossary(folder).entries
    assert entries["he-lifeng"].pinyin == "Hé Lìfēng"
    assert entries["salt-typhoon"].pinyin.lower().startswith("yán")
    assert entries["given"].pinyin == "Shàn Jūn"             # an editor's reading wins
    assert name_pinyin("拉贾·克里希纳穆尔蒂", "person").count(" ") == 1


# --- validation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, reason, line", [
    (simple_entry("x", "X", "某", "某").replace("type: person", "type: animal"), "type 'animal'", 2),
    (simple_entry("x", "X", "某", "某").replace('  zh-Hant: "某"\n', ""), "missing name.zh-Hant", 3),
    (simple_entry("x", "X", "某", "某") + "colour: red\n", "unknown field 'colour'", 10),
    (simple_entry("x", "X", "某", "某") + "refs:\n  wikidata: 42\n", "not a Wikidata id", 11),
    (simple_entry("x", "X", "某", "某") + "aliases:\n  en: Xavier\n", "must be a list", 11),
    (simple_entry("x", "X", "某", "某") + "common: maybe\n", "true or false", 10),
    (simple_entry("x", "X", "某", "某").replace("id: x", "id: y"), "differs from the file name", 1),
    (simple_entry("x", "X", "某", "某").replace('  en: "Someone."\n', ""), "missing description.en", 7),
    ("id: x\ntype: person: bad\n", "YAML syntax error", 2),
    ("- just\n- a list\n", "must be a mapping", 1),
])
def test_malformed_entries_name_file_line_and_reason(tmp_path, body, reason, line):
    folder = tmp_path / "glossary"
    path = write_entry(folder, "x", body)
    errors = errors_of(folder)
    assert len(errors) == 1, errors
    assert Path(errors[0].path) == path
    assert reason in errors[0].reason
    assert errors[0].line == line, (errors[0], body)


def test_alias_claimed_by_two_entries_is_an_error_naming_both(tmp_path):
    folder = tmp_path / "glossary"
    write_entry(folder, "a", simple_entry("a", "Alpha Person", "甲某", "甲某", "aliases:\n  zh-Hans: [老甲]\n"))
    second = write_entry(folder, "b", simple_entry("b", "Beta Person", "乙某", "乙某",
                                                   "aliases:\n  zh-Hant: [老甲]\n"))
    errors = errors_of(folder)
    assert len(errors) == 1
    assert Path(errors[0].path) == second and errors[0].line == 11     # the line of the alias
    assert "老甲" in errors[0].reason and "'a'" in errors[0].reason


def test_names_collide_across_scripts_and_case(tmp_path):
    folder = tmp_path / "glossary"
    write_entry(folder, "a", simple_entry("a", "Salt Typhoon", "盐台风", "鹽颱風", entry_type="organisation"))
    write_entry(folder, "b", simple_entry("b", "SALT TYPHOON", "某某", "某某", entry_type="organisation"))
    write_entry(folder, "c", simple_entry("c", "Gamma", "鹽颱風", "鹽颱風", entry_type="organisation"))
    reasons = " ".join(e.reason for e in errors_of(folder))
    assert "SALT TYPHOON" in reasons and "鹽颱風" in reasons


def test_unknown_related_entry_and_reserved_id(tmp_path):
    folder = tmp_path / "glossary"
    write_entry(folder, "a", simple_entry("a", "Alpha", "甲某", "甲某", "related: [nobody]\n"))
    write_entry(folder, "index", simple_entry("index", "Index", "索引", "索引"))
    reasons = [e.reason for e in errors_of(folder)]
    assert any("related entry 'nobody' does not exist" in r for r in reasons)
    assert any("reserved" in r for r in reasons)


def test_broken_glossary_fails_the_build_and_keeps_docs(tmp_path):
    project = copy_project(tmp_path)
    before = {p: p.read_bytes() for p in project.docs.rglob("*.md")}
    bad = project.glossary / "broken-entry.yaml"
    bad.write_text("id: broken-entry\ntype: person\nname: {en: Broken\n", encoding="utf-8")
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 2
    assert "broken-entry.yaml" in result.stderr and "line" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in project.docs.rglob("*.md")} == before


# --- matching -------------------------------------------------------------------------------------

@pytest.fixture()
def small_matcher(tmp_path, rules):
    folder = tmp_path / "glossary"
    write_entry(folder, "masayoshi-son", simple_entry(
        "masayoshi-son", "Masayoshi Son", "孙正义", "孫正義", "aliases:\n  en: [Son]\n  zh-Hans: [孙]\n"))
    write_entry(folder, "united-states", simple_entry("united-states", "United States", "美国", "美國",
                                                      entry_type="place"))
    write_entry(folder, "nss", simple_entry("nss", "National Security Strategy", "美国国家安全战略",
                                            "美國國家安全戰略", "aliases:\n  en: [NSS]\n", entry_type="policy"))
    write_entry(folder, "donald-trump", simple_entry(
        "donald-trump", "Donald Trump", "特朗普", "川普", "regional:\n  zh-CN: 特朗普\n  zh-TW: 川普\n"))
    write_entry(folder, "jonathan-czin", simple_entry("jonathan-czin", "Jonathan Czin", "乔纳森·钦", "喬納森·欽",
                                                      "aliases:\n  zh-Hans: [钦]\n"))
    return Matcher(load_glossary(folder), rules.glossary)


def found(matcher, text):
    return [(m.text, m.entry) for m in matcher.find(text)]


def test_longest_match_wins(small_matcher):
    assert found(small_matcher, "美国国家安全战略出台") == [("美国国家安全战略", "nss")]
    assert found(small_matcher, "美國國家安全戰略") == [("美國國家安全戰略", "nss")]
    assert found(small_matcher, "美国政府") == [("美国", "united-states")]


def test_both_scripts_and_regional_forms_match(small_matcher):
    assert found(small_matcher, f"孫正義說{COMMA}川普和特朗普都同意") == [
        ("孫正義", "masayoshi-son"), ("川普", "donald-trump"), ("特朗普", "donald-trump")]


def test_no_match_inside_longer_words_or_names(small_matcher):
    assert found(small_matcher, "子孙后代") == []                  # 孙 inside a word
    assert found(small_matcher, "孙表示同意") == [("孙", "masayoshi-son")]
    assert found(small_matcher, "四川普通话") == []                  # 川普 across two words
    assert found(small_matcher, "马克·钦表示") == []                  # another person's ·-name
    assert found(small_matcher, "喬納森·欽表示") == [("喬納森·欽", "jonathan-czin")]


def test_english_matches_whole_words_and_case(small_matcher):
    assert found(small_matcher, "Son said his son met Sony and Sonic in the NSS.") == [
        ("Son", "masayoshi-son"), ("NSS", "nss")]
    assert found(small_matcher, "Masayoshi Son's plan") == [("Masayoshi Son", "masayoshi-son")]
    assert found(small_matcher, "NSS報告") == [("NSS", "nss")]       # Latin name inside Chinese text


# --- the real seeds -------------------------------------------------------------------------------

def test_issue_names_are_found_in_the_articles(articles, glossary):
    """Each name the glossary issue lists, in the script the captures use, is a mention."""
    texts = {(a.slug, b.id): b for a in articles for b in a.blocks}
    for form in ("孙正义", "孫正義", "Masayoshi Son", "貝森特", "輝達", "鹽颱風", "H-1B", "Blackwell", "川普"):
        entry = entry_with_form(glossary, form)
        holders = [b for b in texts.values() if form in b.text]
        assert holders, f"{form!r} is not in the seeds"
        mentioned = [b for b in holders if any(m.entry == entry and form in m.text for m in b.mentions)]
        assert mentioned, f"{form!r} appears in {len(holders)} blocks but is never recognised as {entry}"


def test_every_written_name_found_in_text_is_recognised(articles, glossary):
    """Recall: where a glossary name stands in a block's text with no letter of a longer
    English word around it, the matcher recognises that entry (or a longer one) there."""
    misses = []
    forms = sorted({form for entry in glossary.entries.values() for form in entry.written_forms()
                    if not re.search("[\u3400-\u9fff]", form) and len(form) >= 3})
    for article in articles:
        for block in article.blocks:
            if block.role in ("headline", "byline", "dateline"):
                continue
            covered = [(m.start, m.end) for m in block.mentions]
            for form in (f for f in forms if f in block.text):
                for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])", block.text):
                    if not any(s <= match.start() and match.end() <= e for s, e in covered):
                        misses.append((article.slug, block.id, form))
    assert not misses, misses[:20]


def test_first_mention_per_section_and_language_is_linked(articles):
    for article in articles:
        section, linked = 0, set()
        for block in article.blocks:
            if block.kind == "heading":
                section += 1
                assert not any(m.first for m in block.mentions), "headings are not linked"
                continue
            for mention in block.mentions:
                key = (section, block.lang, mention.entry)
                assert mention.first == (key not in linked), (article.slug, block.id, mention)
                linked.add(key)


def test_mentions_are_real_substrings(articles):
    for article in articles:
        for block in article.blocks:
            previous_end = 0
            for mention in block.mentions:
                assert block.text[mention.start:mention.end] == mention.text
                assert mention.start >= previous_end, "mentions overlap"
                previous_end = mention.end


def test_traditional_and_simplified_text_give_the_same_mentions(articles, matcher):
    """Converting a block to the other script finds the same entries at the same places."""
    checked = 0
    for article in articles:
        for block in article.blocks:
            if block.lang != "zh" or not block.mentions:
                continue
            for converted in (to_simplified(block.text), to_traditional(block.text)):
                if len(converted) != len(block.text):
                    continue
                assert [(m.entry, m.start) for m in matcher.find(converted)] == \
                       [(m.entry, m.start) for m in block.mentions], block.id
                checked += 1
    assert checked > 50


# --- suggestions ------------------------------------------------------------------------------------

def test_suggest_finds_nothing_important_missing_in_the_seeds(project):
    result = run_cli(["glossary", "suggest", "--json"], project.root)
    assert result.returncode == 0, result.stderr
    import json

    candidates = json.loads(result.stdout)
    pairs = [c for c in candidates if c["zh"] and c["en"]]
    assert not pairs, f"pairs the captures give but the glossary lacks: {pairs[:5]}"
    frequent = [c for c in candidates if c["count"] >= 3]
    assert not frequent, f"names mentioned three times or more without an entry: {frequent[:5]}"


def test_suggest_proposes_the_pairs_of_a_new_capture(project):
    capture = FIXTURES / "named-pairs.txt"
    result = run_cli(["glossary", "suggest", str(capture)], project.root)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    text = capture.read_text(encoding="utf-8")
    pairs = re.findall(r"([\u4e00-\u9fff·]+)[(\uff08]([A-Z][A-Za-z ]+)[)\uff09]", text)
    assert len(pairs) >= 3
    drafts = {}
    for document in out.split("\n---\n")[1:]:
        draft = yaml.safe_load(document)
        drafts[draft["name"]["en"]] = draft
    for zh, en in pairs:
        assert en in drafts, f"{en} not proposed"
        name = drafts[en]["name"]["zh-Hans"]
        # The Chinese name is the end of the run before the brackets, cut after the words before
        # it (工程師艾琳·霍爾布魯克 -> 艾琳·霍爾布魯克), and never shorter than the part after a "·".
        assert to_simplified(zh).endswith(name) and len(name) >= 4, (zh, name)
        assert to_simplified(zh.partition("·")[2]) in name
        assert drafts[en]["id"] and drafts[en]["type"] in ENTRY_TYPES


def test_suggest_on_a_missing_file_is_a_clear_error(project, tmp_path):
    result = run_cli(["glossary", "suggest", str(tmp_path / "missing.txt")], project.root)
    assert result.returncode == 2
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name, entry_type, written", [
    ("库什", "person", "Kùshí"), ("米勒", "person", "Mǐlè"), ("斯蒂芬·米勒", "person", "Sīdìfēn Mǐlè"),
    ("贝森特", "person", "Bèisēntè"), ("孙正义", "person", "Sūn Zhèngyì"), ("单霁翔", "person", "Shàn Jìxiáng"),
    ("西安", "place", "Xī'ān"), ("天安门", "place", "Tiān'ānmén"), ("哈佛大学", "organisation", "Hāfó Dàxué"),
    ("软银集团", "organisation", "Ruǎnyín Jítuán"), ("H-1B签证", "policy", "H-1B qiānzhèng"),
])
def test_a_names_pinyin_is_written_as_a_proper_noun(project, name, entry_type, written):
    """Readings names take (什 shí, 勒 lè, the surname 单 Shàn), a transliteration as one word, capitals
    per word, an apostrophe before a, o, e inside a word, and Latin letters as written."""
    from build_scripts.glossary import load_pinyin_rules

    assert name_pinyin(name, entry_type, load_pinyin_rules(project.rules / "pinyin.yaml")) == written


def test_the_glossarys_pinyin_agrees_with_cc_cedict(glossary):
    """Every name that is a CC-CEDICT headword reads as CC-CEDICT reads it (tones included)."""
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pinyin_check

    checked, found = pinyin_check.disagreements(glossary)
    assert checked >= 50 and not found, found
