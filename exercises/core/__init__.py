"""The machinery every family shares: exact steps, answers, checks, rendering."""
