"""Date extraction and resolution (rules/dates.yaml, build_scripts/dates.py) and the `dates` CLI."""
from __future__ import annotations

import json
from datetime import date

import pytest

from build_scripts.dates import find_dates, load_date_rules
from build_scripts.errors import InputError
from tests.conftest import ROOT, run_cli

REF = date(2025, 12, 5)      # a Friday
COMMA = "\uff0c"             # full-width comma, as an escape so that no editor folds it


@pytest.fixture(scope="module")
def date_rules():
    return load_date_rules(ROOT / "rules" / "dates.yaml")


def found(date_rules, text, ref=REF, lang=None):
    return [(d.text, d.value, d.granularity, d.end_value, d.mod) for d in find_dates(text, ref, date_rules, lang)]


@pytest.mark.parametrize("text, expected", [
    # absolute and partial dates
    ("2025年12月3日，黃仁勳", [("2025年12月3日", "2025-12-03", "day", None, None)]),
    ("Dec. 4, 2025 9:00 pm ET", [("Dec. 4, 2025", "2025-12-04", "day", None, None)]),
    ("on December 4, 2025, he said", [("December 4, 2025", "2025-12-04", "day", None, None)]),
    ("12月3日晚", [("12月3日", "2025-12-03", "day", None, None)]),
    ("10月在釜山", [("10月", "2025-10", "month", None, None)]),
    ("in April", [("April", "2025-04", "month", None, None)]),      # news: last April, not next
    ("2017年", [("2017年", "2017", "year", None, None)]),
    # relative to the published date
    ("明年4月訪華", [("明年4月", "2026-04", "month", None, None)]),
    ("今年5月", [("今年5月", "2025-05", "month", None, None)]),
    ("上个月的会晤", [("上个月", "2025-11", "month", None, None)]),
    ("去年", [("去年", "2024", "year", None, None)]),
    ("this year and next year", [("this year", "2025", "year", None, None), ("next year", "2026", "year", None, None)]),
    ("last month", [("last month", "2025-11", "month", None, None)]),
    ("昨天", [("昨天", "2025-12-04", "day", None, None)]),
    ("周二", [("周二", "2025-12-02", "day", None, None)]),
    ("上周", [("上周", "2025-W48", "week", None, None)]),
    # seasons and parts of years
    ("this past spring", [("this past spring", "2025-SP", "season", None, None)]),
    ("over the summer", [("over the summer", "2025-SU", "season", None, None)]),
    ("next spring", [("next spring", "2026-SP", "season", None, None)]),
    ("early 2026", [("early 2026", "2026", "year", None, "START")]),
    ("年初", [("年初", "2025", "year", None, "START")]),
    ("明年年底", [("明年年底", "2026", "year", None, "END")]),
    ("今年上半年", [("今年上半年", "2025-H1", "half", None, None)]),
    # decades and ranges
    ("2030年代", [("2030年代", "203X", "decade", None, None)]),
    ("the 2030s", [("the 2030s", "203X", "decade", None, None)]),
    ("90年代", [("90年代", "199X", "decade", None, None)]),
    ("2000年至2019年", [("2000年至2019年", "2000", "year", "2019", None)]),
    ("2010-2021", [("2010-2021", "2010", "year", "2021", None)]),
    ("from 2017 to 2021", [("from 2017 to 2021", "2017", "year", "2021", None)]),
])
def test_dates_are_found_and_resolved(date_rules, text, expected):
    assert found(date_rules, text) == expected


@pytest.mark.parametrize("text", [
    "H-1B簽證", "Trump 2.0", "川普2.0", "12分", "5到10倍", "12个月", "3.5%", "H200晶片", "奧迪A5L",
    "$2025", "2025万美元", "第一節", "三年", "10 years", "May we go", "20萬瓦", "9:00 pm",
    "https://www.example.com/2024/03/07/story.html", "IMG_20240307_1532.jpg", "国发〔2024〕3号", "京政发[2023]12号",
    "农历三月廿五", "農曆正月十五",
])
def test_things_that_only_look_like_dates(date_rules, text):
    assert found(date_rules, text) == []


