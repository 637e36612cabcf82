"""The idea fair's step settings ([steps.fair]) in a format file: defaults, and errors that name
the file, the step and the field."""
import tomllib

import pytest

from facilitator.room.formats import BUILTIN_DIR, FairSettings, FormatError, load_format, parse_format

BASE = '''
id = "fair"
roles = ["facilitator", "participant"]
label = { fr = "Foire", en = "Fair" }
description = { fr = "Une foire", en = "A fair" }

[[steps]]
id = "visit"
duration = 45
contributors = "kiosk"
kinds = ["question"]
label = { fr = "Visite", en = "Visit" }
prompt = { fr = "Visitez", en = "Visit" }
'''


def parse(extra: str):
    return parse_format(tomllib.loads(BASE + extra), "fair.toml")


def test_the_builtin_fair_has_its_defaults():
    fmt = load_format(BUILTIN_DIR / "idea-fair.toml")
    visit = next(s for s in fmt.steps if s.id == "visit")
    assert visit.contributors == "kiosk"
    assert visit.fair == FairSettings(mode="rotation", slot_minutes=7, warning_minutes=2, dots=3)
    assert all(s.fair is None for s in fmt.steps if s.id != "visit")


def test_a_kiosk_step_without_the_table_has_none():
    assert parse("").steps[0].fair is None


@pytest.mark.parametrize("extra, field", [
    ('[steps.fair]\nmode = "carousel"\n', 'field "fair.mode"'),
    ('[steps.fair]\nslot_minutes = 0\n', 'field "fair.slot_minutes"'),
    ('[steps.fair]\nslot_minutes = 5\nwarning_minutes = 5\n', 'field "fair.warning_minutes"'),
    ('[steps.fair]\ndots = 0\n', 'field "fair.dots"'),
    ('[steps.fair]\ndots = 11\n', 'field "fair.dots"'),
    ('[steps.fair]\nslots = 7\n', 'field "fair.slots"'),
])
def test_bad_settings_name_file_step_and_field(extra, field):
    with pytest.raises(FormatError) as caught:
        parse(extra)
    assert len(caught.value.errors) == 1
    error = caught.value.errors[0]
    assert error.startswith("fair.toml: ") and 'step "visit"' in error and field in error


def test_the_table_belongs_to_a_kiosk_step():
    text = (BASE + '[steps.fair]\ndots = 3\n').replace('contributors = "kiosk"', 'contributors = "everyone"')
    with pytest.raises(FormatError) as caught:
        parse_format(tomllib.loads(text), "fair.toml")
    assert 'field "fair"' in str(caught.value) and "kiosk" in str(caught.value)
