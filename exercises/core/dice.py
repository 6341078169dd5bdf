"""One explicit random generator per problem, identical on every machine.

Only `random.Random.random()` is used underneath: Python guarantees its sequence
for a given integer seed across versions, which it does not for `randint`,
`choice` or `shuffle`.
"""

import hashlib
import random
from fractions import Fraction


class Dice:
    def __init__(self, *key):
        digest = hashlib.sha256(repr(key).encode()).digest()
        self._random = random.Random(int.from_bytes(digest[:8], "big"))

    def integer(self, low: int, high: int) -> int:
        """Uniform integer in [low, high]."""
        return low + int(self._random.random() * (high - low + 1))

    def choice(self, items):
        items = list(items)
        return items[self.integer(0, len(items) - 1)]

    def sample(self, items, k: int) -> list:
        """k distinct items, in random order."""
        pool = list(items)
        return [pool.pop(self.integer(0, len(pool) - 1)) for _ in range(k)]

    def decimal(self, low: float, high: float, step: str = "0.1") -> Fraction:
        """A multiple of `step` in [low, high], exact."""
        unit = Fraction(step)
        return unit * self.integer(int(Fraction(low) / unit), int(Fraction(high) / unit))

    def nonzero_decimal(self, low: float, high: float, step: str = "0.1") -> Fraction:
        while True:
            value = self.decimal(low, high, step)
            if value:
                return value
