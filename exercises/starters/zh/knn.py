"""The Chinese docstrings of exercises/starters/knn.py (see __init__.py)."""

MODULE = """k 近邻分类，用 numpy 从零实现：距离矩阵，以及 k 个最近训练点的多数表决。

实现下面的每个函数（替换每一处 `raise NotImplementedError(...)`），然后用下面的命令检查：

    mlexam grade knn.py

约定（评分程序依赖这些约定）：
- X_train 的形状为 (n, d)，X（查询点）的形状为 (m, d)；标签 y_train 是较小的非负整数，
  形状为 (n,)。
- 平局规则：与查询点距离相等的训练点中，在 X_train 中下标较小的算作更近；
  投票平局时取最小的标签。
- 不使用随机数。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade knn.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "distances": """每个查询点到每个训练点的距离。

    X_train：(n, d)，X：(m, d)，metric："euclidean" 或 "manhattan"。
    返回形状为 (m, n) 的 D（每行对应一个查询点，每列对应一个训练点），其中
        euclidean：D[q, i] = sqrt(Σ_j (X[q, j] - X_train[i, j])²)
        manhattan：D[q, i] = Σ_j |X[q, j] - X_train[i, j]|
    请由差值 X[q] - X_train[i] 计算（例如利用广播），不要用 |x|² + |t|² - 2 x·t：
    这个捷径会损失精度，查询点与某个训练点重合时可能得到 nan 或 1e-8，而不是 0。
    """,
    "predict": """对每个查询点，返回 k 个最近训练点中出现最多的标签。

    X_train：(n, d)，y_train：(n,) 整数，X：(m, d)，k：满足 1 <= k <= n 的整数，
    metric：同 distances。
    对每个查询点：按距离对训练点排序，距离相等时按训练点下标排序
    （np.argsort(..., kind="stable") 正是如此），取前 k 个，返回其中出现次数最多的标签；
    若有多个标签并列，取其中最小的（np.argmax(np.bincount(labels)) 正是如此）。
    返回形状为 (m,) 的整数数组。
    """,
}
