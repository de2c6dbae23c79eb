"""The shared .xlsx sheet writer: the formula guard on every text cell, styles and colours, dates, awkward text."""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from tracker.core.xlsx import Sheet


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
