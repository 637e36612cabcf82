"""Word lists for facilitator.room.themes: stop words (FR, EN) and a small FR<->EN glossary.

Data only. Words are written as people write them (accents, plurals); themes.py folds accents,
lower-cases and strips a plural "s"/"x" before using them, so "Bénévoles", "benevole" and
"bénévole" are one entry. Words shorter than 3 letters never reach the matcher, except the ones
listed in the glossary (e.g. "mp").
"""

# Grammar words and the verbs/adverbs every note uses; they say nothing about a theme.
# Phone shorthand is here too ("pr", "ds", "bcp", "cest"), since notes are typed on phones.
STOP_FR = """
a à â afin ai aie aient ainsi alors après apres as au aucun aucune aupres auprès aussi autre
autres aux avaient avait avant avec avez avoir avons bcp beaucoup bien bon bonne c ça ca car ce
ceci cela celle celles celui cependant ces cest c'est cet cette ceux chaque chez ci comme comment
d dans de des dès deja déjà depuis dont donc du elle elles en encore entre es est et étaient était
etc été etre être eu eux faire fais fait faites faut fois font ici il ils j je jusqu l la là le
les leur leurs lors lorsque lui m ma mais me même memes mêmes mes moi moins mon n ne ni nos notre
nous on ont ou où par parce pas peu peut peuvent plus plusieurs pour pourquoi pourrait pr
qu quand que quel quelle quelles quels qui quoi sa sans se selon ses si sinon soit son sont sous
souvent suis sur svp t ta te tes toi ton tous tout toute toutes tres très trop tt tu un une vers
vos votre vous y ds ke ki oui non mieux toujours vraiment jamais rien chose choses
doit doivent devons devrait devraient pouvons peux veut veulent voir fait faites donne donner
mettre met avoir ont aller vont va venir vient sera seront serait
"""

STOP_EN = """
a about after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing don dont don't down during each few for from
further had has have having he her here hers him his how i if in into is it its it's itself just
me more most my no nor not now of off on once only or other our ours out over own same she should
so some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you
your yours us let lets get gets got make makes made much many every even still really thing
things need needs way ways one two three
"""

