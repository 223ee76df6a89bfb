"""Stored XSS and injection corpus: hostile text in every main text field comes out inert in
pages, e-mails (the outbox), ``.ics``, vCards and CSV exports (issue 16, build point 8)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import icalendar
import sqlalchemy as sa
import vobject

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tavolo.proposals import comments
from tests.factories import (
    make_agenda_item,
    make_deliberation,
    make_invitee,
    make_meeting,
    make_member_person,
    make_organization,
    make_person,
    make_project,
    make_proposal,
    make_round,
    make_user,
)

CORPUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[clic](javascript:alert(1))",
    "<a href='javascript:alert(1)'>link</a>",
    "</textarea><svg onload=alert(1)>",
    "'\"--></style></script><iframe src=javascript:alert(1)>",
    "riga\u2028separata\u2029e\u0085NEL",
    "Paola\r\nBcc: evil@example.net",
    "=HYPERLINK(\"http://evil.example\";\"x\")",
]
TEXT = " ".join(CORPUS)
LINE = TEXT.replace("\r\n", " ")  # what a one-line form field would have kept at most


class _LiveHTML(HTMLParser):
    """Collects what would run in a browser: scripts with content, event handlers,
    ``javascript:`` URLs, frames."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed"):
            self.live.append(f"<{tag}>")
        if tag == "script":
            self._in_script = not any(name == "src" for name, _v in attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.live.append("<script>alert…")


def live_payloads(html: str) -> list[str]:
    parser = _LiveHTML()
    parser.feed(html)
    return parser.live


def _network():
    coordinator, _p = make_member_person(Role.COORDINATOR)
    organization = make_organization(name="Ente " + LINE[:150], address=LINE[:290],
                                     description=TEXT, ring="core")
    person = make_person(organization=organization, name=LINE[:110], role=LINE[:190],
                         email="paola@example.org", notes=TEXT)
    project = make_project(title=LINE[:190], summary=LINE[:490], description=TEXT)
    make_deliberation(project, title=LINE[:490], notes=TEXT)
    proposal = make_proposal(title=LINE[:190], body=TEXT, visibility="public")
    comments.add_comment(proposal.author, proposal, TEXT)
    make_round([proposal, make_proposal()], title=LINE[:190], description=TEXT,
               electorate="network", opens_in=dt.timedelta(days=-2),
               closes_in=dt.timedelta(days=-1))
    meeting = make_meeting(status="draft", title=LINE[:190], place=LINE[:190],
                           description=TEXT, visibility="public", kind="enlarged")
    make_agenda_item(meeting, title=LINE[:190], description=TEXT)
    make_invitee(meeting, person)
    db.session.commit()
    return coordinator, organization, person, project, proposal, meeting


def test_hostile_text_is_inert_everywhere_it_is_shown(app, client, login):
    coordinator, organization, person, project, proposal, meeting = _network()
    login(coordinator)
    from tavolo.rounds.models import PriorityRound
    round_id = db.session.scalar(sa.select(PriorityRound.id))

    pages = ["/", "/proposals/", f"/proposals/{proposal.id}", f"/proposals/{proposal.id}/versions",
             "/rounds/", f"/rounds/{round_id}", f"/rounds/{round_id}/results",
             "/meetings/", f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/print",
             f"/meetings/{meeting.id}/edit", f"/meetings/{meeting.id}/invitees",
             "/directory/", f"/directory/organizations/{organization.id}",
             f"/directory/organizations/{organization.id}/edit", "/directory/people",
             f"/directory/people/{person.id}", f"/directory/people/{person.id}/edit",
             "/projects/", f"/projects/{project.id}", f"/projects/{project.id}/edit",
             "/calendar/", "/calendar/agenda"]
    for url in pages:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert live_payloads(html) == [], url
        assert "<script>alert" not in html, url

    # E-mails: the circulated invitation, in every part.
    assert client.post(f"/meetings/{meeting.id}/circulate").status_code in (200, 303)
    messages = db.session.scalars(sa.select(OutboxMessage)).all()
    assert messages
    for message in messages:
        assert "\r" not in message.subject and "\n" not in message.subject
        assert "\u2028" not in message.subject
        assert live_payloads(message.body_html or "") == []
        for part in message.parts or []:
            if part["content_type"].startswith("text/calendar"):
                calendar = icalendar.Calendar.from_ical(part["content"])
                assert len(calendar.walk("VEVENT")) == 1

    # Calendar files: one event, one line per property, no injected property.
    ics = client.get(f"/meetings/{meeting.id}.ics")
    assert ics.status_code == 200
    for separator in ("\u2028", "\u2029", "\u0085"):
        assert separator not in ics.get_data(as_text=True)
    events = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    assert len(events) == 1
    names = [name for name, _value in events[0].property_items()]
    assert names.count("SUMMARY") == 1 and "BCC" not in names
    assert "\n" not in str(events[0]["SUMMARY"])

    # vCard: the same person, one FN, the real address only.
    card_text = client.get(f"/directory/people/{person.id}.vcf").get_data(as_text=True)
    card = vobject.readOne(io.StringIO(card_text))
    assert len(card.contents["fn"]) == 1 and "\n" not in card.fn.value
    assert [e.value for e in card.contents["email"]] == ["paola@example.org"]

    # CSV exports: every cell is inert in a spreadsheet and the rows stay rows.
    for url in ("/directory/export/organizations.csv", "/directory/export/people.csv",
                f"/rounds/{round_id}/results.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        for row in rows:
            for cell in row:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (url, cell[:40])


def test_a_name_with_a_header_injection_never_reaches_a_mail_header(client, login):
    user = make_user(Role.PARTNER)
    login(user)
    response = client.post("/account", data={"name": "Paola\r\nBcc: evil@example.net",
                                              "locale": "it", "email": user.email})
    assert response.status_code in (200, 303)
    db.session.refresh(user)
    assert "\r" not in user.name and "\n" not in user.name
    assert user.name == "Paola Bcc: evil@example.net"


def test_the_checker_sees_every_live_payload_of_the_corpus():
    found = live_payloads(" ".join(CORPUS))
    assert "<script>alert…" in found and "<img onerror=…>" in found
    assert "<a href=javascript:alert(1)>" in found and "<iframe>" in found
    assert "<svg onload=…>" in found
