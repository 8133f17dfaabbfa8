"""Wires the stages: a capture file in, a Capture (articles of blocks) out."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .aligner import align, mark_cut_off
from .cache import BuildCache, digest, files_fingerprint
from .cleaner import clean
from .errors import InputError
from .formats import extract
from .language import to_simplified
from .glossary import Glossary, load_glossary
from .metadata import Sidecar, load_sidecar, make_article
from .model import Capture
from .project import Project
from .reader import read_capture
from .recall import Recall
from .rules import Rules, load_rules
from .segmenter import Overrides, segment
from .sourcemeta import text_hints
from .slugs import REGISTRY_PATH, assign_slugs, load_registry
from .workers import cached_map


def _lead_line(draft) -> int | None:
    """The line of an article's first real paragraph: datelines and timestamps stand above it."""
    return next((b.line for b in draft.blocks if b.kind == "paragraph" and b.role == "body" and len(b.text) >= 40),
                None)


def load_project_rules(project: Project, cache: BuildCache | None = None) -> Rules:
    """rules/*.yaml; from the cache when they are unchanged (the cache's salt covers them)."""
    cache = cache or BuildCache.disabled()
    key = cache.key("rules")
    rules = cache.load("rules", key)
    if rules is None:
        rules = load_rules(project.rules)
        cache.store("rules", key, rules)
    return rules


def load_project_glossary(project: Project, cache: BuildCache | None = None, glossary_key: str | None = None
                          ) -> Glossary:
    """The glossary; from the cache when no glossary file changed (loading works out every
    name's pinyin, which needs jieba's dictionary)."""
    cache = cache or BuildCache.disabled()
    key = cache.key("glossary", glossary_key or glossary_fingerprint(project))
    glossary = cache.load("glossary", key)
    if glossary is None:
        glossary = load_glossary(project.glossary, project.root)
        cache.store("glossary", key, glossary)
    return glossary


def glossary_fingerprint(project: Project) -> str:
    return files_fingerprint(sorted(project.glossary.glob("*.yaml")))


def parse_capture(path: Path, rules: Rules, sidecar: Sidecar | None = None, project: Project | None = None,
                  glossary: Glossary | None = None, recall: Recall | None = None) -> Capture:
    """Read, clean, segment and align one capture; attach its sidecar's metadata.
    Glossary names help: glue repair keeps English names whole, and the segmenter knows people's
    Chinese names (a name starts a sentence, so it ends a heading glued to that sentence).
    `recall` holds the language calls' answers from this capture's last parse."""
    recall = recall or Recall()
    raw = read_capture(path, rules.cleaning.max_capture_bytes)
    if sidecar is None:
        sidecar = load_sidecar(project.sidecar_for(path.name)) if project else Sidecar(None, {}, Overrides())
    cleaning, names = rules.cleaning, rules.segmentation.known_names
    if glossary is not None:
        cleaning = replace(cleaning, glue=replace(cleaning.glue, keep_words=tuple(
            sorted(set(cleaning.glue.keep_words) | set(glossary.latin_words())))))
        names = tuple(sorted(set(names) | {to_simplified(n) for n in glossary.han_names("person")}))
    document = extract(path.name, raw.text, rules.metadata, rules.cleaning.paywall_notices)
    cleaned = clean(document.text, cleaning, recall)
    overrides = sidecar.overrides
    if document.captions:
        overrides = replace(overrides, page_captions=tuple(c.strip() for c in document.captions))
    if document.bylines:
        overrides = replace(overrides, bylines=overrides.bylines + document.bylines)
    descriptions = tuple(str(h.value) for h in document.hints if h.field == "description")
    if descriptions:
        overrides = replace(overrides, standfirsts=overrides.standfirsts + descriptions)
    drafts = segment(cleaned.lines, rules.segmentation, overrides, extra_words=names, recall=recall)
    if not drafts:
        raise InputError(path, "nothing left after cleaning: every line was removed as portal chrome")
    text_lines = list(enumerate(document.text.split("\n"), start=1))
    starts = [draft.first_line for draft in drafts] + [cleaned.footer_line or len(text_lines) + 1]
    articles = []
    for index, draft in enumerate(drafts, start=1):
        align(draft.blocks, rules.segmentation, recall)
        if cleaned.cut_line and draft.first_line <= cleaned.cut_line and \
                (index == len(drafts) or cleaned.cut_line < starts[index]):
            mark_cut_off(draft.blocks, f"a paywall notice follows the story (line {cleaned.cut_line})")
        # The document's own metadata is the first article's; each article's text has its own.
        first = 1 if index == 1 else starts[index - 1]
        hints = (document.hints if index == 1 else []) + \
            text_hints(text_lines[first - 1:starts[index] - 1], rules.metadata, head_end=_lead_line(draft))
        article = make_article(path.name, index, draft, sidecar, recall, hints, rules.segmentation.wire_lead)
        # Keys the article's events and page: an edit elsewhere in a digest leaves this one's alone.
        article.parsed = digest(repr(article))
        articles.append(article)
    sidecar_path = None
    if sidecar.path and project:
        sidecar_path = sidecar.path.relative_to(project.root).as_posix()
    return Capture(path.name, raw.encoding, raw.sha256, articles, cleaned.changes, sidecar_path, document.format)


