"""Demo rows for the directory that the seed does not give.

The seed names the organisations but no contact people and none of the 250 businesses
surveyed by "Col-labora in 2": everything here is
invented, marked ``is_example``, with addresses on real streets of the district and
``example.org`` e-mail addresses. Loading is idempotent (rows are found by name first).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import sqlalchemy as sa

from tavolo.directory.models import (
    InternshipHost,
    Organization,
    OrganizationKind,
    Person,
    Ring,
)
from tavolo.extensions import db

# (organisation, name, role, e-mail, phone)
PEOPLE = [
    ("Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)", "Anna Bertolino",
     "Responsabile dell'Area Disabili – Presa in carico", "anna.bertolino@example.org",
     "011 000 0101"),
    ("Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)", "Davide Gallo",
     "Educatore referente per il lavoro", "davide.gallo@example.org", "011 000 0102"),
    ("Servizio Sociale Circoscrizione 2 – Area Accoglienza e Adulti in difficoltà",
     "Rosa Marchetti", "Responsabile dell'Area Accoglienza", "rosa.marchetti@example.org",
     "011 000 0103"),
    ("Cooperativa Esserci", "Luca Ferrero", "Referente del progetto Aladino",
     "luca.ferrero@example.org", "011 000 0104"),
    ("Città di Torino – Divisione Lavoro, Formazione Professionale e Sviluppo Economico",
     "Silvia Rinaldi", "Funzionaria, Politiche per l'Occupazione e la Formazione",
     "silvia.rinaldi@example.org", "011 000 0105"),
    ("Centro per l'Impiego di Torino – sede di Via Castalgomberto", "Elena Fassino",
     "Responsabile del Centro per l'Impiego", "elena.fassino@example.org", "011 000 0106"),
    ("Centro Lavoro Torino", "Paolo Actis", "Operatore dello sportello lavoro",
     "paolo.actis@example.org", "011 000 0107"),
    ("Associazione Progetto Marconi", "Giorgio Bosco", "Coordinatore della ricerca-intervento",
     "giorgio.bosco@example.org", "011 000 0108"),
    ("A.S.D. Centro Europa 01", "Chiara Cena", "Istruttrice di nuoto e referente dei corsi",
     "chiara.cena@example.org", "011 000 0109"),
    ("CISL – Unione Sindacale Territoriale", "Maria Grazia Perotti", "Rappresentante UST",
     "mariagrazia.perotti@example.org", "011 000 0110"),
    ("Centri di Ascolto parrocchiali del quartiere", "Teresa Audisio",
     "Volontaria del centro di ascolto", "teresa.audisio@example.org", ""),
    ("ASL – Servizio di Psicologia", "Francesca Vigna", "Psicologa",
     "francesca.vigna@example.org", "011 000 0112"),
    ("LISEM", "Stefano Borra", "Orientatore, percorso di imprenditorialità",
     "stefano.borra@example.org", "011 000 0113"),
]

# (name, sector, places, accepts disability, conditions, days since last contact, address)
HOSTS = [
    ("Panetteria Santa Rita", "Commercio alimentare", 1, True,
     "Turno del mattino (6–12); tutor: la titolare; ambiente piccolo e tranquillo.", 40,
     "Via Gorizia, Torino"),
    ("Trattoria del Mercato", "Ristorazione", 2, False,
     "Aiuto cucina e sala, anche sera; richiesto attestato HACCP entro il primo mese.", 95,
     "Corso Sebastopoli, Torino"),
    ("Falegnameria Mirafiori", "Artigianato", 1, True,
     "Laboratorio al piano terra, accessibile; mansioni di finitura e montaggio.", 210,
     "Via Guido Reni, Torino"),
    ("Cartoleria Orbassano", "Commercio al dettaglio", 0, False,
     "Posto occupato fino a giugno; disponibile di nuovo da settembre.", 30,
     "Corso Orbassano, Torino"),
    ("Verde Pubblico Servizi s.c.s.", "Manutenzione del verde", 3, True,
     "Cooperativa di tipo B; lavoro all'aperto, dotazione di sicurezza fornita.", 120,
     "Corso Siracusa, Torino"),
    ("Tipografia Tripoli", "Stampa e grafica", 1, False,
     "Uso del computer e della taglierina; orario 9–13.", 400, "Via Tripoli, Torino"),
    ("Magazzini Cosenza", "Logistica e magazzino", 2, False,
     "Carico e scarico leggero, inventario; richiesta buona forma fisica.", 15,
     "Corso Cosenza, Torino"),
    ("Acconciature Monte Ortigara", "Servizi alla persona", 1, True,
     "Accoglienza clienti e riordino; adatto anche a un primo inserimento.", 600,
     "Via Monte Ortigara, Torino"),
]



def organization_named(name: str) -> Organization | None:
    """The organisation of that exact name, if loaded."""
    return db.session.scalar(sa.select(Organization).filter_by(name=name))


def load(created: Counter[str]) -> None:
    """Add the missing example rows; count what was created per table in ``created``."""
    for org_name, name, role, email, phone in PEOPLE:
        org = organization_named(org_name)
        if org is None or db.session.scalar(sa.select(Person.id).filter_by(email=email)):
            continue
        db.session.add(Person(name=name, organization=org, role=role, email=email,
                              phone=phone, is_example=True))
        created["people"] += 1
    today = dt.date.today()
    for number, (name, sector, places, disability, conditions, days, address) in \
            enumerate(HOSTS, start=1):
        if organization_named(name) is not None:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        org = Organization(name=name, kind=OrganizationKind.BUSINESS, ring=Ring.EXTENDED,
                           address=address, is_example=True, email=f"{slug}@example.org",
                           phone=f"011 000 02{number:02d}",
                           description="Impresa del quartiere intervistata dall'indagine di "
                                       "«Col-labora in 2» (esempio).")
        org.areas = ["businesses"]
        org.host = InternshipHost(sector=sector, places=places, accepts_disability=disability,
                                  conditions=conditions,
                                  last_contact_on=today - dt.timedelta(days=days))
        db.session.add(org)
        created["organizations"] += 1
    db.session.flush()
