"""The CSV format of the directory, shared by export and import.

Files are written by :mod:`tavolo.spreadsheet` (BOM, ``;``, formula-safe cells) with Italian
headers and labels, the same whatever the interface language, so that an exported file can be
imported again.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import force_locale

from tavolo.directory.models import (
    AREA_LABELS,
    KIND_LABELS,
    RING_LABELS,
    OrganizationKind,
    Ring,
    WorkArea,
)

# (field, header as exported); the import also accepts the synonyms below.
ORGANIZATION_COLUMNS = [
    ("name", "Nome"), ("short_name", "Nome breve"), ("kind", "Tipo"),
    ("ring", "Partecipazione"), ("areas", "Aree di intervento"), ("address", "Indirizzo"),
    ("phone", "Telefono"), ("email", "E-mail"), ("website", "Sito web"),
    ("description", "Descrizione"), ("active_since", "Nel Tavolo dal"),
    ("active_until", "Nel Tavolo fino al"), ("hosts", "Ospita tirocini"),
    ("sector", "Settore"), ("places", "Posti per tirocini"),
    ("accepts_disability", "Tirocini per persone con disabilità"),
    ("conditions", "Condizioni"), ("last_contact_on", "Ultimo contatto"),
]
PEOPLE_COLUMNS = [
    ("name", "Nome"), ("organization", "Ente"), ("role", "Ruolo"), ("email", "E-mail"),
    ("phone", "Telefono"), ("notes", "Note"),
]
SYNONYMS = {
    "nomeecognome": "name", "name": "name", "sigla": "short_name", "shortname": "short_name",
    "tipodiente": "kind", "kind": "kind", "type": "kind", "cerchia": "ring", "gruppo": "ring",
    "ring": "ring", "aree": "areas", "areas": "areas", "address": "address",
    "phone": "phone", "tel": "phone", "email": "email", "mail": "email", "sito": "website",
    "website": "website", "description": "description", "dal": "active_since",
    "finoal": "active_until", "ospitante": "hosts", "sector": "sector", "posti": "places",
    "places": "places", "disabilita": "accepts_disability", "conditions": "conditions",
    "contatto": "last_contact_on", "organizzazione": "organization", "organization": "organization",
    "role": "role", "note": "notes", "notes": "notes",
}


def header_key(text: str) -> str:
    """``"Aree di intervento"`` → ``"areediintervento"``: case, accents and spaces ignored."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def field_for_header(text: str, columns: list[tuple[str, str]]) -> str | None:
    key = header_key(text)
    for name, header in columns:
        if key in (header_key(header), header_key(name)):
            return name
    name = SYNONYMS.get(key)
    return name if name in {n for n, _h in columns} else None


def _labels(mapping: dict) -> dict:
    with force_locale("it"):
        return {member: str(label) for member, label in mapping.items()}


def kind_label(kind: OrganizationKind) -> str:
    return _labels(KIND_LABELS)[kind]


def ring_label(ring: Ring) -> str:
    return _labels(RING_LABELS)[ring]


def area_label(area: WorkArea) -> str:
    return _labels(AREA_LABELS)[area]


def lookup(mapping: dict) -> dict[str, object]:
    """Every spelling the import accepts for an enum: code and labels in each language."""
    found: dict[str, object] = {}
    for locale in ("it", "en"):
        with force_locale(locale):
            for member, label in mapping.items():
                found[header_key(str(label))] = member
    for member in mapping:
        found[header_key(member.value)] = member
    return found
