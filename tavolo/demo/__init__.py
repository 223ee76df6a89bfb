"""The demo network: the real history of the Tavolo of Circoscrizione 2 (Turin)."""
