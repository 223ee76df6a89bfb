"""CSV files that Excel and LibreOffice open correctly with Italian settings.

UTF-8 with a byte-order mark, ``;`` between fields, CRLF line ends. Cells that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@``) get a leading apostrophe, so text written
by users can never become a formula in the coordinator's spreadsheet. Every export of every
area goes through here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from flask import Response

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell value that spreadsheets show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """Undo :func:`safe_cell` when a file exported here is imported again."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def write_rows(headers: list[str], rows: Iterable[Iterable]) -> bytes:
    """The CSV bytes: BOM, ``;`` separator, CRLF, every cell made safe."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(value) for value in headers])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def csv_response(content: bytes, stem: str, dated: bool = True) -> Response:
    """A download named ``<stem>-<date>.csv``, never kept by shared caches."""
    name = f"{stem}-{dt.date.today().isoformat()}.csv" if dated else f"{stem}.csv"
    return Response(content, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store"})
