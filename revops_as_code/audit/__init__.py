"""`revops audit`: the CRM's records measured against the definitions.

`business_time.py` (SLA clocks), `criteria.py` (the one evaluator of the condition
language over records), `checks/` per kind, `report.py` (the report value) and `render.py`.
"""
