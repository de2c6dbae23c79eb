"""Markdown (the report's edited sections) into Word paragraphs and tables, in the administrative style: justified
body with a first-line indent, bold run-in headings, real tables with borders."""
from __future__ import annotations

from unicodedata import normalize

import markdown
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from lxml import html as lxml_html

from tracker.reports.docx.oxml import column_widths, set_fonts, table_borders

INDENT = Cm(1.0)
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "div"}


class Writer:
    """Appends blocks before an anchor paragraph of a python-docx Document (or at its end)."""

    def __init__(self, document, anchor=None, size: float = 14):
        self.document = document
        self.anchor = anchor
        self.size = size

    def _place(self, element) -> None:
        if self.anchor is not None:
            self.anchor._p.addprevious(element)

    def paragraph(self, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before: float = 0, after: float = 6,
                  left=None):
        paragraph = self.document.add_paragraph()
        self._place(paragraph._p)
        fmt = paragraph.paragraph_format
        paragraph.alignment = align
        fmt.first_line_indent = INDENT if indent else Cm(0)
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.1
        if left is not None:
            fmt.left_indent = left
        return paragraph

    def run(self, paragraph, text: str, *, bold=False, italic=False, size=None):
        run = paragraph.add_run(normalize("NFC", text))
        run.bold, run.italic = bold or None, italic or None
        run.font.size = Pt(size or self.size)
        set_fonts(run._r)
        return run

    def heading(self, text: str, *, level: int = 1):
        paragraph = self.paragraph(before=6, after=6)
        self.run(paragraph, text, bold=True, italic=level >= 3)
        return paragraph

    def text(self, text: str, **kwargs):
        paragraph = self.paragraph(**kwargs)
        self.run(paragraph, text)
        return paragraph

    def table(self, header: list[str], rows: list[list[str]], *, widths: list[float] | None = None,
              size: float = 12, bold_last: bool = False):
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        self._place(table._tbl)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table_borders(table, visible=True)
        if widths:
            column_widths(table, widths)
        # Row by row: table.cell(r, c) walks the whole grid each time, quadratic on a hundred-row annex.
        for r, (row, values) in enumerate(zip(table.rows, [header] + rows)):
            for c, (cell, value) in enumerate(zip(row.cells, values)):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or c > 0) else WD_ALIGN_PARAGRAPH.LEFT
                paragraph.paragraph_format.first_line_indent = Cm(0)
                paragraph.paragraph_format.space_before = Pt(2)
                paragraph.paragraph_format.space_after = Pt(2)
                bold = r == 0 or (bold_last and r == len(rows))
                self.run(paragraph, str(value), bold=bold, size=size)
        after = self.paragraph(after=0)
        after.paragraph_format.space_after = Pt(0)
        return table

    # --- Markdown ---------------------------------------------------------------------------------------------
    def markdown(self, source: str) -> None:
        """Write the Markdown text: headings, paragraphs, lists (nested), tables, quotes, emphasis, line breaks."""
        if not (source or "").strip():
            return
        body = markdown.markdown(normalize("NFC", source), extensions=["tables", "sane_lists"])
        root = lxml_html.fragment_fromstring(body, create_parent="div")
        for element in root:
            self._block(element, depth=0)

    def _inline(self, paragraph, element, *, bold=False, italic=False, size=None) -> None:
        # A newline in HTML text is a soft wrap (a space), never a line break: a break would stretch a justified line.
        if element.text:
            self.run(paragraph, element.text.replace("\n", " "), bold=bold, italic=italic, size=size)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in BLOCKS or tag in ("ul", "ol"):
                pass
            elif tag == "br":
                paragraph.add_run().add_break()
            else:
                self._inline(paragraph, child, bold=bold or tag in ("strong", "b"),
                             italic=italic or tag in ("em", "i"), size=size)
            if child.tail:
                self.run(paragraph, child.tail.replace("\n", " "), bold=bold, italic=italic, size=size)

    def _block(self, element, depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            paragraph = self.paragraph(before=6, after=6)
            self._inline(paragraph, element, bold=True, italic=tag in ("h4", "h5", "h6"))
        elif tag in ("p", "pre", "div"):
            paragraph = self.paragraph()
            self._inline(paragraph, element)
        elif tag == "blockquote":
            for child in element:
                paragraph = self.paragraph(left=INDENT)
                self._inline(paragraph, child, italic=True)
        elif tag in ("ul", "ol"):
            self._list(element, ordered=tag == "ol", depth=depth)
        elif tag == "table":
            self._table(element)

    def _list(self, element, *, ordered: bool, depth: int) -> None:
        for number, item in enumerate((c for c in element if c.tag == "li"), start=1):
            paragraph = self.paragraph(left=Cm(0.6 * depth) if depth else None, after=3)
            self.run(paragraph, f"{number}. " if ordered else "- ")
            first = item.find("p")
            self._inline(paragraph, first if first is not None else item)
            for child in item:
                if child.tag in ("ul", "ol"):
                    self._list(child, ordered=child.tag == "ol", depth=depth + 1)
                elif child.tag == "p" and child is not first:
                    self._inline(self.paragraph(left=Cm(0.6 * (depth + 1))), child)

    def _table(self, element) -> None:
        rows = [[cell.text_content().strip() for cell in row if cell.tag in ("td", "th")]
                for row in element.iter("tr")]
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        self.table(rows[0], rows[1:])
