"""Editorial notes: anchored by a quote (exact text, prefix, suffix), numbered, shown in both languages."""
from __future__ import annotations

import re

import pytest

from build_scripts.build import read_project_corpus, render_docs
from build_scripts.cache import BuildCache
from build_scripts.errors import InputError
from build_scripts.model import Article, Block, Sentence
from build_scripts.notes import Note, anchor_notes, load_notes, notes_path
from tests.conftest import copy_project, run_cli
from tests.prose import paragraphs, text_of


@pytest.fixture(scope="module")
def corpus(project):
    return read_project_corpus(project)


def _article(*texts: str) -> Article:
    blocks = [Block("paragraph", t, line=i + 1, lang="zh" if re.search(r"[\u4e00-\u9fff]", t) else "en",
                    id=f"p-0000000{i}", sentences=[Sentence(t)]) for i, t in enumerate(texts)]
    return Article("x.txt", 1, "x", None, None, None, None, None, [], None, None, None, None, blocks)


def _note(quote: str, prefix: str = "", suffix: str = "", index: int = 1) -> Note:
    return Note(quote, prefix, suffix, "context", {"en": "A note."}, line=index + 3, index=index)


def test_every_article_has_context_and_notes(corpus):
    for article in corpus.articles:
        assert set(article.context) == {"en", "zh"}, article.slug
        assert len(article.notes) >= 3, article.slug
        assert [n.number for n in article.notes] == list(range(1, len(article.notes) + 1))
        for anchored in article.notes:
            assert set(anchored.note.text) == {"en", "zh"}, (article.slug, anchored.note.index)


def test_notes_the_issue_asks_for_exist(corpus):
    """Liberation Day tariffs, the Busan meeting, the NSS excerpt's machine translation, the $1 trillion figure."""
    texts = {a.slug: " ".join(n.note.text["en"] for n in a.notes) for a in corpus.articles}
    everything = " ".join(texts.values())
    assert "Liberation Day" in everything
    assert "Busan" in everything
    assert re.search(r"machine[- ]translat", texts["us-national-security-strategy-china-excerpts"])
    assert "Wall Street Journal" in texts["white-house-contacts-china-shenzhen-2-0"]
    assert "trillion" in texts["white-house-contacts-china-shenzhen-2-0"]


def test_notes_are_numbered_in_the_order_of_the_text(corpus):
    for article in corpus.articles:
        order = {b.id: i for i, b in enumerate(article.blocks)}
        positions = [(order[n.block], n.end) for n in article.notes]
        assert positions == sorted(positions), article.slug


def test_quote_matches_across_scripts_and_whitespace():
    article = _article("多年來孫正義一直預測軟銀將成為全球市值最高的公司。", "He said it was a constructionof sorts.")
    first, second = anchor_notes(article, [_note("孙正义一直预测"), _note("construction of", index=2)], "n.yaml")
    assert (first.block, first.end) == ("p-00000000", article.blocks[0].text.index("預測") + 2)
    assert second.block == "p-00000001" and article.blocks[1].text[:second.end].endswith("constructionof")


def test_prefix_and_suffix_choose_between_repeated_quotes():
    text = "美国对中国加征关税。中国对美国加征关税。"
    article = _article(text)
    plain, = anchor_notes(article, [_note("加征关税")], "n.yaml")
    assert plain.end == text.index("加征关税") + 4
    chosen, = anchor_notes(article, [_note("加征关税", prefix="中国对美国")], "n.yaml")
    assert chosen.end == text.rindex("加征关税") + 4
    by_suffix, = anchor_notes(_article("A tariff. A tariff rise."), [_note("A tariff", suffix=" rise")], "n.yaml")
    assert by_suffix.end == len("A tariff. A tariff")


def test_note_survives_re_segmentation():
    """The same quote found whether the passage is one block or split into two."""
    whole = _article("第一句话在这里。第二句话在那里。")
    split = _article("第一句话在这里。", "第二句话在那里。")
    note = _note("这里。第二句")
    one, = anchor_notes(whole, [note], "n.yaml")
    two, = anchor_notes(split, [note], "n.yaml")
    assert one.block == "p-00000000" and two.block == "p-00000001"
    assert whole.blocks[0].text[:one.end].endswith("第二句") and split.blocks[1].text[:two.end] == "第二句"


