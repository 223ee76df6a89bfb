"""The calendar blueprint: month and agenda pages, ``.ics`` downloads and feeds, and the feed
settings of the account page."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from tavolo import navigation
from tavolo.auth import sections
from tavolo.auth.models import AnonymousUser
from tavolo.calendar import bp, feed_cache, feeds, ical, imip, meeting_source, months, sources
from tavolo.calendar.forms import FeedForm, ReminderForm, minutes_of, reminder_value
from tavolo.calendar.sources import CalendarSource, EntryQuery
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.htmx import render, wants_fragment
from tavolo.meetings.models import Meeting
from tavolo.meetings.models.meeting import KIND_LABELS
from tavolo.meetings.services import notifications
from tavolo.outbox.mail import absolute_url
from tavolo.types import ROME, utcnow

FEED_PAST = dt.timedelta(days=365)
# The public feed, which anyone may fetch, stays of a bounded size: nothing starting more
# than five years ahead (the network plans a year or two ahead; seminars are announced
# years ahead at most).
FEED_PUBLIC_AHEAD = dt.timedelta(days=5 * 365)
FEED_REFRESH = dt.timedelta(hours=1)
AGENDA_PAGE = 20
AGENDA_MAX_PAGES = 25


@bp.record_once
def _plug_in(state) -> None:
    app = state.app
    navigation.add(app, "calendar.index", _l("Calendario"), 22, "everyone", "calendar")
    sources.CALENDAR_SOURCES.add(app, CalendarSource(
        key=meeting_source.SOURCE_KEY, load=meeting_source.load_entries, order=10,
        state=meeting_source.state,
        categories={kind.value: label for kind, label in KIND_LABELS.items()}))
    notifications.MAIL_PARTS.add(app, notifications.MailParts(key="calendar",
                                                             build=imip.mail_parts))
    sections.ACCOUNT_SECTIONS.add(app, sections.AccountSection(
        key="calendar", template="calendar/_account_section.html", load=_account_data,
        order=10))


# -- pages -------------------------------------------------------------------------------

def _chosen_categories() -> tuple[str, frozenset[str] | None]:
    kind = request.args.get("kind", "")
    return (kind, frozenset({kind})) if kind in sources.categories() else ("", None)


@bp.get("/calendar/")
def index():
    """The month grid (``?month=2026-03``); htmx swaps only the month on previous/next."""
    today = dt.datetime.now(ROME).date()
    first = months.parse_month(request.args.get("month"), today)
    kind, chosen = _chosen_categories()
    start, end = months.utc_bounds(first)
    entries = sources.load(EntryQuery(current_user, start, end, categories=chosen))
    month = months.build_month(first, entries, today)
    return render("calendar/month.html", "calendar/_month.html", month=month, today=today,
                  kind=kind, categories=sources.categories(), swapped=wants_fragment())


@bp.get("/calendar/agenda")
def agenda():
    """Upcoming items, grouped by day; "show more" extends the list page by page."""
    page = request.args.get("page", "1")
    page = min(int(page), AGENDA_MAX_PAGES) if page.isdigit() and int(page) > 0 else 1
    kind, chosen = _chosen_categories()
    shown = AGENDA_PAGE * page
    entries = sources.load(EntryQuery(current_user, utcnow(), limit=shown + 1,
                                      categories=chosen))
    has_more = len(entries) > shown and page < AGENDA_MAX_PAGES
    entries = entries[:shown]
    days = [(day, list(items)) for day, items in
            groupby(entries, key=lambda e: e.starts_at.astimezone(ROME).date())]
    return render("calendar/agenda.html", "calendar/_agenda_list.html", days=days,
                  page_number=page, has_more=has_more, kind=kind, categories=sources.categories(),
                  today=dt.datetime.now(ROME).date())


# -- .ics downloads and feeds --------------------------------------------------------------

def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _not_found() -> Response:
    """A plain 404 for calendar apps: no page, no session, no cookie."""
    return Response("404 Not Found\n", 404, mimetype="text/plain")


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    """One meeting as an ``.ics`` file, for whoever may see it (404 otherwise)."""
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.id == meeting_id)
        .options(joinedload(Meeting.created_by), selectinload(Meeting.agenda_items)))
    if meeting is None or not meeting.can_view(current_user):
        abort(404)
    entry = meeting_source.entry_for(meeting, details=True,
                                     agenda=meeting_source.agenda_lines(meeting),
                                     public=not current_user.is_authenticated)
    body = ical.to_bytes(ical.entries_calendar(
        [entry], reminder_minutes=feeds.reminder_of(current_user), stamp=utcnow()))
    response = _ics(body, f"riunione-{meeting.local_start:%Y-%m-%d}-{meeting.id}.ics")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _not_modified(etag: str, changed_at: dt.datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and changed_at.replace(microsecond=0) <= since


def _serve_feed(key: str, query: EntryQuery, *, name: str, reminder: int | None,
                private: bool) -> Response:
    """The feed with ETag and Last-Modified; 304, building nothing, when the app already
    has this version.

    The ETag hashes what the feed is made of, read by an aggregate query per source
    (``sources.state``), with the window, the reminder, the name, the language and the
    format of writing; the body written for an ETag is kept (``feed_cache``) and served
    again while the ETag stays the same, so an unchanged feed is read, not written.
    """
    etag = feeds.fingerprint(key, name, reminder, FEED_REFRESH, FEED_PAST, query.end is None,
                             str(get_locale()), sources.state(query))
    changed_at = feeds.observe(key, etag, utcnow())
    if _not_modified(etag, changed_at):
        response = Response(status=304)
    else:
        body = feed_cache.get(key, etag)
        if body is None:
            body = ical.entries_ics(sources.load(query), reminder_minutes=reminder, name=name,
                                    refresh=FEED_REFRESH)
            feed_cache.put(key, etag, body)
        response = Response(body, mimetype="text/calendar")
        response.headers["Content-Disposition"] = 'inline; filename="calendario.ics"'
    response.set_etag(etag)
    response.last_modified = changed_at
    if private:
        response.headers["Cache-Control"] = "private, no-cache"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response.headers["Cache-Control"] = "public, max-age=900"
    return response


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """A user's personal feed: no login, no cookie; the secret token is the key."""
    settings = feeds.settings_for_token(token)
    if settings is None:
        return _not_found()
    user = settings.user
    with force_locale(user.locale or "it"):
        name = _("%(site)s – calendario di %(name)s", site=_site(), name=user.name)
        response = _serve_feed(f"user:{user.id}",
                               EntryQuery(user, utcnow() - FEED_PAST, details=True),
                               name=name, reminder=settings.reminder_minutes, private=True)
    feeds.mark_used(settings, utcnow())
    db.session.commit()
    return response


