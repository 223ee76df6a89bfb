"""What documents attach to, and who may read or change them, per kind of owner.

A document is exactly as visible as its owner (or less, see ``Document.visibility``), so
each kind says how to load its owner, who may see it, who may attach files to it, and where
its page is. The rules are the owners' own permission methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from tavolo.documents.models import OwnerKind
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, Meeting, Minutes
from tavolo.notices.models import Notice
from tavolo.projects.models import Deliberation, Project
from tavolo.proposals.models import Proposal
from tavolo.seminars.models import Seminar


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _core(user) -> bool:
    return _authenticated(user) and user.is_core


def _item_visible(item: AgendaItem, user) -> bool:
    """Accepted items are read with the meeting; proposals by the core group and proposer."""
    if not item.meeting.can_view(user):
        return False
    return item.is_accepted or _core(user) or (
        _authenticated(user) and item.proposed_by_id == user.id)


@dataclass(frozen=True)
class OwnerRules:
    model: type
    can_view: Callable[[object, object], bool]
    can_attach: Callable[[object, object], bool]
    page: Callable[[object], str]
    title: Callable[[object], str]


RULES: dict[OwnerKind, OwnerRules] = {
    OwnerKind.MEETING: OwnerRules(
        Meeting, lambda m, u: m.can_view(u), lambda m, u: m.can_manage(u),
        lambda m: url_for("meetings.detail", meeting_id=m.id) + "#documents",
        lambda m: m.title),
    OwnerKind.AGENDA_ITEM: OwnerRules(
        AgendaItem, _item_visible, lambda i, u: i.meeting.can_manage(u),
        lambda i: url_for("meetings.detail", meeting_id=i.meeting_id) + f"#item-{i.id}",
        lambda i: f"{i.meeting.title} – {i.title}"),
    OwnerKind.MINUTES: OwnerRules(
        Minutes, lambda m, u: m.meeting.can_view_minutes(u),
        lambda m, u: m.meeting.can_manage(u),
        lambda m: url_for("meetings.detail", meeting_id=m.meeting_id) + "#minutes",
        lambda m: m.meeting.title),
    OwnerKind.PROJECT: OwnerRules(
        Project, lambda p, u: p.can_view(u), lambda p, u: p.can_view(u) and p.can_manage(u),
        lambda p: url_for("projects.detail", project_id=p.id) + "#documents",
        lambda p: p.title),
    OwnerKind.DELIBERATION: OwnerRules(
        Deliberation, lambda d, u: d.can_view(u), lambda d, u: Project.can_manage(u),
        lambda d: url_for("projects.detail", project_id=d.project_id) + f"#deliberation-{d.id}",
        lambda d: d.title),
    OwnerKind.PROPOSAL: OwnerRules(
        Proposal, lambda p, u: p.can_view(u),
        lambda p, u: p.can_view(u) and (p.can_edit(u) or p.can_change_status(u)),
        lambda p: url_for("proposals.detail", proposal_id=p.id) + "#documents",
        lambda p: p.title),
    OwnerKind.SEMINAR: OwnerRules(
        Seminar, lambda s, u: s.can_view(u), lambda s, u: s.can_manage(u),
        lambda s: url_for("seminars.detail", seminar_id=s.id) + "#materials",
        lambda s: s.title),
    OwnerKind.NOTICE: OwnerRules(
        Notice, lambda n, u: n.can_view(u), lambda n, u: n.can_edit(u),
        lambda n: url_for("notices.detail", notice_id=n.id) + "#attachments",
        lambda n: n.title),
}


def load_owner(kind: OwnerKind | str, owner_id: int):
    """The owner row, or None when the kind is unknown or the row does not exist."""
    try:
        rules = RULES[OwnerKind(kind)]
    except ValueError:
        return None
    return db.session.get(rules.model, owner_id)


def rules_for(kind: OwnerKind | str) -> OwnerRules:
    return RULES[OwnerKind(kind)]