def test_lost_quote_names_the_note():
    article = _article("Nothing to see here.")
    with pytest.raises(InputError) as caught:
        anchor_notes(article, [_note("see here"), _note("gone missing", index=2)], "editorial/notes/x.yaml")
    assert caught.value.line == 5 and caught.value.field == "notes[2].quote"
    assert "note 2" in str(caught.value) and "gone missing" in str(caught.value)


def test_check_fails_naming_a_note_whose_quote_is_gone(tmp_path):
    project = copy_project(tmp_path)
    slug = "jensen-huang-us-china-ai-factory-race"
    path = project.root / notes_path(slug)
    notes = load_notes(path)
    quote = notes.notes[1].quote
    text = path.read_text(encoding="utf-8")
    assert text.count(f'quote: "{quote}"') == 1
    path.write_text(text.replace(f'quote: "{quote}"', 'quote: "这句话不在文章里"'), encoding="utf-8")
    before = (project.docs / "index.md").read_bytes()
    result = run_cli(["check"], tmp_path)
    assert result.returncode == 2
    assert f"{notes_path(slug)}, line {notes.notes[1].line}, field 'notes[2].quote': note 2" in result.stderr
    assert run_cli(["build"], tmp_path).returncode == 2
    assert (project.docs / "index.md").read_bytes() == before


@pytest.mark.parametrize("body, reason", [
    ("notes:\n  - kind: context\n    en: x\n", "'quote'"),
    ("notes:\n  - quote: x\n    kind: rumour\n    en: x\n", "kind must be one of"),
    ("notes:\n  - quote: x\n    en: x\n    page: 3\n", "unknown field 'page'"),
    ("notes:\n  - quote: x\n", "needs its text"),
    ("context:\n  fr: x\n", "unknown language 'fr'"),
    ("notes: x\n", "'notes' is a list"),
    ("foo: 1\n", "unknown field 'foo'"),
])
def test_bad_notes_files_name_the_place(tmp_path, body, reason):
    path = tmp_path / "n.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_notes(path)
    assert reason in str(caught.value) and caught.value.line is not None


def test_pages_show_numbered_notes_in_both_languages(project, corpus):
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    for article in corpus.articles:
        page = files[f"docs/articles/{article.slug}.md"]
        refs = re.findall(r'<sup class="digest-note-ref" id="noteref-(\d+)"><a href="#note-(\d+)"', page)
        assert [int(a) for a, b in refs] == list(range(1, len(article.notes) + 1)), article.slug
        for anchored in article.notes:
            item = re.search(rf'<li id="note-{anchored.number}" value="{anchored.number}"[^>]*>(.*?)</li>',
                             page, re.S).group(1)
            assert '<span class="digest-note-en" lang="en">' in item
            assert '<span class="digest-note-zh" lang="zh-Hans">' in item
            assert f'href="#noteref-{anchored.number}"' in item
        assert '<div class="digest-context">' in page
    traditional = files["docs/articles/white-house-contacts-china-shenzhen-2-0.zh-Hant.md"]
    assert 'class="digest-note-zh" lang="zh-Hant"' in traditional


def test_note_marker_sits_right_after_its_quote(project, corpus):
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    article = next(a for a in corpus.articles if a.slug == "white-house-contacts-china-shenzhen-2-0")
    page = files[f"docs/articles/{article.slug}.md"]
    for anchored in article.notes:
        paragraph = next(p for p in paragraphs(page).values() if f'id="noteref-{anchored.number}"' in p.html)
        before = text_of(paragraph.html.split(f'<sup class="digest-note-ref" id="noteref-{anchored.number}"')[0])
        assert before.endswith(anchored.note.quote[-3:]), (anchored.number, before[-20:])


def test_note_text_is_data_not_markup(tmp_path):
    project = copy_project(tmp_path)
    slug = "masayoshi-son-trump-industrial-parks"
    path = project.root / notes_path(slug)
    text = path.read_text(encoding="utf-8")
    text = text.replace("    en: \"", "    en: \"<img src=x onerror=alert(1)> {{ config }} ", 1)
    path.write_text(text, encoding="utf-8")
    files, _ = render_docs(project, BuildCache.for_project(project.root))
    page = files[f"docs/articles/{slug}.md"]
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; {{ config }}" in page
