"""The Chinese docstrings of exercises/starters/softmax_regression.py (see __init__.py)."""

MODULE = """softmax（多项逻辑）回归，用 numpy 从零实现：softmax、交叉熵损失及其梯度、
批量梯度下降和预测。

实现下面的每个函数（替换每一处 `raise NotImplementedError(...)`），然后用下面的命令检查：

    mlexam grade softmax_regression.py

约定（评分程序依赖这些约定）：
- X 的形状为 (n, d)，其中没有全为 1 的列。记 A = [1, X]（第一列全为 1）。
- 权重 W 的形状为 (d + 1, k)：第 0 行是 k 个偏置，第 1..d 行是特征权重，
  因此打分为 S = A W = W[0] + X @ W[1:]，形状为 (n, k)。
- 标签 y 的形状为 (n,)，取整数 0..k-1。Y 是它们的独热（one-hot）矩阵 (n, k)。
- 对数均为自然对数。不使用随机数。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade softmax_regression.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会
被报告（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "softmax": """逐行 softmax。

    Z：(m, k) 数组。返回 (m, k) 的 P，P_ic = e^(Z_ic - M_i) / Σ_j e^(Z_ij - M_i)，其中先减去
    M_i = max_j Z_ij，使很大的打分（如 1000）不会溢出。
    P 的每一行之和为 1。
    """,
    "loss": """平均交叉熵（自然对数）。

    W：(d + 1, k)，X：(n, d)，y：(n,)，取整数 0..k-1。记 S = A W：
        L(W) = -(1/n) Σ_i ln softmax(S)_i,y_i = (1/n) Σ_i [logsumexp(S_i) - S_i,y_i]，
    其中 logsumexp(s) = M + ln Σ_j e^(s_j - M)，M = max_j s_j。请用右边的形式：
    真实类别的概率可能下溢为 0（ln 0 = -inf），而损失本身是有限的。
    返回一个浮点数。
    """,
    "gradient": """损失对 W 的梯度。

    W：(d + 1, k)，X：(n, d)，y：(n,)。返回 (1/n) Aᵀ (softmax(A W) - Y)，形状为 (d + 1, k)：
    第 0 行是偏置的分量 (1/n) Σ_i (P_i - Y_i)。
    """,
    "fit": """批量梯度下降。

    X：(n, d)，y：(n,)，k：类别数（有些类别可能不在 y 中出现），lr：浮点数，
    steps：>= 0 的整数。从 W = zeros((d + 1, k)) 出发，恰好做 `steps` 次更新
    W ← W - lr * gradient(W, X, y)（每次更新都用全部 n 行）。返回 W，形状为 (d + 1, k)。
    """,
    "predict": """预测的类别。

    W：(d + 1, k)，X：(n, d)。返回 (n,) 的整数数组：每一行中打分 S_ic 最大的类别 c
    （S = W[0] + X @ W[1:]）；最大打分相等时取最小的 c（np.argmax 正是如此）。
    """,
}
