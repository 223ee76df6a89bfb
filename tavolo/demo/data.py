"""The real network of Circoscrizione 2 (Turin), 2003–2016, as the seed documents tell it.

Everything here comes from ``../shared/seed/`` (the chronology of deliberations and the two
end-of-mandate reports). Where the seed is silent — contact people, logins — the loader adds
rows marked ``is_example``. Amounts are integer euro cents, exactly as the deliberations
state them; ``None`` means the deliberation does not state that amount.
"""

from __future__ import annotations

SOURCE_2006_2010 = "Bilancio di mandato 2006-2010"
SOURCE_2011_2016 = "Bilancio di mandato 2011-2016"

# (name, short name, kind, ring, areas, address, description)
ORGANIZATIONS = [
    # The restricted group (gruppo ristretto), footnote of both mandate reports.
    ("Circoscrizione 2 – Ufficio Progetto Lavoro", "Ufficio Lavoro C2", "institution", "core",
     ["employment_services", "adults_in_difficulty", "young_people", "businesses"], "",
     "Ufficio della Circoscrizione 2 che coordina il progetto lavoro e il Tavolo: "
     "nel gruppo ristretto partecipa il Responsabile dell'ufficio lavoro."),
    ("Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)", "Area Disabili",
     "social_services", "core", ["disability"], "",
     "Partecipano il Responsabile dell'Area Disabili – Presa in Carico e l'educatore "
     "referente per il lavoro dell'area."),
    ("Servizio Sociale Circoscrizione 2 – Area Accoglienza e Adulti in difficoltà",
     "Area Accoglienza", "social_services", "core", ["adults_in_difficulty"], "",
     "Partecipano il Responsabile dell'Area Accoglienza e gli educatori referenti per gli "
     "adulti in difficoltà."),
    ("Cooperativa Esserci", "Coop. Esserci", "cooperative", "core", ["disability"], "",
     "Cooperativa del terzo settore incaricata della gestione del progetto \"Aladino\"."),
    # The extended network (rete locale per il lavoro).
    ("Città di Torino – Divisione Lavoro, Formazione Professionale e Sviluppo Economico",
     "Divisione Lavoro", "institution", "extended",
     ["employment_services", "training"], "",
     "Settori Politiche Sociali per il Lavoro e Politiche per l'Occupazione e per la "
     "Formazione Professionale; dal mandato 2011-2016 Direzione Lavoro, Sviluppo, Fondi "
     "Europei e Smart City. Collabora e finanzia in parte i tirocini."),
    ("Centro Lavoro Torino", "Centro Lavoro", "job_centre", "extended",
     ["employment_services"], "Via Carlo del Prete, Torino", ""),
    ("Centro per l'Impiego di Torino – sede di Via Castalgomberto", "CPI Castalgomberto",
     "job_centre", "extended", ["employment_services"], "Via Castalgomberto 75, Torino",
     "Centro per l'Impiego della Provincia di Torino: accordi operativi con l'Ufficio "
     "Progetto Lavoro e il Servizio Sociale della Circoscrizione 2."),
    ("Cascina Roccafranca", "Roccafranca", "association", "extended",
     ["young_people", "adults_in_difficulty"], "", ""),
    ("Contratto di Quartiere di Via Dina", "CdQ Via Dina", "institution", "extended",
     ["adults_in_difficulty"], "Via Dina, Torino", ""),
    ("Associazione Un Progetto al Femminile", "Un Progetto al Femminile", "association",
     "extended", ["women", "migrants", "elderly"], "",
     "Promuove il progetto \"Donne e Anziani: rete solidale nella Circoscrizione 2\"."),
    ("Gi.O.C. – Gioventù Operaia Cristiana", "Gi.O.C.", "association", "extended",
     ["young_people"], "", ""),
    ("ACLI", "ACLI", "association", "extended", ["adults_in_difficulty"], "", ""),
    ("Associazione Progetto Marconi", "Progetto Marconi", "association", "extended",
     ["businesses"], "",
     "Ricerca-intervento sul territorio e progetto \"Col-labora in 2\"."),
    ("A.S.D. Centro Europa 01", "Centro Europa 01", "association", "extended",
     ["young_people"], "",
     "Associazione sportiva dilettantistica: corsi per il brevetto di bagnino di salvataggio "
     "(\"Sport Obiettivo Lavoro\")."),
    ("LISEM", "LISEM", "training_agency", "extended", ["adults_in_difficulty", "training"], "",
     "Gestisce il progetto di orientamento all'imprenditorialità."),
    ("CISL – Unione Sindacale Territoriale", "CISL UST", "union", "extended",
     ["employment_services"], "", ""),
    ("Centri di Ascolto parrocchiali del quartiere", "Centri di Ascolto", "parish",
     "extended", ["adults_in_difficulty"], "",
     "Volontarie dei Centri di Ascolto di alcune parrocchie del quartiere."),
    ("ASL – Servizio di Psicologia", "Psicologia ASL", "health_service", "extended",
     ["health"], "", ""),
    ("ASL – Dipartimento di Salute Mentale (DSM)", "DSM", "health_service", "extended",
     ["health", "disability"], "", ""),
    ("ASL – Servizio per le Tossicodipendenze (SERT)", "SERT", "health_service", "extended",
     ["health", "adults_in_difficulty"], "", ""),
    ("Ufficio Pio della Compagnia di San Paolo", "Ufficio Pio", "foundation", "extended",
     ["adults_in_difficulty"], "", ""),
    ("Centro di Redistribuzione Sociale – Punto Vendita Solidale", "Punto Vendita Solidale",
     "other", "extended", ["adults_in_difficulty"], "", ""),
    ("Informadue – sportello informativo della Circoscrizione 2", "Informadue", "institution",
     "extended", ["employment_services", "young_people"], "", ""),
    ("Città di Torino – Osservatorio sul Lavoro e sulla Formazione", "Osservatorio Lavoro",
     "institution", "extended", ["employment_services"], "", ""),
    ("Centro Aladino", "Aladino", "other", "extended", ["disability"], "",
     "Centro per persone con disabilità gestito dalla Cooperativa Esserci."),
]

