"""Coordinator tools: user administration and the mail outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
