"""Example proposals and comments for the demo network (all invented: examples).

They are about the real projects of the seed (``tavolo/demo/data.py``) and come from the
real partner organisations, written by example contact people.
"""

from __future__ import annotations

# Example logins of partner organisations: (e-mail, name, role, organisation, job).
PEOPLE = [
    ("referente.marconi@example.org", "Giorgio Ferrero (esempio)", "partner",
     "Associazione Progetto Marconi", "Ricercatore sociale (esempio)"),
    ("referente.centroeuropa@example.org", "Sara Colombo (esempio)", "partner",
     "A.S.D. Centro Europa 01", "Istruttrice e referente dei corsi (esempio)"),
    ("referente.cpi@example.org", "Luca Gallo (esempio)", "partner",
     "Centro per l'Impiego di Torino – sede di Via Castalgomberto",
     "Operatore dei servizi per l'impiego (esempio)"),
    ("referente.esserci@example.org", "Anna Ricci (esempio)", "member",
     "Cooperativa Esserci", "Coordinatrice del progetto Aladino (esempio)"),
    ("referente.disabili@example.org", "Elena Bruno (esempio)", "member",
     "Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)",
     "Educatrice referente per il lavoro (esempio)"),
    ("referente.ascolto@example.org", "Paolo Greco (esempio)", "partner",
     "Centri di Ascolto parrocchiali del quartiere", "Volontario (esempio)"),
    ("referente.cisl@example.org", "Marta Rinaldi (esempio)", "partner",
     "CISL – Unione Sindacale Territoriale", "Operatrice sindacale (esempio)"),
    ("referente.roccafranca@example.org", "Franco Costa (esempio)", "partner",
     "Cascina Roccafranca", "Animatore di comunità (esempio)"),
]

# key: (author e-mail, title, visibility, project codes, days ago, body)
PROPOSALS = {
    "botteghe": (
        "referente.marconi@example.org",
        "Col-labora in 2: tirocini nelle botteghe di via Dina", "network", ["COL-LABORA"], 60,
        "Dalle **250 interviste** agli operatori economici del quartiere è emerso che molte "
        "botteghe artigiane di via Dina e dintorni ospiterebbero un tirocinio, se qualcuno le "
        "accompagnasse nelle pratiche.\n\n"
        "Proponiamo di:\n\n"
        "- scegliere con i servizi sociali 8 persone in cerca di lavoro;\n"
        "- abbinarle a 8 botteghe tra quelle intervistate;\n"
        "- seguire i tirocini (3 mesi) con un tutor dell'associazione.\n\n"
        "Costo stimato: borse lavoro e tutoraggio, circa 14.000 euro."),
    "istruttori": (
        "referente.centroeuropa@example.org",
        "Sport Obiettivo Lavoro: dal brevetto di bagnino a quello di istruttore di nuoto",
        "network", ["SPORT-LAVORO"], 59,
        "Dei 38 giovani che hanno preso il brevetto di *Bagnino di Salvataggio*, molti "
        "lavorano solo d'estate. Un corso di **istruttore di nuoto** darebbe loro un lavoro "
        "tutto l'anno nelle piscine comunali.\n\n"
        "Proponiamo un corso per 12 giovani, con 40 ore di tirocinio in piscina."),
    "italiano": (
        "partner@example.org",
        "Donne & Anziani: un modulo di italiano per l'assistenza familiare", "network",
        ["DONNE-ANZIANI"], 58,
        "Molte partecipanti ai corsi di assistenza familiare faticano con l'italiano scritto "
        "(ricette, piani terapeutici, comunicazioni con il medico).\n\n"
        "Proponiamo un modulo di 30 ore di italiano per l'assistenza, prima del tirocinio."),
    "curricula": (
        "referente.cpi@example.org",
        "Banca Dati Lavoro: aggiornare i curricula insieme al Centro per l'Impiego", "network",
        ["BANCA-DATI"], 57,
        "Nella Banca Dati Lavoro molti curricula risalgono a prima del 2012. Proponiamo due "
        "giornate al mese, alternate tra la Circoscrizione e il CPI, per aggiornarli con le "
        "persone e segnalare le offerte compatibili."),
    "lanterna": (
        "referente.disabili@example.org",
        "Tirocini osservativi nelle imprese mappate dal progetto Lanterna", "network",
        ["LANTERNA", "INIZ-LAVORO"], 20,
        "Lanterna aveva individuato le imprese disponibili a ospitare persone con disabilità. "
        "Proponiamo di ricontattarle e di riattivare almeno 6 tirocini osservativi di 3 mesi, "
        "con l'educatore referente dell'Area Disabili."),
    "sportello": (
        "referente.ascolto@example.org",
        "Uno sportello di orientamento al lavoro nei Centri di Ascolto", "network",
        ["INIZ-LAVORO"], 18,
        "Nei Centri di Ascolto arrivano ogni settimana persone che cercano lavoro ma non "
        "conoscono i servizi. Proponiamo uno sportello mensile, con un operatore del CPI, "
        "in due parrocchie del quartiere."),
    "seminario": (
        "referente.cisl@example.org",
        "Un seminario sul diritto al lavoro delle persone con disabilità", "network",
        ["INIZ-LAVORO"], 15,
        "Proponiamo una giornata di studio aperta alle imprese del quartiere sulla legge "
        "68/1999 (collocamento mirato), con testimonianze di tirocini riusciti."),
    "aladino": (
        "referente.esserci@example.org",
        "Aladino: un laboratorio di assemblaggio su commessa per le imprese del quartiere",
        "core", ["ALADINO"], 10,
        "Il centro Aladino potrebbe accogliere piccole commesse (confezionamento, "
        "assemblaggio) dalle imprese intervistate da Col-labora in 2. Servono un accordo "
        "quadro e un'assicurazione: ne discutiamo nel gruppo ristretto prima di aprirla "
        "alla rete."),
}

