"""Card numbers masked before they are stored; personal data redacted from exports."""

from __future__ import annotations

import pytest

from callmate.privacy.redact import luhn_ok, mask_cards, redact_text

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
    "email",
    [
        "ayşe.özkan@örnek.com.tr",
        "jüri.tamm@mail.ee",
        "o'brien@example.ie",
        "anna.smith-jones@mail.support.example.co.uk",
        "a%b@x.example",
        "UPPER@EXAMPLE.COM",
        "ışıl_şahin@posta.com.tr",
    ],
)
def test_redact_text_removes_unicode_and_subdomain_email_addresses(email):
    assert redact_text(f"<{email}>, then {email}.") == "<[email]>, then [email]."


# fmt: off
PHONES = [
    # Turkey
    "+90 532 123 45 67", "0532 123 45 67", "0532/123 45 67", "(0532) 123-4567",
    "0 (532) 123 45 67", "(0212) 555-12-34", "05321234567", "+905321234567", "0532.123.45.67",
    "0532-123-45-67", "0212 555 12 34",
    # Estonia
    "+372 5123 4567", "5123 4567", "512 3456", "+372 512 3456", "6123456", "+372 6123 456",
    # United Kingdom
    "+44 20 7946 0958", "020 7946 0958", "+44 7700 900123", "07700 900123", "7700 900123",
    "+44 (0)20 7946 0958",
    # United States
    "(555) 123-4567", "555.123.4567", "555-123-4567", "+1 555 123 4567", "+1 (555) 123-4567",
    "555-1234",
]
# fmt: on


@pytest.mark.parametrize("phone", PHONES)
def test_redact_text_removes_phone_numbers(phone):
    assert redact_text(f"call back on {phone} today") == "call back on [phone] today"


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize("before, after", [("", ""), ("(", ")"), ("Tel: ", "."), ("tel:", ", ok")])
def test_no_part_of_a_phone_number_is_left(phone, before, after):
    assert redact_text(f"{before}{phone}{after}") == f"{before}[phone]{after}"


def test_two_numbers_in_a_row_leave_no_digits():
    assert redact_text("0532 123 45 67 0533 765 43 21") == "[phone]"
    assert redact_text("0532 123 45 67 / 5123 4567") == "[phone] / [phone]"


@pytest.mark.parametrize(
    "text",
    [
        "01.12.2026",
        "1.12.2026",
        "01.12.26",
        "2026-11-23",
        "2026-11-23 14:00",
        "14.30",
        "14:30:05",
        "10.00-12.00",
        "10.00 - 12.00",
        "12/31/2026",
        "31/12/2026",
        "2020-2026",
        "1.250.000 TL",
        "[card ••••1234]",
        "A-1042",
        "ORD-2026-000123456",
        "SKU12345678",
        "v1.2.3",
        "order 123456",
        "3 gün önce",
        "+2d",
        "2026-11-23T14:00:00+00:00",
        "2026-11-23 14:00:00.123456",
        "2026-11-23T14:00:00.5+03:00",
    ],
)
def test_dates_times_codes_and_card_masks_are_not_phone_numbers(text):
    assert redact_text(f"on {text} ok") == f"on {text} ok"


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("call 0532 123 45 67 on 01.12.2026 at 14.30", "call [phone] on 01.12.2026 at 14.30"),
        ("01.12.2026 0532 123 45 67", "01.12.2026 [phone]"),
        ("2026-11-23 14:00 +372 5123 4567", "2026-11-23 14:00 [phone]"),
        ("0532 123 45 67 2026-11-23", "[phone] 2026-11-23"),
        ("5123 4567 14:00", "[phone] 14:00"),
        ("[card ••••1234] 0532 123 45 67", "[card ••••1234] [phone]"),
    ],
)
def test_phone_numbers_next_to_dates_and_times(text, redacted):
    assert redact_text(text) == redacted


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
