"""The event's part: participation figures (people, organisations, contributions per activity
and step, with a small chart). Organisations are counted from people who joined under their
name: someone who joined anonymously has no organisation on record anywhere."""
from __future__ import annotations

from ..document import BarChart, Bullets, Facts, Section, Table


def part(ctx) -> None:
    people = ctx.people()
    items = ctx.exported()
    named = [p for p in people if not p["anonymous"]]
    organisations: dict[str, int] = {}
    for p in named:
        org = " ".join((p["organisation"] or "").split())
        if org:
            organisations[org] = organisations.get(org, 0) + 1
    orgs = sorted(organisations.items(), key=lambda x: (-x[1], x[0].casefold()))
    contributors = ctx.store.count_contributors(ctx.event["id"], ctx.scope.activity_id)

    by_id = {a["id"]: a for a in ctx.activity_list()}
    per_activity: dict = {}
    for i in items:
        steps = per_activity.setdefault(i["activity_id"], {})
        steps[i["step_id"]] = steps.get(i["step_id"], 0) + 1
    order = [a["id"] for a in ctx.activity_list() if a["id"] in per_activity]
    if None in per_activity:
        order.append(None)
    chart = BarChart(ctx.t("rdoc.by_activity"),
                     [(ctx.activity_title(by_id.get(aid)), sum(per_activity[aid].values()))
                      for aid in order])
    rows = []
    for aid in order:
        for step_id, n in per_activity[aid].items():
            rows.append([ctx.activity_title(by_id.get(aid)), ctx.step_label(by_id.get(aid), step_id),
                         ctx.num(n)])
    blocks = [Facts([(ctx.t("rdoc.people"), ctx.num(len(people))),
                     (ctx.t("rdoc.people_named"), ctx.num(len(named))),
                     (ctx.t("rdoc.people_anonymous"), ctx.num(len(people) - len(named))),
                     (ctx.t("rdoc.contributors"), ctx.num(contributors)),
                     (ctx.t("rdoc.organisations"), ctx.num(len(orgs))),
                     (ctx.t("rdoc.contributions"), ctx.num(len(items)))])]
    if order:
        blocks += [chart, Table([ctx.t("rdoc.col_activity"), ctx.t("rdoc.col_step"),
                                 ctx.t("rdoc.col_count")], rows, caption=ctx.t("rdoc.by_step"))]
    if orgs:
        blocks.append(Bullets([f"{name} — {ctx.plural(n, 'rdoc.people')}" for name, n in orgs]))
    data = {"people": len(people), "named": len(named), "anonymous": len(people) - len(named),
            "contributors": contributors,
            "organisations": [{"name": name, "people": n} for name, n in orgs],
            "contributions": len(items),
            "by_activity": [{"activity_id": aid, "count": sum(per_activity[aid].values()),
                             "steps": [{"step_id": s, "count": n} for s, n in per_activity[aid].items()]}
                            for aid in order]}
    ctx.add("participation", Section("participation", ctx.t("rdoc.participation"), blocks), data)
