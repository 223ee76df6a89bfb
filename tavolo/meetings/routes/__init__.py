"""The meetings views (one module per page family, each adds its views to ``bp``), with
the menu entry and what it adds to other areas' pages:
meetings and decisions on project pages, attended meetings on organisation pages, and on
proposal pages the agenda items about the proposal and the "take it to the agenda" action."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tavolo import navigation
from tavolo.audit import history
from tavolo.dashboard.blocks import (
    ACTIVITY_SOURCES,
    DASHBOARD_BLOCKS,
    ActivitySource,
    DashboardBlock,
)
from tavolo.directory.links import ORGANIZATION_LINKS
from tavolo.links import LinkProvider
from tavolo.meetings import bp, dashboard, vocabulary
from tavolo.meetings.routes import (  # noqa: F401  (each module adds its views to bp)
    actions,
    agenda,
    answer_links,
    corrections,
    from_proposal,
    meetings,
    minutes,
    people,
)
from tavolo.meetings.services.links import links_for_projects
from tavolo.meetings.services.organization_links import meetings_for_organizations
from tavolo.meetings.services.proposal_links import agenda_items_for_proposal, can_take_to_agenda
from tavolo.projects.links import PROJECT_LINKS
from tavolo.proposals.followups import FOLLOW_UPS, PROPOSAL_SECTIONS, FollowUp, ProposalSection


@bp.record_once
def _plug_in(state) -> None:
    navigation.add(state.app, "meetings.index", _l("Riunioni"), 20, "everyone", "meetings")
    history.VOCABULARY.add(state.app, vocabulary.MEETINGS)
    history.VOCABULARY.add(state.app, vocabulary.MINUTES)
    PROJECT_LINKS.add(state.app, LinkProvider(
        key="meetings", title=_l("Riunioni e decisioni"), order=10,
        template="meetings/_project_links.html", load=links_for_projects))
    ORGANIZATION_LINKS.add(state.app, LinkProvider(
        key="meetings", title=_l("Riunioni a cui ha partecipato"), order=20,
        template="meetings/_organization_meetings.html", load=meetings_for_organizations))
    FOLLOW_UPS.add(state.app, FollowUp(
        key="agenda", label=_l("Porta all'ordine del giorno della prossima riunione"),
        endpoint="meetings.item_from_proposal", available=can_take_to_agenda, order=20,
        help=_l("Prepara il punto già compilato con i dati della proposta, nella prossima "
                "riunione o in un'altra in programma.")))
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key=dashboard.NEXT_MEETINGS, title=_l("La tua prossima riunione"),
        template="meetings/_dashboard_next.html", load=dashboard.next_meetings, order=10))
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key="actions", title=_l("Le tue azioni aperte"),
        template="meetings/_dashboard_actions.html", load=dashboard.my_action_items, order=30))
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key="meetings-pending", title=_l("In attesa del coordinamento"),
        template="meetings/_dashboard_pending.html", load=dashboard.pending_work, order=90,
        audience="coordinator"))
    ACTIVITY_SOURCES.add(state.app, ActivitySource(key="minutes",
                                                   load=dashboard.approved_minutes))
    PROPOSAL_SECTIONS.add(state.app, ProposalSection(
        key="agenda", title=_l("All'ordine del giorno"),
        template="meetings/_proposal_items.html", load=agenda_items_for_proposal))
