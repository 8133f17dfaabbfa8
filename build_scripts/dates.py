"""Date expressions in Chinese and English text, resolved to TimeML TIMEX3 values.

The words and patterns live in rules/dates.yaml; this module expands the patterns' placeholders,
finds every match (longest wins where matches overlap), drops what only looks like a date, and
resolves each match against a reference date (an article's published date):

    明年4月 (ref 2025-12-05)  -> 2026-04, month
    this past spring          -> 2025-SP, season
    2000年至2019年             -> 2000 .. 2019, year
    年初 (ref 2025-12-05)      -> 2025 with mod START
"""
from __future__ import annotations

import regex as re  # variable-width look-behind ("in April", not "May" the verb)
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from datetime import date, timedelta
from pathlib import Path

from .errors import InputError
from .spans import longest_first
from .yamlio import LineDict, LineList, load_yaml

GRANULARITIES = ("day", "week", "month", "season", "half", "year", "decade")
_WORD_LISTS = ("rel_year", "rel_month", "rel_week", "season", "part", "half", "weekday", "day_word", "month_name",
               "ago_unit", "number", "ordinal", "week_rel", "month_rel", "tense", "weekday_digit", "decade_word")
# Placeholders that are numbers rather than word lists; Chinese numerals are numbers too
# (二〇〇六年, 三月十五日, 九八年, 民國八十九年).
_ZH_DIGIT = "〇零一二三四五六七八九"
_NUMBERS = {
    "YEAR": rf"(?:19|20)\d{{2}}|[一二][{_ZH_DIGIT}]{{3}}",
    "YEAR2": rf"\d{{2}}|[{_ZH_DIGIT}]{{2}}",
    "ROC": r"1[01]\d|[1-9]\d|一百(?:[一二]?十)?[一二三四五六七八九]?|[二三四五六七八九]?十[一二三四五六七八九]?",
    "MONTH": r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]",
    "MONTH2": r"1[0-2]|0[1-9]",
    "DAY": r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]",
    "DECADE": r"(?:19|20)\d0|[1-9]0|[二三四五六七八九]十",
    "AGO_N": r"\d{1,3}|[一二两兩三四五六七八九十]{1,3}|(?i:a\s+hundred|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|"
             r"ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)",
}
_PLACEHOLDER = re.compile(r"\{([A-Z_][A-Z0-9_]*)(?::(end))?\}")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True)
class DatePattern:
    id: str
    lang: str                  # zh, en or any
    regex: re.Pattern


@dataclass(frozen=True)
class DateRules:
    words: dict[str, dict[str, object]]        # as written: the patterns are made from them
    patterns: tuple[DatePattern, ...]
    not_dates: tuple[re.Pattern, ...]
    future_weight: float = 1.0
    past_verb_after: re.Pattern | None = None    # "on Wednesday advanced": a past verb right after a date
    not_tense_cues: tuple[re.Pattern, ...] = ()   # a cue word in another sense (将 as 把: 将利率上调至)

    @cached_property
    def tense_cues(self) -> re.Pattern | None:
        """The tense list's words, as whole words where they are English."""
        words = sorted(self.words.get("tense", {}), key=len, reverse=True)
        if not words:
            return None
        return re.compile("|".join(rf"(?<![A-Za-z']){_word_regex(w)}(?![A-Za-z])" if re.match(r"[A-Za-z']", w)
                                   else _word_regex(w) for w in words), re.IGNORECASE)

    @cached_property
    def lookup(self) -> dict[str, dict[str, object]]:
        """The word lists keyed by casefolded, space-normalised word, for resolving matches."""
        return {name: {_fold(word): value for word, value in table.items()} for name, table in self.words.items()}


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str
    granularity: str
    end_value: str | None = None
    mod: str | None = None
    rule: str = ""
    tense: str | None = None    # "past" or "future" from the clause's cue words (said, 将), or None

    def as_json(self) -> dict:
        data = {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "granularity": self.granularity}
        if self.end_value is not None:
            data["end_value"] = self.end_value
        if self.mod is not None:
            data["mod"] = self.mod
        return data


