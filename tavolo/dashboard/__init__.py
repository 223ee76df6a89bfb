"""The signed-in home page: blocks that other areas register, each also an htmx fragment."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
