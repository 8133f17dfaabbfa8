"""Our translations: the editorial files, their fingerprints, coverage, and how pages show them."""
from __future__ import annotations

import re

import pytest

from build_scripts.build import read_corpus, read_project_corpus, render_docs
from build_scripts.cache import BuildCache
from build_scripts.errors import BuildFailed, InputError
from build_scripts.translations import (
    fingerprint, load_translations, translation_path, updated_file, wants_translation,
)
from tests.conftest import copy_project, run_cli
from tests.prose import paragraphs


@pytest.fixture(scope="module")
def corpus(project):
    return read_project_corpus(project)


def test_fingerprint_ignores_layout_but_not_edits():
    text = "美国刚刚发布了最新的《国家安全战略》,非常具有特色。"
    assert fingerprint(text) == fingerprint("  " + text + "\n")
    assert fingerprint("A  B\nC") == fingerprint("A B C")
    assert fingerprint("e\u0301") == fingerprint("\u00e9")          # NFC
    assert fingerprint(text) != fingerprint(text.replace("最新", "最近"))
    assert fingerprint("$1.3 trillion") != fingerprint("$1.4 trillion")


def test_every_article_reads_in_both_languages(corpus):
    """Done when: coverage is 100 % with nothing outdated or orphaned."""
    assert len(corpus.coverage) == len(corpus.articles)
    for coverage in corpus.coverage:
        assert coverage.wanted, f"{coverage.slug}: nothing to translate?"
        assert not coverage.missing, f"{coverage.slug}: missing {coverage.missing}"
        assert not coverage.outdated, f"{coverage.slug}: outdated {coverage.outdated}"
        assert not coverage.orphans, f"{coverage.slug}: orphans {coverage.orphans}"
        assert coverage.percent == 100


def test_each_block_in_one_language_has_its_translation_in_the_other(corpus):
    for article in corpus.articles:
        by_id = {b.id: b for b in article.blocks}
        for block in article.blocks:
            if not wants_translation(block, by_id):
                continue
            ours = article.translations.get(block.id)
            assert ours is not None, (article.slug, block.id)
            assert ours.block.lang != block.lang
            if ours.block.lang == "en":
                assert not re.search(r"[\u4e00-\u9fff]{4,}", ours.block.text), (block.id, ours.block.text[:80])
            else:
                assert len(re.findall(r"[\u4e00-\u9fff]", ours.block.text)) > len(ours.block.text) / 3


def test_translations_keep_the_figures_of_the_source(corpus):
    """A faithful translation keeps the numbers: every multi-digit number of a Chinese source
    paragraph appears in our English (as written, or without its thousands separators)."""
    checked = 0
    for article in corpus.articles:
        for block_id, ours in article.translations.items():
            if ours.back_translation or ours.block.lang != "en":
                continue
            source = ours.source.text
            english = ours.block.text.replace(",", "")
            # 2000万 is "20 million" and 12月 a month's name: scaled amounts and months are not copied digits
            for number in re.findall(r"\d[\d,.]*\d(?![\d,.]*[万萬亿億兆月])", source):
                checked += 1
                assert number.replace(",", "") in english, f"{article.slug}/{block_id}: {number} not in translation"
    assert checked > 30


def test_names_follow_the_glossary(corpus):
    """Where the Chinese names an entry, our English uses the entry's English name or an alias."""
    glossary = corpus.glossary
    for article in corpus.articles:
        for ours in article.translations.values():
            if ours.block.lang != "en":
                continue
            source_people = {m.entry for m in ours.source.mentions if glossary.entries[m.entry].type == "person"}
            english = {m.entry for m in ours.block.mentions}
            # after the first mention, English news writing names a person by surname alone
            # (the first word of a Chinese name, the last of a Western one)
            missing = {p for p in source_people - english
                       if not any(re.search(rf"\b{re.escape(part)}\b", ours.block.text)
                                  for part in glossary.entries[p].name_en.split() if len(part) > 2)}
            assert not missing, f"{article.slug}/{ours.source.id}: {missing} not named in {ours.block.text[:100]}"


def test_pages_show_our_translations_labelled(project):
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    page = files["docs/articles/white-house-contacts-china-shenzhen-2-0.md"]
    assert sum(p.attrs.startswith(".bi-en .digest-ours ") for p in paragraphs(page).values()) >= 10
    assert page.count("our translation</span>") >= 10
    assert "Translation wanted" not in page
    nss = files["docs/articles/us-national-security-strategy-china-excerpts.md"]
    assert "our back-translation of the Chinese, not the original English" in nss
    # the back-translation sits in the pair of its garbled original
    pair = next(p for p in nss.split("<div ") if "{: #p-a9132f70 " in p)
    assert "{: #p-a9132f70 .bi-en .garbled " in pair and ".digest-back" in pair
    salt = files["docs/articles/us-pauses-salt-typhoon-sanctions-hawks-upset.md"]
    assert "本站译文" in salt                                  # the English block's Chinese translation
    # coverage is for maintainers: in the build report, not on the home page
    report = files["docs/build-report.md"]
    assert "Translation coverage" in report and "100 %" in report
    assert "Translation coverage" not in files["docs/index.md"]


