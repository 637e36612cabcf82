"""Every sentence a person reads, in French and English.

Server-side strings live here; the phone, dashboard and projector scripts receive the subset
they need as JSON (see ``client_strings``), so one catalogue serves every screen.
"""
from __future__ import annotations

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

ERRORS = {
    "bad_payload": ("Requête mal formée.", "Malformed request."),
    "bad_client_id": ("Identifiant de contribution invalide (UUID attendu).",
                      "Invalid contribution id (a UUID is expected)."),
    "bad_kind": ("Type de contribution inconnu : {kind}.", "Unknown contribution kind: {kind}."),
    "text_empty": ("Le texte est vide.", "The text is empty."),
    "text_too_long": ("Le texte dépasse {max} caractères.", "The text is longer than {max} characters."),
    "name_too_long": ("Le nom dépasse {max} caractères.", "The name is longer than {max} characters."),
    "bad_lang": ("Langue inconnue (fr ou en).", "Unknown language (fr or en)."),
    "rate_limited": ("Trop d'envois d'un coup. Réessayez dans {wait} s.",
                     "Too many posts at once. Try again in {wait} s."),
    "forbidden": ("Action réservée à l'animateur.", "Only the facilitator can do this."),
    "unknown_event": ("Action inconnue : {name}.", "Unknown action: {name}."),
    "unknown_code": ("Aucun atelier ne porte ce code.", "No workshop has this code."),
    "unknown_participant": ("Ce téléphone n'est plus inscrit à cet atelier. Rejoignez-le à nouveau.",
                            "This phone is no longer registered for this workshop. Please join again."),
    "not_signed_in": ("Connectez-vous avec le lien animateur affiché au démarrage du serveur.",
                      "Sign in with the facilitator link printed when the server started."),
    "bad_role": ("Rôle inconnu.", "Unknown role."),
    "throttled": ("Trop d'essais de code. Patientez une minute.",
                  "Too many code attempts. Please wait a minute."),
    "duplicate_id": ("Cet identifiant de contribution est déjà utilisé.",
                     "This contribution id is already in use."),
    "not_found": ("Élément introuvable.", "Item not found."),
    "bad_title": ("Le titre doit faire entre 1 et 120 caractères.",
                  "The title must be 1 to 120 characters long."),
    "bad_mode": ("Mode d'affichage inconnu.", "Unknown display mode."),
    "server_error": ("Erreur du serveur ; rien de ce qui a été confirmé n'est perdu.",
                     "Server error; nothing already confirmed is lost."),
}


def error_message(code: str, lang: str, **params) -> str:
    fr, en = ERRORS.get(code, ERRORS["server_error"])
    template = en if lang == "en" else fr
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def error_payload(code: str, lang: str, **params) -> dict:
    return {"code": code, "message": error_message(code, lang, **params)}


def pick_lang(*candidates) -> str:
    """The first supported language among the candidates (phone choice, event default...)."""
    for lang in candidates:
        if isinstance(lang, str):
            lang = lang[:2].lower()
            if lang in LANGS:
                return lang
    return DEFAULT_LANG
