"""A person as a vCard 3.0 (RFC 2426), the version every address book imports.

Values are escaped (``\\``, ``,``, ``;`` and newlines) and long lines folded at 75 octets
without splitting a UTF-8 character, as the RFC asks; lines end with CRLF.
"""

from __future__ import annotations

import re
import unicodedata

from tavolo.directory.models import Person
from tavolo.forms import clean_line
from tavolo.types import utcnow

_LIMIT = 75


def escape(value: str) -> str:
    """One property value: no line break of any kind (U+2028 and U+0085 included), no
    control or bidi character, then the RFC 2426 escapes."""
    value = clean_line(value or "")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continued by a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= _LIMIT:
        return line
    chunks, current, size, limit = [], [], 0, _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, _LIMIT - 1  # continuation lines start with a space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def person_vcard(person: Person, uid_domain: str) -> str:
    """The vCard text of ``person`` with the contacts of their organisation."""
    org = person.organization
    lines = ["BEGIN:VCARD", "VERSION:3.0",
             f"FN:{escape(person.name)}",
             f"N:;{escape(person.name)};;;"]
    if org is not None:
        lines.append(f"ORG:{escape(org.name)}")
    if person.role:
        lines.append(f"TITLE:{escape(person.role)}")
    if person.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(person.email)}")
    if person.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(person.phone)}")
    if org is not None and org.phone and org.phone != person.phone:
        lines.append(f"TEL;TYPE=WORK,MSG:{escape(org.phone)}")
    if org is not None and org.address:
        lines.append(f"ADR;TYPE=WORK:;;{escape(org.address)};;;;")
    if org is not None and org.website:
        lines.append(f"URL:{escape(org.website)}")
    lines.append(f"UID:tavolo-person-{person.id}@{uid_domain}")
    lines.append(f"REV:{utcnow().strftime('%Y%m%dT%H%M%SZ')}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def filename_for(person: Person) -> str:
    """An ASCII file name: ``maria-rossi.vcf``."""
    ascii_name = unicodedata.normalize("NFKD", person.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{slug or 'contatto'}.vcf"
