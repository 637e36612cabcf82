"""Formats are data: one TOML file per facilitation format, read with the standard library.

This module holds the shape of a format (the dataclasses below), its loading and its
validation. It does no I/O beyond reading the files it is given, and knows nothing of Flask.

Vocabulary (see docs/formats.md):
- a *format* is a method (Knowledge Jam, 1-2-4-All, dot voting...);
- a format has ordered *steps* (the method's steps, e.g. the five of a Knowledge Jam);
- a step may be cut into timed *parts* (opening, one round per topic, read-back...);
- a part with ``per = "topic"`` is repeated once per topic of the activity (the brokers'
  sub-topics of a Jam, the talks of an experience session, the voted topics of a Lean Coffee).

Public functions:
- ``load_format(path) -> Format``: one file, validated; raises FormatError listing every error.
- ``parse_format(data, source) -> Format``: the same from an already-parsed TOML dict.
- ``load_formats(dirs) -> dict[str, Format]``: every ``*.toml`` of the folders, later folders
  overriding earlier ones by id.
- ``check_paths(paths) -> list[str]``: the error lines of files and folders (for
  ``palabre formats check``); empty when all is well.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace, field
from pathlib import Path

from formats import FORMATS_DIR

from . import background as background_rules
from . import format_fields as ff
from .format_fields import ID_PATTERN, LANGS, Text  # noqa: F401  (part of the formats' API)
# A questionnaire step's questions have their own module; they are part of the formats' API.
from .format_questions import (PLACEHOLDER, QUESTION_TYPES, Question,  # noqa: F401
                               parse_questions, question_table, question_tables)

#: The built-in formats shipped with Palabre (the repository's top-level ``formats/``).
BUILTIN_DIR: Path = FORMATS_DIR

CONTRIBUTION_KINDS = ("idea", "question", "comment", "vote", "action", "note")
CONTRIBUTORS = ("everyone", "group", "kiosk", "roles", "nobody")
VISIBILITIES = ("named", "anonymous", "choice")  # choice: each person ticks "anonymous"
ADVANCES = ("facilitator", "auto")
VOTING_MODES = ("none", "upvote", "dots", "thumbs")
REVEALS = ("live", "at_once")
PER_VALUES = ("", "topic")
#: A group step's layer (docs/formats.md, docs/protocol.md §10): breakout groups, 1-2-4-All's
#: pairs and fours, café tables (one round per part), the closing circle (everyone together).
GROUP_LAYERS = ("breakout", "pairs", "fours", "tables", "circle")
INSTRUCTION_KEYS = ("objective", "product", "example", "plenary")
TABLE_ROUNDS = (2, 3)  # group_rounds.MIN_ROUNDS..MAX_ROUNDS: a tables step has one part a round
FAIR_MODES = ("free", "rotation")

#: Format, role, step, part and question ids; they end up in URLs, exports and CSS classes.
DEFAULT_ROLES = ("facilitator", "participant")
DEFAULT_KINDS = ("idea", "question", "comment")


@dataclass(frozen=True)
class Voting:
    """How people vote on the items of a step. ``mode == "none"``: no voting."""
    mode: str = "none"          # one of VOTING_MODES
    dots: int = 0               # per-person budget when mode == "dots"
    max_per_item: int = 0       # 0 = no cap per item (dots may be stacked)
    reveal: str = "live"        # "at_once": counts hidden until the facilitator reveals
    extend: float = 0           # thumbs: minutes a "thumbs up" adds to the running part (Lean Coffee)
    among: str = ""             # dots: a run-off among the options tied first in this earlier step


@dataclass(frozen=True)
class FairSettings:
    """The idea fair's defaults on its visiting step (``contributors = "kiosk"``); the
    facilitator may change each when starting the fair (docs/protocol.md §11.3)."""
    mode: str = "rotation"      # one of FAIR_MODES
    slot_minutes: float = 7     # rotation: one slot at a kiosk (methods.md §2)
    warning_minutes: float = 2  # rotation: the warning before the end of a slot
    dots: int = 3               # dots each visitor spends across the kiosks


@dataclass(frozen=True)
class Part:
    """A timed piece of a step. A step without explicit parts has one implicit part.

    For the per-topic part, ``duration`` is filled by the loader with what the fixed parts leave
    of the step's duration (0 when the step is untimed): the room shares it among the topics.
    """
    id: str
    label: Text
    prompt: Text
    duration: float             # minutes; 0 = untimed; for per-topic parts: share of the rest
    warning: float              # minutes before the end when screens turn to warning
    advance: str                # "facilitator" waits, "auto" moves on when time is up
    per: str = ""               # "" or "topic": repeated once per activity topic
    # Kinds this part takes besides its step's, each from some roles only: the Jam's brokers
    # post action rows in the "next steps" part of the live session ((kind, roles) pairs).
    extra_kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Instructions:
    """What each group is told (methods.md §1 "consignes"); any part may be absent (None)."""
    objective: Text | None = None
    product: Text | None = None
    example: Text | None = None
    plenary: Text | None = None


@dataclass(frozen=True)
class Step:
    """One step of a format; ``parts`` always holds at least one part once loaded."""
    id: str
    label: Text
    prompt: Text
    duration: float             # minutes; 0 = untimed. With parts: the step's total budget
    warning: float
    advance: str
    contributors: str           # one of CONTRIBUTORS
    roles: tuple[str, ...]      # when contributors == "roles"
    kinds: tuple[str, ...]      # allowed contribution kinds, subset of CONTRIBUTION_KINDS
    visibility: str             # one of VISIBILITIES
    produces: str               # free word naming the output: "topic_brief", "notes", "actions"
    shared: bool                # True: phones see each other's contributions in this step
    topics_from: str            # "" or the kind whose contributions may become topics
    voting: Voting
    questions: tuple[Question, ...]
    parts: tuple[Part, ...]     # never empty once loaded (a single implicit part at least)
    groups: str = ""            # "" or one of GROUP_LAYERS: the step is done in groups
    hosts: bool = False         # tables: a host stays at each table (World Café)
    report_minutes: float = 0   # > 0: the breakout's report-back, minutes per group
    instructions: Instructions | None = None
    fair: FairSettings | None = None  # the idea fair's visiting step only


@dataclass(frozen=True)
class Format:
    """A facilitation method as data: what the room runs, step by step."""
    id: str
    label: Text
    description: Text
    roles: tuple[str, ...]
    steps: tuple[Step, ...]
    source: str = ""            # path of the file it came from, for error messages
    role_labels: dict = field(default_factory=dict)  # role id -> Text
    background: bool = False    # its activities may run all day beside the current one


class FormatError(ValueError):
    """A format file is wrong. The message names the file, the step and the field.

    ``errors`` holds one line per problem; the message is those lines joined.
    """

    def __init__(self, errors: str | list[str]):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


# --- Allowed keys: anything else is an error, so a typo never passes silently. ---------------

_FORMAT_KEYS = ("id", "label", "description", "roles", "role_labels", "steps", "background")
_STEP_KEYS = ("id", "label", "prompt", "duration", "warning", "advance", "contributors",
              "roles", "kinds", "visibility", "produces", "shared", "topics_from", "voting",
              "questions", "parts", "groups", "hosts", "report_minutes", "instructions",
              "fair")
_PART_KEYS = ("id", "label", "prompt", "duration", "warning", "advance", "per", "extra_kinds")
_VOTING_KEYS = ("mode", "dots", "max_per_item", "reveal", "extend", "among")
_FAIR_KEYS = ("mode", "slot_minutes", "warning_minutes", "dots")



# --- Parsing ------------------------------------------------------------------------------------

_PLACEHOLDER = PLACEHOLDER  # stands in for a broken text so checking can go on


def parse_format(data: dict, source: str = "<format>") -> Format:
    """Build and validate a Format from a parsed TOML document; raise FormatError listing all
    errors, each naming ``source``, the step (and part or question) and the field."""
    ck = ff.Checker(source)
    top: list[str] = []
    ff.unknown_keys(ck, top, data, _FORMAT_KEYS)
    format_id = ff.ident(ck, top, data, "id", required=True)
    label = ff.text(ck, top, data, "label") or _PLACEHOLDER
    description = ff.text(ck, top, data, "description") or _PLACEHOLDER
    roles = ff.ident_list(ck, top, data, "roles", DEFAULT_ROLES)
    if not roles:
        ck.error(top, "roles", "must list at least one role")

    role_labels = {}
    labels_table = ff.table(ck, top, data, "role_labels") or {}
    for role in labels_table:
        if role not in roles:
            ck.error(top, f"role_labels.{role}", f'"{role}" is not one of the format\'s roles')
            continue
        text = ff.text(ck, top, labels_table, role, prefix="role_labels.")
        if text:
            role_labels[role] = text

    steps: list[Step] = []
    raw_steps = data.get("steps", ff.MISSING)
    if raw_steps is ff.MISSING or raw_steps == []:
        ck.error(top, "steps", "a format needs at least one [[steps]]")
        raw_steps = []
    elif not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        ck.error(top, "steps", "must be an array of tables ([[steps]])")
        raw_steps = []

    first_index: dict[str, int] = {}
    kinds_so_far: set[str] = set()
    for index, raw in enumerate(raw_steps, start=1):
        step = _parse_step(ck, raw, index, roles, kinds_so_far)
        among = step.voting.among
        if among and not any(s.id == among and s.voting.mode in ("dots", "upvote") for s in steps):
            ck.error([ff.name("step", raw, index)], "voting.among",
                     f'"{among}" is not an earlier step with mode = "dots" or "upvote"')
        if step.id:
            if step.id in first_index:
                ck.error([ff.name("step", raw, index)], "id",
                         f"step #{first_index[step.id]} already has this id")
            else:
                first_index[step.id] = index
        kinds_so_far.update(step.kinds)
        steps.append(step)

    background = ff.boolean(ck, top, data, "background", False)
    if background and steps:
        for field_name, message in background_rules.format_problems(steps):
            where = top if field_name == "background" else [ff.name("step", raw_steps[0], 1)]
            ck.error(where, field_name, message)

    if ck.errors:
        raise FormatError(ck.errors)
    return Format(id=format_id, label=label, description=description, roles=roles,
                  steps=tuple(steps), source=source, role_labels=role_labels,
                  background=background)


def _parse_step(ck: ff.Checker, raw: dict, index: int, format_roles: tuple[str, ...],
                earlier_kinds: set[str]) -> Step:
    where = [ff.name("step", raw, index)]
    ff.unknown_keys(ck, where, raw, _STEP_KEYS)
    step_id = ff.ident(ck, where, raw, "id", required=True)
    label = ff.text(ck, where, raw, "label") or _PLACEHOLDER
    prompt = ff.text(ck, where, raw, "prompt") or _PLACEHOLDER
    duration = ff.number(ck, where, raw, "duration", 0.0)
    warning = ff.number(ck, where, raw, "warning", 0.0)
    advance = ff.choice(ck, where, raw, "advance", ADVANCES, "facilitator")
    if duration > 0 and warning >= duration:
        ck.error(where, "warning", f"must be less than duration ({_minutes(duration)})")

    contributors = ff.choice(ck, where, raw, "contributors", CONTRIBUTORS, "everyone")
    roles = ff.ident_list(ck, where, raw, "roles", ())
    if contributors == "roles":
        if not roles and "roles" in raw:
            ck.error(where, "roles", 'must not be empty when contributors = "roles"')
        elif not roles:
            ck.error(where, "roles", 'missing: contributors = "roles" needs the list of roles')
        for role in roles:
            if role not in format_roles:
                ck.error(where, "roles", f'"{role}" is not one of the format\'s roles '
                         f"({', '.join(format_roles)})")
    elif roles:
        ck.error(where, "roles", f'only used with contributors = "roles" '
                 f'(contributors is "{contributors}")')

    questions = question_tables(ck, where, raw)

    # Nobody contributes in a "nobody" step (a results screen): no kinds unless stated, and
    # stating some would be a contradiction.
    kinds = ff.ident_list(ck, where, raw, "kinds", () if contributors == "nobody" else DEFAULT_KINDS)
    for kind in kinds:
        if kind not in CONTRIBUTION_KINDS:
            ck.error(where, "kinds", f'"{kind}" is not a contribution kind '
                     f"({', '.join(CONTRIBUTION_KINDS)})")
    if contributors == "nobody" and kinds:
        ck.error(where, "kinds", 'must be empty when contributors = "nobody"')
    if contributors != "nobody" and not kinds and not questions:
        ck.error(where, "kinds", "must list at least one kind (or the step needs questions)")

    visibility = ff.choice(ck, where, raw, "visibility", VISIBILITIES, "named")
    produces = ff.ident(ck, where, raw, "produces", required=False)
    shared = ff.boolean(ck, where, raw, "shared", False)
    topics_from = raw.get("topics_from", "")
    if topics_from != "":
        if topics_from not in CONTRIBUTION_KINDS:
            ck.error(where, "topics_from", f"{ff.show(topics_from)} is not a contribution kind "
                     f"({', '.join(CONTRIBUTION_KINDS)})")
            topics_from = ""
        elif topics_from not in kinds and topics_from not in earlier_kinds:
            ck.error(where, "topics_from", f'no step up to this one accepts "{topics_from}" '
                     "contributions, so none can become a topic")

    voting = _parse_voting(ck, where, raw)
    if "vote" in kinds and voting.mode == "none":
        ck.error(where, "kinds", '"vote" needs [steps.voting] with a mode other than "none"')

    fair = _parse_fair(ck, where, raw, contributors)
    parts = _parse_parts(ck, where, raw, step_id, label, prompt, duration, warning, advance,
                         format_roles, kinds)
    groups, hosts, report_minutes, instructions = _parse_groups(ck, where, raw, parts)
    return Step(id=step_id, label=label, prompt=prompt, duration=duration, warning=warning,
                advance=advance, contributors=contributors, roles=roles, kinds=kinds,
                visibility=visibility, produces=produces, shared=shared,
                topics_from=topics_from, voting=voting, questions=questions, parts=parts,
                groups=groups, hosts=hosts, report_minutes=report_minutes,
                instructions=instructions, fair=fair)


def _parse_groups(ck: ff.Checker, where: list[str], raw: dict, parts: tuple):
    """groups, hosts, report_minutes and [steps.instructions] (docs/formats.md)."""
    groups = ff.choice(ck, where, raw, "groups", GROUP_LAYERS, "")
    hosts = ff.boolean(ck, where, raw, "hosts", False)
    if hosts and groups != "tables":
        ck.error(where, "hosts", 'only used with groups = "tables"')
    if groups == "tables":
        if len(parts) not in TABLE_ROUNDS or any(p.per for p in parts):
            ck.error(where, "parts", 'groups = "tables" needs 2 or 3 [[steps.parts]], one a '
                     'round (none with per = "topic")')
    report_minutes = ff.number(ck, where, raw, "report_minutes", 0.0)
    if "report_minutes" in raw and ff.is_number(raw["report_minutes"]) and report_minutes <= 0:
        ck.error(where, "report_minutes", "must be more than 0 (minutes per group)")
    if report_minutes and groups:
        ck.error(where, "report_minutes", "the report-back is a plenary step: remove "
                 f'groups = "{groups}" or report_minutes')
    instructions = None
    table = ff.table(ck, where, raw, "instructions")
    if table is not None:
        p = "instructions."
        ff.unknown_keys(ck, where, table, INSTRUCTION_KEYS, prefix=p)
        texts = {key: ff.text(ck, where, table, key, required=False, prefix=p)
                 for key in INSTRUCTION_KEYS}
        if not any(texts.values()) and not any(k in table for k in INSTRUCTION_KEYS):
            ck.error(where, "instructions", "must hold at least one of "
                     + ", ".join(INSTRUCTION_KEYS))
        instructions = Instructions(**texts)
    return groups, hosts, report_minutes, instructions


def _parse_fair(ck: ff.Checker, where: list[str], raw: dict, contributors: str) -> FairSettings | None:
    table = ff.table(ck, where, raw, "fair")
    if table is None:
        return None
    if contributors != "kiosk":
        ck.error(where, "fair", f'only used with contributors = "kiosk" (contributors is "{contributors}")')
    p = "fair."
    ff.unknown_keys(ck, where, table, _FAIR_KEYS, prefix=p)
    mode = ff.choice(ck, where, table, "mode", FAIR_MODES, "rotation", prefix=p)
    slot = ff.number(ck, where, table, "slot_minutes", 7.0, prefix=p)
    warning = ff.number(ck, where, table, "warning_minutes", 2.0, prefix=p)
    dots = ff.integer(ck, where, table, "dots", 3, 1, prefix=p)
    if not 0 < slot <= 60:
        ck.error(where, "fair.slot_minutes", "must be more than 0 and at most 60 minutes")
    elif not 0 <= warning < slot:
        ck.error(where, "fair.warning_minutes", f"must be at least 0 and less than slot_minutes ({_minutes(slot)})")
    if dots > 10:
        ck.error(where, "fair.dots", "must be at most 10")
    return FairSettings(mode=mode, slot_minutes=slot, warning_minutes=warning, dots=dots)


def _parse_voting(ck: ff.Checker, where: list[str], raw: dict) -> Voting:
    table = ff.table(ck, where, raw, "voting")
    if table is None:
        return Voting()
    p = "voting."
    ff.unknown_keys(ck, where, table, _VOTING_KEYS, prefix=p)
    mode = ff.choice(ck, where, table, "mode", VOTING_MODES, "none", prefix=p)
    dots = ff.integer(ck, where, table, "dots", 0, 0, prefix=p)
    max_per_item = ff.integer(ck, where, table, "max_per_item", 0, 0, prefix=p)
    reveal = ff.choice(ck, where, table, "reveal", REVEALS, "live", prefix=p)
    extend = ff.number(ck, where, table, "extend", 0.0, prefix=p)
    among = ff.ident(ck, where, table, "among", required=False, prefix=p)
    if mode == "dots" and "dots" in table and ff.is_int(table["dots"]) and dots <= 0:
        ck.error(where, "voting.dots", 'must be > 0 when mode = "dots"')
    elif mode == "dots" and "dots" not in table:
        ck.error(where, "voting.dots", 'missing: mode = "dots" needs the number of dots each')
    if mode != "dots" and dots:
        ck.error(where, "voting.dots", f'only used with mode = "dots" (mode is "{mode}")')
    if max_per_item and mode != "dots":
        ck.error(where, "voting.max_per_item", 'only used with mode = "dots"')
    elif max_per_item and max_per_item > dots > 0:
        ck.error(where, "voting.max_per_item", f"must not exceed dots ({dots})")
    if extend and mode != "thumbs":
        ck.error(where, "voting.extend", 'only used with mode = "thumbs"')
    if among and mode != "dots":
        ck.error(where, "voting.among", 'only used with mode = "dots" (a run-off gives dots again)')
    return Voting(mode=mode, dots=dots, max_per_item=max_per_item, reveal=reveal, extend=extend,
                  among=among)


def _parse_extra_kinds(ck: ff.Checker, where: list[str], raw: dict, format_roles: tuple[str, ...],
                       step_kinds: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``extra_kinds = {action = ["broker"]}``: kinds the part takes besides the step's, each
    from the roles listed (format roles)."""
    table = ff.table(ck, where, raw, "extra_kinds")
    if not table:
        return ()
    extra = []
    for kind in table:
        if kind not in CONTRIBUTION_KINDS:
            ck.error(where, "extra_kinds", f'"{kind}" is not a contribution kind '
                     f"({', '.join(CONTRIBUTION_KINDS)})")
            continue
        if kind in step_kinds:
            ck.error(where, "extra_kinds", f'"{kind}" is already one of the step\'s kinds')
        roles = ff.ident_list(ck, [*where, "extra_kinds"], table, kind, ())
        if not roles:
            ck.error(where, "extra_kinds", f'"{kind}" needs the list of roles that may post it')
        for role in roles:
            if role not in format_roles:
                ck.error(where, "extra_kinds", f'"{role}" is not one of the format\'s roles '
                         f"({', '.join(format_roles)})")
        extra.append((kind, roles))
    return tuple(extra)


