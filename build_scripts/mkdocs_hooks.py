"""MkDocs hook (mkdocs.yml `hooks:`): each page's edit button opens the file an editor should change.

Generated pages name that file in their front matter (`edit_source`: the capture's sidecar, the
glossary entry, a README that explains where things live); they must never be edited themselves.
Hand-written pages keep MkDocs' own edit link (edit_uri, under docs/).
"""
from __future__ import annotations

import os
import re

BRANCH = "main"


def on_page_context(context, page, config, nav):
    source = page.meta.get("edit_source")
    repository = str((config.extra or {}).get("repository", "")).rstrip("/")
    if not source or not repository:
        return context
    root = os.path.dirname(config.config_file_path)
    if os.path.isfile(os.path.join(root, source)):
        page.edit_url = f"{repository}/edit/{BRANCH}/{source}"
    else:       # a capture without its sidecar yet: GitHub's "new file" form, with the name filled in
        folder, name = os.path.split(source)
        page.edit_url = f"{repository}/new/{BRANCH}/{folder}?filename={name}"
    return context


def on_post_page(output, page, config):
    """What every page's <head> needs that the theme does not give: the Simplified pages' language
    tag (the theme's locale is plain "zh"), social metadata, and the Atom feed."""
    title = page.meta.get("title") or page.title or config.site_name
    description = page.meta.get("description") or config.site_description or ""
    head = [f'<meta property="og:title" content="{_attr(title)}">',
            f'<meta property="og:description" content="{_attr(description)}">',
            '<meta property="og:type" content="' + ("article" if page.meta.get("slug") else "website") + '">',
            f'<meta property="og:site_name" content="{_attr(config.site_name)}">',
            '<meta name="twitter:card" content="summary">']
    if page.canonical_url:
        head.append(f'<meta property="og:url" content="{_attr(page.canonical_url)}">')
    feed = _relative(page, "feed.xml")
    head.append(f'<link rel="alternate" type="application/atom+xml" title="{_attr(config.site_name)}" href="{feed}">')
    output = output.replace("</head>", "\n".join(head) + "\n</head>", 1)
    # The theme's hreflang links are relative, which search engines ignore, and Material's script
    # fetches a sitemap.xml beside each one. The sitemap already pairs every page with its twin
    # (xhtml:link alternates), so the page heads go without them.
    output = _HREFLANG_LINK.sub("", output)
    output = output.replace('<html lang="zh"', '<html lang="zh-Hans"', 1)
    return _without_indentation(_worker_told_the_variant(output))


_PAGE_LANG = re.compile(r'<html lang="([^"]+)"')
_WORKER_URL = re.compile(r'(<script id="__config"[^>]*>.*?"search": *"[^"#]*)(")', re.S)


def _worker_told_the_variant(html: str) -> str:
    """The search worker's URL ends in the page's language (#zh-Hant): one index serves both
    script variants, and the worker lists each page found as the reader's variant's copy
    (build_scripts/search_shards.js). A fragment: the browser fetches and caches one worker."""
    lang = _PAGE_LANG.search(html)
    return _WORKER_URL.sub(lambda m: f"{m.group(1)}#{lang.group(1)}{m.group(2)}", html, count=1) if lang else html


# The theme's template indents every line and leaves empty ones: a tenth of an article page.
# A line break and its indentation, or several, are one line break to the browser as well,
# except inside <pre> and <textarea>, which keep theirs.
_KEEPS_SPACE = re.compile(r"<(pre|textarea)\b.*?</\1>", re.S)
_INDENTED_BREAKS = re.compile(r"\n[ \t\n]*")


def _without_indentation(html: str) -> str:
    out, position = [], 0
    for kept in _KEEPS_SPACE.finditer(html):
        out.append(_INDENTED_BREAKS.sub("\n", html[position:kept.start()]))
        out.append(kept.group(0))
        position = kept.end()
    out.append(_INDENTED_BREAKS.sub("\n", html[position:]))
    return "".join(out)


_HREFLANG_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def _relative(page, path: str) -> str:
    depth = page.url.count("/")
    return "../" * depth + path


def _attr(text) -> str:
    import html

    return html.escape(html.unescape(str(text)), quote=True)
