"""The Chinese docstrings of exercises/starters/decision_tree.py (see __init__.py)."""

MODULE = """类别特征上的 ID3 决策树，用 numpy 实现：信息熵、信息增益、最佳划分，
以及长到给定深度的决策树的预测。

实现下面的四个函数：把每一处 `raise NotImplementedError(...)` 换成你的代码。只使用 numpy。
用下面的命令检查：

    mlexam grade <本文件>

    H(y)     = -Σ_c p_c log2 p_c                          信息熵，单位为比特
    IG(x, y) = H(y) - Σ_v (n_v / n) H(y[x = v])           对特征 x 的各个取值 v 求和
    最佳特征：增益最大者；并列（相差在 1e-12 以内）时取下标最小者
    predict：在函数内部建树（只返回数组），然后沿树预测。
      结点是纯的、深度达到 max_depth（根的深度为 0）或没有大于 1e-12 的增益时，
      结点成为叶结点（取多数标签，并列时取最小的）；否则对结点上出现过的最佳特征的
      每个取值建一个子结点；未见过的取值预测该结点的多数标签。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade decision_tree.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "entropy": """标签的信息熵（比特）：H(y) = -Σ_c p_c log2 p_c，p_c = （y 中 c 的个数）/ n。

    y (n,) int64，n >= 1 -> float（所有标签都相同时为 0.0）。
    """,
    "information_gain": """按一个类别特征 x 的取值划分 y 所得的信息增益：
    IG = H(y) - Σ_v (n_v / n) H(y[x == v])，对 x 的各个不同取值 v 求和，n_v = v 的个数。

    x (n,) int64，y (n,) int64 -> float（信息熵以比特为单位）。
    """,
    "best_feature": """信息增益 information_gain(X[:, j], y) 最大的特征的下标。

    X (n, d) int64，y (n,) int64 -> int。并列（与最大增益相差在 1e-12 以内）时取
    最小的下标 j。
    """,
    "predict": """用在 (X_train, y_train) 上长到 max_depth 的 ID3 树预测 X 各行的标签。

    X_train (n, d) int64，y_train (n,) int64，X (m, d) int64，max_depth 为 >= 0 的整数
    -> (m,) int64。
    建树：结点的标签全部相同、深度等于 max_depth（根的深度为 0）或没有特征的增益为正
    （最大增益 <= 1e-12）时，结点成为叶结点，预测其多数标签（并列时取最小的标签）；
    否则按其样本上的 best_feature 划分（并列时取最小下标），该特征在其样本中出现过的
    每个取值对应一个子结点。
    预测：沿着该行取值对应的子结点往下走；若结点没有该取值对应的子结点，
    预测该结点的多数标签。
    """,
}
