"""The dashboard per role: each block, what a partner must not see, fragments, one-click
answers without JavaScript, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
import sqlalchemy as sa

from tavolo.dashboard.models import DashboardVisit
from tavolo.documents.models import Document
from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingInvitee,
    Minutes,
    MinutesStatus,
    Rsvp,
)
from tavolo.outbox.models import OutboxMessage, OutboxStatus
from tavolo.proposals.models import Comment, Proposal, ProposalStatus, ProposalStatusChange
from tavolo.rounds.models import Ballot, PriorityRound
from tavolo.rounds.services.ballots import voter_hash
from tavolo.types import ROME, utcnow
from tests.conftest import BACKEND
from tests.factories import (
    make_agenda_item,
    make_invitee,
    make_meeting,
    make_proposal,
    make_round,
    make_seminar,
    make_user,
)

HTMX = {"HX-Request": "true"}


def _page(client, path="/", **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _today():
    return dt.datetime.now(ROME).date()


# -- welcome page -----------------------------------------------------------------------------

def test_welcome_page_shows_the_next_public_seminar_and_keeps_the_figures(client):
    make_seminar(title="Seminario riservato alla rete", visibility="network", starts_in_days=2)
    make_seminar(title="Seminario già svolto", starts_in_days=-3)
    make_seminar(title="Seminario pubblico sul lavoro", starts_in_days=5)
    make_seminar(title="Seminario pubblico più avanti", starts_in_days=30)
    html = _page(client)
    assert "Il prossimo seminario" in html and "Seminario pubblico sul lavoro" in html
    assert "riservato alla rete" not in html and "già svolto" not in html
    assert "più avanti" not in html
    assert "enti nella rete" in html  # the network's figures stay
    assert html.count("<h1") == 1


def test_welcome_page_without_seminars_says_so(client):
    assert "Nessun seminario pubblico in programma." in _page(client)


def test_anonymous_gets_no_block_fragment(client):
    response = client.get("/dashboard/meetings")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


# -- next meeting and one-click answers ------------------------------------------------------

def _invited_meetings(people):
    first = make_meeting(title="Tavolo di dicembre", starts_in_days=3)
    make_agenda_item(first, title="Bilancio dei tirocini")
    make_agenda_item(first, title="Calendario del nuovo anno")
    second = make_meeting(title="Tavolo di gennaio", starts_in_days=10)
    third = make_meeting(title="Tavolo di febbraio", starts_in_days=20)
    fourth = make_meeting(title="Tavolo di marzo", starts_in_days=40)
    make_meeting(title="Riunione senza di me", starts_in_days=1)
    past = make_meeting(title="Riunione passata", status="held", starts_in_days=-5)
    for meeting in (first, second, third, fourth, past):
        make_invitee(meeting, people.member_person)
    return first


def test_member_sees_next_meeting_with_agenda_and_the_two_after(client, login, people):
    _invited_meetings(people)
    login(people.member)
    html = _page(client)
    assert html.count("<h1") == 1
    assert 'aria-labelledby="block-meetings-heading"' in html
    assert "Tavolo di dicembre" in html
    assert "Bilancio dei tirocini" in html and "Calendario del nuovo anno" in html
    assert "Tavolo di gennaio" in html and "Tavolo di febbraio" in html
    assert "Tavolo di marzo" not in html
    assert "Riunione senza di me" not in html and "Riunione passata" not in html
    assert html.count('name="answer"') == 3  # one small form per answer


def test_without_invitations_the_block_says_so_with_a_link(client, login, people):
    login(people.member)
    html = _page(client)
    assert "Nessuna riunione in programma a cui sei invitata/o." in html
    assert 'href="/meetings/"' in html


def test_one_click_answer_without_javascript_keeps_the_note(client, login, people):
    first = _invited_meetings(people)
    invitee = db.session.scalar(sa.select(MeetingInvitee).where(
        MeetingInvitee.meeting_id == first.id))
    invitee.rsvp_note = "Arrivo alle 15:30"
    db.session.commit()
    login(people.member)
    response = client.post(f"/meetings/{first.id}/rsvp/quick", data={"answer": "maybe"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/#block-meetings")
    db.session.expire_all()
    invitee = db.session.get(MeetingInvitee, invitee.id)
    assert invitee.rsvp == Rsvp.MAYBE and invitee.rsvp_note == "Arrivo alle 15:30"
    html = _page(client)
    assert "Risposta registrata: Forse." in html
    assert 'value="maybe" class="btn btn-sm btn-warning" aria-pressed="true"' in html


def test_one_click_answer_with_htmx_swaps_the_block(client, login, people):
    first = _invited_meetings(people)
    login(people.member)
    response = client.post(f"/meetings/{first.id}/rsvp/quick", data={"answer": "yes"},
                           headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="block-meetings"')
    assert "Risposta registrata: Partecipa." in html


def test_one_click_answer_refused_changes_nothing(client, login, people):
    first = _invited_meetings(people)
    login(people.member)
    response = client.post(f"/meetings/{first.id}/rsvp/quick", data={"answer": "forse-si"})
    assert response.status_code == 303
    assert "Risposta non registrata: scegli Partecipo, Forse o Non partecipo." in _page(client)
    assert db.session.scalar(sa.select(MeetingInvitee.rsvp).where(
        MeetingInvitee.meeting_id == first.id)) == Rsvp.PENDING
    other = make_meeting(title="Non invitato", starts_in_days=2)
    assert client.post(f"/meetings/{other.id}/rsvp/quick",
                       data={"answer": "yes"}).status_code == 403


def test_one_click_answer_after_a_cancellation_is_refused(client, login, people):
    first = _invited_meetings(people)
    login(people.member)
    first.status = "cancelled"
    db.session.commit()
    client.post(f"/meetings/{first.id}/rsvp/quick", data={"answer": "yes"})
    assert "Non è più possibile rispondere" in _page(client)
    assert db.session.scalar(sa.select(MeetingInvitee.rsvp).where(
        MeetingInvitee.meeting_id == first.id)) == Rsvp.PENDING


# -- partner: what must not show --------------------------------------------------------------

def test_partner_sees_no_core_meeting_no_core_proposal_no_network_level_work(
        client, login, people):
    core = make_meeting(title="Riunione ristretta segreta", starts_in_days=2)
    make_invitee(core, people.partner_person)  # even a stray invitation stays hidden
    enlarged = make_meeting(kind="enlarged", title="Assemblea della rete", starts_in_days=4)
    make_invitee(enlarged, people.partner_person)
    make_proposal(people.member, title="Proposta del gruppo ristretto", visibility="core")
    make_proposal(people.member, title="Proposta per tutta la rete")
    make_round(title="Votazione ristretta", electorate="core")
    held = make_meeting(title="Verbale ristretto", status="held", starts_in_days=-9)
    held.minutes = Minutes(status=MinutesStatus.APPROVED, version=1, approved_at=utcnow())
    db.session.commit()
    login(people.partner)
    html = _page(client)
    assert "Assemblea della rete" in html
    assert "Proposta per tutta la rete" in html
    for hidden in ("Riunione ristretta segreta", "Proposta del gruppo ristretto",
                   "Votazione ristretta", "Verbale ristretto", "In attesa del coordinamento",
                   "Posta e account"):
        assert hidden not in html, hidden
    for key in ("meetings-pending", "housekeeping", "nothing-here"):
        assert client.get(f"/dashboard/{key}").status_code == 404


# -- rounds -----------------------------------------------------------------------------------

def test_rounds_awaiting_my_ballot_and_results_of_rounds_i_voted_in(client, login, people):
    waiting = make_round(title="Priorità 2027", electorate="network",
                         closes_in=dt.timedelta(days=3, hours=1))
    voted_open = make_round(title="Già votata, ancora aperta", electorate="network")
    closed = make_round(title="Chiusa con il mio voto", electorate="network",
                        opens_in=-dt.timedelta(days=5), closes_in=-dt.timedelta(days=1))
    make_round(title="Chiusa senza il mio voto", electorate="network",
               opens_in=-dt.timedelta(days=5), closes_in=-dt.timedelta(days=1))
    for round_ in (voted_open, closed):
        db.session.add(Ballot(round_id=round_.id, receipt=secrets.token_hex(4),
                              voter_hash=voter_hash(round_, f"user:{people.partner.id}")))
    db.session.commit()
    login(people.partner)
    html = _page(client)
    assert "Priorità 2027" in html and "tra 3 giorni" in html
    assert f'href="/rounds/{waiting.id}"' in html
    assert "Già votata, ancora aperta" not in html  # secret: no results until the close
    assert "Chiusa con il mio voto" in html and f"/rounds/{closed.id}/results" in html
    assert "Chiusa senza il mio voto" not in html


def test_no_round_waiting_says_so(client, login, people):
    login(people.member)
    assert "Nessuna votazione aspetta il tuo voto." in _page(client)


# -- action items -----------------------------------------------------------------------------

def test_my_open_action_items_overdue_first(client, login, people):
    held = make_meeting(title="Riunione di novembre", status="held", starts_in_days=-20)
    today = _today()
    for what, due, status in [("Senza data", None, "open"),
                              ("Tra una settimana", today + dt.timedelta(days=7), "open"),
                              ("In ritardo da giorni", today - dt.timedelta(days=4), "open"),
                              ("Già fatta", today - dt.timedelta(days=9), "done")]:
        db.session.add(ActionItem(meeting=held, what=what, owner=people.member_person,
                                  due_on=due, status=status,
                                  closed_at=utcnow() if status == "done" else None))
    db.session.add(ActionItem(meeting=held, what="Di qualcun altro",
                              owner=people.partner_person))
    db.session.commit()
    login(people.member)
    html = _page(client)
    block = html[html.index('id="block-actions"'):]
    block = block[:block.index("</section>")]
    assert block.index("In ritardo da giorni") < block.index("Tra una settimana") \
        < block.index("Senza data")
    assert "in ritardo" in block
    assert "Già fatta" not in block and "Di qualcun altro" not in block


# -- proposals news and the visit marker ------------------------------------------------------

def test_proposal_news_since_last_visit_replies_first(client, login, people):
    proposal = make_proposal(people.coordinator, title="Sportello lavoro nei quartieri",
                             created_at=utcnow() - dt.timedelta(hours=2))
    mine = Comment(proposal_id=proposal.id, author_id=people.member.id, body="Il mio parere")
    db.session.add(mine)
    db.session.commit()
    login(people.member)
    html = _page(client)  # first visit: the last 14 days
    assert "Novità degli ultimi 14 giorni." in html and "Sportello lavoro nei quartieri" in html
    # A reload is the same visit: the news stay.
    assert "Sportello lavoro nei quartieri" in _page(client)
    _an_hour_passes(people.member)
    # Nothing new since: the next visit shows nothing.
    assert "Nessuna proposta o commento nuovo." in _page(client)
    db.session.add_all([
        Comment(proposal_id=proposal.id, author_id=people.partner.id, body="Commento generico"),
        Comment(proposal_id=proposal.id, author_id=people.partner.id, parent_id=mine.id,
                depth=1, body="Risposta a Mario"),
    ])
    db.session.commit()
    _an_hour_passes(people.member)
    html = _page(client)
    block = html[html.index('id="block-proposals"'):]
    assert "Risposte ai tuoi commenti" in block
    assert block.index("Risposta a Mario") < block.index("Commento generico")
    # An htmx refresh during the same visit shows the same news.
    fragment = _page(client, "/dashboard/proposals", headers=HTMX)
    assert "<html" not in fragment and "Risposta a Mario" in fragment
    _an_hour_passes(people.member)
    assert "Nessuna proposta o commento nuovo." in _page(client)


def _an_hour_passes(user):
    """Move the user's last visit and everything written so far an hour back, as if the
    user came back an hour later."""
    db.session.expire_all()
    hour = dt.timedelta(hours=1)
    visit = db.session.get(DashboardVisit, user.id)
    visit.seen_at -= hour
    for row in [*db.session.scalars(sa.select(Comment)),
                *db.session.scalars(sa.select(Proposal))]:
        row.created_at -= hour
    db.session.commit()


# -- recent activity --------------------------------------------------------------------------

def test_recent_activity_never_leaks(client, login, people):
    core_held = make_meeting(title="Verbale del gruppo ristretto", status="held",
                             starts_in_days=-9)
    open_held = make_meeting(kind="enlarged", title="Verbale dell'assemblea", status="held",
                             starts_in_days=-8)
    for meeting in (core_held, open_held):
        meeting.minutes = Minutes(status=MinutesStatus.APPROVED, version=1, approved_at=utcnow())
    for title, visibility in (("Adottata ristretta", "core"), ("Adottata di rete", "network")):
        proposal = make_proposal(people.coordinator, title=title, visibility=visibility)
        proposal.status = ProposalStatus.ADOPTED
        db.session.add(ProposalStatusChange(proposal_id=proposal.id,
                                            from_status=ProposalStatus.OPEN,
                                            to_status=ProposalStatus.ADOPTED))
    make_seminar(title="Seminario per la rete", visibility="network", starts_in_days=12)
    make_seminar(title="Seminario ristretto", visibility="core", starts_in_days=12)
    for title, owner, visibility in (("Documento di rete", open_held, None),
                                     ("Documento ristretto di rete", open_held, "core"),
                                     ("Documento della riunione ristretta", core_held, None)):
        db.session.add(Document(owner_kind="meeting", owner_id=owner.id, title=title,
                                url="https://example.org/doc", visibility=visibility))
    db.session.commit()
    login(people.partner)
    activity = _page(client, "/dashboard/activity", headers=HTMX)
    for shown in ("Verbale dell&#39;assemblea", "Adottata di rete", "Seminario per la rete",
                  "Documento di rete"):
        assert shown in activity, shown
    for hidden in ("Verbale del gruppo ristretto", "Adottata ristretta", "Seminario ristretto",
                   "Documento ristretto di rete", "Documento della riunione ristretta"):
        assert hidden not in activity, hidden
    client.post("/logout")
    login(people.member)
    activity = _page(client, "/dashboard/activity", headers=HTMX)
    assert "Verbale del gruppo ristretto" in activity and "Adottata ristretta" in activity
    assert "Documento della riunione ristretta" in activity


# -- coordinator ------------------------------------------------------------------------------

def test_coordinator_sees_the_pending_work(client, login, people):
    meeting = make_meeting(title="Tavolo con proposte", starts_in_days=6)
    make_invitee(meeting, people.member_person)
    db.session.add(AgendaItem(meeting=meeting, title="Punto proposto", position=None,
                              status=AgendaItemStatus.PROPOSED))
    held = make_meeting(title="Riunione vecchia", status="held", starts_in_days=-30)
    db.session.add(ActionItem(meeting=held, what="Azione dimenticata",
                              owner=people.partner_person,
                              due_on=_today() - dt.timedelta(days=3)))
    db.session.add(OutboxMessage(message_id="<x@tavolo>", to_addr="a@example.org",
                                 subject="Oggetto", body_text="Testo",
                                 status=OutboxStatus.FAILED))
    make_user(password=None)
    login(people.coordinator)
    html = _page(client)
    assert "In attesa del coordinamento" in html
    assert "Tavolo con proposte</a>: 1 proposta" in html
    assert "Tavolo con proposte</a>: 1 invito senza risposta" in html
    assert "Azione dimenticata" in html and "Vedi %d azione in ritardo" % 1 in html
    assert "1 e-mail non consegnabile" in html
    assert "1 invito non ancora accettato" in html
    fragment = _page(client, "/dashboard/housekeeping", headers=HTMX)
    assert "<html" not in fragment and "e-mail non consegnabile" in fragment
    page = _page(client, "/dashboard/housekeeping")
    assert "<html" in page and page.count("<h1") == 1


def test_member_sees_no_coordinator_blocks(client, login, people):
    login(people.member)
    html = _page(client)
    assert "In attesa del coordinamento" not in html and "Posta e account" not in html
    assert client.get("/dashboard/housekeeping").status_code == 404


# -- query count ------------------------------------------------------------------------------

def _bulk(people, n: int) -> None:
    """``n`` meetings the member is invited to, ``n`` rounds and ``n`` comments."""
    now = utcnow()
    start = dt.datetime.combine(_today() + dt.timedelta(days=2), dt.time(15), tzinfo=ROME)
    meeting_rows = [dict(uid=secrets.token_hex(16), title=f"Riunione {i}", kind="core",
                         status="scheduled", visibility="core",
                         starts_at=start + dt.timedelta(days=i),
                         ends_at=start + dt.timedelta(days=i, hours=2)) for i in range(n)]
    before = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Meeting.id), 0)))
    db.session.execute(sa.insert(Meeting), meeting_rows)
    ids = db.session.scalars(sa.select(Meeting.id).where(Meeting.id > before)).all()
    db.session.execute(sa.insert(MeetingInvitee), [
        dict(meeting_id=i, person_id=people.member_person.id, source="person",
             rsvp="pending") for i in ids])
    db.session.execute(sa.insert(AgendaItem), [
        dict(meeting_id=i, title="Punto", position=None, status="proposed") for i in ids])
    db.session.execute(sa.insert(ActionItem), [
        dict(meeting_id=i, what="Azione", owner_id=people.member_person.id, status="open",
             due_on=_today() - dt.timedelta(days=1)) for i in ids])
    closes = [now + dt.timedelta(days=1 + i % 5) if i % 2 else now - dt.timedelta(hours=1 + i)
              for i in range(n)]
    db.session.execute(sa.insert(PriorityRound), [
        dict(title=f"Votazione {i}", method="approval", electorate="network",
             ballot_unit="person", opens_at=closes[i] - dt.timedelta(days=7),
             closes_at=closes[i], results_visibility="after_close", secret=True,
             ballot_salt=secrets.token_hex(16)) for i in range(n)])
    proposal = make_proposal(people.coordinator)
    db.session.execute(sa.insert(Comment), [
        dict(proposal_id=proposal.id, author_id=people.partner.id, body=f"Commento {i}",
             depth=0) for i in range(n)])
    db.session.commit()


@pytest.mark.parametrize("role", ["member", "coordinator", "partner"])
def test_dashboard_queries_do_not_grow_with_the_data(client, login, people, count_queries,
                                                     role):
    user = getattr(people, role)
    _bulk(people, 10)
    login(user)
    _page(client)
    with count_queries() as few:
        _page(client)
    _bulk(people, 1000)
    with count_queries() as many:
        html = _page(client)
    assert len(many) == len(few), (len(few), len(many))
    if role != "partner":
        assert "Riunione 0" in html


# -- the demo ---------------------------------------------------------------------------------

def test_demo_member_lands_on_a_dashboard_with_work_waiting(app, runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    response = client.post("/login", data={"email": "membro@example.org",
                                           "password": "demo-password-123"})
    assert response.status_code == 303
    html = _page(client)
    meetings = html[html.index('id="block-meetings"'):]
    assert 'name="answer" value="yes"' in meetings.split("</section>")[0]
    rounds = html[html.index('id="block-rounds"'):].split("</section>")[0]
    assert "Aspettano il tuo voto" in rounds
    actions = html[html.index('id="block-actions"'):].split("</section>")[0]
    assert "Nessuna azione aperta a tuo nome." not in actions and "entro il" in actions
    client.post("/logout")
    client.post("/login", data={"email": "coordinatore@example.org",
                                "password": "demo-password-123"})
    assert "In attesa del coordinamento" in _page(client)


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's query plan")
def test_newest_comments_are_read_from_the_index_not_sorted(app, people):
    """The dashboard's newest other comments across all proposals walk ``ix_comments_created_at``
    backwards and stop after the few shown, instead of sorting every comment of the window
    (270 ms at 100× the district before the index)."""
    from tavolo.proposals.dashboard import news_since_last_visit

    statements: list[str] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "FROM comments" in statement and "LIMIT" in statement:
            statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with app.test_request_context("/"):
            news_since_last_visit(people.member)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    assert len(statements) == 2  # replies to me (found through my comments), other comments
    statement, parameters = statements[1]
    plan = " ".join(row[-1] for row in db.session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN " + statement, parameters))
    assert "ix_comments_created_at" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
