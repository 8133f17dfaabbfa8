"""`build`: every capture through the pipeline, then the pages into docs/."""
from __future__ import annotations

import gc
import json
import os
import pickle
import sys
from pathlib import Path

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

from .errors import BuildFailed, InputError
from .annotator import Matcher, annotate, annotated_texts, mentioned_entries
from .cache import CACHE_DIR, BuildCache, digest
from .events import article_events, build_timeline
from .glossary_pages import (
    GLOSSARY_DIR, SEARCH_DICTIONARY_PATH, credit_texts, credit_views, credits, entry_path, mention_views, occurrences,
    render_entry, render_glossary_index, render_search_dictionary,
)
from .glossary import Glossary
from .memo import KEPT, PageMemo, is_kept
from .page_data import data_path, split_page_data
from .model import Article, Capture, Change, Event, Mention
from .notes import anchor_notes, load_notes, notes_path
from .recall import Recall
from .rules import Rules
from .output import changed_files, is_generated, markdown_files, stale_files, write_generated
from .duplicates import find_duplicates
from .slugs import REGISTRY_PATH, render_registry
from .pipeline import glossary_fingerprint, load_project_glossary, load_project_rules, parse_all
from .related import Related, related_articles
from .project import Project
from .workers import cached_map, in_background
from .timeline_pages import (
    TIMELINE_ICS, TIMELINE_JSON, TIMELINE_PAGE, View, render_timeline, render_timeline_ics, render_timeline_json,
    render_timeline_section,
)
from .translations import Coverage, attach_translations, load_translations, translation_path
from .variants import (
    VARIANTS, Converter, convert_page, convert_text, load_converters, merge_swaps, page_swaps, render_conversion_report,
    variant_path,
)
from .writer import (
    FEED_PATH, entries_shown, render_feed, render_related,
    REPORT_PATH, SiteInfo, article_path, generated_notice, render_article, render_cleaning_report, render_home, render_report,
    render_sources, render_months,
)


CONVERSION_REPORT = "reports/conversion-report.md"
VARIANT_DOWNLOADS = (".json", ".ics")      # generated files that pages link to, per variant
CONVERTED_DOWNLOADS = (".json",)            # ... whose text is converted (a calendar is copied)


@dataclass
class Corpus:
    """Everything read and worked out from the inputs, before any page is written."""

    rules: Rules
    glossary: Glossary
    captures: list[Capture]
    articles: list[Article]
    matcher: Matcher
    events: list[Event]
    coverage: list[Coverage]    # our translations, per article
    known_mentions: dict[str, list[Mention]] = field(default_factory=dict)   # text -> its mentions, found once
    glossary_key: str = ""      # a hash of the glossary's files
    article_keys: dict[str, str] = field(default_factory=dict)   # slug -> a hash of the article, all of it
    names_key: str = ""         # a hash of the glossary without its descriptions

    def find_mentions(self, text: str) -> list[Mention]:
        known = self.known_mentions.get(text)
        return [replace(m) for m in known] if known is not None else self.matcher.find(text)


def read_corpus(project: Project, cache: BuildCache | None = None, jobs: int = 1) -> Corpus:
    """Every capture through the pipeline: parsed, annotated with the glossary, its events found."""
    cache = cache or BuildCache.disabled()
    rules = load_project_rules(project, cache)
    glossary_key = glossary_fingerprint(project)    # read once: it keys every glossary-dependent result
    glossary = load_project_glossary(project, cache, glossary_key)
    # Parses, mentions and events depend on the glossary's names, not its descriptions.
    names_key = glossary.names_fingerprint()
    captures, errors = parse_all(project, rules, glossary, cache, jobs, names_key)
    if errors:
        raise BuildFailed(errors)
    articles = [article for capture in captures for article in capture.articles]
    coverage = attach_editorial_layers(project, articles, cache)
    matcher = Matcher(glossary, rules.glossary)
    texts = [annotated_texts(article) + credit_texts(article) for article in articles]
    mentions = cached_map(_find_mentions, texts, matcher, cache, "mentions",
                          [cache.key("mentions", names_key, *t) for t in texts], jobs,
                          recall_names=[f"{names_key} {a.capture} {a.index}" for a in articles])
    known = {text: found for t, m in zip(texts, mentions) for text, found in zip(t, m)}
    annotate(articles, matcher, known)
    sidecars = {a.slug: c.sidecar or project.sidecar_for(c.name) for c in captures for a in c.articles}
    article_keys = {a.slug: article_key(project, cache, c, a, names_key) for c in captures for a in c.articles}
    found_events = cached_map(article_events, articles, rules, cache, "events",
                              [article_keys[a.slug] for a in articles], jobs)
    events = build_timeline(articles, rules, set(glossary.entries), sidecars, found_events)
    return Corpus(rules, glossary, captures, articles, matcher, events, coverage, known, glossary_key, article_keys,
                  names_key)


