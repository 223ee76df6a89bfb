"""Projects, deliberations, funding and outcomes."""
