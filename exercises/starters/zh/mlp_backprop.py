"""The Chinese docstrings of exercises/starters/mlp_backprop.py (see __init__.py)."""

MODULE = """带一个 sigmoid 隐藏层的神经网络中的反向传播，用 numpy 实现。

实现下面的四个函数：把每一处 `raise NotImplementedError(...)` 换成你的代码。只使用 numpy。
用下面的命令检查：

    mlexam grade <本文件>

    W1 (d, h), b1 (h,), W2 (h, o), b2 (o,);  σ(z) = 1 / (1 + e^(-z))
    forward:   H = σ(X W1 + b1)   (n, h);     Y = σ(H W2 + b2)   (n, o)
    loss:      L = -(1/n) Σ_i Σ_j [ y_ij ln ŷ_ij + (1 - y_ij) ln(1 - ŷ_ij) ]
    backward:  Δ2 = (Y - Y_true) / n;  dW2 = Hᵀ Δ2;  db2 = Σ_i Δ2_i
               Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H);  dW1 = Xᵀ Δ1;  db1 = Σ_i Δ1_i
    train_step: 对每个参数 P 取 P - lr dL/dP

与期望值不同的梯度，还会与你自己的损失函数的中心差分比较，以判断是求导错了还是损失函数错了。

请用 float64 计算（numpy 对 Python 浮点数的默认类型）：float32 的结果达不到评分程序
检查的精度。函数按所示顺序以位置参数调用，所以参数可以改名。

在 Jupyter notebook 中：把这些函数写进它的单元格，然后对 notebook 评分
（mlexam grade mlp_backprop.ipynb）。单元格按顺序运行，与 Jupyter 一样；出错的单元格会被报告
（单元格编号和行号），其后的单元格仍照常运行。绘图、display() 和魔法命令在评分时不起作用
（%time 和 %timeit 只把代码运行一次）；!shell 命令不会运行。只能导入 numpy 和 Python 标准库。
"""

FUNCTIONS = {
    "forward": """前向传播：H = σ(X W1 + b1)，Y = σ(H W2 + b2)，其中 σ(z) = 1 / (1 + e^(-z))。

    X (n, d)，W1 (d, h)，b1 (h,)，W2 (h, o)，b2 (o,)，均为 float
    -> (H (n, h) float, Y (n, o) float)。
    """,
    "loss": """平均二元交叉熵：L = -(1/n) Σ_i Σ_j [y_ij ln ŷ_ij + (1 - y_ij) ln(1 - ŷ_ij)]，
    ŷ 为 forward(X, W1, b1, W2, b2) 返回的 Y；自然对数，对 o 个输出求和，再对 n 个样本取平均。

    X (n, d) float，Y_true (n, o) float，取 0.0 / 1.0，其余参数同 forward -> float。
    """,
    "backward": """用反向传播求 loss(X, Y_true, W1, b1, W2, b2) 的梯度：
    Δ2 = (Y - Y_true) / n，dW2 = Hᵀ Δ2，db2 = Σ_i Δ2_i，
    Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H)，dW1 = Xᵀ Δ1，db1 = Σ_i Δ1_i。

    输入同 loss -> (dW1 (d, h), db1 (h,), dW2 (h, o), db2 (o,))，均为 float，顺序与参数相同，
    各自的形状与对应的参数相同。
    """,
    "train_step": """一步全批量梯度下降：对 P = W1, b1, W2, b2 取 P - lr dL/dP，梯度为 backward
    在给定参数处的结果（不修改传入的参数）。

    输入同 loss，lr 为 > 0 的 float -> (W1, b1, W2, b2)，即新的参数，float，形状不变。
    """,
}