def read_project_corpus(project: Project, jobs: int | None = None) -> Corpus:
    """read_corpus() with the project's own build cache (.cache/build/), as a build reads it: the
    editors' commands (timeline, translations) then cost what a no-op build does."""
    with no_collections():
        return read_corpus(project, BuildCache.for_project(project.root), jobs or os.cpu_count() or 1)


def article_key(project: Project, cache: BuildCache, capture: Capture, article: Article, glossary_key: str) -> str:
    """A hash of everything an article is made from: its text as parsed from the capture, the
    capture's sidecar, the glossary's names, its slug (which may depend on other captures), its
    translations and notes, and (in the cache's salt) the code and rules. Its events and its page
    are keyed by it."""
    parts = [capture.name, article.parsed, glossary_key, article.slug, article.inferred.get("slug", "")]
    for path in (project.sidecar_for(capture.name), project.root / translation_path(article.slug),
                 project.root / notes_path(article.slug)):
        parts.append(path.read_bytes() if path.is_file() else b"")
    return cache.key("article", *parts)


def _find_mentions(texts: list[str], matcher: Matcher, recall: Recall) -> list[list[Mention]]:
    # Recalled by text: an edited article's unchanged texts need no jieba cut.
    return [recall.get("mentions", text, lambda: matcher.find(text)) for text in texts]


def attach_editorial_layers(project: Project, articles: list[Article], cache: BuildCache | None = None
                            ) -> list[Coverage]:
    """Our translations beside their blocks, our context and notes anchored in the text; every
    problem in those files is collected and reported at once."""
    cache = cache or BuildCache.disabled()
    errors, coverage = [], []
    for article in articles:
        try:
            path = translation_path(article.slug)
            article.translations, covered = attach_translations(
                article, cache.loaded("translations", load_translations, project.root / path), path)
            coverage.append(covered)
            notes_file = project.root / notes_path(article.slug)
            notes = cache.loaded("notes", load_notes, notes_file)
            article.context = notes.context
            article.notes = anchor_notes(article, notes.notes, notes_file.relative_to(project.root))
        except InputError as err:
            errors.append(err)
    if errors:
        raise BuildFailed(errors)
    return coverage


def render_docs(project: Project, cache: BuildCache | None = None, jobs: int = 1, memo: PageMemo | None = None
                ) -> tuple[dict[str, str], Corpus]:
    """All generated files, keyed by their path under the project root (nothing is written), and
    the corpus they were made from.
    With a cache, only what changed since the last build is parsed and converted again; with a
    memo, an article or entry page whose inputs are unchanged is KEPT (the file on disk is right)."""
    cache = cache or BuildCache.disabled()
    memo = memo or PageMemo(project.root, cache, enabled=False)
    corpus = read_corpus(project, cache, jobs)
    rules, glossary, captures, articles, events = (corpus.rules, corpus.glossary, corpus.captures,
                                                   corpus.articles, corpus.events)
    site = SiteInfo(project.repository_url())
    view = timeline_view(corpus)
    inner = replace(view, root="../")
    involving: dict[str, list[Event]] = {}
    for event in events:
        for entry_id in dict.fromkeys(event.entities):
            involving.setdefault(entry_id, []).append(event)
    # What every memoised page shares: the code and rules (the cache's salt), the glossary's
    # names, the site. Each page adds the entries it shows, descriptions and all: an edit to one
    # entry's description makes only the pages that show that entry again.
    common = (corpus.names_key, repr(site))
    # The glossary's pages and the timeline's are worked out beside the rest (in a second process
    # when there are two cores): nothing else needs them.
    glossary_and_timeline = in_background(partial(render_glossary_and_timeline, corpus, view, involving, common,
                                                  site, cache, memo.split()), jobs)
    converters = load_converters(glossary, project.rules / "conversion.yaml")
    files, swaps, swap_keys = render_article_pages(corpus, find_related(articles, corpus, cache), inner, common, site,
                                                   digest(*_fingerprints(converters)), cache, memo)
    duplicates = find_duplicates(captures)
    whole_digest = {    # pages that change with any capture
        "docs/index.md": render_home(articles),
        "docs/" + FEED_PATH: render_feed(articles),
        "docs/sources.md": render_sources(articles),
        "docs/months.md": render_months(articles),
        "docs/build-report.md": render_report(captures, site, corpus.coverage, duplicates),
        REPORT_PATH: render_cleaning_report(captures),
        REGISTRY_PATH: render_registry(captures),
    }
    background_files, background_records = glossary_and_timeline()
    files.update(background_files)
    files.update(whole_digest)
    memo.merge(background_records)
    rendered = sorted(swap_keys)
    swaps.update(zip(rendered, cached_map(page_swaps, [files[p] for p in rendered], converters, cache, "swaps",
                                          [swap_keys[p] for p in rendered], jobs)))
    files[CONVERSION_REPORT] = render_conversion_report(merge_swaps(swaps))
    written = hand_written_pages(project.root / "docs", files)
    converted = convert_variants(project, files, written, converters, cache, memo, jobs)
    return in_every_variant(files, written, converted), corpus


