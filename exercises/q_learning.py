"""Q-learning on a small deterministic world: the Bellman fill-in, updates along episodes, returns.

States s₁ … sₙ are non-terminal (one row of the Q table each); a state numbered above n is
terminal, where Q = 0 and nothing follows. Actions a₁ … a_A (L, R or U, D, L, R).

    fill_table (note 003's recursion Q = r + γ max Q, solved by synchronous sweeps):
        Q_k(s, a) = r(s, a) + γ max_{a'} Q_{k-1}(s', a')        (s' terminal: Q_k = r)
        from Q_0 = 0, until a sweep changes nothing: the fixed point Q*
    episodes (Q-learning, updates in order, each seeing the ones before it):
        Q(s, a) ← Q(s, a) + α [r + γ max_{a'} Q(s', a') - Q(s, a)]   (s' terminal: target r)
    greedy policy:  π(s) = argmax_a Q(s, a), ties to the lower-numbered action
    return:         G₀ = Σ_k γᵏ r_k of an episode's rewards r₀, r₁, …

The note's recursion is the case α = 1 (slip S15).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import (
    Answer,
    Check,
    Lines,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    shown_mistakes,
    shown_number,
    step,
)
from exercises.core.symbols import Named, Ordered, SumOver

TITLE = "Q-learning table updates"
DESCRIPTION = "Bellman fill-in of a Q table, Q-learning updates along episodes, greedy policy and discounted return."
TITLE_ZH = "Q学习（Q值表更新）"
DESCRIPTION_ZH = "用贝尔曼递推填写 Q 值表、沿回合做 Q 学习更新、贪心策略与折扣回报。"

MODES = ("fill_table", "episodes", "return")
USED = {  # the parameters of each mode, besides mode; optional ones second
    "fill_table": (("transitions", "rewards", "gamma"), ("actions",)),
    "episodes": (("states", "episodes", "gamma", "alpha"), ("actions", "Q0")),
    "return": (("episode_rewards", "gamma"), ()),
}
IMPLIED = {"fill_table": "transitions", "episodes": "episodes", "return": "episode_rewards"}
MAX_STATES, MAX_ACTIONS, MAX_SWEEPS, LIMIT = 8, 4, 30, 1000
DEFAULT_ACTIONS = {2: ("L", "R"), 4: ("U", "D", "L", "R")}

FORMS = {
    "mode": T(
        "one of {modes} (left out: the one whose data is given)",
        "{modes} 之一（省略时由给出的数据确定）",
        modes=join(MODES),
    ),
    "transitions": T(
        "the next state of each state (row, s1 first) and action (column): a table of 1-{n} rows of 2-{a} "
        "state numbers; a number above the row count is a terminal state, e.g. [[1,2],[1,3],[2,4]]",
        "每个状态（行，从 s1 开始）在每个动作（列）下的下一个状态：1-{n} 行、2-{a} 列的状态序号表；"
        "大于行数的序号表示终止状态，例如 [[1,2],[1,3],[2,4]]",
        n=MAX_STATES,
        a=MAX_ACTIONS,
    ),
    "rewards": T(
        "the reward of each state and action, a table shaped like transitions, numbers between -{n} and {n}, "
        "e.g. [[0,0],[0,0],[0,10]]",
        "每个状态和动作的奖励，与 transitions 形状相同的表，元素在 -{n} 到 {n} 之间，例如 [[0,0],[0,0],[0,10]]",
        n=LIMIT,
    ),
    "gamma": T("the discount factor, a number in [0, 1], e.g. 0.9", "折扣因子，[0, 1] 中的一个数，例如 0.9"),
    "alpha": T("the learning rate, a number in (0, 1], e.g. 0.5", "学习率，(0, 1] 中的一个数，例如 0.5"),
    "actions": T(
        'the names of the actions, a list of 2-{a} short words, e.g. ["L","R"] (default L, R or U, D, L, R)',
        '动作的名称，2-{a} 个简短单词组成的列表，例如 ["L","R"]（默认 L、R 或 U、D、L、R）',
        a=MAX_ACTIONS,
    ),
    "states": T(
        "the number of non-terminal states, 1-{n}; a state numbered above it is terminal",
        "非终止状态的个数，1-{n}；序号大于它的状态是终止状态",
        n=MAX_STATES,
    ),
    "episodes": T(
        "1-3 episodes, each a list of 1-10 transitions [s, a, r, s'] with states by number, the action by "
        'number or name, e.g. [[[1,"R",0,2],[2,"R",10,3]]]',
        "1-3 个回合，每个回合是 1-10 个转移 [s, a, r, s'] 组成的列表，状态用序号，动作用序号或名称，"
        '例如 [[[1,"R",0,2],[2,"R",10,3]]]',
    ),
    "Q0": T(
        "the initial Q table, one row per non-terminal state and one column per action (default all 0)",
        "初始 Q 值表，每个非终止状态一行、每个动作一列（默认全为 0）",
    ),
    "episode_rewards": T(
        "the rewards r0, r1, ... of an episode, a list of 1-20 numbers, e.g. [0, 0, 10]",
        "一个回合依次得到的奖励 r0, r1, …，1-20 个数组成的列表，例如 [0, 0, 10]",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve q_learning` takes

VALUE = Check(abs_tol=0.001)
ACTION = Check(exact=True)

Q = sp.Function("Q")
GAMMA, ALPHA, R_ = sp.Symbol("gamma"), sp.Symbol("alpha"), sp.Symbol("r")
Q_STAR = Math(Named("Q^*", 1, 1, "Q∗", "Q^{*}"))  # the fixed point of the Bellman recursion
_s, _a = sp.symbols("s a")


MAX = sp.Function("max")
_s1 = sp.Symbol("s'")  # the next state
BEST_NEXT = MAX(Q(_s1, sp.Symbol("a'")))
OLD = Q(_s, _a)
UPDATE_RULE = T(  # Q(s,a) ← Q(s,a) + α⋅(r + γ⋅max Q(s′,·) - Q(s,a))
    "{q} ← {target}",
    "{q} ← {target}",
    q=Math(OLD),
    target=Math(Ordered(OLD, ALPHA * Ordered(R_, GAMMA * BEST_NEXT, -OLD, evaluate=False), evaluate=False)),
)
BELLMAN = Math(sp.Eq(Q(_s, _a), Ordered(R_, GAMMA * BEST_NEXT, evaluate=False), evaluate=False))
_k = sp.Symbol("k")
RETURN_DEF = Math(sp.Eq(sp.Symbol("G_0"), SumOver(sp.S.One, GAMMA**_k * sp.Symbol("r_k"), _k), evaluate=False))
TIE_RULE = T("ties go to the lower-numbered action", "取值相同时取序号较小的动作")


def _state(i: int):
    return sp.Symbol(f"s_{i}")


# --- parameters -----------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    mode: str
    gamma: sp.Rational
    actions: tuple[str, ...] = ()
    transitions: tuple = ()  # n x A next-state numbers (fill_table)
    rewards: tuple = ()  # n x A (fill_table)
    states: int = 0  # non-terminal states (episodes)
    episodes: tuple = ()  # of tuples (s, a, r, s'), a 1-based (episodes)
    alpha: sp.Rational | None = None
    Q0: tuple = ()  # n x A (episodes)
    episode_rewards: tuple = ()  # (return)

    @property
    def n(self) -> int:
        return len(self.transitions) if self.mode == "fill_table" else self.states

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        implied = next((m for m, key in IMPLIED.items() if key in raw), "")  # mode left out
        mode = read.choice("mode", raw.get("mode", implied), MODES)
        needed, optional = USED[mode]
        read.require(raw, needed, (*optional, "mode"))
        gamma = read.number("gamma", raw["gamma"], FORMS["gamma"], 0, 1)
        if mode == "return":
            rewards = read.vector("episode_rewards", raw["episode_rewards"], FORMS["episode_rewards"], (1, 20))
            return cls(mode, gamma, episode_rewards=rewards)
        if mode == "fill_table":
            return _read_table(raw, gamma)
        return _read_episodes(raw, gamma)

    def to_json(self) -> dict:
        out = {"mode": self.mode, "gamma": read.to_json(self.gamma)}
        if self.mode == "return":
            return out | {"episode_rewards": read.to_json(self.episode_rewards)}
        out["actions"] = list(self.actions)
        if self.mode == "fill_table":
            return out | {"transitions": read.to_json(self.transitions), "rewards": read.to_json(self.rewards)}
        episodes = [[[s, self.actions[a - 1], read.to_json(r), s2] for s, a, r, s2 in e] for e in self.episodes]
        return out | {
            "states": self.states,
            "episodes": episodes,
            "alpha": read.to_json(self.alpha),
            "Q0": read.to_json(self.Q0),
        }


def _read_actions(raw: dict, count: int) -> tuple[str, ...]:
    if "actions" not in raw:
        if count not in DEFAULT_ACTIONS:
            raise ParamError(
                T(
                    "with {k} actions, name them with the parameter 'actions' ({form}).",
                    "有 {k} 个动作时，请用参数 'actions' 给出它们的名称（{form}）。",
                    k=count,
                    form=FORMS["actions"],
                )
            )
        return DEFAULT_ACTIONS[count]
    names = raw["actions"]
    if (
        not isinstance(names, list)
        or len(names) != count
        or not all(isinstance(x, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,7}", x) for x in names)
        or len(set(names)) != count
    ):
        raise ParamError(
            T(
                "parameter 'actions' must be {form}, {k} different names, one per column.",
                "参数 'actions' 应为：{form}，共 {k} 个不同的名称，每列一个。",
                form=FORMS["actions"],
                k=count,
            )
        )
    return tuple(names)


def _read_table(raw: dict, gamma) -> Params:
    transitions = read.matrix(
        "transitions",
        raw["transitions"],
        FORMS["transitions"],
        rows=(1, MAX_STATES),
        cols=(2, MAX_ACTIONS),
        low=1,
        high=2 * MAX_STATES,
        integer=True,
    )
    rewards = read.matrix(
        "rewards", raw["rewards"], FORMS["rewards"], rows=(1, MAX_STATES), cols=(2, MAX_ACTIONS), low=-LIMIT, high=LIMIT
    )
    if (len(rewards), len(rewards[0])) != (len(transitions), len(transitions[0])):
        raise ParamError(
            T(
                "parameter 'rewards' must have the shape of 'transitions', {n} x {k}.",
                "参数 'rewards' 的形状应与 'transitions' 相同，为 {n} x {k}。",
                n=len(transitions),
                k=len(transitions[0]),
            )
        )
    actions = _read_actions(raw, len(transitions[0]))
    params = Params(
        "fill_table",
        gamma,
        actions,
        tuple(tuple(int(s) for s in row) for row in transitions),
        rewards,
    )
    if len(_sweeps(params)) > MAX_SWEEPS:
        raise ParamError(
            T(
                "the table does not settle within {k} sweeps: its values are only reached in the limit (a reward "
                "collected round a loop, say); give a world whose paths end in a terminal state.",
                "Q 值表在 {k} 轮更新内不收敛：它的值只能在极限意义下达到（例如沿环路反复获得奖励）；"
                "请给出路径都通向终止状态的环境。",
                k=MAX_SWEEPS,
            )
        )
    return params


def _read_episodes(raw: dict, gamma) -> Params:
    n = int(read.number("states", raw["states"], FORMS["states"], 1, MAX_STATES, integer=True))
    alpha = read.number("alpha", raw["alpha"], FORMS["alpha"], 0, 1)
    if alpha == 0:
        raise ParamError(
            T("parameter 'alpha' must be {f}; got 0.", "参数 'alpha' 应为：{f}；实际为 0。", f=FORMS["alpha"])
        )
    given = raw["episodes"]
    if not isinstance(given, list) or not 1 <= len(given) <= 3:
        raise _bad_episodes()
    count = len(raw["actions"]) if isinstance(raw.get("actions"), list) else _action_count(given)
    actions = _read_actions(raw, count)
    episodes = tuple(_read_episode(e, n, actions) for e in given)
    if "Q0" in raw:
        Q0 = read.matrix("Q0", raw["Q0"], FORMS["Q0"], rows=(n, n), cols=(count, count), low=-LIMIT, high=LIMIT)
    else:
        Q0 = tuple((sp.Integer(0),) * count for _ in range(n))
    return Params("episodes", gamma, actions, states=n, episodes=episodes, alpha=alpha, Q0=Q0)


def _bad_episodes() -> ParamError:
    return ParamError(T("parameter 'episodes' must be {f}.", "参数 'episodes' 应为：{f}。", f=FORMS["episodes"]))


def _action_count(episodes) -> int:
    """Without 'actions': 4 when an action is named U or D or numbered above 2, else 2."""
    taken = [t[1] for e in episodes if isinstance(e, list) for t in e if isinstance(t, list) and len(t) == 4]
    return 4 if any(a in ("U", "D", 3, 4) for a in taken) else 2


def _read_episode(episode, n: int, actions) -> tuple:
    if not isinstance(episode, list) or not 1 <= len(episode) <= 10:
        raise _bad_episodes()
    out = []
    for t in episode:
        if not isinstance(t, list) or len(t) != 4:
            raise _bad_episodes()
        s, a, r, s2 = t
        a = actions.index(a) + 1 if a in actions else a
        s, a, s2 = (read.number("episodes", x, FORMS["episodes"], 1, integer=True) for x in (s, a, s2))
        r = read.number("episodes", r, FORMS["episodes"], -LIMIT, LIMIT)
        if s > n or a > len(actions) or s2 > 2 * MAX_STATES:
            raise ParamError(
                T(
                    "the transition {t} of 'episodes' leaves state {s} or takes action {a}, but the states "
                    "with a row are s1-s{n} (a higher number is terminal) and the actions are {names}.",
                    "'episodes' 中的转移 {t} 从状态 {s} 出发或采取动作 {a}，但有 Q 值行的状态只有 s1-s{n}"
                    "（更大的序号表示终止状态），动作只有 {names}。",
                    t=str(t),
                    s=int(s),
                    a=str(t[1]),
                    n=n,
                    names=join(actions),
                )
            )
        out.append((int(s), int(a), r, int(s2)))
    return tuple(out)


# --- generation -------------------------------------------------------------------------


def generate(dice, difficulty: str) -> Params:
    """easy: fill the table of a chain s₁ s₂ s₃ → goal s₄ (L at s₁ stays), reward 10, 20 or
    100 on entering the goal, sometimes a step cost -1, γ ∈ {0.5, 0.8, 0.9}; medium: two
    episodes on a chain of 3-4 states, α ∈ {1, 0.5, 0.1}, Q₀ = 0; hard: two episodes on a
    2 x 3 grid (goal in the corner s₆, walls keep the agent in place), actions U, D, L, R, a
    given Q₀ whose rows are 0-3 in some order. Episodes start at s₁, prefer moves towards the goal and stop
    at the goal (the first must reach it) or after 6 moves, 10 in all."""
    gamma = sp.Rational(dice.choice(("1/2", "4/5", "9/10")))
    goal = sp.Integer(dice.choice((10, 20, 100) if difficulty == "easy" else (10, 10, 5)))
    cost = sp.Integer(dice.choice((0, 0, -1)))
    if difficulty == "easy":
        transitions, rewards = _chain(3, goal, cost)
        return Params("fill_table", gamma, ("L", "R"), transitions, rewards)
    if difficulty == "medium":
        transitions, rewards = _chain(dice.integer(3, 4), goal, cost)
        actions, prefer, Q0 = ("L", "R"), (1, 2, 2, 2), None
    else:
        transitions, rewards = _grid(goal, cost)
        actions, prefer = ("U", "D", "L", "R"), (1, 2, 2, 2, 3, 4, 4, 4)
        Q0 = tuple(tuple(sp.Integer(q) for q in dice.sample(range(4), 4)) for _ in transitions)
    n = len(transitions)
    alpha = sp.Rational(dice.choice(("1", "1/2", "1/10")))
    first = _episode(dice, transitions, rewards, prefer, 6)
    episodes = (first, _episode(dice, transitions, rewards, prefer, min(6, 10 - len(first))))
    Q0 = Q0 or tuple((sp.Integer(0),) * len(actions) for _ in range(n))
    params = Params("episodes", gamma, actions, states=n, episodes=episodes, alpha=alpha, Q0=Q0)
    if first[-1][3] <= n:
        raise Redraw("the first episode does not reach the goal")
    return params


def _chain(n: int, goal, cost):
    """s₁ … sₙ, goal sₙ₊₁ on the right; L from s₁ stays in s₁."""
    transitions = tuple((max(s - 1, 1), s + 1) for s in range(1, n + 1))
    rewards = tuple((cost, goal if s == n else cost) for s in range(1, n + 1))
    return transitions, rewards


def _grid(goal, cost):
    """2 x 3 grid numbered by rows, s₁ s₂ s₃ over s₄ s₅ s₆, goal s₆; a move into a wall stays."""
    transitions, rewards = [], []
    for s in range(1, 6):
        row, col = divmod(s - 1, 3)
        moves = ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1))  # U, D, L, R
        nexts = [3 * r + c + 1 if 0 <= r < 2 and 0 <= c < 3 else s for r, c in moves]
        transitions.append(tuple(nexts))
        rewards.append(tuple(goal if t == 6 else cost for t in nexts))
    return tuple(transitions), tuple(rewards)


def _episode(dice, transitions, rewards, prefer, moves: int) -> tuple:
    """From s₁, an action drawn from `prefer` (action numbers, repeated to weigh them), until the
    goal or `moves` moves."""
    s, out = 1, []
    while s <= len(transitions) and len(out) < moves:
        a = dice.choice(prefer)
        out.append((s, a, rewards[s - 1][a - 1], transitions[s - 1][a - 1]))
        s = transitions[s - 1][a - 1]
    return tuple(out)


# --- exact solution ---------------------------------------------------------------------


def _sweeps(params: Params) -> list:
    """Q₁, Q₂, … of synchronous sweeps from Q₀ = 0 up to the first that changes nothing
    (at most MAX_SWEEPS + 1 of them)."""
    n, k = len(params.transitions), len(params.actions)
    table = [[sp.Integer(0)] * k for _ in range(n)]
    tables = []
    for _ in range(MAX_SWEEPS + 1):
        new = [
            [
                params.rewards[s][a] + (params.gamma * max(table[t - 1]) if t <= n else 0)
                for a, t in enumerate(params.transitions[s])
            ]
            for s in range(n)
        ]
        tables.append(new)
        if new == table:
            break
        table = new
    return tables


def _greedy(table) -> list[int]:
    """1-based argmax of each row, ties to the lowest."""
    return [max(range(len(row)), key=lambda a: (row[a], -a)) + 1 for row in table]


def _has_ties(table) -> bool:
    return any(sorted(row)[-1] == sorted(row)[-2] for row in table)


def _table_symbol(params: Params):
    return sp.MatrixSymbol("Q", params.n, len(params.actions))


def _table_note(params: Params):
    return T(
        "Rows {first} to {last}, columns {actions}.",
        "行依次为 {first} 至 {last}，列依次为 {actions}。",
        first=Math(_state(1)),
        last=Math(_state(params.n)),
        actions=join(params.actions),
    )


def _policy_step(params: Params, table) -> Step:
    policy = _greedy(table)
    chosen = join(
        T("{s}: {a}", "{s}：{a}", s=Math(_state(s)), a=params.actions[a - 1]) for s, a in enumerate(policy, 1)
    )
    return Step(
        T("Greedy policy: the best action of each state", "贪心策略：每个状态取值最大的动作"),
        sp.Symbol("pi"),
        None,
        None,
        sp.ImmutableMatrix([list(map(sp.Integer, policy))]),
        T("{chosen} (action numbers; {ties}).", "{chosen}（动作序号；{ties}）。", chosen=chosen, ties=TIE_RULE),
    )


def _policy_answer(params: Params, policy_step) -> Answer:
    numbers = join(T("{i} = {a}", "{i} = {a}", i=i, a=a) for i, a in enumerate(params.actions, 1))
    return Answer(
        "greedy_policy",
        T(
            "greedy action of each state, as numbers ({numbers})",
            "每个状态的贪心动作，写序号（{numbers}）",
            numbers=numbers,
        ),
        tuple(policy_step.exact),
        ACTION,
    )


def _q_matrix(table) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([list(row) for row in table])


def _solve_table(params: Params) -> Solution:
    tables = _sweeps(params)
    n = params.n
    steps = []
    for k, table in enumerate(tables, 1):
        unchanged = k > 1 and table == tables[k - 2]
        steps.append(
            Step(
                T("Sweep {k}", "第 {k} 轮", k=k),
                sp.MatrixSymbol(f"Q_{k}", n, len(params.actions)),
                None,
                None,
                _q_matrix(table),
                T("Nothing changed: the table is full, this is {q}.", "没有变化：Q 值表已填满，即 {q}。", q=Q_STAR)
                if unchanged
                else _sweep_note(k),
            )
        )
    policy = _policy_step(params, tables[-1])
    steps.append(policy)
    nexts = sp.ImmutableMatrix([[_state(t) for t in row] for row in params.transitions])
    question = Question.of(
        T(
            "A deterministic world has non-terminal states {first} to {last} and actions {actions}. Taking an action "
            "leads to the next state {next} with the reward {r} (one row per state, one column per action):",
            "一个确定性环境有非终止状态 {first} 至 {last}，动作为 {actions}。采取动作后转移到下一状态 {next}，"
            "得到奖励 {r}（每行一个状态，每列一个动作）：",
            first=Math(_state(1)),
            last=Math(_state(n)),
            actions=join(params.actions),
            next=Math(_s1),
            r=Math(R_),
        ),
        Math(
            sp.Tuple(
                sp.Eq(_s1, nexts, evaluate=False),
                sp.Eq(R_, _shown_table(params.rewards), evaluate=False),
            ),
            display=True,
        ),
        T(
            "A state numbered above {last} is terminal (its Q values are 0). With {gamma}, fill the Q table by "
            "the recursion {bellman}: start from {zero} and recompute every entry from the previous table "
            "(synchronous sweeps) until a sweep changes nothing. Give the final table {qstar} and the greedy "
            "policy ({ties}).",
            "序号大于 {last} 的状态是终止状态（其 Q 值为 0）。取 {gamma}，用递推关系 {bellman} 填写 Q 值表："
            "从 {zero} 开始，每一轮都用上一轮的表重新计算所有元素（同步更新），直到某一轮不再变化。"
            "求最终的 Q 值表 {qstar} 和贪心策略（{ties}）。",
            last=Math(_state(n)),
            gamma=Math(sp.Eq(GAMMA, shown_number("gamma", params.gamma, True, bare=True), evaluate=False)),
            bellman=BELLMAN,
            zero=Math(sp.Eq(sp.Symbol("Q_0"), 0)),
            qstar=Q_STAR,
            ties=TIE_RULE,
        ),
    )
    answers = (
        Answer(
            "Q_final",
            T(
                "the final Q table {q} ({n} x {k}, rows by state)",
                "最终的 Q 值表 {q}（{n} x {k}，每行一个状态）",
                q=Q_STAR,
                n=n,
                k=len(params.actions),
            ),
            tuple(tuple(row) for row in tables[-1]),
            VALUE,
        ),
        _policy_answer(params, policy),
    )
    return Solution(question, tuple(steps), answers)


def _sweep_note(k: int):
    if k == 1:
        return T(
            "From {zero}: each entry is its reward {r} (no state has a value yet).",
            "由 {zero}：每个元素就是它的奖励 {r}（各状态还没有价值）。",
            zero=Math(sp.Eq(sp.Symbol("Q_0"), 0)),
            r=Math(R_),
        )
    return T(
        "Each entry {bellman} with the maxima of {prev}.",
        "每个元素 {bellman}，其中的最大值取自 {prev}。",
        bellman=BELLMAN,
        prev=Math(sp.Symbol(f"Q_{k - 1}")),
    )


def _shown_table(table):
    return sp.ImmutableMatrix(
        [[shown_number(f"r{i}{j}", v, True, bare=True) for j, v in enumerate(row)] for i, row in enumerate(table)]
    )


def _transition_text(params: Params, t) -> Math:
    s, a, r, s2 = t
    return Math(
        sp.Tuple(_state(s), sp.Symbol(params.actions[a - 1]), shown_number("r", r, True, bare=True), _state(s2))
    )


def _best_of(s: int):
    """max Q(sₖ, a'), the largest entry of state k's row."""
    return MAX(Q(_state(s), sp.Symbol("a'")))


def _update_step(params: Params, table, e: int, k: int, t):
    s, a, r, s2 = t
    old = table[s - 1][a - 1]
    terminal = s2 > params.n
    values = {OLD: old, ALPHA: params.alpha, R_: r}
    if terminal:
        formula = Ordered(OLD, ALPHA * Ordered(R_, -OLD, evaluate=False), evaluate=False)
        note = T(
            "{s} is terminal: the target is {r} alone.",
            "{s} 是终止状态：目标值只有 {r}。",
            s=Math(_state(s2)),
            r=Math(R_),
        )
    else:
        best = max(table[s2 - 1])
        formula = Ordered(OLD, ALPHA * Ordered(R_, GAMMA * BEST_NEXT, -OLD, evaluate=False), evaluate=False)
        values |= {GAMMA: params.gamma, BEST_NEXT: best}
        note = T(
            "{best}, the largest entry of the row of {s}.",
            "{best}，即 {s} 那一行的最大值。",
            best=Math(sp.Eq(_best_of(s2), best)),
            s=Math(_state(s2)),
        )
    done = step(
        T(
            "Episode {e}, move {k}: {t}",
            "第 {e} 个回合第 {k} 步：{t}",
            e=e,
            k=k,
            t=_transition_text(params, t),
        ),
        Q(_state(s), sp.Symbol(params.actions[a - 1])),
        formula,
        values,
        decimals=True,
        expand=False,
        note=note,
    )
    table[s - 1][a - 1] = done.exact
    return done


def _return_step(params: Params, rewards) -> Step:
    rs = [sp.Symbol(f"r_{k}") for k in range(len(rewards))]
    formula = Ordered(*[GAMMA**k * r for k, r in enumerate(rs)], evaluate=False)
    return step(
        T("Discounted return of the episode", "该回合的折扣回报"),
        sp.Symbol("G_0"),
        formula,
        dict(zip(rs, rewards)) | {GAMMA: params.gamma},
        decimals=True,
        expand=False,
    )


def _return_answer(done) -> Answer:
    return Answer("return", T("discounted return {G}", "折扣回报 {G}", G=Math(sp.Symbol("G_0"))), done.exact, VALUE)


def _solve_episodes(params: Params) -> Solution:
    table = [list(row) for row in params.Q0]
    updates = [
        _update_step(params, table, e, k, t)
        for e, episode in enumerate(params.episodes, 1)
        for k, t in enumerate(episode, 1)
    ]
    final = Step(
        T("The Q table after all the updates", "全部更新之后的 Q 值表"),
        _table_symbol(params),
        None,
        None,
        _q_matrix(table),
        _table_note(params),
    )
    returned = _return_step(params, [t[2] for t in params.episodes[0]])
    steps = [*updates, final, returned]
    ask_policy = not _has_ties(table)
    answers = [
        Answer(
            "Q_after_each_update",
            T("the new value of each updated entry, in order", "每次更新后被更新元素的新值（按顺序）"),
            tuple(u.exact for u in updates),
            VALUE,
        ),
        Answer(
            "Q_final",
            T(
                "the Q table after all updates ({n} x {k})",
                "全部更新之后的 Q 值表（{n} x {k}）",
                n=params.n,
                k=len(params.actions),
            ),
            tuple(tuple(row) for row in table),
            VALUE,
        ),
        _return_answer(returned),
    ]
    if ask_policy:
        policy = _policy_step(params, table)
        steps.append(policy)
        answers.append(_policy_answer(params, policy))
    lines = Lines(
        tuple(
            T(
                "Episode {e}: {moves}",
                "第 {e} 个回合：{moves}",
                e=e,
                moves=join(_transition_text(params, t) for t in episode),
            )
            for e, episode in enumerate(params.episodes, 1)
        )
    )
    n = params.n
    question = Question.of(
        T(
            "An agent learns by Q-learning in a world with non-terminal states {first} to {last} (a state "
            "numbered higher is terminal, where Q is 0) and actions {actions}, with {gamma} and learning rate "
            "{alpha}. The Q table starts as (rows {first} to {last}, columns {actions})",
            "智能体在一个环境中用 Q 学习更新 Q 值表：非终止状态为 {first} 至 {last}（序号更大的状态为终止状态，"
            "其 Q 值为 0），动作为 {actions}，{gamma}，学习率 {alpha}。Q 值表的初值为（行依次为 {first} 至 {last}，"
            "列依次为 {actions}）",
            first=Math(_state(1)),
            last=Math(_state(n)),
            actions=join(params.actions),
            gamma=Math(sp.Eq(GAMMA, shown_number("gamma", params.gamma, True, bare=True), evaluate=False)),
            alpha=Math(sp.Eq(ALPHA, shown_number("alpha", params.alpha, True, bare=True), evaluate=False)),
        ),
        Math(sp.Eq(sp.Symbol("Q_0"), _shown_table(params.Q0), evaluate=False), display=True),
        T(
            "and it observes these transitions {t}, in order:",
            "它依次经历了以下转移 {t}：",
            t=Math(sp.Tuple(_s, _a, R_, _s1)),
        ),
        lines,
        T(
            "Apply the update {rule} after each transition, in order (each update sees the ones before it; at "
            "a terminal {s1} the target is {r} alone). Give the new value of each updated entry, the final "
            "table{policy}, and the discounted return {G} of episode 1.",
            "每个转移之后按顺序做一次更新 {rule}（后面的更新用到前面更新后的值；{s1} 为终止状态时目标值只有 {r}）。"
            "求每次更新后的新值、最终的 Q 值表{policy}，以及第 1 个回合的折扣回报 {G}。",
            rule=UPDATE_RULE,
            s1=Math(_s1),
            r=Math(R_),
            policy=T(", the greedy policy ({ties})", "、贪心策略（{ties}）", ties=TIE_RULE) if ask_policy else "",
            G=RETURN_DEF,
        ),
    )
    return Solution(question, tuple(steps), tuple(answers))


def _solve_return(params: Params) -> Solution:
    returned = _return_step(params, params.episode_rewards)
    question = Question.of(
        T(
            "An episode yields the rewards {rewards}, in order. With {gamma}, compute its discounted return {G}.",
            "一个回合依次得到奖励 {rewards}。取 {gamma}，求它的折扣回报 {G}。",
            rewards=join(Math(shown_number("r", r, True, bare=True)) for r in params.episode_rewards),
            gamma=Math(sp.Eq(GAMMA, shown_number("gamma", params.gamma, True, bare=True), evaluate=False)),
            G=RETURN_DEF,
        ),
    )
    return Solution(question, (returned,), (_return_answer(returned),))


def solve(params: Params) -> Solution:
    if params.mode == "fill_table":
        return _solve_table(params)
    if params.mode == "episodes":
        return _solve_episodes(params)
    return _solve_return(params)


# --- mistakes, in floats ----------------------------------------------------------------

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "alpha_ignored": T("learning rate ignored (Q set to the target)", "忽略了学习率（直接把 Q 设为目标值）"),
    "max_over_current_state": T("max taken over the current state's row", "最大值取自当前状态那一行"),
    "sarsa_target": T(
        "SARSA target (the next action taken) instead of the max", "用了 SARSA 的目标（下一步实际动作）而不是最大值"
    ),
    "gamma_omitted": T("discount factor left out", "漏了折扣因子"),
    "discount_off_by_one": T("first reward discounted too", "第一个奖励也乘了折扣因子"),
}


def _float_episodes(params: Params, *, alpha=None, gamma=None, target="max_next"):
    """Q-learning in floats, right or with one thing done differently: the new values in
    order and the final table."""
    alpha = float(params.alpha) if alpha is None else alpha
    gamma = float(params.gamma) if gamma is None else gamma
    table = [[float(v) for v in row] for row in params.Q0]
    updates = []
    for episode in params.episodes:
        for k, (s, a, r, s2) in enumerate(episode):
            if s2 > params.n:
                best = 0.0
            elif target == "current":
                best = max(table[s - 1])
            elif target == "sarsa" and k + 1 < len(episode):
                best = table[s2 - 1][episode[k + 1][1] - 1]
            else:
                best = max(table[s2 - 1])
            old = table[s - 1][a - 1]
            table[s - 1][a - 1] = old + alpha * (float(r) + gamma * best - old)
            updates.append(table[s - 1][a - 1])
    return updates, table


def _float_sweeps(params: Params, gamma: float):
    """The fixed point of the sweeps in floats (to 1e-12, or after 500 sweeps)."""
    n = len(params.transitions)
    table = [[0.0] * len(params.actions) for _ in range(n)]
    for _ in range(500):
        new = [
            [float(params.rewards[s][a]) + (gamma * max(table[t - 1]) if t <= n else 0.0) for a, t in enumerate(row)]
            for s, row in enumerate(params.transitions)
        ]
        if max(abs(x - y) for r1, r2 in zip(new, table) for x, y in zip(r1, r2)) < 1e-12:
            return new
        table = new
    return table


def _float_return(rewards, gamma: float, first: int = 0) -> float:
    return sum(gamma ** (k + first) * float(r) for k, r in enumerate(rewards))


def _table_answers(updates, table, right) -> dict:
    out = {"Q_after_each_update": updates, "Q_final": table}
    if "greedy_policy" in right:
        out["greedy_policy"] = _greedy(table)
    return out


def mistakes(params: Params, solution) -> list[Mistake]:
    right = {a.name: a.value for a in solution.answers}
    gamma = float(params.gamma)
    omitted = T(
        "the future is discounted: the target is {target}",
        "未来的价值要打折扣：目标值为 {target}",
        target=Math(Ordered(R_, GAMMA * BEST_NEXT, evaluate=False)),
    )
    candidates = {}
    if params.mode == "fill_table":
        undiscounted = _float_sweeps(params, 1.0)
        candidates["gamma_omitted"] = (omitted, {"Q_final": undiscounted, "greedy_policy": _greedy(undiscounted)})
    if params.mode in ("episodes", "return"):
        rewards = params.episode_rewards if params.mode == "return" else [t[2] for t in params.episodes[0]]
        candidates["discount_off_by_one"] = (
            T(
                "the first reward is not discounted: {G}, its first term is {r0} itself",
                "第一个奖励不打折扣：{G}，第一项就是 {r0} 本身",
                r0=Math(sp.Symbol("r_0")),
                G=RETURN_DEF,
            ),
            {"return": _float_return(rewards, gamma, first=1)},
        )
        if params.mode == "return":
            candidates["gamma_omitted"] = (omitted, {"return": _float_return(rewards, 1.0)})
    if params.mode == "episodes":
        rewards = [t[2] for t in params.episodes[0]]
        candidates["gamma_omitted"] = (
            omitted,
            _table_answers(*_float_episodes(params, gamma=1.0), right) | {"return": _float_return(rewards, 1.0)},
        )
        if params.alpha != 1:
            candidates["alpha_ignored"] = (
                T(
                    "Q-learning moves Q only a step {alpha} towards the target: {rule}; the note's {note} is the "
                    "case {one}",
                    "Q 学习只把 Q 向目标值移动 {alpha} 倍的差：{rule}；笔记中的 {note} 是 {one} 的特例",
                    alpha=Math(ALPHA),
                    rule=UPDATE_RULE,
                    note=BELLMAN,
                    one=Math(sp.Eq(ALPHA, 1)),
                ),
                _table_answers(*_float_episodes(params, alpha=1.0), right),
            )
        candidates["max_over_current_state"] = (
            T(
                "the max is over the next state {s1}'s row, not the current state's",
                "最大值取自下一状态 {s1} 那一行，而不是当前状态",
                s1=Math(_s1),
            ),
            _table_answers(*_float_episodes(params, target="current"), right),
        )
        candidates["sarsa_target"] = (
            T(
                "Q-learning takes the best next action, {best}, not the action taken next (that is SARSA)",
                "Q 学习取下一状态的最大值 {best}，而不是下一步实际采取的动作（那是 SARSA）",
                best=Math(BEST_NEXT),
            ),
            _table_answers(*_float_episodes(params, target="sarsa"), right),
        )
    # twice the tolerance: a wrong value closer than that is no sign of the mistake
    return shown_mistakes(
        (Mistake(name, message, answers) for name, (message, answers) in candidates.items()), solution, margin=2
    )
