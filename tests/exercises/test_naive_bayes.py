"""naive_bayes against scikit-learn: CategoricalNB for a table of categorical features,
MultinomialNB over CountVectorizer counts for bags of words (both with force_alpha=True)."""

import warnings

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import CategoricalNB, MultinomialNB

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

CANONICAL = {  # SYLLABUS 4.1: (Outlook, Windy) -> class, query (sunny, yes)
    "features": ["Outlook", "Windy"],
    "rows": [
        ["sunny", "no"],
        ["sunny", "yes"],
        ["overcast", "no"],
        ["rain", "no"],
        ["rain", "yes"],
        ["overcast", "yes"],
        ["sunny", "no"],
        ["rain", "no"],
    ],
    "labels": ["N", "N", "Y", "Y", "N", "Y", "Y", "Y"],
    "query": ["sunny", "yes"],
    "alpha": 1,
}
WORDS = {  # SYLLABUS 4.1, multinomial
    "docs": ["good good fun", "fun plot", "bad plot", "bad bad boring"],
    "labels": ["pos", "pos", "neg", "neg"],
    "query_doc": "good plot",
    "alpha": 1,
}


def categorical_oracle(raw):
    """priors, likelihood table, joint probabilities, posterior and prediction from CategoricalNB,
    in the order of raw["classes"]."""
    domains = raw["domains"]
    X = np.array([[domains[j].index(v) for j, v in enumerate(row)] for row in raw["rows"]])
    query = np.array([[domains[j].index(v) for j, v in enumerate(raw["query"])]])
    model = CategoricalNB(alpha=raw["alpha"], force_alpha=True, min_categories=[len(d) for d in domains])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # alpha = 0: log of the zero counts the query does not use
        model.fit(X, raw["labels"])
        joint = np.exp(model.predict_joint_log_proba(query)[0])
        posterior = model.predict_proba(query)[0]
        predicted = model.predict(query)[0]
    order = [list(model.classes_).index(c) for c in raw["classes"]]
    likelihoods = [[np.exp(model.feature_log_prob_[j][i, query[0, j]]) for j in range(X.shape[1])] for i in order]
    return {
        "priors": np.exp(model.class_log_prior_)[order],
        "likelihoods": likelihoods,
        "scores": joint[order],
        "posterior": posterior[order],
        "prediction": raw["classes"].index(predicted) + 1,
    }


def multinomial_oracle(raw):
    vectorizer = CountVectorizer(vocabulary=raw["vocabulary"], token_pattern=r"\S+", lowercase=False)
    X = vectorizer.transform(raw["docs"])
    query = vectorizer.transform([raw["query_doc"]])
    model = MultinomialNB(alpha=raw["alpha"], force_alpha=True).fit(X, raw["labels"])
    order = [list(model.classes_).index(c) for c in raw["classes"]]
    words = list(dict.fromkeys(raw["query_doc"].split()))
    columns = [raw["vocabulary"].index(w) for w in words]
    return {
        "priors": np.exp(model.class_log_prior_)[order],
        "likelihoods": np.exp(model.feature_log_prob_[order][:, columns]),
        "scores": np.exp(model.predict_joint_log_proba(query)[0])[order],
        "posterior": model.predict_proba(query)[0][order],
        "prediction": raw["classes"].index(model.predict(query)[0]) + 1,
    }


def oracle(raw):
    return multinomial_oracle(raw) if raw["model"] == "multinomial" else categorical_oracle(raw)


def assert_matches(problem):
    expected = oracle(problem.params.to_json())
    for name in ("priors", "likelihoods", "posterior"):
        assert np.allclose(problem.answer(name).value, expected[name], rtol=1e-9, atol=1e-12), (problem.id, name)
    assert np.allclose(problem.answer("scores").value, expected["scores"], rtol=1e-9, atol=0), problem.id
    assert problem.answer("prediction").value == expected["prediction"], problem.id


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_sklearn(difficulty, seeds):
    for seed in seeds:
        assert_matches(generated("naive_bayes", difficulty, seed))


