"""``{name}`` when the agent has typed a name but no form of address: Turkish falls back to its
polite "efendim" (siz never goes with a bare "Ayşe Yılmaz"); a text not said to the customer,
such as the wrap-up's summary, keeps the name as typed."""

from __future__ import annotations

from callmate.call import Call
from callmate.checklists import catalog
from callmate.checklists.model import render_phrase
from callmate.clock import FakeClock

PHRASE = "Sizi dinliyorum, {name}."


def test_turkish_says_efendim_rather_than_the_bare_name():
    said = render_phrase(PHRASE, name="Ayşe Yılmaz", language="tr", address="")
    assert said == "Sizi dinliyorum, efendim."
    assert render_phrase(PHRASE, name="Ayşe", language="tr-TR", address=" ") == (
        "Sizi dinliyorum, efendim."
    )


def test_a_form_of_address_wins_and_no_name_still_closes_up():
    assert render_phrase(PHRASE, name="Ayşe Yılmaz", language="tr", address="Ayşe Hanım") == (
        "Sizi dinliyorum, Ayşe Hanım."
    )
    assert render_phrase(PHRASE, language="tr", address="") == "Sizi dinliyorum."


def test_efendim_opening_a_sentence_is_capitalised():
    phrase = "{name}, sizi dinliyorum. {name}, devam edin lütfen."
    assert render_phrase(phrase, name="Ayşe Yılmaz", language="tr", address="") == (
        "Efendim, sizi dinliyorum. Efendim, devam edin lütfen."
    )


def test_a_text_not_said_to_the_customer_keeps_the_name_as_typed():
    # The wrap-up's summary template is rendered with no address at all.
    assert render_phrase("{name} geri aranacak", name="Ayşe Yılmaz", language="tr") == (
        "Ayşe Yılmaz geri aranacak"
    )


def test_languages_without_a_polite_word_keep_the_name_as_typed():
    assert render_phrase("Aitäh, {name}.", name="Mari", language="et", address="") == "Aitäh, Mari."
    assert render_phrase("Thanks, {name}.", name="Sam", language="en", address="") == "Thanks, Sam."


def test_a_turkish_call_with_only_a_name_says_efendim():
    call, _ = Call.start(catalog.resolve("default.tr"), FakeClock(), agent="Mert")
    call.set_customer(name="Ayşe Yılmaz")
    assert call.render(PHRASE) == "Sizi dinliyorum, efendim."
    call.set_customer(addressed_as="Ayşe Hanım")
    assert call.render(PHRASE) == "Sizi dinliyorum, Ayşe Hanım."
