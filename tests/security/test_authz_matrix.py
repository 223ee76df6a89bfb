"""Who may open what: every rule of the URL map × anonymous/partner/member/coordinator.

A small network is built once with the factories (one app, one database: see
:func:`_world`) and every rule is requested with objects of each visibility it can take
(a core meeting, a network one, a public one…). The
answers are compared with the table checked in next to this file, ``authz_matrix.txt``:

    endpoint [object]  METHOD  anonymous partner member coordinator

where each cell is a status code, or ``login`` for a redirect to the login page. A new
route, or an answer that changed, fails the test with the lines to review. To add or
update entries after a deliberate change, run

    TAVOLO_UPDATE_AUTHZ_MATRIX=1 .venv/bin/python -m pytest tests/security/test_authz_matrix.py

and read the diff of ``authz_matrix.txt`` before committing it: a 200 for ``partner`` on a
``[core]`` object is a leak, not an update.

GET is requested for every role. POST is sent (with a valid CSRF token and an empty form)
by anonymous visitors, partners and members — never by coordinators, who may do everything
and whose POSTs would change the network under the other checks. Every POST is watched
for committed writes: a change is marked ``+`` in the table (so a refusal that still writes
shows up in review), and an anonymous POST may change nothing. No answer may be a 500.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from tavolo.extensions import db
from tests.conftest import BACKEND

MATRIX = Path(__file__).with_name("authz_matrix.txt")
ROLES = ("anonymous", "partner", "member", "coordinator")
LOGINS = {"partner": "partner@example.org", "member": "membro@example.org",
          "coordinator": "coordinatore@example.org"}
PASSWORD = "password-for-tests"
# State changes that are not about permissions: they would log the client out or change
# its language in the middle of the matrix.
NOT_POSTED = {"auth.logout", "auth.login", "main.set_language", "auth.forgot_password",
              "auth.reset_password", "auth.accept_invitation", "meetings.answer_link"}


def _world() -> None:
    """One object of every kind and visibility, none of them owned by the logged-in roles
    (an author, organiser or invitee sees more: their own tests cover that)."""
    from tavolo.api import services as api_tokens
    from tavolo.auth.models import Role
    from tavolo.meetings.models import MeetingOrganization
    from tavolo.meetings.services import minutes as minutes_service
    from tavolo.outbox.models import OutboxMessage
    from tavolo.proposals import comments
    from tests.factories import (
        make_agenda_item,
        make_deliberation,
        make_invitee,
        make_meeting,
        make_member_person,
        make_organization,
        make_outcome,
        make_person,
        make_placement,
        make_project,
        make_proposal,
        make_round,
    )

    coordinator, _p = make_member_person(Role.COORDINATOR, email=LOGINS["coordinator"])
    make_member_person(Role.MEMBER, email=LOGINS["member"])
    make_member_person(Role.PARTNER, email=LOGINS["partner"], ring="extended")
    author, _a = make_member_person(Role.MEMBER)
    core_org = make_organization(ring="core", name="Ente del gruppo ristretto")
    wide_org = make_organization(ring="extended", name="Ente della rete allargata")
    someone = make_person(organization=core_org, name="Persona invitata")
    for visibility, kind in (("core", "core"), ("network", "enlarged"), ("public", "enlarged")):
        meeting = make_meeting(kind=kind, visibility=visibility, status="held",
                               starts_in_days=-3, title=f"Riunione {visibility}")
        item = make_agenda_item(meeting)
        make_invitee(meeting, someone)
        db.session.add(MeetingOrganization(meeting=meeting, organization=core_org))
        minutes_service.save_minutes(meeting, coordinator, "Sintesi.", {item.id: "Note."})
        minutes_service.add_record(meeting, coordinator,
                                     minutes_service.DecisionData("Si decide."))
        minutes_service.add_record(meeting, coordinator,
                                   minutes_service.ActionData("Scrivere.", someone.id))
        minutes_service.approve(meeting.minutes, coordinator)
        db.session.commit()
    for visibility in ("public", "network", "core"):
        proposal = make_proposal(author, visibility=visibility, title=f"Proposta {visibility}")
        comments.add_comment(author, proposal, "Un commento.")
        db.session.commit()
    make_round(electorate="core")
    make_round(electorate="network")
    closed = dict(opens_in=dt.timedelta(days=-2), closes_in=dt.timedelta(days=-1))
    make_round(electorate="core", **closed)
    make_round(electorate="network", **closed)
    for visibility in ("public", "network", "core", "private"):
        project = make_project(visibility=visibility)
        make_deliberation(project)
        make_outcome(project)
        if visibility == "public":
            make_placement(wide_org, project)
    _seminars_and_documents(coordinator)
    _notices(author)
    db.session.add(OutboxMessage(message_id="<matrix@tavolo.test>", to_addr="a@example.org",
                                 subject="Prova", body_text="Prova"))
    api_tokens.create_token(coordinator, "Token del coordinamento")
    from tavolo.reports.models import MandateReport
    db.session.add(MandateReport(title="Bilancio della matrice", start_year=2020, end_year=2024,
                                 narrative="Racconto."))
    db.session.commit()


def _seminars_and_documents(coordinator) -> None:
    """A seminar of each visibility, open for registration, with a topic and a PDF."""
    import io

    from tavolo.documents import services as documents
    from tavolo.documents import storage
    from tavolo.documents.models import OwnerKind
    from tests.documents.helpers import PDF
    from tests.factories import make_seminar, make_topic

    topic = make_topic("Tema della matrice")
    for visibility in ("public", "network", "core"):
        seminar = make_seminar(visibility=visibility, title=f"Seminario {visibility}",
                               registration_enabled=True, places=30, commit=False)
        seminar.topics.append(topic)
        db.session.flush()
        received = storage.receive(io.BytesIO(PDF), "programma.pdf")
        documents.add_file(OwnerKind.SEMINAR, seminar, coordinator, received,
                           title=f"Programma {visibility}")
    db.session.commit()


def _notices(author) -> None:
    """A published notice of each visibility and one waiting for approval (by a member who is
    not one of the logged-in roles)."""
    from tests.notices.helpers import make_notice

    for visibility in ("public", "network", "core"):
        make_notice(title=f"Avviso {visibility}", visibility=visibility, author=author)
    make_notice(title="Avviso in attesa", visibility="public", status="pending", author=author)


def _pick(statement):
    return db.session.scalar(statement.limit(1))


def _objects() -> dict[str, dict[str, dict[str, int | str]]]:
    """For each main kind of object, one of each visibility: ``{param: {label: values}}``.

    ``values`` fills every URL parameter a rule about that object can have (its items,
    comments, decisions…), all belonging to the same object.
    """
    from tavolo.api.models import ApiToken
    from tavolo.auth.models import User
    from tavolo.directory.models import Organization, Person
    from tavolo.documents.models import Document, DocumentVersion, OwnerKind
    from tavolo.meetings.models import (
        ActionItem,
        AgendaItem,
        Decision,
        Meeting,
        MeetingInvitee,
        MeetingOrganization,
        Minutes,
        MinutesVersion,
    )
    from tavolo.notices.models import Notice
    from tavolo.outbox.models import OutboxMessage
    from tavolo.projects.models import Deliberation, InternshipPlacement, Project, ProjectOutcome
    from tavolo.proposals.models import Comment, Proposal
    from tavolo.rounds.models import PriorityRound
    from tavolo.seminars.models import Seminar, Topic

    found: dict[str, dict[str, dict]] = {}

    meetings = {}
    for meeting in db.session.scalars(sa.select(Meeting).order_by(Meeting.id)):
        has_minutes = meeting.minutes is not None
        key = meeting.visibility.value
        best = meetings.get(key)
        if best is None or (has_minutes and best.minutes is None):
            meetings[key] = meeting
    found["meeting_id"] = {}
    for label, meeting in meetings.items():
        values = {"meeting_id": meeting.id}
        values["item_id"] = _pick(sa.select(AgendaItem.id).where(
            AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.id))
        values["decision_id"] = _pick(sa.select(Decision.id).where(
            Decision.meeting_id == meeting.id))
        values["action_id"] = _pick(sa.select(ActionItem.id).where(
            ActionItem.meeting_id == meeting.id))
        values["invitee_id"] = _pick(sa.select(MeetingInvitee.id).where(
            MeetingInvitee.meeting_id == meeting.id))
        values["organization_id"] = _pick(sa.select(MeetingOrganization.organization_id).where(
            MeetingOrganization.meeting_id == meeting.id))
        values["number"] = _pick(sa.select(MinutesVersion.number).join(Minutes).where(
            Minutes.meeting_id == meeting.id))
        found["meeting_id"][label] = values
    # Rules that name only an action item (its status) follow the meeting's visibility.
    found["action_id"] = {label: {"action_id": v["action_id"]}
                          for label, v in found["meeting_id"].items()}

    found["proposal_id"] = {}
    for proposal in db.session.scalars(sa.select(Proposal).order_by(Proposal.id)):
        label = proposal.visibility.value
        if label in found["proposal_id"]:
            continue
        found["proposal_id"][label] = {
            "proposal_id": proposal.id,
            "comment_id": _pick(sa.select(Comment.id).where(Comment.proposal_id == proposal.id)
                                .order_by(Comment.id))}

    found["round_id"] = {}
    for round_ in db.session.scalars(sa.select(PriorityRound).order_by(PriorityRound.id)):
        found["round_id"].setdefault(f"{round_.electorate.value}-{round_.phase().value}",
                                     {"round_id": round_.id})

    found["project_id"] = {}
    for project in db.session.scalars(sa.select(Project).order_by(Project.id)):
        found["project_id"].setdefault(project.visibility.value, {"project_id": project.id})
    found["deliberation_id"] = {}
    found["outcome_id"] = {}
    for label, values in found["project_id"].items():
        deliberation = _pick(sa.select(Deliberation.id).where(
            Deliberation.project_id == values["project_id"]))
        if deliberation:
            found["deliberation_id"][label] = {"deliberation_id": deliberation}
        outcome = _pick(sa.select(ProjectOutcome.id).where(
            ProjectOutcome.project_id == values["project_id"]))
        if outcome:
            found["outcome_id"][label] = {"outcome_id": outcome}

    found["org_id"] = {}
    for org in db.session.scalars(sa.select(Organization).order_by(Organization.id)):
        found["org_id"].setdefault(org.ring.value, {"org_id": org.id})
    found["placement_id"] = {"any": {"placement_id": _pick(sa.select(InternshipPlacement.id))}}
    found["person_id"] = {"any": {"person_id": _pick(sa.select(Person.id).order_by(Person.id))}}
    found["user_id"] = {"any": {"user_id": _pick(sa.select(User.id).order_by(User.id))}}
    found["message_id"] = {"any": {"message_id": _pick(sa.select(OutboxMessage.id))}}
    found["token_id"] = {"coordinator's": {"token_id": _pick(sa.select(ApiToken.id))}}

    found["seminar_id"] = {}
    found["document_id"] = {}
    found["version_id"] = {}
    for seminar in db.session.scalars(sa.select(Seminar).order_by(Seminar.id)):
        label = seminar.visibility.value
        found["seminar_id"].setdefault(label, {"seminar_id": seminar.id})
        document = db.session.scalar(sa.select(Document).where(
            Document.owner_kind == OwnerKind.SEMINAR, Document.owner_id == seminar.id))
        if document is not None:
            found["document_id"].setdefault(label, {"document_id": document.id})
            found["version_id"].setdefault(label, {"version_id": _pick(
                sa.select(DocumentVersion.id).where(DocumentVersion.document_id == document.id))})
    found["topic_id"] = {"any": {"topic_id": _pick(sa.select(Topic.id))}}
    found["notice_id"] = {}
    for notice in db.session.scalars(sa.select(Notice).order_by(Notice.id)):
        label = "pending" if notice.status.value == "pending" else notice.visibility.value
        found["notice_id"].setdefault(label, {"notice_id": notice.id})
    from tavolo.reports.models import MandateReport
    found["report_id"] = {"public": {"report_id": _pick(sa.select(MandateReport.id))}}
    return found


def _cases(app, objects):
    """(key, url, methods) for every rule and every object it can be asked about."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint == "static":
            continue
        ordered = re.findall(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", rule.rule)
        ints = [a for a in ordered if type(rule._converters[a]).__name__ == "IdConverter"]
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        if not ints:
            values_by_label = {"-": {}}
        else:
            primary = ints[0]
            values_by_label = objects.get(primary) or {}
            if not values_by_label:
                pytest.fail(f"No object for <{primary}> of {rule.rule}: add one to _objects().")
        for label, values in sorted(values_by_label.items()):
            filled = {}
            for name in ordered:
                if name in ints:
                    value = values.get(name)
                    if value is None:
                        break
                    filled[name] = value
                else:
                    filled[name] = "yes" if name == "answer" else "not-a-valid-token"
            else:
                url = rule.rule
                for name, value in filled.items():
                    url = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", str(value), url)
                yield f"{rule.endpoint} [{label}]", url, methods


def _status(response) -> str:
    response.close()  # file downloads hold the file open until the server closes them
    if response.status_code in (301, 302, 303) and \
            "/login" in response.headers.get("Location", ""):
        return "login"
    return str(response.status_code)


class _Writes:
    """Whether a committed transaction wrote anything (INSERT, UPDATE or DELETE)."""

    def __init__(self, engine):
        self.engine, self.pending, self.committed = engine, False, False

    def _statement(self, conn, cursor, statement, *args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.pending = True

    def _commit(self, conn):
        self.committed = self.committed or self.pending
        self.pending = False

    def _rollback(self, conn):
        self.pending = False

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._statement)
        sa.event.listen(self.engine, "commit", self._commit)
        sa.event.listen(self.engine, "rollback", self._rollback)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._statement)
        sa.event.remove(self.engine, "commit", self._commit)
        sa.event.remove(self.engine, "rollback", self._rollback)


