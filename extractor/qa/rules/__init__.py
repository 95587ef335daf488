"""QA rules, one module per rule; each exposes ``RULE`` (its id) and a ``check`` function."""
