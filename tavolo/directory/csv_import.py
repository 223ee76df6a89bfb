"""Importing organisations and people from CSV: check everything, then import all or nothing.

:func:`check` reads the file and returns every row it would create and every problem, each
with its line number; the import itself (:func:`run`) checks again — the directory may have
changed since the preview — and creates every row or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from wtforms.validators import ValidationError

from tavolo.directory import services
from tavolo.directory.csv_format import (
    ORGANIZATION_COLUMNS,
    PEOPLE_COLUMNS,
    field_for_header,
    header_key,
    lookup,
)
from tavolo.directory.forms import normalise_website
from tavolo.directory.models import (
    AREA_LABELS,
    KIND_LABELS,
    RING_LABELS,
    Organization,
    OrganizationKind,
    Person,
    Ring,
)
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.forms import clean_line, clean_multiline
from tavolo.spreadsheet import unsafe_cell

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
KINDS = ("organizations", "people")
_YES = {"si", "sì", "s", "yes", "y", "x", "1", "true", "vero"}
_NO = {"", "no", "n", "0", "false", "falso"}
_SEPARATORS = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")
_STRAY = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_MULTILINE = {"description", "conditions", "notes"}
_LIMITS = {"name": 200, "short_name": 60, "address": 300, "phone": 60, "email": 254,
           "website": 300, "description": 5000, "sector": 120, "conditions": 2000,
           "role": 200, "notes": 5000}


@dataclass
class RowProblem:
    line: int
    message: str


@dataclass
class Check:
    kind: str
    rows: list[dict] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    file_problem: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    encoding_note: str | None = None

    @property
    def ok(self) -> bool:
        return self.file_problem is None and not self.problems and bool(self.rows)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) as exported; Windows-1252 as Excel saves it in Italy."""
    return decode_with_encoding(data)[0]


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: ``"utf-8"`` or ``"windows-1252"``.

    Bidi and control characters other than tab and line ends are dropped here already, and
    the Unicode line separators become spaces (they are not CSV record ends), so that the
    text carried by the preview's confirm form is clean too.
    """
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
    return _STRAY.sub("", _SEPARATORS.sub(" ", text)), encoding


def _clean_cell(name: str, value: str) -> str:
    """A cell as a form field would keep it: no control, bidi or stray line-break character."""
    cleaner = clean_multiline if name in _MULTILINE else clean_line
    return unsafe_cell(cleaner(value))


def _nul_line(text: str) -> int | None:
    position = text.find("\x00")
    return None if position < 0 else text.count("\n", 0, position) + 1


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first.count)


def _records(text: str, columns):
    """(line number, {field: value}, extra values) for each non-empty record, after the header."""
    nul = _nul_line(text)
    if nul is not None:
        raise DomainError(_("Riga %(line)d: il file contiene un carattere nullo (NUL), che "
                              "un foglio di calcolo non scrive: non è un CSV valido.", line=nul))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True)
    header = _next(reader, 1)
    if not header:
        raise DomainError(_("Il file è vuoto."))
    fields = [field_for_header(h, columns) for h in header]
    ignored = [h.strip() for h, f in zip(header, fields, strict=True) if f is None and h.strip()]
    if "name" not in fields:
        raise DomainError(_("Manca la colonna «Nome» nella prima riga del file."))
    last_line = reader.line_num
    records = []
    while (values := _next(reader, last_line + 1)) is not None:
        start, last_line = last_line + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        # Short rows leave the missing columns empty; long rows are reported below.
        row = {f: _clean_cell(f, v) for f, v in zip(fields, values, strict=False) if f}
        records.append((start, row, len(values) > len(fields)))
        if len(records) > MAX_ROWS:
            raise DomainError(_("Il file ha più di %(max)d righe: dividilo in più file.",
                                  max=MAX_ROWS))
    return records, ignored


def _next(reader, line: int) -> list[str] | None:
    """The next record, or a refusal naming the line where the broken record starts."""
    try:
        return next(reader, None)
    except csv.Error:
        raise DomainError(_(
            "Riga %(line)d: virgolette non chiuse o testo dopo le virgolette di chiusura. "
            "Controlla le virgolette di quella riga (un testo tra virgolette deve chiudersi "
            "prima del separatore).", line=line)) from None


def _email(value: str) -> str:
    if not value:
        return ""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(_("e-mail non valida: «%(value)s»", value=value)) from None
    return value


def _year(value: str, label: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise ValueError(_("%(label)s: anno non valido «%(value)s»", label=label, value=value))
    return int(value)


def _flag(value: str, label: str) -> bool:
    key = value.strip().lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(_("%(label)s: scrivi «sì» o «no», non «%(value)s»", label=label,
                       value=value))


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("data dell'ultimo contatto non valida «%(value)s» (usa gg/mm/aaaa)",
                       value=value))


def _enum(value: str, table: dict, label: str, default):
    if not value:
        return default
    member = table.get(header_key(value))
    if member is None:
        raise ValueError(_("%(label)s sconosciuto: «%(value)s»", label=label, value=value))
    return member


def _lengths(row: dict) -> None:
    for name, limit in _LIMITS.items():
        if len(row.get(name, "")) > limit:
            raise ValueError(_("il campo «%(field)s» supera %(max)d caratteri", field=name,
                               max=limit))


def _organization(row: dict, tables) -> dict:
    kinds, rings, areas = tables
    _lengths(row)
    hosts = _flag(row.get("hosts", ""), _("Ospita tirocini")) or bool(row.get("sector"))
    values = {
        "name": row["name"], "short_name": row.get("short_name", ""),
        "kind": _enum(row.get("kind", ""), kinds, _("tipo di ente"),
                      OrganizationKind.BUSINESS if hosts else OrganizationKind.OTHER),
        "ring": _enum(row.get("ring", ""), rings, _("partecipazione"), Ring.EXTENDED),
        "areas": [_enum(part.strip(), areas, _("area di intervento"), None)
                  for part in row.get("areas", "").replace(";", ",").replace("|", ",").split(",")
                  if part.strip()],
        "address": row.get("address", ""), "phone": row.get("phone", ""),
        "email": _email(row.get("email", "")), "description": row.get("description", ""),
        "active_since": _year(row.get("active_since", ""), _("Nel Tavolo dal")),
        "active_until": _year(row.get("active_until", ""), _("Nel Tavolo fino al")),
        "host": None,
    }
    try:
        values["website"] = normalise_website(row.get("website", ""))
    except ValidationError as error:
        raise ValueError(_("sito web non valido: %(reason)s", reason=str(error))) from None
    if values["active_since"] and values["active_until"] and \
            values["active_until"] < values["active_since"]:
        raise ValueError(_("l'anno di uscita precede l'anno di ingresso"))
    if hosts:
        places = row.get("places", "") or "0"
        if not places.isdigit() or int(places) > 999:
            raise ValueError(_("posti per tirocini non validi «%(value)s»", value=places))
        if not row.get("sector"):
            raise ValueError(_("manca il settore dell'impresa ospitante"))
        values["host"] = {
            "sector": row["sector"], "places": int(places),
            "accepts_disability": _flag(row.get("accepts_disability", ""),
                                        _("Tirocini per persone con disabilità")),
            "conditions": row.get("conditions", ""),
            "last_contact_on": _date(row.get("last_contact_on", "")),
        }
    return values


def _check_organizations(records) -> Check:
    result = Check("organizations")
    tables = (lookup(KIND_LABELS), lookup(RING_LABELS), lookup(AREA_LABELS))
    existing = set(db.session.scalars(sa.select(sa.func.lower(Organization.name))))
    seen: dict[str, int] = {}
    for line, row, extra in records:
        name = row.get("name", "")
        try:
            if extra:
                raise ValueError(_("la riga ha più valori delle colonne (controlla separatore e "
                                   "virgolette)"))
            if not name:
                raise ValueError(_("manca il nome"))
            key = name.lower()
            if key in seen:
                raise ValueError(_("ente ripetuto: «%(name)s» è già alla riga %(line)d",
                                   name=name, line=seen[key]))
            seen[key] = line
            if key in existing:
                raise ValueError(_("ente già presente nella rubrica: «%(name)s»", name=name))
            result.rows.append({"line": line, **_organization(row, tables)})
        except ValueError as error:
            result.problems.append(RowProblem(line, str(error)))
    return result


def _check_people(records) -> Check:
    result = Check("people")
    orgs = {}
    for org_id, name, short in db.session.execute(
            sa.select(Organization.id, Organization.name, Organization.short_name)):
        if short:
            orgs.setdefault(short.lower(), org_id)
        orgs[name.lower()] = org_id
    existing_names = {(n.lower(), o) for n, o in db.session.execute(
        sa.select(Person.name, Person.organization_id))}
    existing_emails = {e.lower() for e in db.session.scalars(
        sa.select(Person.email).where(Person.email != ""))}
    seen_names: dict[tuple, int] = {}
    seen_emails: dict[str, int] = {}
    for line, row, extra in records:
        try:
            if extra:
                raise ValueError(_("la riga ha più valori delle colonne (controlla separatore e "
                                   "virgolette)"))
            name = row.get("name", "")
            if not name:
                raise ValueError(_("manca il nome"))
            _lengths(row)
            org_name = row.get("organization", "")
            org_id = orgs.get(org_name.lower()) if org_name else None
            if org_name and org_id is None:
                raise ValueError(_("ente sconosciuto: «%(name)s» (importa prima gli enti)",
                                   name=org_name))
            email = _email(row.get("email", ""))
            key = (name.lower(), org_id)
            if key in seen_names:
                raise ValueError(_("persona ripetuta: «%(name)s» è già alla riga %(line)d",
                                   name=name, line=seen_names[key]))
            if key in existing_names:
                raise ValueError(_("persona già presente nella rubrica: «%(name)s»", name=name))
            if email and email.lower() in seen_emails:
                raise ValueError(_("e-mail ripetuta: «%(email)s» è già alla riga %(line)d",
                                   email=email, line=seen_emails[email.lower()]))
            if email and email.lower() in existing_emails:
                raise ValueError(_("e-mail già presente nella rubrica: «%(email)s»", email=email))
            seen_names[key] = line
            if email:
                seen_emails[email.lower()] = line
            result.rows.append({"line": line, "name": name, "organization_id": org_id,
                                "organization": org_name, "role": row.get("role", ""),
                                "email": email, "phone": row.get("phone", ""),
                                "notes": row.get("notes", "")})
        except ValueError as error:
            result.problems.append(RowProblem(line, str(error)))
    return result


def check(kind: str, text: str) -> Check:
    """Every row the import would create and every problem found, with line numbers."""
    columns = ORGANIZATION_COLUMNS if kind == "organizations" else PEOPLE_COLUMNS
    try:
        records, ignored = _records(text, columns)
    except DomainError as error:
        return Check(kind, file_problem=str(error))
    except csv.Error as error:
        return Check(kind, file_problem=_("Il file non è un CSV leggibile: %(reason)s",
                                          reason=str(error)))
    result = _check_organizations(records) if kind == "organizations" else \
        _check_people(records)
    result.ignored_columns = ignored
    if not records and result.file_problem is None:
        result.file_problem = _("Il file non contiene righe da importare.")
    return result


def run(actor, kind: str, text: str) -> int:
    """Create every row of the file or none: raises ``DomainError`` on any problem."""
    result = check(kind, text)
    if not result.ok:
        raise DomainError(_("Il file ha dei problemi: nessuna riga è stata importata."))
    for row in result.rows:
        values = {k: v for k, v in row.items() if k not in ("line", "organization")}
        if kind == "organizations":
            services.create_organization(actor, action="import", **values)
        else:
            services.create_person(actor, action="import", **values)
    return len(result.rows)