OBJECTIVES = [
    "promuovere percorsi di “rimotivazione” e/o valorizzazione delle abilità e delle "
    "conoscenze acquisite",
    "ampliare le opportunità di formazione e di avvicinamento al mondo del lavoro",
    "facilitare l’integrazione sociale attraverso la conoscenza diretta del mondo del lavoro",
    "aumentare la conoscenza delle opportunità occupazionali del territorio circoscrizionale",
    "contribuire a limitare le disuguaglianze sociali attraverso interventi che consentano "
    "pari opportunità di accesso al mercato del lavoro",
    "sensibilizzare le imprese sul tema lavoro e disabilità",
    "alimentare il dibattito culturale, l’informazione, la formazione intorno al tema del "
    "diritto al lavoro",
]

# code: (title, start, end, status, lead organisation, partners, targets, objectives (1-based),
#        summary, description)
PROJECTS = {
    "INIZ-LAVORO": (
        "Iniziative per il lavoro – tirocini e borse lavoro", 2003, 2013, "completed",
        "Circoscrizione 2 – Ufficio Progetto Lavoro",
        ["Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)",
         "Servizio Sociale Circoscrizione 2 – Area Accoglienza e Adulti in difficoltà",
         "Città di Torino – Divisione Lavoro, Formazione Professionale e Sviluppo Economico"],
        ["youth_under_18", "adults_in_difficulty", "disabled", "unemployed"],
        [1, 2, 3, 5, 6],
        "Tirocini formativi e osservativi con borsa lavoro per adulti in difficoltà, giovani "
        "e persone con disabilità segnalati dai servizi sociali di zona.",
        "Nato dalle *nuove linee di indirizzo della Città per i \"Laboratori "
        "pre-professionali\"* (2003): coordinamento di reti locali verso un sistema integrato "
        "di servizi per il lavoro, la formazione e l'inclusione sociale.\n\n"
        "- **Fascia A** (giovani under 18): orientamento, reinserimento in percorsi "
        "formativi, obbligo formativo, formazione professionale.\n"
        "- **Fascia B** (adulti in difficoltà): piani di occupabilità, tirocini formativi.\n\n"
        "Le deliberazioni annuali \"Iniziative per il lavoro\" finanziano le borse lavoro, in "
        "collaborazione e con parziale finanziamento della Divisione Lavoro.",
    ),
    "DONNE-ANZIANI": (
        "Donne & Anziani: rete solidale nella Circoscrizione 2", 2007, 2015, "completed",
        "Associazione Un Progetto al Femminile", [], ["women", "migrants"], [2, 3, 5],
        "Corsi di preparazione e tirocinio propedeutico all'assistenza familiare di persone "
        "anziane del territorio, rivolti a donne in prevalenza straniere.",
        "Progetto promosso dall'Associazione Un Progetto al Femminile e sostenuto dalla "
        "Circoscrizione con contributi annuali.",
    ),
    "SPORT-LAVORO": (
        "Sport Obiettivo Lavoro – brevetto di bagnino di salvataggio", 2013, 2015, "completed",
        "A.S.D. Centro Europa 01", [], ["young_adults", "youth_under_18"], [1, 2, 5],
        "Corsi di nuoto di salvamento per il brevetto di \"Bagnino di Salvataggio\" rivolti a "
        "giovani dai 16 ai 35 anni in dispersione scolastica o senza qualifica.",
        "Sostiene l'acquisizione, da parte di giovani di ambo i sessi residenti nella "
        "Circoscrizione 2, in età di obbligo formativo e in dispersione scolastica o "
        "maggiorenni senza qualifica e a rischio di esclusione dal mercato del lavoro, di "
        "brevetti o qualifiche professionalizzanti in ambito sportivo e ricreativo (bagnino di "
        "salvataggio e istruttore di nuoto).",
    ),
    "COL-LABORA": (
        "Col-labora in 2", 2014, 2015, "completed", "Associazione Progetto Marconi", [],
        ["businesses", "adults_in_difficulty"], [2, 4, 6],
        "Ricerca-azione e laboratorio territoriale di sviluppo partecipativo, poi tirocini per "
        "il territorio.",
        "Il nucleo del progetto è un'intervista a un campione di 250 operatori economici "
        "(commercianti, artigiani, professionisti) per creare una rete territoriale utile ai "
        "successivi progetti di sviluppo economico e sociale, come i tirocini; favorisce "
        "un'informazione più efficace verso gli operatori (temi previdenziali, "
        "giuslavoristici, fiscali, legali, bandi, iniziative).",
    ),
    "EQUAL-PRIMEALI": (
        "EQUAL P.r.I.M.E.A.L.I. – Provare i Mestieri per Educare Al Lavoro Insieme", 2006, 2010,
        "completed",
        "Città di Torino – Divisione Lavoro, Formazione Professionale e Sviluppo Economico",
        ["Circoscrizione 2 – Ufficio Progetto Lavoro"], ["young_adults", "youth_under_18"],
        [1, 2], "Inserimenti di giovani dai 15 ai 25 anni per provare i mestieri.",
        "In collaborazione con la Divisione Lavoro, che lo finanzia.",
    ),
    "LISEM-IMPRESA": (
        "Orientamento all'imprenditorialità", 2006, 2010, "completed", "LISEM",
        ["Circoscrizione 2 – Ufficio Progetto Lavoro"], ["adults_in_difficulty"], [2, 4],
        "Percorso di orientamento all'imprenditorialità per adulti, gestito da LISEM.", "",
    ),
    "LANTERNA": (
        "Lanterna – ricerca-intervento sulle imprese disponibili", 2006, 2010, "completed",
        "Circoscrizione 2 – Ufficio Progetto Lavoro",
        ["Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)"],
        ["disabled", "businesses"], [4, 6],
        "Ricerca-intervento che ha individuato le imprese del territorio disponibili a "
        "ospitare tirocini osservativi di persone con disabilità.", "",
    ),
    "BANCA-DATI": (
        "Banca Dati Lavoro della Circoscrizione", 2006, None, "running",
        "Circoscrizione 2 – Ufficio Progetto Lavoro",
        ["Centro per l'Impiego di Torino – sede di Via Castalgomberto"], ["unemployed"], [4],
        "Archivio informatico circoscrizionale di curricula e disponibilità al lavoro, usato "
        "anche da agenzie e imprese come fonte di candidati.", "",
    ),
    "ALADINO": (
        "Progetto Aladino", 2006, None, "running", "Cooperativa Esserci",
        ["Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)"], ["disabled"],
        [1, 6], "Progetto per persone con disabilità gestito dalla Cooperativa Esserci.", "",
    ),
}

