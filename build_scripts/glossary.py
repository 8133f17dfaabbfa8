"""The glossary: one YAML file per entry in editorial/glossary/, loaded and validated.

Validation collects every problem (file, line, field, reason) before failing, so an editor
sees them all at once. Names are checked against each other across entries: a surface form
that two entries claim would make linking ambiguous.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import BuildFailed, InputError
from .language import IDEOGRAPH, default_jieba, to_simplified, to_traditional
from .yamlio import LineDict, LineList, load_yaml

ENTRY_TYPES = ("person", "organisation", "place", "event", "policy", "product", "concept")
TYPE_LABELS = {
    "person": ("People", "人物"),
    "organisation": ("Organisations", "机构"),
    "place": ("Places", "地点"),
    "event": ("Events", "事件"),
    "policy": ("Policies and laws", "政策与法律"),
    "product": ("Products and technologies", "产品与技术"),
    "concept": ("Concepts", "概念"),
}
REGIONS = ("zh-CN", "zh-TW", "zh-HK", "zh-SG", "zh-MO")
NAME_KEYS = ("en", "zh-Hans", "zh-Hant")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
_HAN = re.compile(f"[{IDEOGRAPH}]")
_TOP_FIELDS = {"id", "type", "name", "regional", "aliases", "pinyin", "description", "related", "refs", "common"}
_REQUIRED = ("id", "type", "name", "description")


@dataclass
class Entry:
    id: str
    type: str
    name_en: str
    name_hans: str
    name_hant: str
    description_en: str
    description_hans: str
    description_hant: str
    pinyin: str
    regional: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)   # language -> forms
    related: list[str] = field(default_factory=list)
    wikidata: str | None = None
    wikipedia: dict[str, str] = field(default_factory=dict)        # en / zh -> article title
    common: bool = False
    path: str = ""          # the entry's file, relative to the project root
    line: int = 1
    file: Path | None = field(default=None, repr=False, compare=False)   # absolute, for error messages

    def written_forms(self) -> list[str]:
        """Every name and alias as the editor wrote it, name first."""
        forms = [self.name_en, self.name_hans, self.name_hant, *self.regional.values()]
        for language in NAME_KEYS:
            forms.extend(self.aliases.get(language, []))
        return _unique(forms)

    def surface_forms(self) -> list[str]:
        """What a text may contain: the written forms plus both-script conversions of the Chinese ones."""
        forms = []
        for form in self.written_forms():
            forms.append(form)
            if is_han_form(form):
                forms.extend((to_simplified(form), to_traditional(form)))
        return _unique(forms)

    def name_for(self, lang: str) -> str:
        return {"en": self.name_en, "zh-Hant": self.name_hant}.get(lang, self.name_hans)

    def description_for(self, lang: str) -> str:
        return {"en": self.description_en, "zh-Hant": self.description_hant}.get(lang, self.description_hans)


@dataclass
class Glossary:
    entries: dict[str, Entry]               # id -> entry, sorted by id

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def han_names(self, entry_type: str | None = None) -> list[str]:
        """Every Chinese surface form (of one type of entry), for segmenter and search dictionaries."""
        return sorted({f for e in self.entries.values() if entry_type in (None, e.type)
                       for f in e.surface_forms() if is_han_form(f)})

    def names_fingerprint(self) -> str:
        """A hash of the glossary without its descriptions: what parsing and finding mentions
        read from it. An edit to an entry's description leaves every capture's parse, mentions
        and events as they were; only pages are made again."""
        from .cache import digest

        return digest(*(repr(replace(e, description_en="", description_hans="", description_hant="", line=0))
                        for e in self.entries.values()))

    def latin_words(self) -> list[str]:
        """One-word English names (SoftBank, Nvidia), so glue repair leaves them whole."""
        return sorted({f for e in self.entries.values() for f in e.written_forms()
                       if not is_han_form(f) and re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", f)})


def is_han_form(form: str) -> bool:
    return bool(_HAN.search(form))


def collision_key(form: str) -> str:
    """Two forms with the same key are the same name (script and, for Latin, case ignored)."""
    return to_simplified(form) if is_han_form(form) else form.casefold()


def _unique(items) -> list:
    return list(dict.fromkeys(i for i in items if i))


# --- loading ----------------------------------------------------------------------------------

def load_glossary(directory: Path, root: Path | None = None) -> Glossary:
    """Load every entry; raise BuildFailed listing every problem found."""
    errors: list[InputError] = []
    entries: dict[str, Entry] = {}
    pinyin_rules = load_pinyin_rules(root / "rules" / "pinyin.yaml") if root is not None else PinyinRules()
    if directory.is_dir():
        for path in sorted(directory.glob("*.yaml")):
            try:
                entry = _load_entry(path, root, pinyin_rules)
            except InputError as err:
                errors.append(err)
                continue
            entries[entry.id] = entry
    errors.extend(_cross_check(entries, directory))
    if errors:
        raise BuildFailed(errors)
    return Glossary(dict(sorted(entries.items())))


def _relative(path: Path, root: Path | None) -> str:
    try:
        return path.relative_to(root).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def _load_entry(path: Path, root: Path | None, pinyin_rules: PinyinRules | None = None) -> Entry:
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise InputError(path, "a glossary entry must be a mapping of fields (see editorial/glossary/README.md)",
                         line=getattr(data, "line", 1) or 1)
    check = _Checker(path, data)
    for key in data:
        if key not in _TOP_FIELDS:
            check.fail(f"unknown field '{key}' (allowed: {', '.join(sorted(_TOP_FIELDS))})", key)
    for key in _REQUIRED:
        if key not in data:
            check.fail(f"missing required field '{key}'", key)
    entry_id = check.text("id")
    if not ID_PATTERN.match(entry_id):
        check.fail("id must be lowercase ASCII words joined by '-' (e.g. masayoshi-son)", "id")
    elif entry_id == "index":
        check.fail("id 'index' is reserved for the glossary's index page", "id")
    elif entry_id != path.stem:
        check.fail(f"id '{entry_id}' differs from the file name '{path.stem}.yaml'", "id")
    entry_type = check.text("type")
    if entry_type and entry_type not in ENTRY_TYPES:
        check.fail(f"type '{entry_type}' is not one of {', '.join(ENTRY_TYPES)}", "type")
    names = check.mapping("name", NAME_KEYS, required=NAME_KEYS)
    descriptions = check.mapping("description", NAME_KEYS, required=("en", "zh-Hans"))
    regional = check.mapping("regional", REGIONS)
    aliases = check.alias_lists()
    related = check.id_list("related")
    refs = data.get("refs")
    wikidata, wikipedia = None, {}
    if refs is not None:
        if not isinstance(refs, LineDict):
            check.fail("refs must be a mapping (wikidata, wikipedia)", "refs")
        else:
            for key in refs:
                if key not in ("wikidata", "wikipedia"):
                    check.fail(f"unknown field 'refs.{key}' (allowed: wikidata, wikipedia)", "refs", refs.line_of(key))
            if "wikidata" in refs:
                wikidata = str(refs["wikidata"])
                if not WIKIDATA_PATTERN.match(wikidata):
                    check.fail(f"refs.wikidata '{wikidata}' is not a Wikidata id like Q42", "refs",
                               refs.line_of("wikidata"))
            wikipedia = check.mapping_in(refs, "wikipedia", ("en", "zh"), "refs.wikipedia")
    common = data.get("common", False)
    if not isinstance(common, bool):
        check.fail("common must be true or false", "common")
    pinyin = check.text("pinyin", required=False)
    check.raise_first()
    for label, value in (("name.zh-Hans", names.get("zh-Hans", "")), ("name.zh-Hant", names.get("zh-Hant", ""))):
        if not value.strip():
            check.fail(f"{label} is empty", "name")
    check.raise_first()
    return Entry(
        id=entry_id, type=entry_type,
        name_en=names["en"], name_hans=names["zh-Hans"], name_hant=names["zh-Hant"],
        description_en=descriptions["en"], description_hans=descriptions["zh-Hans"],
        description_hant=descriptions.get("zh-Hant") or to_traditional(descriptions["zh-Hans"], taiwan=True),
        pinyin=pinyin or name_pinyin(names["zh-Hans"], entry_type, pinyin_rules or PinyinRules()),
        regional=regional, aliases=aliases, related=related, wikidata=wikidata, wikipedia=wikipedia,
        common=common, path=_relative(path, root), line=data.line or 1, file=path,
    )


class _Checker:
    """Field checks for one entry; the first problem is raised with its line and field."""

    def __init__(self, path: Path, data: LineDict):
        self.path, self.data, self.problems = path, data, []

    def fail(self, reason: str, key: str, line: int | None = None) -> None:
        self.problems.append(InputError(self.path, reason, line=line or self.data.line_of(key), field=key))

    def raise_first(self) -> None:
        if self.problems:
            raise self.problems[0]

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            self.fail(f"{key} must be one line of text", key)
            return ""
        return value.strip()

    def mapping(self, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, str]:
        return self.mapping_in(self.data, key, allowed, key, required)

    def mapping_in(self, parent: LineDict, key: str, allowed, label: str, required=()) -> dict[str, str]:
        value = parent.get(key)
        if value is None:
            if required and key in self.data and parent is self.data:
                self.fail(f"{label} must give {', '.join(required)}", key.split(".")[0])
            return {}
        if not isinstance(value, LineDict):
            self.fail(f"{label} must be a mapping with keys {', '.join(allowed)}", label.split(".")[0],
                      parent.line_of(key))
            return {}
        result = {}
        for sub in value:
            if sub not in allowed:
                self.fail(f"unknown field '{label}.{sub}' (allowed: {', '.join(allowed)})", label.split(".")[0],
                          value.line_of(sub))
            elif not isinstance(value[sub], str) or not value[sub].strip():
                self.fail(f"{label}.{sub} must be non-empty text", label.split(".")[0], value.line_of(sub))
            else:
                result[sub] = " ".join(value[sub].split())
        for sub in required:
            if sub not in value:
                self.fail(f"missing {label}.{sub}", label.split(".")[0], parent.line_of(key))
        return result

    def alias_lists(self) -> dict[str, list[str]]:
        value = self.data.get("aliases")
        if value is None:
            return {}
        if not isinstance(value, LineDict):
            self.fail("aliases must be a mapping from en / zh-Hans / zh-Hant to lists of names", "aliases")
            return {}
        result = {}
        for language in value:
            forms = value[language]
            if language not in NAME_KEYS:
                self.fail(f"unknown alias language '{language}' (allowed: {', '.join(NAME_KEYS)})", "aliases",
                          value.line_of(language))
            elif not isinstance(forms, LineList) or not all(isinstance(f, str) and f.strip() for f in forms):
                self.fail(f"aliases.{language} must be a list of names", "aliases", value.line_of(language))
            else:
                result[language] = [" ".join(f.split()) for f in forms]
        return result

    def id_list(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList) or not all(isinstance(i, str) and ID_PATTERN.match(i) for i in value):
            self.fail(f"{key} must be a list of entry ids", key)
            return []
        return list(value)


def _cross_check(entries: dict[str, Entry], directory: Path) -> list[InputError]:
    """Problems between entries: unknown related ids and names claimed twice."""
    errors = []
    for entry in entries.values():
        for other in entry.related:
            if other == entry.id:
                errors.append(InputError(entry.file, "an entry cannot be related to itself", field="related"))
            elif other not in entries:
                errors.append(InputError(entry.file, f"related entry '{other}' does not exist "
                                         f"(no {directory.name}/{other}.yaml)", field="related",
                                         line=_line_of(entry, other)))
    owners: dict[str, Entry] = {}
    for entry in entries.values():
        for form in entry.written_forms():
            key = collision_key(form)
            owner = owners.setdefault(key, entry)
            if owner is not entry:
                errors.append(InputError(entry.file, f"name '{form}' is also a name of '{owner.id}' "
                                         f"({owner.path}): an alias must belong to one entry only",
                                         field="name/aliases", line=_line_of(entry, form)))
    return errors


def _line_of(entry: Entry, text: str) -> int | None:
    """The line of the entry's file that holds a given value (for cross-entry errors)."""
    try:
        lines = entry.file.read_text(encoding="utf-8").split("\n")
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if text in line:
            return number
    return None


