"""Words of the Knowledge Jam's additions (merged into ui_text.UI): the phone's action plan and
its edit forms (prefix "act.", loaded with phone_actions.js), the dashboard's corrections,
action rows and second roles (prefix "jam.")."""
JAM_UI: dict[str, tuple[str, str]] = {
    # --- phone (phone_actions.js) --------------------------------------------------------------
    "act.plan": ("Plan d'action", "Action plan"),
    "act.plan_empty": ("Aucune action pour l'instant.", "No actions yet."),
    "act.what": ("Quoi", "What"),
    "act.who": ("Qui", "Who"),
    "act.partners": ("Partenaires", "Partners"),
    "act.when": ("Échéance", "Deadline"),
    "act.resources": ("Moyens", "Resources"),
    "act.indicator": ("Indicateur de réussite", "Success indicator"),
    "act.status": ("Statut", "Status"),
    "act.edit": ("Modifier", "Edit"),
    "act.withdraw": ("Retirer", "Withdraw"),
    "act.save": ("Enregistrer", "Save"),
    "act.cancel": ("Annuler", "Cancel"),
    "act.cell": ("{label} : {value}", "{label}: {value}"),
    "act.edited": ("modifié", "edited"),
    # --- dashboard -----------------------------------------------------------------------------
    "jam.correct": ("Corriger", "Correct"),
    "jam.correct_prompt": ("Texte corrigé :", "Corrected text:"),
    "jam.edit_row": ("Modifier l'action", "Edit the action"),
    "jam.second_role": ("Second rôle", "Second role"),
    "jam.no_second_role": ("Aucun", "None"),
    "jam.skip": ("Préparée avant la journée (non jouée en salle)",
                 "Prepared before the day (not run in the room)"),
}
