"""The proposals an organisation wrote, for its page in the directory (``directory.links``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from tavolo.extensions import db
from tavolo.links import LinkProvider
from tavolo.proposals.models import Proposal


def proposals_for_organizations(organizations: Sequence, user) -> dict[int, list[Proposal]]:
    """Proposals written on behalf of each organisation that ``user`` may read, newest first:
    one query whatever the number of organisations and proposals."""
    ids = [organization.id for organization in organizations]
    found: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.organization_id.in_(ids), Proposal.visible_to(user))
            .options(joinedload(Proposal.author))
            .order_by(Proposal.created_at.desc(), Proposal.id.desc())):
        found[proposal.organization_id].append(proposal)
    return dict(found)


WRITTEN = LinkProvider(key="proposals", title=_l("Proposte scritte"), order=30,
                       template="proposals/_organization_proposals.html",
                       load=proposals_for_organizations)
