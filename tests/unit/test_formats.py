"""Formats are data: the built-in files load, and a broken file says where it is broken."""
from pathlib import Path

import pytest

from facilitator.room.formats import (
    BUILTIN_DIR, CONTRIBUTION_KINDS, Format, FormatError, Text, check_paths, load_format,
    load_formats,
)

BUILTIN_IDS = {
    "knowledge-jam": ["select", "plan", "discover", "broker", "reuse"],
    "experience-talks": ["talks", "qna"],
    "dialogue": ["ground_rules", "positions", "explore", "common_ground", "next_steps"],
    "one-two-four-all": ["alone", "pairs", "fours", "all"],
    "dot-voting": ["propose", "vote", "results", "runoff"],
    "lean-coffee": ["write", "vote", "discuss"],
    "evaluation": ["survey"],
    "qna": ["questions"],
    "brainstorm": ["ideas"],
    "breakout": ["form", "work", "report"],
    "world-cafe": ["rounds", "harvest"],
    "knowledge-cafe": ["talk", "rounds", "circle"],
    "idea-fair": ["setup", "visit", "results"],
}

# A valid format to break one field at a time.
GOOD = '''
id = "sample"
roles = ["facilitator", "broker", "participant"]

[label]
fr = "Exemple"
en = "Sample"

[description]
fr = "Un format d'exemple"
en = "A sample format"

[[steps]]
id = "discover"
duration = 30
warning = 2

[steps.label]
fr = "Découvrir"
en = "Discover"

[steps.prompt]
fr = "Posez vos questions"
en = "Ask your questions"

[[steps.parts]]
id = "opening"
duration = 10

[steps.parts.label]
fr = "Ouverture"
en = "Opening"

[[steps.parts]]
id = "round"
per = "topic"

[steps.parts.label]
fr = "Tour"
en = "Round"
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(FormatError) as info:
        load_format(path)
    assert str(info.value) == "\n".join(info.value.errors)
    return info.value.errors


def only_error(path: Path) -> str:
    errors = errors_of(path)
    assert len(errors) == 1, errors
    return errors[0]


# --- The built-in formats -----------------------------------------------------------------------

def test_builtin_dir_is_the_repository_formats_folder():
    assert BUILTIN_DIR == Path(__file__).resolve().parents[2] / "formats"
    assert (BUILTIN_DIR / "knowledge-jam.toml").is_file()


@pytest.mark.parametrize("path", sorted(BUILTIN_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_builtin_file_loads_and_is_bilingual(path):
    fmt = load_format(path)
    assert isinstance(fmt, Format)
    assert path.name == f"{fmt.id}.toml"
    assert fmt.source == str(path)
    texts = [fmt.label, fmt.description, *fmt.role_labels.values()]
    for step in fmt.steps:
        assert step.parts, step.id
        texts += [step.label, step.prompt]
        texts += [q.label for q in step.questions]
        for part in step.parts:
            texts += [part.label, part.prompt]
    for text in texts:
        assert isinstance(text, Text) and text.fr.strip() and text.en.strip()
    assert set(fmt.role_labels) == set(fmt.roles)


def test_builtin_formats_and_their_steps():
    formats = load_formats([BUILTIN_DIR])
    assert {fid: [s.id for s in f.steps] for fid, f in formats.items()} == BUILTIN_IDS
    assert check_paths([BUILTIN_DIR]) == []
    assert check_paths([]) == []  # no path: the built-in folder


def test_knowledge_jam_is_faithful_to_the_method():
    jam = load_format(BUILTIN_DIR / "knowledge-jam.toml")
    assert jam.roles == ("sponsor", "facilitator", "originator", "broker", "note_taker",
                         "participant")
    steps = {s.id: s for s in jam.steps}
    assert steps["select"].contributors == "roles"
    assert steps["select"].roles == ("sponsor", "facilitator")
    assert steps["select"].produces == "topic_brief"
    assert steps["plan"].topics_from == "question" and steps["plan"].shared
    discover = steps["discover"]
    assert discover.duration == 90
    assert "note" in discover.kinds and discover.shared
    assert [(p.id, p.per) for p in discover.parts] == [
        ("opening", ""), ("round", "topic"), ("readback", ""), ("next_steps", "")]
    durations = {p.id: p.duration for p in discover.parts}
    # The rounds share what opening, read-back and next steps (10 min each) leave of 90 min.
    assert durations == {"opening": 10, "round": 60, "readback": 10, "next_steps": 10}
    assert steps["broker"].roles == ("broker",) and steps["broker"].kinds == ("action",)
    assert steps["reuse"].produces == "action_status"
    for step_id in ("select", "plan", "broker", "reuse"):
        assert steps[step_id].duration == 0  # forms around the event, not timed phases


def test_one_two_four_all_timings():
    fmt = load_format(BUILTIN_DIR / "one-two-four-all.toml")
    assert [(s.id, s.duration, s.advance) for s in fmt.steps] == [
        ("alone", 1, "auto"), ("pairs", 2, "auto"), ("fours", 4, "facilitator"),
        ("all", 5, "facilitator")]
    last = fmt.steps[-1]
    assert last.contributors == "group" and last.kinds == ("idea",)
    assert [s.groups for s in fmt.steps] == ["", "pairs", "fours", ""]


def test_group_formats_follow_the_methods():
    breakout = {s.id: s for s in load_format(BUILTIN_DIR / "breakout.toml").steps}
    assert breakout["form"].groups == breakout["work"].groups == "breakout"
    assert breakout["form"].duration == 0 and breakout["work"].duration == 60
    assert breakout["report"].report_minutes == 3 and not breakout["report"].groups
    consignes = breakout["work"].instructions
    assert consignes.objective.fr and consignes.product.en and consignes.example.fr
    assert consignes.plenary.en
    cafe = {s.id: s for s in load_format(BUILTIN_DIR / "world-cafe.toml").steps}
    assert cafe["rounds"].groups == "tables" and cafe["rounds"].hosts
    assert len(cafe["rounds"].parts) == 3 and all(20 <= p.duration <= 30 for p in cafe["rounds"].parts)
    knowledge = {s.id: s for s in load_format(BUILTIN_DIR / "knowledge-cafe.toml").steps}
    assert knowledge["rounds"].groups == "tables" and not knowledge["rounds"].hosts
    assert all(10 <= p.duration <= 15 for p in knowledge["rounds"].parts)
    assert knowledge["circle"].groups == "circle"
    # Deliberately no report-outs.
    assert not any(s.report_minutes for s in knowledge.values())


def test_group_fields_are_checked_by_name(tmp_path):
    bad = GOOD.replace('id = "discover"', 'id = "discover"\ngroups = "teams"\nhosts = true\nreport_minutes = 0', 1)
    errors = check_paths([write(tmp_path, "bad.toml", bad)])
    text = "\n".join(errors)
    assert 'step "discover", field "groups": "teams" is not one of' in text
    assert 'step "discover", field "hosts": only used with groups = "tables"' in text
    assert 'step "discover", field "report_minutes": must be more than 0' in text
    tables = GOOD.replace('id = "discover"', 'id = "discover"\ngroups = "tables"', 1)
    errors = check_paths([write(tmp_path, "tables.toml", tables)])
    assert any('field "parts": groups = "tables" needs 2 or 3' in e for e in errors), errors
    instr = GOOD + '\n[steps.instructions]\ngoal = "x"\n'
    errors = check_paths([write(tmp_path, "instr.toml", instr)])
    assert any('field "instructions.goal": unknown field' in e for e in errors), errors


def test_voting_formats():
    dots = {s.id: s for s in load_format(BUILTIN_DIR / "dot-voting.toml").steps}
    assert dots["vote"].voting.mode == "dots" and dots["vote"].voting.dots == 3
    assert dots["vote"].voting.reveal == "at_once"
    lean = {s.id: s for s in load_format(BUILTIN_DIR / "lean-coffee.toml").steps}
    assert lean["discuss"].voting.mode == "thumbs" and lean["discuss"].voting.extend == 3
    assert lean["discuss"].topics_from == "idea"
    assert [(p.per, p.duration) for p in lean["discuss"].parts] == [("topic", 40)]


def test_dialogue_is_anonymous_everywhere():
    fmt = load_format(BUILTIN_DIR / "dialogue.toml")
    assert {s.visibility for s in fmt.steps} == {"anonymous"}


def test_evaluation_questions():
    (survey,) = load_format(BUILTIN_DIR / "evaluation.toml").steps
    assert survey.visibility == "anonymous" and survey.kinds == ()
    assert [(q.id, q.type) for q in survey.questions] == [
        ("useful", "rating"), ("organisation", "rating"), ("facilitation", "rating"),
        ("apply", "open"), ("improve", "open")]
    assert all(q.scale == 5 for q in survey.questions if q.type == "rating")


# --- Defaults and the implicit part -------------------------------------------------------------

MINIMAL = '''
id = "mini"
[label]
fr = "Mini"
en = "Mini"
[description]
fr = "Mini"
en = "Mini"
[[steps]]
id = "only"
[steps.label]
fr = "Seule"
en = "Only"
[steps.prompt]
fr = "Écrivez"
en = "Write"
'''


def test_defaults_and_implicit_part(tmp_path):
    fmt = load_format(write(tmp_path, "mini.toml", MINIMAL))
    assert fmt.roles == ("facilitator", "participant")
    (step,) = fmt.steps
    assert (step.duration, step.warning, step.advance) == (0, 0, "facilitator")
    assert step.contributors == "everyone"
    assert step.kinds == ("idea", "question", "comment")
    assert set(step.kinds) <= set(CONTRIBUTION_KINDS)
    assert (step.visibility, step.produces, step.shared, step.topics_from) == (
        "named", "", False, "")
    assert step.voting.mode == "none" and step.questions == ()
    (part,) = step.parts
    assert (part.id, part.label, part.prompt, part.duration, part.advance, part.per) == (
        "only", step.label, step.prompt, 0, "facilitator", "")


def test_parts_inherit_warning_advance_and_prompt(tmp_path):
    text = GOOD.replace('id = "opening"\nduration = 10',
                        'id = "opening"\nduration = 10\nwarning = 1\nadvance = "auto"')
    (step,) = load_format(write(tmp_path, "sample.toml", text)).steps
    opening, round_ = step.parts
    assert (opening.warning, opening.advance) == (1, "auto")
    assert (round_.warning, round_.advance) == (2, "facilitator")
    assert round_.prompt == step.prompt
    assert round_.duration == 20  # 30 - 10: the per-topic part gets the rest


# --- Broken files: every error names the file, the step and the field ---------------------------

def test_missing_english_label(tmp_path):
    text = GOOD.replace('fr = "Découvrir"\nen = "Discover"', 'fr = "Découvrir"')
    path = write(tmp_path, "sample.toml", text)
    assert only_error(path) == (
        f'{path}: step "discover", field "label.en": must be a non-empty string')


def test_empty_french_description(tmp_path):
    path = write(tmp_path, "sample.toml", GOOD.replace('fr = "Un format d\'exemple"', 'fr = " "'))
    assert only_error(path) == f'{path}: field "description.fr": must be a non-empty string'


def test_bad_kind(tmp_path):
    text = GOOD.replace("duration = 30\n", 'duration = 30\nkinds = ["question", "idee"]\n', 1)
    path = write(tmp_path, "sample.toml", text)
    error = only_error(path)
    assert error.startswith(f'{path}: step "discover", field "kinds": "idee" is not a '
                            "contribution kind")


def test_roles_not_declared(tmp_path):
    text = GOOD.replace("duration = 30\n",
                        'duration = 30\ncontributors = "roles"\nroles = ["broker", "sponsor"]\n', 1)
    path = write(tmp_path, "sample.toml", text)
    error = only_error(path)
    assert error.startswith(f'{path}: step "discover", field "roles": "sponsor" is not one of '
                            "the format's roles")


def test_contributors_roles_needs_roles(tmp_path):
    text = GOOD.replace("duration = 30\n", 'duration = 30\ncontributors = "roles"\n', 1)
    path = write(tmp_path, "sample.toml", text)
    assert only_error(path).startswith(f'{path}: step "discover", field "roles": missing')


def test_roles_without_contributors_roles(tmp_path):
    text = GOOD.replace("duration = 30\n", 'duration = 30\nroles = ["broker"]\n', 1)
    path = write(tmp_path, "sample.toml", text)
    assert 'step "discover", field "roles": only used with contributors = "roles"' in (
        only_error(path))


def test_two_per_topic_parts(tmp_path):
    text = GOOD + '''
