"""Provider adapters, one sub-package per live system (installed as revops_as_code.providers).

Vendor knowledge lives here and nowhere else. Built-in providers register through the
`revops_as_code.providers` entry-point group, exactly as a third-party provider would.
"""
