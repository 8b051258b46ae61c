"""Card numbers masked before they are stored; personal data redacted from exports."""

from __future__ import annotations

import pytest

from callmate.redact import luhn_ok, mask_cards, redact_text

# Well-known test numbers of each length that pass the Luhn check.
CARDS = {
    "4222222222222": "2222",  # 13 digits (Visa)
    "378282246310005": "0005",  # 15 (Amex)
    "4111111111111111": "1111",  # 16 (Visa)
    "5555555555554444": "4444",  # 16 (Mastercard)
    "6011000990139424": "9424",  # 16 (Discover)
    "4111111111111111110": "1110",  # 19
}


@pytest.mark.parametrize("number, last4", CARDS.items())
def test_luhn_valid_card_numbers_of_13_to_19_digits_are_masked_to_the_last_four(number, last4):
    assert luhn_ok(number)
    masked, count = mask_cards(f"card is {number} thanks")
    assert count == 1
    assert number not in masked
    assert masked == f"card is [card ••••{last4}] thanks"


@pytest.mark.parametrize(
    "written",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111 1111-1111 1111",
        "3782 822463 10005",
    ],
)
def test_card_numbers_grouped_by_spaces_or_dashes_are_masked(written):
    masked, count = mask_cards(f"Kart: {written}.")
    assert count == 1
    assert masked.startswith("Kart: [card ••••") and masked.endswith("].")
    digits = "".join(ch for ch in written if ch.isdigit())
    assert digits[:6] not in masked.replace(" ", "").replace("-", "")


def test_several_cards_in_one_text_are_all_masked_and_counted():
    text = "first 4111111111111111, then 5555 5555 5555 4444; amex 378282246310005"
    masked, count = mask_cards(text)
    assert count == 3
    assert masked == "first [card ••••1111], then [card ••••4444]; amex [card ••••0005]"


def test_text_without_cards_is_returned_unchanged_with_a_zero_count():
    text = "Müşteri çok kızgın; İade istiyor. Kõik on korras."
    assert mask_cards(text) == (text, 0)
    assert mask_cards("") == ("", 0)


@pytest.mark.parametrize(
    "text",
    [
        "order 1234567890123 placed",  # 13 digits, fails Luhn
        "4111 1111 1111 1112",  # one digit off a real card: fails Luhn
        "order #ORD-2026-000123456",
        "order 1234567",
        "+90 532 123 45 67",
        "0532 123 45 67",
        "+372 5123 4567",
        "TC kimlik 10000000146",  # an 11-digit Turkish ID-like number
        "on 2026-11-01 at 10:30",
        "2026-11-01 10:30",
        "01.11.2026",
        "12345678901234567890",  # 20 digits: too long for a card
        "411111111111",  # 12 digits: too short
        "IBAN TR33 0006 1005 1978 6457 8413 26",
    ],
)
def test_numbers_that_are_not_cards_are_left_alone(text):
    assert mask_cards(text) == (text, 0)


def test_a_card_glued_to_more_digits_is_not_taken_apart():
    # 20 digits in a row are one (non-card) number, not a card plus a digit.
    assert mask_cards("41111111111111111111") == ("41111111111111111111", 0)


def test_luhn_check():
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")
    assert not luhn_ok("1234567890123")


# -- redaction for exports ------------------------------------------------------------------------


def test_redact_text_removes_email_addresses():
    text = "Write to ayse.yilmaz+iade@example.com.tr or kalle_oun@post.ee please"
    assert redact_text(text) == "Write to [email] or [email] please"


@pytest.mark.parametrize(
    "phone",
    ["+90 532 123 45 67", "0532 123 45 67", "+372 5123 4567", "(0212) 555-12-34", "05321234567"],
)
def test_redact_text_removes_phone_numbers(phone):
    assert redact_text(f"call back on {phone} today") == "call back on [phone] today"


def test_redact_text_removes_given_names_whole_words_in_any_case():
    text = "Ayşe Yılmaz called. ayşe was upset; AYŞE asked for Yılmaz's manager. Ayşegül is fine."
    result = redact_text(text, ["Ayşe Yılmaz"])
    assert result == (
        "[name] called. [name] was upset; [name] asked for [name]'s manager. Ayşegül is fine."
    )  # a longer word that starts with the name is not a match


def test_redact_text_matches_turkish_dotted_and_dotless_i_in_any_case():
    result = redact_text("İsmail, ismail, ISMAIL and Irmak, IRMAK, ırmak", ["İsmail", "Irmak"])
    assert result == "[name], [name], [name] and [name], [name], [name]"


def test_redact_text_removes_estonian_names():
    result = redact_text("Kalle Õun ütles, et ÕUN on perekonnanimi; kalle helistab", ["Kalle Õun"])
    assert result == "[name] ütles, et [name] on perekonnanimi; [name] helistab"


def test_redact_text_removes_everything_at_once_and_keeps_the_rest():
    text = "Şule Kaya (sule@example.com, +90 532 123 45 67) wants a refund for order A-1042."
    result = redact_text(text, ["Şule Kaya", ""])
    assert result == "[name] ([email], [phone]) wants a refund for order A-1042."


def test_redact_text_keeps_dates_and_times():
    text = "Refund promised for 2026-11-01 10:30, or 01.11.2026 at the latest."
    assert redact_text(text) == text


def test_redact_text_ignores_empty_and_one_letter_names():
    text = "A call about a parcel"
    assert redact_text(text, ["", "  ", "A"]) == text
    assert redact_text("", ["Ayşe"]) == ""