# --- pinyin --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PinyinRules:
    """rules/pinyin.yaml: how a name's pinyin is written when its entry gives none."""
    transliteration_characters: frozenset[str] = frozenset()
    transliteration_share: float = 1.0
    name_readings: tuple[tuple[str, str], ...] = ()
    surname_readings: tuple[tuple[str, str], ...] = ()
    generic_words: tuple[str, ...] = ()


def load_pinyin_rules(path: Path) -> PinyinRules:
    if not path.is_file():
        return PinyinRules()
    data = load_yaml(path) or LineDict()
    for key in ("name_readings", "surname_readings"):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(isinstance(k, str) and len(k) == 1 and isinstance(v, str)
                                                  for k, v in table.items()):
            raise InputError(path, f"'{key}' maps one character to its tone-marked reading",
                             line=data.line_of(key), field=key)
    share = data.get("transliteration_share", 1.0)
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise InputError(path, "'transliteration_share' is a share between 0 and 1", field="transliteration_share")
    return PinyinRules(frozenset(str(data.get("transliteration_characters") or "")), float(share),
                       tuple(sorted((data.get("name_readings") or {}).items())),
                       tuple(sorted((data.get("surname_readings") or {}).items())),
                       tuple(sorted((str(w) for w in data.get("generic_words") or []), key=len, reverse=True)))


