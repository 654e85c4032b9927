"""Deals of the seeded portal: stages, owners, amounts, dates, stage-entry timestamps.

Deals sit in HubSpot's `default` pipeline (never in the unused legacy stage). Each carries
`hs_v2_date_entered_<stage id>` for every stage it passed through, HubSpot's stage-entry
timestamps. Deals past an exit-criteria stage (`profiles.EXIT_CRITERIA`) carry its required
field, except the planted ones, which lack exactly one.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import datetime, timedelta

from .catalog import DEAL_STAGES, OPEN_STAGE_IDS
from .profiles import EXIT_CRITERIA, Profile
from .records import DEAL_ID_BASE, JSON, SeedRecords, iso

_STAGE_WEIGHTS = (
    ("appointmentscheduled", 14), ("qualifiedtobuy", 12), ("presentationscheduled", 10),
    ("decisionmakerboughtin", 8), ("contractsent", 6), ("closedwon", 25), ("closedlost", 25),
)  # fmt: skip
_PROBABILITY = {stage_id: probability for stage_id, _, probability, _ in DEAL_STAGES}
_PRODUCTS = ("Platform", "Analytics add-on", "Seat expansion", "Enterprise plan", "Pilot")
_NEXT_STEPS = (
    "Send pricing", "Security review", "Schedule demo with IT", "Legal redlines",
    "Intro to economic buyer", "Confirm budget",
)  # fmt: skip
_LOST_REASONS = ("No budget", "Went with competitor", "No decision", "Timing", "Price")
PATH_ORDER: tuple[str, ...] = (*OPEN_STAGE_IDS, "closedwon")
"""Stages in the order a won deal passes them (closed lost can follow any open stage)."""


def stage_rank(stage_id: str) -> int:
    """Position of a stage on the won path; closed lost ranks -1 (it passes no exit)."""
    return PATH_ORDER.index(stage_id) if stage_id in PATH_ORDER else -1


def make_deals(
    rng: random.Random,
    profile: Profile,
    now: datetime,
    owners: dict[str, list[str]],
    records: SeedRecords,
) -> None:
    """Deals with associations to a company and some of its contacts; plants deals that
    lack an exit-criteria field."""
    companies = records.companies
    # Target accounts and bigger companies get more deals.
    cumulative = list(
        itertools.accumulate(
            (3.0 if c["properties"].get("target_account") else 1.0)
            * math.log10(int(c["properties"]["numberofemployees"]) + 10)
            for c in companies
        )
    )
    contacts_of: dict[int, list[int]] = {}
    for contact_id, company_id in records.contact_company:
        contacts_of.setdefault(company_id, []).append(contact_id)
    won_companies: set[int] = set()
    for i in range(profile.deals):
        deal_id = DEAL_ID_BASE + i + 1
        company = rng.choices(companies, cum_weights=cumulative)[0]
        company_id = int(company["id"])
        stage = rng.choices([s for s, _ in _STAGE_WEIGHTS], [w for _, w in _STAGE_WEIGHTS])[0]
        props = _deal_properties(rng, now, stage, company, owners)
        created = props["createdate"]
        records.deals.append(
            {
                "id": deal_id,
                "properties": props,
                "createdAt": created,
                "updatedAt": max(created, iso(now - timedelta(days=rng.uniform(0, 10)))),
            }
        )
        records.deal_company.append((deal_id, company_id))
        people = contacts_of.get(company_id, [])
        for contact_id in rng.sample(people, min(len(people), rng.randint(1, 3))):
            records.deal_contact.append((deal_id, contact_id))
        if stage == "closedwon":
            won_companies.add(company_id)
    for company in companies:
        if int(company["id"]) in won_companies:
            company["properties"]["lifecyclestage"] = "customer"
            company["properties"]["type"] = "PROSPECT" if rng.random() < 0.1 else "OTHER"
    _plant_missing_exit_fields(rng, profile, records)


def _deal_properties(
    rng: random.Random, now: datetime, stage: str, company: JSON, owners: dict[str, list[str]]
) -> JSON:
    employees = int(company["properties"]["numberofemployees"])
    rank = stage_rank(stage)
    if stage == "closedlost":
        path = [*OPEN_STAGE_IDS[: rng.randint(1, len(OPEN_STAGE_IDS))], "closedlost"]
    else:
        path = list(PATH_ORDER[: rank + 1])
    spans = [rng.uniform(2, 25) for _ in path[1:]]
    closed = stage in ("closedwon", "closedlost")
    created = now - timedelta(days=sum(spans) + rng.uniform(0.5, 200 if closed else 40))
    amount = int(round(rng.lognormvariate(math.log(8_000 + employees * 25), 0.5), -2))
    owner = company["properties"]["hubspot_owner_id"]
    if rng.random() < 0.2:
        owner = rng.choice(owners["ae"])
    props: JSON = {
        "dealname": f"{company['properties']['name']} – {rng.choice(_PRODUCTS)}",
        "pipeline": "default",
        "dealstage": stage,
        "hubspot_owner_id": owner,
        "createdate": iso(created),
        "hs_deal_stage_probability": _PROBABILITY[stage],
        "hs_is_closed": closed,
        "hs_is_closed_won": stage == "closedwon",
        "hs_priority": rng.choice(("low", "medium", "medium", "high")),
    }
    moment = created
    props[f"hs_v2_date_entered_{path[0]}"] = iso(moment)
    for stage_id, span in zip(path[1:], spans, strict=True):
        moment += timedelta(days=span)
        props[f"hs_v2_date_entered_{stage_id}"] = iso(moment)
    # Exit criteria: every field a later stage needs is filled; earlier deals are patchier.
    needs = {field: rank > stage_rank(at) or closed for at, field in EXIT_CRITERIA}
    if needs["amount"] or rng.random() < 0.6:
        props["amount"] = amount
    if needs["hs_next_step"] or rng.random() < 0.5:
        props["hs_next_step"] = rng.choice(_NEXT_STEPS)
    if needs["dealtype"] or rng.random() < 0.7:
        props["dealtype"] = "newbusiness" if rng.random() < 0.8 else "existingbusiness"
    props["closedate"] = iso(moment if closed else now + timedelta(days=rng.uniform(5, 120)))
    if stage == "closedlost":
        props["closed_lost_reason"] = rng.choice(_LOST_REASONS)
    # Three managers' competing probability fields, each filled by its own team's habits.
    if rng.random() < 0.35:
        props["close_probability"] = int(_PROBABILITY[stage] * 100)
    if rng.random() < 0.2:
        props["win_probability_pct"] = rng.choice((10, 25, 50, 75, 90))
    if rng.random() < 0.15:
        props["deal_likelihood"] = rng.choice(("low", "medium", "high", "commit"))
    return props


def _plant_missing_exit_fields(rng: random.Random, profile: Profile, records: SeedRecords) -> None:
    """Clear one exit-criteria field on exactly `profile.deals_missing[i]` deals past stage i.

    A planted deal is only past stages whose fields it keeps: a deal missing `dealtype` may
    not also be missing `amount`, so each deal counts once, under one rule.
    """
    taken: set[int] = set()
    for (at, field), count in zip(EXIT_CRITERIA, profile.deals_missing, strict=True):
        candidates = [
            d
            for d in records.deals
            if stage_rank(d["properties"]["dealstage"]) > stage_rank(at)
            and int(d["id"]) not in taken
        ]
        chosen = rng.sample(candidates, count)
        for deal in chosen:
            deal["properties"].pop(field, None)
            taken.add(int(deal["id"]))
        records.planted[f"deal_missing_{field}"] = sorted(int(d["id"]) for d in chosen)


__all__ = ["PATH_ORDER", "make_deals", "stage_rank"]
