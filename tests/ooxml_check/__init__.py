"""Check an OOXML package (.xlsx, .xlsm, .docx) against the standard, as a consumer reads it.

Two kinds of check, both returning a list of plain-language problems (empty
when the package is fine), so a test can show every problem at once:

* :func:`schema_problems`: every XML part (or a chosen few) is validated with
  ``lxml.etree.XMLSchema`` against the schema of its content type, from the
  schemas vendored in ``tests/schemas`` (ISO/IEC 29500-4 Transitional, OPC,
  Markup Compatibility, Office 2010 customUI). Markup Compatibility is applied
  first, as Excel and Word do: elements and attributes of ignorable namespaces
  that are not understood are dropped, ``mc:AlternateContent`` becomes its
  first understood Choice, else its Fallback. The root element must be the
  one the content type promises. A content type with no vendored schema is
  never skipped silently: it must be listed in :data:`NO_SCHEMA` (with why)
  or :data:`NOT_XML`, otherwise the part is a problem.
* :func:`package_problems`: the rules the schemas cannot express, across
  parts: table ranges and headers, unique table ids and names, relationship
  ids and targets, content types for every part, docProps/app.xml against
  the workbook, style indices against styles.xml.
"""

from .compatibility import UNDERSTOOD, apply_markup_compatibility
from .opc import Package
from .rules import (
    app_properties_problems, content_type_problems, package_problems, relationship_problems, sheets, style_problems,
    table_identity_problems, table_problems,
)
from .schemas import NO_SCHEMA, NOT_XML, SchemaReport, schema, schema_for, schema_problems, validate_parts

__all__ = [
    "UNDERSTOOD", "apply_markup_compatibility", "Package", "app_properties_problems", "content_type_problems",
    "package_problems", "relationship_problems", "sheets", "style_problems", "table_identity_problems",
    "table_problems", "NO_SCHEMA", "NOT_XML", "SchemaReport", "schema", "schema_for", "schema_problems",
    "validate_parts",
]
