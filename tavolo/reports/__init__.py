"""Mandate reports and the network's history."""
