"""The coordinator's user administration: roles, deactivation, audit, access per role."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.auth.models import Role
from tavolo.extensions import db
from tests.factories import PASSWORD, make_user

ADMIN_PAGES = ["/admin/users", "/admin/users/invite", "/admin/outbox"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("role", [Role.MEMBER, Role.PARTNER])
def test_members_and_partners_are_refused(client, login, path, role):
    login(make_user(role))
    response = client.get(path)
    assert response.status_code == 403
    assert "Accesso non consentito" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_coordinators_see_the_admin_pages(client, login, path):
    login(make_user(Role.COORDINATOR))
    assert client.get(path).status_code == 200


def test_admin_menu_only_for_coordinators(client, login):
    login(make_user(Role.MEMBER))
    assert "Amministrazione" not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(make_user(Role.COORDINATOR))
    assert "Amministrazione" in client.get("/").get_data(as_text=True)


def test_user_list_filters_by_role_and_text(client, login):
    login(make_user(Role.COORDINATOR, name="Chiara Coordina"))
    make_user(Role.PARTNER, name="Pietro Partner")
    make_user(Role.MEMBER, name="Maria Membro")
    page = client.get("/admin/users?role=partner").get_data(as_text=True)
    assert "Pietro Partner" in page and "Maria Membro" not in page
    page = client.get("/admin/users?q=maria").get_data(as_text=True)
    assert "Maria Membro" in page and "Pietro Partner" not in page


def test_change_role_is_applied_and_audited(client, login):
    coordinator = make_user(Role.COORDINATOR)
    partner = make_user(Role.PARTNER)
    login(coordinator)
    response = client.post(f"/admin/users/{partner.id}", data={"role": "member", "active": "y"})
    assert response.status_code == 303
    assert partner.role == Role.MEMBER
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.object_type == "user", AuditEntry.object_id == partner.id,
        AuditEntry.action == "update"))
    assert entry.actor_id == coordinator.id
    assert entry.changes == {"role": ["partner", "member"]}
    page = client.get(f"/admin/users/{partner.id}").get_data(as_text=True)
    assert "Partner della rete allargata → Membro del gruppo ristretto" in page


def test_deactivated_user_cannot_log_in_but_keeps_existing(client, login, app):
    coordinator = make_user(Role.COORDINATOR)
    partner = make_user(Role.PARTNER)
    login(coordinator)
    client.post(f"/admin/users/{partner.id}", data={"role": "partner"})  # box unticked
    assert partner.active is False
    client.post("/logout")
    assert client.post("/login", data={"email": partner.email,
                                       "password": PASSWORD}).status_code == 401
    assert db.session.get(type(partner), partner.id) is not None


def test_coordinator_cannot_demote_or_deactivate_themselves(client, login):
    coordinator = make_user(Role.COORDINATOR)
    make_user(Role.COORDINATOR)
    login(coordinator)
    response = client.post(f"/admin/users/{coordinator.id}", data={"role": "partner"},
                           follow_redirects=True)
    assert "Non puoi cambiare il tuo ruolo" in response.get_data(as_text=True)
    assert coordinator.role == Role.COORDINATOR and coordinator.active


def test_the_last_active_coordinator_cannot_be_removed(app):
    from tavolo.auth.services import AccountError, update_user

    only = make_user(Role.COORDINATOR)
    other = make_user(Role.COORDINATOR, active=False)
    with pytest.raises(AccountError):
        update_user(other, only, role=Role.MEMBER, active=True)


def test_unknown_user_is_404(client, login):
    login(make_user(Role.COORDINATOR))
    assert client.get("/admin/users/999999").status_code == 404