# --- loading --------------------------------------------------------------------------------------

def load_date_rules(path: Path) -> DateRules:
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise InputError(path, "a rules file must be a mapping of sections", line=1)
    words_node = data.get("words")
    if not isinstance(words_node, LineDict):
        raise InputError(path, "missing 'words' (a mapping of word lists)", line=data.line_of("words"), field="words")
    words: dict[str, dict[str, object]] = {}
    for name in _WORD_LISTS:
        mapping = words_node.get(name, {})
        if not isinstance(mapping, dict):
            raise InputError(path, f"words.{name} must map words to values", line=words_node.line_of(name), field=name)
        words[name] = {str(k): v for k, v in mapping.items()}
    patterns = []
    items = data.get("patterns")
    if not isinstance(items, LineList):
        raise InputError(path, "missing 'patterns' (a list)", line=data.line_of("patterns"), field="patterns")
    seen = set()
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, LineDict) or not isinstance(item.get("id"), str) or \
                not isinstance(item.get("pattern"), str):
            raise InputError(path, "each pattern needs an 'id' and a 'pattern'", line=line, field="patterns")
        if item["id"] in seen:
            raise InputError(path, f"duplicate pattern id '{item['id']}'", line=line, field="patterns")
        seen.add(item["id"])
        lang = item.get("lang", "any")
        if lang not in ("zh", "en", "any"):
            raise InputError(path, f"lang must be zh, en or any, not '{lang}'", line=line, field="lang")
        try:
            regex = re.compile(_expand(item["pattern"], words))
        except (re.error, KeyError) as err:
            raise InputError(path, f"bad pattern '{item['id']}': {err}", line=item.line_of("pattern"),
                             field="pattern") from None
        patterns.append(DatePattern(item["id"], lang, regex))
    not_dates = []
    for index, item in enumerate(data.get("not_dates") or []):
        try:
            not_dates.append(re.compile(item["pattern"]))
        except (re.error, KeyError, TypeError) as err:
            raise InputError(path, f"bad not_dates pattern: {err}", line=data["not_dates"].line_of(index),
                             field="not_dates") from None
    weight = data.get("future_weight", 1)
    if not isinstance(weight, (int, float)) or weight <= 0:
        raise InputError(path, "future_weight must be a positive number", line=data.line_of("future_weight"),
                         field="future_weight")
    past_verb = None
    if data.get("past_verb_after"):
        try:
            past_verb = re.compile(str(data["past_verb_after"]))
        except re.error as err:
            raise InputError(path, f"bad past_verb_after pattern: {err}", line=data.line_of("past_verb_after"),
                             field="past_verb_after") from None
    not_cues = []
    for index, item in enumerate(data.get("not_tense_cues") or []):
        try:
            not_cues.append(re.compile(str(item)))
        except re.error as err:
            raise InputError(path, f"bad not_tense_cues pattern: {err}", line=data["not_tense_cues"].line_of(index),
                             field="not_tense_cues") from None
    return DateRules(words, tuple(patterns), tuple(not_dates), float(weight), past_verb, tuple(not_cues))


def _expand(pattern: str, words: dict[str, dict[str, object]]) -> str:
    """Replace each {PLACEHOLDER} with a named group of its numbers or words."""
    def group(match: re.Match) -> str:
        name, end = match.group(1), match.group(2)
        group_name = name.lower() + ("_end" if end else "")
        if name in _NUMBERS:
            body = _NUMBERS[name]
        else:
            # MONTH_NAME keeps its capitals ("May" the month, not "may" the verb); MONTH_NAME_I,
            # for a month followed by a day or year ("march 3"), is any case.
            table = "month_name" if name == "MONTH_NAME_I" else name.lower()
            group_name = table + ("_end" if end else "")
            listed = sorted(words[table], key=len, reverse=True)
            alternatives = "|".join(_word_regex(w) for w in listed) or "(?!)"
            body = alternatives if name == "MONTH_NAME" else f"(?i:{alternatives})"
        return f"(?P<{group_name}>{body})"
    return _PLACEHOLDER.sub(group, pattern)


