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
    "forbidden": ("Action réservée à l'équipe d'animation.", "Only the facilitator can do this."),
    "unknown_event": ("Action inconnue : {name}.", "Unknown action: {name}."),
    "unknown_code": ("Aucun atelier ne porte ce code.", "No workshop has this code."),
    "unknown_participant": ("Ce téléphone n'est plus inscrit à cet atelier. Rejoignez-le à nouveau.",
                            "This phone is no longer registered for this workshop. Please join again."),
    "cross_origin": ("Cette requête vient d'un autre site ; rouvrez la page de Palabre.",
                     "This request comes from another site; open the Palabre page again."),
    "too_many_connections": ("Trop de connexions ouvertes depuis cette adresse.",
                             "Too many open connections from this address."),
    "not_signed_in": ("Connectez-vous avec le lien d'animation affiché au démarrage du serveur.",
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
    "votes_closed": ("Le vote est clos : les résultats ont été dévoilés.",
                     "Voting is closed: the results have been revealed."),
    "own_item": ("On ne vote pas pour sa propre question.", "You cannot upvote your own question."),
    "no_questionnaire": ("Pas de questionnaire à cette étape.", "No questionnaire in this step."),
    "bad_answer": ("Réponse invalide à la question {question}.", "Invalid answer to question {question}."),
    # Breakout groups (room/groups.py, room/group_rounds.py)
    "bad_group_count": ("Nombre de groupes invalide : de {min} à {max}.",
                        "Invalid number of groups: {min} to {max}."),
    "bad_group_size": ("Taille de groupe invalide : de {min} à {max} personnes.",
                       "Invalid group size: {min} to {max} people."),
    "bad_capacity": ("Capacité trop faible pour que tout le monde ait une place : au moins {min} par groupe.",
                     "Capacity too low for everyone to get a seat: at least {min} per group."),
    "group_full": ("Le groupe {group} est complet (capacité : {capacity}).",
                   "Group {group} is full (capacity: {capacity})."),
    "theme_full": ("Tous les groupes sur « {theme} » sont complets. Choisissez un autre thème.",
                   "Every group on “{theme}” is full. Please pick another theme."),
    "unknown_theme": ("Thème inconnu : {theme}.", "Unknown theme: {theme}."),
    "unknown_group": ("Ce groupe n'existe pas.", "This group does not exist."),
    "unknown_strategy": ("Mode de constitution des groupes inconnu : {strategy}.",
                         "Unknown way of forming groups: {strategy}."),
    "not_in_group": ("Vous n'êtes dans aucun groupe pour l'instant.", "You are not in a group yet."),
    "not_member": ("Cette personne ne fait pas partie de ce groupe.",
                   "This person is not a member of this group."),
    "role_taken": ("Ce rôle est déjà pris dans le groupe.", "This role is already taken in the group."),
    "has_role": ("Cette personne a déjà un rôle dans le groupe : un seul par personne.",
                 "This person already has a role in the group: one per person."),
    "unknown_group_role": ("Rôle de groupe inconnu : {role}.", "Unknown group role: {role}."),
    "too_few_people": ("Pas assez de monde pour ce format : il en faut au moins {min}.",
                       "Not enough people for this format: it needs at least {min}."),
    "bad_round_count": ("Nombre de tours invalide : de {min} à {max}.",
                        "Invalid number of rounds: {min} to {max}."),
    "bad_hosts": ("Il faut une personne hôte par table, soit {tables} personnes différentes, toutes présentes.",
                  "One host per table is needed: {tables} different people, all in the room."),
    # The restitution sheet (room/sheet.py)
    # jam: correcting and withdrawing a contribution
    "not_yours": ("Seule la personne qui l'a écrit peut modifier ou retirer cet élément.",
                  "Only the person who wrote it can edit or withdraw this item."),
    "step_over": ("Cette étape est close : l'élément ne peut plus être modifié ni retiré.",
                  "This step is over: the item can no longer be edited or withdrawn."),
    "unknown_field": ("Champ inconnu : {field}.", "Unknown field: {field}."),
    "bad_field": ("Valeur invalide pour le champ {field}.", "Invalid value for the field {field}."),
    # An activity's own questionnaire (room/question_overrides.py): {n} is the question's number
    # as the dashboard shows it, {field} the payload's field.
    "too_many_questions": ("{max} questions au plus par questionnaire ({field}).",
                           "{max} questions at most in a questionnaire ({field})."),
    "questions_too_long": ("Les questions de cette étape dépassent {max} caractères en tout ({field}).",
                           "This step's questions are longer than {max} characters in all ({field})."),
    "duplicate_question": ("Question {n} : l'identifiant « {id} » est déjà celui d'une autre question ({field}).",
                           "Question {n}: the id “{id}” is already another question's ({field})."),
    "question_type": ("Question {n} : choisissez son type, une note, un choix ou une réponse libre ({field}).",
                      "Question {n}: choose its type, a rating, a choice or a free answer ({field})."),
    "question_label": ("Question {n} : écrivez-la en français et en anglais ({field}).",
                       "Question {n}: write it in French and in English ({field})."),
    "question_option": ("Question {n} : écrivez chaque option en français et en anglais ({field}).",
                        "Question {n}: write each option in French and in English ({field})."),
    "question_too_long": ("Question {n} : {max} caractères au plus ({field}).",
                          "Question {n}: {max} characters at most ({field})."),
    "question_scale": ("Question {n} : une note va de 1 à un nombre entre 2 et {max}, et seule une note a une échelle ({field}).",
                       "Question {n}: a rating goes from 1 to a number between 2 and {max}, and only a rating has a scale ({field})."),
    "question_options": ("Question {n} : une question à choix a de 2 à {max} options, et seule elle en a ({field}).",
                         "Question {n}: a choice question has 2 to {max} options, and only it has options ({field})."),
    "answered_question": ("Question {n} : elle a déjà des réponses ; son libellé peut changer, pas son type, son échelle ni le nombre de ses options ({field}). Ajoutez plutôt une nouvelle question.",
                          "Question {n}: it already has answers; its wording may change, not its type, its scale or its number of options ({field}). Add a new question instead."),
    "bad_status": ("Statut inconnu : {status}. Choisissez « à faire », « en cours », « bloquée » ou « faite ».",
                   "Unknown status: {status}. Choose to do, in progress, blocked or done."),
    "too_many_items": ("Cette rubrique est pleine : {max} éléments au plus.",
                       "This section is full: {max} items at most."),
    "sheet_submitted": ("La fiche a été remise ; seule l'équipe d'animation peut la rouvrir.",
                        "The sheet has been submitted; only a facilitator can reopen it."),
    "not_rapporteur": ("Réservé à la personne qui rapporte pour le groupe, ou à l'équipe d'animation.",
                       "Only the group's rapporteur or a facilitator can do this."),
    "proposal_closed": ("Cette proposition a déjà été traitée.", "This proposal has already been dealt with."),
    "duplicate_item": ("Cet identifiant est déjà utilisé dans cette rubrique.",
                       "This id is already used in this section."),
    # Themes of the restitution (room/themes.py)
    "duplicate_note": ("Cette idée figure deux fois.", "This idea is listed twice."),
    "no_theme": ("Ce thème n'existe pas.", "This theme does not exist."),
    "no_note": ("Cette idée n'est dans aucun thème.", "This idea is in no theme."),
    "bad_name": ("Le nom doit faire entre 1 et 80 caractères.", "The name must be 1 to 80 characters long."),
    "bad_split": ("Pour diviser un thème, choisissez une partie de ses idées, pas toutes.",
                  "To split a theme, choose some of its ideas, not all of them."),
    "same_theme": ("Ce sont les mêmes thèmes.", "These are the same theme."),
    # The restitution (facilitator/restitution/, web/exports.py)
    "too_many_notes": ("Trop d'idées à regrouper d'un coup ({n}, {max} au plus) : choisissez une activité.",
                       "Too many ideas to group at once ({n}, {max} at most): pick one activity."),
    "unknown_group_name": ("Aucun groupe ne porte ce nom : {group}.", "No group has this name: {group}."),
    "unknown_export": ("Format d'export inconnu : {format}. Formats : {formats}.",
                       "Unknown export format: {format}. Formats: {formats}."),
    "bad_option": ("Option d'export invalide : {option}.", "Invalid export option: {option}."),
    "synthesis_too_long": ("La synthèse dépasse {max} caractères.",
                           "The synthesis is longer than {max} characters."),
    # The idea fair and its jury (room/fair.py, room/jury.py)
    "bad_kiosks": ("Une foire aux idées compte de {min} à {max} stands.",
                   "An idea fair has {min} to {max} kiosks."),
    "bad_groups": ("Il faut de {min} à {max} groupes de visite.",
                   "There must be {min} to {max} visiting groups."),
    "no_criteria": ("Publiez au moins un critère.", "Publish at least one criterion."),
    "bad_weight": ("Le poids du critère « {criterion} » doit être un nombre positif.",
                   "The weight of criterion “{criterion}” must be a positive number."),
    "duplicate_criterion": ("Le critère « {criterion} » figure deux fois.",
                            "Criterion “{criterion}” is listed twice."),
    "bad_scale": ("Le barème va d'un nombre entier à un nombre entier plus grand, par exemple de 0 à 10.",
                  "The scale runs from one whole number to a larger one, for example 0 to 10."),
    "not_a_juror": ("Seuls les membres du jury peuvent noter.", "Only jury members can score."),
    "unknown_kiosk": ("Ce stand n'existe pas.", "This kiosk does not exist."),
    "recused": ("Vous ne notez pas ce stand : c'est celui de votre organisation, ou un conflit d'intérêts a été déclaré.",
                "You do not score this kiosk: it is your own organisation's, or a conflict of interest was declared."),
    "unknown_criterion": ("Critère inconnu : {criterion}.", "Unknown criterion: {criterion}."),
    "bad_score": ("La note doit être comprise entre {min} et {max}.",
                  "The score must be between {min} and {max}."),
    "bad_organisations": ("Liste d'organisations invalide (ligne {index}) : il faut un code (20 caractères au plus), un nom (120 au plus) et des codes différents.",
                          "Invalid list of organisations (row {index}): each needs a code (at most 20 characters), a name (at most 120) and a code of its own."),
    "no_group_steps": ("Cette activité n'a pas d'étape en groupes.", "This activity has no group step."),
    "no_groups": ("Les groupes de cette activité ne sont pas encore formés.",
                  "The groups of this activity have not been formed yet."),
    "groups_in_use": ("Les groupes ont déjà commencé à travailler : déplacez des personnes plutôt que de tout refaire.",
                      "The groups have already started working: move people rather than forming them again."),
    "not_self_selection": ("Dans cette activité, les groupes sont attribués par l'animation.",
                           "In this activity the facilitator assigns the groups."),
    "group_already_posted": ("Votre groupe a déjà envoyé sa contribution : une seule voix par groupe.",
                             "Your group has already sent its contribution: one voice per group."),
    "bad_minutes": ("Le temps ajouté doit être compris entre {min} et {max} minutes.",
                    "The extra time must be between {min} and {max} minutes."),
    "bad_report_order": ("L'ordre de restitution doit citer des groupes de l'activité, chacun une fois.",
                         "The report-back order must list groups of this activity, each once."),
    "no_sheet": ("Ce groupe n'a pas de fiche de restitution.", "This group has no restitution sheet."),
    "not_a_fair": ("Cette activité n'est pas une foire aux idées.", "This activity is not an idea fair."),
    "unknown_kiosk_link": ("Ce lien de stand n'est plus valable : demandez-en un nouveau à l'équipe d'animation.",
                           "This kiosk link is no longer valid: ask the facilitators for a new one."),
    "fair_started": ("La rotation est lancée : on ne peut plus ajouter ni retirer de stand, ni refaire les groupes. Arrêtez-la d'abord.",
                     "The rotation has started: kiosks can no longer be added or removed, nor groups formed again. Stop it first."),
    "no_visiting_groups": ("Formez d'abord les groupes de visite.", "Form the visiting groups first."),
    "not_presenter": ("Seules les personnes qui tiennent ce stand peuvent faire cela.",
                      "Only the people holding this kiosk can do that."),
    "bad_rating": ("La note doit être un nombre entier de {min} à {max}.",
                   "The rating must be a whole number from {min} to {max}."),
    "bad_contact": ("Indiquez comment vous joindre (au plus {max} caractères).",
                    "Say how to reach you (at most {max} characters)."),
    "not_revealed": ("Les résultats ne sont pas encore dévoilés.", "The results have not been revealed yet."),
    # Background activities (facilitator/background.py, docs/background.md)
    "background_not_allowed": ("Cette activité ne peut pas tourner en fond toute la journée : son format ne le permet pas (une seule étape, sans minuterie, ouverte à tout le monde).",
                               "This activity cannot run in the background all day: its format does not allow it (one untimed step, open to everyone)."),
    "not_background": ("Le champ {field} ne désigne aucune activité ouverte toute la journée.",
                       "The field {field} names no activity running all day."),
    "server_error": ("Erreur du serveur ; rien de ce qui a été confirmé n'est perdu.",
                     "Server error; nothing already confirmed is lost."),
    # Votes, results, the projector (branch votes)
    "no_options": ("Cette activité ne fait pas voter sur des options écrites.",
                   "This activity has no written options to vote on."),
    # staff: co-facilitator links, what the facilitator writes to the room
    "facilitator_link_only": ("Seule la personne entrée par le lien d'animation principal peut gérer les liens.",
                              "Only someone signed in with the main facilitator link can manage links."),
    "bad_link_name": ("Donnez un nom au lien (1 à {max} caractères).",
                      "Give the link a name (1 to {max} characters)."),
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