# A second version of one proposal, to show the kept versions: (key, days ago, new body).
EDITS = [
    ("italiano", 55,
     "Molte partecipanti ai corsi di assistenza familiare faticano con l'italiano scritto "
     "(ricette, piani terapeutici, comunicazioni con il medico).\n\n"
     "Proponiamo un modulo di **30 ore** di italiano per l'assistenza, prima del tirocinio, "
     "tenuto da un'insegnante del CPIA in collaborazione con l'associazione."),
]

# (proposal key, id, reply to id or None, author e-mail, days ago, text, removed)
COMMENTS = [
    ("botteghe", "c1", None, "coordinatore@example.org", 57,
     "Ottima idea: le interviste sono il punto di partenza giusto. Quante botteghe hanno "
     "già detto di sì?", False),
    ("botteghe", "c2", "c1", "referente.marconi@example.org", 56,
     "Dodici si sono dette disponibili; otto hanno già uno spazio adatto.", False),
    ("botteghe", "c3", "c2", "referente.cpi@example.org", 56,
     "Possiamo segnalare noi le persone iscritte al collocamento che abitano in zona.", False),
    ("botteghe", "c4", None, "membro@example.org", 55,
     "Dall'Area Accoglienza possiamo proporre tre persone seguite dal servizio.", False),
    ("italiano", "c5", None, "referente.esserci@example.org", 56,
     "Il CPIA di zona fa già corsi simili: forse si può fare insieme?", False),
    ("italiano", "c6", "c5", "partner@example.org", 55,
     "Sì, li abbiamo sentiti: ho aggiornato la proposta.", False),
    ("curricula", "c7", None, "referente.roccafranca@example.org", 54,
     "Messaggio inviato per errore.", True),
    ("curricula", "c8", None, "referente.roccafranca@example.org", 54,
     "Alla Cascina possiamo mettere a disposizione una sala con due computer.", False),
    ("lanterna", "c9", None, "referente.esserci@example.org", 4,
     "Alcune di quelle imprese hanno chiuso: conviene partire da un nuovo giro di "
     "telefonate.", False),
    ("aladino", "c10", None, "membro@example.org", 8,
     "Prima di aprirla alla rete servirebbe un parere dell'ufficio legale.", False),
]
