"""What a learner is asked: one paper-problem family per module (see core.registry)."""