# Concept -> words that mean it in French or English (and the usual phone misspellings).
# Every word of a group becomes one shared feature, which is what lets "bénévoles" meet
# "volunteers". Keep groups narrow: a group that is too broad ("people", "meeting") glues
# unrelated themes together. The concept key is never shown; names use the words people wrote.
GLOSSARY = {
    # local resources and money
    "funding": "financement financements financer finance finances funding fund funds fonds fond "
               "autofinancement cofinancer fundraising",
    "donor": "bailleur bailleurs donor donors bailleurs de fonds sponsor sponsoriser",
    "grant": "subvention subventions grant grants",
    "tontine": "tontine tontines njangi",
    "savings": "épargne epargne épargner savings saving",
    "contribution": "cotisation cotisations cotiser contribution contributions contribuer",
    "loan": "crédit credit crédits prêt prêts pret loan loans microfinance microcrédit",
    "resources": "ressources ressource resources resource",
    "money": "argent money fric",
    "fee": "frais fee fees tarif tarifs",
    "price": "prix price prices",
    "income": "revenu revenus income incomes agr",
    # accountability
    "accountability": "redevabilité redevabilite accountability accountable rendre compte",
    "transparency": "transparence transparance transparent transparency",
    "expense": "dépense dépenses depense depenses expense expenses spending spent",
    "budget": "budget budgets budgétaire budgetaire budgetary",
    "audit": "audit auditer audits auditor",
    "control": "contrôle controle contrôler vérifier verifier check checks control",
    "accounts": "comptes compte accounts bookkeeping comptabilité comptabilite",
    "trust": "confiance trust",
    "complaint": "plainte plaintes complaint complaints",
    "embezzlement": "détournement détournements detournement embezzlement",
    "receipt": "reçu reçus recu recus receipt receipts pièces justificatives",
    "report": "rapport rapports report reports reporting",
    "financial": "financier financière financiers financial",
    "assembly": "assemblée assemblee assembly",
    # monitoring and evaluation
    "monitoring": "suivi suivre monitoring monitor",
    "evaluation": "évaluation evaluation évaluer evaluer evaluate évaluations",
    "indicator": "indicateur indicateurs indicator indicators",
    "impact": "impact impacts",
    "measure": "mesurer mesure measure measuring",
    "baseline": "référence reference baseline",
    "lessons": "leçons lecons lessons capitaliser capitalisation documenter",
    "data": "données donnees data",
    "collect": "collecte collecter collect collection",
    "results": "résultats resultats résultat results result",
    # gender and inclusion
    "women": "femme femmes women woman",
    "girls": "fille filles girl girls",
    "gender": "genre gender égalité egalite equality",
    "disability": "handicap handicapé handicapés handicapee handicapées disability disabilities "
                  "disabled fauteuil wheelchair",
    "inclusion": "inclusion inclure include inclusive",
    "violence": "violence violences",
    "quota": "quota quotas",
    # advocacy and elected officials
    "elected": "élu élus elu elus elected councillor councillors councilor conseiller conseillers "
               "député depute députés mp mps parlementaire parlementaires parliamentary "
               "parliamentarian officials",
    "mayor": "maire mayor mairie council municipal municipaux communal",
    "advocacy": "plaidoyer plaidoié plaidoyé plaidoye advocacy lobbying",
    "coalition": "coalition coalitions",
    "promise": "promesse promesses promise promises",
    "session": "session sessions",
    "brief": "brief",
    # youth and jobs
    "youth": "jeune jeunes jeunesse youth young adolescents",
    "job": "emploi emplois job jobs chômage chomage unemployment employment",
    "business": "entreprise entreprises business businesses commerce",
    "entrepreneur": "entrepreneur entrepreneurs",
    "internship": "stage stages internship internships",
    "mentor": "mentor mentors mentorat mentoring tutorat tutor",
    "trade": "métier métiers metier metiers trade trades artisan artisans",
        # water and sanitation
    "water": "eau eaux water camwater",
    "waterpoint": "forage forages borehole boreholes puits well wells point",
    "pump": "pompe pompes pump pumps",
    "repair": "réparer reparer réparateur réparateurs repair repairs",
    "sanitation": "assainissement sanitation latrine latrines toilettes toilets",
    "gutter": "caniveau caniveaux gutter gutters drain drains",
    "flood": "inondation inondations flood floods flooding",
    "cleanup": "salubrité salubrite clean cleanup nettoyage",
    "waste": "ordures déchets dechets waste garbage",
    "handwashing": "lavage handwashing savon soap",
    "diarrhoea": "diarrhée diarrhées diarrhoea diarrhea choléra cholera",
    "rain": "pluie pluies rainy rain",
    # community health
    "health": "santé sante health",
    "clinic": "hôpital hopital hospital clinic centre hospitalisation",
    "malaria": "paludisme palu malaria moustiquaire moustiquaires",
    "vaccination": "vaccination vaccin vaccins vaccine vaccines",
    "insurance": "mutuelle mutuelles insurance",
    "chw": "relais workers",
    "pregnant": "enceinte enceintes pregnant prénatal prénatales prenatal",
    "screening": "dépistage depistage screening",
    "medicine": "médicament médicaments medicament medicaments medicine medicines "
                "pharmacie pharmacy",
    "children": "enfant enfants children child",
    "mother": "mère mères mere meres mother mothers",
    "nutrition": "nutrition malnutrition",
    "diabetes": "diabète diabete diabetes",
    # communication
    "radio": "radio radios",
    "whatsapp": "whatsapp whatsap watsap wathsapp",
    "facebook": "facebook",
    "socialmedia": "sociaux social media",
    "video": "vidéo vidéos video videos",
    "message": "message messages sms vocaux voice",
    "announcement": "annonce annonces announcement announcements",
    "crier": "crieur crieurs crier criers",
    "church": "église églises eglise church churches",
    "phone": "téléphone telephone phone phones smartphone",
    "communicate": "communiquer communication communicate",
    # training and capacities
    "training": "formation formations former formé formés training train trained trainer "
                "trainers formateur formateurs",
    "capacity": "capacité capacités capacites capacity renforcement renforcer building",
    "skills": "compétences competences skills savoir",
    "writing": "rédaction rédiger rediger écriture ecrire writing write",
    "proposal": "proposition propositions proposal proposals",
    "learn": "apprendre apprennent apprentissage apprenticeship learn learning learned",
    "peer": "échange échanges echange pairs peer",
    "seminar": "séminaire séminaires seminaire seminar seminars atelier ateliers workshop "
               "workshops",
    "treasurer": "trésorier trésoriers tresorier treasurer treasurers",
    "practical": "pratique pratiques practical",
    # volunteering and motivation
    "volunteer": "bénévole bénévoles benevole benevoles bénévolat benevolat volontaire "
                 "volontaires volontariat volunteer volunteers volunteering",
    "motivation": "motivation motivé motivés motive motives motiver motivated motivate "
                  "motivates démotivé découragement decouragement",
    "recognition": "reconnaissance reconnaître reconnaitre remercier recognition thank "
                   "certificat certificate",
    "allowance": "diem allowance indemnité indemnite transport",
    "burnout": "épuisement epuisement fatigué fatigués burn burnout",
    "tasks": "tâche tâches taches task tasks rotation rotate",
    # agriculture
    "farmer": "paysan paysans agriculteur agriculteurs farmer farmers planteur planteurs "
              "producteur producteurs producer producers",
    "agriculture": "agriculture agricole agricoles agricultural farming cultures crops cultiver",
    "field": "champ champs field fields",
    "cassava": "manioc cassava",
    "seed": "semence semences seed seeds",
    "compost": "compost",
    "fertiliser": "engrais fertiliser fertilizer fertilisers",
    "storage": "stockage magasin storage warehouse warehouses",
    "cooperative": "coopérative cooperative cooperatives coopératives gic",
    "livestock": "élevage elevage livestock porcs poulets pigs chickens",
    # No "marché": folded it is "marche" ("ça marche", it works), which every theme says.
    "market": "market markets vendre sell marketing",
    # everyday workshop words shared by both languages
    "committee": "comité comite comités committee committees",
    "community": "communauté communaute communautaire communautaires community",
    "neighbourhood": "quartier quartiers neighbourhood neighborhood",
    "school": "école écoles ecole ecoles school schools scolaire scolarité",
    "meeting": "réunion réunions reunion reunions meeting meetings",
    "beneficiary": "bénéficiaire bénéficiaires beneficiaire beneficiaires beneficiary "
                   "beneficiaries",
    "quarterly": "trimestre trimestriel trimestres quarter quarterly",
    "monthly": "mensuel mensuelle mois monthly month",
}

