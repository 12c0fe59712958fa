"""The messages of lecnn's argument checks: one table, Japanese first, then English.

Students meet these errors while working through the notebooks and the panel, so each
message says in Japanese what was wrong and what was expected, then the same in English
(for the instructor, for a search engine, and for code written against the English
wording): ``"<日本語> / <English>"``. Every check in ``lecnn.validation`` and every
other error a student can meet takes its text from ``MESSAGES`` through ``message``
(or ``value_error``/``type_error``), so the wording and the format live here only.

>>> message("int_min", name="epochs", minimum=0, value=-1)
'エポック数 epochs は 0 以上にしてください (渡された値: -1) / epochs must be at least 0; got -1'
"""

SEPARATOR = " / "
"""Between the Japanese and the English part of every message."""

NAMES = {
    "the learning rate eta": "学習率 η (eta)",
    "eta": "学習率 η (eta)",
    "epochs": "エポック数 epochs",
    "batch_size": "バッチサイズ batch_size",
    "callback_every": "callback_every",
    "n": "サンプル数 n",
    "n_samples": "サンプル数 n_samples",
    "noise": "ノイズの大きさ noise",
    "seed": "シード seed",
    "m": "クラス数 m",
    "classes": "クラス数 classes",
    "centers": "塊の数 centers",
    "factor": "内側の円の半径 factor",
    "eps": "差分の幅 ε (eps)",
    "tol": "許容誤差 tol",
    "atol": "許容誤差 atol",
    "x": "入力 x",
    "X": "入力 X",
    "y": "正解 y",
    "labels": "正解のクラス labels",
    "predicted": "予測したクラス predicted",
    "u": "活性化関数の入力 u",
    "u_r": "出力層の入力 u_r",
    "grad": "上から来た勾配 grad",
    "delta": "δ_k (delta)",
    "W": "重み W",
    "p": "落とす確率 p",
}
"""Argument names as the Japanese part of a message calls them (others: the name itself)."""


def japanese_name(name):
    """How the Japanese part of a message names the argument ``name`` (W_k: 重み W_k)."""
    if name.startswith("W_"):
        return f"重み {name}"
    return NAMES.get(name, name)