def render_article_pages(corpus: Corpus, related: dict[str, list[Related]], inner: View, common: tuple[str, ...],
                         site: SiteInfo, conversion_key: str, cache: BuildCache, memo: PageMemo
                         ) -> tuple[dict[str, str], dict[str, list], dict[str, str]]:
    """Each article's page (KEPT when its inputs are unchanged); the conversion report's findings
    for each kept page, and the cache key to file them under for each page rendered again."""
    glossary, keys = corpus.glossary, corpus.article_keys
    files: dict[str, str] = {}
    swaps: dict[str, list] = {}
    swap_keys: dict[str, str] = {}
    for capture, article, changes, timeline in article_inputs(corpus, inner):
        path = "docs/" + article_path(article)
        key = cache.key("article-page", *common, keys[article.slug], capture.name, capture.sidecar or "",
                        pickle.dumps(changes, protocol=5), timeline,
                        # As the page shows them: a change to their text elsewhere is no change here.
                        render_related(related[article.slug], glossary),
                        repr(entries_shown(article, glossary)))
        swap_key = cache.key("swaps", conversion_key, key)
        if memo.unchanged(path, key, page_outputs(path)):
            kept_swaps = cache.load("swaps", swap_key)
            if kept_swaps is not None:
                files[path], swaps[path] = KEPT, kept_swaps
                continue
            memo.forget(path)
        files[path] = render_article(article, capture, changes, site, glossary,
                                     related[article.slug], timeline=timeline)
        swap_keys[path] = swap_key
    return files, swaps, swap_keys


def article_inputs(corpus: Corpus, inner: View, only: set[str] | None = None):
    """Each article (or `only` those with these slugs) with its capture, the cleaner's changes on
    its lines and its timeline section as its page shows it: (capture, article, changes, timeline)."""
    told_by: dict[str, list[Event]] = {}
    for event in corpus.events:
        for slug in dict.fromkeys(s.article for s in event.sources):
            told_by.setdefault(slug, []).append(event)
    for capture in corpus.captures:
        for article, changes in zip(capture.articles, changes_by_article(capture)):
            if only is None or article.slug in only:
                yield capture, article, changes, render_timeline_section(told_by.get(article.slug, []), inner,
                                                                         article.slug)


def timeline_view(corpus: Corpus) -> View:
    rules = corpus.rules
    return View({a.slug: a for a in corpus.articles}, corpus.glossary, rules.timeline.labels,
                sources_listed=rules.timeline.sources_listed)