def test_changed_source_marks_translation_outdated(tmp_path):
    """Change the text of a translated paragraph (after its first words, so its id stays): the
    translation is shown as possibly outdated, listed in the report and by `translations status`."""
    project = copy_project(tmp_path)
    corpus = read_project_corpus(project)
    seed = project.seeds / "002_5e8ee65edc201a9f.txt"
    raw = seed.read_text(encoding="utf-8")
    target = None
    for article in corpus.articles:
        for block_id, ours in article.translations.items():
            tail = ours.source.text[-12:]
            noted = any(n.block == block_id for n in article.notes)
            if len(ours.source.text) > 80 and ours.source.lang == "zh" and raw.count(tail) == 1 and not noted:
                target = (article.slug, block_id, tail)
                break
        if target:
            break
    assert target, "no translated paragraph found to change"
    slug, block_id, tail = target
    seed.write_text(raw.replace(tail, tail[:-2] + "据报道" + tail[-2:]), encoding="utf-8")
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    changed = read_project_corpus(project)
    coverage = next(c for c in changed.coverage if c.slug == slug)
    assert coverage.outdated == [block_id] and coverage.percent < 100
    page = files[f"docs/articles/{slug}.md"]
    assert "possibly outdated: the source changed" in paragraphs(page)[f"{block_id}-en"].html
    assert f"outdated `{block_id}`" in files["docs/build-report.md"]
    status = run_cli(["translations", "status", "--article", slug], tmp_path)
    assert status.returncode == 0, status.stderr
    assert f"outdated {block_id}" in status.stdout
    assert f'fingerprint: "{fingerprint(next(b.text for b in next(a for a in changed.articles if a.slug == slug).blocks if b.id == block_id))}"' in status.stdout


def test_missing_translation_asks_for_one_with_a_link_to_the_file(tmp_path):
    project = copy_project(tmp_path)
    slug = "white-house-contacts-china-shenzhen-2-0"
    path = project.root / translation_path(slug)
    text = path.read_text(encoding="utf-8")
    first = re.search(r'^  (p-[0-9a-f]{8}):\n(?:    .*\n)*?    en: ".*"$', text, re.M)
    path.write_text(text.replace(first.group(0), re.sub(r'en: ".*"$', 'en: ""', first.group(0), flags=re.M)),
                    encoding="utf-8")
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    page = files[f"docs/articles/{slug}.md"]
    request = re.search(r'<p class="bi-en digest-wanted"[^>]*>.*?</p>', page, re.S).group(0)
    assert "Translation wanted" in request and first.group(1) in request
    assert f"/edit/main/{translation_path(slug)}" in request
    assert "1 missing" in files["docs/build-report.md"]


def test_update_adds_new_blocks_and_keeps_everything_else(tmp_path, corpus):
    article = next(a for a in corpus.articles if a.slug == "white-house-contacts-china-shenzhen-2-0")
    path = tmp_path / "t.yaml"
    existing = load_translations(tmp_path / "none.yaml")
    path.write_text(updated_file(article, existing), encoding="utf-8")
    skeleton = load_translations(path)
    assert set(skeleton) == {b.id for b in article.blocks if wants_translation(b, {x.id: x for x in article.blocks})}
    assert all(t.text == "" and t.fingerprint == fingerprint(t.source) for t in skeleton.values())
    # an orphan (a block id that is gone) is kept for an editor to re-key; the rest is stable
    from build_scripts.translations import Translation
    kept = dict(skeleton, **{"p-00000000": Translation("p-00000000", "en", "Old text", "abc", "旧", 1)})
    once = updated_file(article, kept)
    path.write_text(once, encoding="utf-8")
    assert updated_file(article, load_translations(path)) == once
    assert "p-00000000" in load_translations(path)


@pytest.mark.parametrize("body, reason, line", [
    ('blocks:\n  p-12345678:\n    fingerprint: "x"\n    en: "a"\n    de: "b"\n', "unknown field 'de'", 5),
    ('blocks:\n  p-12345678:\n    fingerprint: "x"\n    en: "a"\n    zh: "b"\n', "exactly one of 'en' or 'zh'", 2),
    ('blocks:\n  paragraph-1:\n    fingerprint: "x"\n    en: "a"\n', "is not a block id", 2),
    ('blocks:\n  p-12345678:\n    en: "a"\n', "no fingerprint", 2),
    ('blocks:\n  p-12345678:\n    fingerprint: "x"\n    en: [a]\n', "must be text", 4),
    ('article: x\nextra: 1\n', "unknown field 'extra'", 2),
    ('blocks:\n  p-12345678:\n    en: "a"\n  p-12345678:\n    en: "b"\n', "duplicate key", 4),
])
def test_bad_translation_files_name_the_place(tmp_path, body, reason, line):
    path = tmp_path / "t.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_translations(path)
    assert reason in str(caught.value) and caught.value.line == line


def test_bad_translation_file_stops_the_build_and_keeps_docs(tmp_path):
    project = copy_project(tmp_path)
    slug = "china-no-longer-cash-cow-western-firms"
    (project.root / translation_path(slug)).write_text("blocks:\n  p-1:\n    en: x\n", encoding="utf-8")
    before = (project.docs / "index.md").read_bytes()
    with pytest.raises(BuildFailed):
        read_corpus(project)
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 2
    assert f"{translation_path(slug)}, line 2" in result.stderr
    assert (project.docs / "index.md").read_bytes() == before


def test_translation_text_is_data_not_markup(tmp_path):
    project = copy_project(tmp_path)
    slug = "white-house-contacts-china-shenzhen-2-0"
    path = project.root / translation_path(slug)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'    en: "(.*)"', lambda m: '    en: "<script>alert(1)</script> [x](javascript:alert(2)) ' + m.group(1) + '"',
                  text, count=1)
    path.write_text(text, encoding="utf-8")
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    page = files[f"docs/articles/{slug}.md"]
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_status_command_prints_the_table(project):
    result = run_cli(["translations", "status"], project.root)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.endswith("%")]
    assert len(rows) == 11                                  # ten articles and the total
    assert rows[-1].split()[0] == "all" and rows[-1].endswith("100 %")
