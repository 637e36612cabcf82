"""Vote settings changed from the dashboard's edit form (issue 8 item 6): the facilitator gives
each person 5 dots instead of the method's 3, and a phone in the room has 5 dots to spend."""
from playwright.sync_api import expect

from live_server import dashboard, phone
from phone_steps import join_anonymously


def test_five_dots_set_in_the_edit_form_are_the_phones_budget(server, event, laptop_page, phone_page):
    staff = dashboard(server, event)  # a second facilitator screen, to watch what the page does
    vote = staff.call("agenda:add", {"format_id": "dot-voting"})["agenda"]["activities"][-1]
    laptop_page.goto(event["facilitator"])
    row = laptop_page.locator(f'#agenda-list li[data-activity-id="{vote["id"]}"]')
    row.locator("[data-act=edit]").click()
    laptop_page.click("form.edit details.votes-settings summary")
    dots = laptop_page.locator('#edit-voting [data-vote-step="vote"][data-vote-key="dots"]')
    expect(dots).to_have_attribute("placeholder", "3")  # the method's own number, in grey

    # Out of range: said next to the form, nothing sent.
    dots.fill("0")
    laptop_page.click("#edit-save")
    expect(laptop_page.locator("form.edit [data-error]")).to_contain_text("gommettes de 1 à 20")

    dots.fill("5")
    laptop_page.click("#edit-save")
    edited = staff.wait_for(lambda u: u["type"] == "agenda.changed" and any(
        (a.get("overrides") or {}).get("voting") for a in u["data"]["activities"]))
    mine = next(a for a in edited["data"]["activities"] if a["id"] == vote["id"])
    assert mine["overrides"]["voting"] == {"vote": {"dots": 5}}
    expect(laptop_page.locator("form.edit")).to_have_count(0)

    join_anonymously(phone_page, server, event["code"])
    awa = phone(server, event["code"], name="Awa")
    laptop_page.click(f'[data-agenda-start="{vote["id"]}"]')
    awa.wait_for(lambda u: u["type"] == "agenda.state" and u["data"]["fr"]["step_id"] == "propose")
    awa.post("Un tableau des dépenses au marché")
    laptop_page.click("[data-agenda=next]")
    expect(phone_page.locator("#dots-left")).to_have_text("Gommettes restantes : 5")
    staff.disconnect()
    awa.disconnect()


def test_the_add_form_takes_vote_settings_only_for_a_method_that_votes(server, event, laptop_page):
    staff = dashboard(server, event)
    laptop_page.goto(event["facilitator"])
    laptop_page.click("#add-box > summary")
    laptop_page.select_option("#add-format", "knowledge-jam")
    expect(laptop_page.locator("#add-voting-box")).to_be_hidden()
    laptop_page.select_option("#add-format", "dot-voting")
    laptop_page.click("#add-voting-box summary")
    laptop_page.fill('#add-voting [data-vote-step="vote"][data-vote-key="max_per_item"]', "2")
    laptop_page.click("#add-submit")
    added = staff.wait_for(lambda u: u["type"] == "agenda.changed" and u["data"]["activities"])
    assert added["data"]["activities"][-1]["overrides"] == {"voting": {"vote": {"max_per_item": 2}}}
    staff.disconnect()


