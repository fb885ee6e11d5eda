"""An OPC package (a workbook or a Word report): a zip of parts with relationships.

This layer knows zip entries, part names and relationships, for the
workbook and the Word reports alike. It checks a workbook file before
anything else reads it: a CSV or an old ``.xls`` renamed, an encrypted
workbook, an empty file or a zip bomb is refused with a message a person
understands, and the file is only ever opened for reading here.
:func:`write_package` writes a package from parts: ``[Content_Types].xml``
first (as Office writes it), new parts dated 1980-01-01, parts copied from
another package as their stored bytes.
"""

from __future__ import annotations

import os
import posixpath
import stat
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from xl_tracker.errors import UnreadableWorkbook
from xl_tracker.ooxml.zip_copy import Deflated, StoredEntry, ZipCopier, ZipCopyError, stored_entry

CONTENT_TYPES = "[Content_Types].xml"
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""Largest total size of the unpacked parts; a real tracking tool of 4,000 members is under 100 MB."""
MAX_RATIO = 250
"""Largest compression ratio of one part over 10 MB; real worksheet XML compresses 10-100 times, a zip bomb about 1,000."""

_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
RT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
CONTENT_TYPES_PART = "[Content_Types].xml"


def _what_is(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return "not an Excel workbook"
    if b"," in text or b";" in text or b"\t" in text:
        return "a text (CSV) file, not an Excel workbook: open it in Excel and save it as .xlsx"
    if text.lstrip()[:1] == b"<":
        return "an HTML or XML file, not an Excel workbook: open it in Excel and save it as .xlsx"
    return "a text file, not an Excel workbook"


def check_workbook_file(path: Path, shown_as: str | Path | None = None) -> None:
    """Refuse anything that is not a readable .xlsx/.xlsm, with a one-line reason (naming the file ``shown_as``, if given).

    A FIFO or a device is refused from its file type, before it is opened
    (reading a FIFO would wait forever for a writer).
    """
    open_checked_workbook(path, shown_as).close()


def open_checked_workbook(path: Path, shown_as: str | Path | None = None) -> PackageReader:
    """:func:`check_workbook_file`, then the package open for reading: the reader opens the zip once, not twice."""
    label = shown_as if shown_as is not None else path
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UnreadableWorkbook(f"{label}: no such file") from None
    except OSError as exc:
        raise UnreadableWorkbook(f"{label} cannot be opened: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise UnreadableWorkbook(f"{label} is a folder, not a workbook")
    if not stat.S_ISREG(mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
        raise UnreadableWorkbook(f"{label} is {kind}, not a workbook file: give the path of a .xlsx or .xlsm file")
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise UnreadableWorkbook(f"{label} cannot be opened: {exc.strerror or exc}") from None
    if not head:
        raise UnreadableWorkbook(f"{label} is empty (0 bytes): it is not a workbook")
    if head.startswith(_CFB_SIGNATURE):
        data = path.read_bytes()
        if _ENCRYPTION_INFO in data:
            raise UnreadableWorkbook(
                f"{label} is protected with a password: open it in Excel, remove the password "
                "(File > Info > Protect Workbook) and save it again"
            )
        raise UnreadableWorkbook(
            f"{label} is an old Excel 97-2003 (.xls) file: open it in Excel and save it as .xlsx"
        )
    if not head.startswith(b"PK"):
        raise UnreadableWorkbook(f"{label} is {_what_is(head)}")
    try:
        package = PackageReader(path)
    except zipfile.BadZipFile:
        raise UnreadableWorkbook(f"{label} is damaged (not a complete zip package): use a saved copy or the backup") from None
    except OSError as exc:
        raise UnreadableWorkbook(f"{label} cannot be opened: {exc.strerror or exc}") from None
    try:
        _check_parts(package, label)
    except BaseException:
        package.close()
        raise
    return package


def _check_parts(package: PackageReader, label: str | Path) -> None:
    """Refuse an OpenDocument file, a zip that is not a workbook, a missing content-types part or a zip bomb."""
    infos = package.infos
    names = {i.filename for i in infos}
    try:
        if "mimetype" in names and package._zip.read("mimetype").startswith(b"application/vnd.oasis"):
            raise UnreadableWorkbook(
                f"{label} is an OpenDocument (.ods) file: in LibreOffice use File > Save As > Excel 2007-365 (.xlsx)"
            )
    except zipfile.BadZipFile:
        raise UnreadableWorkbook(f"{label} is damaged (not a complete zip package): use a saved copy or the backup") from None
    if "xl/workbook.xml" not in names and not any(n.lower() == "xl/workbook.xml" for n in names):
        raise UnreadableWorkbook(f"{label} is a zip package but not an Excel workbook (no xl/workbook.xml)")
    if CONTENT_TYPES not in names:
        raise UnreadableWorkbook(f"{label} is damaged: its part {CONTENT_TYPES} is missing: use a saved copy or the backup")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableWorkbook(
                f"{label} is refused: its part {info.filename} would unpack {info.file_size // info.compress_size}x (a zip bomb?)"
            )
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableWorkbook(
            f"{label} is refused: it would unpack to {total // 2**20} MB, more than the {MAX_UNPACKED_BYTES // 2**20} MB limit"
        )


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target to a part name, relative to the part that holds the relationship."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def rels_part_for(part: str) -> str:
    """``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``."""
    directory, name = posixpath.split(part)
    return posixpath.join(directory, "_rels", name + ".rels")


class PackageReader:
    """Read-only access to the parts of a checked workbook file."""

    def __init__(self, path: Path, shown_as: str | Path | None = None):
        self.path = path
        self.label = shown_as if shown_as is not None else path
        """The file as messages name it: the user's workbook, not the private snapshot a refresh reads."""
        self._zip = zipfile.ZipFile(path)
        self.infos = self._zip.infolist()
        self._names = {i.filename: i for i in self.infos}
        self._raw: BinaryIO | None = None

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        if self._raw is not None:
            self._raw.close()

    def has(self, part: str) -> bool:
        return part in self._names

    def size(self, part: str) -> int:
        """The part's unpacked size as its zip entry declares it (0 when there is no such part)."""
        info = self._names.get(part)
        return 0 if info is None else info.file_size

    def read(self, part: str) -> bytes:
        """The part's bytes, never more than its declared size (a lying header cannot inflate it)."""
        info = self._names[part]
        with self._zip.open(info) as fh:
            data = fh.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise UnreadableWorkbook(f"{self.label} is damaged: part {part} is larger than it says")
        return data

    def stream(self, part: str) -> BinaryIO:
        """The part's bytes as a stream, for a reader that stops early (its caller bounds how much it reads)."""
        return self._zip.open(self._names[part])

    def parts(self) -> list[str]:
        """Every part name (folder entries left out), in the order the zip holds them."""
        return [i.filename for i in self.infos if not i.is_dir()]

    def stored(self, part: str) -> StoredEntry | bytes:
        """The part as stored, to copy into another package without inflating it; its bytes if it cannot be (encrypted, zip64)."""
        if self._raw is None:
            self._raw = open(self.path, "rb")
        try:
            return stored_entry(self._raw, self._names[part])
        except ZipCopyError:
            return self.read(part)

    def workbook_part(self) -> str:
        from lxml import etree

        if self.has("_rels/.rels"):
            root = etree.fromstring(self.read("_rels/.rels"), parser=safe_parser())
            for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
                if rel.get("Type") == RT_OFFICE_DOCUMENT:
                    return resolve_target("", rel.get("Target", ""))
        return "xl/workbook.xml"

    def worksheet_parts(self) -> dict[str, str]:
        """Sheet name -> worksheet part name, in workbook order (chart sheets left out)."""
        from lxml import etree

        wb_part = self.workbook_part()
        rels = etree.fromstring(self.read(rels_part_for(wb_part)), parser=safe_parser())
        targets = {
            r.get("Id"): resolve_target(wb_part, r.get("Target", ""))
            for r in rels.iter(f"{{{NS_PKG_REL}}}Relationship")
            if r.get("Type") == RT_WORKSHEET
        }
        book = etree.fromstring(self.read(wb_part), parser=safe_parser())
        out: dict[str, str] = {}
        for sheet in book.iter(f"{{{NS_MAIN}}}sheet"):
            rid = sheet.get(f"{{{NS_REL}}}id")
            if rid in targets and targets[rid] in self._names:
                out[sheet.get("name", "")] = targets[rid]
        return out


    def sheet_tables(self, sheet_part: str) -> list[tuple[str, str]]:
        """(table name, ref such as ``A1:M40``) of every Excel Table on one worksheet part."""
        from lxml import etree

        rels_part = rels_part_for(sheet_part)
        if not self.has(rels_part):
            return []
        rels = etree.fromstring(self.read(rels_part), parser=safe_parser())
        found = []
        for rel in rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
            if rel.get("Type") != RT_TABLE or rel.get("TargetMode") == "External":
                continue
            part = resolve_target(sheet_part, rel.get("Target", ""))
            if not self.has(part):
                continue
            table = etree.fromstring(self.read(part), parser=safe_parser())
            found.append((table.get("name") or table.get("displayName") or "", table.get("ref") or ""))
        return found


def safe_parser():
    """An lxml parser that resolves no entities and reaches no network (workbook XML is untrusted)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


_WRITE_BUFFER = 1024 * 1024
"""Bytes buffered before a write to disk: a report (tens of KB) is then one write, not three per part."""
PartData = bytes | Deflated | StoredEntry
"""A part to write: its bytes (deflated when written), bytes deflated ahead, or an entry of another package as stored."""


def write_package(path: Path, parts: Iterable[tuple[str, PartData | Callable[[], PartData]]]) -> None:
    """Write a zip package at ``path``: ``[Content_Types].xml`` first, then ``parts`` in their order.

    A part given as a function is fetched only when it is written, so a large
    workbook's parts are copied one at a time rather than all held at once.
    """
    ordered = sorted(parts, key=lambda item: item[0] != CONTENT_TYPES_PART)
    with open(path, "wb", buffering=_WRITE_BUFFER) as out:
        zipper = ZipCopier(out)
        for name, data in ordered:
            if callable(data):
                data = data()
            if isinstance(data, StoredEntry):
                zipper.copy_stored(data)
            else:
                zipper.add(name, data)
        zipper.close()
