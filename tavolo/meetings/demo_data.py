"""A year of example meetings of the Tavolo about the real projects of the seed.

Everything here is invented for the demo (the seed documents say the group met, not what it
said): the meetings are flagged ``is_example`` and every person's name ends in "(esempio)".
Dates are not stored: the loader places the meetings in the twelve months around the day it
runs, so the demo always has a recent past and one or two meetings to come.

Keys of people: ``coord``, ``member`` and ``partner`` are the demo logins; the others are
example contact people created by the loader (``PEOPLE``).
"""

from __future__ import annotations

CORE_PLACE = "Sede della Circoscrizione 2 – sala riunioni, 1° piano"
ENLARGED_PLACE = "Cascina Roccafranca – salone al piano terra"

# key: (name, organisation, role)
PEOPLE = {
    "giorgio": ("Giorgio Ferraris (esempio)", "Circoscrizione 2 – Ufficio Progetto Lavoro",
                "Istruttore amministrativo dell'ufficio lavoro"),
    "anna": ("Anna Rinaldi (esempio)",
             "Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)",
             "Responsabile dell'Area Disabili – Presa in carico"),
    "luca": ("Luca Bertola (esempio)",
             "Servizio Sociale Circoscrizione 2 – Area Disabili (Presa in carico)",
             "Educatore referente per il lavoro"),
    "silvia": ("Silvia Gallo (esempio)",
               "Servizio Sociale Circoscrizione 2 – Area Accoglienza e Adulti in difficoltà",
               "Responsabile dell'Area Accoglienza"),
    "davide": ("Davide Conti (esempio)", "Cooperativa Esserci", "Referente del progetto Aladino"),
    "elena": ("Elena Marchetti (esempio)", "Associazione Progetto Marconi",
              "Coordinatrice di Col-labora in 2"),
    "paolo": ("Paolo Greco (esempio)", "A.S.D. Centro Europa 01",
              "Istruttore di nuoto e salvamento"),
    "fatima": ("Fatima El Amrani (esempio)", "Associazione Un Progetto al Femminile",
               "Mediatrice culturale"),
    "roberta": ("Roberta Longo (esempio)",
                "Centro per l'Impiego di Torino – sede di Via Castalgomberto",
                "Responsabile della sede"),
    "stefano": ("Stefano Ricci (esempio)",
                "Città di Torino – Divisione Lavoro, Formazione Professionale e Sviluppo "
                "Economico", "Funzionario Politiche per l'Occupazione"),
    "chiara": ("Chiara Vitale (esempio)", "CISL – Unione Sindacale Territoriale",
               "Operatrice sindacale"),
    "teresa": ("Teresa Bruno (esempio)", "Centri di Ascolto parrocchiali del quartiere",
               "Volontaria del centro di ascolto"),
    "giulia": ("Giulia Mancini (esempio)", "Cascina Roccafranca", "Referente dei progetti"),
}