def _parse_parts(ck: ff.Checker, where: list[str], raw: dict, step_id: str, step_label: Text,
                 step_prompt: Text, step_duration: float, step_warning: float,
                 step_advance: str, format_roles: tuple[str, ...] = (),
                 step_kinds: tuple[str, ...] = ()) -> tuple[Part, ...]:
    raw_parts = ff.list_of_tables(ck, where, raw, "parts")
    if not raw_parts:
        # The implicit part: the step itself, so the room only ever walks parts.
        if step_duration == 0 and step_warning > 0:
            ck.error(where, "warning", "the step has no duration, so no warning: "
                     "set a duration or remove the warning")
        if step_duration == 0 and step_advance == "auto":
            ck.error(where, "advance", '"auto" needs a duration (an untimed step would be '
                     "skipped at once)")
        return (Part(id=step_id, label=step_label, prompt=step_prompt, duration=step_duration,
                     warning=step_warning, advance=step_advance),)

    parsed = []  # (where, raw, Part without the per-topic duration yet)
    seen: set[str] = set()
    per_topic_count = 0
    for index, p in enumerate(raw_parts, start=1):
        pwhere = [*where, ff.name("part", p, index)]
        ff.unknown_keys(ck, pwhere, p, _PART_KEYS)
        pid = ff.ident(ck, pwhere, p, "id", required=True)
        if pid and pid in seen:
            ck.error(pwhere, "id", "another part of this step has this id")
        seen.add(pid)
        label = ff.text(ck, pwhere, p, "label") or _PLACEHOLDER
        # A part without its own prompt shows the step's instructions.
        prompt = ff.text(ck, pwhere, p, "prompt", required=False) or step_prompt
        per = ff.choice(ck, pwhere, p, "per", PER_VALUES, "")
        duration = ff.number(ck, pwhere, p, "duration", 0.0)
        warning = ff.number(ck, pwhere, p, "warning", step_warning)
        advance = ff.choice(ck, pwhere, p, "advance", ADVANCES, step_advance)
        if per == "topic":
            per_topic_count += 1
            if per_topic_count > 1:
                ck.error(pwhere, "per", 'only one part of a step may have per = "topic"')
            if duration > 0:
                ck.error(pwhere, "duration", "a per-topic part shares what the other parts "
                         "leave of the step's duration: remove this duration and set the "
                         "step's")
        extra = _parse_extra_kinds(ck, pwhere, p, format_roles, step_kinds)
        parsed.append((pwhere, p, Part(id=pid, label=label, prompt=prompt, duration=duration,
                                       warning=warning, advance=advance, per=per,
                                       extra_kinds=extra)))

    fixed = sum(part.duration for _, _, part in parsed if part.per != "topic")
    rest = 0.0
    if step_duration > 0:
        if per_topic_count:
            if fixed >= step_duration:
                ck.error(where, "parts", f"the fixed parts last {_minutes(fixed)}: they must "
                         f"last less than the step's duration ({_minutes(step_duration)}) so "
                         "the per-topic part gets the rest")
            rest = max(step_duration - fixed, 0.0)
        elif fixed > step_duration:
            ck.error(where, "parts", f"the parts last {_minutes(fixed)}, more than the step's "
                     f"duration ({_minutes(step_duration)})")

    # A step warning already reported as too long is not reported again on every part.
    step_warning_bad = 0 < step_duration <= step_warning
    parts = []
    for pwhere, p, part in parsed:
        duration = rest if part.per == "topic" else part.duration
        if duration > 0 and part.warning >= duration:
            if "warning" in p:
                ck.error(pwhere, "warning", f"must be less than the part's duration "
                         f"({_minutes(duration)})")
            elif not step_warning_bad:
                ck.error(pwhere, "warning", f"the step's warning ({_minutes(part.warning)}) "
                         f"must be less than the part's duration ({_minutes(duration)}): "
                         "set a shorter warning on the part")
        if duration == 0 and "warning" in p and part.warning > 0:
            ck.error(pwhere, "warning", "the part has no duration, so no warning")
        if duration == 0 and part.advance == "auto":
            ck.error(pwhere, "advance", '"auto" needs a duration (an untimed part would be '
                     "skipped at once)")
        parts.append(replace(part, duration=duration))
    return tuple(parts)


