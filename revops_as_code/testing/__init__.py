"""Test support shipped with the package, so third-party providers can reuse it.

`revops_as_code.testing.contract` holds the provider contract suite (DESIGN §4): a pytest
base class a provider's test module subclasses, supplying only how to build the provider.
"""