def render_pages_of(project: Project, slugs: set[str], cache: BuildCache | None = None, jobs: int = 1
                    ) -> dict[str, str]:
    """The pages of these articles alone, in every variant, exactly as render_docs() makes them:
    the preview shows an edited article this way before the rest of the digest is regenerated."""
    cache = cache or BuildCache.disabled()
    corpus = read_corpus(project, cache, jobs)
    inner = replace(timeline_view(corpus), root="../")
    related = find_related(corpus.articles, corpus, cache)
    converters = load_converters(corpus.glossary, project.rules / "conversion.yaml")
    site = SiteInfo(project.repository_url())
    pages = {}
    for capture, article, changes, timeline in article_inputs(corpus, inner, only=slugs):
        page = render_article(article, capture, changes, site, corpus.glossary, related[article.slug],
                              timeline=timeline)
        path = "docs/" + article_path(article)
        for variant in VARIANTS:
            pages.update(page_files(variant_path(path, variant), convert_page(page, converters[variant.code])))
    return pages


def page_outputs(path: str) -> tuple[str, ...]:
    """The files a generated page is written as: its variants, and their data files."""
    variants = variant_paths(path)
    return variants + tuple(data_path(p) for p in variants) if has_page_data(path) else variants


def has_page_data(path: str) -> bool:
    """Article pages keep their tooltip cards and original script in a data file beside them."""
    return path.startswith("docs/articles/") and path.endswith(".md")


def page_files(path: str, page: str) -> dict[str, str]:
    """A page in one variant, and its data file where it has one."""
    if not has_page_data(path):
        return {path: page}
    page, data = split_page_data(page, path, source=path.removeprefix("docs/"))
    return {path: page, data_path(path): data}


def convert_variants(project: Project, files: dict[str, str], written: list[str], converters: dict[str, Converter],
                     cache: BuildCache, memo: PageMemo, jobs: int) -> dict[tuple[str, str], str]:
    """By (path, variant code): generated pages in every variant; their downloads and the
    hand-written pages (`written`) in the other variants. From the cache where the text is unchanged."""
    texts = {**{path: content for path, content in files.items() if not is_kept(content)},
             **{path: (project.root / path).read_text(encoding="utf-8") for path in written}}
    pages = [path for path in files if path.startswith("docs/") and path.endswith(".md") and not is_kept(files[path])]
    downloads = [path for path in files if path.startswith("docs/") and path.endswith(CONVERTED_DOWNLOADS)]
    others = [variant.code for variant in VARIANTS if variant.suffix]
    wanted = ([(path, variant.code) for path in pages for variant in VARIANTS]
              + [(path, code) for path in downloads + written for code in others])
    keys = [cache.key("page", converters[code].fingerprint, path.rpartition(".")[2], texts[path])
            for path, code in wanted]
    for (path, _), key in zip(wanted, keys):
        if path in files:
            memo.uses(path, memo.entries.get(path, ()) + (("page", key),))
    converted = cached_map(_convert_one, [(path, texts[path], code) for path, code in wanted], converters,
                           cache, "page", keys, jobs,
                           recall_names=[f"{converters[code].fingerprint} {path}" for path, code in wanted])
    return dict(zip(wanted, converted))


def find_related(articles: list[Article], corpus: Corpus, cache: BuildCache) -> dict[str, list[Related]]:
    """related_articles(), from the cache when no article's entries, date or slug changed (most
    edits to a capture leave which entries its articles name as it was)."""
    limit = corpus.rules.glossary.related_max
    key = cache.key("related", corpus.glossary_key, str(limit),
                    *(f"{a.slug} {a.published} {' '.join(sorted(mentioned_entries(a)))}" for a in articles))
    found = cache.load("related", key)
    if found is None:
        found = {slug: [(r.article.slug, r.shared) for r in items]
                 for slug, items in related_articles(articles, corpus.glossary, limit).items()}
        cache.store("related", key, found)
    by_slug = {a.slug: a for a in articles}
    return {slug: [Related(by_slug[other], shared) for other, shared in items] for slug, items in found.items()}


