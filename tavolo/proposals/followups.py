"""What an adopted proposal can become, and where it went: a registry other areas plug into.

The proposals area does not know meetings. An area that can take an adopted proposal
further registers a :class:`FollowUp` (an action button on the proposal page leading to
its own prefilled form) and, to show the result back on the proposal page, a
:class:`ProposalSection` (like the project page's linked items)::

    from tavolo.proposals.followups import FOLLOW_UPS, PROPOSAL_SECTIONS, FollowUp

    @bp.record_once
    def _plug_in(state):
        FOLLOW_UPS.add(state.app, FollowUp(
            key="agenda", label=_l("Porta all'ordine del giorno della prossima riunione"),
            endpoint="meetings.item_from_proposal", available=can_take_to_agenda, order=20))
        PROPOSAL_SECTIONS.add(state.app, ProposalSection(
            key="agenda", title=_l("All'ordine del giorno"),
            template="meetings/_proposal_items.html", load=agenda_items_for_proposal))

``endpoint`` receives ``proposal_id``; ``available(proposal, user)`` says whether to offer
it (the endpoint checks again on the server); ``load(proposal, user)`` returns the items
``user`` may see, in a bounded number of queries. Becoming a project is registered the
same way by this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tavolo.registry import Registry


@dataclass(frozen=True)
class FollowUp:
    key: str
    label: object
    endpoint: str
    available: Callable[[object, object], bool]
    order: int = 50
    help: object = ""


@dataclass(frozen=True)
class ProposalSection:
    key: str
    title: object
    template: str
    load: Callable[[object, object], list]
    order: int = 50


@dataclass
class LoadedSection:
    key: str
    title: object
    template: str
    items: list = field(default_factory=list)


FOLLOW_UPS: Registry[FollowUp] = Registry("proposal_followups")
PROPOSAL_SECTIONS: Registry[ProposalSection] = Registry("proposal_sections")


def available_for(proposal, user) -> list[FollowUp]:
    return [a for a in FOLLOW_UPS.entries() if a.available(proposal, user)]


def sections_for(proposal, user) -> list[LoadedSection]:
    """Only the sections with something to show, in order."""
    sections = PROPOSAL_SECTIONS.entries()
    loaded = [LoadedSection(s.key, s.title, s.template, list(s.load(proposal, user)))
              for s in sections]
    return [section for section in loaded if section.items]
