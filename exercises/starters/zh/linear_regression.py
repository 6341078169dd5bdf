"""The Chinese docstrings of exercises/starters/linear_regression.py (see __init__.py)."""

MODULE = """线性回归：正规方程和岭回归，用 numpy 从零实现。

实现下面的每个函数（替换每一处 `raise NotImplementedError(...)`），然后用下面的命令检查：

    mlexam grade linear_regression.py

约定（评分程序依赖这些约定）：
- X 的形状为 (n, d)，其中没有全为 1 的列；这一列由 add_bias 添加。
- 权重 w 的形状为 (d + 1,)，偏置在最前：w[0] 是偏置，w[1:] 是各特征的权重。
- 岭回归不惩罚偏置：D = diag(0, 1, ..., 1)。
- 返回浮点数的 numpy 数组（注明之处返回 Python float）；不使用随机数。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade linear_regression.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被
报告（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "add_bias": """在 X 的最前面加一列 1。

    X：(n, d) 的浮点数组。
    返回 A = [1, X]：(n, d + 1) 的数组，A[:, 0] == 1 且 A[:, 1:] == X。
    """,
    "fit": """用（岭回归的）正规方程拟合权重。

    X：(n, d) 数组；y：(n,) 数组；lam：>= 0 的浮点数，即岭回归强度 λ。
    解 (AᵀA + λ D) w = Aᵀ y，其中 A = [1, X]，D = diag(0, 1, ..., 1)，因此偏置 w[0]
    不受惩罚。lam = 0 即普通最小二乘。使用 np.linalg.solve（无须显式求逆）；
    lam > 0 时，即使 n < d + 1，方程组也有解。
    返回 w：(d + 1,) 数组，偏置在最前。
    """,
    "predict": """预测值 ŷ = A w，其中 A = [1, X]。

    w：(d + 1,) 数组，偏置在最前；X：(n, d) 数组。
    返回 ŷ：(n,) 数组。
    """,
    "mse": """预测的均方误差。

    w：(d + 1,) 数组；X：(n, d) 数组；y：(n,) 数组。
    返回浮点数 (1/n) Σ_i (ŷ_i - y_i)²，其中 ŷ = [1, X] w（没有 1/2 因子）。
    """,
}