# One entry per core meeting, oldest first; the last is the one still to come.
# (title topic, summary, items, decisions, actions)
#   items: (title, minutes, presenter, project code or None, description, notes)
#   decisions: (item number, text, project code or None)
#   actions: (item number, what, owner, due days after the meeting, status)
CORE = [
    ("programmazione dell'anno",
     "Presenti i referenti del gruppo ristretto. Si apre la programmazione dell'anno.",
     [("Bilancio delle Iniziative per il lavoro dell'anno precedente", 30, "coord", "INIZ-LAVORO",
       "Tirocini con borsa lavoro avviati, conclusi e interrotti.",
       "Dei tirocini avviati, quasi la metà si è conclusa con un'uscita dal circuito "
       "assistenziale. Le interruzioni riguardano soprattutto problemi di salute."),
      ("Col-labora in 2: restituzione dell'indagine sugli operatori economici", 40, "elena",
       "COL-LABORA", "Prime elaborazioni delle 250 interviste a commercianti e artigiani.",
       "Gli operatori chiedono soprattutto informazioni su contratti e incentivi. Una trentina "
       "si dichiara disponibile a ospitare un tirocinio."),
      ("Sport Obiettivo Lavoro: nuovo corso per il brevetto di bagnino", 20, "paolo",
       "SPORT-LAVORO", "", "Il corso può partire in primavera con 20 posti.")],
     [(2, "Le imprese disponibili emerse dall'indagine sono il primo bacino per i tirocini "
          "di Col-labora in 2.", "COL-LABORA"),
      (3, "Si sostiene il nuovo corso di Sport Obiettivo Lavoro con la segnalazione dei "
          "giovani da parte dei servizi.", "SPORT-LAVORO")],
     [(2, "Inviare al gruppo l'elenco delle imprese disponibili", "elena", 14, "done"),
      (3, "Raccogliere le segnalazioni dei giovani 16–35 anni", "silvia", 30, "done")]),
    ("tirocini per il territorio",
     "Si approva il verbale precedente e si avvia la selezione dei tirocini.",
     [("Col-labora in 2: criteri di abbinamento tra imprese e tirocinanti", 40, "elena",
       "COL-LABORA", "Proposta di scheda di abbinamento.",
       "La scheda viene adottata con due correzioni: disponibilità oraria e distanza da casa."),
      ("Borse lavoro: graduatoria delle segnalazioni dei servizi", 30, "silvia", "INIZ-LAVORO",
       "", "Undici segnalazioni, otto posti disponibili.")],
     [(1, "Adottata la scheda di abbinamento di Col-labora in 2.", "COL-LABORA"),
      (2, "Avviati otto tirocini con borsa lavoro di tre mesi.", "INIZ-LAVORO")],
     [(2, "Comunicare l'esito alle persone segnalate", "member", 10, "done")]),
    ("monitoraggio dei tirocini",
     "Primo giro di monitoraggio.",
     [("Andamento dei tirocini avviati", 30, "giorgio", "INIZ-LAVORO", "",
       "Sei tirocini procedono regolarmente, due richiedono un colloquio di sostegno."),
      ("Donne & Anziani: calendario del corso per assistenti familiari", 25, "anna",
       "DONNE-ANZIANI", "", "Il corso si terrà il martedì e il giovedì mattina."),
      ("Centro Aladino: inserimenti osservativi", 20, "davide", "INIZ-LAVORO", "",
       "Due imprese della ricerca Lanterna confermano la disponibilità.")],
     [(2, "Si chiede all'associazione di riservare quattro posti alle segnalazioni dei "
          "servizi.", "DONNE-ANZIANI")],
     [(1, "Fissare i colloqui di sostegno per i due tirocini in difficoltà", "luca", 15, "done"),
      (2, "Trasmettere all'associazione le quattro segnalazioni", "anna", 20, "done")]),
    ("brevetti e borse lavoro",
     "",
     [("Sport Obiettivo Lavoro: esiti degli esami del brevetto", 25, "paolo", "SPORT-LAVORO", "",
       "Diciannove giovani su venti hanno conseguito il brevetto di bagnino di salvataggio."),
      ("Borse lavoro: proroghe", 30, "silvia", "INIZ-LAVORO", "",
       "Proposta di proroga per due tirocini vicini all'assunzione.")],
     [(2, "Prorogati di un mese i due tirocini vicini all'assunzione.", "INIZ-LAVORO")],
     [(1, "Contattare gli stabilimenti balneari e le piscine per i brevettati", "paolo", 30,
       "done")]),
    ("annullata", "", [("Aggiornamento sui tirocini", 30, "giorgio", "INIZ-LAVORO", "", "")],
     [], []),
    ("verifica di metà anno",
     "Si riprendono i punti della riunione annullata.",
     [("Col-labora in 2: primi esiti dei tirocini", 35, "elena", "COL-LABORA", "",
       "Tre tirocini su sette proseguono con un contratto a termine."),
      ("Banca Dati Lavoro: aggiornamento dell'archivio", 20, "giorgio", "BANCA-DATI", "",
       "Da ripulire i curricula non aggiornati da più di due anni.")],
     [(1, "Col-labora in 2 prosegue con un secondo gruppo di tirocini.", "COL-LABORA")],
     [(2, "Scrivere alle persone con curriculum non aggiornato", "member", 45, "dropped"),
      (1, "Preparare la scheda di sintesi per il bilancio annuale", "elena", 60, "done")]),
    ("ripresa dopo l'estate",
     "",
     [("Donne & Anziani: esito del corso", 25, "anna", "DONNE-ANZIANI", "",
       "Quattordici partecipanti hanno concluso il tirocinio propedeutico."),
      ("Iniziative per il lavoro: risorse per l'ultimo trimestre", 30, "coord", "INIZ-LAVORO",
       "", "Le risorse residue consentono quattro ulteriori borse lavoro.")],
     [(2, "Quattro nuove borse lavoro per adulti in difficoltà.", "INIZ-LAVORO")],
     [(2, "Raccogliere le segnalazioni per le nuove borse lavoro", "silvia", 21, "done"),
      (1, "Chiedere all'associazione i dati di esito per il bilancio", "anna", 30, "open")]),
    ("seminario e bilancio",
     "",
     [("Preparazione del momento seminariale di fine anno", 30, "coord", None,
       "Tema proposto: «Il Tavolo come strumento e non come fine».",
       "Il seminario si terrà alla Cascina Roccafranca; relatori del CPI e della Divisione "
       "Lavoro."),
      ("Sport Obiettivo Lavoro: inserimenti dei brevettati", 20, "paolo", "SPORT-LAVORO", "",
       "Otto brevettati hanno lavorato nella stagione estiva.")],
     [(1, "Il seminario si terrà a gennaio alla Cascina Roccafranca.", None)],
     [(1, "Invitare i relatori del seminario", "coord", 20, "open"),
      (2, "Raccogliere le testimonianze dei brevettati", "paolo", 40, "open")]),
    ("nuove borse lavoro",
     "",
     [("Graduatoria delle nuove borse lavoro", 30, "silvia", "INIZ-LAVORO", "",
       "Quattro persone avviate, una in attesa di visita medica."),
      ("Col-labora in 2: relazione finale", 30, "elena", "COL-LABORA", "", "")],
     [(1, "Avviate quattro borse lavoro; la quinta appena completata la visita medica.",
       "INIZ-LAVORO")],
     [(2, "Inviare la relazione finale di Col-labora in 2 al gruppo", "elena", 14, "open"),
      (1, "Verificare l'esito della visita medica", "member", 10, "open")]),
    ("bilancio dell'anno e programmazione",
     "Ultima riunione prima della pausa: si fa il punto sull'anno.",
     [("Bilancio dell'anno: dati dei progetti", 40, "coord", "INIZ-LAVORO", "",
       "I dati verranno raccolti in una scheda unica per il bilancio di mandato."),
      ("Sport Obiettivo Lavoro: proposta di una nuova edizione", 25, "paolo", "SPORT-LAVORO", "",
       "Si propone di aggiungere il modulo per istruttore di nuoto.")],
     [(2, "Il gruppo è favorevole a una nuova edizione con il modulo per istruttore.",
       "SPORT-LAVORO")],
     [(1, "Compilare la scheda unica dei dati dei progetti", "member", 25, "open"),
      (2, "Chiedere un preventivo per il modulo istruttore", "paolo", 30, "open")]),
    ("programmazione del nuovo anno",
     "",
     [("Donne & Anziani: proposta del nuovo corso", 30, "anna", "DONNE-ANZIANI",
       "L'associazione propone un corso serale per chi lavora di giorno.", ""),
      ("Col-labora in 2: come continuare la rete delle imprese", 30, "elena", "COL-LABORA",
       "Idee per mantenere i contatti con le imprese disponibili.", ""),
      ("Varie ed eventuali", 10, None, None, "", "")],
     [], []),
]

