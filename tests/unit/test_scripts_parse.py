"""Every script a screen loads parses: a syntax error in one file blanks a whole screen (the
browser tests would find it, slowly; this finds it in a second). Uses Node's --check."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(p for folder in ("facilitator/static", "participant_ui/static")
                 for p in (ROOT / folder).glob("*.js") if not p.name.endswith(".min.js"))


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_parses(script):
    checked = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
