"""Partner directory: organisations and people."""
