"""Accounts, roles, login, invitations and password resets."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
