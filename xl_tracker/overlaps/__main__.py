"""``python -m xl_tracker.overlaps``: rewrite the reasons table of ``docs/overlaps.md`` from the reasons table in code."""

from xl_tracker.overlaps.reasons import DOC, doc_with_table

DOC.write_text(doc_with_table(DOC.read_text(encoding="utf-8")), encoding="utf-8")
print(f"{DOC}: reasons table rewritten")
