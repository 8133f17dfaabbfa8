"""Segmentation, language and alignment on the real seeds."""
from __future__ import annotations

import re

from build_scripts.language import ends_sentence

SEED000, SEED001, SEED002 = "000_b30b6e6a77daa84b.txt", "001_c4aa026987c2cfb4.txt", "002_5e8ee65edc201a9f.txt"
BLOCK_KEYS = {"id", "kind", "lang", "text", "pair", "garbled", "truncated"}


def _seed_lines(project, name):
    return (project.seeds / name).read_text(encoding="utf-8").split("\n")


def _pairs(article):
    blocks = {b["id"]: b for b in article["blocks"]}
    return [(b, blocks[b["pair"]]) for b in article["blocks"] if b["pair"] and b["lang"] == "en"]


def test_inspect_schema(seeds):
    for data in seeds.values():
        assert isinstance(data["seed"], str)
        for article in data["articles"]:
            assert isinstance(article["slug"], str) and isinstance(article["title"], str)
            assert article["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", article["published"])
            ids = [b["id"] for b in article["blocks"]]
            assert len(ids) == len(set(ids))
            for block in article["blocks"]:
                assert BLOCK_KEYS <= set(block)
                assert block["kind"] in ("heading", "paragraph", "caption")
                assert block["lang"] in ("en", "zh")
                assert block["pair"] is None or block["pair"] in ids
                assert block["text"].strip() == block["text"] and block["text"]


def test_seed000_is_one_article_of_aligned_pairs(seeds):
    (article,) = seeds[SEED000]["articles"]
    pairs = _pairs(article)
    assert len(pairs) >= 12
    roles = {en["role"] for en, _ in pairs}
    assert {"headline", "dek", "summary", "body"} <= roles
    for en, zh in pairs:
        assert en["lang"] == "en" and zh["lang"] == "zh" and zh["pair"] == en["id"]
    headline = next(en for en, _ in pairs if en["role"] == "headline")
    assert headline["text"].startswith("Masayoshi Son Hammers Out")
    assert article["authors"] == ["Robbie Whelan", "Eliot Brown", "Josh Dawsey"]


def test_seed000_pairs_are_translations_by_their_numbers(seeds):
    (article,) = seeds[SEED000]["articles"]
    for en, zh in _pairs(article):
        if "2026" in en["text"]:
            assert "2026" in zh["text"]


def test_seed000_sentences_inside_pairs_are_aligned(seeds):
    (article,) = seeds[SEED000]["articles"]
    multi = [(en, zh) for en, zh in _pairs(article) if len(en["sentences"]) > 1 and len(zh["sentences"]) > 1]
    assert multi
    for en, zh in multi:
        groups_en = {s["group"] for s in en["sentences"] if s["group"]}
        groups_zh = {s["group"] for s in zh["sentences"] if s["group"]}
        assert groups_en and groups_en == groups_zh


def test_seed000_last_paragraph_is_truncated_and_only_it(seeds):
    (article,) = seeds[SEED000]["articles"]
    truncated = [b for b in article["blocks"] if b["truncated"]]
    assert len(truncated) == 1
    assert truncated[0] is article["blocks"][-1] and truncated[0]["lang"] == "en"
    assert not ends_sentence(truncated[0]["text"])


def test_seed000_caption_is_a_caption(seeds):
    (article,) = seeds[SEED000]["articles"]
    captions = [b for b in article["blocks"] if b["kind"] == "caption"]
    assert len(captions) == 1
    assert captions[0]["text"].startswith("2024年4月") and "GETTY IMAGES" in captions[0]["text"]


def test_seed000_mixed_script_passage_is_tagged(seeds):
    (article,) = seeds[SEED000]["articles"]
    mixed = [b for b in article["blocks"] if b.get("script") == "mixed"]
    assert any("多年來孫正義" in b["text"] for b in mixed)


def test_seed001_is_one_clean_chinese_article(seeds, project):
    (article,) = seeds[SEED001]["articles"]
    assert article["title"] == _seed_lines(project, SEED001)[2]
    body = [b for b in article["blocks"] if b["role"] == "body"]
    assert all(b["lang"] == "zh" for b in body)
    assert len(body) == len([line for line in _seed_lines(project, SEED001)[7:37] if line.strip()])


def test_seed002_articles_follow_title_lines_and_source_tags(seeds, project):
    lines = [line for line in _seed_lines(project, SEED002) if line.strip()]
    titles = [line for line in lines[1:] if not re.search(r"\s\([^()]{2,12}\)$", line)]
    tags = [re.search(r"\s\(([^()]{2,12})\)$", line).group(1) for line in lines
            if re.search(r"\s\(([^()]{2,12})\)$", line)]
    articles = seeds[SEED002]["articles"]
    assert len(articles) == len(titles) == len(tags) == 8   # the capture holds 8 articles
    for article, title, tag in zip(articles, titles, tags):
        headline = [b for b in article["blocks"] if b["role"] == "headline"]
        assert headline and headline[0]["text"] == title
        assert article["source_tag"] == tag
        assert not any(f"({tag})" in b["text"] for b in article["blocks"])


