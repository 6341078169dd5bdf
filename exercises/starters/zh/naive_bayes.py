"""The Chinese docstrings of exercises/starters/naive_bayes.py (see __init__.py)."""

MODULE = """带拉普拉斯平滑的类别型朴素贝叶斯，用 numpy 从零实现：类先验概率、平滑后的
各特征似然，以及按最大对数后验概率所做的预测。

实现下面的每个函数（替换每一处 `raise NotImplementedError(...)`），然后用下面的命令检查：

    mlexam grade naive_bayes.py

约定（评分程序依赖这些约定）：
- 特征是较小的非负整数：X 的形状为 (n, d)，每个 X[i, j] 取值 0..n_values-1
  （所有特征的 n_values 相同）。标签 y 的形状为 (n,)，每个 y[i] 取值 0..n_classes-1；
  某个类别可能完全没有训练样本。
- N_c = 类别 c 的行数，N_cjv = 类别 c 中满足 X[i, j] == v 的行数。
- 对数均为自然对数。不使用随机数。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade naive_bayes.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "priors": """类先验概率，不做平滑。

    y：(n,) 整数，n_classes：int。返回形状为 (n_classes,) 的 P，P[c] = N_c / n
    （没有出现的类别为 0）。
    """,
    "likelihoods": """每个类别下每个特征取值的拉普拉斯平滑似然。

    X：(n, d) 整数，y：(n,) 整数，n_classes：int，n_values：int，alpha：> 0 的浮点数。
    返回形状为 (n_classes, d, n_values) 的 L，其中
        L[c, j, v] = P(x_j = v | c) = (N_cjv + alpha) / (N_c + alpha * n_values)，
    因此 L[c, j, :] 之和为 1；在类别 c 中从未出现的取值得到 alpha / (N_c + alpha * n_values)，
    没有样本的类别处处为 1 / n_values。
    """,
    "predict": """X 每一行最可能的类别。

    X_train：(n, d)，y_train：(n,)，X：(m, d)，均为整数；n_classes、n_values、alpha 同上。
    记 P = priors(y_train, n_classes)，L = likelihoods(X_train, y_train, n_classes, n_values, alpha)，
    对 X 的每一行 x，返回使对数后验概率
        ln P[c] + Σ_j ln L[c, j, x_j]
    最大的类别 c（把对数相加，不要把概率相乘；ln 0 = -inf，所以没有训练样本的类别永远不会
    胜出）。对数后验概率相等时取最小的类别。返回 (m,) 的整数数组。
    """,
}
