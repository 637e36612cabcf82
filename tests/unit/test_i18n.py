"""Every sentence a person reads exists in French and English, with the same blanks to fill."""
from __future__ import annotations

import ast
import inspect
import re
import string
from pathlib import Path

import pytest

import facilitator
from facilitator.i18n import (
    DEFAULT_LANG, ERRORS, LANGS, error_message, error_payload, pick_lang,
)
from facilitator.room.errors import RoomError
from facilitator.ui_text import UI, client_strings, t

PACKAGE = Path(facilitator.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))

# Words that are the same in both languages.
SAME_IN_BOTH = {"Palabre", "Question", "Vote", "Action", "Note", "Contributions", "contributions",
                "Code", "Questions", "{n} question", "{n} questions", "Stand", "Stands", "Jury",
                "Organisation", "Adoptions",
                "Restitution", "restitution", "Participation", "PDF", "Option",
                "Contribution", "Votes"}


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


CATALOGUES = [("ERRORS", ERRORS), ("UI", UI)]
ENTRIES = [(name, key, value) for name, catalogue in CATALOGUES for key, value in catalogue.items()]


def test_languages():
    assert LANGS == ("fr", "en")
    assert DEFAULT_LANG == "fr"


@pytest.mark.parametrize("catalogue, key, value", ENTRIES,
                         ids=[f"{name}:{key}" for name, key, _ in ENTRIES])
def test_entry_has_french_and_english_with_the_same_placeholders(catalogue, key, value):
    assert isinstance(value, tuple) and len(value) == 2, (catalogue, key)
    fr, en = value
    assert isinstance(fr, str) and fr.strip(), f"{catalogue}[{key}] has no French"
    assert isinstance(en, str) and en.strip(), f"{catalogue}[{key}] has no English"
    assert placeholders(fr) == placeholders(en), f"{catalogue}[{key}]: {fr!r} vs {en!r}"
    assert all(re.fullmatch(r"[a-z_]+", p) for p in placeholders(fr)), (catalogue, key)
    assert fr == fr.strip() and en == en.strip()


@pytest.mark.parametrize("name, catalogue", CATALOGUES)
def test_french_differs_from_english_for_all_but_shared_words(name, catalogue):
    same = {key: fr for key, (fr, en) in catalogue.items() if fr == en}
    assert set(same.values()) <= SAME_IN_BOTH, f"{name}: untranslated {same}"
    assert len(same) <= len(catalogue) // 8


def test_error_codes_are_snake_case():
    assert all(re.fullmatch(r"[a-z][a-z_]*", code) for code in ERRORS)


# --- error messages ---------------------------------------------------------------------------

def test_error_message_formats_params_in_each_language():
    assert error_message("text_too_long", "fr", max=500) == "Le texte dépasse 500 caractères."
    assert error_message("text_too_long", "en", max=500) == "The text is longer than 500 characters."
    assert error_message("rate_limited", "en", wait=3) == "Too many sends at once. Try again in 3 s."
    assert "idée?" in error_message("bad_kind", "fr", kind="idée?")


def test_error_message_without_its_params_returns_the_template():
    assert error_message("text_too_long", "en") == ERRORS["text_too_long"][1]


def test_error_message_ignores_extra_params():
    assert error_message("not_found", "en", id=3) == "Item not found."


def test_error_message_falls_back_to_french_and_to_server_error():
    assert error_message("not_found", "de") == ERRORS["not_found"][0]
    assert error_message("not_found", None) == ERRORS["not_found"][0]
    assert error_message("no_such_code", "en") == ERRORS["server_error"][1]


def test_user_text_in_params_is_not_interpreted_as_a_template():
    assert error_message("bad_kind", "en", kind="{max}") == "Unknown contribution kind: {max}."


def test_error_payload_keeps_the_code_and_its_values():
    assert error_payload("rate_limited", "fr", wait=2) == {
        "code": "rate_limited", "message": "Trop d'envois d'un coup. Réessayez dans 2 s.",
        "wait": 2}


# --- language choice --------------------------------------------------------------------------

@pytest.mark.parametrize("candidates, expected", [
    (("en",), "en"),
    (("fr",), "fr"),
    (("EN",), "en"),
    (("en-GB",), "en"),
    (("fr_CM",), "fr"),
    (("de", "en"), "en"),
    ((None, "", "en"), "en"),
    ((42, ["en"], "en"), "en"),
    (("e", "en"), "en"),
    (("es", "it"), DEFAULT_LANG),
    ((None,), DEFAULT_LANG),
    ((), DEFAULT_LANG),
    (("en", "fr"), "en"),
    (("fr", "en"), "fr"),
])
def test_pick_lang(candidates, expected):
    assert pick_lang(*candidates) == expected


# --- the screens' words -----------------------------------------------------------------------

def test_t_picks_the_language_and_formats():
    assert t("join.title", "en") == "Join the workshop"
    assert t("join.title", "fr") == "Rejoindre l'atelier"
    assert t("join.title", "xx") == "Rejoindre l'atelier"
    assert t("me.as", "en", name="Awa") == "You are taking part as Awa"
    assert t("no.such.key", "en") == "no.such.key"


