"""What a valid ballot is, for each method: checked on the server whatever the browser sends.

Pure functions on plain values (no database): :func:`read_form` turns the submitted fields
into numbers, :func:`validate` applies the round's rules and returns the entries to store,
or raises :class:`BallotRejected` with one Italian message per problem. Nothing is
silently corrected: a ballot that breaks a rule is refused as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from tavolo.domain import DomainError
from tavolo.rounds import tally

FIELD_PREFIX = "voto-"


def field_name(candidate: int) -> str:
    """Name of the form field carrying the voter's value for one proposal."""
    return f"{FIELD_PREFIX}{candidate}"


@dataclass(frozen=True)
class BallotRules:
    method: str
    candidates: tuple[int, ...]
    budget: int | None = None  # dot voting: K points per voter
    max_per: int | None = None  # dot voting: at most M points on one proposal
    labels: Mapping[int, str] = field(default_factory=dict)

    def label(self, candidate: int) -> str:
        return self.labels.get(candidate, f"#{candidate}")


class BallotRejected(DomainError):
    """The ballot breaks a rule; ``messages`` says which, ``fields`` marks the proposals."""

    def __init__(self, messages: list[str], fields: dict[int, str] | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.fields = fields or {}


def read_form(rules: BallotRules, form: Mapping[str, str]) -> dict[int, int | None]:
    """The submitted value of every proposal of the round (``None`` when left empty)."""
    messages: list[str] = []
    fields: dict[int, str] = {}
    wanted = {field_name(c) for c in rules.candidates}
    if any(key.startswith(FIELD_PREFIX) and key not in wanted for key in form):
        messages.append(_("La scheda contiene proposte che non fanno parte di questa votazione."))
    values: dict[int, int | None] = {}
    for candidate in rules.candidates:
        raw = (form.get(field_name(candidate)) or "").strip()
        if raw == "":
            values[candidate] = None
            continue
        try:
            values[candidate] = int(raw)
        except ValueError:
            message = _("«%(title)s»: scrivi un numero intero.", title=rules.label(candidate))
            messages.append(message)
            fields[candidate] = message
    if messages:
        raise BallotRejected(messages, fields)
    return values


def validate(rules: BallotRules, values: Mapping[int, int | None]) -> dict[int, int]:
    """The entries to store for ``values``, or :class:`BallotRejected`.

    Stored entries: points > 0 (dots), 1 per approved proposal (approval), every score
    (score), the rank of every ranked proposal (Schulze).
    """
    unknown = set(values) - set(rules.candidates)
    if unknown:
        raise BallotRejected([_("La scheda contiene proposte che non fanno parte di questa "
                                "votazione.")])
    checker = _CHECKERS[rules.method]
    messages: list[str] = []
    fields: dict[int, str] = {}
    entries = checker(rules, values, messages, fields)
    if messages:
        raise BallotRejected(messages, fields)
    return entries


def _fail(messages, fields, candidate, message) -> None:
    messages.append(message)
    if candidate is not None:
        fields.setdefault(candidate, message)


def _dots(rules, values, messages, fields) -> dict[int, int]:
    entries = {}
    for candidate in rules.candidates:
        points = values.get(candidate) or 0
        if points < 0:
            _fail(messages, fields, candidate, _("«%(title)s»: i punti non possono essere "
                                                 "negativi.", title=rules.label(candidate)))
        elif points > rules.max_per:
            _fail(messages, fields, candidate, _(
                "«%(title)s»: al massimo %(max)d punti su una proposta.",
                title=rules.label(candidate), max=rules.max_per))
        elif points:
            entries[candidate] = points
    spent = sum(max(values.get(c) or 0, 0) for c in rules.candidates)
    if spent > rules.budget:
        _fail(messages, fields, None, _(
            "Hai assegnato %(spent)d punti: ne hai a disposizione al massimo %(budget)d.",
            spent=spent, budget=rules.budget))
    return entries


def _approval(rules, values, messages, fields) -> dict[int, int]:
    entries = {}
    for candidate in rules.candidates:
        value = values.get(candidate) or 0
        if value not in (0, 1):
            _fail(messages, fields, candidate, _("«%(title)s»: approvazione non valida.",
                                                 title=rules.label(candidate)))
        elif value:
            entries[candidate] = 1
    return entries


def _score(rules, values, messages, fields) -> dict[int, int]:
    entries = {}
    for candidate in rules.candidates:
        value = values.get(candidate)
        if value is None:
            _fail(messages, fields, candidate, _(
                "«%(title)s»: scegli un punteggio da %(low)d a %(high)d.",
                title=rules.label(candidate), low=tally.SCORE_MIN, high=tally.SCORE_MAX))
        elif not tally.SCORE_MIN <= value <= tally.SCORE_MAX:
            _fail(messages, fields, candidate, _(
                "«%(title)s»: il punteggio va da %(low)d a %(high)d.",
                title=rules.label(candidate), low=tally.SCORE_MIN, high=tally.SCORE_MAX))
        else:
            entries[candidate] = value
    return entries


def _schulze(rules, values, messages, fields) -> dict[int, int]:
    entries = {}
    last = len(rules.candidates)
    for candidate in rules.candidates:
        rank = values.get(candidate)
        if rank is None:
            continue
        if not 1 <= rank <= last:
            _fail(messages, fields, candidate, _(
                "«%(title)s»: la posizione va da 1 a %(last)d.",
                title=rules.label(candidate), last=last))
        else:
            entries[candidate] = rank
    return entries


_CHECKERS = {tally.DOTS: _dots, tally.APPROVAL: _approval, tally.SCORE: _score,
             tally.SCHULZE: _schulze}