def render_glossary_and_timeline(corpus: Corpus, view: View, involving: dict[str, list[Event]],
                                 common: tuple[str, ...], site: SiteInfo, cache: BuildCache, memo: PageMemo
                                 ) -> tuple[dict[str, str], tuple]:
    """The timeline's page and downloads, the glossary's index and entry pages (an entry page
    whose inputs are unchanged is KEPT), and what `memo` recorded of them."""
    glossary, articles, events, inner = corpus.glossary, corpus.articles, corpus.events, replace(view, root="../")
    found, credited = occurrences(articles), credits(articles, corpus.find_mentions)
    files = {
        "docs/" + TIMELINE_PAGE: render_timeline(events, view),
        "docs/" + TIMELINE_JSON: render_timeline_json(events, view),
        "docs/" + TIMELINE_ICS: render_timeline_ics(events, view),
        SEARCH_DICTIONARY_PATH: render_search_dictionary(glossary),
        "docs/" + GLOSSARY_DIR + "/index.md": render_glossary_index(glossary, found, credited),
    }
    for entry in glossary.entries.values():
        path = "docs/" + entry_path(entry.id)
        timeline = render_timeline_section(involving.get(entry.id, []), inner)
        mentions = mention_views(found.get(entry.id, []), corpus.rules.glossary.snippet_chars)
        credit = credit_views(credited.get(entry.id, []))
        # The page is rendered from these views alone: an edit that leaves its snippets as they
        # were leaves the page alone.
        shown = [entry] + [glossary.get(i) for i in entry.related]
        key = cache.key("entry-page", *common, repr(shown), timeline, repr(mentions), repr(credit))
        if memo.unchanged(path, key, variant_paths(path)):
            files[path] = KEPT
            continue
        files[path] = render_entry(entry, glossary, mentions, site, credit, timeline=timeline)
    return files, memo.records()


def variant_paths(path: str) -> tuple[str, ...]:
    return tuple(variant_path(path, variant) for variant in VARIANTS)


def _fingerprints(converters: dict[str, Converter]) -> list[str]:
    return [converters[code].fingerprint for code in sorted(converters)]


def _convert_one(item: tuple[str, str, str], converters: dict[str, Converter], recall: Recall) -> str:
    """A page (Markdown) or a download (JSON) in a variant."""
    path, text, code = item
    if path.endswith(".md"):
        return convert_page(text, converters[code], recall)
    return convert_text(text, converters[code], recall)


def hand_written_pages(docs: Path, files: dict[str, str]) -> list[str]:
    """The pages in docs/ that editors write (in Simplified): neither generated nor a twin."""
    twins = tuple(variant.suffix + ".md" for variant in VARIANTS if variant.suffix)
    return [f"docs/{name}" for name in markdown_files(docs)
            if f"docs/{name}" not in files and not name.endswith(twins) and not is_generated(docs / name)]


def in_every_variant(files: dict[str, str], hand_written: list[str], converted: dict[tuple[str, str], str]
                     ) -> dict[str, str]:
    """Each generated page in Simplified (its own path) and Traditional (NAME.zh-Hant.md); each
    hand-written page, written in Simplified, gets its Traditional twin generated. `converted`
    holds the conversions, by (path, variant code)."""
    out: dict[str, str] = {}
    for path, content in files.items():
        if is_kept(content):
            out.update(dict.fromkeys(page_outputs(path), KEPT))
        elif path.startswith("docs/") and path.endswith(".md"):
            for variant in VARIANTS:
                out.update(page_files(variant_path(path, variant), converted[(path, variant.code)]))
        elif path.startswith("docs/") and path.endswith(VARIANT_DOWNLOADS):
            # Downloads linked from a page need a twin beside the Traditional page; JSON text is
            # converted, a calendar is copied (converting would break its folded lines).
            out[path] = content
            for variant in VARIANTS:
                if variant.suffix:
                    out[variant_path(path, variant)] = converted.get((path, variant.code), content)
        else:
            out[path] = content
    for path in hand_written:
        for variant in VARIANTS:
            if variant.suffix:
                out[variant_path(path, variant)] = with_notice(converted[(path, variant.code)], path)
    return out


def with_notice(page: str, source: str) -> str:
    """A generated twin of a hand-written page says, in its front matter, which file to edit (and
    its edit button opens that file)."""
    notice = generated_notice(source).rstrip("\n") + f"\nedit_source: {json.dumps(source)}"
    if page.startswith("---\n"):
        return f"---\n{notice}\n" + page[4:]
    return f"---\n{notice}\n---\n\n{page}"


def changes_by_article(capture: Capture) -> list[list[Change]]:
    """Give each article the cleaner's changes on its own lines (portal chrome before the
    first article goes to the first, a footer after the last to the last)."""
    starts = [min((b.line for b in a.blocks), default=0) for a in capture.articles]
    buckets: list[list[Change]] = [[] for _ in capture.articles]
    for change in capture.changes:
        index = 0
        for position, start in enumerate(starts):
            if change.line >= start:
                index = position
        buckets[index].append(change)
    return buckets


