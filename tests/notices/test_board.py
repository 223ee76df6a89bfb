"""The notice board per role: what each reader sees, posting, approval, expiry, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.notices.models import Notice, NoticeSettings, NoticeStatus, today
from tests.factories import make_project, make_user
from tests.notices.helpers import allow_others, form, make_notice


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notice))


def _world():
    return {level: make_notice(title=f"Avviso {level}", visibility=level)
            for level in ("public", "network", "core")}


def test_anonymous_sees_only_public_notices(client):
    notices = _world()
    page = client.get("/notices/").get_data(as_text=True)
    assert "Avviso public" in page
    assert "Avviso network" not in page and "Avviso core" not in page
    assert client.get(f"/notices/{notices['public'].id}").status_code == 200
    assert client.get(f"/notices/{notices['network'].id}").status_code == 404
    assert client.get(f"/notices/{notices['core'].id}").status_code == 404
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert "Nuovo avviso" not in page


def test_partner_sees_network_but_never_core(client, login):
    notices = _world()
    login(make_user("partner"))
    page = client.get("/notices/").get_data(as_text=True)
    assert "Avviso public" in page and "Avviso network" in page
    assert "Avviso core" not in page
    assert client.get(f"/notices/{notices['core'].id}").status_code == 404


def test_member_sees_core(client, login):
    _world()
    login(make_user("member"))
    page = client.get("/notices/").get_data(as_text=True)
    assert "Avviso core" in page


def test_partner_cannot_post_until_the_coordinator_allows_it(client, login):
    login(make_user("partner"))
    assert client.get("/notices/new").status_code == 403
    assert client.post("/notices/new", data=form()).status_code == 403
    assert _count() == 0


def test_partner_notice_waits_for_approval_then_coordinator_approves(client, login):
    allow_others(approval=True)
    partner = make_user("partner")
    login(partner)
    response = client.post("/notices/new", data=form(title="Corso di salvamento"))
    assert response.status_code == 303
    notice = db.session.scalar(sa.select(Notice))
    assert notice.status == NoticeStatus.PENDING and notice.published_at is None
    page = client.get("/notices/").get_data(as_text=True)
    assert "I tuoi avvisi non ancora in bacheca" in page
    assert "In attesa di approvazione" in page

    client.post("/logout")
    other = make_user("partner")
    login(other)
    assert "Corso di salvamento" not in client.get("/notices/").get_data(as_text=True)
    assert client.get(f"/notices/{notice.id}").status_code == 404

    client.post("/logout")
    login(make_user("coordinator"))
    queue = client.get("/notices/queue").get_data(as_text=True)
    assert "Corso di salvamento" in queue
    assert client.post(f"/notices/{notice.id}/approve").status_code == 303
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).status == NoticeStatus.PUBLISHED
    assert "Corso di salvamento" not in client.get("/notices/queue").get_data(as_text=True)
    assert db.session.scalar(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "notice", AuditEntry.action == "approve")) == "approve"
    history = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "Registro delle modifiche" in history and "Approvazione" in history

    client.post("/logout")
    login(other)
    assert "Corso di salvamento" in client.get("/notices/").get_data(as_text=True)


def test_partner_edit_of_an_approved_notice_goes_back_to_the_queue(client, login):
    allow_others(approval=True)
    partner = make_user("partner")
    notice = make_notice(author=partner, visibility="network")
    login(partner)
    response = client.post(f"/notices/{notice.id}/edit", data=form(title="Titolo cambiato"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).status == NoticeStatus.PENDING


def test_partner_notice_published_at_once_without_approval(client, login):
    allow_others(approval=False)
    login(make_user("partner"))
    client.post("/notices/new", data=form(title="Evento in Cascina Roccafranca", kind="event"))
    notice = db.session.scalar(sa.select(Notice))
    assert notice.status == NoticeStatus.PUBLISHED
    assert "Evento in Cascina Roccafranca" in client.get("/notices/").get_data(as_text=True)


def test_coordinator_rejects_with_a_reason_the_author_reads(client, login):
    allow_others(approval=True)
    partner = make_user("partner")
    notice = make_notice(status="pending", author=partner, title="Avviso da rivedere")
    coordinator = make_user("coordinator")
    login(coordinator)
    empty = client.post(f"/notices/{notice.id}/reject", data={"reason": "  "})
    assert empty.status_code == 400
    assert "Scrivi il motivo" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).status == NoticeStatus.PENDING
    assert client.post(f"/notices/{notice.id}/reject",
                       data={"reason": "Manca il link al bando."}).status_code == 303
    client.post("/logout")
    login(partner)
    page = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "Respinto dal coordinamento" in page and "Manca il link al bando." in page
    assert "Manca il link al bando." in client.get("/notices/").get_data(as_text=True)


def test_a_published_notice_has_nothing_to_reject(client, login):
    notice = make_notice(title="Già pubblicato")
    login(make_user("coordinator"))
    response = client.get(f"/notices/{notice.id}/reject")
    assert response.status_code == 303 and response.location.endswith(f"/notices/{notice.id}")
    page = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "non è in attesa di approvazione" in page
    client.post(f"/notices/{notice.id}/reject", data={"reason": "Per errore"})
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).status == NoticeStatus.PUBLISHED


def test_only_the_coordinator_reaches_queue_and_settings(client, login):
    notice = make_notice(status="pending")
    login(make_user("member"))
    assert client.get("/notices/queue").status_code == 403
    assert client.get("/notices/settings").status_code == 403
    assert client.post(f"/notices/{notice.id}/approve").status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).status == NoticeStatus.PENDING


def test_coordinator_changes_the_settings(client, login):
    login(make_user("coordinator"))
    assert client.get("/notices/settings").status_code == 200
    client.post("/notices/settings", data={"others_may_post": "y"})
    settings = db.session.get(NoticeSettings, 1)
    assert settings.others_may_post and not settings.approval_required


def test_expired_notice_leaves_the_board_and_stays_in_the_archive(client):
    make_notice(title="Bando scaduto", expires_in=-1, kind="funding")
    make_notice(title="Bando ancora aperto", expires_in=0, kind="funding")
    make_notice(title="Evento scaduto", expires_in=-3, kind="event")
    board = client.get("/notices/").get_data(as_text=True)
    assert "Bando ancora aperto" in board
    assert "Bando scaduto" not in board and "Evento scaduto" not in board
    archive = client.get("/notices/archive").get_data(as_text=True)
    assert "Bando scaduto" in archive and "Evento scaduto" in archive
    assert "Bando ancora aperto" not in archive
    only_events = client.get("/notices/archive?kind=event").get_data(as_text=True)
    assert "Evento scaduto" in only_events and "Bando scaduto" not in only_events
    year = today().year
    assert "Bando scaduto" in client.get(f"/notices/archive?year={year}").get_data(as_text=True)
    assert "Bando scaduto" not in client.get(
        f"/notices/archive?year={year - 3}").get_data(as_text=True)


def test_coordinator_posts_with_project_and_history(client, login):
    project = make_project()
    login(make_user("coordinator"))
    response = client.post("/notices/new", data=form(
        project_id=str(project.id), deadline=(today() + dt.timedelta(days=10)).isoformat(),
        expires_on=(today() + dt.timedelta(days=20)).isoformat(), visibility="public"))
    assert response.status_code == 303
    notice = db.session.scalar(sa.select(Notice))
    assert notice.status == NoticeStatus.PUBLISHED and notice.project_id == project.id
    page = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert project.title in page and "<strong>entro</strong>" in page
    assert 'id="attachments"' in page


def test_delete_uses_the_confirmation_page_and_is_recorded(client, login):
    coordinator = make_user("coordinator")
    notice = make_notice()
    login(coordinator)
    assert "Sì, elimina l" in client.get(f"/notices/{notice.id}/delete").get_data(as_text=True)
    assert client.post(f"/notices/{notice.id}/delete").status_code == 303
    assert _count() == 0
    assert db.session.scalar(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "notice", AuditEntry.action == "delete")) == "delete"


def test_partner_cannot_edit_someone_elses_notice(client, login):
    allow_others(approval=False)
    notice = make_notice(visibility="network")
    login(make_user("partner"))
    assert client.get(f"/notices/{notice.id}/edit").status_code == 403
    assert client.post(f"/notices/{notice.id}/delete").status_code == 403
    assert _count() == 1


# -- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "message"), [
    ({"expires_on": "past"}, "già passata"),
    ({"deadline": "late", "expires_on": "soon"}, "La scadenza viene dopo"),
    ({"body": "   "}, "Scrivi il testo dell"),
    ({"title": ""}, "Scrivi il titolo"),
    ({"expires_on": "31/02/2027"}, "Scrivi una data valida"),
])
def test_bad_input_is_refused_on_the_field(client, login, values, message):
    day = today()
    dates = {"past": day - dt.timedelta(days=1), "late": day + dt.timedelta(days=20),
             "soon": day + dt.timedelta(days=10)}
    values = {k: dates[v].isoformat() if v in dates else v for k, v in values.items()}
    login(make_user("coordinator"))
    response = client.post("/notices/new", data=form(**values))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page.replace("&#39;", "'")
    assert "invalid-feedback" in page
    assert _count() == 0


def test_partner_choosing_core_is_refused_with_a_clear_message(client, login):
    allow_others(approval=False)
    login(make_user("partner"))
    response = client.post("/notices/new", data=form(visibility="core"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Un partner non può pubblicare per il gruppo ristretto" in page
    assert 'value="core"' not in page  # the form then offers only what the partner may use
    assert _count() == 0


def test_edit_with_bad_input_changes_nothing(client, login):
    notice = make_notice(title="Titolo originale")
    login(make_user("coordinator"))
    response = client.post(f"/notices/{notice.id}/edit", data=form(
        title="Titolo nuovo", expires_on=(today() - dt.timedelta(days=2)).isoformat()))
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).title == "Titolo originale"


def test_script_in_markdown_is_sanitised_and_the_author_is_told(client, login):
    login(make_user("coordinator"))
    response = client.post("/notices/new", data=form(
        body="Ciao <script>alert('x')</script> e [link](javascript:alert(1)) "
             '<img src=x onerror="alert(2)">'), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "codice non ammesso" in page
    body = page.split('class="markdown"', 1)[1].split("</section>", 1)[0]
    assert "script" not in body and "onerror" not in body and "javascript:" not in body
    assert "<script>alert" not in page and "<img" not in page  # the history escapes it


def test_plain_markdown_gets_no_warning(client, login):
    login(make_user("coordinator"))
    page = client.post("/notices/new", data=form(body="Un [link](https://example.org) e "
                                                      "**grassetto**."),
                       follow_redirects=True).get_data(as_text=True)
    assert "codice non ammesso" not in page


def test_plain_markdown_headings_and_images_get_no_warning():
    from tavolo.notices.services import has_active_content
    assert not has_active_content("# Titolo\n\n![logo](https://example.org/a.png)\n\n| a |\n|---|\n| b |")
    assert has_active_content('<iframe src="https://example.org"></iframe>')
    assert has_active_content("[clic](javascript:alert(1))")
    assert has_active_content('<span style="color:red">rosso</span>')
