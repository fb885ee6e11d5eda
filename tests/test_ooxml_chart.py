"""The one chart builder: a workbook's charts (cell references and caches) and a report's (literal values, styled)."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from ooxml_check.schemas import schema
from xl_tracker.ooxml.chart import BarChartPart, BarSeries, ChartLook, bar_chart_part, chart_xml
from xl_tracker.outputs.model import NOT_AVAILABLE, CellRange, Chart, ChartSeries, Formula, SheetContent
from xl_tracker.ooxml.namespaces import NS_A, NS_CHART
from xl_tracker.reports.charts import chart_part, major_unit, score_chart

C = f"{{{NS_CHART}}}"
HOSTILE = ["]]><c:ser/>", "<a:t>x</a:t>", "A & B", "ctrl\x01\x0b\x1f!", "emoji 👩🏽‍⚕️", "x" * 5000, '"quoted"']
LOOK = ChartLook(font="Calibri", lang="en-GB", title_size=1100, title_colour="1F4E79", text_colour="404040",
                 label_format="0.00", axis_min=0.0, axis_max=5.0, major_unit=1.0)


def _texts(root, path):
    return [e.text for e in root.iterfind(path)]


@pytest.mark.parametrize("look", [None, LOOK], ids=["workbook", "report"])
def test_hostile_text_is_data_in_every_text_of_the_chart(look):
    refs = {} if look else {"categories_ref": "'Dash''board'!$A$2:$A$8", "values_ref": "'Dash''board'!$B$2:$B$8"}
    series = [BarSeries(name, HOSTILE, [1, 2.5, None, float("nan"), 4, True, 3], **refs) for name in HOSTILE[:2]]
    root = etree.fromstring(bar_chart_part(BarChartPart(HOSTILE[1], series, look=look)))
    assert len(root.findall(f".//{C}ser")) == 2
    assert "".join(root.find(f".//{C}title").itertext()) == HOSTILE[1]
    cats = _texts(root, f".//{C}ser/{C}cat//{C}pt/{C}v")[: len(HOSTILE)]
    assert cats == [t.replace("\x01", "").replace("\x0b", "").replace("\x1f", "") for t in HOSTILE]
    assert _texts(root, f".//{C}ser/{C}tx/{C}v") == HOSTILE[:2]
    values = root.find(f".//{C}ser/{C}val")
    assert [(p.get("idx"), p.findtext(f"{C}v")) for p in values.iter(f"{C}pt")] == [("0", "1.0"), ("1", "2.5"), ("4", "4.0"), ("6", "3.0")]
    if not look:
        assert _texts(root, f".//{C}f") == ["'Dash''board'!$A$2:$A$8", "'Dash''board'!$B$2:$B$8"] * 2


def test_report_chart_keeps_its_scale_labels_and_colours():
    chart = score_chart("Grace: baseline & latest", ["Tools", "Drive"], [3.0, None], [4.25, 2.0], 1, 5)
    root = etree.fromstring(chart_part(chart))
    scaling = root.find(f".//{C}valAx/{C}scaling")
    assert (scaling.find(f"{C}min").get("val"), scaling.find(f"{C}max").get("val")) == ("0.0", "5.0")
    assert root.find(f".//{C}valAx/{C}majorUnit").get("val") == repr(major_unit(0, 5))
    assert [s.find(f".//{{{NS_A}}}srgbClr").get("val") for s in root.iter(f"{C}ser")] == ["A5A5A5", "1F4E79"]
    assert root.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "0.00"
    assert [p.findtext(f"{C}v") for p in root.findall(f".//{C}ser")[0].iter(f"{C}pt")][-1] == "3.0"


def test_element_order_follows_the_schema_sequence():
    """A few sequences the DrawingML schema fixes (Word refuses a chart whose children are out of order)."""
    for look in (None, LOOK):
        root = etree.fromstring(bar_chart_part(BarChartPart("t", [BarSeries("s", ["a"], [1], colour="FF0000")], look=look)))
        ser = [etree.QName(e).localname for e in root.find(f".//{C}ser")]
        assert ser[: 3] == ["idx", "order", "tx"] and ser[-2:] == ["cat", "val"]
        bar = [etree.QName(e).localname for e in root.find(f".//{C}barChart")]
        assert bar[:3] == ["barDir", "grouping", "varyColors"] and bar[-2:] == ["axId", "axId"]
        chart = [etree.QName(e).localname for e in root.find(f"{C}chart")]
        assert chart == ["title", "autoTitleDeleted", "plotArea", "legend", "plotVisOnly", "dispBlanksAs"]


# --- the workbook's scatter and run chart (one builder with the reports' line and scatter charts) -----------------


def _run_content():
    """A sheet whose block holds formulas (cached values, #N/A for a blank) and a date column, as the Run charts sheet."""
    rows = [(None, "Value", "Expected", "Target", "Baseline")]
    for day, value in ((dt.date(2026, 1, 1), None), (dt.date(2026, 2, 1), 3.0), (dt.date(2026, 3, 1), 4.5)):
        rows.append(tuple(Formula("=NA()", v) for v in (day, NOT_AVAILABLE if value is None else value, 2.0, 9.0, 1.0)))
    rows.append(tuple(Formula("=NA()", NOT_AVAILABLE) for _ in range(5)))
    x = CellRange("Run 'charts'", 1, 0, 4, 0)
    series = tuple(ChartSeries(rows[0][c], x, CellRange("Run 'charts'", 1, c, 4, c)) for c in range(1, 5))
    return Chart("run", HOSTILE[0], series, 0, 6), SheetContent("Run 'charts'", rows=rows)


def test_a_workbook_run_chart_refers_to_its_cells_and_caches_what_they_hold():
    chart, content = _run_content()
    root = etree.fromstring(chart_xml(chart, content))
    assert root.find(f".//{C}scatterChart/{C}scatterStyle").get("val") == "lineMarker"
    series = root.findall(f".//{C}ser")
    assert [s.findtext(f"{C}tx/{C}v") for s in series] == ["Value", "Expected", "Target", "Baseline"]
    assert {s.findtext(f"{C}xVal/{C}numRef/{C}f") for s in series} == {"'Run ''charts'''!$A$2:$A$5"}
    assert series[0].findtext(f"{C}yVal/{C}numRef/{C}f") == "'Run ''charts'''!$B$2:$B$5"
    value_points = [(p.get("idx"), p.findtext(f"{C}v")) for p in series[0].iter(f"{C}pt")]
    assert value_points == [("1", "46054.0"), ("2", "46082.0"), ("1", "3.0"), ("2", "4.5")], "x and y: a #N/A point is left out of both"
    assert [p.get("idx") for p in series[1].find(f"{C}yVal").iter(f"{C}pt")] == ["0", "1", "2"]
    assert "".join(root.find(f".//{C}title").itertext()) == HOSTILE[0]
    assert root.find(f".//{C}valAx/{C}numFmt").get("formatCode") == "mmm yy"


def test_workbook_charts_are_valid_against_the_chart_schema():
    chart, content = _run_content()
    scatter = Chart("scatter", "Commitment & change", (ChartSeries("Members", CellRange("D", 0, 0, 2, 0), CellRange("D", 0, 1, 2, 1)),),
                    0, 3, axis_titles=("Engagement", "Change"), x_percent=True)
    points = SheetContent("D", rows=[(0.5, 1.0), (None, 2.0), (0.75, -0.5)])
    for part in (chart_xml(chart, content), chart_xml(scatter, points)):
        validator = schema("chart")
        assert validator.validate(etree.fromstring(part)), validator.error_log
