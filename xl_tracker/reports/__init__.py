"""Word progress reports: one per CHMT member and one for the team.

``context`` decides what a template can see (and generates the variable
list of docs/report-templates.md), ``render`` compiles a .docx template once
and renders it in a Jinja sandbox, ``charts`` writes the native Word chart,
``filenames`` makes safe file names, ``pdf`` converts with LibreOffice in one
batch, ``generate`` ties them together for :func:`xl_tracker.generate_reports`.
"""
