"""Threaded comments: replies, edit window, removal, notifications, htmx and no-JS paths."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tavolo.proposals import comments
from tavolo.proposals.models import COMMENT_MAX_DEPTH, Comment, ProposalStatus
from tavolo.types import utcnow
from tests.factories import make_proposal, make_user


def _mail_to(user):
    return db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_addr == user.email)).all()


def test_replies_nest_and_deep_replies_stay_at_the_last_level(people):
    proposal = make_proposal(people["partner"])
    top, _ = comments.add_comment(people["member"], proposal, "primo")
    reply, _ = comments.add_comment(people["partner"], proposal, "risposta", parent=top)
    deeper, _ = comments.add_comment(people["member"], proposal, "più giù", parent=reply)
    deepest, _ = comments.add_comment(people["coordinator"], proposal, "ancora", parent=deeper)
    db.session.commit()
    assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2)
    assert deeper.depth == COMMENT_MAX_DEPTH
    assert deepest.parent_id == reply.id and deepest.depth == COMMENT_MAX_DEPTH
    [root] = comments.thread_of(proposal)
    assert root.comment.id == top.id
    assert [n.comment.id for n in root.replies[0].replies] == [deeper.id, deepest.id]


def test_commenting_notifies_author_and_thread_participants_once_never_the_commenter(people):
    author, member, partner = people["partner"], people["member"], people["coordinator"]
    proposal = make_proposal(author)
    outsider = make_user("member")
    top, _ = comments.add_comment(member, proposal, "primo")
    comments.add_comment(outsider, proposal, "un altro filo")  # a different thread
    db.session.commit()
    assert len(_mail_to(author)) == 2 and _mail_to(member) == []
    reply, _ = comments.add_comment(partner, proposal, "rispondo a Mario", parent=top)
    db.session.commit()
    assert len(_mail_to(author)) == 3  # the proposal's author: once for this comment
    [to_member] = _mail_to(member)  # a participant of the thread
    assert "risposto al tuo commento" in to_member.body_text
    assert "rispondo a Mario" in to_member.body_text
    assert re.search(r"/proposals/\d+#commento-\d+", to_member.body_text)
    assert _mail_to(partner) == []  # never the commenter
    assert _mail_to(outsider) == []  # wrote in another thread


def test_nobody_is_told_about_a_proposal_they_may_no_longer_read(people):
    proposal = make_proposal(people["member"])
    top, _ = comments.add_comment(people["partner"], proposal, "primo")
    db.session.commit()
    proposal.visibility = "core"  # now beyond the partner's clearance
    comments.add_comment(people["coordinator"], proposal, "risposta", parent=top)
    db.session.commit()
    assert _mail_to(people["partner"]) == []
    assert len(_mail_to(people["member"])) == 2  # the author, for both comments
    people["member"].active = False  # deactivated accounts get nothing either
    comments.add_comment(people["coordinator"], proposal, "ancora", parent=top)
    db.session.commit()
    assert len(_mail_to(people["member"])) == 2


def test_a_double_submit_posts_and_notifies_once(client, login, people):
    proposal = make_proposal(people["partner"])
    login(people["member"])
    for _ in range(2):
        response = client.post(f"/proposals/{proposal.id}/comments", data={"body": "Bene!"})
        assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1
    assert len(_mail_to(people["partner"])) == 1


def test_edit_only_within_the_window_and_only_by_the_author(people):
    proposal = make_proposal(people["partner"])
    comment, _ = comments.add_comment(people["member"], proposal, "testo")
    db.session.commit()
    comments.edit_comment(people["member"], comment, "testo corretto")
    assert comment.body == "testo corretto" and comment.edited_at is not None
    with pytest.raises(comments.CommentError):
        comments.edit_comment(people["partner"], comment, "non mio")
    later = comment.created_at + dt.timedelta(minutes=16)
    with pytest.raises(comments.CommentError):
        comments.edit_comment(people["member"], comment, "troppo tardi", now=later)


def test_the_edit_window_is_a_setting(make_app, people):
    other = make_app(COMMENT_EDIT_MINUTES=60)
    with other.app_context():
        assert comments.edit_window_minutes() == 60


def test_removing_leaves_commento_rimosso_and_keeps_the_replies(client, login, people):
    proposal = make_proposal(people["partner"])
    top, _ = comments.add_comment(people["member"], proposal, "da togliere")
    comments.add_comment(people["partner"], proposal, "risposta che resta", parent=top)
    db.session.commit()
    login(people["member"])
    confirm = client.get(f"/proposals/{proposal.id}/comments/{top.id}/delete")
    assert "Rimuovere questo commento?" in confirm.get_data(as_text=True)
    assert client.post(f"/proposals/{proposal.id}/comments/{top.id}/delete").status_code == 303
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "commento rimosso" in page and "da togliere" not in page
    assert "risposta che resta" in page
    db.session.refresh(top)
    assert top.body == "" and top.deleted_by_id == people["member"].id


def test_the_coordinator_may_remove_any_comment_and_it_is_audited(people):
    proposal = make_proposal(people["partner"])
    comment, _ = comments.add_comment(people["member"], proposal, "fuori tema")
    db.session.commit()
    with pytest.raises(comments.CommentError):
        comments.delete_comment(people["partner"], comment)
    comments.delete_comment(people["coordinator"], comment)
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.object_type == "comment"))
    assert entry.action == "delete" and "fuori tema" not in str(entry.changes)


def test_posting_with_htmx_returns_the_thread_and_without_javascript_redirects(client, login,
                                                                              people):
    proposal = make_proposal(people["partner"])
    login(people["member"])
    plain = client.post(f"/proposals/{proposal.id}/comments", data={"body": "senza JS"})
    assert plain.status_code == 303 and "#commento-" in plain.headers["Location"]
    swapped = client.post(f"/proposals/{proposal.id}/comments", data={"body": "con htmx"},
                          headers={"HX-Request": "true"})
    body = swapped.get_data(as_text=True)
    assert swapped.status_code == 200
    assert body.lstrip().startswith('<section id="commenti"')
    assert "senza JS" in body and "con htmx" in body and "<html" not in body


def test_an_empty_comment_shows_the_error_in_the_page_or_the_fragment(client, login, people):
    proposal = make_proposal(people["partner"])
    login(people["member"])
    full = client.post(f"/proposals/{proposal.id}/comments", data={"body": "  "})
    assert full.status_code == 400
    assert "Scrivi il testo del commento." in full.get_data(as_text=True)
    fragment = client.post(f"/proposals/{proposal.id}/comments", data={"body": ""},
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 200  # htmx swaps 2xx only: the form shows the error
    assert "Scrivi il testo del commento." in fragment.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_reply_form_is_a_page_without_javascript_and_a_fragment_with(client, login, people):
    proposal = make_proposal(people["partner"])
    top, _ = comments.add_comment(people["member"], proposal, "primo")
    db.session.commit()
    login(people["partner"])
    url = f"/proposals/{proposal.id}/comments/{top.id}/reply"
    page = client.get(url).get_data(as_text=True)
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" in page and 'name="parent_id"' in page
    assert "<html" not in fragment and f'value="{top.id}"' in fragment
    response = client.post(f"/proposals/{proposal.id}/comments",
                           data={"body": "", "parent_id": top.id})
    assert response.status_code == 400 and "Rispondi a" in response.get_data(as_text=True)


def test_inline_edit_with_htmx_and_as_a_page(client, login, people):
    proposal = make_proposal(people["partner"])
    comment, _ = comments.add_comment(people["member"], proposal, "prima")
    db.session.commit()
    login(people["member"])
    url = f"/proposals/{proposal.id}/comments/{comment.id}/edit"
    assert "<html" in client.get(url).get_data(as_text=True)
    assert "<html" not in client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    swapped = client.post(url, data={"body": "dopo"}, headers={"HX-Request": "true"})
    assert "dopo" in swapped.get_data(as_text=True) and "(modificato)" in swapped.get_data(
        as_text=True)
    comment.created_at = utcnow() - dt.timedelta(hours=1)
    db.session.commit()
    late = client.post(url, data={"body": "troppo tardi"})
    assert late.status_code == 303
    db.session.refresh(comment)
    assert comment.body == "dopo"


def test_discussion_closes_once_the_proposal_is_decided(client, login, people):
    proposal = make_proposal(people["partner"])
    proposal.status = ProposalStatus.ADOPTED
    db.session.commit()
    login(people["member"])
    response = client.post(f"/proposals/{proposal.id}/comments", data={"body": "tardi"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    assert "La discussione è chiusa" in client.get(f"/proposals/{proposal.id}").get_data(
        as_text=True)


def test_comments_on_hidden_proposals_are_refused(client, login, people):
    proposal = make_proposal(people["member"], visibility="core")
    login(people["partner"])
    assert client.post(f"/proposals/{proposal.id}/comments",
                       data={"body": "entro?"}).status_code == 403
