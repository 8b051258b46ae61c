"""What the built-in checklists say: every framework in every language, enough phrases, warnings
that rise to the line that ends the call, targets that fit the advice, placeholders the app fills,
and tr/et texts written natively rather than copied from English."""

from __future__ import annotations

import re

import pytest

from callmate.checklists import catalog
from callmate.checklists.load import load_file, validate_file
from callmate.checklists.model import PLACEHOLDERS, Checklist
from callmate.checklists.rules import lets_the_caller_talk
from callmate.paths import builtin_checklists_dir

LANGUAGES = ("en", "tr", "et")
# fmt: off
IDS = (
    "default", "heard", "last", "blast", "latte", "heat", "carp", "leaps", "feel-felt-found",
    "written",
)
# fmt: on
SPOKEN = ("speak", "apology", "resolve")
BUILTINS = [e for e in catalog.entries() if e.builtin]
LISTS = {e.name: load_file(e.path, e.source) for e in BUILTINS}
PAIRS = [(i, lang) for i in IDS for lang in LANGUAGES]


def get(ident: str, lang: str) -> Checklist:
    return LISTS[f"{ident}.{lang}"]


def phrases(c: Checklist) -> list[str]:
    return [p for s in c.steps for p in s.all_phrases()] + list(c.warning + c.manager)


def lines(c: Checklist) -> list[str]:
    """Every line of text the agent reads or says, except the framework name."""
    out = [c.description] + phrases(c)
    for s in c.steps:
        out += [s.title, s.goal, *s.tips, *s.avoid]
    for w in c.avoid_words:
        out += [w.word, w.instead]
    return [line for line in out if line]


def tips_and_goals(c: Checklist) -> str:
    return "\n".join(t for s in c.steps for t in (s.goal, *s.tips))


# -- what is built in -----------------------------------------------------------------------------


def test_every_builtin_is_named_id_dot_language_and_validates():
    assert BUILTINS
    for entry in BUILTINS:
        assert validate_file(entry.path) == [], entry.name
        c = LISTS[entry.name]
        assert entry.name == f"{c.id}.{c.language}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_framework_and_the_written_checklist_exist_in_each_language(lang):
    present = {c.id for c in LISTS.values() if c.language == lang}
    assert len(present) >= 8
    assert set(IDS) <= present


def test_short_names_resolve_to_the_english_file():
    for ident in IDS:
        assert catalog.resolve(ident).source == f"builtin:{ident}.en"


@pytest.mark.parametrize("ident", IDS)
def test_the_three_languages_share_step_ids_kinds_and_order(ident):
    shape = {
        lang: [(s.id, s.kind, s.soft_target) for s in get(ident, lang).steps] for lang in LANGUAGES
    }
    assert shape["tr"] == shape["en"] and shape["et"] == shape["en"]


@pytest.mark.parametrize("ident", [i for i in IDS if i not in ("default", "written")])
def test_a_framework_keeps_its_acronym_in_its_name_in_every_language(ident):
    acronym = get(ident, "en").name
    for lang in LANGUAGES:
        assert get(ident, lang).name.startswith(acronym)


# -- shape of every file --------------------------------------------------------------------------


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_speaking_step_has_at_least_three_phrases_in_each_set(ident, lang):
    for step in get(ident, lang).steps:
        if step.kind in SPOKEN:
            assert len(step.phrases) >= 3, step.id
        if step.kind == "apology":
            assert len(step.phrases_not_at_fault) >= 3, step.id
        if step.kind == "resolve":
            assert len(step.phrases_escalate) >= 3, step.id


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_file_has_warnings_a_hand_over_set_avoid_words_and_a_closing_break(ident, lang):
    c = get(ident, lang)
    assert len(c.warning) >= 3
    assert len(c.manager) >= 3
    assert len(c.avoid_words) >= 4
    assert c.steps[-1].kind == "break"


# The line that actually ends the call, in each language; and any mention of ending it.
ENDS_NOW = {
    "en": re.compile(r"\b(end(ing)? (it|this call|the call|this conversation) now|closing this)"),
    "tr": re.compile(r"(sonlandırıyorum|kapatıyoruz|sonlandırıyoruz)"),
    "et": re.compile(r"(lõpetan nüüd|lõpetame nüüd|sulgeme nüüd)"),
}

