"""What to practise next: spaced repetition over (topic, difficulty) pairs.

Each pair is one FSRS card (kept by `Store.record_review`). A problem's answers give
one rating: wrong or skipped anywhere -> Again; all right but with hints or coarse
rounding -> Hard; all right unaided -> Good. `pick` serves due cards first, then
pairs never reviewed, then the cards due soonest; `fresh_seed` makes sure a topic
that comes back brings a problem the student has not seen.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

from exercises.core.lang import T
from grader.practice.progress import Store, StoreError
from grader.practice.verdicts import ROUNDED, SKIPPED, VERDICTS, WRONG

SEED_RANGE = (1, 999_999)
_rng = random.SystemRandom()  # a module attribute so tests can substitute a scripted source


def rating_for(verdicts: list[str], hints: int) -> str:
    """ "again" if any answer is wrong or skipped; "hard" if all correct (or rounded) but hints were used
    or any was rounded; "good" otherwise. (correct -> Good, correct after hints -> Hard, wrong -> Again)"""
    if not verdicts:
        raise ValueError("a rating needs the verdict of at least one answer")
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        raise ValueError(f"verdict {unknown[0]!r} is not one of {', '.join(VERDICTS)}")
    if any(v in (WRONG, SKIPPED) for v in verdicts):
        return "again"
    if hints > 0 or ROUNDED in verdicts:
        return "hard"
    return "good"


def pick(store: Store, topics: list[str], difficulties: list[str], count: int, now: datetime) -> list[tuple[str, str]]:
    """The next `count` (topic, difficulty) pairs to practise: first the cards that are due (most overdue
    first), then pairs never practised (in the given order), then the ones due soonest. Repeats are
    allowed when count exceeds the pairs. Deterministic for a given store state and now.

    "Never practised" means never reviewed (no FSRS card); pairs are taken topic by topic, and
    pairs due at the same moment keep that order. Past the end, the same order starts again."""
    if now.tzinfo is None:
        raise ValueError(f"datetime {now!r} must be timezone-aware")
    now = now.astimezone(timezone.utc)
    pairs = list(dict.fromkeys((t, d) for t in topics for d in difficulties))
    if not pairs or count <= 0:
        return []
    cards = store.cards()
    order = {pair: i for i, pair in enumerate(pairs)}
    due = sorted((p for p in pairs if p in cards and cards[p].due <= now), key=lambda p: (cards[p].due, order[p]))
    new = [p for p in pairs if p not in cards]
    later = sorted((p for p in pairs if p in cards and cards[p].due > now), key=lambda p: (cards[p].due, order[p]))
    sequence = due + new + later
    return [sequence[i % len(sequence)] for i in range(count)]


def fresh_seed(store: Store, topic: str, difficulty: str) -> int:
    """A seed this store has never shown for (topic, difficulty) (a fresh seed every time a topic comes
    back), drawn by random.SystemRandom from 1..999999 avoiding the seeds of every answer recorded."""
    seen = {a.seed for a in store.answers(topic) if a.difficulty == difficulty}
    low, high = SEED_RANGE
    if sum(low <= s <= high for s in seen) > high - low:
        raise StoreError(
            T(
                "every seed of {topic}:{difficulty} has been practised already.",
                "{topic}:{difficulty} 的每一道题（每个种子）都已经练过了。",
                topic=topic,
                difficulty=difficulty,
            )
        )
    while True:
        seed = _rng.randint(low, high)
        if seed not in seen:
            return seed
