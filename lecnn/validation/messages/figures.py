"""Messages of the linear regions (``lecnn.regions``) and the figures (``lecnn.plotting``)."""

MESSAGES = {
    "regions_relu": (
        "線形領域はここでは中間層がすべて ReLU のネットワークでだけ数えます (f_{k} が {name!r}、"
        "hidden={hidden})",
        "linear regions are defined here for ReLU hidden layers only; "
        "f_{k} is {name!r} (hidden={hidden})",
    ),
    "regions_d": (
        "この関数には入力の幅 d = {d} のネットワークが必要です (渡されたネットワークは d = {net_d})",
        "this function needs an input width d = {d}; the network has d = {net_d}",
    ),
    "history_type": (
        "history には lecnn.train が返す History (train_loss などを持つもの) を渡してください "
        "(渡された値: {kind})",
        "history must be a History as lecnn.train returns it (with train_loss, ...); got {kind}",
    ),
    "batch_shape": (
        "{name_ja} の形は (n, {d}) にしてください (渡された形: {shape})",
        "{name} must have shape (n, d) = (n, {d}); got {shape}",
    ),
    "bound_too_large": (
        "結果は約 {digits:,} 桁になり、大きすぎて計算・表示できません (上限は {most:,} 桁)。"
        "q, d, r を小さくしてください",
        "the result would have about {digits:,} digits, more than the {most:,} that can be "
        "computed and printed; use smaller q, d, r",
    ),
    "bound_width": (
        "この上界には幅 q ≥ d が必要です (q = {q}, d = {d})",
        "the bound needs a width q ≥ d; got q = {q}, d = {d}",
    ),
    "bound_form": (
        "form は 'sum' か 'asymptotic' にしてください (渡された値: {value!r})",
        "form must be 'sum' or 'asymptotic'; got {value!r}",
    ),
    "rows_labels": (
        "{name} は {n} 行ですが、ラベルは {count} 個です。数をそろえてください",
        "{name} has {n} rows but there are {count} labels",
    ),
    "boundary_classifier": (
        "plot_decision_boundary にはクラス分類のネットワーク (出力が softmax か sigmoid) を渡してください",
        "plot_decision_boundary needs a classifier (softmax or sigmoid output)",
    ),
    "images_shape": (
        "images の形は ({n}, {pixels}) か ({n}, {shape}) にしてください (渡された形: {got})",
        "images must have shape ({n}, {pixels}) or ({n}, {shape}), got {got}",
    ),
    "fit_inputs": (
        "plot_regression_fit の入力 X は 1 次元、形 (n, 1) にしてください (渡された形: {shape})",
        "plot_regression_fit needs 1-D inputs, X of shape (n, 1); got {shape}",
    ),
    "fit_rows": (
        "X は {n_x} 行、Y は {n_y} 行です。行数をそろえてください",
        "X has {n_x} rows but Y has {n_y}",
    ),
    "confusion_too_many": (
        "{m} クラスの混同行列は大きすぎて描けません ({most} クラスまで)。"
        "lecnn.metrics.confusion_matrix で数の表として求めてください",
        "a confusion matrix of {m} classes is too large to draw (at most {most}); compute it as "
        "a table with lecnn.metrics.confusion_matrix",
    ),
    "activations_nothing": (
        "functions と derivatives の少なくとも一方を True にしてください (描くものがありません)",
        "at least one of functions and derivatives must be True (nothing to draw)",
    ),
    "one_of": (
        "{name} は {known} のどれかにしてください (渡された値: {value!r})",
        "{name} must be one of {known}; got {value!r}",
    ),
    "curve_length": (
        "{what}: 値が {count} 個ありますが、{axis} は {n} 個です",
        "{what}: {count} values for {n} {axis}",
    ),
    "histories": (
        "histories は「ラベル → History」の空でない辞書にしてください (渡された値: {kind})",
        "histories must be a non-empty dict of label -> History; got {kind}",
    ),
    "run_empty": (
        "実行 {label!r} には {quantity} の記録がありません",
        "run {label!r} recorded no {quantity}",
    ),
    "run_seconds": (
        "実行 {label!r}: 時間の記録が {count} 個、{quantity} の値が {n} 個で、数が合いません",
        "run {label!r}: {count} seconds for {n} values of {quantity}",
    ),
    "no_hidden": (
        "このネットワークには中間層がありません (r = 0)。表示する z_k がありません",
        "the network has no hidden layer (r = 0): there is no z_k to show",
    ),
    "hidden_layers": (
        "layers には中間層の番号 k (1〜r = 1〜{r}) を並べてください (渡された値: {value})",
        "layers must list hidden layers k in 1..r = 1..{r}; got {value}",
    ),
    "value_range": (
        "value_range は有限の (low, high) で low < high にしてください (渡された値: {value})",
        "value_range must be finite (low, high) with low < high; got {value}",
    ),
    "axes_count": (
        "ax には表示する層の数 ({n} 個) だけ Axes を渡してください ({count} 個でした)",
        "ax must hold one Axes per layer shown ({n}); got {count}",
    ),
}