# (project code, year, period as written, title, contribution cents, total spend cents,
#  spend is an estimate ("spesa presunta"), beneficiary organisation)
DELIBERATIONS = [
    ("INIZ-LAVORO", 2003, "2003/2004", "Iniziative per il lavoro anni 2003/2004",
     600_000, 3_528_000, True, None),
    ("INIZ-LAVORO", 2004, "2004/2005", "Iniziative per il lavoro anni 2004/2005. Attuazione "
     "delle indicazioni del bilancio partecipato", 800_000, 5_080_000, False, None),
    ("INIZ-LAVORO", 2005, "2005/2006", "Iniziative per il lavoro anni 2005/2006",
     1_750_000, 7_655_000, False, None),
    ("INIZ-LAVORO", 2006, "2006/2007", "Iniziative per il lavoro anno 2006/2007",
     940_000, 7_281_600, False, None),
    ("DONNE-ANZIANI", 2007, "2007/2008", "Iniziative per il lavoro 2007/2008. Contributo "
     "all'Associazione \"Un Progetto al Femminile\"", 940_000, None, False,
     "Associazione Un Progetto al Femminile"),
    ("INIZ-LAVORO", 2008, "2008/2009", "Iniziative per il lavoro anno 2008/2009",
     1_150_000, 6_245_000, True, None),
    ("INIZ-LAVORO", 2009, "2009-2010", "Iniziative per il lavoro anni 2009-2010",
     1_150_000, 5_065_000, True, None),
    ("INIZ-LAVORO", 2010, "2010-2011", "Iniziative per il lavoro anni 2010-2011",
     1_150_000, 5_015_000, True, None),
    ("DONNE-ANZIANI", 2011, "2011/2012", "Iniziative per il lavoro 2011/2012. Contributo "
     "all'Associazione \"Un Progetto al Femminile\"", 320_000, None, False,
     "Associazione Un Progetto al Femminile"),
    ("DONNE-ANZIANI", 2012, "2012/2013", "Iniziative per il lavoro 2012/2013. Contributo "
     "all'Associazione \"Un Progetto al Femminile\"", 1_000_000, None, False,
     "Associazione Un Progetto al Femminile"),
    ("INIZ-LAVORO", 2012, "2012/2013", "Iniziative per il lavoro 2012/2013",
     None, 2_722_500, True, None),
    ("SPORT-LAVORO", 2013, "2013", "Iniziative per il lavoro 2013 – A.S.D. \"Centro Europa "
     "01\" – Realizzazione di un corso per giovani finalizzato al conseguimento del brevetto "
     "di salvamento", 400_000, None, False, "A.S.D. Centro Europa 01"),
    ("DONNE-ANZIANI", 2013, "2013", "Iniziative per il lavoro 2013. Contributo "
     "all'Associazione \"Un Progetto al Femminile\"", 600_000, None, False,
     "Associazione Un Progetto al Femminile"),
    ("COL-LABORA", 2014, "2014", "Iniziative per il lavoro 2014 – Progetto \"Col-labora in "
     "2\" – Ricerca-azione e laboratorio territoriale sviluppo partecipativo", 300_000, None,
     False, "Associazione Progetto Marconi"),
    ("DONNE-ANZIANI", 2014, "2014", "Iniziative per il lavoro 2014. Progetto «Donne & "
     "Anziani: rete solidale nella Circoscrizione 2»", 500_000, None, False,
     "Associazione Un Progetto al Femminile"),
    ("SPORT-LAVORO", 2015, "2015", "Iniziative per il lavoro 2015 – A.S.D. \"Centro Europa "
     "01\" – Realizzazione di un corso per giovani finalizzato al conseguimento del brevetto "
     "di salvamento", 498_900, None, False, "A.S.D. Centro Europa 01"),
    ("DONNE-ANZIANI", 2015, "2015", "Iniziative per il lavoro 2015. Progetto Donne & Anziani: "
     "rete solidale nella Circoscrizione 2", 400_000, None, False,
     "Associazione Un Progetto al Femminile"),
    ("COL-LABORA", 2015, "2015", "Iniziative per il lavoro 2015. Progetto Col-labora in 2 – "
     "Tirocini per il territorio", 1_400_000, None, False, "Associazione Progetto Marconi"),
    ("COL-LABORA", 2015, "2015", "Iniziative per il lavoro 2015. Progetto Col-labora in 2 – "
     "Tirocini per il territorio. Integrazione", 800_000, None, False,
     "Associazione Progetto Marconi"),
]

