"""Demo internships: placements of the seed's projects with the example host businesses.

Invented like the hosts themselves (``is_example``); loading is idempotent.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from tavolo.directory.demo import organization_named
from tavolo.extensions import db
from tavolo.projects.models import InternshipPlacement, Project

# (host, project code, year, interns, months, notes)
PLACEMENTS = [
    ("Panetteria Santa Rita", "INIZ-LAVORO", 2008, 1, 3,
     "Tirocinio osservativo individuato con il progetto Lanterna"),
    ("Falegnameria Mirafiori", "INIZ-LAVORO", 2009, 2, 3,
     "Tirocini osservativi individuati con il progetto Lanterna"),
    ("Verde Pubblico Servizi s.c.s.", "INIZ-LAVORO", 2010, 2, 4, "Adulti in difficoltà"),
    ("Trattoria del Mercato", "INIZ-LAVORO", 2012, 1, 3, "Assunto a fine tirocinio"),
    ("Magazzini Cosenza", "COL-LABORA", 2015, 2, 3, "Tirocini per il territorio"),
    ("Cartoleria Orbassano", "COL-LABORA", 2015, 1, 3, "Tirocini per il territorio"),
]


def load(created: Counter[str]) -> None:
    for host_name, code, year, interns, months, notes in PLACEMENTS:
        host = organization_named(host_name)
        project = db.session.scalar(sa.select(Project).filter_by(code=code))
        if host is None or project is None or db.session.scalar(
                sa.select(InternshipPlacement.id).filter_by(
                    organization_id=host.id, project_id=project.id, year=year)):
            continue
        db.session.add(InternshipPlacement(organization=host, project=project, year=year,
                                           interns=interns, months=months, notes=notes,
                                           is_example=True))
        created["internship_placements"] += 1
