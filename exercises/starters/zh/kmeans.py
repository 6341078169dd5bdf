"""The Chinese docstrings of exercises/starters/kmeans.py (see __init__.py)."""

MODULE = """从给定初始质心出发的 k 均值聚类（Lloyd 算法），用 numpy 实现。

实现下面的四个函数：把每一处 `raise NotImplementedError(...)` 换成你的代码。
不使用随机数：初始质心是给定的，所以第 j 行质心始终是簇 j。只使用 numpy。
用下面的命令检查：

    mlexam grade <本文件>

    assign:   label_i = argmin_j ||x_i - c_j||²          并列时取最小的质心下标 j
    update:   c_j = 标签为 j 的点的均值                  没有点的簇保留原来的 c_j
    fit:      对 t = 1..iterations：labels = assign(X, C)；C = update(X, labels, C)
              然后返回 (C, assign(X, C))
    inertia:  Σ_i ||x_i - c_{label_i}||²

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade kmeans.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "assign": """每个点最近的质心（按平方欧氏距离）的下标。

    X (n, d) float，centroids (k, d) float -> labels (n,) int64，取值 0..k-1。
    与多个质心距离相等的点，取这些质心中最小的下标。
    """,
    "update": """新的质心：c_j = 满足 labels_i = j 的点 x_i 的均值。

    X (n, d) float，labels (n,) int64，取值 0..k-1，centroids (k, d) float（当前的质心）
    -> (k, d) float。没有点的簇保留当前质心 centroids[j]。
    """,
    "fit": """从给定质心出发，恰好做 `iterations` 次 Lloyd 迭代（先 assign，再 update）。

    X (n, d) float，centroids (k, d) float（初始质心），iterations 为 >= 0 的整数
    -> (centroids (k, d) float, labels (n,) int64)：最后一次 update 之后的质心，以及
    labels = assign(X, 这些质心)。iterations = 0 时返回初始质心及其分配结果。
    不提前停止；不修改传入的参数。
    """,
    "inertia": """每个点到其所属质心的距离平方之和：Σ_i ||x_i - c_{labels_i}||²。

    X (n, d) float，centroids (k, d) float，labels (n,) int64 -> float。
    """,
}