# (project code, label, count, months, target group, period start, period end, source)
OUTCOMES = [
    ("INIZ-LAVORO", "Tirocini formativi con borsa lavoro per adulti in difficoltà segnalati "
     "dai servizi sociali di zona", 11, 6, "adults_in_difficulty", 2006, 2010,
     SOURCE_2006_2010),
    ("INIZ-LAVORO", "Tirocini formativi con borsa lavoro per adulti in difficoltà segnalati "
     "dai servizi sociali di zona", 15, 4, "adults_in_difficulty", 2006, 2010,
     SOURCE_2006_2010),
    ("INIZ-LAVORO", "Tirocini formativi con borsa lavoro per adulti in difficoltà segnalati "
     "dai servizi sociali di zona", 20, 3, "adults_in_difficulty", 2006, 2010,
     SOURCE_2006_2010),
    ("INIZ-LAVORO", "Tirocini formativi con borsa lavoro per giovani di 18-22 anni", 4, 3,
     "young_adults", 2006, 2010, SOURCE_2006_2010),
    ("INIZ-LAVORO", "Tirocini formativi con borsa lavoro per adulti iscritti alla Banca Dati "
     "Lavoro (finanziamento proprio)", 29, 3, "unemployed", 2006, 2010, SOURCE_2006_2010),
    ("INIZ-LAVORO", "Tirocini osservativi con borsa lavoro per persone con disabilità seguite "
     "dai servizi sociali, ospitate nelle imprese individuate dal progetto Lanterna", 23, 3,
     "disabled", 2006, 2010, SOURCE_2006_2010),
    ("EQUAL-PRIMEALI", "Inserimenti di giovani di 15-25 anni nel progetto EQUAL "
     "P.r.I.M.E.A.L.I.", 22, None, "young_adults", 2006, 2010, SOURCE_2006_2010),
    ("LISEM-IMPRESA", "Inserimenti di adulti nel progetto di orientamento "
     "all'imprenditorialità", 15, None, "adults_in_difficulty", 2006, 2010, SOURCE_2006_2010),
    ("DONNE-ANZIANI", "Corsi di preparazione e tirocinio propedeutico all'assistenza familiare "
     "di anziani (16 donne per corso, in prevalenza straniere)", 5, None, "women", 2006, 2010,
     SOURCE_2006_2010),
    ("BANCA-DATI", "Persone gestite dall'archivio Banca Dati Lavoro (più di)", 300, None,
     "unemployed", 2006, 2010, SOURCE_2006_2010),
    ("INIZ-LAVORO", "Tirocini formativi con borsa lavoro per disoccupati residenti nella "
     "Circoscrizione 2 in condizioni di deprivazione socio-lavorativa", 21, 3,
     "adults_in_difficulty", 2011, 2016, SOURCE_2011_2016),
    ("SPORT-LAVORO", "Corsi di formazione al nuoto di salvamento (\"Sport Obiettivo Lavoro "
     "II\")", 2, None, "young_adults", 2011, 2016, SOURCE_2011_2016),
    ("SPORT-LAVORO", "Giovani che hanno conseguito il brevetto di Bagnino di Salvataggio", 38,
     None, "young_adults", 2011, 2016, SOURCE_2011_2016),
    ("DONNE-ANZIANI", "Corsi di preparazione e tirocinio propedeutico all'assistenza familiare "
     "di anziani", 6, None, "women", 2011, 2016, SOURCE_2011_2016),
    ("DONNE-ANZIANI", "Donne (in prevalenza straniere) coinvolte nei corsi", 41, None, "women",
     2011, 2016, SOURCE_2011_2016),
    ("COL-LABORA", "Operatori economici intervistati (commercianti, artigiani, "
     "professionisti)", 250, None, "businesses", 2011, 2016, SOURCE_2011_2016),
]

