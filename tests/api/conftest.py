"""Helpers of the API tests: tokens for each role and a small world of objects."""

from __future__ import annotations

import datetime as dt

import pytest

from tavolo.api import services
from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.meetings.models import Minutes, MinutesStatus
from tavolo.meetings.services.freeze import minutes_unfrozen
from tavolo.types import utcnow
from tests.factories import (
    make_agenda_item,
    make_deliberation,
    make_meeting,
    make_organization,
    make_person,
    make_project,
    make_proposal,
    make_round,
    make_seminar,
    make_user,
)
from tests.notices.helpers import make_notice


@pytest.fixture
def token_for():
    """``token_for(user)`` → the header of a fresh personal token of ``user``."""

    def _make(user, name="script"):
        _row, token = services.create_token(user, name)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return _make


@pytest.fixture
def world():
    """One object of each kind at each visibility the roles tell apart."""
    org = make_organization(name="Ente Uno")
    make_person(organization=org, name="Maria Rossi", email="maria@example.org",
                notes="Nota riservata")
    public = make_project(code="PUB", title="Progetto pubblico")
    network = make_project(code="NET", title="Progetto di rete", visibility="network")
    core = make_project(code="CORE", title="Progetto ristretto", visibility="core")
    private = make_project(code="PRIV", title="Progetto privato", visibility="private")
    for project in (public, network, core, private):
        make_deliberation(project, year=2021, contribution_cents=100_00)
    public_meeting = make_meeting(kind="enlarged", visibility="public", title="Riunione pubblica",
                                  status="held", starts_in_days=-10)
    make_agenda_item(public_meeting, title="Punto sul progetto di rete", project=network)
    with minutes_unfrozen():
        public_meeting.minutes = Minutes(summary="Verbale approvato",
                                         status=MinutesStatus.APPROVED, version=1,
                                         approved_at=utcnow())
        db.session.commit()
    network_meeting = make_meeting(kind="enlarged", visibility="network",
                                   title="Riunione di rete")
    network_meeting.minutes = Minutes(summary="Bozza di verbale", status=MinutesStatus.DRAFT)
    core_meeting = make_meeting(kind="core", title="Riunione ristretta")
    draft_meeting = make_meeting(kind="enlarged", visibility="public", status="draft",
                                 title="Riunione in preparazione")
    make_seminar(title="Seminario pubblico")
    make_seminar(title="Seminario di rete", visibility="network")
    author = make_user(Role.MEMBER)
    make_proposal(author, title="Proposta pubblica", visibility="public", projects=[public])
    make_proposal(author, title="Proposta ristretta", visibility="core")
    make_round(title="Votazione di rete", electorate="network")
    make_round(title="Votazione ristretta", electorate="core")
    make_round(title="Votazione chiusa", electorate="network",
               opens_in=-dt.timedelta(days=3), closes_in=-dt.timedelta(days=1))
    make_notice(title="Bando pubblico", project_id=network.id, deadline_in=5)
    make_notice(title="Avviso scaduto", expires_in=-1)
    make_notice(title="Corso per la rete", visibility="network")
    make_notice(title="Avviso ristretto", visibility="core")
    make_notice(title="Avviso da approvare", status="pending")
    db.session.commit()
    return {"projects": {p.visibility.value: p for p in (public, network, core, private)},
            "meetings": {"public": public_meeting, "network": network_meeting,
                         "core": core_meeting, "draft": draft_meeting}}
