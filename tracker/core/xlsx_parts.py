"""The fixed parts of a one-sheet .xlsx package, written as text: styles, workbook, relationships, properties."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from openpyxl.compat import safe_string
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.writer.theme import theme_xml

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
THEME = theme_xml  # Office's default theme: the default font's colour and scheme refer to it
_ATTR = {'"': "&quot;"}
# The workbook's default font, as Excel and openpyxl write it; fills 0 and 1 are reserved by the format.
_DEFAULT_FONT = ('<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
                 '<scheme val="minor"/></font>')
_RESERVED_FILLS = ('<fill><patternFill patternType="none"/></fill>',
                   '<fill><patternFill patternType="gray125"/></fill>')
_FIRST_CUSTOM_FORMAT = 164  # ids below are Excel's built-in number formats


@dataclass(frozen=True)
class Style:
    """A cell style registered in the workbook: its id, and the id of the same style with Excel's quote prefix
    (used for text a spreadsheet would run as a formula)."""

    id: int
    guarded: int


def attr(text: str) -> str:
    """Text escaped for an XML attribute."""
    return escape(text, _ATTR)


class Styles:
    """The workbook's style table. Each style is registered as a pair of cell formats, plain and quote-prefixed,
    so a guarded cell costs nothing more than its id; equal fonts, fills and formats are stored once."""

    def __init__(self):
        self._fonts = {_DEFAULT_FONT: 0}
        self._fills = {xml: i for i, xml in enumerate(_RESERVED_FILLS)}
        self._formats: dict[str, int] = {}
        self._styles: dict[tuple, Style] = {}
        self._xfs: list[str] = []

    def add(self, font=None, alignment=None, fill=None, number_format=None) -> Style:
        """The style with these openpyxl Font / Alignment / PatternFill values (read, never serialised by
        openpyxl) and number format; None leaves the workbook's default."""
        font_id = _index(self._fonts, _font(font)) if font is not None else 0
        fill_id = _index(self._fills, _fill(fill)) if fill is not None else 0
        format_id = self._format(number_format) if number_format else 0
        align = _alignment(alignment) if alignment is not None else ""
        key = (font_id, fill_id, format_id, align)
        style = self._styles.get(key)
        if style is None:
            applies = "".join(flag for flag, used in ((' applyNumberFormat="1"', format_id),
                                                      (' applyFont="1"', font_id), (' applyFill="1"', fill_id),
                                                      (' applyAlignment="1"', align)) if used)
            xf = f'<xf numFmtId="{format_id}" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0"{applies}'
            for prefix in ("", ' quotePrefix="1"'):
                self._xfs.append(f"{xf}{prefix}>{align}</xf>" if align else f"{xf}{prefix}/>")
            style = self._styles[key] = Style(len(self._xfs) - 2, len(self._xfs) - 1)
        return style

    def _format(self, code: str) -> int:
        builtin = BUILTIN_FORMATS_REVERSE.get(code)
        if builtin is not None:
            return builtin
        return self._formats.setdefault(code, _FIRST_CUSTOM_FORMAT + len(self._formats))

    def xml(self) -> str:
        """xl/styles.xml."""
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{attr(code)}"/>' for code, i in self._formats.items())
        return "".join((
            DECLARATION, f'<styleSheet xmlns="{MAIN}">',
            f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if formats else "",
            f'<fonts count="{len(self._fonts)}">{"".join(self._fonts)}</fonts>',
            f'<fills count="{len(self._fills)}">{"".join(self._fills)}</fills>',
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
            f'<cellXfs count="{len(self._xfs)}">{"".join(self._xfs)}</cellXfs>',
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
            '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9"'
            ' defaultPivotStyle="PivotStyleLight16"/></styleSheet>'))


def _index(table: dict[str, int], xml: str) -> int:
    return table.setdefault(xml, len(table))


def _colour(tag: str, colour) -> str:
    """An openpyxl Color as <color rgb=…/>, theme=…, indexed=… or auto, with its tint."""
    kind = colour.type
    value = "1" if kind == "auto" else attr(str(getattr(colour, kind)))
    tint = f' tint="{safe_string(colour.tint)}"' if colour.tint else ""
    return f'<{tag} {kind}="{value}"{tint}/>'