@contextmanager
def no_collections():
    """Build with the cyclic garbage collector off. A build holds millions of long-lived objects
    (parsed captures, most of them loaded from the cache) and makes few reference cycles; the
    collector would walk them again and again (at Python's default threshold, a second of a no-op
    build at 1,000 captures) to free almost nothing. Reference counting still frees the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_docs(project: Project, check_only: bool = False, jobs: int | None = None, use_cache: bool = True) -> int:
    with no_collections():
        if check_only:
            return _check_docs(project, jobs, use_cache)
        report(generate(project, jobs, use_cache))
        return 0


@dataclass
class Generated:
    """What a build wrote: files under the project root (docs/…, reports/…) changed and removed."""

    changed: list[str]
    removed: list[Path]
    corpus: Corpus
    cache: BuildCache

    def pages_from(self, source: str) -> list[str]:
        """The generated pages (under docs/, in every variant) made from an input file (a path
        under the project root): a capture or its sidecar gives its articles' pages, an article's
        translations or notes its page, a glossary file its entries' pages."""
        folder, name = source.rpartition("/")[0], Path(source).name
        if folder == "seeds":
            pages = [article_path(a) for c in self.corpus.captures if c.name == name for a in c.articles]
        elif folder == "editorial/captures":
            pages = [article_path(a) for c in self.corpus.captures if Path(c.name).stem == Path(name).stem
                     for a in c.articles]
        elif folder in ("editorial/translations", "editorial/notes"):
            pages = [article_path(a) for a in self.corpus.articles if a.slug == Path(name).stem]
        elif folder.startswith("editorial/glossary"):
            pages = [entry_path(e.id) for e in self.corpus.glossary.entries.values() if e.path == source]
        else:
            pages = []
        return [variant_path("docs/" + page, variant) for page in pages for variant in VARIANTS]


def generate(project: Project, jobs: int | None = None, use_cache: bool = True) -> Generated:
    """Regenerate docs/ and reports/: only what changed since the last build is worked out again
    (with the cache) and written."""
    cache = _cache(project, use_cache)
    memo = PageMemo.load(project.root, cache)
    files, corpus = render_docs(project, cache, jobs or os.cpu_count() or 1, memo)
    cache.prune()
    changed, removed = write_generated(project.root, files)
    memo.save()
    return Generated(changed, removed, corpus, cache)


def _cache(project: Project, use_cache: bool) -> BuildCache:
    return BuildCache.for_project(project.root) if use_cache else BuildCache.disabled()


def report(generated: Generated) -> None:
    captures, cache = generated.corpus.captures, generated.cache
    articles = sum(len(c.articles) for c in captures)
    guesses = sum(len(a.inferred) for c in captures for a in c.articles)
    print(f"{len(captures)} captures, {articles} articles; {len(generated.changed)} files written, "
          f"{len(generated.removed)} removed; {sum(len(c.changes) for c in captures)} cleaning changes, "
          f"{guesses} inferred fields (see docs/build-report.md and {REPORT_PATH}); "
          f"{cache.hits} results reused from {CACHE_DIR}/, {cache.misses} worked out.")
    for duplicate in find_duplicates(captures):
        print(f"warning: the same story ({duplicate.reason}) is captured twice: "
              + ", ".join(name for name, _ in duplicate.articles), file=sys.stderr)


def _check_docs(project: Project, jobs: int | None, use_cache: bool) -> int:
    cache = _cache(project, use_cache)
    # Checking compares every page with the disk, so it renders them all.
    memo = PageMemo.load(project.root, cache, enabled=False)
    files, _ = render_docs(project, cache, jobs or os.cpu_count() or 1, memo)
    memo.keep_state()
    cache.prune()
    root = project.root
    changed, stale = changed_files(root, files), stale_files(root, files)
    if changed or stale:
        for name in changed:
            print(f"stale: {name}", file=sys.stderr)
        for path in stale:
            print(f"no longer generated: {path.relative_to(project.root)}", file=sys.stderr)
        print("docs/ or reports/ is out of date: run `python -m build_scripts build` and commit the result.",
              file=sys.stderr)
        return 1
    print(f"docs/ and reports/ are up to date ({len(files)} generated files).")
    return 0
