"""Files on disk, stored once per content under their SHA-256, in step with the database.

An upload is first written to a temporary file (hashing and measuring it on the way, and
stopping at the size limit); its type is then checked by content. The service adds the rows
and flushes, and only then is the file renamed to its final name, ``<root>/ab/abcdef…``; the
same content uploaded twice is one file. If the transaction rolls back, a final file created
by it is removed again; if it commits, files that no document refers to any more (recorded
by the deletion service) are removed. So there is never a file without a row or a row
without its file, whichever step fails.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from tavolo.documents.errors import DocumentError

CHUNK = 64 * 1024
HEAD = 8192

# Types detected by their content (filetype) → the extension the file is saved with.
ALLOWED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
}
# Text has no signature: it is accepted only under these extensions and after a check of
# every byte (see ``_text_type``).
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|meta|\?xml)",
                    re.IGNORECASE)

NEW_FILES = "tavolo_documents_new_files"
DROPPED_FILES = "tavolo_documents_dropped_files"


def root() -> Path:
    return Path(current_app.config["UPLOAD_PATH"])


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def path_for(sha256: str) -> Path:
    """Where the bytes with this hash live (the search area reads them to index the text)."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a SHA-256")
    return root() / sha256[:2] / sha256


def clean_filename(name: str | None) -> str:
    """The file's name, checked and tidied; a ``DocumentError`` when it cannot be trusted.

    A name with control characters, or with a path in it (``../``, ``C:\\…``, ``/etc/…``),
    is refused rather than guessed at; otherwise characters that trouble file systems or
    headers become ``_``, spaces are collapsed, a leading dot goes (no hidden files) and the
    name is cut to 150 characters, keeping its extension.
    """
    name = unicodedata.normalize("NFC", name or "")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise DocumentError(_l("Il nome del file contiene caratteri di controllo: rinominalo "
                               "e caricalo di nuovo."), "file")
    if "/" in name or "\\" in name or re.match(r"^[A-Za-z]:", name):
        raise DocumentError(_l("Il nome del file contiene un percorso (cartelle): carica il "
                               "file con il solo nome."), "file")
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    name = re.sub(r'[<>:"|?*;]', "_", name)
    if not name:
        raise DocumentError(_l("Il file non ha un nome valido."), "file")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = stem[:149 - len(ext)] + "." + ext if dot and len(ext) <= 10 else name[:150]
    return name


def _extension(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def _text_type(path: Path, extension: str) -> str | None:
    """``text/plain`` or ``text/csv`` when the whole file is readable text (UTF-8 or
    Windows-1252, as spreadsheets save it), with no NUL or control bytes and no markup that
    a browser would run; None otherwise."""
    if extension not in TEXT_TYPES:
        return None
    data = path.read_bytes()
    if b"\x00" in data or MARKUP.search(data[:HEAD]):
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n\f" for c in text):
            return None
        return TEXT_TYPES[extension] + ("; charset=utf-8" if encoding == "utf-8-sig"
                                        else "; charset=windows-1252")
    return None


@dataclass
class Received:
    """An upload written to a temporary file, measured, hashed and of a known type."""

    temp: Path
    sha256: str
    size: int
    content_type: str
    filename: str

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> Received:  # noqa: PYI034  (a dataclass, never subclassed)
        return self

    def __exit__(self, *exc) -> None:
        # Whatever happened, the temporary file does not outlive the request.
        self.discard()


def receive(stream, filename: str | None) -> Received:
    """Copy ``stream`` to a temporary file and check size and type.

    Raises ``DocumentError`` (and leaves nothing on disk) for an empty or too large file, a
    bad name, a type not allowed or a content that does not match it, and for a stream that
    breaks off halfway.
    """
    name = clean_filename(filename)
    limit = max_bytes()
    tmp_dir = root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    temp = tmp_dir / f"upload-{secrets.token_hex(16)}"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temp, "xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise DocumentError(_l(
                        "Il file supera il limite di %(mb)d MB.",
                        mb=current_app.config["MAX_UPLOAD_MB"]), "file")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise DocumentError(_l("Il file è vuoto."), "file")
        content_type, name = _checked_type(temp, name)
    except DocumentError:
        temp.unlink(missing_ok=True)
        raise
    except (OSError, ValueError) as error:
        # A connection that breaks off while the file is read, a full disk…
        temp.unlink(missing_ok=True)
        raise DocumentError(_l("Il caricamento si è interrotto prima della fine: riprova."),
                            "file") from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return Received(temp, digest.hexdigest(), size, content_type, name)


def _checked_type(temp: Path, name: str) -> tuple[str, str]:
    """The content type read from the bytes, and the name with the matching extension."""
    with open(temp, "rb") as handle:
        head = handle.read(HEAD)
    extension = _extension(name)
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime not in ALLOWED:
            raise DocumentError(_l(
                "Tipo di file non ammesso (il contenuto è %(type)s). Sono ammessi PDF, "
                "documenti OpenDocument e Office, immagini, CSV e testo semplice.",
                type=kind.extension.upper()), "file")
        right = ALLOWED[kind.mime]
        if extension != right and not (right == "jpg" and extension == "jpeg"):
            # A PDF saved as ".doc": keep the name, fix the extension to what it really is.
            name = f"{name.rpartition('.')[0] or name}.{right}"
        return kind.mime, name
    text = _text_type(temp, extension)
    if text is None:
        raise DocumentError(_l(
            "Il contenuto del file non corrisponde a un tipo ammesso (PDF, documenti "
            "OpenDocument e Office, immagini, CSV, testo semplice): forse l'estensione non è "
            "quella giusta."), "file")
    return text, name


def keep(received: Received, session: Session) -> None:
    """Move the checked upload to its final place; call after the rows are flushed.

    If the same content is already stored, the temporary copy is simply dropped. A file
    created here is removed again if ``session``'s transaction rolls back.
    """
    final = path_for(received.sha256)
    if final.exists():
        received.discard()
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(received.temp, final)
    session.info.setdefault(NEW_FILES, []).append(final)


def drop_after_commit(sha256: str, session: Session) -> None:
    """Remove this content from disk once the transaction commits (no row refers to it)."""
    session.info.setdefault(DROPPED_FILES, []).append(path_for(sha256))


def _after_commit(session: Session) -> None:
    session.info.pop(NEW_FILES, None)
    for path in session.info.pop(DROPPED_FILES, []):
        path.unlink(missing_ok=True)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    # Still listed: the transaction ended without a commit; its new files must go.
    for path in session.info.pop(NEW_FILES, []):
        path.unlink(missing_ok=True)
    session.info.pop(DROPPED_FILES, None)


def init_app() -> None:
    if not sa.event.contains(Session, "after_commit", _after_commit):
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_transaction_end", _after_transaction_end)