def _read_table() -> dict[str, str]:
    expected = {}
    if MATRIX.exists():
        for line in MATRIX.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                key, _sep, cells = line.partition("  ")
                expected[key.strip() + "  " + cells.split()[0]] = " ".join(cells.split()[1:])
    return expected


def _write_table(rows: dict[str, str]) -> None:
    lines = ["# Authorisation matrix: endpoint [object]  METHOD  " + " ".join(ROLES),
             "# Generated by tests/security/test_authz_matrix.py from a small factory network;",
             "# read the diff before committing (see the module docstring).",
             "# Cells: status code, 'login' = redirect to the login page, '-' = not sent,",
             "# '+' = the request changed the database (must be something that role may do)."]
    width = max(len(k.split("  ")[0]) for k in rows) + 2
    for key in sorted(rows):
        name, method = key.split("  ")
        lines.append(f"{name.ljust(width)}  {method:<4}  {rows[key]}")
    MATRIX.write_text("\n".join(lines) + "\n")


@pytest.mark.skipif(BACKEND != "sqlite", reason="one pass is enough: the rules are the same")
def test_every_route_answers_each_role_as_the_matrix_says(app):
    _world()
    objects = _objects()
    cases = list(_cases(app, objects))
    clients = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            response = client.post("/login", data={"email": LOGINS[role],
                                                   "password": PASSWORD})
            assert response.status_code == 303, role
        clients[role] = client

    actual: dict[str, dict[str, str]] = {}
    errors = []
    for key, url, methods in cases:
        if "GET" in methods:
            row = actual.setdefault(f"{key}  GET", {})
            for role in ROLES:
                row[role] = _status(clients[role].get(url))
                if row[role] == "500":
                    errors.append(f"GET {url} as {role}: 500")
    for key, url, methods in cases:
        endpoint = key.split(" ")[0]
        if "POST" not in methods or endpoint in NOT_POSTED:
            continue
        row = actual.setdefault(f"{key}  POST", {})
        for role in ROLES:
            if role == "coordinator":
                row[role] = "-"
                continue
            with _Writes(db.engine) as writes:
                response = clients[role].post(url, data={})
            row[role] = _status(response)
            if row[role] == "500":
                errors.append(f"POST {url} as {role}: 500")
            if writes.committed:
                # A change by a lower role: marked "+" in the table, to be read as allowed.
                row[role] += "+"
                assert role != "anonymous", f"anonymous POST {url} changed the database"
    assert not errors, "\n".join(errors)

    rows = {key: " ".join(f"{cells[r]:<6}" for r in ROLES).rstrip()
            for key, cells in actual.items()}
    if os.environ.get("TAVOLO_UPDATE_AUTHZ_MATRIX"):
        _write_table(rows)
        return
    expected = _read_table()
    missing = sorted(set(rows) - set(expected))
    assert not missing, (
        "These routes have no entry in tests/security/authz_matrix.txt:\n  "
        + "\n  ".join(missing)
        + "\nRun TAVOLO_UPDATE_AUTHZ_MATRIX=1 .venv/bin/python -m pytest "
          "tests/security/test_authz_matrix.py, check who may open them, and commit the table.")
    changed = [f"{key}: expected {expected[key]!r}, got {rows[key]!r}"
               for key in sorted(rows) if " ".join(expected[key].split()) !=
               " ".join(rows[key].split())]
    assert not changed, "Answers differ from tests/security/authz_matrix.txt:\n" + \
        "\n".join(changed)
    gone = sorted(set(expected) - set(rows))
    assert not gone, "Entries for routes that no longer exist (remove them):\n" + \
        "\n".join(gone)
