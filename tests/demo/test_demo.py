"""The demo network: idempotent, faithful to the seed to the cent, one login per role."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from tavolo.auth.models import Role, User
from tavolo.directory.models import Organization, Person, Ring
from tavolo.extensions import db
from tavolo.models import Deliberation, MandateReport, Milestone, Objective, Project, ProjectOutcome

SEED_DIR = Path(__file__).resolve().parents[3] / "shared" / "seed"
MODELS = [Organization, Person, User, Project, Deliberation, ProjectOutcome, Objective,
          MandateReport, Milestone]


def _counts() -> dict[str, int]:
    return {m.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in MODELS}


def _euro_to_cents(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


def _seed_chronology() -> list[tuple[str, int | None, int | None]]:
    """(period, contribution, total spend) of every deliberation line of the seed."""
    [seed] = sorted(SEED_DIR.glob("*.txt"))
    lines = seed.read_text(encoding="utf-8").splitlines()
    start = lines.index("CRONOLOGIA DELIBERE/PROGETTI:")
    end = lines.index("OBIETTIVI")
    rows = []
    for line in lines[start:end]:
        if not line.startswith("- INIZIATIVE PER IL LAVORO"):
            continue
        period = re.search(r"(\d{4}(?:\s*[-/]\s*\d{4})?)", line).group(1).replace(" ", "")
        contribution = re.search(r"CONTRIBUT[OI].*?EURO\s+([\d.]+,\d\d)", line)
        spend = re.search(r"SPESA[^0-9]*?EURO\s+([\d.]+,\d\d)", line)
        rows.append((period, _euro_to_cents(contribution.group(1)) if contribution else None,
                     _euro_to_cents(spend.group(1)) if spend else None))
    return rows


def test_demo_loads_and_running_it_twice_creates_nothing_twice(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    assert counts["organizations"] >= 20 and counts["projects"] >= 4
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "nessun dato aggiunto" in second.output
    assert _counts() == counts


def test_demo_if_empty_does_nothing_on_a_database_in_use(app, runner):
    from tests.factories import make_user

    make_user(Role.COORDINATOR)
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert _counts()["organizations"] == 0


@pytest.mark.skipif(not SEED_DIR.exists(), reason="../shared/seed not beside the checkout")
def test_every_deliberation_of_the_seed_is_loaded_with_exact_amounts(app, runner):
    runner.invoke(args=["demo"])
    def key(row):
        return tuple(-1 if value is None else value for value in row)

    loaded = sorted(((d.period, d.contribution_cents, d.total_spend_cents)
                     for d in db.session.scalars(sa.select(Deliberation))), key=key)
    expected = sorted(_seed_chronology(), key=key)
    assert len(expected) == 19
    assert loaded == expected


def test_funding_per_period_matches_the_seed(app, runner):
    runner.invoke(args=["demo"])
    per_period = defaultdict(lambda: [0, 0])
    for d in db.session.scalars(sa.select(Deliberation)):
        per_period[d.period][0] += d.contribution_cents or 0
        per_period[d.period][1] += d.total_spend_cents or 0
    assert per_period["2004/2005"] == [800_000, 5_080_000]
    assert per_period["2005/2006"] == [1_750_000, 7_655_000]
    assert per_period["2003/2004"] == [600_000, 3_528_000]
    assert per_period["2015"] == [498_900 + 400_000 + 1_400_000 + 800_000, 0]
    total = sum(c for c, _ in per_period.values())
    assert total == 14_698_900  # € 146.989,00 of contributions, 2003–2015


def test_rings_objectives_reports_and_outcomes(app, runner):
    runner.invoke(args=["demo"])
    core = set(db.session.scalars(sa.select(Organization.name).where(
        Organization.ring == Ring.CORE)))
    assert "Cooperativa Esserci" in core
    assert any("Area Disabili" in name for name in core)
    assert any("Ufficio Progetto Lavoro" in name for name in core)
    extended = set(db.session.scalars(sa.select(Organization.name).where(
        Organization.ring == Ring.EXTENDED)))
    assert any("Impiego" in name for name in extended)
    assert any("CISL" in name for name in extended)
    assert len(db.session.scalars(sa.select(Objective)).all()) == 7
    reports = {r.title: r for r in db.session.scalars(sa.select(MandateReport))}
    assert reports["Bilancio di mandato 2006-2010"].declared_spend_cents == 24_500_000
    assert reports["Bilancio di mandato 2011-2016"].declared_spend_cents == 10_000_000
    internships = db.session.scalar(sa.select(ProjectOutcome).where(
        ProjectOutcome.count == 21, ProjectOutcome.months == 3))
    assert internships is not None and internships.source == "Bilancio di mandato 2011-2016"
    women = db.session.scalar(sa.select(ProjectOutcome).where(ProjectOutcome.count == 41))
    assert women.project.code == "DONNE-ANZIANI"


def test_one_demo_login_per_role_marked_as_example(app, runner, client):
    runner.invoke(args=["demo"])
    for email, role in [("coordinatore@example.org", Role.COORDINATOR),
                        ("membro@example.org", Role.MEMBER),
                        ("partner@example.org", Role.PARTNER)]:
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        assert user.role == role
        person = db.session.scalar(sa.select(Person).filter_by(user_id=user.id))
        assert person.is_example
        response = client.post("/login", data={"email": email, "password": "demo-password-123"})
        assert response.status_code == 303
        client.post("/logout")


def test_create_coordinator_on_an_empty_database(app, runner, client):
    result = runner.invoke(args=["create-coordinator", "capo@example.org", "--name", "Capo",
                                 "--password", "password-lunga-1"])
    assert result.exit_code == 0, result.output
    assert client.post("/login", data={"email": "capo@example.org",
                                       "password": "password-lunga-1"}).status_code == 303
    again = runner.invoke(args=["create-coordinator", "CAPO@example.org",
                                "--password", "password-lunga-1"])
    assert again.exit_code != 0 and "Esiste già" in again.output
    short = runner.invoke(args=["create-coordinator", "altro@example.org", "--password", "corta"])
    assert short.exit_code != 0 and "almeno 10 caratteri" in short.output
