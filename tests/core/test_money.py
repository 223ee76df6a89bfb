"""Euro amounts typed the Italian way become integer cents, or a clear Italian refusal."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tavolo.money import MAX_CENTS, EuroField, MoneyError, format_cents, parse_cents


@pytest.mark.parametrize("text, cents", [
    ("35.280,00", 3_528_000),
    ("35280", 3_528_000),
    ("35.280", 3_528_000),          # the dot groups thousands in Italian
    ("35280,5", 3_528_050),
    ("0,05", 5),
    ("€ 35.280,00", 3_528_000),
    ("35.280,00=", 3_528_000),      # as the deliberations write it
    ("  1.250.000,00  ", 125_000_000),
    ("35 280,00", 3_528_000),
    ("0", 0),
    ("4.989,00 €", 498_900),
])
def test_italian_amounts_become_cents(text, cents):
    assert parse_cents(text) == cents


@pytest.mark.parametrize("text", ["", "   ", None, "€"])
def test_empty_means_not_stated(text):
    assert parse_cents(text) is None


@pytest.mark.parametrize("text, reason", [
    ("-5,00", "negativo"),
    ("−5", "negativo"),
    ("12,345", "due cifre"),
    ("12,3456", "due cifre"),
    ("abc", "solo cifre"),
    ("12a", "solo cifre"),
    ("1,000,00", "virgola solo per i centesimi"),
    ("35280.50", "35280,50"),
    ("1.5", "1,5"),
    ("1.25.000", "gruppi di tre"),
    ("12,00.5", "prima della virgola"),
    ("99999999999999", "troppo grande"),
])
def test_bad_amounts_are_refused_with_an_italian_reason(app, text, reason):
    with app.test_request_context():
        with pytest.raises(MoneyError) as error:
            parse_cents(text)
        assert reason in str(error.value)


def test_format_writes_back_what_parse_reads():
    assert format_cents(3_528_000) == "35.280,00"
    assert format_cents(5) == "0,05"
    assert format_cents(125_000_000) == "1.250.000,00"
    assert format_cents(None) == ""


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_any_amount_survives_a_round_trip(cents):
    assert parse_cents(format_cents(cents)) == cents


def test_sums_of_cents_have_no_float_error():
    # 0.1 + 0.2 != 0.3 in floats; in cents the sum is exact.
    amounts = [parse_cents("0,10"), parse_cents("0,20")]
    assert sum(amounts) == parse_cents("0,30") == 30
    assert sum(parse_cents("4.989,00") for _ in range(1000)) == 498_900_000


class _AmountForm(FlaskForm):
    amount = EuroField("Importo")


def test_the_form_field_keeps_cents_and_shows_errors(app):
    with app.test_request_context(method="POST"):
        app.config["WTF_CSRF_ENABLED"] = False
        form = _AmountForm(formdata=MultiDict({"amount": "50.800,00"}))
        assert form.validate()
        assert form.amount.data == 5_080_000
        assert form.amount._value() == "50.800,00"

        bad = _AmountForm(formdata=MultiDict({"amount": "-3"}))
        assert not bad.validate()
        assert bad.amount.data is None
        assert "negativo" in bad.amount.errors[0]
        assert bad.amount._value() == "-3"  # what the user typed stays in the field


@pytest.mark.parametrize("text", ["€€", "€€ 5", "EUR", "EUR 8.000,00", "8.000 euro", "€ 5 €",
                                  "\u0665\u0660", "٣٥٬٢٨٠", "３５", "5\u00a0000,00\u200b",
                                  "1.5e3", "0x10"])
def test_only_one_euro_sign_and_ascii_digits_are_amounts(app, text):
    with pytest.raises(MoneyError) as error:
        parse_cents(text)
    assert str(error.value)
