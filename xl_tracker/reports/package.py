"""Write a .docx (a zip of XML parts) from parts compressed once and parts made per report.

A template's static parts (styles, theme, numbering: most of the bytes) are
deflated once when the template is compiled; each report then writes those
compressed bytes as they are and deflates only the few parts it renders.
This is the zip format's own layout (local headers, data, central
directory), nothing more: no ZIP64, no encryption, names in ASCII or UTF-8.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

_DOS_TIME = (0 << 11) | (0 << 5) | 0
_DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class ZipEntry:
    """One part, already compressed: its name, CRC and both sizes."""

    name: bytes
    flags: int
    crc: int
    data: bytes
    size: int


def deflate(name: str, payload: bytes, level: int = 6) -> ZipEntry:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(payload) + compressor.flush()
    try:
        raw = name.encode("ascii")
        flags = 0
    except UnicodeEncodeError:
        raw = name.encode("utf-8")
        flags = _UTF8_FLAG
    return ZipEntry(raw, flags, zlib.crc32(payload) & 0xFFFFFFFF, data, len(payload))


def write_zip(path: Path, entries: list[ZipEntry]) -> None:
    """Write ``entries`` in order as a zip file at ``path`` (deflated, no ZIP64: parts stay far below 4 GB)."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, e.flags, 8, _DOS_TIME, _DOS_DATE,
            e.crc, len(e.data), e.size, len(e.name), 0,
        )
        out += e.name
        out += e.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, e.flags, 8, _DOS_TIME, _DOS_DATE,
            e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0, 0, offset,
        )
        central += e.name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    Path(path).write_bytes(out)
