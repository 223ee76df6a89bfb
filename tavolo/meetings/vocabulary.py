"""How the audit log of meetings and minutes reads (``audit.history.VOCABULARY``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tavolo.audit import history
from tavolo.meetings.models import Meeting
from tavolo.meetings.models.meeting import KIND_LABELS, STATUS_LABELS
from tavolo.meetings.models.minutes import MINUTES_STATUS_LABELS

MEETINGS = history.Vocabulary(
    key="meetings",
    types={"meeting": _l("Riunione")},
    fields={"kind": _l("Tipo"), "starts_at": _l("Inizio"), "ends_at": _l("Fine"),
            "place": _l("Luogo"), "online_url": _l("Collegamento a distanza"),
            "quorum": _l("Numero legale"), "series_id": _l("Serie"),
            "invitees": _l("Invitati"), "present": _l("Presenti"),
            "cancel_reason": _l("Motivo dell'annullamento"),
            "circulated_at": _l("Diramata il"), "cancelled_at": _l("Annullata il"),
            "meeting_id": _l("Riunione")},
    values={"kind": KIND_LABELS, "status": STATUS_LABELS},
    names={"meeting": (Meeting.id, Meeting.title)},
    references={"meeting_id": "meeting"})

MINUTES = history.Vocabulary(
    key="minutes", types={"minutes": _l("Verbale")},
    fields={"version": _l("Versione"), "summary": _l("Sintesi")},
    values={"status": MINUTES_STATUS_LABELS})