def parse_all(project: Project, rules: Rules, glossary: Glossary | None = None,
              cache: BuildCache | None = None, jobs: int = 1, glossary_key: str | None = None
              ) -> tuple[list[Capture], list[InputError]]:
    """Every capture in seeds/; input errors are collected so all are reported at once.
    A capture whose bytes, sidecar, glossary, rules and code are unchanged comes from the cache;
    the others are parsed, in `jobs` processes when there are enough of them."""
    cache = cache or BuildCache.disabled()
    if glossary is None:
        glossary_key = "none"
    glossary_key = glossary_key or glossary_fingerprint(project)
    paths = project.captures()
    keys = []
    for path in paths:
        sidecar = project.sidecar_for(path.name)
        # Keyed by the path inside the project, so a moved or copied checkout keeps its cache.
        keys.append(cache.key("capture", path.relative_to(project.root).as_posix(), path.read_bytes(),
                              sidecar.read_bytes() if sidecar.is_file() else b"", glossary_key))
    # The language calls' answers are recalled by capture name: an edited capture's unchanged text
    # needs no language library (see recall.py).
    results = cached_map(_parse_or_error, paths, (rules, project, glossary), cache, "capture", keys, jobs,
                         recall_names=[f"{glossary_key} {path.name}" for path in paths])
    captures = [capture for capture, _ in results if capture is not None]
    errors = [InputError(**error) for _, error in results if error is not None]
    errors.extend(give_unique_slugs(captures, project, cache))
    return captures, errors


def _parse_or_error(path: Path, shared: tuple[Rules, Project, Glossary | None], recall: Recall):
    """(capture, None) or (None, the error's fields): an InputError's fields are not the
    constructor arguments pickle expects, so the error travels (and is cached) as a dict."""
    rules, project, glossary = shared
    try:
        return parse_capture(path, rules, project=project, glossary=glossary, recall=recall), None
    except InputError as err:
        # Named inside the project (seeds/x.txt), as the cache key is: a cached error stays right
        # in a moved checkout, and an editor reads the path they know.
        fields = dict(vars(err))
        if isinstance(err.path, Path) and err.path.is_relative_to(project.root):
            fields["path"] = err.path.relative_to(project.root).as_posix()
        return None, fields


def give_unique_slugs(captures: list[Capture], project: Project, cache: BuildCache | None = None
                      ) -> list[InputError]:
    """Every article's lasting slug (see slugs.py): sidecar, then editorial/slugs.yaml, then the title."""
    try:
        registry = (cache or BuildCache.disabled()).loaded("slugs", load_registry, project.root / REGISTRY_PATH)
    except InputError as err:
        return [err]
    return assign_slugs(captures, registry, project.sidecar_for)