# Words that appear under every theme of a partners' workshop, or that only qualify another word
# ("simple", "petit", "local"): as features they glue unrelated notes ("ressources locales" and
# "langue locale"), and as theme names they say nothing.
GENERIC = """
association associations organisation organisations membre membres member members projet projets
project projects activité activités activite activites activity activities groupe groupes group
groups personne personnes people gens monde everyone nobody simple simples petit petite petits
petites small grand grande big gros grosse local locale locaux locales gestion management
pendant during reste rester cause moyen moyens faute premier première first nouveau nouveaux new
long longue longs courte courts court short mieux better work works working help helps helped
keep keeps bring take see voit voient trouver trouvent find chose mettre place
problème problemes problème problem problems idée idées idea ideas exemple example vie life
certains certaines some several autres another annee année years year jour jours day days
fois time times quelqu aussi ensemble together vite quickly rapide rapides fast avant
plan plans ligne utiliser use using utile utiles useful public publique publics publiques
publiquement publicly direct directement directly real réel réels réelle vraiment actually
demander demande ask créer creer create partager share organiser organise organize offrir offer
accompagner faciliter préparer preparer prévoir prevoir tenir éviter eviter porter portent
chercher continuer donnent baisse baisser cher chère plutôt plutot change changer double leave
soon set page accès acces access bureau office board responsable responsables experience
expérience expériences experiences leur attention avoid
"""
