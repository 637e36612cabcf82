"""Words of the agenda on phones and the projector, French and English (merged into ui_text.UI)."""
ROOM_UI: dict[str, tuple[str, str]] = {
}
