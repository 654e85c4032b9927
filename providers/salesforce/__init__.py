"""The Salesforce provider: field standards, pipelines, lifecycles, ICPs and SLAs as Salesforce
custom fields, standard value sets, sales processes, record types and validation rules.

Module map: `model` (the canonical resource form every other module shares).
"""
