"""Messages about a network: its description (``lecnn.validation.network``), the layers,
the PyTorch bridge (``lecnn.pytorch``), the optimisers and training that made things worse."""

MESSAGES = {
    # ---- a network's description (network.py)
    "activation_type": (
        "活性化関数は名前 (文字列) で指定してください。使えるのは {known} です "
        "(渡された値: {kind} {value!r})",
        "an activation must be given by name, one of {known}; got {kind} {value!r}",
    ),
    "activation_unknown": (
        "中間層の活性化関数 {value!r} はありません。使えるのは {known} です{hint_ja}",
        "unknown hidden activation {value!r}; expected one of {known}{hint}",
    ),
    "hidden_type": (
        "hidden には活性化関数の名前 ({known} のどれか) か、中間層ごとの名前のリスト (r 個) を"
        "指定してください (渡された値: {kind} {value!r})",
        "hidden must be an activation name, one of {known}, or a list of r such names "
        "(one per hidden layer); got {kind} {value!r}",
    ),
    "hidden_count": (
        "hidden に活性化関数が {count} 個ありますが、中間層は r = {r} 層です。1 つの名前か、"
        "{r} 個の名前のリストにしてください",
        "hidden lists {count} activations but the network has r = {r} hidden layers; "
        "give one name for all of them or a list of {r}",
    ),
    "sizes_type": (
        "sizes は層の幅のリスト [d, q_1, ..., q_r, m] にしてください (渡された値: {value!r})",
        "sizes must be a list of layer widths [d, q_1, ..., q_r, m]; got {value!r}",
    ),
    "sizes_short": (
        "sizes には少なくとも入力の幅 d と出力の幅 m の 2 つが必要です (例: [2, 8, 3])。"
        "渡された値: {value!r}",
        "sizes needs at least two entries, the input width d and the output width m "
        "(e.g. [2, 8, 3]); got {value!r}",
    ),
    "sizes_long": (
        "sizes が長すぎます: 中間層は {most:,} 層までです。sizes には層の幅 [d, q_1, ..., q_r, m] "
        "を渡します (データを渡していませんか?)",
        "sizes is too long: at most {most:,} hidden layers; sizes lists the layer widths "
        "[d, q_1, ..., q_r, m] (was data passed instead?)",
    ),
    "width_type": (
        "層の幅 sizes[{k}] は整数にしてください (渡された値: {value!r}、sizes = {sizes!r})",
        "sizes[{k}] must be an integer width; got {value!r} in {sizes!r}",
    ),
    "width_value": (
        "層の幅はどれも 1 以上にしてください (sizes[{k}] = {value}、sizes = {sizes!r})",
        "every width must be at least 1; got sizes[{k}] = {value} in {sizes!r}",
    ),
    "hidden_widths_type": (
        "hidden_widths は中間層の幅の並び (q_1, ..., q_r) にしてください (渡された値: {value!r})",
        "hidden_widths must be a sequence of widths (q_1, ..., q_r); got {value!r}",
    ),
    "output_unknown": (
        "出力層の活性化関数 {value!r} はありません。使えるのは {known} です (クラス分類は softmax、"
        "回帰は identity、2 クラスで出力 1 つなら sigmoid)",
        "unknown output activation {value!r}; expected one of {known} "
        "(softmax + cross-entropy for classes, identity + squared error for regression, "
        "sigmoid + binary cross-entropy for two classes with m = 1)",
    ),
    "softmax_m": (
        "softmax の出力には m >= 2 クラスが必要です (m = {m})。出力 1 つで 2 クラスを分けるなら "
        "output='sigmoid' を使ってください",
        "a softmax output needs m >= 2 classes; got m = {m}. "
        "For two classes with a single output unit use output='sigmoid'.",
    ),
    "dtype": (
        "dtype は np.float64 (既定) か np.float32 にしてください (渡された値: {value!r})",
        "dtype must be np.float64 (the default) or np.float32; got {value!r}",
    ),
    "weights_type": (
        "重み weights は W_0, ..., W_{r} の {count} 個の行列のリストにしてください (渡された値: {value!r})",
        "weights must be a list of the {count} matrices W_0, ..., W_{r}; got {value!r}",
    ),
    "weight_count": (
        "重み行列は W_0..W_{r} の {expected} 個が必要です ({count} 個渡されました)",
        "expected {expected} weight matrices W_0..W_{r}; got {count}",
    ),
    "weight_shape": (
        "{name} の形は (q_{k1}, q_{k} + 1) = {expected} にしてください (渡された形: {shape})",
        "{name} must have shape (q_{k1}, q_{k} + 1) = {expected}; got {shape}",
    ),
    "weight_matrix": (
        "{name} は形 (q_{{k+1}}, q_k + 1) の行列 (列 0 が切片、1 行 2 列以上) にしてください "
        "(渡された形: {shape})",
        "{name} must be a matrix of shape (q_{{k+1}}, q_k + 1) with the intercept in column 0 "
        "(at least one row and two columns); got shape {shape}",
    ),
    "weight_finite": (
        "{name} に NaN か無限大 (inf) が入っています",
        "{name} contains NaN or inf",
    ),
    "init_unknown": (
        "初期化 init {value!r} はありません。{known} のどれか、または標準偏差 σ >= 0 の数にしてください",
        "unknown init {value!r}; expected one of {known} or a number σ >= 0",
    ),
    "init_type": (
        "初期化 init は {known} のどれか、または標準偏差 σ >= 0 の数にしてください (渡された値: {value!r})",
        "init must be one of {known} or a number σ >= 0; got {value!r}",
    ),
    "init_value": (
        "初期化 init に数を渡すときは、有限で 0 以上の標準偏差にしてください (渡された値: {value!r})",
        "init as a standard deviation must be finite and >= 0; got {value!r}",
    ),
    "train_single": (
        "X は形 (n, {d}) のバッチにしてください (1 サンプル {shape} が渡されました)",
        "X must be a batch of shape (n, {d}); got a single sample {shape}",
    ),
    "test_pair": (
        "X_test と Y_test は両方渡すか、両方とも省いてください",
        "give both X_test and Y_test, or neither",
    ),
    "train_network": (
        "train には lecnn.Network か lecnn.layers.Sequential を渡してください (渡された値: {kind})",
        "train needs a lecnn.Network or a lecnn.layers.Sequential; got {kind}",
    ),
    "train_optimizer": (
        "optimizer には lecnn.optim の SGD, AdaGrad, RMSProp, Adam のどれかを渡してください "
        "(例: lecnn.optim.Adam(0.01); 渡された値: {kind})",
        "optimizer must be one of lecnn.optim's SGD, AdaGrad, RMSProp, Adam "
        "(e.g. lecnn.optim.Adam(0.01)); got {kind}",
    ),
    "weights_not_finite": (
        "W_{k} に NaN か inf があります (重みの配列を直接書き換えましたか?)。"
        "net.weights = ... で有限の重みを入れ直してください",
        "W_{k} holds NaN or inf (was a weight array changed in place?); assign finite weights "
        "with net.weights = ...",
    ),
    "forward_not_finite": (
        "順伝播の出力が NaN か inf になりました (入力の絶対値の最大は {most:.3g})。"
        "入力か重みが大きすぎないか確かめてください",
        "the forward pass gave NaN or inf (the largest input magnitude is {most:.3g}); check "
        "whether the inputs or the weights are too large",
    ),
    "not_network": (
        "{what} には lecnn.Network を渡してください (渡された値: {kind})",
        "{what} needs a lecnn.Network; got {kind}",
    ),
    # ---- layers (lecnn.layers)
    "forward_first": (
        "{layer} の backward の前に forward を呼んでください (backward は forward が覚えた {kept} を使います)",
        "call forward before backward: {layer}.backward needs the {kept} that forward keeps",
    ),
    "batchnorm_shape": (
        "x は形 (n, {q}) のバッチにしてください (学習モードでは n ≥ 2。渡された形: {shape})",
        "x must be a batch of shape (n, {q}), n >= 2 in training; got {shape}",
    ),
    "batchnorm_batch": (
        "バッチ正規化の層があるときは、どのミニバッチも 2 サンプル以上にしてください "
        "(n = {n}, batch_size = {batch_size} では {size} サンプルのバッチができます)",
        "with a BatchNorm layer every minibatch needs 2 samples or more "
        "(n = {n} and batch_size = {batch_size} make a batch of {size})",
    ),
    "grad_shape": (
        "{name_ja} の形は {what} の形 {expected} と同じにしてください (渡された形: {shape})",
        "{name} must have the shape of {what}, {expected}; got {shape}",
    ),
    "sequential_start": (
        "Sequential は Affine 層 (W_0) から始めてください (その幅が d を決めます)",
        "a Sequential starts with an Affine layer (W_0), which fixes d",
    ),
    "sequential_widths": (
        "層 {i} ({layer}) が受け取る幅は {q} ですが、その前の層が出すのは幅 {width} です。"
        "Affine(W) の W は (次の層の幅, 前の層の幅 + 1) の形にしてください",
        "layer {i} ({layer}) takes a width of {q} but the layer before it gives {width}; "
        "an Affine(W) needs W of shape (next width, previous width + 1)",
    ),
    "sequential_layer": (
        "layers には Affine 層か活性化関数の層を並べてください (出力と誤差の層は loss= に渡します)。"
        "渡された値: {value!r}",
        "layers must be Affine or activation layers (the output-and-error layer "
        "goes in loss=); got {value!r}",
    ),
    "sequential_loss": (
        "loss には SoftmaxCrossEntropy() のような出力と誤差の層を渡してください (渡された値: {value!r})",
        "loss must be an output-and-error layer such as SoftmaxCrossEntropy(); got {value!r}",
    ),
    "logits_shape": (
        "u_r の形は 1 サンプルなら (m,)、バッチなら (n, m) です (渡された形: {shape})",
        "u_r must have shape (m,) for one sample or (n, m) for a batch; got {shape}",
    ),
    # ---- PyTorch
    "torch_device": (
        'device {value!r} は使えません ({error})。GPU がなければ device="cpu" にしてください',
        'device {value!r} cannot be used ({error}); without a GPU use device="cpu"',
    ),
    "not_module": (
        "model には torch.nn.Module を渡してください (渡された値: {kind})",
        "model must be a torch.nn.Module; got {kind}",
    ),
    "no_linear": (
        "model に torch.nn.Linear の層がありません",
        "model has no torch.nn.Linear layer",
    ),
    "no_bias": (
        "{k} 番目の Linear 層に切片 (bias) がありません (bias=False)。lecnn の W_k は列 0 に切片を持つので、"
        "Linear(..., bias=True) で作ってください",
        "Linear layer {k} has no bias (bias=False), but lecnn's W_k holds the intercept in "
        "column 0: build it with Linear(..., bias=True)",
    ),
    "no_grad": (
        "まだ勾配がありません: weights_from_torch(grad=True) の前に loss.backward() を呼んでください",
        "no gradient yet: call loss.backward() before weights_from_torch(grad=True)",
    ),
    # ---- optimisers (lecnn/optim.py) and training that made things worse (lecnn/training.py)
    "below_one": (
        "{name} は 0 以上 1 未満で指定してください (渡された値: {value!r})",
        "{name} must be in [0, 1); got {value!r}",
    ),
    "optimizer_shapes": (
        "この optimizer は W_k の形 {expected} のネットワーク用です (reset() でやり直せます。"
        "渡されたネットワーク: {shapes})",
        "this optimizer holds state for W_k of shapes {expected}; got a network with {shapes} "
        "(call reset() first)",
    ),
    "optimizer_grads_type": (
        "grads は W_k ごとに 1 つ、{n} 個の配列のリストにしてください (渡された値: {kind})",
        "grads must be a list of {n} arrays, one per W_k; got {kind}",
    ),
    "optimizer_grads_count": (
        "grads は W_k ごとに 1 つ、{n} 個の配列のリストにしてください ({count:,} 個渡されました)",
        "grads must be a list of {n} arrays, one per W_k; got {count:,}",
    ),
    "optimizer_grads": (
        "grads は W_k ごとに 1 つ、形 {expected} の配列のリストにしてください (渡された形: {shapes})",
        "grads must be one array per W_k of shapes {expected}; got {shapes}",
    ),
    "worsened": (
        "学習で誤差が悪化しました: 最後の {records} 回の記録の平均誤差 E の中央値 {recent:.3g} が、"
        "学習開始時の E ({start:.3g}) の {factor:g} 倍を超えています。学習率 η = {eta:g} が"
        "大きすぎる可能性があります (例: eta={smaller:g})。",
        "Training made the error worse: the median mean loss E of the last records, "
        "{recent:.3g}, is above {factor:g} × E at the start ({start:.3g}); the learning rate "
        "eta={eta:g} is probably too large (try e.g. eta={smaller:g}).",
    ),
    # The advice of a DivergenceError (lecnn/divergence.py): η, or a likely cause besides it
    "diverged_eta": (
        "学習率 η = {eta:g} が大きすぎるようです。η = {smaller:g} などの小さい値で試してください。",
        "eta is probably too large; try a smaller one, e.g. eta={smaller:g}",
    ),
    "diverged_decay": (
        "荷重減衰 (L2 正則化) が強すぎるようです: η·λ = {eta:g} × {number:g} = {product:g} が "
        "{limit:.4g} を超えていて、この更新規則では減衰の項だけでも重みが 0 をまたいで振動しながら"
        "大きくなります (モーメンタムなしの SGD では W̃_k ← (1 − η·λ) W̃_k で、η·λ > 2 のとき)。"
        "L2 正則化の係数 λ (weight_decay) か学習率 η を小さくして、η·λ を {limit:.4g} より十分"
        "小さくしてください。",
        "the weight decay is probably too strong: η·λ = {eta:g} × {number:g} = {product:g} "
        "exceeds {limit:.4g}, where the decay term alone makes the weights swing wider every step "
        "(plain SGD: W̃_k ← (1 − η·λ) W̃_k, for η·λ > 2); make weight_decay or eta smaller, so "
        "that η·λ is well below {limit:.4g}",
    ),
    "diverged_inputs": (
        "入力 x の絶対値が最大 {number:.3g} と大きすぎるようです。η を小さくするより、入力を標準化して "
        "(列ごとに平均を引き、標準偏差で割って) 1 程度の大きさにしてください。",
        "the inputs are huge (largest |x| = {number:.3g}): rather than a smaller eta, standardise "
        "them (subtract each column's mean, divide by its standard deviation) to values near 1",
    ),
    "diverged_targets": (
        "正解 y の絶対値が最大 {number:.3g} と大きすぎるようです。η を小さくするより、正解を標準化して "
        "(平均を引き、標準偏差で割って) 1 程度の大きさにしてください (予測は逆の変換で元の尺度に"
        "戻せます)。",
        "the targets are huge (largest |y| = {number:.3g}): rather than a smaller eta, standardise "
        "them (subtract the mean, divide by the standard deviation) to values near 1 (and undo "
        "that on the predictions)",
    ),
    "nesterov": (
        "Nesterov は momentum > 0 かつ dampening = 0 のときだけ使えます",
        "nesterov needs momentum > 0 and dampening = 0",
    ),
    "eta_and_optimizer": (
        "eta と optimizer を両方は指定できません。学習率は optimizer に渡してください "
        "(例: lecnn.optim.Adam(eta=0.001))",
        "give the learning rate to the optimizer, not eta={eta!r} as well",
    ),
    # Said wherever PyTorch is missing (notebooks 10 and 11, lecnn.pytorch, the check of 10):
    # %pip installs into the kernel's own Python, whichever venv or conda env that is.
    "torch_missing": (
        "PyTorch が入っていません。CPU 版で十分です (GPU 用の数 GB の版は要りません)。ノートブックの"
        "セルで %pip install torch --index-url https://download.pytorch.org/whl/cpu を実行すると、"
        "このカーネルの Python に入ります (ターミナルから入れるときは README のコマンドで)。入れた後は "
        "Kernel → Restart Kernel でカーネルを再起動してください。",
        "PyTorch is not installed. Its CPU build is enough (not the GPU build of several GB): "
        "%pip install torch --index-url https://download.pytorch.org/whl/cpu in a notebook cell "
        "installs it into this kernel's Python (from a terminal, use the README's command); then "
        "restart the kernel (Kernel → Restart Kernel).",
    ),
}