@bp.get("/calendar/public.ics")
def public_feed():
    """Public meetings and seminars for anyone, from twelve months back to five years ahead
    (``FEED_PUBLIC_AHEAD``: the one feed anyone may fetch stays of a bounded size)."""
    now = utcnow()
    with force_locale("it"):
        response = _serve_feed("public", EntryQuery(AnonymousUser(), now - FEED_PAST,
                                                    now + FEED_PUBLIC_AHEAD, details=True),
                               name=_site(), reminder=None, private=False)
    db.session.commit()
    return response


def _site() -> str:
    return current_app.config.get("SITE_NAME", "Tavolo")


# -- feed settings (account page) ----------------------------------------------------------

def _account_data(user) -> dict:
    settings = feeds.settings_of(user)
    token = feeds.token_of(settings)
    url = absolute_url("calendar.feed", token=token) if token else None
    return {
        "settings": settings,
        "feed_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1] if url else None,
        "google_url": ("https://calendar.google.com/calendar/r?cid="
                       + quote("webcal://" + url.split("://", 1)[1], safe="")) if url else None,
        "broken": settings is not None and settings.has_feed and token is None,
        "public_url": absolute_url("calendar.public_feed"),
        "reminder_form": ReminderForm(formdata=None, prefix="cal", reminder=reminder_value(
            feeds.reminder_of(user, settings))),
        "feed_form": FeedForm(formdata=None, prefix="feed"),
    }


def _back_to_account():
    return redirect(url_for("auth.account", _anchor="calendar-feed"), code=303)


@bp.post("/calendar/feed")
@login_required
def create_feed():
    had_feed = feeds.token_of(feeds.settings_of(current_user)) is not None
    with saving(conflict_message=_(
            "L'indirizzo non è stato creato perché la richiesta è arrivata due volte: "
            "ricarica la pagina e riprova.")) as saved:
        feeds.create_feed(current_user)
    if not saved:
        return _back_to_account()
    if had_feed:
        flash(_("Nuovo indirizzo creato. Il precedente non funziona più: aggiorna "
                "l'iscrizione nelle app che lo usavano."), "success")
    else:
        flash(_("Indirizzo del tuo calendario creato: copialo nella tua app di calendario."),
              "success")
    return _back_to_account()


@bp.post("/calendar/feed/revoke")
@login_required
def revoke_feed():
    if feeds.revoke_feed(current_user):
        db.session.commit()
        flash(_("Indirizzo disattivato: le app che lo usavano non ricevono più il calendario."),
              "success")
    else:
        flash(_("Non c'era nessun indirizzo attivo da disattivare."), "info")
    return _back_to_account()


@bp.post("/calendar/reminder")
@login_required
def reminder():
    form = ReminderForm(prefix="cal")
    if not form.validate_on_submit():
        flash(_("Scegli uno dei promemoria proposti: nulla è stato modificato."), "danger")
        return _back_to_account()
    with saving(conflict_message=_("Il promemoria non è stato salvato: riprova.")) as saved:
        feeds.set_reminder(current_user, minutes_of(form.reminder.data))
    if not saved:
        return _back_to_account()
    flash(_("Promemoria salvato: vale per il calendario personale e per i file .ics "
            "scaricati da ora in poi."), "success")
    return _back_to_account()