def _font(font) -> str:
    parts = [f"<{tag}/>" for tag, on in (("b", font.b), ("i", font.i), ("strike", font.strike)) if on]
    if font.u:
        parts.append('<u/>' if font.u == "single" else f'<u val="{attr(font.u)}"/>')
    if font.vertAlign:
        parts.append(f'<vertAlign val="{attr(font.vertAlign)}"/>')
    if font.sz:
        parts.append(f'<sz val="{safe_string(font.sz)}"/>')
    if font.color is not None:
        parts.append(_colour("color", font.color))
    if font.name:
        parts.append(f'<name val="{attr(font.name)}"/>')
    if font.family is not None:
        parts.append(f'<family val="{safe_string(int(font.family))}"/>')
    if font.scheme:
        parts.append(f'<scheme val="{attr(font.scheme)}"/>')
    return f"<font>{''.join(parts)}</font>"


def _fill(fill) -> str:
    if not hasattr(fill, "patternType"):
        raise TypeError("a cell fill is a PatternFill (solid fills); gradients are not written")
    if fill.patternType is None:
        return _RESERVED_FILLS[0]
    colours = "".join(_colour(tag, colour) for tag, colour in (("fgColor", fill.fgColor), ("bgColor", fill.bgColor))
                      if not (colour.type == "rgb" and colour.rgb == "00000000" and not colour.tint))
    return f'<fill><patternFill patternType="{fill.patternType}">{colours}</patternFill></fill>'


def _alignment(alignment) -> str:
    values = (("horizontal", alignment.horizontal), ("vertical", alignment.vertical),
              ("textRotation", alignment.textRotation), ("wrapText", alignment.wrapText and 1),
              ("shrinkToFit", alignment.shrinkToFit and 1), ("indent", alignment.indent))
    attrs = "".join(f' {name}="{safe_string(value)}"' for name, value in values if value)
    return f"<alignment{attrs}/>" if attrs else ""


def content_types() -> str:
    """[Content_Types].xml: what each part is."""
    kinds = (("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
             ("/xl/worksheets/sheet1.xml", "spreadsheetml.worksheet+xml"),
             ("/xl/styles.xml", "spreadsheetml.styles+xml"), ("/xl/theme/theme1.xml", "theme+xml"),
             ("/docProps/app.xml", "extended-properties+xml"))
    overrides = "".join(f'<Override PartName="{part}" ContentType="application/vnd.openxmlformats-officedocument.'
                        f'{kind}"/>' for part, kind in kinds)
    return (f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'{overrides}<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')


def _relationships(*targets: tuple[str, str]) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(targets, start=1))
    return f'{DECLARATION}<Relationships xmlns="{PACKAGE_REL}">{rels}</Relationships>'


PACKAGE_RELS = _relationships((f"{REL}/officeDocument", "xl/workbook.xml"),
                              (f"{PACKAGE_REL}/metadata/core-properties", "docProps/core.xml"),
                              (f"{REL}/extended-properties", "docProps/app.xml"))
WORKBOOK_RELS = _relationships((f"{REL}/worksheet", "worksheets/sheet1.xml"), (f"{REL}/styles", "styles.xml"),
                               (f"{REL}/theme", "theme/theme1.xml"))
APP = (f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>tracker</Application></Properties>')


_HIDDEN = ' hidden="1"'


def workbook(title: str, defined_names: list[tuple[str, str, bool]]) -> str:
    """xl/workbook.xml: the one sheet and its defined names (name, formula, hidden), all local to it."""
    names = "".join(f'<definedName name="{name}" localSheetId="0"{_HIDDEN if hidden else ""}>'
                    f"{escape(formula)}</definedName>" for name, formula, hidden in defined_names)
    return (f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/><bookViews>'
            '<workbookView activeTab="0"/></bookViews>'
            f'<sheets><sheet name="{attr(title)}" sheetId="1" r:id="rId1"/></sheets>'
            f'{f"<definedNames>{names}</definedNames>" if names else ""}'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def core(created: datetime, modified: datetime) -> str:
    """docProps/core.xml: who made the file and when (UTC)."""
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    return (f'{DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>tracker</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created.strftime(stamp)}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified.strftime(stamp)}</dcterms:modified>'
            '</cp:coreProperties>')
