"""Errors a user can cause, each carrying one sentence that the CLI prints as is, and the
signal a family's generator uses to reject a draw."""


class UserError(Exception):
    """Bad input from the user: printed as one sentence, exit code 2."""


class UnknownTopic(UserError):
    pass


class ParamError(UserError):
    """A parameter is missing, malformed, out of range or degenerate."""


class FamilyError(UserError):
    """A module in `exercises/` breaks the family contract (a missing name, no TITLE line), or its
    generator never gives a valid problem; the sentence names the file."""


class Redraw(Exception):
    """Raised by a family's `generate(dice, difficulty)` to reject the parameters it drew
    (degenerate, or not the kind of numbers the difficulty promises).

    Not a user error: the registry's one redraw loop catches it and calls `generate` again
    with the same Dice, which goes on where the rejected draw stopped, so a problem id still
    names one problem. The message, if any, says why, for the error raised when no draw is
    accepted at all.
    """
