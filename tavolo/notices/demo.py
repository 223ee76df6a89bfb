"""Notices of the demo network (``flask --app tavolo demo``), dated from the load day.

The seed's reports name what the network circulated — "proposte istituzionali, informative
di natura normativa, bandi, inaugurazioni, appuntamenti" — and its recurring actors
(Divisione Lavoro, CPI di Via Castalgomberto, Informadue, Un Progetto al Femminile,
Centro Europa 01). The notices below stand for those, marked as examples: some public, one
for the network, one for the core group, one from the demo partner waiting for approval,
and one expired (in the archive).

Idempotent: each notice is found by its title first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from tavolo.auth.models import Role, User
from tavolo.extensions import db
from tavolo.notices.models import Notice, NoticeKind, NoticeSettings, NoticeStatus
from tavolo.projects.models import Project
from tavolo.types import ROME, utcnow
from tavolo.visibility import Visibility

_NOTE = "\n\n*Esempio: avviso illustrativo della rete demo.*"

# (title, kind, visibility, deadline in days, expiry in days, published days ago, project,
#  author role, status, body)
NOTICES = [
    ("Bando regionale per tirocini di inclusione sociale", NoticeKind.FUNDING,
     Visibility.PUBLIC, 30, 35, 3, "COL-LABORA", Role.COORDINATOR, NoticeStatus.PUBLISHED,
     "La Regione ha aperto il bando per **tirocini di inclusione sociale** rivolti a persone "
     "seguite dai servizi sociali e sanitari.\n\n- enti promotori: agenzie formative "
     "accreditate;\n- durata: da 3 a 12 mesi, con indennità di partecipazione;\n- domande "
     "entro la scadenza indicata.\n\nL'Ufficio Progetto Lavoro raccoglie le disponibilità "
     "delle imprese del territorio per coordinare le candidature."),
    ("Corso gratuito per assistenti familiari", NoticeKind.OPPORTUNITY, Visibility.PUBLIC,
     14, 21, 5, "DONNE-ANZIANI", Role.COORDINATOR, NoticeStatus.PUBLISHED,
     "Un Progetto al Femminile organizza un nuovo corso di preparazione all'**assistenza "
     "familiare** di persone anziane, con tirocinio propedeutico presso famiglie del "
     "quartiere.\n\nIscrizioni allo sportello Informadue della Circoscrizione."),
    ("Giornata di orientamento al lavoro con il Centro per l'Impiego", NoticeKind.EVENT,
     Visibility.PUBLIC, 10, 10, 2, None, Role.COORDINATOR, NoticeStatus.PUBLISHED,
     "Incontro aperto con gli operatori del **CPI di Via Castalgomberto**: iscrizione ai "
     "servizi, patto di servizio, ricerca attiva e offerte del territorio. Porta il "
     "curriculum: ci sarà chi ti aiuta ad aggiornarlo."),
    ("Novità normative sui tirocini extracurricolari", NoticeKind.LAW, Visibility.NETWORK,
     None, 60, 8, None, Role.COORDINATOR, NoticeStatus.PUBLISHED,
     "Sintesi per gli enti della rete delle nuove regole regionali sui **tirocini "
     "extracurricolari**: indennità minima, durata massima, numero di tirocini per impresa "
     "ospitante e obblighi di comunicazione. Il testo completo è nell'allegato."),
    ("Selezione di operatori per la Banca Dati Lavoro", NoticeKind.OPPORTUNITY,
     Visibility.CORE, 7, 15, 1, "BANCA-DATI", Role.COORDINATOR, NoticeStatus.PUBLISHED,
     "Per il gruppo ristretto: cerchiamo due operatori disponibili ad aggiornare le schede "
     "della **Banca Dati Lavoro** prima della prossima riunione."),
    ("Corso di salvamento per giovani del quartiere", NoticeKind.OPPORTUNITY,
     Visibility.PUBLIC, 20, 30, 0, "SPORT-LAVORO", Role.PARTNER, NoticeStatus.PENDING,
     "Il Centro Europa 01 propone un nuovo corso di **nuoto di salvamento** per giovani dai "
     "16 ai 35 anni, con brevetto di bagnino di salvataggio."),
    ("Bando contributi per iniziative per il lavoro", NoticeKind.FUNDING, Visibility.PUBLIC,
     -40, -30, 70, "INIZ-LAVORO", Role.COORDINATOR, NoticeStatus.PUBLISHED,
     "La Circoscrizione ha raccolto le proposte di **iniziative per il lavoro** per l'anno: "
     "contributi alle associazioni per tirocini e percorsi di inserimento. Bando chiuso."),
]


def load(created: Counter[str]) -> None:
    if db.session.get(NoticeSettings, 1) is None:
        db.session.add(NoticeSettings(id=1, others_may_post=True, approval_required=True))
    authors = {}
    for role in (Role.COORDINATOR, Role.PARTNER):
        authors[role] = db.session.scalar(
            sa.select(User).where(User.role == role).order_by(User.id).limit(1))
    projects = {p.code: p for p in db.session.scalars(sa.select(Project))}
    today = utcnow().astimezone(ROME).date()
    now = utcnow()
    for (title, kind, level, deadline, expiry, ago, code, role, status, body) in NOTICES:
        if db.session.scalar(sa.select(Notice.id).filter_by(title=title)) is not None:
            continue
        author = authors.get(role)
        published = now - dt.timedelta(days=ago)
        db.session.add(Notice(
            title=title, kind=kind, visibility=level, body=body + _NOTE,
            deadline=None if deadline is None else today + dt.timedelta(days=deadline),
            expires_on=None if expiry is None else today + dt.timedelta(days=expiry),
            project=projects.get(code) if code else None, status=status,
            published_at=published if status == NoticeStatus.PUBLISHED else None,
            created_at=published, updated_at=published,
            author_id=author.id if author is not None else None, is_example=True))
        created["notices"] += 1
