"""The shared .xlsx sheet writer: the formula guard on every text cell, styles and colours, dates, awkward text."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

import pytest
from lxml import etree
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tracker.core.xlsx import WRAP, Sheet


def _open(sheet: Sheet):
    return load_workbook(io.BytesIO(sheet.to_bytes())).active


def test_every_text_that_would_run_is_stored_as_quoted_text_and_nothing_else_is():
    sheet = Sheet("Thử")
    fill = sheet.style(fill=PatternFill("solid", fgColor="FFC7CE"))
    sheet.title("=Tiêu đề", 3)
    risky = ['=HYPERLINK("http://x","bấm")', "+1 ngày", "-Đảng ủy", "@Tỉnh", "\tTab", "\rCR"]
    sheet.append(risky, sheet.wrap)
    sheet.append(risky)  # unstyled cells too
    sheet.append({0: "=1+1", 4: "Nộp muộn"}, {0: fill, 4: fill})  # a sparse row keeps its style with the guard
    sheet.append(["Bình thường", 5, "a-b"], sheet.wrap)
    ws = _open(sheet)
    assert ws["A1"].value == "=Tiêu đề" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix and ws["A1"].font.b
    for row in (2, 3):
        cells = [ws.cell(row, col) for col in range(1, len(risky) + 1)]
        assert [c.value for c in cells] == risky
        assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert all(ws.cell(2, col).alignment.wrap_text for col in range(1, len(risky) + 1))
    assert ws["A4"].value == "=1+1" and ws["A4"].quotePrefix and ws["A4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["E4"].value == "Nộp muộn" and not ws["E4"].quotePrefix and ws["E4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["B4"].value is None
    assert not any(ws.cell(5, col).quotePrefix for col in (1, 2, 3))


def test_styles_frame_and_values_survive():
    sheet = Sheet("Nhiệm vụ")
    sheet.title("Tiêu đề dài", 4, height=36)
    sheet.skip()
    sheet.header([("STT", 6), ("Nhiệm vụ", 60), ("Hạn", 14), ("Tiến độ", 10)])
    values = [1, "Nhiệm vụ", date(2026, 6, 30), 70.5]
    sheet.append(values, sheet.cell_styles(values, plain=(0, 3)))
    sheet.append([2, True, datetime(2026, 1, 2, 12, 30), date(1900, 1, 15)],
                 [None, None, sheet.date, sheet.date])
    sheet.merge(1, 1, 4)
    ws = _open(sheet)
    assert ws.title == "Nhiệm vụ" and ws.freeze_panes == "A4"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"]
    assert ws.row_dimensions[1].height == 36 and ws["A1"].font.sz == 13 and ws["A1"].alignment.vertical == "center"
    assert [c.value for c in ws[3]] == ["STT", "Nhiệm vụ", "Hạn", "Tiến độ"]
    assert all(c.font.b and c.alignment.horizontal == "center" for c in ws[3])
    assert ws.column_dimensions["B"].width == 60 and ws.column_dimensions["D"].width == 10
    assert [c.value for c in ws[4]] == [1, "Nhiệm vụ", datetime(2026, 6, 30), 70.5]
    assert ws["B4"].alignment.wrap_text and not ws["A4"].alignment.wrap_text and not ws["D4"].has_style
    assert ws["C4"].number_format == "DD/MM/YYYY" and ws["C4"].alignment.horizontal == "center"
    assert [c.value for c in ws[5]] == [2, True, datetime(2026, 1, 2, 12, 30), datetime(1900, 1, 15)]
    assert ws.dimensions == "A1:D5"


def test_awkward_text_is_written_as_is_or_dropped_but_never_breaks_the_file():
    sheet = Sheet("Thử")
    texts = ["a & b < c > d", "]]> <!-- x -->", "  lề trái", "dòng 1\r\ndòng 2\nx", "Ủy ban (NFC) Uỷ",
             'nháy "kép" và \'đơn\'']
    sheet.append(texts)
    sheet.append(["bell\x07 và vt\x0b", "lẻ\ud800 loi", "x" * 40_000, "Đ" * 10])
    ws = _open(sheet)
    assert [c.value for c in ws[1]] == texts
    assert [c.value for c in ws[2]][:2] == ["bell và vt", "lẻ loi"]
    assert len(ws["C2"].value) == 32767 and ws["D2"].value == "Đ" * 10


def test_prepared_cells_and_repeated_texts_read_like_cells_written_one_by_one():
    sheet = Sheet("Thử")
    fill = sheet.style(fill=PatternFill("solid", fgColor="C6EFCE"))
    late = sheet.prepared("Nộp muộn (3 ngày)", fill)
    risky, number, empty = sheet.prepared("=1+1"), sheet.prepared(42), sheet.prepared(None)
    for row in range(3):  # the same short texts row after row: written once, placed each time
        sheet.append({0: f"Đơn vị {row}", 2: late, 3: risky, 5: number, 6: empty, 7: "-Ghi chú", 8: "Ghi chú"})
    sheet.append(["-Ghi chú", "Ghi chú"], fill)  # a text seen before, now with a style of its own
    ws = _open(sheet)
    for row in (1, 2, 3):
        assert ws.cell(row, 1).value == f"Đơn vị {row - 1}" and ws.cell(row, 2).value is None
        assert ws.cell(row, 3).value == "Nộp muộn (3 ngày)" and ws.cell(row, 3).fill.fgColor.rgb.endswith("C6EFCE")
        assert ws.cell(row, 4).value == "=1+1" and ws.cell(row, 4).quotePrefix and ws.cell(row, 4).data_type == "s"
        assert ws.cell(row, 6).value == 42 and ws.cell(row, 7).value is None
        assert ws.cell(row, 8).value == "-Ghi chú" and ws.cell(row, 8).quotePrefix
        assert ws.cell(row, 9).value == "Ghi chú" and not ws.cell(row, 9).quotePrefix
    assert ws["A4"].quotePrefix and ws["A4"].fill.fgColor.rgb.endswith("C6EFCE") and not ws["B4"].quotePrefix
    assert ws.dimensions == "A1:I4"


def _task_list_sheet() -> Sheet:
    """A sheet shaped like the task list export: title, subtitle, header, filter, print titles, landscape."""
    sheet = Sheet("Nhiệm vụ")
    sheet.title("Nhiệm vụ của đơn vị", 4, height=36)
    italic = sheet.style(font=Font(italic=True), alignment=Alignment(wrap_text=True, vertical="top"))
    sheet.merge(sheet.append(["Lọc: Vai trò: Chủ trì"], italic), 1, 4)
    sheet.header([("STT", 6), ("Nhiệm vụ", 60), ("Hạn", 14), ("Trạng thái", 16)])
    late = sheet.style(alignment=WRAP, fill=PatternFill("solid", fgColor="F8D7DA"))
    sheet.append([1, "+Rà soát & báo cáo", date(2026, 6, 30), "Quá hạn"],
                 [sheet.plain, sheet.wrap, sheet.date, late])
    sheet.append([2, "Tiếp công dân <định kỳ>", date(2026, 7, 1), "Đúng hạn"],
                 [sheet.plain, sheet.wrap, sheet.date, sheet.wrap])
    sheet.auto_filter("A3:D5")
    sheet.print_titles(3)
    sheet.landscape(fit_width=True)
    return sheet


def test_the_package_reads_back_with_its_frame_styles_and_page_setup():
    ws = load_workbook(io.BytesIO(_task_list_sheet().to_bytes())).active
    assert ws.title == "Nhiệm vụ" and ws.freeze_panes == "A4" and ws.dimensions == "A1:D5"
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:D1", "A2:D2"]
    assert ws["A2"].font.i and ws["A2"].alignment.wrap_text and not ws["A2"].font.b
    assert ws["A1"].font.b and ws["A1"].font.sz == 13 and ws.row_dimensions[1].height == 36
    assert [ws.column_dimensions[c].width for c in "ABCD"] == [6, 60, 14, 16]
    assert ws["B4"].value == "+Rà soát & báo cáo" and ws["B4"].quotePrefix and ws["B4"].alignment.wrap_text
    assert not ws["B5"].quotePrefix and ws["B5"].value == "Tiếp công dân <định kỳ>"
    assert ws["C4"].value == datetime(2026, 6, 30) and ws["C4"].number_format == "DD/MM/YYYY"
    assert ws["D4"].fill.fill_type == "solid" and ws["D4"].fill.fgColor.rgb.endswith("F8D7DA")
    assert ws["D4"].alignment.wrap_text and ws["D5"].fill.fill_type is None
    assert ws.auto_filter.ref == "A3:D5" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0


def test_package_parts_follow_spreadsheetml():
    package = ZipFile(io.BytesIO(_task_list_sheet().to_bytes()))
    assert all(info.compress_type == ZIP_DEFLATED for info in package.infolist())
    types = etree.fromstring(package.read("[Content_Types].xml"))
    overrides = {el.get("PartName").lstrip("/") for el in types if el.tag.endswith("Override")}
    assert overrides == {n for n in package.namelist() if not n.endswith(".rels") and n != "[Content_Types].xml"}
    for rels in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):
        base = rels.replace("_rels/", "").removesuffix(".rels").rpartition("/")[0]
        for rel in etree.fromstring(package.read(rels)):
            assert "/".join(p for p in (base, rel.get("Target")) if p) in package.namelist()
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    styles = etree.fromstring(package.read("xl/styles.xml"))
    fills = [f.get("patternType") for f in styles.iterfind("m:fills/m:fill/m:patternFill", ns)]
    assert fills[:2] == ["none", "gray125"] and fills[2:] == ["solid"]
    assert [(f.get("numFmtId"), f.get("formatCode")) for f in styles.iterfind("m:numFmts/m:numFmt", ns)] == [
        ("164", "DD/MM/YYYY")]
    assert styles.find("m:cellStyles/m:cellStyle", ns).get("name") == "Normal"
    xfs = styles.findall("m:cellXfs/m:xf", ns)
    assert int(styles.find("m:cellXfs", ns).get("count")) == len(xfs)
    assert [xf.get("quotePrefix") for xf in xfs[:2]] == [None, "1"]  # every style has its guarded twin
    names = {n.get("name"): (n.text, n.get("localSheetId"), n.get("hidden"))
             for n in etree.fromstring(package.read("xl/workbook.xml")).iterfind("m:definedNames/m:definedName", ns)}
    assert names == {"_xlnm.Print_Titles": ("'Nhiệm vụ'!$3:$3", "0", None),
                     "_xlnm._FilterDatabase": ("'Nhiệm vụ'!$A$3:$D$5", "0", "1")}
    order = ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter", "mergeCells",
             "pageMargins", "pageSetup"]
    assert [etree.QName(el).localname for el in etree.fromstring(package.read("xl/worksheets/sheet1.xml"))] == order
    core = package.read("docProps/core.xml").decode()
    assert core.count(f">{date.today().year}-") >= 2 or core.count(f">{date.today().year + 1}-") >= 2


def test_frozen_columns_and_rows_and_a_sheet_name_that_needs_quoting():
    sheet = Sheet("Q&A's <list>")
    sheet.append(["Đơn vị", "Trực thuộc", "Kỳ 1"])
    sheet.append(["Xã A", "Huyện B", "Đúng hạn"])
    sheet.column_width(1, 40)
    sheet.column_width(2, 28)
    sheet.freeze("C3")
    sheet.print_titles(1, 2)
    ws = load_workbook(io.BytesIO(sheet.to_bytes())).active
    assert ws.title == "Q&A's <list>" and ws.freeze_panes == "C3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.column_dimensions["A"].width == 40 and ws.column_dimensions["B"].width == 28
    assert ws.auto_filter.ref is None and ws.page_setup.orientation is None


@pytest.mark.parametrize("title", ["", "x" * 32, "Kỳ 1/2026", "a:b", "[x]", "a*", "a?", "a\\b", "'x'"])
def test_names_excel_refuses_are_refused(title):
    with pytest.raises(ValueError):
        Sheet(title)


def _soffice() -> str:
    """LibreOffice with Calc (a Writer-only install opens no spreadsheet); `make office` installs both, as the other
    LibreOffice tests expect."""
    found = shutil.which("soffice")
    assert found, "LibreOffice (soffice) is missing: run `make office`"
    assert (Path(found).resolve().parent / "libsclo.so").exists(), \
        "LibreOffice has no Calc: run `make office` (Debian libreoffice-calc-nogui)"
    return found


def test_libreoffice_opens_the_file_and_reads_its_cells(tmp_path):
    soffice = _soffice()
    source = tmp_path / "nhiem-vu.xlsx"
    source.write_bytes(_task_list_sheet().to_bytes())
    # UTF-8 CSV (character set 76); a profile of its own, so a LibreOffice already running does not take the job.
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((tmp_path / "nhiem-vu.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "Nhiệm vụ của đơn vị" and rows[1][0] == "Lọc: Vai trò: Chủ trì"
    assert rows[2] == ["STT", "Nhiệm vụ", "Hạn", "Trạng thái"]
    assert rows[3] == ["1", "+Rà soát & báo cáo", "30/06/2026", "Quá hạn"]  # text as written, not a formula
    assert rows[4] == ["2", "Tiếp công dân <định kỳ>", "01/07/2026", "Đúng hạn"]