def test_canonical_instance():
    problem = registry.from_params("naive_bayes", CANONICAL)
    assert problem.answer("priors").value == pytest.approx([3 / 8, 5 / 8])
    assert np.allclose(problem.answer("likelihoods").value, [[1 / 2, 3 / 5], [1 / 4, 2 / 7]])
    assert problem.answer("scores").value == pytest.approx([9 / 80, 5 / 112])
    assert problem.answer("posterior").value == pytest.approx([63 / 88, 25 / 88])
    assert problem.answer("prediction").value == 1
    assert_matches(problem)


def test_canonical_bag_of_words():
    problem = registry.from_params("naive_bayes", WORDS)
    assert problem.params.classes == ("neg", "pos")  # sorted, as scikit-learn's classes_
    assert problem.answer("scores").value == pytest.approx([1 / 100, 3 / 100])
    assert problem.answer("posterior").value == pytest.approx([0.25, 0.75])
    assert problem.answer("prediction").value == 2
    assert_matches(problem)


def test_a_repeated_query_word_counts_twice_and_classes_keep_their_stated_order():
    raw = WORDS | {"query_doc": "plot good plot", "classes": ["pos", "neg"]}
    problem = registry.from_params("naive_bayes", raw)
    # pos: 1/2 * (2/10)^2 * 3/10; neg: 1/2 * (2/10)^2 * 1/10
    assert problem.answer("scores").value == pytest.approx([3 / 500, 1 / 500])
    assert np.allclose(problem.answer("likelihoods").value, [[2 / 10, 3 / 10], [2 / 10, 1 / 10]])
    assert problem.answer("prediction").value == 1
    assert_matches(problem)


def test_a_declared_domain_and_vocabulary_count_unseen_values():
    raw = CANONICAL | {"domains": [["sunny", "overcast", "rain", "snow"], ["no", "yes"]], "query": ["snow", "yes"]}
    problem = registry.from_params("naive_bayes", raw)
    # m_1 = 4: P(snow | N) = 1/7, P(snow | Y) = 1/9
    assert [row[0] for row in problem.answer("likelihoods").value] == pytest.approx([1 / 7, 1 / 9])
    assert_matches(problem)
    words = registry.from_params(
        "naive_bayes", WORDS | {"vocabulary": ["good", "fun", "plot", "bad", "boring", "dull"]}
    )
    assert np.allclose(words.answer("likelihoods").value, [[1 / 11, 2 / 11], [3 / 11, 2 / 11]])
    assert_matches(words)


def test_generated_parameters_fit_the_difficulty():
    for seed in SEEDS:
        easy = generated("naive_bayes", "easy", seed).params
        assert easy.model == "categorical" and easy.alpha == 0 and len(easy.features) == 2
        assert all(len(values) == 2 for values in easy.domains) and 6 <= len(easy.rows) <= 8
        assert len(easy.classes) == 2
        medium = generated("naive_bayes", "medium", seed).params
        assert medium.model == "categorical" and medium.alpha == 1 and len(medium.features) == 3
        assert all(2 <= len(values) <= 3 for values in medium.domains) and 8 <= len(medium.rows) <= 12
        assert len(medium.classes) == 2
        hard = generated("naive_bayes", "hard", seed).params
        assert hard.alpha == 1
        if hard.model == "categorical":
            assert 3 <= len(hard.features) <= 4 and 10 <= len(hard.rows) <= 14 and len(hard.classes) == 3
        else:
            assert 4 <= len(hard.vocabulary) <= 6 and 3 <= len(hard.rows) <= 5
            assert all(2 <= len(doc) <= 4 for doc in hard.rows) and 1 <= len(hard.query) <= 3
    models = {generated("naive_bayes", "hard", seed).params.model for seed in SEEDS}
    assert models == {"categorical", "multinomial"}


def test_smoothing_matters_where_it_is_asked():
    """α = 1: some count of the query is 0 (so no_smoothing gives a zero score);
    α = 0: none is (every score positive)."""
    for seed in SEEDS:
        for difficulty in DIFFICULTIES:
            problem = generated("naive_bayes", difficulty, seed)
            wrong = {m.name: m.answers for m in problem.mistakes}
            if problem.params.alpha:
                assert min(wrong["no_smoothing"]["scores"]) == 0, problem.id
            else:
                assert min(problem.answer("scores").value) > 0, problem.id