# (title, start, end, declared spend cents, seminars held, narrative)
MANDATE_REPORTS = [
    (SOURCE_2006_2010, 2006, 2010, 24_500_000, 4,
     "La Circoscrizione 2 propone e sostiene da molti anni un organico intervento progettuale "
     "nell'ambito delle politiche attive dell'occupazione, dell'orientamento professionale, "
     "dell'inclusione sociale e dell'integrazione dei soggetti deboli del mercato del "
     "lavoro.\n\nNel corso del mandato sono state realizzate attività con una spesa "
     "complessiva di **circa 245.000 euro**; sono stati organizzati quattro momenti "
     "seminariali di approfondimento sui temi del lavoro.\n\n**Punti di forza**: lavoro di "
     "rete con i Servizi Sociali; quasi il 50% dei soggetti inseriti esce dal circuito "
     "assistenziale; aggregazione di nuovi soggetti al gruppo, in particolare il CPI; "
     "frequenza altissima dei partecipanti ai progetti e assenteismo ridotto al minimo."),
    (SOURCE_2011_2016, 2011, 2016, 10_000_000, 2,
     "Nel periodo si sono standardizzate le occasioni di confronto del Gruppo di Lavoro "
     "Progetto Politiche per il Lavoro, mentre la crisi occupazionale e la contrazione dei "
     "bilanci riducevano le risorse.\n\nNel corso del mandato sono state realizzate attività "
     "con una spesa complessiva di **circa 100.000 euro**; un paio di momenti seminariali di "
     "approfondimento.\n\nNuovi filoni: la ricerca-intervento con le realtà produttive del "
     "quartiere (Associazione Progetto Marconi) e i brevetti professionalizzanti in ambito "
     "sportivo per i giovani."),
]

