"""The phone UI: templates and static files, plain JS with no build step."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