def _word_regex(word: str) -> str:
    return r"\s+".join(re.escape(part) for part in word.split())


# --- finding --------------------------------------------------------------------------------------

def find_dates(text: str, ref: date, rules: DateRules, lang: str | None = None) -> list[DateMention]:
    """Every date expression in text, resolved against ref, in text order, not overlapping."""
    normal = text.translate(_FULL_WIDTH_DIGITS)
    blocked = [m.span() for rule in rules.not_dates for m in rule.finditer(normal)]
    clauses = _clause_ends(normal)
    candidates = []
    for order, pattern in enumerate(rules.patterns):
        if lang and pattern.lang not in ("any", lang):
            continue
        for match in pattern.regex.finditer(normal):
            start, end = match.span()
            if start == end or any(s < end and start < e for s, e in blocked):
                continue
            if lang and not _fits_language(match.group(0), lang):
                continue
            tense = _tense(normal, start, end, rules, clauses)
            resolved = _resolve(match.groupdict(), ref, rules, tense)
            if resolved is None:
                continue
            candidates.append((start, end, order, (pattern.id, resolved, tense)))
    found = [DateMention(text[start:end], start, end, *resolved, rule_id, tense)
             for start, end, (rule_id, resolved, tense) in longest_first(candidates)]
    return _weekday_ranges(found, text)


_WEEKDAY_RULES = {"weekday", "weekday-relative", "zh-weekday-relative"}
_RANGE_LINK = re.compile(r"\s*(?:至|到|—|–|-|~|～|to|through|until)\s*", re.IGNORECASE)


def _weekday_ranges(mentions: list[DateMention], text: str) -> list[DateMention]:
    """"週日至下週一", "Friday to next Monday": one run of days, its start the last such weekday
    before its end (the end, often "下週一", is the better anchored)."""
    out: list[DateMention] = []
    for mention in mentions:
        first = out[-1] if out else None
        if (first is not None and first.rule in _WEEKDAY_RULES and mention.rule in _WEEKDAY_RULES
                and first.end_value is None and mention.end_value is None
                and _RANGE_LINK.fullmatch(text[first.end:mention.start])):
            end = date.fromisoformat(mention.value)
            back = (end.isoweekday() - date.fromisoformat(first.value).isoweekday()) % 7 or 7
            out[-1] = DateMention(text[first.start:mention.end], first.start, mention.end,
                                  (end - timedelta(days=back)).isoformat(), "day", mention.value, None,
                                  "weekday-range", mention.tense or first.tense)
            continue
        out.append(mention)
    return out


_HAN = re.compile(r"\p{Han}")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _fits_language(text: str, lang: str) -> bool:
    """Patterns shared by both languages (rel-year's 今年 and "this year") keep to one with --lang."""
    return not _LATIN_WORD.search(text) if lang == "zh" else not _HAN.search(text)


_CLAUSE_END = re.compile(r"[。！？；;!?\n，]|,(?=\s*\p{Han})|,\s|(?<=\p{Han})[：:]|\s(?:and|but)\s")


