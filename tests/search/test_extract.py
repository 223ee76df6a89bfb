"""Text extraction for documents, from real small files made here."""

from __future__ import annotations

import io
import zipfile

import pytest

from tavolo.search.services.extract import extract_text
from tavolo.search.services.text import MAX_INDEXED_CHARS

ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF with ``text`` in Helvetica, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def test_pdf_text(app):
    text = extract_text(tiny_pdf("Tirocini per persone con disabilita nel 2024"), "application/pdf")
    assert "Tirocini per persone con disabilita" in text


def test_odt_text_made_with_odfpy():
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P, Span

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Relazione sui tirocini"))
    paragraph = P(text="Le persone con disabilità ")
    paragraph.addElement(Span(text="hanno svolto"))
    paragraph.addText(" dodici tirocini.")
    document.text.addElement(paragraph)
    data = io.BytesIO()
    document.write(data)
    text = extract_text(data.getvalue(), ODT)
    assert "Relazione sui tirocini" in text
    assert "Le persone con disabilità hanno svolto dodici tirocini." in text


def test_docx_text_made_with_python_docx():
    import docx

    document = docx.Document()
    document.add_heading("Verbale del seminario", level=1)
    document.add_paragraph("Si parla di brevetto di salvamento.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Bagnini"
    table.rows[0].cells[1].text = "38"
    data = io.BytesIO()
    document.save(data)
    text = extract_text(data.getvalue(), DOCX)
    assert "Verbale del seminario" in text and "brevetto di salvamento" in text
    assert "Bagnini" in text and "38" in text


def test_xlsx_shared_strings():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/sharedStrings.xml",
                         '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         "<si><t>Ente capofila</t></si><si><t>Cooperativa Arcobaleno</t></si>"
                         "</sst>")
    text = extract_text(data.getvalue(), XLSX)
    assert "Ente capofila" in text and "Cooperativa Arcobaleno" in text


@pytest.mark.parametrize("data, mime", [
    ("Tirocinio à Torino\r\n".encode("utf-8-sig"), "text/plain"),
    ("Tirocinio à Torino".encode("cp1252"), "text/plain"),
    (b"Tirocinio,\xc3\xa0 Torino", "text/csv"),
])
def test_plain_text_in_common_encodings(data, mime):
    assert extract_text(data, mime).replace(",", " ") in ("Tirocinio à Torino",)


@pytest.mark.parametrize("data, mime", [
    (b"not a pdf at all", "application/pdf"),
    (b"PK\x03\x04 broken zip", ODT),
    (b"\x89PNG\r\n", "image/png"),
    (b"", DOCX),
])
def test_unreadable_or_other_files_give_no_text(data, mime, caplog):
    assert extract_text(data, mime) == ""


def test_text_is_capped():
    assert len(extract_text(b"parola " * 100_000, "text/plain")) == MAX_INDEXED_CHARS
