"""The Atom feed, the e-mail to the network, the dashboard blocks, search and query counts."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import sqlalchemy as sa
from flask import current_app, render_template

from tavolo.extensions import db
from tavolo.notices import dashboard, services
from tavolo.notices.models import Notice, NoticeStatus, today
from tavolo.notifications.models import DigestItem
from tavolo.outbox.models import OutboxMessage
from tavolo.search.services.query import SearchFilters, search
from tavolo.types import utcnow
from tests.documents.helpers import upload
from tests.factories import make_user
from tests.notices.helpers import allow_others, form, make_notice
from tests.notifications.helpers import choose

ATOM = "{http://www.w3.org/2005/Atom}"


def _mails(category="notice") -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage)
                                   .where(OutboxMessage.category == category)))


# -- feed ------------------------------------------------------------------------------------

def test_feed_has_public_current_notices_only_as_valid_atom(client):
    public = make_notice(title="Bando pubblico", body="Domande **entro** marzo.",
                         deadline_in=5)
    make_notice(title="Solo rete", visibility="network")
    make_notice(title="Gruppo ristretto", visibility="core")
    make_notice(title="In attesa", status="pending")
    make_notice(title="Respinto", status="rejected")
    make_notice(title="Scaduto pubblico", expires_in=-1)
    response = client.get("/notices/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text and root.find(f"{ATOM}updated").text
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == "http://localhost/notices/feed.atom"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Bando pubblico"]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://localhost/notices/{public.id}"
    assert entry.find(f"{ATOM}id").text == f"tag:tavolo.notices,2026:notice-{public.id}"
    dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    dt.datetime.fromisoformat(entry.find(f"{ATOM}published").text)
    assert entry.find(f"{ATOM}category").get("term") == "funding"
    assert "<strong>entro</strong>" in entry.find(f"{ATOM}content").text
    text = response.get_data(as_text=True)
    for hidden in ("Solo rete", "Gruppo ristretto", "In attesa", "Respinto", "Scaduto"):
        assert hidden not in text


def test_feed_is_the_same_for_every_reader(client, login):
    make_notice(title="Solo rete", visibility="network")
    login(make_user("coordinator"))
    assert "Solo rete" not in client.get("/notices/feed.atom").get_data(as_text=True)


def test_feed_answers_304_until_something_changes(client):
    notice = make_notice(title="Bando pubblico")
    first = client.get("/notices/feed.atom")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "public" in first.headers["Cache-Control"]
    assert client.get("/notices/feed.atom",
                      headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/notices/feed.atom",
                      headers={"If-Modified-Since": modified}).status_code == 304
    notice.title = "Bando pubblico aggiornato"
    notice.updated_at = utcnow() + dt.timedelta(seconds=2)
    db.session.commit()
    again = client.get("/notices/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 200 and "aggiornato" in again.get_data(as_text=True)
    make_notice(title="Secondo bando")
    assert client.get("/notices/feed.atom",
                      headers={"If-None-Match": again.headers["ETag"]}).status_code == 200


# -- the e-mail to the network ---------------------------------------------------------------

def _people():
    return {"coordinator": make_user("coordinator"), "member": make_user("member"),
            "partner": make_user("partner"), "inactive": make_user("member", active=False),
            "invited": make_user("partner", password=None)}


def test_announce_sends_once_to_those_who_may_see(client, login):
    people = _people()
    login(people["coordinator"])
    client.post("/notices/new", data=form(visibility="core", email_requested="y"))
    notice = db.session.scalar(sa.select(Notice))
    addresses = sorted(m.to_addr for m in _mails())
    assert addresses == sorted([people["coordinator"].email, people["member"].email])
    assert notice.announced_at is not None
    # Again, by an edit or a direct call: nothing more.
    client.post(f"/notices/{notice.id}/edit", data=form(visibility="core", email_requested="y",
                                                        title="Titolo corretto"))
    assert services.announce(db.session.get(Notice, notice.id)) == 0
    db.session.commit()
    assert len(_mails()) == 2
    message = _mails()[0]
    assert "Nuovo avviso in bacheca" in message.subject
    assert f"/notices/{notice.id}" in message.body_text


def test_announce_follows_each_readers_notification_choice(client, login):
    people = _people()
    choose(people["member"], "notices", "digest")
    choose(people["coordinator"], "notices", "off")
    login(people["coordinator"])
    client.post("/notices/new", data=form(visibility="core", email_requested="y"))
    assert _mails() == []
    items = list(db.session.scalars(sa.select(DigestItem)))
    assert [(i.user_id, i.kind.value) for i in items] == [(people["member"].id, "notices")]
    assert "Nuovo avviso in bacheca" in items[0].subject and "/notices/" in items[0].link
    choose(people["member"], "notices", "immediate")
    client.post("/notices/new", data=form(title="Secondo avviso", visibility="core",
                                          email_requested="y"))
    message, = _mails()
    assert message.to_addr == people["member"].email
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_network_notice_reaches_partners_but_not_inactive_or_invited(client, login):
    people = _people()
    login(people["coordinator"])
    client.post("/notices/new", data=form(visibility="network", email_requested="y"))
    addresses = {m.to_addr for m in _mails()}
    assert addresses == {people[k].email for k in ("coordinator", "member", "partner")}


def test_no_mail_without_the_checkbox(client, login):
    people = _people()
    login(people["coordinator"])
    client.post("/notices/new", data=form())
    assert _mails() == []


def test_pending_notice_is_announced_at_approval_not_before(client, login):
    allow_others(approval=True)
    people = _people()
    login(people["partner"])
    client.post("/notices/new", data=form(visibility="network", email_requested="y"))
    assert _mails() == []
    notice = db.session.scalar(sa.select(Notice))
    client.post("/logout")
    login(people["coordinator"])
    client.post(f"/notices/{notice.id}/approve")
    assert len(_mails()) == 3
    client.post(f"/notices/{notice.id}/approve")  # a second click: nothing twice
    assert len(_mails()) == 3


def test_rejected_notice_sends_nothing(client, login):
    allow_others(approval=True)
    people = _people()
    notice = make_notice(status="pending", email_requested=True, author=people["partner"])
    login(people["coordinator"])
    client.post(f"/notices/{notice.id}/reject", data={"reason": "Fuori tema."})
    assert _mails() == []


# -- dashboard blocks ------------------------------------------------------------------------

def test_board_for_lists_five_visible_current_notices_soonest_deadline_first(app):
    partner = make_user("partner")
    for days in (9, 3, 12, 6, 1, 20):
        make_notice(title=f"Scade tra {days}", visibility="network", deadline_in=days,
                    expires_in=days + 5)
    make_notice(title="Per il gruppo ristretto", visibility="core", deadline_in=0)
    make_notice(title="Scaduto", deadline_in=-5, expires_in=-1)
    with app.test_request_context():
        notices = dashboard.board_for(partner)
        assert [n.title for n in notices] == [
            "Scade tra 1", "Scade tra 3", "Scade tra 6", "Scade tra 9", "Scade tra 12"]
        assert dashboard.public_board() == []
        html = render_template("notices/_board.html", data=notices)
    assert "Scade tra 1" in html and "/notices/" in html and "Tutta la bacheca" in html


def test_public_board_for_the_welcome_page(app):
    make_notice(title="Pubblico", visibility="public")
    make_notice(title="Rete", visibility="network")
    with app.test_request_context():
        assert [n.title for n in dashboard.public_board()] == ["Pubblico"]
        assert "Nessun avviso" in render_template("notices/_board.html", data=[])


def test_board_block_query_count_is_constant(app, count_queries):
    member = make_user("member")
    for i in range(3):
        make_notice(title=f"A{i}", deadline_in=i + 1)
    with app.test_request_context(), count_queries() as few:
        render_template("notices/_board.html", data=dashboard.board_for(member))
    for i in range(30):
        make_notice(title=f"B{i}", deadline_in=i + 1, commit=False)
    db.session.commit()
    with app.test_request_context(), count_queries() as many:
        render_template("notices/_board.html", data=dashboard.board_for(member))
    assert len(few) == len(many) <= 2


def test_home_pages_show_the_board_to_whom_may_read_it(client, login):
    make_notice(title="Bando regionale per tirocini", visibility="public")
    make_notice(title="Corso per la rete", visibility="network")
    make_notice(title="Riservato al gruppo ristretto", visibility="core")
    welcome = client.get("/").get_data(as_text=True)
    assert "Avvisi della rete" in welcome and "Bando regionale per tirocini" in welcome
    assert "Corso per la rete" not in welcome and "Riservato" not in welcome
    login(make_user("partner"))
    home = client.get("/").get_data(as_text=True)
    assert 'id="block-notices"' in home
    assert "Bando regionale per tirocini" in home and "Corso per la rete" in home
    assert "Riservato al gruppo ristretto" not in home
    fragment = client.get("/dashboard/notices", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "Corso per la rete" in fragment.get_data(as_text=True)


def test_published_notices_are_recent_activity_only_for_their_readers(app):
    make_notice(title="Evento aperto", visibility="public")
    make_notice(title="Riunione riservata", visibility="core")
    make_notice(title="Non ancora approvato", status="pending")
    with app.test_request_context():
        partner_titles = [a.title for a in dashboard.published(make_user("partner"), 10)]
        member_titles = [a.title for a in dashboard.published(make_user("member"), 10)]
    assert partner_titles == ["Evento aperto"]
    assert sorted(member_titles) == ["Evento aperto", "Riunione riservata"]


# -- search ----------------------------------------------------------------------------------

def _found(user, text):
    with current_app.test_request_context():
        results = search(user, SearchFilters(text=text))
    return {(hit.source, hit.object_id) for group in results.groups for hit in group.hits}


def test_search_finds_notices_by_their_readers_only(app):
    core = make_notice(title="Selezione operatori", body="Banca dati lavoro aggiornamento",
                       visibility="core")
    pending = make_notice(title="Proposta in attesa", body="Salvamento brevetto bagnino",
                          status="pending")
    member, partner, coordinator = (make_user(r) for r in ("member", "partner", "coordinator"))
    assert ("notice", core.id) in _found(member, "aggiornamento")
    assert ("notice", core.id) not in _found(partner, "aggiornamento")
    assert ("notice", pending.id) not in _found(member, "bagnino")
    assert ("notice", pending.id) in _found(coordinator, "bagnino")


# -- attached document -----------------------------------------------------------------------

def test_a_document_attached_to_a_notice_follows_it(client, login):
    coordinator = make_user("coordinator")
    notice = make_notice(title="Novità normative", visibility="network", kind="law")
    login(coordinator)
    response = upload(client, "notice", notice.id, b"Testo della circolare", "circolare.txt",
                      title="Circolare regionale")
    assert response.status_code in (200, 303), response.get_data(as_text=True)[:500]
    assert "Circolare regionale" in client.get(f"/notices/{notice.id}").get_data(as_text=True)
    client.post("/logout")
    assert client.get(f"/notices/{notice.id}").status_code == 404
    login(coordinator)
    client.post(f"/notices/{notice.id}/delete")
    from tavolo.documents.models import Document
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


# -- query counts with many notices ----------------------------------------------------------

def _many(n: int, author) -> None:
    start = today()
    kinds = ("funding", "opportunity", "event", "law", "other")
    rows = []
    for i in range(n):
        # Odd ones on the board, even ones in the archive.
        expires = start + dt.timedelta(days=(i % 40) + 1 if i % 2 else -(i % 40) - 1)
        rows.append(Notice(
            title=f"Avviso {i}", kind=kinds[i % 5], body="Testo.", visibility="public",
            status=NoticeStatus.PUBLISHED, author_id=author.id, published_at=utcnow(),
            deadline=expires - dt.timedelta(days=1), expires_on=expires))
    db.session.add_all(rows)
    db.session.commit()


def test_board_and_archive_query_counts_do_not_grow(client, login, count_queries):
    coordinator = make_user("coordinator")
    login(coordinator)
    _many(10, coordinator)
    client.get("/notices/")
    counts = {}
    for label in ("few", "many"):
        with count_queries() as board:
            assert client.get("/notices/").status_code == 200
        with count_queries() as archive:
            assert client.get("/notices/archive").status_code == 200
        with count_queries() as feed:
            assert client.get("/notices/feed.atom").status_code == 200
        counts[label] = (len(board), len(archive), len(feed))
        if label == "few":
            _many(490, coordinator)
    assert counts["few"] == counts["many"], counts
