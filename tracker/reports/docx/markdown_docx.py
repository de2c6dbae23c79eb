"""Markdown (the report's edited sections) into Word paragraphs and tables, in the administrative style: justified
body with a first-line indent, bold run-in headings, real tables with borders."""
from __future__ import annotations

import threading
from copy import deepcopy
from functools import lru_cache
from unicodedata import normalize

import markdown
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import html as lxml_html

from tracker.reports.docx.oxml import column_widths, set_fonts, table_borders

INDENT = Cm(1.0)
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "div"}
_P, _TC, _SPACE = qn("w:p"), qn("w:tc"), qn("xml:space")


# A report writes a few hundred paragraphs and runs in a handful of formats: each format is made once through
# python-docx (so its XML is what python-docx writes) and copied, which is several times faster than its setters.
@lru_cache(maxsize=64)
def _paragraph_model(align, indent: bool, before: float, after: float, left):
    paragraph = Paragraph(OxmlElement("w:p"), None)
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.first_line_indent = INDENT if indent else Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.1
    if left is not None:
        fmt.left_indent = left
    return paragraph._p


@lru_cache(maxsize=8)
def _cell_paragraph_model(align):
    paragraph = Paragraph(OxmlElement("w:p"), None)
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph._p


@lru_cache(maxsize=64)
def _run_model(bold: bool, italic: bool, size: float, with_text: bool):
    run = Run(OxmlElement("w:r"), None)
    run.bold, run.italic = bold or None, italic or None
    run.font.size = Pt(size)
    set_fonts(run._r)
    if with_text:
        run._r.append(OxmlElement("w:t"))
    return run._r


_markdown = threading.local()


def to_html(source: str) -> str:
    """Markdown to HTML with one converter per thread (building one loads its extensions: most of a short text's
    time)."""
    converter = getattr(_markdown, "converter", None)
    if converter is None:
        converter = _markdown.converter = markdown.Markdown(extensions=["tables", "sane_lists"])
    return converter.reset().convert(source)


class Writer:
    """Appends blocks before an anchor paragraph of a python-docx Document (or at its end)."""

    def __init__(self, document, anchor=None, size: float = 14):
        self.document = document
        self.anchor = anchor
        self.size = size

    def _place(self, element) -> None:
        if self.anchor is not None:
            self.anchor._p.addprevious(element)
        elif element.tag == _P:
            self.document.element.body._insert_p(element)

    def paragraph(self, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before: float = 0, after: float = 6,
                  left=None):
        p = deepcopy(_paragraph_model(align, indent, before, after, left))
        self._place(p)
        return Paragraph(p, self.document._body)

    def run(self, paragraph, text: str, *, bold=False, italic=False, size=None):
        r = self._run_element(text, bold=bold, italic=italic, size=size)
        paragraph._p.append(r)
        return Run(r, paragraph)

    def _run_element(self, text: str, *, bold=False, italic=False, size=None):
        """A run of NFC text in Times New Roman (all four font slots), copied from a model made once per format."""
        text = normalize("NFC", text)
        if not text:
            return deepcopy(_run_model(bool(bold), bool(italic), size or self.size, False))
        if "\t" in text or "\n" in text or "\r" in text:
            r = deepcopy(_run_model(bool(bold), bool(italic), size or self.size, False))
            r.text = text  # python-docx turns these into w:tab and w:br
            return r
        r = deepcopy(_run_model(bool(bold), bool(italic), size or self.size, True))
        t = r[-1]
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_SPACE, "preserve")
        return r

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
        table = self.document.add_table(rows=1, cols=len(header))
        self._place(table._tbl)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table_borders(table, visible=True)
        if widths:
            column_widths(table, widths)
        # Rows are copies of the first, made once with its widths and paragraph formats: python-docx's cell proxies
        # and setters, cell by cell, cost more than the rest of a report with a hundred-row annex.
        first = table._tbl.tr_lst[0]
        model = deepcopy(first)
        for tc in first.tc_lst:
            tc.replace(tc[-1], deepcopy(_cell_paragraph_model(WD_ALIGN_PARAGRAPH.CENTER)))
        for c, tc in enumerate(model.tc_lst):
            align = WD_ALIGN_PARAGRAPH.CENTER if c > 0 else WD_ALIGN_PARAGRAPH.LEFT
            tc.replace(tc[-1], deepcopy(_cell_paragraph_model(align)))
        for r, values in enumerate([header] + rows):
            tr = first if r == 0 else deepcopy(model)
            if r:
                table._tbl.append(tr)
            bold = r == 0 or (bold_last and r == len(rows))
            for tc, value in zip(tr.iterchildren(_TC), values):
                tc[-1].append(self._run_element(str(value), bold=bold, size=size))
        after = self.paragraph(after=0)
        after.paragraph_format.space_after = Pt(0)
        return table

    # --- Markdown ---------------------------------------------------------------------------------------------
    def markdown(self, source: str) -> None:
        """Write the Markdown text: headings, paragraphs, lists (nested), tables, quotes, emphasis, line breaks."""
        if not (source or "").strip():
            return
        body = to_html(normalize("NFC", source))
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
