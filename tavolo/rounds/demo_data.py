"""Example priority rounds for the demo network (all invented: examples), over the example
proposals of ``tavolo/proposals/demo_data.py`` (named by their keys there)."""

from __future__ import annotations

CLOSED_ROUND = {
    "title": "Priorità 2026 per i fondi «Iniziative per il lavoro»",
    "description": "Con i fondi 2026 possiamo finanziare una o due proposte. Ogni ente "
                   "distribuisce **10 punti**, al massimo 5 sulla stessa proposta.",
    "proposals": ["botteghe", "istruttori", "italiano", "curricula"],
    "opened_days_ago": 45, "closed_days_ago": 30, "quorum": 50,
    # (voter e-mail, {proposal key: points}) – one ballot per organisation.
    "ballots": [
        ("coordinatore@example.org", {"botteghe": 4, "istruttori": 2, "italiano": 2,
                                      "curricula": 2}),
        ("membro@example.org", {"botteghe": 3, "istruttori": 2, "italiano": 3, "curricula": 2}),
        ("partner@example.org", {"botteghe": 2, "istruttori": 1, "italiano": 5,
                                 "curricula": 2}),
        ("referente.marconi@example.org", {"botteghe": 5, "istruttori": 2, "italiano": 2,
                                           "curricula": 1}),
        ("referente.centroeuropa@example.org", {"botteghe": 2, "istruttori": 5,
                                                "italiano": 1, "curricula": 2}),
        ("referente.cpi@example.org", {"botteghe": 3, "istruttori": 1, "italiano": 2,
                                       "curricula": 4}),
        ("referente.esserci@example.org", {"botteghe": 3, "istruttori": 3, "italiano": 2,
                                           "curricula": 2}),
        ("referente.disabili@example.org", {"botteghe": 3, "istruttori": 3, "italiano": 3,
                                            "curricula": 1}),
        ("referente.ascolto@example.org", {"botteghe": 3, "istruttori": 3, "italiano": 2,
                                           "curricula": 2}),
    ],
    # After the close: the first is adopted, the last set aside; the two tied second wait
    # for the coordinator.
    "decisions": [("botteghe", "adopted", "Prima per punti: finanziata con i fondi 2026."),
                  ("curricula", "set_aside", "Ultima per punti: se ne riparla nel 2027.")],
}

OPEN_ROUND = {
    "title": "Prossimi passi per il lavoro delle persone con disabilità",
    "description": "Metti le proposte nell'ordine in cui le faresti partire. Il voto è "
                   "palese e i risultati si vedono mentre si vota.",
    "proposals": ["lanterna", "sportello", "seminario"],
    "opened_days_ago": 3, "closes_in_days": 11,
    # (voter e-mail, {proposal key: rank})
    "ballots": [
        ("referente.disabili@example.org", {"lanterna": 1, "seminario": 2, "sportello": 3}),
        ("referente.esserci@example.org", {"lanterna": 1, "sportello": 2, "seminario": 2}),
        ("referente.marconi@example.org", {"sportello": 1, "lanterna": 2}),
        ("referente.cisl@example.org", {"seminario": 1, "lanterna": 2, "sportello": 3}),
    ],
}
