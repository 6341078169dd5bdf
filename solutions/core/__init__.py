"""What every coding task shares: the case contract and the case builder (cases.py)."""