def test_the_notes_plus_one_denominator_is_recognised():
    """Slip S5: the note's (count + 1) / (N_k + 1) gives P(sunny|N) = P(yes|N) = 3/4,
    P(sunny|Y) = P(yes|Y) = 1/3, scores 27/128 and 5/72, posterior N = 0.752322."""
    problem = registry.from_params("naive_bayes", CANONICAL)
    typed = {
        "likelihoods": [[3 / 4, 3 / 4], [1 / 3, 1 / 3]],
        "scores": [27 / 128, 5 / 72],
        "posterior": [0.752322, 1 - 0.752322],
    }
    for name, value in typed.items():
        verdict = judge(problem, problem.answer(name), value)
        assert verdict.kind == WRONG and verdict.mistake.name == "seed_denominator_plus_one", name


def test_other_mistakes_by_hand():
    problem = registry.from_params("naive_bayes", CANONICAL)
    cases = {
        "no_smoothing": ("likelihoods", [[2 / 3, 2 / 3], [1 / 5, 1 / 5]]),
        "joint_not_conditional": ("likelihoods", [[3 / 11, 3 / 10], [2 / 11, 2 / 10]]),
        "prior_omitted": ("scores", [3 / 10, 1 / 14]),
        "prior_smoothed": ("priors", [4 / 10, 6 / 10]),
    }
    for name, (answer, value) in cases.items():
        verdict = judge(problem, problem.answer(answer), value)
        assert verdict.kind == WRONG and verdict.mistake.name == name, name
    words = registry.from_params("naive_bayes", WORDS)
    # neg saw 3 distinct words, pos 3: P(good | neg) = 1 / (5 + 3), P(good | pos) = 3 / (5 + 3)
    verdict = judge(words, words.answer("likelihoods"), [[1 / 8, 2 / 8], [3 / 8, 2 / 8]])
    assert verdict.kind == WRONG and verdict.mistake.name == "class_vocabulary"


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"rows": None}, "missing parameter: rows"),
        ({"rows": [["sunny", "no"], ["rain"]]}, "rows differ in length"),
        ({"rows": "sunny"}, "parameter 'rows' must be"),
        ({"labels": ["N", "Y"]}, "parameter 'labels' must be"),
        ({"labels": ["N"] * 8}, "needs 2-5"),
        ({"classes": ["N", "Y", "Z"]}, "class 'Z' has no training sample"),
        ({"classes": ["N"]}, "parameter 'classes' must be"),
        ({"query": ["sunny"]}, "parameter 'query' must be"),
        ({"query": ["snow", "yes"]}, "value 'snow' of feature 'Outlook' in 'query' never occurs"),
        ({"features": ["Outlook", "Outlook"]}, "lists 'Outlook' twice"),
        ({"domains": [["sunny", "rain"], ["no", "yes"]]}, "value 'overcast' of feature 'Outlook'"),
        ({"alpha": -1}, "parameter 'alpha' must be"),
        (
            {"alpha": 0, "rows": [["a", "x"], ["a", "x"], ["b", "y"], ["b", "y"]], "labels": ["N", "N", "Y", "Y"]}
            | {"query": ["a", "y"]},
            "every score is 0",
        ),
        ({"model": "gaussian"}, "parameter 'model' must be one of"),
        ({"docs": ["a b"]}, "unknown parameter"),
    ],
)
def test_bad_parameters_name_the_problem(change, phrase):
    raw = {key: value for key, value in (CANONICAL | change).items() if value is not None}
    with pytest.raises(ParamError, match=phrase):
        registry.from_params("naive_bayes", raw)


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"query_doc": "good ugly"}, "the word 'ugly' of 'query_doc' is not in the vocabulary"),
        ({"vocabulary": ["good", "fun", "plot", "bad"]}, "the word 'boring' of the documents is not in 'vocabulary'"),
        ({"docs": ["good", "fun", "bad"]}, "parameter 'labels' must be"),
        ({"docs": ["good fun", ""]}, "parameter 'docs' must be"),
        ({"query_doc": ""}, "parameter 'query_doc' must be"),
    ],
)
def test_bad_documents_name_the_problem(change, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params("naive_bayes", WORDS | change)
