"""Renderers: pure functions from a `Plan` to text, markdown (PR comments) or JSON."""