def _clause_ends(text: str) -> tuple[list[int], list[int]]:
    """Where the text's clause ends start and end, in order, found once per text (a clause
    end's look-ahead, "," before Han, must see the whole text)."""
    spans = [m.span() for m in _CLAUSE_END.finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def _tense(text: str, start: int, end: int, rules: DateRules, clauses: tuple[list[int], list[int]]
           ) -> str | None:
    """"future" or "past" from the cue words of the clause around a date (将, will; 表示, said),
    or None. A day or month given without its year, or a weekday, is then the next one or the
    last one; the nearest otherwise."""
    cues = rules.tense_cues
    if cues is None:
        return None
    starts, ends = clauses
    before_date = bisect_right(ends, start)
    left = ends[before_date - 1] if before_date else 0
    after_date = bisect_left(starts, end)
    right = starts[after_date] if after_date < len(starts) else len(text)
    # The cue nearest the date speaks for it: "left port on october 12 and is expected to arrive".
    def counted(m: re.Match) -> bool:
        # "will be released", "to be held": a participle after "be" is not the past.
        if rules.lookup["tense"][_fold(m.group())] == "past" and text[max(0, m.start() - 3):m.start()] == "be ":
            return False
        return not any(p.match(text, m.start()) for p in rules.not_tense_cues)

    before = [(start - m.end(), m.group()) for m in cues.finditer(text, left, start) if counted(m)]
    after = [(m.start() - end, m.group()) for m in cues.finditer(text, end, right) if counted(m)]
    # English puts the verb before the date ("left port on October 12"); Chinese on either side
    # (将于3月5日, 3月5日表示).
    english = _LATIN_WORD.search(text[start:end]) is not None
    if english and not before and rules.past_verb_after is not None and rules.past_verb_after.match(text, end):
        return "past"               # "on Wednesday advanced a bill that would …"
    near = before if before and english else before + after
    if not near:
        return None
    # Of two cues as near, the one before the date speaks for it: 将于周四公布, 预计12月上旬公布.
    nearest = min(distance for distance, _ in near)
    cue = next((w for d, w in before if d == nearest), None) or next(w for d, w in after if d == nearest)
    return rules.lookup["tense"][_fold(cue)]


# --- resolving ------------------------------------------------------------------------------------

@dataclass
class _Point:
    value: str
    granularity: str
    mod: str | None = None


def _resolve(groups: dict, ref: date, rules: DateRules,
             tense: str | None = None) -> tuple[str, str, str | None, str | None] | None:
    start = _point(groups, ref, rules, tense)
    if start is None:
        return None
    end_value = None
    if any(k.endswith("_end") and v for k, v in groups.items()):
        end_groups = {k[:-4]: v for k, v in groups.items() if k.endswith("_end")}
        if start.granularity == "day" and not end_groups.get("month") and not end_groups.get("month_name"):
            # "3月1日至5日", "2 to 13 June": the end day is in the start's month and year.
            end_groups["month"] = start.value[5:7]
        if not end_groups.get("year"):
            end_groups["year"] = start.value[:4]      # "March 3 to March 30, 2024"
        end = _point(end_groups, ref, rules, tense)
        if end is not None and end.value < start.value and not groups.get("year_end") and end_groups.get("month"):
            # 12月28日至1月3日: the end is in the next year
            end_groups["year"] = str(int(start.value[:4]) + 1)
            end = _point(end_groups, ref, rules, tense)
        if end is None or end.value < start.value:
            return None
        end_value = end.value
    return start.value, start.granularity, end_value, start.mod


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _lookup(words: dict, table: str, text: str | None):
    return None if text is None else words[table].get(_fold(text))


def number(text: str) -> int:
    """Arabic or Chinese numerals: "12", "十二", "二十五", "一百一十四", and digit by digit "二〇〇六"."""
    if text.isdigit() and text.isascii():
        return int(text)
    if len(text) >= 2 and all(ch in _ZH_DIGIT for ch in text):
        return int("".join(str(max(_ZH_DIGIT.index(ch) - 1, 0)) for ch in text))     # 〇 and 零 are 0
    import cn2an

    return int(cn2an.cn2an(text, "smart"))


def _year_of(g: dict, ref: date) -> int | None:
    if g.get("year"):
        return number(g["year"])
    if g.get("year2"):
        # 九八年, 08年: the century that keeps the year at most ten years after the article.
        short = number(g["year2"])
        return 2000 + short if 2000 + short <= ref.year + 10 else 1900 + short
    if g.get("roc"):
        return number(g["roc"]) + 1911          # 民國114年 is 2025
    return None


def _point(g: dict, ref: date, rules: DateRules, tense: str | None = None) -> _Point | None:
    words, get = rules.lookup, g.get
    if get("ago_unit"):
        return _ago(get("ago_n"), _lookup(words, "ago_unit", get("ago_unit")), ref, words)
    year = _year_of(g, ref)
    rel_year = _lookup(words, "rel_year", get("rel_year"))
    if year is None and rel_year is not None:
        year = ref.year + int(rel_year)
    month = number(get("month")) if get("month") else _lookup(words, "month_name", get("month_name"))
    if get("month2"):
        month = int(get("month2"))
    day = number(get("day")) if get("day") else _lookup(words, "ordinal", get("ordinal"))
    part = get("part") or get("part_bare")
    mod = _lookup(words, "part", part) if part else None
    if get("rel_month") is not None and (day is not None or part):
        # 上个月15号, 本月9日, 上月底: a day or part of a month given relative to this one.
        year, month = (int(x) for x in _month_from(ref, int(_lookup(words, "rel_month", get("rel_month")))).split("-"))
    if get("this_month") is not None:
        year, month = ref.year, ref.month          # 月底, 上旬, "the end of the month"
    if get("decade") or get("decade_word"):
        decade = number(get("decade")) if get("decade") else int(_lookup(words, "decade_word", get("decade_word")))
        if decade < 100:
            decade += 2000 if 2000 + decade <= ref.year + 10 else 1900
        return _Point(f"{str(decade)[:3]}X", "decade")
    if get("half"):
        half = _lookup(words, "half", get("half"))
        return _Point(f"{year or ref.year}-{half}", "half")
    if get("season"):
        code = _lookup(words, "season", get("season"))
        if year is None:
            year = _season_year(code, ref, (get("season_rel") or "").split()[0].lower() if get("season_rel") else "",
                                tense, rules.future_weight)
        return _Point(f"{year}-{code}", "season")
    if part and month is None:
        return _Point(f"{year or ref.year}", "year", mod)
    if get("day_word"):
        moved = ref + timedelta(days=int(_lookup(words, "day_word", get("day_word"))))
        return _Point(moved.isoformat(), "day")
    if get("weekday") or get("weekday_digit"):
        weekday = _lookup(words, "weekday", get("weekday")) or _lookup(words, "weekday_digit", get("weekday_digit"))
        return _Point(_weekday(int(weekday), ref, tense,
                               _lookup(words, "week_rel", get("week_rel")),
                               _lookup(words, "rel_week", get("rel_week"))).isoformat(), "day")
    if get("rel_week"):
        return _Point(_iso_week(ref + timedelta(weeks=int(_lookup(words, "rel_week", get("rel_week"))))), "week")
    if get("rel_month") and day is None and not part:
        return _Point(_month_from(ref, int(_lookup(words, "rel_month", get("rel_month")))), "month")
    if month is None and day is not None:
        # 15日, 十五号: a day of this month, or of the month before or after as the tense says.
        return _bare_day(day, ref, tense)
    if month is not None:
        if year is None and get("month_rel"):
            year = _month_with_relation(month, ref, _lookup(words, "month_rel", get("month_rel")))
        if year is None:
            year = _year_for(month, day, ref, tense, rules.future_weight)
        if day is not None:
            try:
                return _Point(date(year, month, day).isoformat(), "day")
            except ValueError:
                return None     # 2月30日: not a date
        if not 1 <= month <= 12:
            return None
        return _Point(f"{year}-{month:02d}", "month", mod)
    if year is not None:
        return _Point(f"{year}", "year")
    return None


def _year_for(month: int, day: int | None, ref: date, tense: str | None, future_weight: float) -> int:
    """A month (and day) without a year: the last one on or before the article in a sentence
    about the past, the next one in a sentence about the future, else the nearest."""
    if not 1 <= month <= 12:
        return ref.year
    this = date(ref.year, month, min(day or 1, 28))
    if tense == "past":
        on_or_before = this <= ref if day else (ref.year, month) <= (ref.year, ref.month)
        return ref.year if on_or_before else ref.year - 1
    if tense == "future":
        on_or_after = this >= ref if day else month >= ref.month
        return ref.year if on_or_after else ref.year + 1
    return _closest_year(month, day or 15, ref, future_weight)


def _month_with_relation(month: int, ref: date, relation) -> int:
    """"last March": the latest March before this month; "next March": the first after it;
    "this March": this year's."""
    if relation == "last":
        return ref.year if month < ref.month else ref.year - 1
    if relation == "next":
        return ref.year if month > ref.month else ref.year + 1
    return ref.year


def _bare_day(day: int, ref: date, tense: str | None) -> _Point | None:
    year, month = ref.year, ref.month
    if tense == "past" and day > ref.day or tense is None and day - ref.day > 20:
        year, month = (int(x) for x in _month_from(ref, -1).split("-"))
    elif tense == "future" and day < ref.day or tense is None and ref.day - day > 20:
        year, month = (int(x) for x in _month_from(ref, 1).split("-"))
    try:
        return _Point(date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _weekday(weekday: int, ref: date, tense: str | None, relation, week_offset) -> date:
    """A weekday near the article: "上周五" and "next Monday" are in the week before or after;
    "last Friday" is the latest before the article's day; otherwise the last one on or before
    the article in a sentence about the past, the next one after it in one about the future."""
    if week_offset is not None:
        monday = ref - timedelta(days=ref.isoweekday() - 1) + timedelta(weeks=int(week_offset))
        return monday + timedelta(days=weekday - 1)
    if relation == "last":
        return ref - timedelta(days=(ref.isoweekday() - weekday - 1) % 7 + 1)
    if relation == "next":
        monday = ref - timedelta(days=ref.isoweekday() - 1) + timedelta(weeks=1)
        return monday + timedelta(days=weekday - 1)
    if tense == "future" or relation == "coming":
        return ref + timedelta(days=(weekday - ref.isoweekday() - 1) % 7 + 1)
    return ref - timedelta(days=(ref.isoweekday() - weekday) % 7)


def _closest_year(month: int, day: int, ref: date, future_weight: float) -> int:
    """A month (and day) without a year: the year that puts it nearest the reference date,
    a later date counting future_weight times its distance."""
    def distance(year: int) -> float:
        days = (date(year, month, min(day, 28)) - ref).days
        return days * future_weight if days > 0 else -days
    return min((ref.year, ref.year - 1, ref.year + 1), key=distance)


def _count(text: str, words: dict) -> int | None:
    if text.isdigit():
        return int(text)
    value = _lookup(words, "number", text)
    if value is not None:
        return int(value)
    digits = [_lookup(words, "number", ch) for ch in text]       # 二十五, 十二
    if None in digits:
        return None
    if len(digits) == 2 and digits[0] == 10:
        return 10 + digits[1]
    if len(digits) == 2 and digits[1] == 10:
        return digits[0] * 10
    if len(digits) == 3 and digits[1] == 10:
        return digits[0] * 10 + digits[2]
    return None


def _ago(count_text: str, unit: str | None, ref: date, words: dict) -> _Point | None:
    count = _count(count_text or "", words)
    if count is None or unit is None:
        return None
    if unit.startswith("+"):                         # 三个月后: after the published date
        count, unit = -count, unit[1:]               # from here on, `count` units back
    if unit == "year":
        return _Point(str(ref.year - count), "year")
    if unit == "decade":
        return _Point(str(ref.year - 10 * count), "year")
    if unit == "month":
        return _Point(_month_from(ref, -count), "month")
    if unit == "week":
        return _Point(_iso_week(ref - timedelta(weeks=count)), "week")
    return _Point((ref - timedelta(days=count)).isoformat(), "day")


def _month_from(ref: date, offset: int) -> str:
    """The TIMEX3 month `offset` months from ref's (2025-12 + 1 -> 2026-01)."""
    index = ref.year * 12 + ref.month - 1 + offset
    return f"{index // 12}-{index % 12 + 1:02d}"


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _season_year(code: str, ref: date, relation: str, tense: str | None = None, future_weight: float = 1.0) -> int:
    """The year of a season named without one: "next" the coming one, "last" the last one over,
    "this past", "over the" the latest that has begun. A bare season (夏季, summer) is the one
    under way, else the coming one in a clause about the future, the last one in a clause about
    the past, and with no cue the nearer of the two (the coming one counting future_weight times
    its distance, as for months)."""
    start_month = _SEASON_START[code]
    started = ref.year if ref.month >= start_month else ref.year - 1
    if relation == "" and (ref - date(started, start_month, 1)).days >= 91:      # not under way
        if tense == "future":
            return started + 1
        if tense is None:
            coming = (date(started + 1, start_month, 1) - ref).days * future_weight
            ended = (ref - date(started, start_month, 1)).days - 91
            return started + 1 if coming < ended else started
    if relation == "next":
        return started + 1
    if relation == "last":
        under_way = (ref - date(started, start_month, 1)).days < 91
        return started - 1 if under_way else started
    if relation == "this":
        # "this autumn" in May is the coming one; "this spring" in October the one just past;
        # "this winter" in January the one that began in December.
        return ref.year - 1 if code == "WI" and ref.month <= 2 else ref.year
    return started


# --- reading values back ---------------------------------------------------------------------------

_TIMEX = re.compile(r"(?P<decade>\d{3})X|(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
                    r"|(?P<season>SP|SU|FA|WI)|H(?P<half>[12])|W(?P<week>\d{2})))?")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}   # 14: February of next year
_MOD_THIRDS = {"START": 0, "MID": 1, "END": 2}


def granularity_of(value: str) -> str | None:
    """The granularity a TIMEX3 value written by find_dates has, or None if it is not one."""
    match = _TIMEX.fullmatch(value)
    if not match:
        return None
    try:
        _span(value)
    except ValueError:      # 2025-13, 2025-02-30, week 54
        return None
    for name in ("day", "month", "season", "half", "week", "decade"):
        if match.group(name):
            return "month" if name == "month" and match.group("day") is None else name
    return "year"


def interval(value: str, end_value: str | None = None, mod: str | None = None) -> tuple[date, date]:
    """First and last day a value (or range) covers; START/MID/END keep a third of it."""
    first, last = _span(value)
    if end_value:
        last = _span(end_value)[1]
    elif mod in _MOD_THIRDS:
        third = ((last - first).days + 1) / 3
        begin = first + timedelta(days=round(third * _MOD_THIRDS[mod]))
        first, last = begin, min(last, begin + timedelta(days=max(0, round(third) - 1)))
    return first, last


def _span(value: str) -> tuple[date, date]:
    match = _TIMEX.fullmatch(value)
    if not match:
        raise ValueError(f"not a TIMEX3 date value: {value!r}")
    g = match.groupdict()
    if g["decade"]:
        start = int(g["decade"]) * 10
        return date(start, 1, 1), date(start + 9, 12, 31)
    year = int(g["year"])
    if g["day"]:
        day = date(year, int(g["month"]), int(g["day"]))
        return day, day
    if g["month"]:
        return _month_span(year, int(g["month"]), int(g["month"]))
    if g["season"]:
        return _month_span(year, *_SEASON_MONTHS[g["season"]])
    if g["half"]:
        return _month_span(year, 1, 6) if g["half"] == "1" else _month_span(year, 7, 12)
    if g["week"]:
        monday = date.fromisocalendar(year, int(g["week"]), 1)
        return monday, monday + timedelta(days=6)
    return date(year, 1, 1), date(year, 12, 31)


def _month_span(year: int, first_month: int, last_month: int) -> tuple[date, date]:
    """From the 1st of first_month to the end of last_month (months past 12 run into next year)."""
    end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    after = date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return date(year, first_month, 1), after - timedelta(days=1)