# A syllable that starts with a, o or e takes an apostrophe inside a word (Xī'ān).
_VOWEL_START = re.compile("^[aoeāáǎàōóǒòēéěè]", re.I)
_HAN_RUN = re.compile(f"[{IDEOGRAPH}]+")


@lru_cache(maxsize=None)
def name_pinyin(name: str, entry_type: str = "concept", rules: PinyinRules = PinyinRules()) -> str:
    """Tone-marked pinyin for a Simplified name, written as a proper noun: a Chinese person's name
    as "Sūn Zhèngyì", a transliterated one as one word per "·" part ("Bèisēntè", "Lājiǎ
    Kèlǐxīnàmù'ěrdì"), anything else word by word, Latin letters as written ("H-1B qiānzhèng")."""
    from pypinyin import Style, pinyin

    readings = dict(rules.name_readings)
    proper = entry_type in ("person", "place", "organisation")

    def syllables(text: str, surname: bool = False) -> list[str]:
        out = [s[0] for s in pinyin(text, style=Style.TONE, errors=lambda chars: [chars])]
        if proper:
            out = [readings.get(c, s) for c, s in zip(text, out)] if len(out) == len(text) else out
        if surname and out:
            out[0] = dict(rules.surname_readings).get(text[0], out[0])
        return out

    def word(text: str, surname: bool = False) -> str:
        parts = syllables(text, surname)
        joined = parts[0] if parts else ""
        for part in parts[1:]:
            joined += ("'" if _VOWEL_START.match(part) else "") + part
        return joined

    han_only = re.sub(r"[^" + IDEOGRAPH + r"·]", "", name)
    if not han_only:
        return ""
    foreign = sum(c in rules.transliteration_characters for c in han_only) >= rules.transliteration_share * len(han_only)
    if entry_type == "person" and "·" not in name and 2 <= len(han_only) <= 4 and not foreign:
        surname_length = 2 if len(han_only) == 4 else 1
        return " ".join(word(p, surname=i == 0).capitalize()
                        for i, p in enumerate((han_only[:surname_length], han_only[surname_length:])))
    if "·" in name or (entry_type == "person" and foreign):
        return " ".join(word(p).capitalize() for p in name.split("·") if p.strip())
    out = []
    for piece in re.split(f"({_HAN_RUN.pattern})", name):
        if _HAN_RUN.fullmatch(piece):
            out.extend(word(w) for w in _name_words(piece, rules.generic_words if proper else ()))
        elif piece.strip():
            out.append(piece.strip())
    if proper:
        return " ".join(w[:1].upper() + w[1:] for w in out)
    return " ".join(out)


def _name_words(text: str, generic: tuple[str, ...]) -> list[str]:
    """The words of a name: jieba's, with a generic last word (大学, 集团) split off each, and the
    characters jieba leaves single (台积电: 台 / 积 / 电) joined into one word."""
    words: list[str] = []
    for w in _jieba_words(text):
        end = next((g for g in generic if w.endswith(g) and len(w) > len(g)), None)
        words.extend(_name_words(w[:-len(end)], generic) + [end] if end else [w])
    out, singles = [], False
    for w in words:
        if len(w) == 1 and w not in generic and singles:
            out[-1] += w
        else:
            out.append(w)
            singles = len(w) == 1 and w not in generic
    return out


def _jieba_words(text: str) -> list[str]:
    return [w for w in default_jieba().lcut(text, HMM=False) if w.strip()]


def pinyin_sort_key(entry: Entry) -> str:
    """Pinyin without tones or apostrophes, for sorting (Sūn Zhèngyì -> sun zhengyi, Xī'ān -> xian)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", entry.pinyin)
    return "".join(c for c in plain if not unicodedata.combining(c) and c != "'").lower() or entry.name_en.lower()
