"""One-click answers from the convocation e-mail, without logging in.

Each invitee gets a link signed with the app's secret key and a salt of its own (like the
account links of ``tavolo.auth.tokens``) that names their invitation row. The link has no
expiry of its own: it works while the invitation exists and the meeting can still be
answered (convened, not over), which ``invitations.answer_by_link`` checks; a person
removed from the invitees, or re-invited since, holds a link to a row that no longer exists.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from tavolo.extensions import db
from tavolo.meetings.models import MeetingInvitee, Rsvp
from tavolo.outbox.mail import absolute_url

SALT = "tavolo-meeting-rsvp"
ANSWERS = (Rsvp.YES, Rsvp.MAYBE, Rsvp.NO)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(invitee: MeetingInvitee) -> str:
    return _serializer().dumps({"i": invitee.id, "m": invitee.meeting_id,
                                "p": invitee.person_id})


def read_token(token: str) -> MeetingInvitee | None:
    """The invitation a valid link is for, or None (forged, altered, or withdrawn)."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "imp"):
        return None
    invitee = db.session.get(MeetingInvitee, data["i"])
    if invitee is None or (invitee.meeting_id, invitee.person_id) != (data["m"], data["p"]):
        return None
    return invitee


def links_for(invitee: MeetingInvitee) -> dict[str, str]:
    """``{"yes": url, "maybe": url, "no": url}`` for the e-mail of ``invitee``."""
    token = make_token(invitee)
    return {answer.value: absolute_url("meetings.answer_link", token=token,
                                       answer=answer.value) for answer in ANSWERS}
