"""The Chinese docstrings of exercises/starters/attention.py (see __init__.py)."""

MODULE = """缩放点积注意力（单头），可带布尔掩码，用 numpy 实现。

实现下面的三个函数：把每一处 `raise NotImplementedError(...)` 换成你的代码。只使用 numpy。
用下面的命令检查：

    mlexam grade <本文件>

    S = Q Kᵀ / sqrt(d_k)                               打分矩阵，(n, m)
    逐行 softmax：  a_ij = exp(s_ij - max_k s_ik) / Σ_l exp(s_il - max_k s_ik)
    mask (n, m) 布尔数组：False = 不能关注，该打分变为 -inf（权重为 0）
    A = softmax(S)，  output = A V
    整行都被掩码的行，权重为 0、输出为 0（不是 NaN）。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade attention.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "scaled_scores": """注意力打分 S = Q Kᵀ / sqrt(d_k)，d_k 为 Q 和 K 的列数。

    Q (n, d_k) float，K (m, d_k) float -> S (n, m) float，s_ij = q_i · k_j / sqrt(d_k)。
    """,
    "softmax": """逐行 softmax：a_ij = exp(s_ij - max_k s_ik) / Σ_l exp(s_il - max_k s_ik)。

    S (n, m) float，元素均有限 -> (n, m) float，每行非负且和为 1。
    求 exp 之前先减去每行的最大值：像 1000 这样的打分不能溢出成 inf/NaN。
    """,
    "attention": """缩放点积注意力：权重 A = softmax(Q Kᵀ / sqrt(d_k))（逐行），输出 A V。

    Q (n, d_k)、K (m, d_k)、V (m, d_v) 均为 float；mask 为 None（每个查询都关注每个键），
    或为 (n, m) 的布尔数组：False 表示查询 i 不能关注键 j，其打分在 softmax 之前置为 -inf，
    因此其权重为 0。
    -> (output (n, d_v) float, weights (n, m) float)。
    整行都被掩码的行（mask[i] 全为 False）权重全为 0，输出行全为 0（不是 NaN）。
    """,
}
