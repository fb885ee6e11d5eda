"""Write a zip package entry by entry, copying untouched entries as their original compressed bytes.

``zipfile`` can only re-compress what it copies; copying the stored bytes
instead keeps every part we do not own identical down to its compression
and costs no inflate/deflate, which is most of what makes a refresh fast.
Untouched entries keep their name bytes, method, CRC, date and attributes;
new entries are deflated and dated 1980-01-01 as Excel dates its own.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, NamedTuple

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_UTF8_FLAG = 0x800
_DATA_DESCRIPTOR_FLAG = 0x8
_DOS_1980 = (0, (0 << 9) | (1 << 5) | 1)  # time, date: 1980-01-01 00:00
_LIMIT = 0xFFFFFFFF
FAST_COMPRESSION_ABOVE = 256 * 1024
"""New parts larger than this are deflated at level 1: a large results sheet then compresses 3-4x faster for a slightly larger file."""


class ZipCopyError(ValueError):
    """An entry cannot be copied as stored (zip64 sizes, encryption): the caller falls back to re-compressing."""


def raw_entry(source: BinaryIO, info: zipfile.ZipInfo) -> tuple[bytes, bytes]:
    """(name bytes, compressed bytes) of one entry, read from its local header."""
    if info.flag_bits & 0x1:
        raise ZipCopyError(f"{info.filename} is encrypted")
    source.seek(info.header_offset)
    header = source.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != _LOCAL_SIG:
        raise ZipCopyError(f"{info.filename}: no local header where the directory says")
    fields = _LOCAL.unpack(header)
    name = source.read(fields[9])
    source.seek(fields[10], 1)
    data = source.read(info.compress_size)
    if len(data) != info.compress_size:
        raise ZipCopyError(f"{info.filename} is truncated")
    return name, data


class StoredEntry(NamedTuple):
    """An entry of a source zip as stored (compressed bytes and directory record), to copy into other packages.

    A report template's static parts (styles, theme, numbering: most of its
    bytes) are read this way once and copied into every report unchanged.
    """

    info: zipfile.ZipInfo
    name: bytes
    data: bytes


def stored_entry(source: BinaryIO, info: zipfile.ZipInfo) -> StoredEntry:
    name, data = raw_entry(source, info)
    return StoredEntry(info, name, data)


class Deflated(NamedTuple):
    """A part's bytes deflated for a zip entry, with the CRC-32 and size of the bytes themselves."""

    data: bytes
    crc: int
    size: int


def deflate(data: bytes, level: int | None = None) -> Deflated:
    """Deflate one part (raw deflate, as a zip entry holds it); level 6, or 1 above :data:`FAST_COMPRESSION_ABOVE`.

    zlib lets go of the GIL while it compresses and checksums, so a writer can
    deflate a large part in a thread while it builds the next one.
    """
    if level is None:
        level = 6 if len(data) < FAST_COMPRESSION_ABOVE else 1
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


class ZipCopier:
    """Writes a new zip file: ``copy`` stored entries from a source, ``add`` new bytes, then ``close``."""

    def __init__(self, target: BinaryIO):
        self._out = target
        self._central: list[bytes] = []
        self._offset = 0

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._offset += len(data)

    def _entry(self, name: bytes, flags: int, method: int, time: int, date: int, crc: int,
               csize: int, usize: int, data: bytes, version: int = 20, made_by: int = 20,
               internal: int = 0, external: int = 0) -> None:
        if csize > _LIMIT or usize > _LIMIT or self._offset > _LIMIT:
            raise ZipCopyError("zip64 sizes are not supported")
        offset = self._offset
        flags &= ~_DATA_DESCRIPTOR_FLAG
        self._write(_LOCAL.pack(_LOCAL_SIG, version, flags, method, time, date, crc, csize, usize, len(name), 0))
        self._write(name)
        self._write(data)
        self._central.append(
            _CENTRAL.pack(_CENTRAL_SIG, made_by, version, flags, method, time, date, crc, csize, usize,
                          len(name), 0, 0, 0, internal, external, offset)
            + name
        )

    def copy(self, source: BinaryIO, info: zipfile.ZipInfo) -> None:
        """Copy one entry as stored: same compressed bytes, method, CRC, date and attributes."""
        self.copy_stored(stored_entry(source, info))

    def copy_stored(self, entry: StoredEntry) -> None:
        """Write an entry read earlier with :func:`stored_entry`, exactly as it was stored."""
        info = entry.info
        y, mo, d, h, mi, s = info.date_time
        date = ((y - 1980) << 9) | (mo << 5) | d if y >= 1980 else _DOS_1980[1]
        time = (h << 11) | (mi << 5) | (s // 2)
        self._entry(entry.name, info.flag_bits, info.compress_type, time, date, info.CRC, info.compress_size,
                    info.file_size, entry.data, max(info.extract_version, 20), info.create_version,
                    info.internal_attr, info.external_attr)

    def add(self, name: str, data: bytes | Deflated) -> None:
        """A new entry: ``data`` deflated here, or already deflated by :func:`deflate`."""
        packed = data if isinstance(data, Deflated) else deflate(data)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_FLAG
        self._entry(encoded, flags, zipfile.ZIP_DEFLATED, *_DOS_1980, packed.crc, len(packed.data), packed.size, packed.data)

    def close(self) -> None:
        start = self._offset
        for record in self._central:
            self._write(record)
        count = len(self._central)
        if count > 0xFFFF:
            raise ZipCopyError("more than 65,535 parts")
        self._write(_END.pack(_END_SIG, 0, 0, count, count, self._offset - start, start, 0))


def entries(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as zf:
        return zf.infolist()
