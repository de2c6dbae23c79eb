"""What python-docx has no API for: the four font slots, PAGE fields, page numbers from page 2, paragraph and
table borders, and footnotes (the footnotes part is created when a document has none)."""
from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def set_fonts(rpr_parent, name: str = FONT) -> None:
    """Set ascii, hAnsi, cs and eastAsia to `name` on a run, a style or rPrDefault: with only ascii set, Word
    picks another font for some Vietnamese letters."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def set_document_font(document, name: str = FONT, size: float = 14) -> None:
    """The font of docDefaults and of every style, all four slots."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            set_fonts(rpr, name)
    for style in document.styles:
        element = getattr(style, "element", None)
        if element is not None and style.type in (1, 2, 3):  # paragraph, character, table
            set_fonts(element, name)
    normal = document.styles["Normal"]
    normal.font.size = Pt(size)
    normal.font.name = name


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES...) in its own runs: begin, instruction, separate, cached result, end."""
    def run(inner: str):
        element = parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>")
        paragraph._p.append(element)
        set_fonts(element)
        return element

    run('<w:fldChar w:fldCharType="begin"/>')
    run(f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run(f"<w:t>{placeholder}</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')


def page_numbers_from_second_page(section) -> None:
    """Centred PAGE number in the header of every page but the first (NĐ 30/2020, HD 36: from page 2)."""
    section.different_first_page_header_footer = True
    for paragraph in section.first_page_header.paragraphs:
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    if any(el.get(qn("w:fldCharType")) for el in paragraph._p.iter(qn("w:fldChar"))):
        return
    paragraph.alignment = 1  # centre
    add_field(paragraph, "PAGE")


def bottom_border(paragraph: Paragraph, size_eighths: int = 6) -> None:
    """A line under the paragraph (the short rule under the motto and the title, with indents to shorten it)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size_eighths}" w:space="1" '
                        'w:color="000000"/></w:pBdr>')
    existing = ppr.find(qn("w:pBdr"))
    if existing is not None:
        ppr.remove(existing)
    ppr.append(borders)


def table_borders(table, visible: bool) -> None:
    """All borders of a table single lines (data tables) or none (the header and signer layout tables)."""
    tbl_pr = table._tbl.tblPr
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    value = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if visible else 'w:val="nil"'
    edges = "".join(f"<w:{edge} {value}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'))


def _footnotes_part(document):
    main = document.part
    for rel in main.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            if not hasattr(rel.target_part, "element"):  # loaded from a file python-docx has no class for
                loaded = rel.target_part
                rel._target = XmlPart(loaded.partname, FOOTNOTES_TYPE, parse_xml(loaded.blob), main.package)
            return rel.target_part
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, parse_xml(_FOOTNOTES_XML), main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


def add_footnote(document, paragraph: Paragraph, text: str, size: float = 11) -> int:
    """Append a footnote reference to `paragraph` and the note's text at the foot of the page; returns its id."""
    part = _footnotes_part(document)
    root = part.element
    ids = [int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))]
    note_id = max([0] + ids) + 1
    half_points = int(size * 2)
    note = parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="both"/>'
        f'</w:pPr><w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="{half_points}"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr>'
        f'<w:t xml:space="preserve"> </w:t></w:r><w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr>'
        f"<w:t></w:t></w:r></w:p></w:footnote>")
    note.findall(f".//{qn('w:t')}")[-1].text = text
    for run in note.iter(qn("w:r")):
        set_fonts(run.find(qn("w:rPr")))
    root.append(note)
    reference = parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                          f'<w:footnoteReference w:id="{note_id}"/></w:r>')
    set_fonts(reference.find(qn("w:rPr")))
    paragraph._p.append(reference)
    return note_id


def footnote_texts(document) -> dict[int, str]:
    """{id: text} of the document's real footnotes (for tests and checks)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            target = rel.target_part
            root = target.element if hasattr(target, "element") else parse_xml(target.blob)
            return {int(n.get(qn("w:id"))): "".join(t.text or "" for t in n.iter(qn("w:t"))).strip()
                    for n in root.findall(qn("w:footnote")) if int(n.get(qn("w:id"))) > 0}
    return {}


def column_widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour: table width, grid columns and every cell."""
    from docx.shared import Cm

    twips = [int(Cm(w).twips) for w in widths_cm]
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        existing = tbl_pr.find(qn(tag))
        if existing is not None:
            tbl_pr.remove(existing)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(twips)}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(width))
    lengths = [Cm(w) for w in widths_cm]
    for tr in table._tbl.tr_lst:  # on the XML: python-docx's row.cells works out the whole grid per row
        col = 0
        for tc in tr.tc_lst:
            if col >= len(lengths):
                break
            span = tc.grid_span
            tc.width = lengths[col] if span == 1 else Cm(sum(widths_cm[col:col + span]))
            col += span


def keep_row_on_one_page(row_element) -> None:
    """<w:cantSplit/>: the row (Nơi nhận beside the signature block) is never split across two pages."""
    props = row_element.find(qn("w:trPr"))
    if props is None:
        props = parse_xml(f"<w:trPr {nsdecls('w')}/>")
        row_element.insert(0, props)
    if props.find(qn("w:cantSplit")) is None:
        props.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def keep_with_next(paragraph_element) -> None:
    """<w:keepNext/> on a raw w:p: the paragraph stays on the page of what follows it."""
    props = paragraph_element.find(qn("w:pPr"))
    if props is None:
        props = parse_xml(f"<w:pPr {nsdecls('w')}/>")
        paragraph_element.insert(0, props)
    if props.find(qn("w:keepNext")) is None:
        props.insert(0, parse_xml(f"<w:keepNext {nsdecls('w')}/>"))