END_WORD = {
    "en": re.compile(r"\b(end|close)", re.IGNORECASE),
    "tr": re.compile(r"(sonlandır|bitir|kapat)"),
    "et": re.compile(r"(lõpet|sulge)"),
}


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_warnings_rise_and_only_the_last_one_ends_the_call(ident, lang):
    warning = get(ident, lang).warning
    assert ENDS_NOW[lang].search(warning[-1]), warning[-1]
    assert not [w for w in warning[:-1] if ENDS_NOW[lang].search(w)]
    # The mildest comes first: it asks, and does not yet speak of ending anything; the firmer
    # ones in between name the consequence.
    assert not END_WORD[lang].search(warning[0]), warning[0]
    assert all(END_WORD[lang].search(w) for w in warning[1:-1])


POLICY = {"en": "written policy", "tr": "yazılı", "et": "kirjalik"}


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_file_points_to_the_written_policy_on_abusive_customers(ident, lang):
    assert POLICY[lang] in tips_and_goals(get(ident, lang))


# -- every call closes -----------------------------------------------------------------------

THANKS = {"en": r"\bThank", "tr": r"[Tt]eşekkür", "et": r"\bAitäh"}
ANYTHING_ELSE = {
    "en": r"anything else|Goodbye",
    "tr": r"başka bir (konu|şey|sorunuz)|İyi günler",
    "et": r"veel millegagi|veel midagi|head aega|veel küsimusi",
}


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_framework_closes_the_call_with_thanks_and_a_last_question(ident, lang):
    # The last step before the break (or, for LEAPS, its Summarise) thanks the customer and
    # asks whether anything is left or says goodbye: no call just stops.
    last = get(ident, lang).steps[-2]
    said = " ".join(last.phrases)
    assert re.search(THANKS[lang], said), last.id
    assert re.search(ANYTHING_ELSE[lang], said, re.IGNORECASE), last.id


# -- the source's advice, where each framework has room for it --------------------------------

# Said in a tip of every file: "what matters most is that they feel heard" (001 1.2), short
# verbal acknowledgements because they cannot see you nod (001 1.4), restating (001 2.1),
# handing an abusive caller to a briefed colleague rather than hanging up (000), following up
# afterwards (002).
ADVICE = {
    "feel heard": {"en": "feel heard", "tr": "sesinin duyulduğunu", "et": "teda kuulatakse"},
    "acknowledge": {
        "en": "can't see you nod",
        "tr": "başınızı salladığınızı göremez",
        "et": "ei näe, kuidas sa noogutad",
    },
    "restate": {"en": "own words", "tr": "kendi cümlelerinizle", "et": "oma sõnadega"},
    "transfer": {"en": "briefed them", "tr": "önceden anlattığınız", "et": "olukorra enne ära"},
    "follow up": {"en": "follow up", "tr": "Geri dönüş sözü", "et": "ühendust võtta"},
}
PHONE = [p for p in PAIRS if p[0] != "written"]


@pytest.mark.parametrize("advice", ADVICE)
@pytest.mark.parametrize(("ident", "lang"), PHONE)
def test_every_phone_checklist_carries_the_source_advice(ident, lang, advice):
    if advice == "acknowledge" and ident == "default":
        return  # the default has a step of its own for it
    if advice == "transfer" and ident == "written":
        return
    assert ADVICE[advice][lang] in tips_and_goals(get(ident, lang)), advice


SHOUTING = {"en": "Giving in", "tr": "boyun eğmek", "et": "järeleandmine"}
TRUST_KILLERS = {
    "en": ("I'm new here", "let me ask a colleague"),
    "tr": ("ben yeniyim", "bir arkadaşa sorayım"),
    "et": ("ma olen siin uus", "las ma küsin kolleegilt"),
}
MANAGER_SPEAKS = {"en": "I'm the team manager", "tr": "ekip yöneticisiyim", "et": "meeskonna juht"}


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_file_names_the_trust_killers_and_not_giving_in_and_the_managers_own_line(
    ident, lang
):
    c = get(ident, lang)
    assert set(TRUST_KILLERS[lang]) <= {w.word for w in c.avoid_words}
    assert any(SHOUTING[lang] in a for s in c.steps for a in s.avoid)
    # The manager taking over says who they are and that they want to hear it (001 3.3).
    assert any(MANAGER_SPEAKS[lang] in line for line in c.manager)


