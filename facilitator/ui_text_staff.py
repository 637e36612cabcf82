"""Words of the dashboard's agenda panel, French and English (merged into ui_text.UI)."""
STAFF_UI: dict[str, tuple[str, str]] = {
}
