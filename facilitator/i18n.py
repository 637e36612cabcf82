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
                     "Too many sends at once. Try again in {wait} s."),
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
    "no_step": ("Aucune étape n'est ouverte aux contributions.", "No step is open for contributions."),
    "step_closed": ("Cette étape ne reçoit pas de contributions.", "This step takes no contributions."),
    "kind_not_allowed": ("Ce type de contribution n'est pas attendu à cette étape.",
                         "This kind of contribution is not expected in this step."),
    "role_not_allowed": ("Cette étape est réservée à certains rôles.",
                         "This step is for certain roles only."),
    "anonymous_not_allowed": ("Cette étape demande des contributions signées.",
                              "This step asks for signed contributions."),
    "no_activity": ("Aucune activité en cours.", "No activity is running."),
    "unknown_format": ("Format inconnu : {format}.", "Unknown format: {format}."),
    "bad_topics": ("Liste de sous-thèmes invalide ({max} au plus).", "Invalid list of topics ({max} at most)."),
    "bad_duration": ("Durée invalide.", "Invalid duration."),
    "budget_too_small": ("La durée totale est trop courte pour les parties fixes de l'étape.",
                         "The total time is too short for the step's fixed parts."),
    "bad_slot": ("Cette étape n'existe pas.", "This step does not exist."),
    "no_voting": ("Pas de vote à cette étape.", "No voting in this step."),
    "not_a_candidate": ("Ce second tour départage seulement les options à égalité en tête.",
                        "This run-off is only between the options tied first."),
    "budget_spent": ("Vous avez utilisé toutes vos gommettes.", "You have used all your dots."),
    "item_cap": ("Maximum de gommettes atteint sur cet élément.", "Maximum dots reached on this item."),
    "bad_value": ("Valeur de vote invalide.", "Invalid vote value."),
    "no_questionnaire": ("Pas de questionnaire à cette étape.", "No questionnaire in this step."),
    "bad_answer": ("Réponse invalide à la question {question}.", "Invalid answer to question {question}."),
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
    """The error a client receives: a stable code, a sentence, and the sentence's values
    (``wait`` seconds for rate_limited, ``max`` for text_too_long...) for scripts to use."""
    return {"code": code, "message": error_message(code, lang, **params), **params}


def pick_lang(*candidates) -> str:
    """The first supported language among the candidates (phone choice, event default...)."""
    for lang in candidates:
        if isinstance(lang, str):
            lang = lang[:2].lower()
            if lang in LANGS:
                return lang
    return DEFAULT_LANG
