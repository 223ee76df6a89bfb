"""The notice board's rules: posting, editing, approving, rejecting, deleting, the board's
settings, and the one e-mail to the network (``announce``).

Services change the session and flush; the route commits once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown as markdown_lib
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from tavolo.audit.services import pending_changes, record
from tavolo.auth.models import ROLE_CLEARANCE, User
from tavolo.domain import DomainError, NotAllowed
from tavolo.editing import snapshot
from tavolo.extensions import db
from tavolo.notices.models import (
    NOTICE_LEVELS,
    Notice,
    NoticeKind,
    NoticeSettings,
    NoticeStatus,
    today,
)
from tavolo.notifications.models import NotificationKind
from tavolo.notifications.services import notify
from tavolo.outbox.mail import absolute_url
from tavolo.projects.models import Project
from tavolo.types import utcnow
from tavolo.visibility import Visibility

MAX_TITLE = 300
MAX_BODY = 20000
MAX_REASON = 2000


@dataclass
class NoticeData:
    """What the notice form says."""

    kind: NoticeKind
    title: str
    body: str
    visibility: Visibility = Visibility.NETWORK
    deadline: dt.date | None = None
    expires_on: dt.date | None = None
    project_id: int | None = None
    email_requested: bool = False


@dataclass
class Outcome:
    """What a save did, for the page to say: pending approval, body sanitised, mails sent."""

    notice: Notice
    pending: bool = False
    sanitised: bool = False
    mailed: int = 0


# -- settings --------------------------------------------------------------------------------

def board_settings() -> NoticeSettings:
    """The board's settings; the defaults (only the coordinator posts) before any change."""
    settings = db.session.get(NoticeSettings, 1)
    return settings if settings is not None else NoticeSettings(
        id=1, others_may_post=False, approval_required=True)


def update_settings(actor, *, others_may_post: bool, approval_required: bool) -> NoticeSettings:
    if not Notice.can_review(actor):
        raise NotAllowed(_l("Solo il coordinamento cambia le impostazioni della bacheca."))
    settings = db.session.get(NoticeSettings, 1)
    if settings is None:
        settings = NoticeSettings(id=1)
        db.session.add(settings)
    settings.others_may_post = bool(others_may_post)
    settings.approval_required = bool(approval_required)
    settings.updated_by_id = actor.id
    changes = pending_changes(settings, exclude=("updated_at", "updated_by_id", "id"))
    db.session.flush()
    if changes:
        record(actor, "update", "notice_settings", 1, str(_l("Impostazioni della bacheca")),
               changes)
    return settings


# -- checks ----------------------------------------------------------------------------------

# Elements that run code, load other pages or imitate forms: the sanitiser drops them (with
# their content for scripts and styles). Plain Markdown never produces them.
ACTIVE_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
               "form", "input", "button", "select", "textarea", "svg", "math", "link", "meta",
               "base", "noscript", "template"}


class _ActiveContent(HTMLParser):
    """Finds active content the Markdown filter will drop: scripts and the like, event
    handler and style attributes, ``javascript:`` and other non-web links. (Harmless
    Markdown the filter simplifies, like a first-level heading, is not reported.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.found = True
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.found = True
            if name in ("href", "src") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme and scheme not in ("http", "https", "mailto"):
                    self.found = True

    handle_startendtag = handle_starttag


def has_active_content(body: str) -> bool:
    """True when the rendered body would lose something to the sanitiser (say so)."""
    html = markdown_lib.markdown(body or "", extensions=["extra", "sane_lists"])
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


def _check(actor, data: NoticeData) -> Project | None:
    title = " ".join((data.title or "").split())
    if not title:
        raise DomainError(_l("Scrivi il titolo dell'avviso."), "title")
    if len(title) > MAX_TITLE:
        raise DomainError(_l("Al massimo %(max)d caratteri.", max=MAX_TITLE), "title")
    if not (data.body or "").strip():
        raise DomainError(_l("Scrivi il testo dell'avviso: un avviso vuoto non dice nulla "
                             "alla rete."), "body")
    if len(data.body) > MAX_BODY:
        raise DomainError(_l("Al massimo %(max)d caratteri.", max=MAX_BODY), "body")
    try:
        kind = NoticeKind(data.kind)
    except ValueError:
        raise DomainError(_l("Scegli il tipo di avviso."), "kind") from None
    data.kind = kind
    try:
        level = Visibility(data.visibility)
    except ValueError:
        level = None
    if level not in NOTICE_LEVELS:
        raise DomainError(_l("Scegli chi può vedere l'avviso."), "visibility")
    if level == Visibility.CORE and not actor.is_core:
        raise DomainError(_l("Un partner non può pubblicare per il gruppo ristretto: scegli "
                             "«Pubblico» o «Rete»."), "visibility")
    data.visibility = level
    if data.expires_on is not None and data.expires_on < today():
        raise DomainError(_l("La data in cui l'avviso lascia la bacheca è già passata: "
                             "scegli oggi o un giorno futuro."), "expires_on")
    if data.deadline is not None and data.expires_on is not None \
            and data.deadline > data.expires_on:
        raise DomainError(_l("La scadenza viene dopo il giorno in cui l'avviso lascia la "
                             "bacheca: sposta la data di rimozione dopo la scadenza."),
                          "deadline")
    if data.project_id is None:
        return None
    project = db.session.get(Project, data.project_id)
    if project is None or not project.can_view(actor):
        raise DomainError(_l("Il progetto scelto non esiste più: ricarica la pagina."),
                          "project_id")
    return project


def _apply(notice: Notice, actor, data: NoticeData) -> bool:
    project = _check(actor, data)
    notice.kind = data.kind
    notice.title = " ".join(data.title.split())
    notice.body = data.body.strip()
    notice.visibility = data.visibility
    notice.deadline, notice.expires_on = data.deadline, data.expires_on
    notice.project = project
    # Once mailed, the notice stays "mailed"; before that the author may change their mind.
    notice.email_requested = bool(data.email_requested) or notice.announced_at is not None
    return has_active_content(notice.body)


def _publish(notice: Notice, actor) -> None:
    notice.status = NoticeStatus.PUBLISHED
    notice.rejection_reason = ""
    if notice.published_at is None:
        notice.published_at = utcnow()


# -- posting and editing ---------------------------------------------------------------------

def create_notice(actor, data: NoticeData) -> Outcome:
    """Post a notice: published at once by the coordinator (or when no approval is asked),
    otherwise waiting in the coordinator's queue."""
    settings = board_settings()
    if not settings.can_post(actor):
        raise NotAllowed(_l("La bacheca accetta avvisi solo dal coordinamento."))
    notice = Notice(author_id=actor.id)
    sanitised = _apply(notice, actor, data)
    pending = settings.needs_approval(actor)
    if pending:
        notice.status = NoticeStatus.PENDING
    else:
        _publish(notice, actor)
    db.session.add(notice)
    db.session.flush()
    record(actor, "create", "notice", notice.id, notice.title, snapshot(notice))
    return Outcome(notice, pending=pending, sanitised=sanitised, mailed=announce(notice))


