"""Verification of a written workbook: it passes a good file and catches every way a written file can be wrong."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from xl_tracker.ooxml.writer import write_output_sheets
from xl_tracker.outputs.model import Emphasis, NumberKind, SheetContent
from xl_tracker.outputs.verify import VerificationFailed, verify_written

ROWS = [("M01", "Amina", 0.25, dt.date(2026, 3, 1)), ("M02", None, None, None), ("M03", "Juma", 1.5, None)]


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "user.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Members").write_row(0, 0, ["Member ID", "Full name"])
    wb.add_worksheet("Notes").write(0, 0, "my notes")
    wb.close()
    return path


def sheets() -> list[SheetContent]:
    table = SheetContent(
        "Member Results", ("Member ID", "Full name", "Change", "Latest date"), list(ROWS),
        kinds=(NumberKind.GENERAL, NumberKind.GENERAL, NumberKind.PERCENT, NumberKind.DATE), table="tblMemberResults",
        freeze_header=True,
    )
    about = SheetContent(
        "About", rows=[("About _x0041_ these results\x07",), (None,), ("Made", dt.datetime(2026, 11, 26, 9, 0))],
        emphasis={(0, 0): Emphasis.TITLE}, row_heights={0: 21.0, 1: 30.0},
    )
    return [table, about]


def written(source: Path, tmp_path: Path, content: list[SheetContent]) -> tuple[Path, frozenset[str]]:
    out = tmp_path / "out.xlsx"
    return out, write_output_sheets(source, out, content)


def tamper(path: Path, sheet_part: str, change) -> None:
    """Rewrite one part of the zip at ``path`` through ``change(bytes) -> bytes``; every other part keeps its bytes."""
    with zipfile.ZipFile(path) as z:
        contents = {i.filename: z.read(i) for i in z.infolist()}
    contents[sheet_part] = change(contents[sheet_part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in contents.items():
            z.writestr(name, data)


def part_of(path: Path, sheet: str) -> str:
    from xl_tracker.ooxml.package import PackageReader

    with PackageReader(path) as package:
        return package.worksheet_parts()[sheet]


def test_a_good_file_passes_with_blank_rows_escapes_and_row_heights(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    verify_written(source, out, content, rewritten)


def test_an_output_sheet_missing_its_last_row_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "Member Results"), lambda xml: xml[: xml.rfind(b"<row ")] + xml[xml.rfind(b"</row>") + 6 :])
    with pytest.raises(VerificationFailed, match="Member Results reads 2 rows instead of 3"):
        verify_written(source, out, content, rewritten)


def test_rows_moved_down_fail_even_when_their_count_is_right(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "Member Results"), lambda xml: xml.replace(b'<row r="4">', b'<row r="5">').replace(b'r="A4"', b'r="A5"'))
    with pytest.raises(VerificationFailed, match="Member Results reads"):
        verify_written(source, out, content, rewritten)


def test_a_wrong_header_row_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "Member Results"), lambda xml: xml.replace(b"<t>Full name</t>", b"<t>Full nam</t>", 1))
    with pytest.raises(VerificationFailed, match="first row of Member Results"):
        verify_written(source, out, content, rewritten)


def test_a_wrong_title_on_a_free_layout_sheet_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "About"), lambda xml: xml.replace(b"these results", b"those results", 1))
    with pytest.raises(VerificationFailed, match="first row of About"):
        verify_written(source, out, content, rewritten)


def test_a_cut_short_part_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "Member Results"), lambda xml: xml[: len(xml) // 2])
    with pytest.raises(VerificationFailed, match="cut short"):
        verify_written(source, out, content, rewritten)


def test_an_unreadable_first_row_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "Member Results"), lambda xml: xml.replace(b"<t>Full name</t>", b"<t>Full <name</t>", 1))
    with pytest.raises(VerificationFailed, match="not readable XML"):
        verify_written(source, out, content, rewritten)


def test_bytes_damaged_on_disk_fail_the_crc(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    part = part_of(out, "Member Results")
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as z:
        info = z.getinfo(part)
    # flip a byte inside the entry's compressed data (past its 30-byte local header and name)
    data[info.header_offset + 30 + len(part.encode()) + info.compress_size // 2] ^= 0xFF
    out.write_bytes(bytes(data))
    with pytest.raises(VerificationFailed):
        verify_written(source, out, content, rewritten)


def test_a_changed_input_part_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content)
    tamper(out, part_of(out, "Notes"), lambda xml: xml.replace(b"<sheetData>", b"<sheetData><row r=\"9\"/>", 1))
    with pytest.raises(VerificationFailed, match="changed"):
        verify_written(source, out, content, rewritten)


def test_a_missing_output_sheet_fails(source, tmp_path):
    content = sheets()
    out, rewritten = written(source, tmp_path, content[:1])
    with pytest.raises(VerificationFailed, match="About is missing"):
        verify_written(source, out, content, rewritten)


def test_a_title_of_characters_a_cell_cannot_hold_is_not_a_false_alarm(source, tmp_path):
    content = [SheetContent("About", rows=[("\x07\x08",), ("About these results",)])]
    out, rewritten = written(source, tmp_path, content)
    verify_written(source, out, content, rewritten)


def test_a_large_part_is_checked_by_its_deflated_bytes_and_fails_when_the_disk_differs(source, tmp_path):
    """A part the writer deflated ahead is compared as stored, not inflated again: one changed byte on disk fails it."""
    from xl_tracker.ooxml.writer import PackageOutputWriter

    big = SheetContent(
        "Member Results", ("Member ID", "Full name", "Change", "Latest date"),
        [(f"M{i:05d}", f"Name {i}", i / 7, dt.date(2026, 3, 1)) for i in range(3000)],
        kinds=(NumberKind.GENERAL, NumberKind.GENERAL, NumberKind.PERCENT, NumberKind.DATE), table="tblMemberResults",
    )
    out = tmp_path / "out.xlsx"
    writer = PackageOutputWriter(source, out)
    writer.write_sheets([big])
    part = part_of(out, "Member Results")
    assert part in writer.deflated
    verify_written(source, out, [big], writer.rewritten, writer.deflated)
    with zipfile.ZipFile(out) as z:
        info = z.getinfo(part)
    with open(out, "r+b") as fh:  # one byte of the stored deflate stream, past its local header
        fh.seek(info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(VerificationFailed, match="not the part written"):
        verify_written(source, out, [big], writer.rewritten, writer.deflated)
    data, packed = writer.deflated[part]
    with pytest.raises(VerificationFailed):  # and a wrong row count in the bytes written is still found
        verify_written(source, out, [big], writer.rewritten, {part: (data.replace(b"<row ", b"<rov ", 1), packed)})