def test_client_strings_gives_one_language_for_the_prefixes():
    strings = client_strings(("post.", "state."), "en")
    assert strings["post.send"] == "Send"
    assert strings["state.sent"] == "Sent"
    assert all(k.startswith(("post.", "state.")) for k in strings)
    assert set(strings) == {k for k in UI if k.startswith(("post.", "state."))}
    assert client_strings(("post.",), "fr")["post.send"] == "Envoyer"


# --- every error raised has a message ---------------------------------------------------------

def _room_error_classes() -> set[str]:
    """RoomError and its subclasses defined anywhere in facilitator/ (VoteError, AgendaError...)."""
    names = {"RoomError"}
    pattern = re.compile(r"^class\s+(\w+)\(([^)]*)\)", re.M)
    found = True
    while found:
        found = False
        for path in SOURCES:
            for cls, bases in pattern.findall(path.read_text(encoding="utf-8")):
                if cls not in names and names & set(re.findall(r"\w+", bases)):
                    names.add(cls)
                    found = True
    return names


ERROR_CLASSES = _room_error_classes()
# The first argument of a raise or an error answer; every string literal in it is a code
# (`error_json("throttled" if ... else "unknown_code", 429)` names two).
CALL = re.compile(r"\b(%s|error_json|error_payload)\(\s*([^,()]*)" % "|".join(ERROR_CLASSES))
LITERAL = re.compile(r"""["']([A-Za-z_]+)["']""")


def raised_codes() -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for match in CALL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            for code in LITERAL.findall(match.group(2)):
                codes.setdefault(code, []).append(f"{path.relative_to(PACKAGE)}:{line}")
    return codes


def test_the_scan_finds_the_codes_it_should():
    assert {"VoteError", "AgendaError"} <= ERROR_CLASSES
    codes = raised_codes()
    # Sanity: a few codes known to be raised, including both branches of a conditional.
    assert {"bad_payload", "bad_client_id", "text_too_long", "rate_limited", "throttled",
            "unknown_code", "unknown_event", "budget_spent"} <= set(codes)
    assert len(codes) >= 20


def test_every_raised_error_code_has_a_message():
    missing = {code: where for code, where in raised_codes().items() if code not in ERRORS}
    assert missing == {}


def test_every_reason_a_post_is_refused_has_a_message():
    """check_post (and check_revision, check_withdrawal) return a code that realtime raises as
    RoomError(reason)."""
    from facilitator.room import agenda, permissions
    source = "".join(inspect.getsource(f) for f in (
        permissions.check_post, permissions._check_one, permissions.check_revision,
        permissions.check_withdrawal, agenda.may_contribute))
    reasons = set(re.findall(r'return\s+"([a-z_]+)"', source))
    assert "kind_not_allowed" in reasons
    assert reasons - set(ERRORS) == set()


def _literal_calls():
    """(code, keyword names, where) of every RoomError-like call with a literal code."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ERROR_CLASSES | {"error_json", "error_payload"}:
                continue
            if any(k.arg is None for k in node.keywords):  # **params: cannot tell
                continue
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for option in options:
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    yield (option.value, {k.arg for k in node.keywords},
                           f"{path.relative_to(PACKAGE)}:{node.lineno}")


def test_every_raise_gives_the_params_its_message_needs():
    """A message shown with a raw {placeholder} is a bug a user would see."""
    short = []
    for code, given, where in _literal_calls():
        if code in ERRORS:
            needed = placeholders(ERRORS[code][0]) | placeholders(ERRORS[code][1])
            if not needed <= given:
                short.append((where, code, sorted(needed - given)))
    assert short == []


def test_room_error_keeps_code_and_params():
    err = RoomError("text_too_long", max=5)
    assert (err.code, err.params, str(err)) == ("text_too_long", {"max": 5}, "text_too_long")
    assert error_payload(err.code, "en", **err.params)["message"] == (
        "The text is longer than 5 characters.")


def test_counted_words_have_both_forms():
    """A count is written with a ".one" and an ".other" key (never "(s)")."""
    from facilitator.ui_text_fair import FAIR_UI, plural_key
    ones = {k[:-4] for k in UI if k.endswith(".one")}
    others = {k[:-6] for k in UI if k.endswith(".other")}
    assert ones == others
    assert not [k for k, (fr, en) in FAIR_UI.items() if "(s)" in fr or "(s)" in en]

    assert t(plural_key("fair.questions", 0, "fr"), "fr", n=0) == "0 question"
    assert t(plural_key("fair.questions", 0, "en"), "en", n=0) == "0 questions"
    assert t(plural_key("fair.dots", 2, "fr"), "fr", n=2) == "2 gommettes"


def test_no_string_hedges_a_plural_or_a_gender_in_brackets():
    """Real plurals ("1 sujet", "4 sujets") and gender-neutral words, never "sujet(s)" or
    "Participant(e)": in every screen string, every error message and every format file."""
    import re
    from facilitator.room.formats import BUILTIN_DIR
    hedge = re.compile(r"\w\((?:s|e|es|x|ne|le|euse|rice)\)", re.I)
    texts = [(k, x) for k, pair in UI.items() for x in pair]
    texts += [(k, x) for k, pair in ERRORS.items() for x in pair]
    texts += [(path.name, path.read_text(encoding="utf-8")) for path in BUILTIN_DIR.glob("*.toml")]
    assert not [(k, x) for k, x in texts if hedge.search(x)]