def update_notice(notice: Notice, actor, data: NoticeData) -> Outcome:
    """Edit a notice. An author whose notices need approval sends it back to the queue (the
    coordinator approves what is published, not only the first version)."""
    if not notice.can_edit(actor):
        raise NotAllowed(_l("Non puoi modificare questo avviso."))
    sanitised = _apply(notice, actor, data)
    pending = False
    if not actor.is_coordinator and board_settings().needs_approval(actor):
        notice.status, pending = NoticeStatus.PENDING, True
    elif notice.status == NoticeStatus.REJECTED and not actor.is_coordinator:
        _publish(notice, actor)  # no approval asked any more: the new version goes out
    changes = pending_changes(notice, exclude=("updated_at",))
    db.session.flush()
    if changes:
        record(actor, "update", "notice", notice.id, notice.title, changes)
    return Outcome(notice, pending=pending, sanitised=sanitised, mailed=announce(notice))


def approve(notice: Notice, actor) -> Outcome:
    """Publish a notice waiting in the queue (or one rejected before), and announce it."""
    if not notice.can_approve(actor):
        raise DomainError(_l("Questo avviso è già pubblicato."))
    before = notice.status
    _publish(notice, actor)
    notice.reviewed_by_id = actor.id
    db.session.flush()
    record(actor, "approve", "notice", notice.id, notice.title,
           {"status": [before.value, NoticeStatus.PUBLISHED.value]})
    return Outcome(notice, mailed=announce(notice))


def reject(notice: Notice, actor, reason: str) -> None:
    """Send a notice back to its author with the reason; it stays off the board."""
    if not Notice.can_review(actor):
        raise NotAllowed(_l("Solo il coordinamento approva gli avvisi."))
    if notice.status != NoticeStatus.PENDING:
        raise DomainError(_l("Si possono respingere solo gli avvisi in attesa."), "reason")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Scrivi il motivo: chi ha scritto l'avviso lo leggerà."), "reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_l("Al massimo %(max)d caratteri.", max=MAX_REASON), "reason")
    notice.status = NoticeStatus.REJECTED
    notice.rejection_reason = reason
    notice.reviewed_by_id = actor.id
    db.session.flush()
    record(actor, "reject", "notice", notice.id, notice.title,
           {"status": [NoticeStatus.PENDING.value, NoticeStatus.REJECTED.value],
            "rejection_reason": [None, reason]})


def delete_notice(notice: Notice, actor) -> None:
    """Delete a notice; its attached documents go in the same flush (documents.cleanup)."""
    if not notice.can_delete(actor):
        raise NotAllowed(_l("Non puoi eliminare questo avviso."))
    record(actor, "delete", "notice", notice.id, notice.title, snapshot(notice, removed=True))
    db.session.delete(notice)
    db.session.flush()


# -- the e-mail to the network ---------------------------------------------------------------

def recipients(notice: Notice) -> list[User]:
    """Active accounts (password set) whose role may read the notice."""
    roles = [role for role, top in ROLE_CLEARANCE.items()
             if Visibility(notice.visibility).rank <= top.rank]
    return list(db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.password_hash.is_not(None),
                              User.role.in_(roles))
        .order_by(User.id)))


def announce(notice: Notice) -> int:
    """E-mail a published notice to everyone who may read it, once, if its author asked.

    The notice is claimed with one conditional UPDATE (``announced_at`` from NULL), so a
    second call, a concurrent approval or a re-run sends nothing; the mails are written to
    the outbox in the same transaction, so a rollback undoes the claim and the mails
    together. Returns the number of mails queued.
    """
    if not notice.email_requested or notice.status != NoticeStatus.PUBLISHED \
            or notice.announced_at is not None or notice.is_expired:
        return 0
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Notice).where(Notice.id == notice.id, Notice.announced_at.is_(None))
        .values(announced_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return 0
    set_committed_value(notice, "announced_at", now)
    url = absolute_url("notices.detail", notice_id=notice.id)
    sent = 0
    for user in recipients(notice):
        # Each reader's choice for notices: now, in the next daily digest, or not at all.
        delivered = notify(user, NotificationKind.NOTICES, template="notice_published",
                           category="notice",
                           subject=_l("Nuovo avviso in bacheca: %(title)s", title=notice.title),
                           context={"notice": notice, "url": url,
                                    "summary": notice.kind.label})
        sent += delivered is not None
    return sent
