"""Euro amounts as integer cents: reading what people type, writing it back the Italian way.

Money never passes through a float. People type amounts the way the council deliberations
write them — ``35.280,00``, ``35280``, ``35.280``, ``€ 35.280,00=`` — and the parser turns
them into cents or explains, in Italian, what is wrong. :class:`EuroField` is the form field
that does this for every area.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

# A generous upper bound (ten billion euro) that still fits every database's BIGINT.
MAX_CENTS = 1_000_000_000_000

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
# Integer part: plain digits, or 1–3 digits followed by groups of exactly three after a dot.
_AMOUNT = re.compile(r"^(?P<int>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,(?P<dec>[0-9]+))?$")


class MoneyError(ValueError):
    """The text is not an amount; ``str(error)`` is the message to show (Italian)."""


def parse_cents(text: str | None) -> int | None:
    """Cents from an amount written the Italian way; ``None`` for an empty text.

    Accepted: ``35.280,00`` ``35280`` ``35.280`` (thousands) ``35280,5`` ``€ 35.280,00``
    ``35.280,00 €`` ``35 280,00`` and the deliberations' trailing ``=``: ASCII digits, one
    optional ``€`` before or after. Refused with a reason: negative amounts, a decimal point
    (``35280.50`` is ambiguous in Italian), more than two decimals, badly grouped thousands,
    ``€€``, ``EUR``/``euro`` and other words, digits of other scripts (``٣٥``, ``３５``),
    anything that is not a number.
    """
    if text is None:
        return None
    value = text.strip()
    value = value.removesuffix("=").strip()
    if value.count("€") > 1:
        raise MoneyError(_l("Scrivi il simbolo € una volta sola, per esempio € 35.280,00."))
    if value.startswith("€"):
        value = value[1:]
    elif value.endswith("€"):
        value = value[:-1]
    if "€" in value:
        raise MoneyError(_l("Il simbolo € va prima o dopo l'importo, per esempio € 35.280,00."))
    if any(ch.isdigit() and ch not in "0123456789" for ch in value):
        raise MoneyError(_l("Scrivi l'importo con le cifre da 0 a 9, per esempio 35.280,00."))
    if any(ch.isalpha() for ch in value):
        raise MoneyError(_l("Scrivi solo cifre, con al più il simbolo €: per esempio "
                            "35.280,00 (non «EUR» né «euro»)."))
    value = _SPACES.sub("", value)
    if value == "":
        return None
    if value.startswith("-") or value.startswith("−") or value.endswith("-"):
        raise MoneyError(_l("L'importo non può essere negativo."))
    value = value.removeprefix("+")
    match = _AMOUNT.match(value)
    if match is None:
        raise MoneyError(_explain(value))
    decimals = match.group("dec")
    if decimals is not None and len(decimals) > 2:
        raise MoneyError(_l("Al massimo due cifre dopo la virgola (i centesimi)."))
    euros = int(match.group("int").replace(".", ""))
    cents = euros * 100 + int((decimals or "0").ljust(2, "0"))
    if cents > MAX_CENTS:
        raise MoneyError(_l("L'importo è troppo grande."))
    return cents


def _explain(value: str) -> str:
    """The most helpful reason why ``value`` is not an amount."""
    if not re.fullmatch(r"[0-9.,]+", value):
        return _l("Scrivi solo cifre, per esempio 35.280,00.")
    if value.count(",") > 1:
        return _l("Usa la virgola solo per i centesimi, per esempio 35.280,00.")
    integer, _sep, decimals = value.partition(",")
    if "." in decimals:
        return _l("Il punto separa le migliaia e va prima della virgola, per esempio 35.280,00.")
    if "." in integer and not _sep and re.fullmatch(r"\d+\.\d{1,2}", integer):
        return _l("Per i centesimi usa la virgola: %(fixed)s.",
                  fixed=integer.replace(".", ","))
    if "." in integer:
        return _l("Le migliaia vanno separate a gruppi di tre cifre, per esempio 1.250.000,00.")
    return _l("Scrivi un importo in euro, per esempio 35.280,00.")


def format_cents(cents: int | None) -> str:
    """Cents as an Italian amount without the currency sign: ``35.280,00``.

    The form fields show amounts this way whatever the interface language, so that what
    the field shows is exactly what :func:`parse_cents` reads back.
    """
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}{grouped},{rest:02d}"


class EuroField(StringField):
    """A text field for an amount in euro; ``data`` is integer cents or ``None``."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)
        self._parse_error: str | None = None

    def process_formdata(self, valuelist):
        self._parse_error = None
        self.raw_text = valuelist[0] if valuelist else ""
        try:
            self.data = parse_cents(self.raw_text)
        except MoneyError as error:
            self.data = None
            self._parse_error = str(error)

    def _value(self) -> str:
        if self._parse_error is not None:
            return self.raw_text
        return format_cents(self.data) if isinstance(self.data, int) else ""

    def pre_validate(self, form) -> None:
        if self._parse_error is not None:
            raise ValidationError(self._parse_error)