def _minutes(value: float) -> str:
    return f"{value:g} min"


# --- Files and folders --------------------------------------------------------------------------

def load_format(path) -> Format:
    """Read and validate one format file; raise FormatError listing every error of the file."""
    path = Path(path)
    source = str(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise FormatError(f"{source}: cannot read the file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"{source}: not valid TOML: {exc}") from None
    return parse_format(data, source)


def _format_files(folder: Path) -> list[Path]:
    # Hidden files are editors' locks and backups, not formats.
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file())


def _load_folder(folder: Path) -> tuple[dict[str, Format], list[str]]:
    """The formats of one folder and the errors met; two files with one id is an error."""
    if not folder.is_dir():
        return {}, [f"{folder}: not a folder"]
    found: dict[str, Format] = {}
    errors: list[str] = []
    for path in _format_files(folder):
        try:
            fmt = load_format(path)
        except FormatError as exc:
            errors.extend(exc.errors)
            continue
        if fmt.id in found:
            errors.append(f'{path}: field "id": "{fmt.id}" is already the id of '
                          f"{found[fmt.id].source}")
            continue
        found[fmt.id] = fmt
    return found, errors


def load_formats(dirs: list[Path]) -> dict[str, Format]:
    """Every ``*.toml`` of ``dirs``, in order: a later folder's format replaces an earlier one
    of the same id (a user's ``--formats-dir`` after the built-in folder). Raise FormatError
    with every error of every file if anything is wrong."""
    formats: dict[str, Format] = {}
    errors: list[str] = []
    for folder in dirs:
        found, folder_errors = _load_folder(Path(folder))
        errors.extend(folder_errors)
        formats.update(found)
    if errors:
        raise FormatError(errors)
    return formats


def check_paths(paths=()) -> list[str]:
    """The error lines for ``palabre formats check [PATH...]``: each path is a format file or a
    folder of them; no path checks the built-in folder. An empty list means all is well."""
    targets = [Path(p) for p in paths] or [BUILTIN_DIR]
    errors: list[str] = []
    for target in targets:
        if target.is_dir():
            errors.extend(_load_folder(target)[1])
        elif target.exists():
            try:
                load_format(target)
            except FormatError as exc:
                errors.extend(exc.errors)
        else:
            errors.append(f"{target}: no such file or folder")
    return errors
