"""Bilingual annotated news digest: raw captures in, MkDocs pages out.

The pipeline reads top to bottom, one module per stage:

    reader     bytes of a capture  -> text (encoding detected, errors located)
    cleaner    text                -> cleaned lines + a record of every change (rules/cleaning.yaml)
    segmenter  cleaned lines       -> articles made of blocks (rules/segmentation.yaml)
    aligner    blocks              -> language, script, English-Chinese pairs, garbled/truncated marks
    metadata   sidecar + inference -> titles, dates, publisher (editorial/captures/*.yaml)
    writer     articles            -> Markdown pages for docs/
    output     pages               -> files on disk, written atomically

`pipeline` wires the stages; `cli` is a thin command line over it.
"""
