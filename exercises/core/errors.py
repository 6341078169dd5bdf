"""Errors a user can cause. Each carries one sentence that the CLI prints as is."""


class UserError(Exception):
    """Bad input from the user: printed as one sentence, exit code 2."""


class UnknownTopic(UserError):
    pass


class ParamError(UserError):
    """A parameter is missing, malformed, out of range or degenerate."""
