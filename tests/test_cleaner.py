"""Cleaning: look-alike characters, portal chrome and glued English, all recorded."""
from __future__ import annotations

import re

import pytest
from wordfreq import top_n_list

from build_scripts.cleaner import clean, split_glued_token

KANGXI = re.compile("[\u2f00-\u2fdf\u2e80-\u2eff]")
FULLWIDTH_PUNCT = "\uff0c\uff1a\uff1b\uff01\uff1f\uff08\uff09\u3000\u2026\u3002"


def test_kangxi_radicals_become_unified_ideographs_and_punctuation_stays(rules):
    text = "\u2f08\u2f2f\u667a\u80fd" + FULLWIDTH_PUNCT + "\u2460"   # ⼈⼯智能 + punctuation + ①
    result = clean(text, rules.cleaning)
    line = result.lines[0].text
    assert line.startswith("人工智能")
    assert FULLWIDTH_PUNCT.replace("\u3000", "") in line.replace("\u3000", "")
    assert "\u2460" in line
    assert [c.rule for c in result.changes] == ["kangxi-radicals"]


def test_compatibility_ideographs_map_to_unified(rules):
    assert clean("\uf900\u5e74", rules.cleaning).lines[0].text == "\u8c48\u5e74"


def test_no_kangxi_radical_survives_in_any_seed(seeds):
    for data in seeds.values():
        for article in data["articles"]:
            for block in article["blocks"]:
                assert not KANGXI.search(block["text"]), block["text"][:40]


CHROME = ["网易首页", "网易首页 > 网易号", "申请入驻", "分享至", "AI智能总结", "Quick Summary", "快速摘要", "View more",
          "查看更多", "特别声明", "Notice: The content above", "声明:个人原创", "相关推荐", "热点推荐",
          "头条要闻", "99842.75%", "Follow", "#中美", "无障碍浏览"]


def test_no_chrome_string_reaches_any_block(seeds):
    for data in seeds.values():
        for article in data["articles"]:
            for block in article["blocks"]:
                for chrome in CHROME:
                    assert chrome not in block["text"], (chrome, block["text"][:60])


def test_every_removal_is_recorded_with_its_rule_and_line(seeds):
    changes = seeds["001_c4aa026987c2cfb4.txt"]["changes"]
    by_rule = {c["rule"]: c for c in changes}
    assert by_rule["breadcrumb"]["line"] == 1 and "网易首页" in by_rule["breadcrumb"]["before"]
    assert by_rule["share-count"]["before"] == "0"
    assert by_rule["related-headlines"]["line"] == 44
    assert "platform-disclaimer" in by_rule and "platform-disclaimer-en" in by_rule
    seed000 = {c["rule"] for c in seeds["000_b30b6e6a77daa84b.txt"]["changes"]}
    assert {"ai-summary-label", "quick-summary-label", "view-more", "follow-button", "stock-ticker",
            "glued-words", "kangxi-radicals"} <= seed000


def test_footer_removal_keeps_the_article_body(seeds):
    article = seeds["001_c4aa026987c2cfb4.txt"]["articles"][0]
    last = article["blocks"][-1]["text"]
    assert last.startswith("如今,特朗普访华的脚步")
    assert not any("伊朗" in b["text"] for b in article["blocks"])   # footer headlines are gone


@pytest.mark.parametrize("glued, repaired", [
    ("constructionof", "construction of"),
    ("thepresident", "the president"),
    ("expertisebehind", "expertise behind"),
    ("ByRobbie", "By Robbie"),
    ("theTrump", "the Trump"),
    ("Sonhas", "Son has"),
    ("CommerceDepartment", "Commerce Department"),
    ("SoftBankGroupis", "SoftBank Group is"),
    ("ofbillions", "of billions"),
    ("himmarshaling", "him marshaling"),
    ("whileothers", "while others"),
    ("positioninghimself", "positioning himself"),
])
def test_glued_words_are_split(rules, glued, repaired):
    assert split_glued_token(glued, rules.cleaning.glue) == repaired


@pytest.mark.parametrize("glued, repaired", [("inJapanese", "in Japanese"), ("theJapanese", "the Japanese"),
                                             ("inJapan", "in Japan"), ("atSoftBank", "at SoftBank")])
def test_a_kept_name_inside_a_longer_word_is_not_cut_out(rules, glued, repaired):
    """"Japan" is a glossary name, but "inJapanese" is in + Japanese, never "in Japan ese"."""
    from dataclasses import replace

    glue = replace(rules.cleaning.glue, keep_words=tuple(sorted({*rules.cleaning.glue.keep_words, "Japan", "SoftBank"})))
    assert split_glued_token(glued, glue) == repaired


@pytest.mark.parametrize("word", ["SoftBank", "OpenAI", "ChatGPT", "thating", "canncauses", "onshoring", "WeWork", "McDonald", "iPhone", "Krishnamoorthi",
                                  "Masayoshi", "quintessential", "semiconductor", "Lutnick", "Whelan",
                                  "notwithstanding", "nevertheless", "therefore", "antidisestablishment"])
def test_real_words_and_names_are_not_split(rules, word):
    assert split_glued_token(word, rules.cleaning.glue) == word


def test_common_english_words_are_never_split(rules):
    words = [w for w in top_n_list("en", 20000) if w.isalpha() and len(w) >= 4]
    split = [w for w in words if split_glued_token(w, rules.cleaning.glue) != w]
    assert split == []


def test_seed000_english_has_no_glued_words_left(seeds):
    from wordfreq import zipf_frequency
    article = seeds["000_b30b6e6a77daa84b.txt"]["articles"][0]
    english = " ".join(b["text"] for b in article["blocks"] if b["lang"] == "en" and not b["garbled"])
    for glued in ("constructionof", "thepresident", "expertisebehind", "ByRobbie", "Trumpadministration",
                  "HowardLutnick", "Housespokesman", "pmET"):
        assert glued not in english
    unknown = [w for w in re.findall(r"\b[a-z]{5,}\b", english) if zipf_frequency(w, "en") == 0]
    assert set(unknown) <= {"onshoring"}   # a real word the frequency list does not have


def test_a_name_the_capture_writes_twice_is_not_split_but_a_one_off_run_together_word_is(rules):
    """"Skyrun" splits into two common words ("Sky run"), but a capture that writes it twice
    uses it as a name; "Trumpadministration", written once, is an accident of the capture."""
    assert split_glued_token("Skyrun", rules.cleaning.glue) == "Sky run"     # the guard is needed
    text = ("Chinese drone maker Skyrun plans to cut prices, the Trumpadministration said.\n"
            "Skyrun did not respond to a request for comment.")
    cleaned = " ".join(line.text for line in clean(text, rules.cleaning).lines)
    assert cleaned.count("Skyrun") == 2
    assert "Trump administration" in cleaned


@pytest.mark.parametrize("line", ["今天是2024年5月3日 星期五 农历三月廿五", "今天是：2024年5月3日", "今日是2024年5月3日 星期五",
                                  "2024年5月3日 星期五 農曆三月廿五", "Today is Friday, May 3, 2024", "Today is 3 May 2024"])
def test_a_portals_own_date_line_is_dropped_but_a_sentence_with_today_stays(rules, line):
    story = "国务院常务会议部署防汛工作。"
    kept = [l.text for l in clean(f"{line}\n{story}", rules.cleaning).lines if l.text.strip()]
    assert kept == [story]
    sentence = "今天是2024年5月3日，国务院召开常务会议，部署防汛工作。"
    assert [l.text for l in clean(sentence, rules.cleaning).lines if l.text.strip()] == [sentence]