def test_seed002_headings_and_captions(seeds, project):
    articles = {a["slug"]: a for a in seeds[SEED002]["articles"]}
    huang = articles["jensen-huang-us-china-ai-factory-race"]
    headings = [b["text"] for b in huang["blocks"] if b["kind"] == "heading" and b["role"] == "body"]
    assert [h for h in headings if h.startswith("第")] == [
        "第一節|能源,才是AI工廠的底座", "第二節|NVIDIA的護城河:平台,不是產品",
        "第三節|AI工廠之戰:誰建得快,誰就贏", "第四節|別再談AI泡沫,這是一場再工業化"]
    assert "04|矽谷沒輸在技術,而是輸在工業能力" in headings
    krish = articles["krishnamoorthi-us-short-term-trap-on-china"]
    sub = [b["text"] for b in krish["blocks"] if b["kind"] == "heading" and b["role"] == "body"]
    assert sub == ["不勞而獲的利益", "為贏而戰", "勝利願景"]
    captions = [b["text"] for a in articles.values() for b in a["blocks"] if b["kind"] == "caption"]
    raw = (project.seeds / SEED002).read_text(encoding="utf-8")
    markers = len(re.findall(r"▲|圖源:|圖片來源:|IC Photo|資料圖", raw))
    assert len(captions) == markers
    assert any(c.startswith("5月29日,在美國麻薩諸塞州劍橋") for c in captions)
    assert "美國財政部長貝森特 資料圖" in captions
    for article in articles.values():
        for block in article["blocks"]:
            if block["kind"] == "paragraph":
                assert not re.search(r"▲|圖源:|圖片來源:|IC Photo|GETTY", block["text"]), block["text"][:50]


def test_seed002_scripts(seeds):
    scripts = [b["script"] for a in seeds[SEED002]["articles"] for b in a["blocks"] if b["lang"] == "zh"]
    assert scripts.count("Hant") > 0.9 * len(scripts)


def test_nss_excerpt_pairs_english_with_chinese_and_marks_garbling(seeds):
    nss = seeds[SEED002]["articles"][0]
    pairs = _pairs(nss)
    assert len(pairs) >= 6
    garbled = [en for en, _ in pairs if en["garbled"]]
    assert garbled
    assert any("on-nhk" in en["text"] for en in garbled)
    for en, zh in pairs:
        assert not zh["text"].startswith("(")    # the translation's brackets are not text
        assert zh["lang"] == "zh"
    clean = [en for en, _ in pairs if not en["garbled"]]
    assert clean, "some English passages of the excerpt are readable and must not be flagged"


def test_seed000_english_is_not_flagged_garbled(seeds):
    (article,) = seeds[SEED000]["articles"]
    assert not [b["text"][:50] for b in article["blocks"] if b["garbled"]]


def test_block_ids_are_stable_under_unrelated_edits(project, rules, tmp_path):
    from tests.conftest import inspect_file
    original = (project.seeds / SEED001).read_text(encoding="utf-8")
    edited = original.replace("这一投资堪称传奇。", "这一投资堪称传奇(编者改动)。")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(original, encoding="utf-8")
    b.write_text(edited, encoding="utf-8")
    ids_a = [x["id"] for x in inspect_file(a, rules)["articles"][0]["blocks"]]
    ids_b = [x["id"] for x in inspect_file(b, rules)["articles"][0]["blocks"]]
    assert ids_a == ids_b


def test_every_book_title_in_the_seeds_reaches_the_page_whole(seeds):
    """A caption cut out of the text never takes a work's title marks with it: each 《…》 of a seed
    stands whole in one block, and every block's marks pair up."""
    import re

    from tests.conftest import ROOT

    checked = 0
    for name, capture in seeds.items():
        raw = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        blocks = [b["text"] for a in capture["articles"] for b in a["blocks"]]
        for title in re.findall(r"《[^《》]{1,40}》", raw):
            assert any(title in text for text in blocks), (name, title)
            checked += 1
        for text in blocks:
            assert text.count("《") == text.count("》"), (name, text[:80])
    assert checked >= 20


def test_every_marked_subheading_of_the_seeds_is_a_heading(seeds):
    """Each in-text subheading marker of the seeds (第一節|, 01|, 結語|) opens a heading block."""
    import re

    from tests.conftest import ROOT

    marker = re.compile(r"(?:第[一二三四五六七八九十]+[節节]|(?<![0-9])[0-9]{2}|結語|结语)[|\uFF5C]")
    for name, capture in seeds.items():
        raw = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        headings = [b["text"] for a in capture["articles"] for b in a["blocks"] if b["kind"] == "heading"]
        for found in marker.finditer(raw):
            assert any(h.startswith(found.group()) for h in headings), (name, raw[found.start():found.start() + 30])
