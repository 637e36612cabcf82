"""Words of background activities' screens, French and English (merged into ui_text.UI).

Prefixes: "bg." the phone's all-day tab (phone_background.js), "bgd." the dashboard's card
(background_panel.js), "bgp." the projector (projector_background.js).
"""
BACKGROUND_UI: dict[str, tuple[str, str]] = {
    # --- the phone ------------------------------------------------------------------------------
    "bg.tab_now": ("Maintenant", "Now"),
    "bg.tab_all_day": ("Toute la journée", "All day"),
    "bg.all_day": ("Ouvert toute la journée", "Open all day"),
    "bg.label": ("Votre message", "Your message"),
    "bg.send": ("Envoyer", "Send"),
    "bg.anonymous": ("Envoyer anonymement", "Send anonymously"),
    "bg.anon_forced": ("Anonyme : votre nom n'apparaît jamais.", "Anonymous: your name never shows."),
    "bg.sending": ("Envoi en cours…", "Sending…"),
    "bg.saved": ("Gardé sur ce téléphone, envoi dès que possible.",
                 "Kept on this phone, sent as soon as possible."),
    "bg.sent": ("Envoyé.", "Sent."),
    "bg.empty_text": ("Écrivez d'abord quelque chose.", "Write something first."),
    "bg.room": ("Dans la salle", "From the room"),
    "bg.mine": ("Mes envois", "What I sent"),
    "bg.nothing": ("Rien pour l'instant.", "Nothing yet."),
    # the ▲ button of an item in a box that takes upvotes (its label says the count)
    "bg.upvote": ("Soutenir", "Upvote"),
    "bg.upvote.one": ("Soutenir ({n} soutien)", "Upvote ({n} upvote)"),
    "bg.upvote.other": ("Soutenir ({n} soutiens)", "Upvote ({n} upvotes)"),
    "bg.ups.one": ("▲ {n} soutien", "▲ {n} upvote"),
    "bg.ups.other": ("▲ {n} soutiens", "▲ {n} upvotes"),
    # --- the dashboard --------------------------------------------------------------------------
    "bgd.title": ("Toute la journée", "All day"),
    "bgd.hint": ("Une activité en fond reste ouverte sur les téléphones à côté de l'activité en cours, toute la journée (boîte à questions, boîte à idées).",
                 "A background activity stays open on the phones beside the current activity, all day long (a question box, an idea box)."),
    "bgd.none": ("Aucune activité du programme ne peut tourner en fond : ajoutez-en une au format « Questions de la journée » ou « Mur d'idées ».",
                 "No activity of the day can run in the background: add one in the “Questions of the day” or “Ideas wall” format."),
    "bgd.switch": ("En fond toute la journée", "In the background all day"),
    "bgd.project": ("Projeter", "Project"),
    "bgd.projected": ("Projetée", "On the projector"),
    "bgd.unproject": ("Revenir à l'activité en cours", "Back to the current activity"),
    "bgd.count.one": ("{n} contribution reçue", "{n} contribution received"),
    "bgd.count.other": ("{n} contributions reçues", "{n} contributions received"),
    "bgd.empty": ("Pas encore de contribution.", "No contributions yet."),
    # the order of a box's items in the card, when the room upvotes them
    "bgd.by_votes": ("Les plus soutenues d'abord", "Most upvoted first"),
    "bgd.by_time": ("Les plus récentes d'abord", "Newest first"),
    "bgd.order": ("Ordre des contributions", "Order of the contributions"),
    # --- the projector --------------------------------------------------------------------------
    "bgp.all_day": ("Toute la journée", "All day"),
}
