"""Breakout groups and the idea fair in the restitution: each group's sheet and the plenary's
reactions, the sheets' actions in the plan, one group on its own; each kiosk's harvest, with
no adoption contact and no unrevealed dots in any export."""
from room_client import ask
from test_restitution_handlers import signed_in
from test_fair import feedback, kiosk


def sheet(client, activity, group, **patch):
    ack = ask(client, "sheet:edit", {"activity_id": activity, "group_id": group, "edit": patch})
    assert ack["ok"], ack
    return ack


def test_a_groups_sheet_reactions_and_actions_reach_every_export(room):
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    phones = [room.phone(name=f"P{i}", organisation=org) for i, org in
              enumerate(["ASV", "CDL", "ASV", "CDL"])]
    activity = ask(staff, "agenda:add", {"format_id": "breakout"})["agenda"]["activities"][-1]["id"]
    assert ask(staff, "agenda:start", {"activity_id": activity})["ok"]
    formed = ask(staff, "groups:form", {"activity_id": activity, "count": 2, "seed": 3,
                                        "themes": ["Eau", "Genre"]})["formation"]
    first = formed["groups"][0]["id"]
    mates = [ph for ph in phones
             if ask(ph, "sync", {"since": 0})["snapshot"]["groups"]["group"]["id"] == first]
    rapporteur = mates[0]
    assert ask(rapporteur, "groups:take_role", {"activity_id": activity, "role": "rapporteur"})["ok"]
    sheet(rapporteur, activity, first, op="add", field="key_points", item="k1",
          value="Les comités de gestion tiennent quand les femmes y siègent")
    sheet(rapporteur, activity, first, op="set", field="plenary_question", base_version=0,
          value="Qui paie l'entretien des bornes ?")
    sheet(rapporteur, activity, first, op="add", field="actions", item="a1",
          value={"what": "Former les comités", "who": "EAU-VIE", "when": "juin", "status": "blocked"})
    sheet(rapporteur, activity, first, op="submit")
    assert ask(staff, "report:reaction", {"activity_id": activity, "group_id": first,
                                          "text": "La salle demande un budget"})["ok"]
    assert ask(staff, "report:synthesis", {"activity_id": activity, "text": "Trois fils communs"})["ok"]

    http = signed_in(room)
    url = f"/facilitator/events/{room.code}/restitution"
    # French typography puts a no-break space before "?" and ":"; read it as a space.
    md = http.get(f"{url}.md").get_data(as_text=True).replace("\xa0", " ")
    for text in ("Travaux en carrefour", "Groupe 1 — Eau", "Les comités de gestion tiennent",
                 "Qui paie l'entretien des bornes ?", "La salle demande un budget",
                 "Trois fils communs", "Rapport"):
        assert text in md, text
    assert "| Former les comités | EAU-VIE |" in md and "Bloquée" in md  # in the action plan
    data = http.get(f"{url}.json").get_json()
    group = next(g for g in data["groups"]["groups"] if g["id"] == first)
    assert group["key_points"] == ["Les comités de gestion tiennent quand les femmes y siègent"]
    assert group["status"] == "submitted" and group["reactions"] == ["La salle demande un budget"]
    assert any(a["what"] == "Former les comités" and a["source"]["type"] == "group"
               for a in data["actions"]["rows"])
    # One group on its own, by its name or its theme; another name is refused by name.
    one = http.get(f"{url}.md?group=Groupe 2").get_data(as_text=True).replace("\xa0", " ")
    assert "Groupe 2 — Genre" in one and "Groupe 1" not in one
    assert "Groupe 1 — Eau" in http.get(f"{url}.md?group=eau").get_data(as_text=True).replace("\xa0", " ")
    missing = http.get(f"{url}.md?group=Groupe 9")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "unknown_group_name"


