"""Seminars of the demo network (``flask --app tavolo demo``).

The seed names one study day, "Il Tavolo tecnico Lavoro della Circoscrizione 2 e il suo
impatto sulle progettualità dedicate al lavoro", with twelve points: they are its abstract.
The seed gives no date or place, so the demo puts it a few weeks after the day the demo is
loaded (it then shows among the upcoming seminars and in ``/calendar/public.ics``). The
2011–2016 report also mentions "un paio di momenti seminariali" on labour themes without
details: two seminars stand for them, marked as examples.

Idempotent: each seminar and topic is found by its title first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.seminars.models import Seminar, Speaker, Topic
from tavolo.types import ROME, utcnow
from tavolo.visibility import Visibility

TOPICS = ["Politiche attive del lavoro", "Tirocini e inserimento lavorativo",
          "Fasce deboli e inclusione", "Lavoro di rete sul territorio",
          "Orientamento e servizi per l'impiego"]

STUDY_DAY_TITLE = ("Il Tavolo tecnico Lavoro della Circoscrizione 2 e il suo impatto sulle "
                   "progettualità dedicate al lavoro")
STUDY_DAY_POINTS = [
    "strumento e non fine;",
    "dal senso di frustrazione allo sviluppo di buone prassi;",
    ("sviluppo della consapevolezza dei propri mezzi, dei propri limiti, dei rischi, delle "
     "opportunità;"),
    "uniti si può tentare di affrontare la crisi con strumenti più efficaci;",
    "dal confronto costante emergono le idee per lo sviluppo di nuove strategie;",
    "ognuno porta un pezzo di analisi, di riflessione, di esperienza, di risposta;",
    "auto-mutuo-aiuto ⇒ opportunità per fare un po' meglio ognuno il proprio mestiere;",
    ("punti di vista diversi e multidisciplinari aiutano la riflessione e la scelta delle "
     "priorità;"),
    "la partecipazione della \"politica\" è stata importante;",
    ("meno risorse ci sono più è importante far funzionare bene tutti i canali e le "
     "opportunità disponibili;"),
    "difficile far \"parlare\" il territorio;",
    ("realizzazione di economie di scala e impiego razionale delle risorse (sussidi vs borse "
     "lavoro)."),
]
STUDY_DAY_ABSTRACT = (
    "Giornata di studio sul lavoro di rete del Tavolo tecnico Lavoro: che cosa ha cambiato "
    "nelle progettualità dedicate al lavoro della Circoscrizione 2. I dodici punti della "
    "riflessione:\n\n" + "\n".join(f"- **{point}**" for point in STUDY_DAY_POINTS))

OFFICE = "Circoscrizione 2 – Ufficio Progetto Lavoro"
CPI = "Centro per l'Impiego di Torino – sede di Via Castalgomberto"

# (title, local day, start, end, topics, projects, organisations, speakers, abstract)
EXAMPLES = [
    ("Tirocini e borse lavoro: che cosa resta dopo il progetto", dt.date(2013, 11, 14),
     dt.time(9, 30), dt.time(12, 30),
     ["Tirocini e inserimento lavorativo", "Fasce deboli e inclusione"],
     ["INIZ-LAVORO", "BANCA-DATI"], [OFFICE],
     [("Referente dell'Ufficio Progetto Lavoro", "Circoscrizione 2"),
      ("Operatrice del Servizio Sociale", "Circoscrizione 2")],
     ("Momento seminariale di approfondimento sui percorsi di tirocinio con borsa lavoro "
     "promossi dalla Circoscrizione: esiti occupazionali, accompagnamento al termine dei "
     "progetti e passaggio al Centro per l'Impiego.\n\n*Esempio: il bilancio di mandato "
     "2011–2016 ricorda «un paio di momenti seminariali» sui temi del lavoro senza indicarne "
     "titolo, data e relatori.*")),
    ("Servizi per l'impiego e rete locale: la collaborazione con il CPI",
     dt.date(2015, 5, 21), dt.time(14, 30), dt.time(17, 30),
     ["Orientamento e servizi per l'impiego", "Lavoro di rete sul territorio"],
     ["BANCA-DATI"], [OFFICE, CPI],
     [("Referente del Centro per l'Impiego", "CPI di Via Castalgomberto"),
      ("Referente dell'Osservatorio sul Lavoro", "Città di Torino")],
     ("Le prassi di concertazione tra Ufficio Progetto Lavoro, Servizio Sociale e CPI: dati "
     "sull'occupazione dei residenti, ricostruzione delle carriere, sperimentazioni di "
     "accompagnamento.\n\n*Esempio: titolo, data e relatori sono illustrativi.*")),
]


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ROME).astimezone(dt.UTC)


def _study_day(today: dt.date) -> dt.date:
    """A Thursday four to five weeks from ``today``."""
    day = today + dt.timedelta(days=28)
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)


def load(created: Counter[str]) -> None:
    topics = {}
    for position, name in enumerate(TOPICS, start=1):
        topic = db.session.scalar(sa.select(Topic).filter_by(name=name))
        if topic is None:
            topic = Topic(name=name, position=position)
            db.session.add(topic)
            created["topics"] += 1
        topics[name] = topic
    orgs = {o.name: o for o in db.session.scalars(
        sa.select(Organization).where(Organization.name.in_([OFFICE, CPI])))}
    projects = {p.code: p for p in db.session.scalars(sa.select(Project))}

    if db.session.scalar(sa.select(Seminar.id).filter_by(title=STUDY_DAY_TITLE)) is None:
        day = _study_day(utcnow().astimezone(ROME).date())
        seminar = Seminar(
            title=STUDY_DAY_TITLE, starts_at=_at(day, dt.time(9, 0)),
            ends_at=_at(day, dt.time(13, 0)), place="Sede della Circoscrizione 2, Torino",
            abstract=STUDY_DAY_ABSTRACT, visibility=Visibility.PUBLIC,
            registration_enabled=True, places=80,
            topics=[topics["Lavoro di rete sul territorio"], topics["Politiche attive del lavoro"]],
            organizations=[orgs[OFFICE]] if OFFICE in orgs else [],
            projects=[p for code, p in projects.items() if code in ("INIZ-LAVORO", "BANCA-DATI")],
            speakers=[Speaker(position=1, name="Ufficio Progetto Lavoro",
                              affiliation="Circoscrizione 2")])
        db.session.add(seminar)
        created["seminars"] += 1

    for (title, day, start, end, topic_names, codes, org_names, speakers,
         abstract) in EXAMPLES:
        if db.session.scalar(sa.select(Seminar.id).filter_by(title=title)) is not None:
            continue
        db.session.add(Seminar(
            title=title, starts_at=_at(day, start), ends_at=_at(day, end),
            place="Sede della Circoscrizione 2, Torino", abstract=abstract,
            visibility=Visibility.PUBLIC, is_example=True,
            topics=[topics[name] for name in topic_names],
            projects=[projects[c] for c in codes if c in projects],
            organizations=[orgs[n] for n in org_names if n in orgs],
            speakers=[Speaker(position=n, name=name, affiliation=aff)
                      for n, (name, aff) in enumerate(speakers, start=1)]))
        created["seminars"] += 1
    db.session.flush()