# Enlarged meetings: oldest first, the last one still to come.
ENLARGED = [
    ("programma dell'anno con la rete",
     "Partecipano i referenti della rete locale per il lavoro.",
     [("Presentazione del programma dell'anno", 30, "coord", "INIZ-LAVORO", "", "Il programma è "
       "condiviso; il CPI chiede di ricevere i dati dei beneficiari."),
      ("Centro per l'Impiego: dati sull'occupazione nella Circoscrizione 2", 30, "roberta", None,
       "", "In crescita gli iscritti sopra i 45 anni."),
      ("Donne & Anziani: il corso di quest'anno", 20, "partner", "DONNE-ANZIANI", "",
       "Il corso è aperto anche alle segnalazioni dei Centri di Ascolto.")],
     [(1, "Si avvia la trasmissione periodica al CPI dei dati dei beneficiari.", None),
      (3, "I Centri di Ascolto possono segnalare candidate al corso.", "DONNE-ANZIANI")],
     [(1, "Definire con il CPI il formato dei dati da trasmettere", "giorgio", 30, "done"),
      (3, "Inviare ai Centri di Ascolto il volantino del corso", "partner", 15, "done")]),
    ("verifica di metà anno con la rete",
     "",
     [("Sport Obiettivo Lavoro: risultati del corso", 20, "paolo", "SPORT-LAVORO", "",
       "Diciannove brevetti su venti partecipanti."),
      ("Centri di Ascolto: le richieste di lavoro che arrivano", 30, "teresa", None, "",
       "Molte richieste di donne sopra i 50 anni senza qualifica."),
      ("Sindacato: informazione sui contratti di lavoro domestico", 25, "chiara", "DONNE-ANZIANI",
       "", "La CISL offre uno sportello informativo per le assistenti familiari.")],
     [(3, "Lo sportello CISL sarà presentato alle partecipanti del corso Donne & Anziani.",
       "DONNE-ANZIANI")],
     [(3, "Organizzare l'incontro con lo sportello CISL", "partner", 45, "open"),
      (2, "Raccogliere i dati delle richieste dei Centri di Ascolto", "teresa", 60, "open")]),
    ("incontro annuale della rete",
     "",
     [("Bilancio dell'anno della rete locale per il lavoro", 40, "coord", "INIZ-LAVORO", "", ""),
      ("Col-labora in 2: la rete delle imprese del quartiere", 30, "elena", "COL-LABORA", "", ""),
      ("Proposte dei partner per il nuovo anno", 30, None, None, "", "")],
     [], []),
]

# A proposal the partner demo login made for the enlarged meeting to come.
PARTNER_PROPOSAL = ("Corso serale per assistenti familiari", 20, "DONNE-ANZIANI",
                    "Vorremmo presentare alla rete la proposta di un corso serale, per le donne "
                    "che lavorano durante il giorno.")

CANCEL_REASON = "Concomitanza con la seduta del Consiglio di Circoscrizione."

# Agenda items that bring an example proposal of the network (``tavolo/proposals/demo_data.py``,
# by key) to a meeting: (item title, proposal key).
PROPOSAL_LINKS = [
    ("Sport Obiettivo Lavoro: proposta di una nuova edizione", "istruttori"),
    ("Donne & Anziani: proposta del nuovo corso", "italiano"),
    ("Col-labora in 2: la rete delle imprese del quartiere", "botteghe"),
]
