"""Search services: index maintenance, queries, engines, text handling and extraction."""
