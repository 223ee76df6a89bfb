"""Coordinator tools: user administration and the mail outbox."""
