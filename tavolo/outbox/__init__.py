"""The mail outbox: every e-mail is stored first and delivered later, so none is lost."""
