"""The Chinese docstrings of exercises/starters/logistic_regression.py (see __init__.py)."""

MODULE = """逻辑回归，用 numpy 从零实现：sigmoid、交叉熵损失及其梯度、批量梯度下降和预测。

实现下面的每个函数（替换每一处 `raise NotImplementedError(...)`），然后用下面的命令检查：

    mlexam grade logistic_regression.py

约定（评分程序依赖这些约定）：
- X 的形状为 (n, d)，其中没有全为 1 的列。记 A = [1, X]（第一列全为 1）。
- 权重 w 的形状为 (d + 1,)，偏置在最前：第 i 行的打分为 z_i = w[0] + X[i] @ w[1:]。
- 标签 y 的形状为 (n,)，取整数 0 或 1。
- 对数均为自然对数。不使用随机数。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade logistic_regression.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会
被报告（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "sigmoid": """逐元素计算的 logistic 函数。

    z：任意形状的数组。返回 σ(z) = 1 / (1 + e^(-z))，与 z 形状相同的浮点数组。
    |z| 很大时（如 z = ±800）不能溢出或返回 nan：请使用 e^(-|z|)，即
    z >= 0 时 σ(z) = 1 / (1 + e^(-z))，z < 0 时 σ(z) = e^z / (1 + e^z)。
    """,
    "loss": """平均二元交叉熵（自然对数）。

    w：(d + 1,)，X：(n, d)，y：(n,)，取 0/1。记 z = A w，p = σ(z)：
        L(w) = -(1/n) Σ_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)] = (1/n) Σ_i [ln(1 + e^(z_i)) - y_i z_i]
    请用右边的形式，借助 np.logaddexp(0, z) = ln(1 + e^z)：z > 37 时 p 会舍入为恰好 1
    （z < -745 时为 0），此时 ln(1 - p)（或 ln p）为 -inf，但损失本身是有限的。
    返回一个浮点数。
    """,
    "gradient": """损失对 w 的梯度。

    w：(d + 1,)，X：(n, d)，y：(n,)。返回 (1/n) Aᵀ (σ(A w) - y)，形状为 (d + 1,)：
    第一个分量是偏置的分量 (1/n) Σ_i (p_i - y_i)。
    """,
    "fit": """批量梯度下降。

    X：(n, d)，y：(n,)，lr：浮点数学习率，steps：>= 0 的整数。
    从 w = zeros(d + 1) 出发，恰好做 `steps` 次更新 w ← w - lr * gradient(w, X, y)
    （每次更新都用全部 n 行）。返回 w，形状为 (d + 1,)。
    """,
    "predict_proba": """每一行属于类别 1 的概率。

    w：(d + 1,)，X：(n, d)。返回 p = σ(w[0] + X @ w[1:])，形状为 (n,)。
    """,
    "predict": """预测的标签。

    w：(d + 1,)，X：(n, d)。返回 (n,) 的整数数组：predict_proba(w, X) >= 0.5 处为 1
    （概率恰好为 0.5 时预测 1），否则为 0。
    """,
}