[[steps.parts]]
id = "second_round"
per = "topic"
[steps.parts.label]
fr = "Deuxième tour"
en = "Second round"
'''
    path = write(tmp_path, "sample.toml", text)
    assert only_error(path) == (f'{path}: step "discover", part "second_round", field "per": '
                                'only one part of a step may have per = "topic"')


def test_parts_exceeding_duration(tmp_path):
    # With a per-topic part the fixed parts must leave it something: 30 of 30 is too much.
    path = write(tmp_path, "sample.toml", GOOD.replace("duration = 10", "duration = 30"))
    assert only_error(path).startswith(
        f'{path}: step "discover", field "parts": the fixed parts last 30 min')
    # Without one, the parts may fill the step exactly but not overflow it.
    no_topic = GOOD.replace('per = "topic"', "duration = 20")
    assert load_format(write(tmp_path, "fits.toml", no_topic)).steps[0].duration == 30
    path = write(tmp_path, "over.toml", no_topic.replace("duration = 20", "duration = 25"))
    assert only_error(path) == (f'{path}: step "discover", field "parts": the parts last 35 min, '
                                "more than the step's duration (30 min)")


def test_per_topic_part_with_its_own_duration(tmp_path):
    path = write(tmp_path, "sample.toml", GOOD.replace('per = "topic"', 'per = "topic"\nduration = 5'))
    assert only_error(path).startswith(f'{path}: step "discover", part "round", field "duration"')


def test_unknown_key_is_an_error(tmp_path):
    text = GOOD.replace("duration = 30\n", "duration = 30\nsharde = true\n", 1)
    path = write(tmp_path, "sample.toml", text)
    assert only_error(path) == (f'{path}: step "discover", field "sharde": unknown field; '
                                'did you mean "shared"?')


def test_unknown_key_in_a_part_and_at_the_top(tmp_path):
    text = "colour = 'red'\n" + GOOD.replace('per = "topic"', 'per = "topic"\nprompte = 1')
    path = write(tmp_path, "sample.toml", text)
    errors = errors_of(path)
    assert errors[0].startswith(f'{path}: field "colour": unknown field')
    assert errors[1] == (f'{path}: step "discover", part "round", field "prompte": '
                         'unknown field; did you mean "prompt"?')


def test_warning_not_less_than_duration(tmp_path):
    path = write(tmp_path, "sample.toml", GOOD.replace("warning = 2", "warning = 30"))
    # Reported once on the step, not again on every part that inherits it.
    assert only_error(path) == (f'{path}: step "discover", field "warning": must be less than '
                                "duration (30 min)")


def test_part_warning_not_less_than_its_duration(tmp_path):
    text = GOOD.replace('id = "opening"\nduration = 10', 'id = "opening"\nduration = 10\nwarning = 10')
    path = write(tmp_path, "sample.toml", text)
    assert only_error(path) == (f'{path}: step "discover", part "opening", field "warning": '
                                "must be less than the part's duration (10 min)")


def test_bad_ids(tmp_path):
    text = GOOD.replace('id = "sample"', 'id = "Sample"').replace('id = "round"', 'id = "2nd"')
    path = write(tmp_path, "sample.toml", text)
    errors = errors_of(path)
    assert len(errors) == 2
    assert errors[0].startswith(f'{path}: field "id": "Sample" must match ^[a-z][a-z0-9_-]*$')
    assert errors[1].startswith(f'{path}: step "discover", part "2nd", field "id": "2nd" must match')


def test_duplicate_step_ids_and_step_named_by_index(tmp_path):
    second = GOOD[GOOD.index("[[steps]]"):GOOD.index("[[steps.parts]]")]
    text = GOOD + second + second.replace('id = "discover"\n', "")
    path = write(tmp_path, "sample.toml", text)
    errors = errors_of(path)
    assert f'{path}: step "discover", field "id": step #1 already has this id' in errors
    assert f'{path}: step #3, field "id": missing' in errors


def test_negative_duration(tmp_path):
    path = write(tmp_path, "sample.toml", GOOD.replace("duration = 30", "duration = -1"))
    assert f'{path}: step "discover", field "duration": must be a number >= 0' in errors_of(path)


def test_voting_rules(tmp_path):
    voting = GOOD.replace("warning = 2\n", 'warning = 2\nkinds = ["vote"]\n'
                          '[steps.voting]\nmode = "dots"\ndots = 0\nreveal = "later"\n', 1)
    path = write(tmp_path, "sample.toml", voting)
    errors = errors_of(path)
    assert f'{path}: step "discover", field "voting.dots": must be > 0 when mode = "dots"' in errors
    assert any(e.startswith(f'{path}: step "discover", field "voting.reveal": "later" is not one')
               for e in errors)
    upvote = voting.replace('mode = "dots"\ndots = 0\nreveal = "later"', 'mode = "upvote"\ndots = 3')
    path = write(tmp_path, "upvote.toml", upvote)
    assert only_error(path) == (f'{path}: step "discover", field "voting.dots": only used with '
                                'mode = "dots" (mode is "upvote")')
    no_voting = GOOD.replace("warning = 2\n", 'warning = 2\nkinds = ["vote"]\n', 1)
    path = write(tmp_path, "novote.toml", no_voting)
    assert only_error(path).startswith(f'{path}: step "discover", field "kinds": "vote" needs')


def test_question_rules(tmp_path):
    text = MINIMAL + '''