MESSAGES = {
    # ---- single numbers (scalars.py)
    "int_type": (
        "{name_ja} は {minimum} 以上の整数で指定してください (渡された値: {value!r})",
        "{name} must be an integer >= {minimum}; got {value!r}",
    ),
    "int_range": (
        "{name_ja} は {minimum}〜{maximum} の整数で指定してください (渡された値: {value})",
        "{name} must be an integer in {minimum}..{maximum}; got {value}",
    ),
    "int_min": (
        "{name_ja} は {minimum} 以上にしてください (渡された値: {value})",
        "{name} must be at least {minimum}; got {value}",
    ),
    "real_type": (
        "{name_ja} は {low:g} 以上の数で指定してください (渡された値: {value!r})",
        "{name} must be a number >= {low:g}; got {value!r}",
    ),
    "real_value": (
        "{name_ja} は {low:g} 以上の有限の数で指定してください (渡された値: {value})",
        "{name} must be a finite number >= {low:g}; got {value}",
    ),
    "real_range": (
        "{name_ja} は {low:g} 以上 {high:g} 以下の数で指定してください (渡された値: {value})",
        "{name} must be a number in [{low:g}, {high:g}]; got {value}",
    ),
    "fraction": (
        "{name_ja} は 0 より大きく 1 より小さい割合で指定してください (渡された値は {value})",
        "{name} must be a fraction in (0, 1); got {value}",
    ),
    "fractions_sum": (
        "{names} は合わせて 1 未満にしてください (学習用のサンプルが残りません。渡された値は {values})",
        "{names} must be below 1 to leave training samples; got {values}",
    ),
    "positive_type": (
        "{name_ja} は正の数で指定してください (渡された値: {value!r})",
        "{name} must be a positive number; got {value!r}",
    ),
    "positive_value": (
        "{name_ja} は 0 より大きい有限の数で指定してください (渡された値: {value})",
        "{name} must be a finite number > 0; got {value}",
    ),
    "interval_type": (
        "区間の端 {name} は実数で指定してください (渡された値: {value!r})",
        "{name} must be a real number; got {value!r}",
    ),
    "interval": (
        "区間は low < high にしてください (端は無限大でもかまいません。渡された値: low={low}, high={high})",
        "expected low < high (infinite ends allowed); got low={low}, high={high}",
    ),
    "limits_type": (
        "limits は (low, high) か ((low_1, high_1), (low_2, high_2)) で指定してください "
        "(渡された値: {value!r})",
        "limits must be (low, high) or ((low_1, high_1), (low_2, high_2)); got {value!r}",
    ),
    "limits_shape": (
        "limits は (low, high) か ((low_1, high_1), (low_2, high_2)) で指定してください "
        "(渡された配列の形: {shape})",
        "limits must be (low, high) or ((low_1, high_1), (low_2, high_2)); "
        "got an array of shape {shape}",
    ),
    "limits_value": (
        "limits は有限の数で、どの軸も low < high にしてください (渡された値: {value})",
        "limits must be finite with low < high on each axis; got {value}",
    ),
    "seed": (
        "シード seed は 0 以上の整数 (または None) で指定してください (渡された値: {value})",
        "seed must be a non-negative integer or None; got {value}",
    ),
    "seed_int": (
        "シード seed は 0 以上の整数で指定してください (渡された値: {value})",
        "seed must be a non-negative integer; got {value}",
    ),
    "eps_small": (
        "差分の幅 ε (eps) が小さすぎます: {minimum:g} 以上にしてください。これより小さいと丸め誤差 "
        "(約 1e-16 / ε) が差分を覆い隠します (渡された値: {value})",
        "eps must be at least {minimum:g}: below it the rounding error (about 1e-16 / eps) "
        "swamps the difference; got {value}",
    ),
    "eps_large": (
        "差分の幅 ε (eps) が大きすぎます: {maximum:g} 以下にしてください (渡された値: {value})",
        "eps must be at most {maximum:g}; got {value}",
    ),
    "error_negative": (
        "誤差の大きさ err は 0 以上にしてください (渡された値: {value!r})",
        "err must be >= 0 (an error's size), got {value!r}",
    ),
    "memory": (
        "{what} には約 {need} のメモリが必要で、大きすぎます (このマシンで使ってよい上限は約 "
        "{budget})。{hint}",
        "{what_en} would need about {need} of memory, more than the {budget} allowed on this "
        "machine; {hint_en}",
    ),
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
    "not_network": (
        "{what} には lecnn.Network を渡してください (渡された値: {kind})",
        "{what} needs a lecnn.Network; got {kind}",
    ),
    # ---- arrays (arrays.py)
    "labels_type": (
        "{name_ja} は整数のクラス番号にしてください (渡された dtype: {dtype})",
        "{name} must be integer class labels; got dtype {dtype}",
    ),
    "labels_shape": (
        "{name_ja} はクラス番号の 1 次元配列 (形 (n,)) にしてください (渡された形: {shape})。"
        "one-hot の正解やネットワークの出力なら .argmax(axis=1) でクラス番号にします",
        "{name} must be class labels of shape (n,); got shape {shape} "
        "(for one-hot targets or network outputs use .argmax(axis=1))",
    ),
    "labels_whole": (
        "{name_ja} は整数 (クラス番号) にしてください (渡された値: {value})",
        "{name} must be whole numbers (class labels); got {value}",
    ),
    "label_range": (
        "{name_ja}: クラス番号が範囲外です{where_ja} (渡された値: {value}、使えるのは {expected_ja})",
        "{name}: class label out of range{where}: got {value}, expected {expected}",
    ),
    "labels_length": (
        "labels と predicted の長さをそろえてください (渡された長さ: {n1} と {n2})",
        "labels and predicted must have the same length; got {n1} and {n2}",
    ),
    "labels_empty": (
        "クラス番号が 1 つもありません (m を決められないので m= を指定してください)",
        "cannot infer m from empty labels; pass m=",
    ),
    "no_samples": (
        "サンプルが 0 個では {what_ja} を計算できません",
        "{what} of zero samples is undefined",
    ),
    "inputs_shape": (
        "x の形は 1 サンプルなら ({d},)、n サンプルのバッチなら (n, {d}) (1 行に 1 サンプル) です。"
        "渡された形は {shape} です{hint_ja}",
        "x must have shape ({d},) for one sample or (n, {d}) for a batch of n samples "
        "(one per row); got shape {shape}{hint}",
    ),
    "inputs_empty": (
        "x が空のバッチ (サンプル 0 個) です。少なくとも 1 サンプル渡してください",
        "x is an empty batch (0 samples); give at least one sample",
    ),
    "targets_type": (
        "正解 y は数の配列にしてください (渡された値: {kind}、dtype {dtype})",
        "y must be a numeric array; got {kind} of dtype {dtype}",
    ),
    "targets_shape": (
        "正解 y の形が違います: {what_ja}なら {vector_shape}{forms_ja} です。渡された形は {shape} です",
        "y for {what} must have {forms}; got shape {shape}",
    ),
    "sigmoid_targets": (
        "sigmoid の出力の正解は [0, 1] の値 (ラベル 0 か 1) にしてください "
        "(渡された値は {low} から {high})",
        "targets for a sigmoid output must lie in [0, 1] (labels 0 or 1); "
        "got values from {low} to {high}",
    ),
    "numeric": (
        "{name_ja} は数の配列にしてください (渡された dtype: {dtype})",
        "{name} must be a numeric array; got dtype {dtype}",
    ),
    "numeric_kind": (
        "{name_ja} は数の配列にしてください (渡された値: {kind})",
        "{name} must be a numeric array; got {kind}",
    ),
    "complex": (
        "{name_ja} は実数にしてください (複素数の dtype {dtype} が渡されました)",
        "{name} must be real; got complex dtype {dtype}",
    ),
    "finite": (
        "{name_ja} に NaN か無限大 (inf) があります: 要素 {where} が {value} です",
        "{name} must be finite; entry {where} is {value} (NaN or inf in the data?)",
    ),
    "ragged": (
        "{name} の各行の長さがそろっていません (すべての行を同じ長さにしてください)",
        "{name} must be a rectangular array (every row of the same length); got a ragged "
        "{kind} whose rows differ in length",
    ),
    "one_hot_negative": (
        "softmax の正解 y は one-hot (0 以上の要素で、和が 1) にしてください",
        "softmax targets y must be one-hot (entries >= 0 summing to 1)",
    ),
    "one_hot_sum": (
        "softmax の正解 y は one-hot にしてください: 各行の和が 1 (講義の Σ_j y_j = 1) です。"
        "和が {value:g} の行があります",
        "softmax targets y must be one-hot: each row's entries sum to 1 "
        "(the lecture's Σ_j y_j = 1); got a row summing to {value:g}",
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
    # ---- data sets
    "dataset_unknown": (
        "データセット {value!r} はありません。使える名前は {known} です",
        "unknown data set {value!r}; known names are {known}",
    ),
    "func_callable": (
        "func には関数を渡してください (渡された値: {value!r})",
        "func must be callable, got {value!r}",
    ),
    "sine_interval": (
        "low と high は有限で、差 high - low も有限になる数にしてください (渡された値: low={low}, high={high})",
        "need finite low < high, got low={low}, high={high}",
    ),
    "func_shape": (
        "func は形 (n, 1) の配列を形 (n, 1) の配列に写す関数にしてください (返された形: {shape})",
        "func must map an (n, 1) array to (n, 1), got shape {shape}",
    ),
    "func_finite": (
        "func の値に NaN か無限大があります ([{low:g}, {high:g}) の範囲で定義された関数にしてください)",
        "func gives NaN or inf on [{low:g}, {high:g}); use a function defined there",
    ),
    "test_count": (
        "test_size={test_size} では n={n} サンプルのうちテストが {n_test} 個になります。"
        "訓練とテストの両方に少なくとも 1 個必要です",
        "test_size={test_size} with n={n} samples gives {n_test} test samples; "
        "both parts need at least one",
    ),
    "split_arrays": (
        "X と y は 1 行に 1 サンプルの配列にしてください (渡された形: {shape_x} と {shape_y})",
        "X and y must be arrays with one sample per row, got shapes {shape_x} and {shape_y}",
    ),
    "split_rows": (
        "X と y の行数をそろえてください (X は {n_x} 行 {shape_x}、y は {n_y} 行 {shape_y})",
        "X and y must have the same number of rows, got {n_x} (X shape {shape_x}) "
        "and {n_y} (y shape {shape_y})",
    ),
    "split_none_left": (
        "n={n} サンプルから検証 {n_val} 個とテスト {n_test} 個を除くと、訓練のサンプルが残りません",
        "n={n} samples leave no training sample after {n_val} validation and {n_test} test samples",
    ),
    "confusion_range": (
        "クラス番号は 0, ..., m-1 = {top} の範囲にしてください",
        "labels must lie in 0, ..., m-1 = {top}",
    ),
    # ---- the playground (lecnn/playground)
    "settings_unknown": (
        "知らない設定の名前があります: {unknown} (使える名前: {names})",
        "unknown setting(s) {unknown}; the settings are {names}",
    ),
    "features_type": (
        "features は {known} から選んだ名前の並びにしてください (渡された値: {value!r})",
        "features must be a sequence of names from {known}; got {value!r}",
    ),
    "features_unknown": (
        "知らない特徴の名前があります: {unknown} (使える名前: {known})",
        "unknown feature(s) {unknown}; the features are {known}",
    ),
    "features_none": (
        "入力が 1 つもありません: x₁, x₂ か特徴を 1 つ以上選んでください",
        "no input at all: choose x1, x2 or at least one feature",
    ),
    # ---- the playground's settings string (lecnn/playground/state.py)
    "state_type": (
        "設定の文字列 (str) を渡してください。{kind} が来ました",
        "the settings must be a string (str); got {kind}",
    ),
    "state_long": (
        "設定の文字列が長すぎます ({length:,} 文字、上限 {maximum:,} 文字)。パネルの「設定」欄の文字列を"
        "そのまま貼り付けてください",
        "the settings string is too long ({length:,} characters, at most {maximum:,}); "
        "paste the string of the panel's settings box as it is",
    ),
    "state_nested": (
        "設定の文字列の括弧の入れ子が深すぎて読めません",
        "the settings string is nested too deeply to read",
    ),
    "state_json": (
        "設定の文字列が JSON として読めません: {error}",
        "the settings string is not valid JSON: {error_en}",
    ),
    "state_object": (
        "設定の文字列は {{...}} の形の JSON にしてください",
        "the settings string must be a JSON object {{...}}",
    ),
    "state_unknown": (
        "知らない設定の名前があります: {unknown} (使える名前: {names})",
        "unknown setting names {unknown}; the settings are {names}",
    ),
    "state_value": (
        "設定の値が正しくありません: {error}",
        "bad setting value: {error_en}",
    ),
    "state_depth": (
        "中間層は {maximum} 個までです ({depth} 個の幅が指定されました)",
        "at most {maximum} hidden layers; got {depth}",
    ),
    "state_width": (
        "中間層の幅は 1〜{maximum} にしてください (hidden_widths[{k}] = {value})",
        "hidden widths must be in 1..{maximum}; got hidden_widths[{k}] = {value}",
    ),
    "state_eta": (
        "学習率 η (eta) は {low:g}〜{high:g} にしてください (渡された値: {value:g})",
        "eta must be in [{low:g}, {high:g}]; got {value:g}",
    ),
    # ---- linear regions (lecnn/regions) and figures (lecnn/plotting)
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
    "batch_shape": (
        "{name_ja} の形は (n, {d}) にしてください (渡された形: {shape})",
        "{name} must have shape (n, d) = (n, {d}); got {shape}",
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
    # ---- data files (lecnn/data/idx.py, mnist.py)
    "gzip_corrupt": (
        "{path}: gzip ファイルが壊れています ({error})。ダウンロードし直してください",
        "{path}: corrupt gzip file ({error})",
    ),
    "idx_short": (
        "{path}: IDX ファイルとしては短すぎます ({length} バイト)。ダウンロードし直してください",
        "{path}: too short for an IDX file ({length} bytes, need a 4-byte magic)",
    ),
    "idx_magic": (
        "{path}: IDX ファイルではありません (マジック番号 0x{magic:08X})",
        "{path}: not an IDX file: magic number 0x{magic:08X}, expected 0x00000803 "
        "(MNIST images) or 0x00000801 (MNIST labels)",
    ),
    "idx_header": (
        "{path}: IDX ファイルのヘッダが途中で切れています。ダウンロードし直してください",
        "{path}: truncated IDX header ({length} bytes, need {start})",
    ),
    "idx_size": (
        "{path}: IDX ファイルが壊れているか途中で切れています (ヘッダでは {nbytes} バイト、"
        "実際は {holds} バイト)。ダウンロードし直してください",
        "{path}: corrupt or truncated IDX file: header says shape {shape} ({nbytes} bytes of "
        "data), the file holds {holds}",
    ),
    "idx_gzip_size": (
        "{path}: IDX ファイルが壊れています (ヘッダの {nbytes} バイトは {stored} バイトの gzip "
        "ファイルに収まりません)",
        "{path}: corrupt IDX file: header says shape {shape} ({nbytes} bytes of data), more "
        "than a gzip file of {stored} bytes can hold",
    ),
    "idx_extra": (
        "{path}: IDX ファイルが壊れています (ヘッダの {nbytes} バイトの後に余分なデータがあります)",
        "{path}: corrupt IDX file: header says shape {shape} ({nbytes} bytes of data), the "
        "file holds more (extra bytes after the declared data)",
    ),
    "mnist_images_shape": (
        "{source}: 画像は形 (n, 28, 28) か (n, 784) にしてください (渡された形: {shape})",
        "{source}: expected images of shape (n, 28, 28) or (n, 784), got {shape}",
    ),
    "mnist_images_dtype": (
        "{source}: 画像は数の配列にしてください (dtype {dtype})",
        "{source}: expected images of numbers, got dtype {dtype}",
    ),
    "mnist_images_finite": (
        "{source}: 画像に NaN か無限大があります",
        "{source}: the images contain NaN or inf",
    ),
    "mnist_pixels": (
        "{source}: 画素値は 0〜255 (または [0, 1]) にしてください (値の範囲: {low:g}〜{high:g})",
        "{source}: pixel values must lie in 0..255 (or in [0, 1]); "
        "got values from {low:g} to {high:g}",
    ),
    "mnist_labels_shape": (
        "{source}: ラベルは画像と同じ数、形 ({n},) にしてください (渡された形: {shape})",
        "{source}: expected labels of shape ({n},) to match the images, got {shape}",
    ),
    "mnist_labels_dtype": (
        "{source}: ラベルは整数 0〜9 で保存してください (dtype {dtype})",
        "{source}: labels must be stored as integers 0..9, got an array of dtype {dtype}",
    ),
    "mnist_labels_range": (
        "{source}: ラベルは数字 0〜9 にしてください (位置 {i} に {value}。範囲外が {count} 個)",
        "{source}: labels must be digits 0..9, got {value} at position {i} "
        "({count} labels out of range)",
    ),
    "mnist_npz_keys": (
        "{path}: 配列 {missing} がありません (x_train, y_train, x_test, y_test が必要です)",
        "{path}: missing arrays {missing}; expected x_train, y_train, x_test, y_test, "
        "found {found}",
    ),
    "mnist_idx_kind": (
        "{path}: {kind_ja} の IDX ファイルが必要です ({ndim} 次元のデータでした)",
        "{path}: expected an IDX file of {kind}, got {ndim} dimensions",
    ),
    "mnist_not_found": (
        "MNIST が見つかりません (lecnn はダウンロードしません)。{how}",
        "{english}",
    ),
    "mnist_missing": (
        "{location} に MNIST が見つかりません",
        "MNIST not found: {english}",
    ),
    # ---- PyTorch
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
    "nesterov": (
        "Nesterov は momentum > 0 かつ dampening = 0 のときだけ使えます",
        "nesterov needs momentum > 0 and dampening = 0",
    ),
    "eta_and_optimizer": (
        "eta と optimizer を両方は指定できません。学習率は optimizer に渡してください "
        "(例: lecnn.optim.Adam(eta=0.001))",
        "give the learning rate to the optimizer, not eta={eta!r} as well",
    ),
    "torch_missing": (
        "PyTorch が入っていません。CPU 版で十分です: "
        "pip install torch --index-url https://download.pytorch.org/whl/cpu の後に "
        "lecnn のフォルダで pip install -e '.[torch]' (詳しくはノートブック 10 の冒頭)",
        "PyTorch is not installed; the CPU build is enough: "
        "pip install torch --index-url https://download.pytorch.org/whl/cpu, then "
        "pip install -e '.[torch]' in the lecnn folder (see the start of notebook 10)",
    ),
    # ---- network files (lecnn/saving.py)
    "save_no_name": (
        "ファイル名がありません (path = {text!r}): 'model.npz' のように名前を付けてください",
        "no file name in {text!r}: give one, e.g. 'model.npz' (a bare {suffix!r} would be "
        "a hidden file)",
    ),
    "save_not_finite": (
        "{target}: W_{k} に NaN か inf が含まれるため保存しません (学習が発散したかもしれません)",
        "W_{k} contains NaN or inf: not saved (load would refuse it; did training diverge?)",
    ),
    "save_read_only": (
        "書き込みが許可されていないファイルなので上書きしません",
        "the file may not be written (read-only): not replaced",
    ),
    "file_meta_size": (
        "{path}: {key} は {most} バイト以内の{kind_ja}にしてください (形 {shape}、{nbytes} バイト)",
        "{path}: {key} must be a {kind} of at most {most} bytes; got shape {shape}, {nbytes} bytes",
    ),
    "file_hidden_many": (
        "{path}: {count} 層の隠れ層は多すぎます (hidden は {most} バイト以内にしてください: "
        "'relu' なら {relu:,} 層、'sigmoid' なら {sigmoid:,} 層まで。形 {shape}、{nbytes} バイト)",
        "{path}: hidden must be a 1-D array of at most {most} bytes; got shape {shape}, "
        "{nbytes} bytes; {count} hidden layers are more than a network file holds (names take "
        "{most} bytes at most: {relu:,} 'relu' or {sigmoid:,} 'sigmoid')",
    ),
    "file_corrupt_size": (
        "{path}: ファイルが壊れています ({name} は {compressed} バイトに {size} バイトが入っていると"
        "書かれています)",
        "{path}: corrupt file: {name} claims {size} bytes stored in {compressed}",
    ),
    "file_bad_header": (
        "{path}: {name} は配列として読めません ({error})",
        "{path}: {name} is not a readable array ({error})",
    ),
    "file_objects": (
        "{path}: {name} は Python のオブジェクトを含みます。lecnn のネットワークファイルが含むのは"
        "数と文字列だけです (lecnn は pickle を読みません)",
        "{path}: {name} holds Python objects; a lecnn network file holds numbers and "
        "text only (and lecnn never unpickles)",
    ),
    "file_truncated": (
        "{path}: ファイルが壊れています ({name} のヘッダでは形 {shape}、{nbytes} バイトですが、"
        "ファイルには {holds} バイトしかありません)",
        "{path}: corrupt file: the header of {name} declares shape {shape} "
        "({nbytes} bytes of data), the file holds {holds}",
    ),
    "file_unreadable": (
        "{path}: {name} を読めません ({error})",
        "{path}: {name} cannot be read ({error})",
    ),
    "file_lacks_meta": (
        "{path} は lecnn のネットワークファイルではありません ({missing} がありません)",
        "{path} is not a lecnn network file: it lacks {missing}",
    ),
    "file_meta_dtype": (
        "{path}: {key} は{kind_ja}で保存してください (dtype {dtype})",
        "{path}: {key} must be {kind}; got dtype {dtype}",
    ),
    "file_version": (
        "{path}: 形式の版 format_version {version} はこの lecnn では読めません (読めるのは "
        "{supported})。書いた lecnn で保存し直すか、lecnn を更新してください",
        "{path}: format_version {version} is not one this lecnn reads "
        "(it reads {supported}); save the network again with the lecnn that wrote it, "
        "or update lecnn",
    ),
    "file_field": (
        "{path}: {error}",
        "{path}: {error_en}",
    ),
    "file_not_npz": (
        "{path} は lecnn のネットワークファイルではありません (.npz アーカイブではありません)",
        "{path} is not a lecnn network file (not an .npz archive)",
    ),
    "file_lacks_weight": (
        "{path} に {key} がありません (sizes {sizes} なら W_0〜W_{r} が必要です)",
        "{path} lacks {key} (expected W_0..W_{r} for sizes {sizes})",
    ),
    "file_weight_shape": (
        "{path}: {key} の形は {shape} ですが、sizes {sizes} では "
        "(q_{k1}, q_{k} + 1) = {expected} のはずです",
        "{path}: {key} has shape {shape}, but sizes {sizes} declare "
        "(q_{k1}, q_{k} + 1) = {expected}",
    ),
    "file_weight_dtype": (
        "{path}: {key} は浮動小数点数で保存してください (dtype {dtype})",
        "{path}: {key} must hold floats; got dtype {dtype}",
    ),
    "file_architecture": (
        "{path} のネットワークの構成がこのネットワークと違います: {differences_ja}",
        "the architecture in {path} differs from the network's: {differences}",
    ),
    # ---- the playground (lecnn/playground/)
    "settings_type": (
        "settings には Settings を渡してください (渡された値: {kind})",
        "settings must be a Settings; got {kind}",
    ),
    "trace_index": (
        "index は訓練データの数 {n} より小さくしてください (渡された値: {index})",
        "index must be below the number of training samples {n}; got {index}",
    ),
    "trace_x": (
        "x は 1 つのサンプル、形 ({d},) にしてください (渡された形: {shape})",
        "x must have shape ({d},) (one sample); got {shape}",
    ),
    "trace_label": (
        "クラスの正解は 0〜{top} の整数にしてください (渡された値: {value!r})",
        "a class label must be an integer 0..{top}; got {value!r}",
    ),
    "trace_target": (
        "正解はクラスの番号か、形 ({m},) の配列にしてください (渡された形: {shape})",
        "the target must be a label or have shape ({m},); got {shape}",
    ),
    "input_names": (
        "input_names には d = {d} 個の入力の名前を渡してください (渡された数: {count})",
        "input_names must name the d = {d} inputs; got {count}",
    ),
    "rgb_image": (
        "画像は形 (h, w, 3) の uint8 配列にしてください (渡された値: {dtype} {shape})",
        "expected a uint8 array of shape (h, w, 3); got {dtype} {shape}",
    ),
    "engine_type": (
        "engine には lecnn.playground.Engine を渡してください (渡された値: {kind})",
        "engine must be a lecnn.playground.Engine; got {kind}",
    ),
    "play_loop": (
        "再生 (Play) には Jupyter のカーネルのように動いている asyncio のイベントループが必要です。"
        "Jupyter の外では panel.step() か panel.engine.step(n) を呼んでください",
        "Play needs a running asyncio event loop, as in a Jupyter kernel; "
        "outside Jupyter call panel.step() or panel.engine.step(n) instead",
    ),
    "state_constant": (
        "{name} は設定の値にできません",
        "{name} is not a number a setting can take",
    ),
    "widths_depth": (
        "中間層は {maximum} 個までです ({count} 個の幅が入力されました)",
        "at most {maximum} hidden layers; {count} widths were entered",
    ),
    "widths_entry": (
        "幅は 1〜{maximum} の整数をカンマで区切って入力してください (例: 16, 8, 4)。{entry!r} は使えません",
        "enter the widths as integers 1..{maximum} separated by commas (e.g. 16, 8, 4); "
        "{entry!r} is not one",
    ),
}
"""key -> (Japanese template, English template); fields in braces, ``name_ja`` filled in."""


def bilingual(japanese, english):
    """The one format of a message: the Japanese text, then the English one."""
    return f"{japanese}{SEPARATOR}{english}"


def message(key, /, **fields):
    """The message ``key`` of ``MESSAGES`` with ``fields`` filled in, Japanese then English.

    A field ``name`` also fills ``name_ja`` (see ``japanese_name``).
    """
    if "name" in fields:
        fields.setdefault("name_ja", japanese_name(fields["name"]))
    japanese, english = MESSAGES[key]
    return bilingual(japanese.format(**fields), english.format(**fields))


def value_error(key, /, **fields):
    """``ValueError(message(key, **fields))``, to raise."""
    return ValueError(message(key, **fields))


def type_error(key, /, **fields):
    """``TypeError(message(key, **fields))``, to raise."""
    return TypeError(message(key, **fields))
