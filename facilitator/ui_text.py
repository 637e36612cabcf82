"""Words of the screens (phone, dashboard, projector), in French and English.

Key -> (fr, en). Templates read them with ``t("key")``; scripts get the ones they need as JSON.
"""
from __future__ import annotations

UI = {
    "app.name": ("Palabre", "Palabre"),
    "lang.switch": ("English", "Français"),
    "join.title": ("Rejoindre l'atelier", "Join the workshop"),
    "join.code_label": ("Code de l'atelier", "Workshop code"),
    "join.go": ("Entrer", "Enter"),
    "join.name": ("Votre nom", "Your name"),
    "join.organisation": ("Organisation (facultatif)", "Organisation (optional)"),
    "join.submit": ("Rejoindre", "Join"),
    "join.anonymous": ("Rejoindre anonymement", "Join anonymously"),
    "join.name_needed": ("Indiquez un nom, ou rejoignez anonymement.",
                         "Enter a name, or join anonymously."),
    "unknown.title": ("Code inconnu", "Unknown code"),
    "unknown.body": ("Aucun atelier ne porte le code « {code} ». Vérifiez le code affiché à l'écran.",
                     "No workshop has the code \u201c{code}\u201d. Check the code on the screen."),
    "throttled.title": ("Trop d'essais", "Too many attempts"),
    "throttled.body": ("Trop de codes essayés depuis ce téléphone. Patientez une minute.",
                       "Too many codes tried from this phone. Please wait a minute."),
    "kind.idea": ("Idée", "Idea"),
    "kind.question": ("Question", "Question"),
    "kind.comment": ("Commentaire", "Comment"),
    "kind.vote": ("Vote", "Vote"),
    "kind.action": ("Action", "Action"),
    "kind.note": ("Note", "Note"),
    "post.placeholder": ("Écrivez ici…", "Write here…"),
    "post.send": ("Envoyer", "Send"),
    "post.anonymous": ("Envoyer anonymement", "Send anonymously"),
    "post.chars_left": ("{n} caractères restants", "{n} characters left"),
    "state.waiting": ("En attente", "Waiting"),
    "state.sent": ("Envoyé", "Sent"),
    "state.hidden": ("Masqué par l'équipe d'animation", "Hidden by the facilitator"),
    "state.refused": ("Refusé", "Refused"),
    "conn.online": ("Connecté", "Connected"),
    "conn.offline": ("Hors ligne", "Offline"),
    "mine.title": ("Mes contributions", "My contributions"),
    "mine.empty": ("Rien encore. Votre première idée ?", "Nothing yet. Your first idea?"),
    "anonymous": ("Anonyme", "Anonymous"),
    "dash.title": ("Tableau de bord", "Dashboard"),
    "dash.phones": ("téléphones connectés", "phones connected"),
    "dash.participants": ("participants inscrits", "participants registered"),
    "dash.contributions": ("contributions", "contributions"),
    "dash.all": ("Tout", "All"),
    "dash.hide": ("Masquer", "Hide"),
    "dash.restore": ("Rétablir", "Restore"),
    "dash.star": ("Étoile", "Star"),
    "dash.unstar": ("Retirer l'étoile", "Unstar"),
    "dash.pin": ("Projeter", "Pin to screen"),
    "dash.unpin": ("Retirer de l'écran", "Unpin"),
    "dash.projector": ("Ouvrir la vue projecteur", "Open the projector view"),
    "dash.show_join": ("Écran : rejoindre", "Screen: join"),
    "dash.show_wall": ("Écran : mur", "Screen: wall"),
    "dash.empty": ("Aucune contribution pour l'instant.", "No contributions yet."),
    "dash.hidden": ("masquée", "hidden"),
    "events.title": ("Vos ateliers", "Your workshops"),
    "events.new": ("Nouvel atelier", "New workshop"),
    "events.name": ("Titre", "Title"),
    "events.lang": ("Langue par défaut", "Default language"),
    "events.create": ("Créer", "Create"),
    "events.rename": ("Enregistrer", "Save"),
    "events.open": ("Ouvrir", "Open"),
    "events.code": ("Code", "Code"),
    "events.people": ("personnes", "people"),
    "events.settings": ("Réglages de l'atelier", "Workshop settings"),
    "signin.title": ("Connexion de l'équipe d'animation", "Facilitator sign-in"),
    "signin.body": ("Ouvrez le lien d'animation affiché dans le terminal au démarrage de Palabre.",
                    "Open the facilitator link printed in the terminal when Palabre started."),
    "signin.bad": ("Ce lien d'animation n'est pas valide.", "This facilitator link is not valid."),
    "signout": ("Se déconnecter", "Sign out"),
    "proj.join_at": ("Rejoignez sur", "Join at"),
    "proj.scan": ("Scannez pour participer", "Scan to take part"),
    "proj.code": ("Code", "Code"),
    "proj.join": ("Rejoindre", "Join"),
    "proj.wall": ("Mur", "Wall"),
    "proj.empty": ("Les contributions apparaîtront ici.", "Contributions will appear here."),
    "lang.fr": ("Français", "French"),
    "lang.en": ("Anglais", "English"),
    "notfound.title": ("Page introuvable", "Page not found"),
    "error.title": ("Erreur du serveur", "Server error"),
    "error.body": ("Rien de ce qui a été confirmé n'est perdu. Revenez en arrière et réessayez.",
                   "Nothing already confirmed is lost. Go back and try again."),
    "badrequest.title": ("Requête refusée", "Request refused"),
    "badrequest.body": ("Cette requête est mal formée ou vient d'un autre site.",
                        "This request is malformed or comes from another site."),
    # --- phone -----------------------------------------------------------------------------------
    "home.intro": ("Tapez le code affiché à l'écran.", "Type the code shown on the screen."),
    "join.intro": ("Vous rejoignez :", "You are joining:"),
    "join.or": ("ou", "or"),
    "join.anonymous_hint": ("Personne ne verra votre nom.", "Nobody will see your name."),
    "join.network": ("Pas de réseau. Vérifiez le Wi-Fi puis réessayez.",
                     "No network. Check the Wi-Fi and try again."),
    "me.as": ("Vous participez en tant que {name}", "You are taking part as {name}"),
    "me.anonymous": ("Vous participez anonymement", "You are taking part anonymously"),
    "me.edit": ("Modifier et renvoyer", "Edit and resend"),
    "me.discard": ("Retirer", "Discard"),
    "post.label": ("Votre contribution", "Your contribution"),
    "post.kind": ("Type", "Kind"),
    "post.too_long": ("Texte trop long", "Text too long"),
    "post.empty": ("Écrivez d'abord quelque chose.", "Write something first."),
    "post.saved": ("Gardé sur ce téléphone, envoi dès que possible.",
                   "Kept on this phone, sent as soon as possible."),
    "conn.connecting": ("Connexion…", "Connecting…"),
    "conn.lost": ("Connexion perdue — reconnexion…", "Connection lost — reconnecting…"),
    # --- net-client: the phone's status bar, and its page when a script did not load --------
    "conn.waiting.one": ("{n} envoi en attente", "{n} post waiting"),
    "conn.waiting.other": ("{n} envois en attente", "{n} posts waiting"),
    "ph.boot_fail": ("La page n'a pas fini de se charger (réseau faible).",
                     "The page did not finish loading (weak network)."),
    "ph.reload": ("Recharger", "Reload"),
    # --- dashboard and projector ----------------------------------------------------------------
    "dash.back": ("Tous les ateliers", "All workshops"),
    "dash.join_url": ("Lien pour rejoindre", "Join link"),
    "dash.filter": ("Filtrer", "Filter"),
    "dash.starred": ("étoilée", "starred"),
    "dash.pinned": ("à l'écran", "on screen"),
    "dash.screen": ("Écran projeté", "Projected screen"),
    "dash.hidden_text": ("(texte masqué)", "(hidden text)"),
    "dash.no_match": ("Aucune contribution de ce type.", "No contribution of this kind."),
    "events.empty": ("Aucun atelier pour l'instant. Créez-en un ci-dessous.",
                     "No workshops yet. Create one below."),
    "events.contributions": ("contributions", "contributions"),
    "proj.or_type": ("ou ouvrez", "or open"),
    "proj.then_code": ("et tapez le code", "and type the code"),
    "proj.keys": ("Touches : J rejoindre · W mur · F plein écran",
                  "Keys: J join · W wall · F full screen"),
}


from .ui_text_fair import FAIR_UI  # noqa: E402
from .ui_text_room import ROOM_UI  # noqa: E402
from .ui_text_staff import STAFF_UI  # noqa: E402
from .ui_text_groups import GROUPS_UI  # noqa: E402

from .ui_text_restitution import RESTITUTION_UI  # noqa: E402
from .ui_text_jam import JAM_UI  # noqa: E402
from .ui_text_team import TEAM_UI  # noqa: E402

UI.update(ROOM_UI)
UI.update(STAFF_UI)
UI.update(GROUPS_UI)
UI.update(FAIR_UI)
UI.update(RESTITUTION_UI)
# Background activities (docs/background.md)
from .ui_text_background import BACKGROUND_UI  # noqa: E402

UI.update(BACKGROUND_UI)
UI.update(JAM_UI)
UI.update(TEAM_UI)


def t(key: str, lang: str, **params) -> str:
    fr, en = UI.get(key, (key, key))
    text = en if lang == "en" else fr
    return text.format(**params) if params else text


def client_strings(prefixes: tuple[str, ...], lang: str) -> dict:
    """The strings a script needs, for one language (the page reloads to switch)."""
    return {k: t(k, lang) for k in UI if k.startswith(prefixes)}
