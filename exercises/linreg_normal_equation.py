"""Linear regression by the normal equation, and ridge regression.

    X = [1, x]  (a ones column first),  w = (w₀, w₁, ..., w_d)ᵀ  (the bias first)
    minimise  ½‖r - Xw‖² + (λ/2) wᵀDw,   D = diag(0, 1, ..., 1)  (bias not penalised)
                                          or D = I               (the note's λI: bias penalised)
    M  = XᵀX + λD,   w* = M⁻¹ Xᵀr,   M⁻¹ = adj(M) / det(M)
    ŷ  = X w*,   SSE = Σ (r - ŷ)²,   H = X M⁻¹ Xᵀ (hat matrix; ŷ = H r), h_ll its diagonal

With the note's 1/(2N)-scaled loss, 1/(2N)‖r - Xw‖² + (λ/2) wᵀDw, the minimiser is
(XᵀX + NλD)⁻¹Xᵀr instead: the question states the ½‖·‖² loss, so λ is used as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy as sp
from sympy import MatAdd, MatMul, MatrixSymbol

from exercises.core import params as read
from exercises.core import regression as reg
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T
from exercises.core.model import EXACT, Answer, Check, Math, Mistake, Question, Solution, Step, step
from exercises.core.regression import minus
from exercises.core.symbols import Named, Ordered, Spelled, SumOver

TITLE = "Normal equation and ridge fit"
DESCRIPTION = "XᵀX, Xᵀr, the (ridge) matrix's determinant and inverse, weights w*, fitted values, SSE, hat diagonal."
TITLE_ZH = "线性回归正规方程与岭回归"
DESCRIPTION_ZH = "XᵀX、Xᵀr、（岭）矩阵的行列式与逆矩阵、权重 w*、拟合值、残差平方和与帽子矩阵对角线。"
CODING_TASK = "linear_regression"

ROWS, COLS = (2, 10), (1, 3)
FORMS = {
    "x": reg.x_form(ROWS, COLS),
    "r": reg.R_FORM,
    "lam": T(
        "the ridge strength λ, a number in [0, 1000]; default 0 (ordinary least squares)",
        "岭回归系数 λ，[0, 1000] 中的一个数；默认为 0（普通最小二乘）",
    ),
    "penalize_bias": T(
        "true to penalise the bias too (the note's λI), false (default) to leave the bias unpenalised",
        "true 表示偏置也加惩罚（笔记中的 λI），false（默认）表示偏置不加惩罚",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve linreg_normal_equation` takes
BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}

NEAR = Check(abs_tol=0.001)
SCALED = Check(abs_tol=0.001, rel_tol=0.001)
INVERSE = Check(abs_tol=0.0001, rel_tol=0.001)
CHECKS = {  # each answer's check
    "XtX": EXACT,
    "Xtr": EXACT,
    "det": EXACT,
    "inverse": INVERSE,
    "w": NEAR,
    "fitted": NEAR,
    "sse": SCALED,
    "hat_diag": NEAR,
}


# --- notation --------------------------------------------------------------------------

_X, _r, _D = (MatrixSymbol(name, 1, 1) for name in ("X", "r", "D"))
D_ALL = Math(sp.Eq(_D, MatrixSymbol("I", 1, 1), evaluate=False))
D_WEIGHTS = Math(sp.Eq(_D, sp.Function("diag")(0, 1, Spelled("…", r"\ldots"), 1), evaluate=False))
_M_SAID = MatAdd(MatMul(_X.T, _X), MatMul(sp.Symbol("lambda"), _D))
_XTX_SAID = MatMul(_X.T, _X)
W_STAR = Named("w*", 1, 1, "w∗", r"w^{*}")
_XTR_SAID = MatMul(_X.T, _r)
_M_I = Named("M^-1", 1, 1, "M⁻¹", r"M^{-1}")
_NORM = Spelled("‖r - Xw‖²", r"\lVert r - X w \rVert^{2}")
NOTE_LOSS = Math(  # 1/(2N)⋅‖r - Xw‖² + (λ/2)⋅‖w‖²
    Ordered(
        sp.Mul(1 / (2 * sp.Symbol("N")), _NORM, evaluate=False),
        sp.Mul(sp.Symbol("lambda") / 2, Spelled("‖w‖²", r"\lVert w \rVert^{2}"), evaluate=False),
        evaluate=False,
    )
)


def _entries(name: str, k: int):
    return sp.ImmutableMatrix(k, k, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}"))


def _det_formula(m):
    """The determinant of a 2x2 or 3x3 matrix of symbols, as a course writes it."""
    if m.rows == 2:
        return minus(m[0, 0] * m[1, 1], m[0, 1] * m[1, 0])
    terms = []
    for j, sign in zip(range(3), (1, -1, 1)):
        rest = [c for c in range(3) if c != j]
        minor = minus(m[1, rest[0]] * m[2, rest[1]], m[1, rest[1]] * m[2, rest[0]])
        terms.append(sign * sp.Mul(m[0, j], minor, evaluate=False))
    return sp.Add(*terms, evaluate=False)


@dataclass(frozen=True)
class Params:
    x: tuple  # N rows of d features (no ones column)
    r: tuple  # N targets
    lam: sp.Rational = sp.Integer(0)
    penalize_bias: bool = False

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("x", "r"), ("lam", "penalize_bias"))
        x, r = reg.read_data(raw, ROWS, COLS)
        lam = read.number("lam", raw.get("lam", 0), FORMS["lam"], 0, 1000)
        flag = raw.get("penalize_bias", False)
        if not isinstance(flag, bool):
            flag = BOOLEANS.get(str(flag).strip().lower()) if isinstance(flag, (str, int)) else None
            if flag is None:
                raise ParamError(
                    T(
                        "parameter 'penalize_bias' must be {form}.",
                        "参数 'penalize_bias' 应为：{form}。",
                        form=FORMS["penalize_bias"],
                    )
                )
        params = cls(x, r, lam, flag)
        if params.determinant == 0:
            raise ParamError(
                T(
                    "the matrix to invert, {M}, is singular (its determinant is 0): with {n} samples the {k} "
                    "weights are not determined (equal or collinear features, or fewer samples than weights); "
                    "give more varied data or a ridge strength lam > 0.",
                    "要求逆的矩阵 {M} 是奇异的（行列式为 0）：{n} 个样本无法确定 {k} 个权重（特征相同或共线，"
                    "或样本数少于权重数）；请给出更多样的数据，或取岭回归系数 lam > 0。",
                    M=Math(_M_SAID if lam else _XTX_SAID),
                    n=len(x),
                    k=len(x[0]) + 1,
                )
            )
        return params

    def to_json(self) -> dict:
        return {
            "x": read.to_json(self.x),
            "r": read.to_json(self.r),
            "lam": read.to_json(self.lam),
            "penalize_bias": self.penalize_bias,
        }

    @cached_property
    def design(self) -> sp.ImmutableMatrix:
        return sp.ImmutableMatrix(reg.design(self.x))

    @property
    def penalty(self) -> sp.ImmutableMatrix:
        """D: the identity, or without its first 1 (the bias is not penalised)."""
        k = len(self.x[0]) + 1
        return sp.diag(*[int(i > 0 or self.penalize_bias) for i in range(k)]).as_immutable()

    @cached_property
    def matrix(self) -> sp.ImmutableMatrix:
        """M = XᵀX + λD."""
        X = self.design
        return sp.ImmutableMatrix(X.T * X + self.lam * self.penalty)

    @cached_property
    def determinant(self):
        return self.matrix.det(method="bareiss")


# --- generation ----------------------------------------------------------------------


def generate(dice, difficulty: str) -> Params:
    """easy: N 3-4 distinct integers x in 0..5, d = 1, least squares; medium: N 4-5, d = 1,
    ridge λ 1 or 2, the bias penalised or not; hard: N = 4, d = 2, x integers in -2..3,
    λ 0 or 1, determinant of the 3x3 matrix between 1 and 120. Targets integers 0..9.
    Drawn again when the fit is exact (SSE 0) or a mistake is too close (see `_clear`)."""
    if difficulty == "easy":
        n, lam = dice.integer(3, 4), 0
        x = tuple((sp.Integer(v),) for v in dice.sample(range(6), n))
    elif difficulty == "medium":
        n, lam = dice.integer(4, 5), dice.choice((1, 2))
        x = tuple((sp.Integer(dice.integer(0, 5)),) for _ in range(n))
    else:
        n, lam = 4, dice.choice((0, 1))
        x = tuple((sp.Integer(dice.integer(-2, 3)), sp.Integer(dice.integer(-2, 3))) for _ in range(n))
    r = tuple(sp.Integer(dice.integer(0, 9)) for _ in range(n))
    penalize = difficulty != "easy" and lam > 0 and dice.choice((False, True))
    params = Params(x, r, sp.Integer(lam), penalize)
    det = params.determinant
    if det == 0 or (difficulty == "hard" and not 0 < det <= 120):
        raise Redraw("a singular matrix, or a determinant too large for a calculator")
    if not _clear(params):
        raise Redraw("an exact fit, or a mistake too close to the right answers")
    return params


def _clear(params: Params) -> bool:
    right = _float_answers(*_float_setup(params))
    if right["sse"] < 0.05:
        return False
    for wrong in _wrong_answers(params).values():
        for name, value in wrong.items():
            if CHECKS[name].widened(2).accepts(value, right[name]):
                return False
    return True


# --- the solution ---------------------------------------------------------------------


def _check(name: str, value) -> Check:
    """Exact for integer tables and numbers; the typed decimals of user data: to 3 decimals."""
    if CHECKS[name] is EXACT and not all(v.is_Integer for v in _flat(value)):
        return SCALED
    return CHECKS[name]


def _flat(value) -> list:
    if isinstance(value, (tuple, list, sp.MatrixBase)):
        return [v for item in value for v in _flat(item)]
    return [value]


def _step(title, lhs, formula, values, exact=None, note=""):
    return step(title, lhs, formula, values, exact=exact, decimals=True, expand=False, note=note)


def _rows(m: sp.MatrixBase) -> tuple:
    return tuple(tuple(m.row(i)) for i in range(m.rows))


def solve(params: Params) -> Solution:
    n, d = len(params.x), len(params.x[0])
    k = d + 1
    ridge = params.lam != 0
    X, r = MatrixSymbol("X", n, k), MatrixSymbol("r", n, 1)
    Xm, rm = params.design, reg.column(params.r)
    xtx = _step(T("Gram matrix {XtX}", "矩阵 {XtX}", XtX=Math(_XTX_SAID)), MatMul(X.T, X), MatMul(X.T, X), {X: Xm})
    xtr = _step(
        T("The vector {Xtr}", "向量 {Xtr}", Xtr=Math(MatMul(_X.T, _r))), MatMul(X.T, r), MatMul(X.T, r), {X: Xm, r: rm}
    )
    steps = [xtx, xtr]
    M = MatrixSymbol("M", k, k)
    M_inv = Named("M^-1", k, k, "M⁻¹", r"M^{-1}")
    w_star = Named("w*", k, 1, "w∗", r"w^{*}")
    x_t_r = Named("X^Tr", k, 1, "Xᵀ⋅r", r"X^{T} r")
    if ridge:
        G, D, lam = Named("X^TX", k, k, "Xᵀ⋅X", r"X^{T} X"), MatrixSymbol("D", k, k), sp.Symbol("lambda")
        said = (
            T("{D}: every weight, the bias too, is penalised", "{D}：所有权重（包括偏置）都加惩罚", D=D_ALL)
            if params.penalize_bias
            else T("{D}: the bias is not penalised", "{D}：偏置不加惩罚", D=D_WEIGHTS)
        )
        steps.append(
            _step(
                T("Ridge: add {lD}", "岭回归：加上 {lD}", lD=Math(MatMul(lam, _D))),
                M,
                MatAdd(G, MatMul(lam, D)),
                {G: xtx.exact, D: params.penalty, lam: params.lam},
                note=T(
                    "{said}. With the note's loss {L} the matrix would be {NM} instead.",
                    "{said}。若采用笔记中的损失 {L}，矩阵应为 {NM}。",
                    L=NOTE_LOSS,
                    said=said,
                    NM=Math(MatAdd(MatMul(_X.T, _X), MatMul(sp.Symbol("N"), sp.Symbol("lambda"), _D))),
                ),
            )
        )
    matrix = params.matrix
    entries = _entries("M", k)
    det = _step(
        T("Determinant of {M}", "{M} 的行列式", M=Math(sp.Eq(M, _M_SAID if ridge else _XTX_SAID, evaluate=False))),
        sp.Function("det")(M),
        _det_formula(entries) if k <= 3 else sp.Function("det")(M),
        {entries[i, j]: matrix[i, j] for i in range(k) for j in range(k)} if k <= 3 else {},
        exact=params.determinant,
    )
    adjugate = matrix.adjugate(method="bareiss")
    adj = Named("adj(M)", k, k, "adj(M)", r"\operatorname{adj}(M)")
    if k == 2:
        adj_step = _step(
            T(
                "Adjugate: swap the diagonal, negate the other two entries",
                "伴随矩阵：交换主对角线元素，另两个元素变号",
            ),
            adj,
            sp.ImmutableMatrix([[entries[1, 1], -entries[0, 1]], [-entries[1, 0], entries[0, 0]]]),
            {entries[i, j]: matrix[i, j] for i in range(2) for j in range(2)},
            exact=adjugate,
        )
    else:
        adj_step = Step(
            T("Adjugate: the transposed matrix of cofactors", "伴随矩阵：代数余子式矩阵的转置"),
            adj,
            None,
            None,
            adjugate,
            T(
                "Entry (i, j) is {c}, with {Mji} the determinant of {M} without row j and column i.",
                "第 (i, j) 个元素为 {c}，其中 {Mji} 是 {M} 去掉第 j 行、第 i 列后的行列式。",
                c=Math(sp.Mul(sp.Pow(-1, sp.Symbol("i") + sp.Symbol("j"), evaluate=False), sp.Symbol("M_ji"))),
                Mji=Math(sp.Symbol("M_ji")),
                M=Math(M),
            ),
        )
    inverse = adjugate / params.determinant
    det_symbol = Spelled("det(M)", r"\det(M)")
    inverse_step = _step(
        T("Inverse {Mi}", "逆矩阵 {Mi}", Mi=Math(M_inv)),
        M_inv,
        MatMul(1 / det_symbol, adj),
        {det_symbol: params.determinant, adj: adjugate},
        exact=sp.ImmutableMatrix(inverse),
    )
    weights = _step(
        T("Weights {w}, the bias first", "权重 {w}（偏置在最前）", w=Math(W_STAR)),
        w_star,
        MatMul(M_inv, x_t_r),
        {M_inv: inverse_step.exact, x_t_r: xtr.exact},
    )
    steps += [det, adj_step, inverse_step, weights]
    w = weights.exact
    y_hat = Named("yhat", n, 1, "ŷ", r"\hat{y}")
    fitted = _step(
        T("Fitted values", "拟合值"),
        y_hat,
        MatMul(X, w_star),
        {X: Xm, w_star: w},
        exact=reg.column(reg.predictions(params.x, w[1:], w[0])),
    )
    e = MatrixSymbol("e", n, 1)
    errors = _step(T("Residuals", "残差"), e, MatAdd(r, MatMul(-1, y_hat)), {r: rm, y_hat: fitted.exact})
    sse = _step(
        T("Sum of squared residuals", "残差平方和"),
        sp.Symbol("SSE"),
        MatMul(e.T, e),
        {e: errors.exact},
        exact=sum((v**2 for v in errors.exact), sp.Integer(0)),
    )
    steps += [fitted, errors, sse]
    answers = [
        Answer(
            "XtX", T("the matrix {XtX}", "矩阵 {XtX}", XtX=Math(_XTX_SAID)), _rows(xtx.exact), _check("XtX", xtx.exact)
        ),
        Answer(
            "Xtr", T("the vector {Xtr}", "向量 {Xtr}", Xtr=Math(_XTR_SAID)), tuple(xtr.exact), _check("Xtr", xtr.exact)
        ),
        Answer("det", T("det({M})", "det({M})", M=_m_said(ridge)), det.exact, _check("det", det.exact)),
        Answer(
            "inverse", T("the inverse of {M}", "{M} 的逆矩阵", M=_m_said(ridge)), _rows(inverse_step.exact), INVERSE
        ),
        Answer("w", T("weights {w} (bias first)", "权重 {w}（偏置在最前）", w=Math(W_STAR)), tuple(w), NEAR),
        Answer("fitted", T("fitted values, one per sample", "每个样本的拟合值"), tuple(fitted.exact), NEAR),
        Answer("sse", T("sum of squared residuals SSE", "残差平方和 SSE"), sse.exact, SCALED),
    ]
    if d >= 2:
        hat = MatrixSymbol("H", n, n)
        hat_step = _step(
            T("Hat matrix {H}", "帽子矩阵 {H}", H=Math(sp.Eq(hat, MatMul(_X, _M_I, _X.T), evaluate=False))),
            hat,
            MatMul(X, M_inv, X.T),
            {X: Xm, M_inv: inverse_step.exact},
        )
        diagonal = Step(
            T("Its diagonal, the leverage of each sample", "它的对角线：每个样本的杠杆值"),
            MatrixSymbol("h", n, 1),
            None,
            None,
            reg.column([hat_step.exact[i, i] for i in range(n)]),
        )
        steps += [hat_step, diagonal]
        answers.append(
            Answer("hat_diag", T("diagonal of the hat matrix H", "帽子矩阵 H 的对角线"), tuple(diagonal.exact), NEAR)
        )
    return Solution(_question(params, X, Xm, r, rm), tuple(steps), tuple(answers))


def _m_said(ridge: bool) -> Math:
    return Math(_M_SAID if ridge else _XTX_SAID)


def _question(params: Params, X, Xm, r, rm) -> Question:
    n, d = len(params.x), len(params.x[0])
    ridge = params.lam != 0
    if not ridge:
        loss = Math(sp.Eq(sp.Symbol("L"), sp.Mul(sp.S.Half, _NORM, evaluate=False), evaluate=False))
        fit = T(
            "Fit it by least squares, minimising {L}: {w} solves the normal equation {eq}.",
            "用最小二乘法拟合，最小化 {L}：{w} 满足正规方程 {eq}。",
            L=loss,
            w=Math(W_STAR),
            eq=Math(sp.Eq(MatMul(_X.T, _X, W_STAR), MatMul(_X.T, _r), evaluate=False)),
        )
    else:
        penalty = sp.Mul(sp.Symbol("lambda") / 2, Spelled("wᵀDw", r"w^{T} D w"), evaluate=False)
        loss = Math(
            sp.Eq(
                sp.Symbol("L"),
                Ordered(sp.Mul(sp.S.Half, _NORM, evaluate=False), penalty, evaluate=False),
                evaluate=False,
            )
        )
        which = (
            T("{D}, so the bias {w0} is penalised too", "{D}，即偏置 {w0} 也加惩罚", D=D_ALL, w0=Math(reg.W0))
            if params.penalize_bias
            else T(
                "{D}, so the bias {w0} is not penalised",
                "{D}，即偏置 {w0} 不加惩罚",
                D=D_WEIGHTS,
                w0=Math(reg.W0),
            )
        )
        fit = T(
            "Fit it by ridge regression with {lam}, minimising {L} with {which}: {w} solves {eq}.",
            "用岭回归拟合，{lam}，最小化 {L}，其中 {which}：{w} 满足 {eq}。",
            lam=Math(sp.Eq(sp.Symbol("lambda"), params.lam)),
            L=loss,
            which=which,
            w=Math(W_STAR),
            eq=Math(sp.Eq(MatMul(_M_SAID, W_STAR), MatMul(_X.T, _r), evaluate=False)),
        )
    asks = T(
        "Compute {XtX}, {Xtr}, the determinant and the inverse (by the adjugate) of {M}, the weights {w} "
        "(bias first), the fitted values {yhat} and the sum of squared residuals {sse}{hat}.",
        "求 {XtX}、{Xtr}、{M} 的行列式与逆矩阵（用伴随矩阵），权重 {w}（偏置在最前）、"
        "拟合值 {yhat} 和残差平方和 {sse}{hat}。",
        XtX=Math(_XTX_SAID),
        Xtr=Math(_XTR_SAID),
        M=Math(sp.Eq(MatrixSymbol("M", 1, 1), _M_SAID if ridge else _XTX_SAID, evaluate=False)),
        w=Math(W_STAR),
        yhat=Math(sp.Eq(Named("yhat", 1, 1, "ŷ", r"\hat{y}"), MatMul(_X, W_STAR), evaluate=False)),
        sse=Math(
            sp.Eq(
                sp.Symbol("SSE"),
                SumOver(sp.S.One, minus(sp.Symbol("r_i"), Spelled("ŷᵢ", r"\hat{y}_{i}")) ** 2, sp.Symbol("i")),
                evaluate=False,
            )
        ),
        hat=T(
            ", and the diagonal of the hat matrix {H}",
            "，以及帽子矩阵 {H} 的对角线",
            H=Math(sp.Eq(sp.Symbol("H"), MatMul(_X, _M_I, _X.T), evaluate=False)),
        )
        if d >= 2
        else "",
    )
    return Question.of(
        T(
            "A linear regression {model} has {n} samples: the design matrix {X} holds a column of ones (for the "
            "bias {w0}) and then the features, one sample per row, and {r} the targets.",
            "线性回归模型 {model} 有 {n} 个样本：设计矩阵 {X} 的第一列全为 1（对应偏置 {w0}），其后各列为特征，"
            "每行一个样本；{r} 为目标值。",
            model=reg.model_said(d),
            n=n,
            X=Math(_X),
            w0=Math(reg.W0),
            r=Math(_r),
        ),
        reg.givens((X, Xm), (r, rm)),
        fit,
        asks,
    )


# --- floats: mistakes ------------------------------------------------------------------


def _float_setup(params: Params):
    """(A = [1, x], r, D, λ) as numpy arrays."""
    A = np.array(reg.floats(reg.design(params.x)))
    D = np.array(reg.floats(_rows(params.penalty)))
    return A, np.array(reg.floats(params.r)), D, float(params.lam)


def _float_answers(A, r, D, lam, *, invert=np.linalg.inv) -> dict:
    """Every answer in floats; `invert` may be a wrong inverse."""
    M = A.T @ A + lam * D
    inverse = invert(M)
    w = inverse @ (A.T @ r)
    fitted = A @ w
    out = {
        "XtX": (A.T @ A).tolist(),
        "Xtr": (A.T @ r).tolist(),
        "det": float(np.linalg.det(M)),
        "inverse": inverse.tolist(),
        "w": w.tolist(),
        "fitted": fitted.tolist(),
        "sse": float(np.sum((r - fitted) ** 2)),
    }
    if A.shape[1] >= 3:
        out["hat_diag"] = np.diag(A @ inverse @ A.T).tolist()
    return out


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "no_bias_column": T("fitted through the origin (no ones column)", "没有加全 1 列（拟合直线过原点）"),
    "bias_penalty_mismatch": T("bias penalised (or not) against the question", "偏置是否加惩罚与题意不符"),
    "lambda_times_n": T("λ multiplied by N", "λ 乘了样本数 N"),
    "ridge_gradient_sign": T("ridge gradient with the wrong sign", "岭回归梯度的符号错误"),
    "adjugate_not_swapped": T("2x2 inverse without swapping and negating", "2x2 逆矩阵没有交换对角元、没有变号"),
    "forgot_det": T("inverse not divided by the determinant", "逆矩阵没有除以行列式"),
}


def _wrong_answers(params: Params) -> dict:
    """{mistake: {answer: wrong value}} for the mistakes that apply, each with only the
    answers it changes."""
    A, r, D, lam = _float_setup(params)
    right = _float_answers(A, r, D, lam)
    k = A.shape[1]
    x = A[:, 1:]
    through_origin = (
        np.linalg.solve(x.T @ x + lam * np.eye(k - 1), x.T @ r)
        if abs(np.linalg.det(x.T @ x + lam * np.eye(k - 1))) > 1e-9
        else None
    )
    runs = {}
    if through_origin is not None:
        runs["no_bias_column"] = {
            "w": [0.0, *through_origin.tolist()],
            "fitted": (x @ through_origin).tolist(),
            "sse": float(np.sum((r - x @ through_origin) ** 2)),
        }
    if lam:
        swapped = np.diag([0.0] + [1.0] * (k - 1)) if params.penalize_bias else np.eye(k)
        runs["bias_penalty_mismatch"] = _float_answers(A, r, swapped, lam)
        runs["lambda_times_n"] = _float_answers(A, r, D, lam * len(r))
        if abs(np.linalg.det(A.T @ A - lam * D)) > 1e-9:
            runs["ridge_gradient_sign"] = _float_answers(A, r, D, -lam)
    if k == 2:
        runs["adjugate_not_swapped"] = _float_answers(A, r, D, lam, invert=lambda m: m / np.linalg.det(m))
    if abs(right["det"] - 1) > 1e-9:
        runs["forgot_det"] = _float_answers(A, r, D, lam, invert=lambda m: np.linalg.inv(m) * np.linalg.det(m))
    return {name: {key: value for key, value in run.items() if _moved(value, right[key])} for name, run in runs.items()}


def _moved(a, b) -> bool:
    return any(abs(p - q) > 1e-9 * max(1.0, abs(q)) for p, q in zip(_floats_flat(a), _floats_flat(b)))


def _floats_flat(value) -> list:
    return [v for item in value for v in _floats_flat(item)] if isinstance(value, list) else [value]


def mistakes(params: Params, solution) -> list[Mistake]:
    said = {
        "no_bias_column": T(
            "the design matrix {X} starts with a column of ones, for the bias {w0}",
            "设计矩阵 {X} 的第一列应全为 1，对应偏置 {w0}",
            X=Math(_X),
            w0=Math(reg.W0),
        ),
        "bias_penalty_mismatch": T(
            "the question penalises the bias too: {D}"
            if params.penalize_bias
            else "the question does not penalise the bias: {D}",
            "题目要求偏置也加惩罚：{D}" if params.penalize_bias else "题目中偏置不加惩罚：{D}",
            D=D_ALL if params.penalize_bias else D_WEIGHTS,
        ),
        "lambda_times_n": T(
            "the loss here has {half}, not the note's {mean}, so λ is used as it is: {M}",
            "这里的损失用的是 {half}，而不是笔记中的 {mean}，所以 λ 不乘 N：{M}",
            half=Math(sp.Mul(sp.S.Half, _NORM, evaluate=False)),
            mean=Math(sp.Mul(1 / (2 * sp.Symbol("N")), _NORM, evaluate=False)),
            L=Math(sp.Symbol("L")),
            M=Math(_M_SAID),
        ),
        "ridge_gradient_sign": T(
            "the gradient is {g}; setting it to 0 gives {eq}",
            "梯度为 {g}；令其为 0 得 {eq}",
            g=Math(
                MatAdd(MatMul(-1, _X.T, MatAdd(_r, MatMul(-1, _X, W_STAR))), MatMul(sp.Symbol("lambda"), _D, W_STAR))
            ),
            eq=Math(sp.Eq(MatMul(_M_SAID, W_STAR), MatMul(_X.T, _r), evaluate=False)),
        ),
        "adjugate_not_swapped": T(
            "to invert a 2 × 2 matrix swap its two diagonal entries, change the sign of the other two, "
            "then divide by the determinant {det}",
            "求 2 × 2 矩阵的逆：交换主对角线上的两个元素，另两个元素变号，再除以行列式 {det}",
            det=Math(minus(sp.Symbol("a") * sp.Symbol("d"), sp.Symbol("b") * sp.Symbol("c"))),
        ),
        "forgot_det": T(
            "the inverse is the adjugate divided by the determinant: {inv}",
            "逆矩阵是伴随矩阵除以行列式：{inv}",
            inv=Math(
                sp.Eq(
                    _M_I,
                    MatMul(
                        1 / Spelled("det(M)", r"\det(M)"), Named("adj(M)", 1, 1, "adj(M)", r"\operatorname{adj}(M)")
                    ),
                    evaluate=False,
                )
            ),
        ),
    }
    return [Mistake(name, said[name], answers) for name, answers in _wrong_answers(params).items()]