# -- written channels -------------------------------------------------------------------------

SIGNED = {
    "en": "Kind regards, {agent}",
    "tr": "Saygılarımla, {agent}",
    "et": "Lugupidamisega, {agent}",
}
SOCIAL_ONLY = re.compile(r"communit|topluluk|kogukonn|hide|gizle|peit", re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_written_reply_is_signed_and_re_read_once_it_is_whole(lang):
    c = get("written", lang)
    ids = [s.id for s in c.steps]
    # The reply is written (apology, solution, sign-off), then re-read, then sent.
    assert ids.index("apologise") < ids.index("resolve") < ids.index("sign-off")
    assert ids.index("sign-off") + 1 == ids.index("reread") < ids.index("follow-up")
    sign_off = c.step("sign-off")
    assert all(p.endswith(SIGNED[lang]) for p in sign_off.phrases)
    assert any(SIGNED[lang] in p for p in c.step("follow-up").phrases)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_written_warnings_fit_chat_and_e_mail_and_trolls_are_told_which_rule(lang):
    c = get("written", lang)
    assert not [w for w in c.warning if SOCIAL_ONLY.search(w)]
    private = {"en": "private message", "tr": "özel mesajla", "et": "privaatsõnumis"}[lang]
    assert any("(ctrl+w)" in t for s in c.steps for t in s.tips)
    assert any(private in t for t in c.step("public").tips)


# -- placeholders and the form of address ---------------------------------------------------------


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_placeholder_is_one_the_app_fills(ident, lang):
    c = get(ident, lang)
    for line in lines(c):
        for found in re.findall(r"\{([^{}]*)\}", line):
            assert found in PLACEHOLDERS, (found, line)


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_the_name_is_used_in_some_phrases_not_most(ident, lang):
    said = phrases(get(ident, lang))
    with_name = [p for p in said if "{name}" in p]
    assert with_name, "no phrase uses the customer's name"
    assert len(with_name) <= len(said) / 2


@pytest.mark.parametrize(("ident", "lang"), [p for p in PAIRS if p[1] in ("tr", "et")])
def test_name_stands_alone_as_a_form_of_address(ident, lang):
    # "Ayşe Hanım" and "härra Tamm" take no suffix glued on ("{name}'a", "{name}ile"), and an
    # Estonian sentence does not open with a lower-case "härra".
    for line in phrases(get(ident, lang)):
        for match in re.finditer(r"\{name\}", line):
            after = line[match.end() : match.end() + 1]
            assert after in ",.!?;:…", line
        if lang == "et":
            assert not re.search(r"(^|[.!?]\s+)\{name\}", line), line


def test_turkish_files_never_pair_siz_with_a_bare_full_name():
    # A bare "Ad Soyad" next to siz is wrong; the examples use a form of address instead.
    full_name = re.compile(r"\b[A-ZÇĞİÖŞÜ][a-zçğıöşü]+ [A-ZÇĞİÖŞÜ][a-zçğıöşü]+(?! (Hanım|Bey)\b)")
    for ident in IDS:
        for line in phrases(get(ident, "tr")):
            for match in full_name.finditer(line):
                assert match.group(0).split()[1] in ("Hanım", "Bey"), line


# -- native texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("ident", "lang"), [p for p in PAIRS if p[1] in ("tr", "et")])
def test_no_line_of_a_turkish_or_estonian_file_is_the_english_line(ident, lang):
    english = set(lines(get(ident, "en")))
    same = [line for line in lines(get(ident, lang)) if line in english and len(line) > 3]
    assert same == []


def test_turkish_and_estonian_use_their_own_letters():
    for ident in IDS:
        assert re.search("[şığİçö]", get(ident, "tr").text), ident
        assert re.search("[õäöü]", get(ident, "et").text), ident


# -- targets that fit the advice ------------------------------------------------------------------


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_a_breathing_step_lasts_at_least_two_paced_breaths(ident, lang):
    # The pacer is 4 s in and 6 s out: two breaths are 20 s.
    for step in get(ident, lang).steps:
        if step.pacer and step.kind != "break" and step.target_seconds and not step.soft_target:
            assert step.target_seconds >= 20, step.id


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_every_call_gives_the_caller_time_to_vent_on_a_timer_that_never_turns_red(ident, lang):
    # A listening step is known by what its tips say ("Don't interrupt"), not by its id.
    c = get(ident, lang)
    listening = [s for s in c.steps if lets_the_caller_talk(s, lang)]
    if ident != "written":
        assert listening, "no step lets the caller talk"
        before = c.steps[: c.steps.index(listening[0])]
        assert not [s.id for s in before if s.kind in SPOKEN], "they vent before anything is said"
    assert all(s.target_seconds == 0 or s.soft_target for s in listening)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_carp_controls_by_letting_them_vent_and_leaps_asks_without_a_red_clock(lang):
    control = get("carp", lang).step("control")
    assert control.soft_target and control.target_seconds >= 120
    assert get("leaps", lang).step("ask").soft_target


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_targets_are_the_ones_the_product_describes(lang):
    c = get("default", lang)
    t = {s.id: (s.target_seconds, s.soft_target) for s in c.steps}
    assert t["calm"] == (30, False)
    assert t["vent"][0] == 0 or t["vent"][1]
    assert t["acknowledge"] == (0, False)
    assert t["restate"] == (30, False)
    assert t["apologise"] == (20, False)
    assert t["resolve"] == (180, False)
    assert 30 <= t["thank"][0] <= 45 and not t["thank"][1]
    assert t["break"] == (300, False)


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_thanking_leaves_time_for_a_recap_and_a_goodbye(ident, lang):
    for step in get(ident, lang).steps:
        if step.id == "thank":
            assert 30 <= step.target_seconds <= 45


def test_the_written_checklist_times_its_steps_by_channel_and_never_turns_red():
    for lang in LANGUAGES:
        c = get("written", lang)
        targets = {s.id: s.target_seconds for s in c.steps}
        assert targets["read"] == 60  # live chat: a first answer within a minute
        assert targets["public"] == 3600  # social media: within the hour
        assert targets["resolve"] == 24 * 3600  # e-mail: within 24 hours
        assert all(s.soft_target for s in c.steps if s.target_seconds and s.kind != "break")
        assert c.break_seconds <= 300


def test_blast_believes_in_the_agents_head_before_the_customer_speaks():
    for lang in LANGUAGES:
        c = get("blast", lang)
        assert c.steps[0].id == "believe" and c.steps[0].kind == "inner"
        assert c.steps[1].id == "listen"


# -- lines that break the rules they teach --------------------------------------------------------

# Fixed promises an agent cannot know they will keep.
BANNED = {
    "en": ("this morning", "ships today", "tomorrow", "guarantee", "I'll solve", "I'll fix it for"),
    "tr": ("bu sabah", "yarın", "garanti", "çözeceğim", "çözeceğiz"),
    "et": ("täna hommikul", "homme", "garanteeri", "lahendan selle kindlasti"),
}


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_phrases_promise_only_what_the_agent_can_deliver(ident, lang):
    for line in phrases(get(ident, lang)):
        for banned in BANNED[lang]:
            assert banned.lower() not in line.lower(), line


AMERICAN = re.compile(
    r"\b(apologiz|empathiz|summariz|prioritiz|personaliz|recogniz|realiz|organiz|emphasiz|"
    r"minimiz|customiz|categoriz|apologet)\w*|\bcolor\b|\bbehavior",
    re.IGNORECASE,
)


@pytest.mark.parametrize("ident", IDS)
def test_english_files_spell_one_way_british_like_the_product(ident):
    text = get(ident, "en").text
    assert AMERICAN.findall(text) == []


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_the_at_fault_switch_is_named_by_the_label_the_screen_shows(ident, lang):
    label = {"en": "At fault", "tr": "Hata bizde", "et": "Meie viga"}[lang]
    c = get(ident, lang)
    for step in c.steps:
        for tip in step.tips:
            if "(ctrl+f)" in tip:
                assert label in tip, tip
    if any(s.kind == "apology" for s in c.steps):
        assert any("(ctrl+f)" in t for s in c.steps for t in s.tips)


def test_turkish_hi_hi_is_a_word_to_avoid_not_a_phrase():
    # On the phone the careless sound is "hı hı"; in writing it is chat shorthand.
    for ident in IDS:
        c = get(ident, "tr")
        careless = ("tmm", "tşk") if ident == "written" else ("hı hı",)
        assert set(careless) <= {w.word.lower() for w in c.avoid_words}, ident
        assert not [p for p in phrases(c) if any(w in p.lower() for w in careless)]


def test_estonian_avoid_words_are_not_the_plain_negation():
    for ident in IDS:
        c = get(ident, "et")
        assert "ei" not in [w.word.lower() for w in c.avoid_words]
        assert not [p for p in phrases(c) if re.fullmatch(r"(Mhm|Ei)[,.!]?.*", p)]


@pytest.mark.parametrize(("ident", "lang"), [p for p in PAIRS if p[0] != "written"])
def test_a_phone_checklist_asks_before_putting_the_customer_on_hold(ident, lang):
    hold = {"en": r"\bhold\b", "tr": r"beklet", "et": r"ootele"}[lang]
    asks = [p for p in phrases(get(ident, lang)) if re.search(hold, p) and p.rstrip().endswith("?")]
    assert asks


HISTORY = {"en": "history", "tr": "geçmiş", "et": "varasem"}
JARGON = {"en": "jargon", "tr": "teknik terim", "et": "erialakeel"}


@pytest.mark.parametrize(("ident", "lang"), PAIRS)
def test_tips_cover_history_before_a_solution_and_plain_words(ident, lang):
    text = tips_and_goals(get(ident, lang))
    assert HISTORY[lang] in text
    assert JARGON[lang] in text


# -- the README --------------------------------------------------------------------------------


def test_the_readme_lists_every_builtin_and_documents_the_new_fields():
    readme = (builtin_checklists_dir() / "README.md").read_text(encoding="utf-8")
    for ident in IDS:
        assert f"`{ident}`" in readme, ident
    for word in ("soft_target", "form of address", "Ayşe Hanım", "härra Tamm", "rising order"):
        assert word in readme, word


def test_the_readme_says_which_framework_carries_which_piece_of_the_source():
    readme = (builtin_checklists_dir() / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Where the source advice lives", 1)[1].split("\n## ", 1)[0]
    for source in ("000", "001", "002", "003", "004"):
        assert source in section, source
    for ident in IDS:
        assert f"`{ident}`" in section, ident
    # And what validation now holds every file to.
    for rule in ("words to", "hard target", "shows the text as written"):
        assert rule in readme, rule


def test_the_breaks_length_is_said_once_and_a_checklist_overrides_only_what_differs():
    """DEFAULT_BREAK_SECONDS is every built-in break's length but the written reply's (two
    minutes), and no built-in file repeats it."""
    from callmate.checklists.load import load_text
    from callmate.checklists.model import DEFAULT_BREAK_SECONDS

    for entry in catalog.entries():
        if not entry.source.startswith("builtin:"):
            continue
        text = entry.path.read_text(encoding="utf-8")
        checklist = catalog.resolve(entry.name)
        expected = 120 if entry.name.startswith("written.") else DEFAULT_BREAK_SECONDS
        assert checklist.break_seconds == expected, entry.name
        assert f"target_seconds = {DEFAULT_BREAK_SECONDS}\n" not in text.split('kind = "break"')[-1]
    base = 'id = "x"\nname = "X"\nlanguage = "en"\nversion = "1"\n'
    step = '[[steps]]\nid = "a"\ntitle = "A"\ngoal = "G"\ntarget_seconds = 10\nphrases = ["Hi."]\n'
    rest = '[[steps]]\nid = "b"\ntitle = "Break"\ngoal = "Rest."\nkind = "break"\n'
    assert load_text(base + step + rest, "x.toml").break_seconds == DEFAULT_BREAK_SECONDS
    longer = load_text(base + step + rest + "target_seconds = 600\n", "x.toml")
    assert longer.break_seconds == 600
