"""Plain text out of uploaded files, for the search index.

``extract_text(data, mime_type)`` returns the text of a PDF (``pypdf``), of an OpenDocument
(``.odt``, ``.ods``, ``.odp``) or Office Open XML file (``.docx``, ``.xlsx``, ``.pptx``), or of
plain text / CSV; anything else, or a file that cannot be read, gives ``""`` (the document is
then found by its title only). The result is capped at ``MAX_INDEXED_CHARS``.

OpenDocument and Office files are zip archives of XML: the text is read from the parts that
hold it with the standard library, with limits on the size read, instead of pulling in one
library per format.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from xml.etree import ElementTree

from tavolo.search.services.text import MAX_INDEXED_CHARS

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 300
MAX_XML_BYTES = 20 * 1024 * 1024  # per part, uncompressed: refuses zip bombs

PDF = "application/pdf"
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
OOXML_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        re.compile(r"word/(document|footnotes|endnotes)\.xml$"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        re.compile(r"xl/sharedStrings\.xml$"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        re.compile(r"ppt/slides/slide\d+\.xml$"),
}
TEXT_TYPES = {"text/plain", "text/csv", "text/markdown"}

# Elements after which a line ends (paragraphs, headings, cells, rows, slides' paragraphs).
_BREAKS = {"p", "h", "tab", "line-break", "table-cell", "tc", "tr", "br", "si", "table-row"}


def extract_text(data: bytes, mime_type: str) -> str:
    try:
        if mime_type == PDF:
            text = _pdf(data)
        elif mime_type in ODF_TYPES:
            text = _zip_xml(data, re.compile(r"content\.xml$"))
        elif mime_type in OOXML_PARTS:
            text = _zip_xml(data, OOXML_PARTS[mime_type])
        elif mime_type in TEXT_TYPES or mime_type.startswith("text/"):
            text = _plain(data)
        else:
            return ""
    except Exception as error:  # noqa: BLE001  (a damaged file is stored all the same, without text)
        log.warning("text extraction failed (%s): %s", mime_type, error)
        return ""
    return _tidy(text)[:MAX_INDEXED_CHARS]


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    texts = []
    total = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        texts.append(text)
        total += len(text)
        if total > MAX_INDEXED_CHARS:
            break
    return "\n".join(texts)


def _zip_xml(data: bytes, parts: re.Pattern) -> str:
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted((i for i in archive.infolist() if parts.search(i.filename)),
                       key=lambda i: _natural(i.filename))
        for info in names:
            if info.file_size > MAX_XML_BYTES:
                continue
            texts.append(_xml_text(archive.read(info)))
    return "\n".join(texts)


def _natural(name: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def _xml_text(xml: bytes) -> str:
    out: list[str] = []

    def walk(element) -> None:
        local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if local in ("tab", "tc", "table-cell"):
            out.append("\t")
        elif local in ("s",):
            out.append(" ")
        if element.text:
            out.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if local in _BREAKS:
            out.append("\n")

    walk(ElementTree.fromstring(xml))
    return "".join(out)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()
