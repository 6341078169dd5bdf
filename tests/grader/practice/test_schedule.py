"""The scheduler: ratings from verdicts, the order pairs come back in, FSRS intervals,
and seeds never repeated."""

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from grader.practice import schedule
from grader.practice.progress import AnswerRecord, Store, StoreError
from grader.practice.schedule import fresh_seed, pick, rating_for

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "progress.sqlite3") as opened:
        yield opened


def answer(topic, difficulty, seed):
    return AnswerRecord(
        "s1",
        "practice",
        f"{topic}:{difficulty}#{seed}",
        topic,
        difficulty,
        seed,
        "value",
        "1",
        "correct",
        None,
        0,
        3.0,
        T0,
    )


@pytest.mark.parametrize(
    "verdicts, hints, rating",
    [
        (["correct"], 0, "good"),
        (["correct", "correct", "correct"], 0, "good"),
        (["correct"], 1, "hard"),
        (["rounded"], 0, "hard"),
        (["correct", "rounded"], 3, "hard"),
        (["wrong"], 0, "again"),
        (["skipped"], 0, "again"),
        (["correct", "wrong"], 0, "again"),
        (["rounded", "skipped"], 2, "again"),
    ],
)
def test_rating_for(verdicts, hints, rating):
    assert rating_for(verdicts, hints) == rating


@pytest.mark.parametrize("verdicts", [[], ["correct", "nearly"]])
def test_rating_for_refuses_nonsense(verdicts):
    with pytest.raises(ValueError):
        rating_for(verdicts, 0)


def test_pick_order_due_then_new_then_soonest(store):
    now = T0 + timedelta(days=1)
    store.record_review("pca", "hard", "again", T0, "s1")  # due T0 + 1 min
    store.record_review("entropy", "easy", "good", T0 + timedelta(hours=2), "s1")  # due T0 + 2 h 10 min
    store.record_review("attention", "easy", "good", now - timedelta(minutes=1), "s1")  # due now + 9 min
    store.record_review("entropy", "hard", "easy", now - timedelta(hours=1), "s1")  # due in days
    store.record_review("cnn_output", "easy", "again", T0, "s1")  # due, but not asked for
    cards = store.cards()
    assert cards[("pca", "hard")].due < cards[("entropy", "easy")].due <= now
    assert now < cards[("attention", "easy")].due < cards[("entropy", "hard")].due

    topics, difficulties = ["entropy", "pca", "attention"], ["easy", "hard"]
    expected = [
        ("pca", "hard"),
        ("entropy", "easy"),  # due, most overdue first
        ("pca", "easy"),
        ("attention", "hard"),  # never practised, in the order given
        ("attention", "easy"),
        ("entropy", "hard"),  # not yet due, soonest first
    ]
    assert pick(store, topics, difficulties, 6, now) == expected
    assert pick(store, topics, difficulties, 3, now) == expected[:3]
    assert pick(store, topics, difficulties, 8, now) == expected + expected[:2]  # repeats past the end
    assert pick(store, topics, difficulties, 8, now) == pick(store, topics, difficulties, 8, now)
    assert pick(store, topics, difficulties, 0, now) == []
    assert pick(store, [], difficulties, 3, now) == []
    # an hour later the attention card is due as well and moves ahead of the new pairs
    later = pick(store, topics, difficulties, 6, now + timedelta(hours=1))
    assert later[:3] == [("pca", "hard"), ("entropy", "easy"), ("attention", "easy")]


def test_pick_on_an_empty_store_keeps_the_given_order(store):
    assert pick(store, ["sigmoid_backprop", "entropy"], ["hard", "easy"], 5, T0) == [
        ("sigmoid_backprop", "hard"),
        ("sigmoid_backprop", "easy"),
        ("entropy", "hard"),
        ("entropy", "easy"),
        ("sigmoid_backprop", "hard"),
    ]


@pytest.mark.parametrize("history", [[], ["good", "good"], ["good", "good", "good"]])
def test_again_comes_back_sooner_than_good_exactly_as_fsrs_says(store, history):
    reference = Scheduler(enable_fuzzing=False)  # fsrs defaults; fuzzing off as in the store
    card, at = Card(), T0
    for rating in history:
        store.record_review("entropy", "again", rating, at, "s1")
        store.record_review("entropy", "good", rating, at, "s1")
        card, _ = reference.review_card(card, Rating.Good, review_datetime=at)
        at = card.due + timedelta(hours=1)
    store.record_review("entropy", "again", "again", at, "s1")
    store.record_review("entropy", "good", "good", at, "s1")
    after_again, _ = reference.review_card(card, Rating.Again, review_datetime=at)
    after_good, _ = reference.review_card(card, Rating.Good, review_datetime=at)

    cards = store.cards()
    assert cards[("entropy", "again")].due == after_again.due
    assert cards[("entropy", "good")].due == after_good.due
    assert after_again.due < after_good.due


class Scripted:
    """Stands in for SystemRandom: hands out the given seeds in order."""

    def __init__(self, seeds):
        self.seeds = list(seeds)

    def randint(self, low, high):
        seed = self.seeds.pop(0)
        assert low <= seed <= high
        return seed


def test_fresh_seed_skips_every_seed_seen_for_that_pair(store, monkeypatch):
    for seed in range(1, 51):
        store.record_answer(answer("entropy", "easy", seed))
    store.record_answer(answer("entropy", "hard", 7))
    monkeypatch.setattr(schedule, "_rng", Scripted([3, 17, 50, 7, 51]))
    assert fresh_seed(store, "entropy", "easy") == 51
    monkeypatch.setattr(schedule, "_rng", Scripted([7, 3]))
    assert fresh_seed(store, "entropy", "hard") == 3
    monkeypatch.setattr(schedule, "_rng", Scripted([7]))
    assert fresh_seed(store, "pca", "hard") == 7  # seen for entropy, not for pca


def test_fresh_seed_never_repeats(store, monkeypatch):
    # a range of 20 with the real random source: a draw that ignored the seen seeds would repeat
    monkeypatch.setattr(schedule, "SEED_RANGE", (1, 20))
    shown = []
    for _ in range(20):
        seed = fresh_seed(store, "pca", "medium")
        store.record_answer(answer("pca", "medium", seed))
        shown.append(seed)
    assert sorted(shown) == list(range(1, 21))


def test_fresh_seed_says_when_every_seed_is_used(store, monkeypatch):
    monkeypatch.setattr(schedule, "SEED_RANGE", (1, 3))
    for seed in (1, 2, 3):
        store.record_answer(answer("entropy", "easy", seed))
    with pytest.raises(StoreError, match="every seed"):
        fresh_seed(store, "entropy", "easy")
