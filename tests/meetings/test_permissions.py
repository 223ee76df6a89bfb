"""Who sees and manages what: partners never see core meetings or draft minutes, anywhere."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from tavolo.auth.models import AnonymousUser, Role
from tavolo.extensions import db
from tavolo.meetings.models import ActionItem, AgendaItem, Decision, Meeting, Minutes, MinutesStatus
from tavolo.meetings.services.links import links_for_projects
from tavolo.meetings.services.minutes import minutes_unfrozen
from tavolo.meetings.services.queries import MeetingFilters, meetings_query
from tests.factories import make_agenda_item, make_meeting, make_project, make_user
from tests.meetings.helpers import invite_all

SECRET = "Segretissimo"


@pytest.fixture
def world(people):
    """A held core meeting with approved minutes, a draft enlarged meeting, an enlarged
    meeting with draft minutes, and a convened public one — all about one project."""
    project = make_project(title="Col-labora in 2")
    core = make_meeting(kind="core", status="held", starts_in_days=-5, title=f"{SECRET} core")
    draft = make_meeting(kind="enlarged", status="draft", title=f"{SECRET} bozza")
    enlarged = make_meeting(kind="enlarged", status="held", starts_in_days=-3,
                            title="Rete di ottobre")
    public = make_meeting(kind="enlarged", status="scheduled", visibility="public",
                          title="Rete pubblica")
    for meeting in (core, draft, enlarged, public):
        make_agenda_item(meeting, title=f"Punto di {meeting.title}", project=project)
    invite_all(core, people.member_person)
    invite_all(enlarged, people.member_person, people.partner_person)
    core.minutes = Minutes(status=MinutesStatus.APPROVED, version=1, approved_at=core.ends_at)
    enlarged.minutes = Minutes(status=MinutesStatus.DRAFT, summary=f"{SECRET} verbale")
    with minutes_unfrozen():
        db.session.add_all([
            Decision(meeting=core, text=f"{SECRET} decisione core", project=project),
            Decision(meeting=enlarged, text=f"{SECRET} decisione in bozza", project=project),
            ActionItem(meeting=core, owner=people.member_person, what=f"{SECRET} azione core"),
            ActionItem(meeting=enlarged, owner=people.partner_person,
                       what=f"{SECRET} azione in bozza"),
        ])
    db.session.commit()
    return dict(project=project, core=core, draft=draft, enlarged=enlarged, public=public)


def _pages(world) -> list[str]:
    enlarged = world["enlarged"]
    return ["/meetings/", "/meetings/?when=past", "/meetings/?when=past&kind=core",
            f"/meetings/?when=past&project={world['project'].id}",
            "/meetings/actions", "/meetings/actions?status=all", "/meetings/actions/mine",
            f"/meetings/{enlarged.id}", f"/meetings/{world['public'].id}",
            f"/meetings/{world['public'].id}/print"]


def test_partners_never_see_core_meetings_or_draft_minutes(client, login, people, world):
    login(people.partner)
    for path in _pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SECRET not in response.get_data(as_text=True), path
        fragment = client.get(path, headers={"HX-Request": "true"})
        assert SECRET not in fragment.get_data(as_text=True), path
    core, draft, enlarged = world["core"], world["draft"], world["enlarged"]
    for path in [f"/meetings/{core.id}", f"/meetings/{core.id}/print",
                 f"/meetings/{core.id}/minutes/print", f"/meetings/{core.id}/minutes/versions/1",
                 f"/meetings/{draft.id}", f"/meetings/{enlarged.id}/minutes/print"]:
        assert client.get(path).status_code == 404, path
    # Counts: the past list counts only the enlarged meeting the partner may see.
    page = client.get("/meetings/?when=past").get_data(as_text=True)
    assert "1 riunione" in page


def test_members_see_core_meetings_and_draft_minutes(client, login, people, world):
    login(people.member)
    past = client.get("/meetings/?when=past").get_data(as_text=True)
    assert f"{SECRET} core" in past and "2 riunioni" in past
    assert f"{SECRET} bozza" in client.get("/meetings/").get_data(as_text=True)
    page = client.get(f"/meetings/{world['enlarged'].id}").get_data(as_text=True)
    assert f"{SECRET} verbale" in page


def test_anonymous_visitors_see_public_meetings_without_names(client, people, world):
    listing = client.get("/meetings/").get_data(as_text=True)
    assert "Rete pubblica" in listing and SECRET not in listing
    page = client.get(f"/meetings/{world['public'].id}").get_data(as_text=True)
    assert "Invitati e risposte" not in page
    assert client.get(f"/meetings/{world['enlarged'].id}").status_code == 404
    assert client.get("/meetings/actions/mine").status_code == 302


def test_the_project_page_provider_filters_by_reader(app, people, world):
    project = world["project"]

    def texts(user):
        return sorted(link.text for link in links_for_projects([project], user)[project.id])

    assert texts(people.partner) == ["Punto di Rete di ottobre", "Punto di Rete pubblica"]
    assert texts(AnonymousUser()) == ["Punto di Rete pubblica"]
    member = texts(people.member)
    assert f"{SECRET} decisione core" in member and f"{SECRET} decisione in bozza" in member
    assert f"Punto di {SECRET} bozza" in member


def test_list_query_agrees_with_can_view_for_every_combination(app, people):
    """The SQL filter and the permission method are the same rule."""
    anonymous = AnonymousUser()
    readers = [anonymous, people.partner, people.member, people.coordinator]
    combos = [("core", "core"), ("enlarged", "network"), ("enlarged", "public")]
    statuses = ["draft", "scheduled", "held", "cancelled"]
    for (kind, visibility), status in itertools.product(combos, statuses):
        make_meeting(kind=kind, visibility=visibility, status=status, commit=False)
    db.session.commit()
    everything = db.session.scalars(sa.select(Meeting)).all()
    for reader in readers:
        expected = {m.id for m in everything if m.can_view(reader)}
        listed = set()
        for when in ("upcoming", "past"):
            listed |= {m.id for m in db.session.scalars(
                meetings_query(reader, MeetingFilters(when=when)))}
        assert listed == expected, reader
        if reader is people.partner:
            assert all(m.kind.value != "core" for m in everything if m.id in listed)


MANAGE = [
    ("get", "/meetings/new"), ("get", "/meetings/series/new"), ("get", "/meetings/{id}/edit"),
    ("get", "/meetings/{id}/invitees"), ("get", "/meetings/{id}/attendance"),
    ("get", "/meetings/{id}/agenda/new"), ("get", "/meetings/{id}/cancel"),
    ("post", "/meetings/{id}/circulate"), ("post", "/meetings/{id}/held"),
    ("post", "/meetings/{id}/delete"), ("post", "/meetings/{id}/agenda/reorder"),
    ("get", "/meetings/{id}/minutes/edit"), ("post", "/meetings/{id}/minutes/approve"),
    ("get", "/meetings/{id}/minutes/correct"),
]


@pytest.mark.parametrize("method, path", MANAGE)
def test_management_is_for_coordinators(client, login, people, method, path):
    meeting = make_meeting(kind="enlarged", status="draft")
    url = path.format(id=meeting.id)
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(people.member)
    assert getattr(client, method)(url).status_code == 403
    db.session.refresh(meeting)
    assert meeting.status.value == "draft"


def test_hidden_meetings_answer_like_missing_ones(client, login, people):
    meeting = make_meeting(kind="core", status="scheduled")
    login(people.partner)
    for path in ["/meetings/{}/edit", "/meetings/{}", "/meetings/{}/print"]:
        hidden = client.get(path.format(meeting.id))
        missing = client.get(path.format(999999))
        assert hidden.status_code == missing.status_code, path
    assert client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"}).status_code == 404


def test_partners_cannot_follow_up_someone_elses_action(client, login, people, world):
    action = db.session.scalar(sa.select(ActionItem).where(ActionItem.meeting_id
                                                           == world["core"].id))
    login(people.partner)
    response = client.post(f"/meetings/actions/{action.id}/status", data={"status": "done"})
    assert response.status_code == 404
    other = make_user(Role.MEMBER)
    client.post("/logout")
    login(other)
    response = client.post(f"/meetings/actions/{action.id}/status", data={"status": "done"})
    assert response.status_code == 403
    db.session.refresh(action)
    assert action.is_open
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) == 4


def test_the_project_section_template_renders_agenda_items_and_decisions(app, people, world):
    from flask import render_template

    project = world["project"]
    with app.test_request_context():
        html = render_template("meetings/_project_links.html",
                               items=links_for_projects([project], people.member)[project.id])
        empty = render_template("meetings/_project_links.html", items=[])
    assert "Decisione" in html and f"{SECRET} decisione core" in html
    assert f"#item-{world['public'].agenda_items[0].id}" in html
    assert "Nessuna riunione" in empty