# (year, period, title, description)
MILESTONES = [
    (2003, "2003", "Punto di partenza: nuove linee di indirizzo della Città per i "
     "\"Laboratori pre-professionali\"",
     "Coordinamento di reti locali verso un sistema integrato di servizi per il lavoro, la "
     "formazione e l'inclusione sociale; le istituzioni locali sono i \"nodi\" della rete."),
    (2005, "2005/2006", "Primo progetto lavoro più articolato", ""),
    (2007, "2007/2008", "Costituzione del Tavolo di coordinamento lavoro", ""),
    (2012, "2012/2013", "Inizio della crisi e riduzione dei fondi", ""),
    (2015, "2015", "Nasce il Tavolo di coordinamento centrale",
     "Il nuovo Coordinamento Cittadino dei Tavoli Sociali Circoscrizionali del Lavoro, "
     "promosso dal Servizio Politiche per il Lavoro e Orientamento Professionale della Città "
     "di Torino."),
]

# Demo logins: not in the seed, so every one of them is an example.
# (e-mail, name, role, organisation, role in the organisation)
DEMO_USERS = [
    ("coordinatore@example.org", "Laura Coordinatrice (esempio)", "coordinator",
     "Circoscrizione 2 – Ufficio Progetto Lavoro", "Responsabile dell'ufficio lavoro (esempio)"),
    ("membro@example.org", "Marco Membro (esempio)", "member",
     "Servizio Sociale Circoscrizione 2 – Area Accoglienza e Adulti in difficoltà",
     "Educatore referente per gli adulti in difficoltà (esempio)"),
    ("partner@example.org", "Paola Partner (esempio)", "partner",
     "Associazione Un Progetto al Femminile", "Referente dei progetti (esempio)"),
]
