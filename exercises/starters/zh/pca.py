"""The Chinese docstrings of exercises/starters/pca.py (see __init__.py)."""

MODULE = """通过样本协方差矩阵的特征向量做主成分分析，用 numpy 实现。

实现下面的五个函数：把每一处 `raise NotImplementedError(...)` 换成你的代码。只使用 numpy
（允许使用 np.linalg.eigh）。用下面的命令检查：

    mlexam grade <本文件>

    X_c  = X - x̄                                  中心化后的数据（每一行减去各列均值）
    C    = X_cᵀ X_c / (n - 1)                     样本协方差，(d, d)
    C v_i = λ_i v_i,  |v_i| = 1,  λ_1 > λ_2 > ... > λ_d      特征值降序排列
    components(X, k) = [v_1; ...; v_k]            (k, d)，每行一个单位特征向量
    project(X, k)    = X_c [v_1 ... v_k]          (n, k)
    ratio_i          = λ_i / (λ_1 + ... + λ_d)    i = 1..k

特征向量只确定到相差一个符号，所以主成分逐行、投影逐列评分，都允许相差一个符号。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade pca.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "center": """中心化后的数据 X_c = X - x̄：每一行减去各列均值 x̄ = (1/n) Σ_i x_i。

    X (n, d) float -> (n, d) float；不修改 X 本身。
    """,
    "covariance": """中心化数据 X_c 的样本协方差 C = X_cᵀ X_c / (n - 1)（除以 n - 1）。

    X (n, d) float，n >= 2 -> (d, d) float，对称矩阵。
    """,
    "components": """前 k 个主成分：协方差 C 的单位特征向量，每行一个，
    按特征值从大到小排列。

    X (n, d) float，k 为满足 1 <= k <= d 的整数 -> (k, d) float；第 i 行满足 C v_i = λ_i v_i，
    |v_i| = 1，λ_1 > λ_2 > ...。每一行评分时允许相差一个符号。
    """,
    "project": """中心化数据在前 k 个主成分上的得分：X_c [v_1 ... v_k]。

    X (n, d) float，k 为满足 1 <= k <= d 的整数 -> (n, k) float；第 i 列为 X_c v_i
    （与 v_i 一样，评分时允许相差一个符号）。
    """,
    "explained_variance_ratio": """前 k 个主成分各自解释的方差占总方差的比例：λ_i / (λ_1 + ... + λ_d)。

    X (n, d) float，k 为满足 1 <= k <= d 的整数 -> (k,) float，降序；分母是协方差全部 d 个
    特征值之和（即它的迹），而不只是前 k 个。
    """,
}