def test_offsets_index_the_original_text(date_rules):
    text = f"據報道{COMMA}川普計劃明年4月訪華。"
    for mention in find_dates(text, REF, date_rules):
        assert text[mention.start:mention.end] == mention.text


def test_month_day_without_year_takes_the_nearest_year(date_rules):
    assert found(date_rules, "12月28日", ref=date(2026, 1, 3))[0][1] == "2025-12-28"
    assert found(date_rules, "1月3日", ref=date(2025, 12, 30))[0][1] == "2026-01-03"


def test_lang_restricts_patterns(date_rules):
    assert found(date_rules, "this year", lang="zh") == []
    assert found(date_rules, "this year", lang="en")


def test_cli_prints_json(project):
    result = run_cli(["dates", "--ref", "2025-12-05", "--lang", "zh", "川普計劃明年4月訪華"], project.root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"text": "明年4月", "start": 4, "end": 8, "value": "2026-04", "granularity": "month"}]


def test_cli_batch_answers_each_line(project):
    lines = [{"text": "2000年至2019年", "ref": "2025-12-05", "lang": "zh"},
             {"text": "this past spring", "ref": "2025-12-05", "lang": "en"},
             {"text": "no date here", "ref": "2025-12-05"}] * 200
    result = run_cli(["dates", "--batch"], project.root,
                     input="\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(lines)
    assert answers[0] == [{"text": "2000年至2019年", "start": 0, "end": 11, "value": "2000",
                           "granularity": "year", "end_value": "2019"}]
    assert answers[1][0]["value"] == "2025-SP" and answers[2] == []


def test_cli_bad_ref_and_bad_batch_line_are_clear_errors(project):
    result = run_cli(["dates", "--ref", "5 Dec", "今年"], project.root)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr
    result = run_cli(["dates", "--batch"], project.root, input='{"text": "今年", "ref": "2025-12-05"}\nnot json\n')
    assert result.returncode == 2 and "line 2" in result.stderr and "Traceback" not in result.stderr


def test_bad_pattern_names_file_and_line(tmp_path):
    rules = (ROOT / "rules" / "dates.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "dates.yaml"
    broken.write_text(rules.replace("pattern: '{YEAR}年{MONTH}月{DAY}[日号號]'", "pattern: '{YEAR}年(['", 1),
                      encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_date_rules(broken)
    line = rules.split("\n").index("    pattern: '{YEAR}年{MONTH}月{DAY}[日号號]'") + 1
    assert error.value.line == line and "zh-full-date" in error.value.reason


@pytest.mark.parametrize("text, value, granularity", [
    ("十個月前", "2025-02", "month"), ("一年前", "2024", "year"), ("25年前", "2000", "year"),
    ("two years ago", "2023", "year"), ("二十五年前", "2000", "year"),
])
def test_ago_expressions(date_rules, text, value, granularity):
    assert [(d.value, d.granularity) for d in find_dates(text, REF, date_rules)] == [(value, granularity)]


def test_mid_year_needs_a_year(date_rules):
    assert found(date_rules, "一年中") == []
    assert found(date_rules, "2026年中期選舉") == [("2026年", "2026", "year", None, None)]
    assert found(date_rules, "2025年中") == [("2025年中", "2025", "year", None, "MID")]
    assert found(date_rules, "在今年10月底達成") == [("今年10月底", "2025-10", "month", None, "END")]
    assert found(date_rules, "2025年中前后") == [("2025年中", "2025", "year", None, "MID")]
    assert found(date_rules, "2025年中國已製造了700多艘") == [("2025年", "2025", "year", None, None)]


def test_labelled_seed_dates_meet_the_goals(project):
    """The hand-labelled date expressions of the three seeds (benchmarks/date_accuracy.py prints
    the same figures as a table)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from date_accuracy import GOALS, Score, evaluate, load_labels

    labels = load_labels()
    assert len(labels) >= 80
    total = Score()
    for score in evaluate(project, labels).values():
        total.add(score)
    assert total.precision >= GOALS["precision"]
    assert total.recall >= GOALS["recall"]
    assert total.accuracy >= GOALS["value accuracy"]


def test_the_date_corpora_meet_the_goals_in_each_language():
    """tests/fixtures/dates/corpus-*.jsonl: news sentences of our own with gold TIMEX3 values,
    written without looking at the rules (benchmarks/date_accuracy.py --corpus prints the table)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from date_accuracy import CORPUS_GOALS, load_corpus, score_case

    rules = load_date_rules(ROOT / "rules" / "dates.yaml")
    results = [score_case(case, rules) for case in load_corpus()]
    for lang in ("zh", "en"):
        positives = [r for r in results if r.case["id"].startswith(lang) and not r.case.get("negative")]
        assert len(positives) >= 300, lang
        accuracy = sum(r.right for r in positives) / len(positives)
        assert accuracy >= CORPUS_GOALS["accuracy"], (lang, accuracy)
    negatives = [r for r in results if r.case.get("negative")]
    assert len(negatives) >= 50
    wrong = [r.case["id"] for r in negatives if not r.right]
    assert len(wrong) / len(negatives) <= CORPUS_GOALS["false positives"], wrong


@pytest.mark.parametrize("text, ref, expected", [
    # runs of days across months and years, and runs of weekdays
    ("4月27日至5月6日期间", date(2024, 5, 3), ("4月27日至5月6日", "2024-04-27", "2024-05-06")),
    ("12月28日至1月3日将举行促销", date(2025, 12, 5), ("12月28日至1月3日", "2025-12-28", "2026-01-03")),
    ("勞工處將於本月二十日至二十二日舉辦招聘會", date(2024, 6, 12), ("本月二十日至二十二日", "2024-06-20", "2024-06-22")),
    ("2024年3月至5月", date(2024, 6, 3), ("2024年3月至5月", "2024-03", "2024-05")),
    ("shoppers made purchases between Jan 28 and Feb 4", date(2025, 2, 6),
     ("between Jan 28 and Feb 4", "2025-01-28", "2025-02-04")),
    ("週日至下週一鋒面滯留在北部海面", date(2025, 5, 16), ("週日至下週一", "2025-05-18", "2025-05-19")),
])
def test_runs_of_days(date_rules, text, ref, expected):
    assert [(d.text, d.value, d.end_value) for d in find_dates(text, ref, date_rules)] == [expected]


@pytest.mark.parametrize("text, ref, value", [
    ("新规将在三个月后全面实施", date(2025, 11, 20), "2026-02"),        # N units after the article
    ("将于十天后正式投入运营", date(2019, 9, 15), "2019-09-25"),
    ("美联储将于周四公布利率决议", date(2023, 7, 24), "2023-07-27"),    # the cue before the date speaks
    ("市民可於十一月三十日或之前提交意見", date(2025, 10, 14), "2025-11-30"),   # a deadline is ahead
    ("A Senate committee on Wednesday advanced a bill that would merge crews", date(2025, 6, 18), "2025-06-18"),
    ("夏季出境游市场可能继续升温", date(2024, 5, 3), "2024-SU"),          # the coming summer, not the last
])
def test_direction_from_the_clause(date_rules, text, ref, value):
    assert [d.value for d in find_dates(text, ref, date_rules)] == [value]


@pytest.mark.parametrize("text", ["他计划在上海停留3天后前往杭州", "每逢週六早上口岸都很擠", "每年春天都想来种一棵",
                                  "classes Monday through Thursday", "天文台懸掛八號烈風信號", "神舟十八号乘组状态良好",
                                  "光明日报记者 刘洋摄", "身穿7号球衣"])
def test_stays_schedules_and_names_are_no_dates(date_rules, text):
    assert found(date_rules, text, date(2025, 5, 3)) == []