[[steps.questions]]
id = "pick"
type = "choice"
scale = 3
[steps.questions.label]
fr = "Choisissez"
en = "Pick"
[[steps.questions]]
id = "mood"
type = "stars"
[steps.questions.label]
fr = "Humeur"
'''
    path = write(tmp_path, "mini.toml", text)
    errors = errors_of(path)
    assert f'{path}: step "only", question "pick", field "scale": only used with type = "rating"' in errors
    assert (f'{path}: step "only", question "pick", field "options": type = "choice" needs at '
            "least two options") in errors
    assert any(e.startswith(f'{path}: step "only", question "mood", field "type": "stars"')
               for e in errors)
    assert f'{path}: step "only", question "mood", field "label.en": must be a non-empty string' in errors


def test_auto_advance_needs_a_duration(tmp_path):
    path = write(tmp_path, "mini.toml", MINIMAL.replace('id = "only"', 'id = "only"\nadvance = "auto"'))
    assert only_error(path).startswith(f'{path}: step "only", field "advance": "auto" needs a duration')


def test_topics_from_needs_that_kind_somewhere_before(tmp_path):
    path = write(tmp_path, "mini.toml",
                 MINIMAL.replace('id = "only"', 'id = "only"\nkinds = ["idea"]\ntopics_from = "question"'))
    assert only_error(path).startswith(f'{path}: step "only", field "topics_from"')


def test_all_errors_of_a_file_are_collected(tmp_path):
    text = (GOOD.replace('en = "Sample"\n', "")
            .replace("duration = 30\n", 'duration = 30\nkinds = ["idee"]\nvisibility = "secret"\n', 1))
    path = write(tmp_path, "sample.toml", text)
    errors = errors_of(path)
    assert [e.split(": ")[1] for e in errors] == [
        'field "label.en"', 'step "discover", field "kinds"', 'step "discover", field "visibility"']


def test_invalid_toml_and_missing_file(tmp_path):
    path = write(tmp_path, "broken.toml", 'id = "x"\n[label\n')
    assert only_error(path).startswith(f"{path}: not valid TOML:")
    assert check_paths([tmp_path / "nope.toml"]) == [f"{tmp_path / 'nope.toml'}: no such file or folder"]


# --- Folders ------------------------------------------------------------------------------------

def test_check_paths_on_a_folder(tmp_path):
    write(tmp_path, "sample.toml", GOOD)
    write(tmp_path, "mini.toml", MINIMAL)
    assert check_paths([tmp_path]) == []
    broken = write(tmp_path, "broken.toml", GOOD.replace('id = "sample"', 'id = "other"')
                   .replace("duration = 30", "duration = 'long'"))
    write(tmp_path, "notes.txt", "not a format")  # only *.toml files are formats
    assert check_paths([tmp_path]) == [
        f'{broken}: step "discover", field "duration": must be a number >= 0']
    # Files and folders mix; each error line names its own file.
    assert check_paths([tmp_path / "mini.toml", broken]) == check_paths([tmp_path])


def test_later_folder_overrides_earlier(tmp_path):
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    builtin.mkdir(), user.mkdir()
    write(builtin, "sample.toml", GOOD)
    write(builtin, "mini.toml", MINIMAL)
    write(user, "my-sample.toml", GOOD.replace('en = "Sample"', 'en = "My sample"'))
    formats = load_formats([builtin, user])
    assert sorted(formats) == ["mini", "sample"]
    assert formats["sample"].label.en == "My sample"
    assert formats["sample"].source == str(user / "my-sample.toml")
    assert load_formats([user, builtin])["sample"].label.en == "Sample"


def test_builtin_plus_user_folder(tmp_path):
    write(tmp_path, "brainstorm.toml", MINIMAL.replace('id = "mini"', 'id = "brainstorm"'))
    formats = load_formats([BUILTIN_DIR, tmp_path])
    assert set(formats) == set(BUILTIN_IDS)
    assert [s.id for s in formats["brainstorm"].steps] == ["only"]


def test_duplicate_ids_in_one_folder(tmp_path):
    first = write(tmp_path, "a.toml", GOOD)
    second = write(tmp_path, "b.toml", GOOD)
    expected = f'{second}: field "id": "sample" is already the id of {first}'
    with pytest.raises(FormatError) as info:
        load_formats([tmp_path])
    assert info.value.errors == [expected]
    assert check_paths([tmp_path]) == [expected]


def test_load_formats_reports_every_broken_file_and_missing_folder(tmp_path):
    one = write(tmp_path, "one.toml", GOOD.replace('id = "sample"', 'id = "One"'))
    two = write(tmp_path, "two.toml", MINIMAL.replace('id = "only"', 'id = "only"\nshared = "yes"'))
    with pytest.raises(FormatError) as info:
        load_formats([tmp_path, tmp_path / "missing"])
    errors = info.value.errors
    assert len(errors) == 3
    assert errors[0].startswith(f'{one}: field "id"')
    assert errors[1] == f'{two}: step "only", field "shared": must be true or false'
    assert errors[2] == f"{tmp_path / 'missing'}: not a folder"


def test_the_documented_example_loads(tmp_path):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    section = doc[doc.index("## A complete example"):]
    start = section.index("```toml\n") + len("```toml\n")
    example = section[start:section.index("\n```", start)]
    fmt = load_format(write(tmp_path, "peer-clinic.toml", example))
    assert [s.id for s in fmt.steps] == ["problems", "clinic", "feedback"]
    clinic = fmt.steps[1]
    assert [(p.id, p.duration, p.warning) for p in clinic.parts] == [
        ("welcome", 5, 1), ("round", 50, 2), ("close", 5, 1)]
    assert [o.en for o in fmt.steps[2].questions[1].options] == ["Yes", "No"]


def test_duplicate_part_ids(tmp_path):
    path = write(tmp_path, "sample.toml", GOOD.replace('id = "round"', 'id = "opening"'))
    assert only_error(path) == (f'{path}: step "discover", part "opening", field "id": '
                                "another part of this step has this id")


# --- run-off (voting.among) ----------------------------------------------------------------------

DOTS_THEN_RUNOFF = """id = "dots"
[label]
fr = "Gommettes"
en = "Dots"
[description]
fr = "d"
en = "d"

[[steps]]
id = "vote"
kinds = ["vote"]
label = {fr = "Voter", en = "Vote"}
prompt = {fr = "Votez", en = "Vote"}
[steps.voting]
mode = "dots"
dots = 3

[[steps]]
id = "runoff"
kinds = ["vote"]
label = {fr = "Second tour", en = "Run-off"}
prompt = {fr = "Départagez", en = "Break the tie"}
[steps.voting]
mode = "dots"
dots = 1
among = "vote"
"""


def test_a_run_off_names_an_earlier_voting_step(tmp_path):
    fmt = load_format(write(tmp_path, "dots.toml", DOTS_THEN_RUNOFF))
    assert fmt.steps[1].voting.among == "vote"
    later = write(tmp_path, "later.toml", DOTS_THEN_RUNOFF.replace('among = "vote"', 'among = "runoff"'))
    assert only_error(later) == (f'{later}: step "runoff", field "voting.among": "runoff" is not an '
                                 'earlier step with mode = "dots" or "upvote"')
    thumbs = write(tmp_path, "thumbs.toml", DOTS_THEN_RUNOFF.replace(
        'dots = 1\namong', 'among').replace('mode = "dots"\namong', 'mode = "thumbs"\namong'))
    assert any('field "voting.among": only used with mode = "dots"' in e for e in errors_of(thumbs))


# --- jam: a part's extra kinds ----------------------------------------------------------------

def test_a_part_takes_extra_kinds_from_some_roles_and_a_bad_entry_is_named(tmp_path):
    good = GOOD.replace('id = "opening"\nduration = 10',
                        'id = "opening"\nduration = 10\nextra_kinds = {action = ["broker"]}', 1)
    fmt = load_format(write(tmp_path, "good.toml", good))
    assert fmt.steps[0].parts[0].extra_kinds == (("action", ("broker",)),)
    for extra, words in [('{action = ["king"]}', '"king" is not one of the format\'s roles'),
                         ('{actoin = ["broker"]}', '"actoin" is not a contribution kind'),
                         ('{idea = ["broker"]}', '"idea" is already one of the step\'s kinds'),
                         ('{action = []}', '"action" needs the list of roles')]:
        bad = GOOD.replace('id = "opening"\nduration = 10',
                           f'id = "opening"\nduration = 10\nextra_kinds = {extra}', 1)
        error = only_error(write(tmp_path, "bad.toml", bad))
        assert 'part "opening", field "extra_kinds"' in error and words in error, error
