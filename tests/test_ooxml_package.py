"""The package layer: reading parts, writing a package (order, dates, stored copies), relationships and content types."""

from __future__ import annotations

import zipfile

from lxml import etree

from xl_tracker.ooxml.content_types import ContentTypes
from xl_tracker.ooxml.namespaces import CT_CHART, NS_PKG_REL, RT_CHART
from xl_tracker.ooxml.package import CONTENT_TYPES_PART, PackageReader, write_package
from xl_tracker.ooxml.relationships import Relationships, new_relationships_xml
from xl_tracker.ooxml.zip_copy import StoredEntry, deflate

TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _source(tmp_path):
    path = tmp_path / "source.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("word/styles.xml", date_time=(2024, 5, 6, 7, 8, 10)), b"<styles>" + b"s" * 5000 + b"</styles>", zipfile.ZIP_DEFLATED)
        z.writestr("word/media/image1.png", b"\x89PNG" + bytes(range(256)) * 4, zipfile.ZIP_STORED)
        z.writestr(CONTENT_TYPES_PART, TYPES)
        z.writestr("word/document.xml", b"<document/>")
    return path


def test_written_package_has_content_types_first_new_parts_dated_1980_and_copies_stored_bytes(tmp_path):
    source = _source(tmp_path)
    with PackageReader(source) as package:
        assert package.parts() == ["word/styles.xml", "word/media/image1.png", CONTENT_TYPES_PART, "word/document.xml"]
        styles, image = package.stored("word/styles.xml"), package.stored("word/media/image1.png")
        types = package.read(CONTENT_TYPES_PART)
    assert isinstance(styles, StoredEntry) and isinstance(image, StoredEntry)
    out = tmp_path / "out.docx"
    write_package(out, [("word/document.xml", b"<document>new</document>"), ("word/styles.xml", styles),
                        ("word/media/image1.png", image), ("word/extra.xml", deflate(b"<extra/>", 1)), (CONTENT_TYPES_PART, types)])
    with zipfile.ZipFile(out) as z, zipfile.ZipFile(source) as original:
        assert z.testzip() is None
        infos = z.infolist()
        assert [i.filename for i in infos] == [CONTENT_TYPES_PART, "word/document.xml", "word/styles.xml", "word/media/image1.png", "word/extra.xml"]
        assert z.read("word/document.xml") == b"<document>new</document>" and z.read("word/extra.xml") == b"<extra/>"
        for name in ("word/styles.xml", "word/media/image1.png"):
            a, b = original.getinfo(name), z.getinfo(name)
            assert (b.compress_type, b.CRC, b.compress_size, b.date_time) == (a.compress_type, a.CRC, a.compress_size, a.date_time)
            assert z.read(name) == original.read(name)
        assert z.getinfo("word/document.xml").date_time == (1980, 1, 1, 0, 0, 0)


def test_the_same_parts_make_the_same_bytes(tmp_path):
    parts = [(CONTENT_TYPES_PART, TYPES), ("word/document.xml", b"<document/>")]
    write_package(tmp_path / "a.docx", parts)
    write_package(tmp_path / "b.docx", parts)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_a_relationship_with_a_given_id_replaces_one_of_that_id_and_keeps_the_others():
    xml = new_relationships_xml([("rId1", "urn:styles", "styles.xml"), ("rIdXlChart1", RT_CHART, "charts/old.xml")])
    rels = Relationships("word/_rels/document.xml.rels", xml)
    assert rels.add(RT_CHART, "word/charts/xlchart1.xml", rid="rIdXlChart1") == "rIdXlChart1"
    assert rels.add("urn:other", "word/other.xml") == "rId3"
    root = etree.fromstring(rels.to_bytes())
    found = {r.get("Id"): r.get("Target") for r in root.iter(f"{{{NS_PKG_REL}}}Relationship")}
    assert found == {"rId1": "styles.xml", "rIdXlChart1": "charts/xlchart1.xml", "rId3": "other.xml"}


def test_new_relationship_parts_escape_what_they_hold():
    xml = new_relationships_xml([("rId1", "urn:x", 'a&b<"c">.xml')])
    rel = etree.fromstring(xml)[0]
    assert rel.get("Target") == 'a&b<"c">.xml'


def test_content_types_gain_an_override_and_keep_their_bytes_when_unchanged():
    types = ContentTypes(TYPES)
    assert types.to_bytes() == TYPES
    types.set("word/charts/xlchart1.xml", CT_CHART)
    again = ContentTypes(types.to_bytes())
    assert again.content_type("word/charts/xlchart1.xml") == CT_CHART
    assert again.content_type("word/document.xml") == "application/xml"
