"""Words of the staff work (staff): the team's links on the dashboard, what the facilitator
writes to the room (announcement, brief) on the dashboard, the phone (``sph.``, loaded with
phone_staff.js) and the projector, and the phones' language setting. Key -> (fr, en)."""
from __future__ import annotations

TEAM_UI = {
    # dashboard: to the room
    "team.room": ("Message à la salle", "To the room"),
    "team.announce": ("Annonce sur tous les téléphones", "Announcement on every phone"),
    "team.announce_hint": ("Affichée en grand sur chaque téléphone et au projecteur jusqu'à ce "
                           "qu'on la ferme ou qu'une autre la remplace.",
                           "Shown large on every phone and on the projector until dismissed or "
                           "replaced."),
    "team.send": ("Envoyer", "Send"),
    "team.clear": ("Retirer l'annonce", "Remove the announcement"),
    "team.current": ("En cours : {text}", "Showing: {text}"),
    "team.none": ("Aucune annonce.", "No announcement."),
    "team.brief": ("Fiche du sujet", "Topic brief"),
    "team.brief_for": ("Activité", "Activity"),
    "team.brief_hint": ("Pourquoi ce sujet, quel savoir chercher, ce qui est attendu à la fin. "
                        "Visible sur les téléphones et au projecteur pendant l'activité.",
                        "Why this topic, what know-how to look for, what is expected at the end. "
                        "Shown on phones and on the projector during the activity."),
    "team.brief_save": ("Enregistrer la fiche", "Save the brief"),
    "team.saved": ("Enregistré.", "Saved."),
    "team.no_activity": ("Ajoutez d'abord une activité au programme.",
                         "Add an activity to the programme first."),
    # dashboard: the team's links
    "team.links": ("Équipe d'animation", "Facilitation team"),
    "team.links_hint": ("Un lien par personne (co-animation sur une tablette, poste de rapport) : "
                        "chacun a son nom et se révoque seul.",
                        "One link per person (a co-facilitator's tablet, a rapporteur's desk): "
                        "each has its own name and is revoked on its own."),
    "team.main": ("Lien d'animation principal", "Main facilitator link"),
    "team.signed_in.one": ("{n} navigateur connecté", "{n} browser signed in"),
    "team.signed_in.other": ("{n} navigateurs connectés", "{n} browsers signed in"),
    "team.nobody": ("aucun navigateur connecté", "no browser signed in"),
    "team.you": ("vous", "you"),
    "team.name": ("Nom du lien", "Link name"),
    "team.create": ("Créer le lien", "Create the link"),
    "team.revoke": ("Révoquer", "Revoke"),
    "team.revoke_confirm": ("Révoquer le lien « {name} » ? Les personnes connectées avec lui "
                            "sont déconnectées tout de suite.",
                            "Revoke the link \u201c{name}\u201d? Whoever is signed in with it is "
                            "signed out at once."),
    "team.new_url": ("Copiez ce lien maintenant et donnez-le à la personne : il ne sera plus "
                     "affiché.", "Copy this link now and give it to the person: it will not be "
                     "shown again."),
    "team.only_main": ("Seul le lien d'animation principal gère les liens de l'équipe.",
                       "Only the main facilitator link manages the team's links."),
    # the event's settings
    "team.follow_browser": ("Les téléphones suivent la langue de leur navigateur",
                            "Phones follow their browser's language"),
    "team.follow_browser_hint": ("Sinon, tout s'ouvre dans la langue de l'atelier ; chacun peut "
                                 "toujours changer de langue.",
                                 "Otherwise everything opens in the workshop's language; anyone "
                                 "can still switch."),
    # the event's organisations (organisations_panel.js, in the workshop's settings)
    "org.title": ("Organisations de l'atelier", "The workshop's organisations"),
    "org.hint": ("Une organisation par ligne : code ; nom ; type. Les groupes sont équilibrés "
                 "par organisation.", "One organisation a line: code; name; kind. Groups are "
                 "balanced by organisation."),
    "org.save": ("Enregistrer les organisations", "Save the organisations"),
    "org.saved": ("Enregistré.", "Saved."),
    "org.n.one": ("({n} organisation inscrite)", "({n} organisation listed)"),
    "org.n.other": ("({n} organisations inscrites)", "({n} organisations listed)"),
    # punctuation around a label: French puts a space before a colon, English does not
    "dash.labelled": ("{label} : {value}", "{label}: {value}"),
    "dash.label_colon": ("{label} :", "{label}:"),
    # phone (phone_staff.js) and projector
    "sph.announcement": ("Annonce", "Announcement"),
    "sph.dismiss": ("Fermer", "Dismiss"),
    "sph.brief": ("Fiche du sujet", "Topic brief"),
    "pj.announcement": ("Annonce", "Announcement"),
    "pj.brief": ("Fiche du sujet", "Topic brief"),
}