def test_each_kiosk_has_its_section_without_contacts_or_unrevealed_dots(room):
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    activity = ask(staff, "agenda:add", {"format_id": "idea-fair", "title": "Foire"})[
        "agenda"]["activities"][-1]["id"]
    water = kiosk(staff, activity, "Comités de gestion des points d'eau", "EAU-VIE")["kiosk"]
    assert ask(staff, "agenda:start", {"activity_id": activity})["ok"]
    visitor = room.phone("Ben", "CDL")
    ask(visitor, "sync", {"since": 0})
    assert feedback(visitor, water["id"], "question", text="Combien coûte une borne ?")["ok"]
    assert feedback(visitor, water["id"], "adopt", text="Pour notre commune",
                    contact="ben@example.org, 699 00 00 00")["ok"]
    assert ask(visitor, "fair:dot", {"activity_id": activity, "kiosk_id": water["id"], "value": 2})["ok"]

    http = signed_in(room)
    url = f"/facilitator/events/{room.code}/restitution"
    md = http.get(f"{url}.md").get_data(as_text=True).replace("\xa0", " ")
    assert "Comités de gestion des points d'eau (EAU-VIE)" in md
    assert "Combien coûte une borne ? — sans réponse" in md and "Pour notre commune" in md
    for fmt in ("md", "html", "json", "csv", "docx", "pdf"):
        body = http.get(f"{url}.{fmt}").get_data()
        assert b"699 00 00 00" not in body and b"ben@example.org" not in body, fmt
    data = http.get(f"{url}.json").get_json()
    assert data["fair"]["fairs"][0]["kiosks"][0]["dots"] is None  # silent until revealed
    assert ask(staff, "fair:reveal_dots", {"activity_id": activity})["ok"]
    data = http.get(f"{url}.json").get_json()
    assert data["fair"]["fairs"][0]["kiosks"][0]["dots"] == 2


def test_a_rapporteur_downloads_the_groups_restitution_on_the_phone(room):
    import base64
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    phones = [room.phone(name=f"P{i}", organisation=org) for i, org in enumerate(["ASV", "CDL", "RJD", "MICRO"])]
    activity = ask(staff, "agenda:add", {"format_id": "breakout"})["agenda"]["activities"][-1]["id"]
    assert ask(staff, "agenda:start", {"activity_id": activity})["ok"]
    formed = ask(staff, "groups:form", {"activity_id": activity, "count": 2, "seed": 5,
                                        "themes": ["Eau", "Eau"]})["formation"]   # two groups, one theme
    first, second = (g["id"] for g in formed["groups"])
    by_group = {}
    for ph in phones:
        by_group.setdefault(ask(ph, "sync", {"since": 0})["snapshot"]["groups"]["group"]["id"], []).append(ph)
    rapporteur, member = by_group[first]
    outsider = by_group[second][0]
    assert ask(rapporteur, "groups:take_role", {"activity_id": activity, "role": "rapporteur"})["ok"]
    sheet(rapporteur, activity, first, op="add", field="key_points", item="k1",
          value="Les bornes tiennent quand le comité rend des comptes")

    def export(client, **payload):
        return ask(client, "restitution:group_export", {"group_id": first, **payload})

    md = export(rapporteur, format="md")
    assert md["ok"] and md["name"].endswith(f"-groupe-{first}.md"), md
    text = base64.b64decode(md["data"]).decode("utf-8").replace("\xa0", " ")
    assert "Les bornes tiennent quand le comité rend des comptes" in text
    assert "Groupe 2" not in text  # the other group shares the theme; only this one is exported
    pdf = export(rapporteur, format="pdf")
    assert pdf["ok"] and base64.b64decode(pdf["data"]).startswith(b"%PDF")
    assert export(member, format="pdf")["error"]["code"] == "not_rapporteur"
    assert export(outsider, format="pdf")["error"]["code"] == "not_member"
    assert export(rapporteur, format="json")["error"]["code"] == "unknown_export"
    assert export(rapporteur, format="md", colour="red")["error"]["field"] == "colour"