def test_the_evaluations_questions_are_reworded_and_dropped_in_the_edit_form(
        server, event, laptop_page, phone_page):
    staff = dashboard(server, event)
    evaluation = staff.call("agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    laptop_page.goto(event["facilitator"])
    laptop_page.locator(f'#agenda-list li[data-activity-id="{evaluation["id"]}"] [data-act=edit]').click()
    laptop_page.click("form.edit details.questions-settings summary")
    first = laptop_page.locator('#edit-questions [data-q-index="0"][data-q-label="fr"]')
    expect(first).to_have_value("Cet atelier vous a-t-il été utile ? (1 = pas du tout, 5 = très)")
    first.fill("La journée vous a-t-elle servi ?")
    laptop_page.uncheck('#edit-questions [data-q-keep="1"]')  # "organisation": not asked today
    laptop_page.click("#edit-save")
    edited = staff.wait_for(lambda u: u["type"] == "agenda.changed" and any(
        (a.get("overrides") or {}).get("questions") for a in u["data"]["activities"]))
    asked = edited["data"]["activities"][-1]["overrides"]["questions"]["survey"]
    assert [q["id"] for q in asked][:2] == ["useful", "facilitation"]
    assert asked[0]["label"] == {"fr": "La journée vous a-t-elle servi ?",
                                 "en": "How useful was this workshop to you? (1 = not at all, 5 = very)"}
    # Edited again, the dropped question is still there, unticked, to be asked again.
    laptop_page.locator(f'#agenda-list li[data-activity-id="{evaluation["id"]}"] [data-act=edit]').click()
    expect(laptop_page.locator('#edit-questions [data-q-keep="4"]')).not_to_be_checked()
    expect(laptop_page.locator('#edit-questions [data-q-index="4"][data-q-label="fr"]')).to_have_value(
        "Comment jugez-vous l'organisation (lieu, horaires, logistique) ?")
    expect(laptop_page.locator('#edit-questions [data-q-keep="3"]')).to_be_checked()
    laptop_page.click("#edit-cancel")

    join_anonymously(phone_page, server, event["code"])
    laptop_page.click(f'[data-agenda-start="{evaluation["id"]}"]')
    expect(phone_page.locator('#questionnaire fieldset[data-q="useful"] legend')).to_have_text(
        "La journée vous a-t-elle servi ?")
    expect(phone_page.locator('#questionnaire fieldset[data-q="organisation"]')).to_have_count(0)
    staff.disconnect()


def test_the_facilitator_adds_questions_a_phone_answers_them_the_dashboard_and_export_show_them(
        server, event, laptop_page, phone_page):
    """Mentimeter-style: "Quel sujet voulez-vous approfondir ?" added to the day's evaluation in
    the edit form, answered on a phone, counted on the dashboard, written in the restitution."""
    staff = dashboard(server, event)
    evaluation = staff.call("agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    laptop_page.goto(event["facilitator"])
    laptop_page.locator(f'#agenda-list li[data-activity-id="{evaluation["id"]}"] [data-act=edit]').click()
    laptop_page.click("form.edit details.questions-settings summary")
    laptop_page.get_by_role("button", name="Ajouter une question").click()
    # Labelled for a screen reader: the new question is the evaluation's 6th.
    kind = laptop_page.get_by_label("Type de la question 6")
    expect(kind).to_be_focused()
    kind.select_option("choice")
    laptop_page.get_by_label("Question 6 en français", exact=True).fill("Sous quelle forme, le prochain atelier ?")
    laptop_page.get_by_label("Question 6 en anglais", exact=True).fill("In what form, the next workshop?")
    laptop_page.get_by_label("Options de la question 6 en français, une par ligne").fill("En salle\nEn ligne")
    options_en = laptop_page.get_by_label("Options de la question 6 en anglais", exact=False)
    options_en.fill("In person")  # one option short: refused by its field, never dropped
    laptop_page.click("#edit-save")
    expect(laptop_page.locator("form.edit [data-error]")).to_contain_text(
        "Question 6 : écrivez chaque option en français et en anglais (overrides.questions.survey[5].options[1].en)")
    expect(options_en).to_be_focused()
    expect(options_en).to_have_attribute("aria-invalid", "true")
    options_en.fill("In person\nOnline")

    laptop_page.get_by_role("button", name="Ajouter une question").click()
    expect(laptop_page.get_by_label("Type de la question 7")).to_have_value("open")
    laptop_page.get_by_label("Question 7 en français", exact=True).fill(
        "Quel sujet voulez-vous approfondir lors du prochain atelier ?")
    laptop_page.get_by_label("Question 7 en anglais", exact=True).fill(
        "Which topic would you like to explore at the next workshop?")
    # A third one, thought better of: removed before saving, never sent.
    laptop_page.get_by_role("button", name="Ajouter une question").click()
    laptop_page.get_by_label("Question 8 en français", exact=True).fill("Une de trop ?")
    laptop_page.get_by_role("button", name="Retirer la nouvelle question 8").click()
    expect(laptop_page.get_by_role("button", name="Ajouter une question")).to_be_focused()
    expect(laptop_page.locator("#edit-questions [data-q-new]")).to_have_count(2)
    laptop_page.click("#edit-save")
    edited = staff.wait_for(lambda u: u["type"] == "agenda.changed" and any(
        (a.get("overrides") or {}).get("questions") for a in u["data"]["activities"]))
    asked = edited["data"]["activities"][-1]["overrides"]["questions"]["survey"]
    assert [q["id"] for q in asked] == ["useful", "organisation", "facilitation", "apply", "improve",
                                        "q1", "q2"]
    assert asked[5]["options"] == [{"fr": "En salle", "en": "In person"}, {"fr": "En ligne", "en": "Online"}]
    expect(laptop_page.locator("form.edit")).to_have_count(0)

    # Edited again, the added questions are rows like the method's: reworded, ticked, typed.
    laptop_page.locator(f'#agenda-list li[data-activity-id="{evaluation["id"]}"] [data-act=edit]').click()
    expect(laptop_page.locator('#edit-questions [data-q-row="5"] .hint')).to_have_text("Choix : En salle · En ligne")
    expect(laptop_page.locator('#edit-questions [data-q-index="6"][data-q-label="en"]')).to_have_value(
        "Which topic would you like to explore at the next workshop?")
    laptop_page.click("#edit-cancel")

    join_anonymously(phone_page, server, event["code"])
    laptop_page.click(f'[data-agenda-start="{evaluation["id"]}"]')
    topic = phone_page.locator('#questionnaire fieldset[data-q="q2"]')
    expect(topic.locator("legend")).to_have_text("Quel sujet voulez-vous approfondir lors du prochain atelier ?")
    topic.locator("textarea").fill("La mobilisation des ressources locales")
    phone_page.locator('#questionnaire fieldset[data-q="q1"] button', has_text="En ligne").click()
    phone_page.locator("#questionnaire [type=submit]").click()
    expect(phone_page.locator("#q-done")).to_be_visible()

    answers = laptop_page.locator("#answers")
    expect(answers.locator('[data-question-id="q2"] .open-answers li')).to_have_text(
        "La mobilisation des ressources locales")
    expect(answers.locator('[data-question-id="q1"] h3')).to_have_text("Sous quelle forme, le prochain atelier ?")

    md = laptop_page.request.get(f"{server.base}/facilitator/events/{event['code']}/restitution.md").text()
    md = md.replace("\xa0", " ").replace("\u202f", " ")
    for text in ("Quel sujet voulez-vous approfondir lors du prochain atelier ?",
                 "La mobilisation des ressources locales", "Sous quelle forme, le prochain atelier ?",
                 "En ligne"):
        assert text in md, text
    staff.disconnect()


def test_a_question_added_while_the_evaluation_runs_reaches_the_phone_which_keeps_what_was_typed(
        server, event, phone_page):
    """The facilitator adds a question while phones show the questionnaire: a phone draws the
    new list at once (phone_questions.js) and keeps what its person typed or tapped, unsent."""
    staff = dashboard(server, event)
    evaluation = staff.call("agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    join_anonymously(phone_page, server, event["code"])
    staff.call("agenda:start", {"activity_id": evaluation["id"]})
    improve = phone_page.locator('#questionnaire fieldset[data-q="improve"] textarea')
    improve.fill("Plus de pauses")
    useful = phone_page.locator('#questionnaire fieldset[data-q="useful"] button[data-v="4"]')
    useful.click()

    formats = staff.snapshot["formats"]
    base = next(f for f in formats if f["id"] == "evaluation")["steps"][0]["questions"]
    added = {"type": "open", "label": {"fr": "Quel sujet approfondir la prochaine fois ?",
                                       "en": "Which topic should we explore next time?"}}
    ack = staff.call("agenda:edit", {"activity_id": evaluation["id"],
                                     "overrides": {"questions": {"survey": [*base, added]}}})
    assert ack["ok"], ack
    expect(phone_page.locator('#questionnaire fieldset[data-q="q1"] legend')).to_have_text(
        "Quel sujet approfondir la prochaine fois ?")
    expect(improve).to_have_value("Plus de pauses")
    expect(useful).to_have_attribute("aria-pressed", "true")
    staff.disconnect()
