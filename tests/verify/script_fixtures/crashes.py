"""Fails at start-up, as a migration that reaches a name TF2 lacks does."""
raise AttributeError("module 'tensorflow' has no attribute 'contrib'")
