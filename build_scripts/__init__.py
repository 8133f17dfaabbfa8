"""Bilingual annotated news digest: raw captures in, MkDocs pages out.

The pipeline reads top to bottom, one module per stage:

    reader     bytes of a capture  -> text (encoding detected, errors located)
    cleaner    text                -> cleaned lines + a record of every change (rules/cleaning.yaml)
    segmenter  cleaned lines       -> articles made of blocks (rules/segmentation.yaml)
    aligner    blocks              -> language, script, English-Chinese pairs, garbled/truncated marks
    metadata   sidecar + inference -> titles, dates, publisher (editorial/captures/*.yaml)
    annotator  articles + glossary -> glossary mentions in the text (editorial/glossary/, rules/glossary.yaml)
    dates      text                -> date expressions resolved to TIMEX3 values (rules/dates.yaml)
    events     dated text + edits  -> timeline events, merged across languages and articles (rules/timeline.yaml)
    writer, glossary_pages, timeline_pages
               articles, entries, events -> Markdown pages (and timeline.json / .ics) for docs/
    output     pages               -> files on disk, written atomically

`pipeline` wires the reading stages, `build` the whole run; `cli` is a thin command line over them.
"""
