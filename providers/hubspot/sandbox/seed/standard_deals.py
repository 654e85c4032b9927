"""HubSpot's standard deal properties, including the stage-entry timestamps.

Names, labels, types and groups as HubSpot defines them ("Default deal properties"); each
stage of the default pipeline gets `hs_v2_date_entered_<stage id>` ("Date entered ...").
"""

from __future__ import annotations

from .catalog import DEAL_STAGES, JSON, LEGACY_STAGE, owner_property, standard


def deal_properties() -> list[JSON]:
    """Standard deal properties, including one `hs_v2_date_entered_<stage>` per stage."""
    g = "dealinformation"
    stage_opts = [(label, stage_id) for stage_id, label, _, _ in DEAL_STAGES]
    stage_opts.insert(5, (LEGACY_STAGE[1], LEGACY_STAGE[0]))
    props = [
        standard("dealname", "Deal Name", "string", "text", g),
        standard(
            "amount",
            "Amount",
            "number",
            "number",
            g,
            numberDisplayHint="currency",
            showCurrencySymbol=True,
        ),
        standard(
            "dealstage",
            "Deal Stage",
            "enumeration",
            "radio",
            g,
            opts=stage_opts,
            read_only_options=False,
            externalOptions=True,
            description="The stage of the deal. Deal stages allow you to categorize and track "
            "the progress of the deals that you are working on.",
        ),
        standard(
            "pipeline",
            "Pipeline",
            "enumeration",
            "select",
            g,
            opts=(("Sales Pipeline", "default"),),
            read_only_options=False,
            externalOptions=True,
        ),
        standard("closedate", "Close Date", "datetime", "date", g),
        standard("createdate", "Create Date", "datetime", "date", g),
        owner_property("Deal owner", g),
        standard(
            "dealtype",
            "Deal Type",
            "enumeration",
            "radio",
            g,
            opts=(("New Business", "newbusiness"), ("Existing Business", "existingbusiness")),
            read_only_options=False,
        ),
        standard("description", "Deal Description", "string", "textarea", g),
        standard(
            "hs_priority",
            "Priority",
            "enumeration",
            "select",
            g,
            opts=(("Low", "low"), ("Medium", "medium"), ("High", "high")),
        ),
        standard("hs_next_step", "Next step", "string", "textarea", g),
        standard("closed_lost_reason", "Closed Lost Reason", "string", "textarea", g),
        standard("closed_won_reason", "Closed Won Reason", "string", "textarea", g),
        standard(
            "hs_deal_stage_probability",
            "Deal probability",
            "number",
            "number",
            g,
            read_only_value=True,
            numberDisplayHint="probability",
        ),
        standard(
            "hs_forecast_probability",
            "Forecast probability",
            "number",
            "number",
            g,
            numberDisplayHint="probability",
        ),
        standard(
            "hs_is_closed",
            "Is Deal Closed?",
            "bool",
            "booleancheckbox",
            g,
            read_only_value=True,
            opts=(("True", "true"), ("False", "false")),
        ),
        standard(
            "hs_is_closed_won",
            "Is closed won",
            "bool",
            "booleancheckbox",
            g,
            read_only_value=True,
            opts=(("True", "true"), ("False", "false")),
        ),
        standard(
            "hs_lastmodifieddate", "Last Modified Date", "datetime", "date", g, read_only_value=True
        ),
        standard("hs_object_id", "Record ID", "number", "number", g, read_only_value=True),
        standard(
            "num_associated_contacts",
            "Number of Contacts",
            "number",
            "number",
            g,
            read_only_value=True,
        ),
        standard(
            "notes_last_updated",
            "Last Activity Date",
            "datetime",
            "date",
            "deal_activity",
            read_only_value=True,
        ),
    ]
    for label, stage_id in stage_opts:
        props.append(
            standard(
                f"hs_v2_date_entered_{stage_id}",
                f'Date entered "{label} (Sales Pipeline)"',
                "datetime",
                "date",
                "dealstages",
                read_only_value=True,
            )
        )
    return props


__all__ = ["deal_properties"]
