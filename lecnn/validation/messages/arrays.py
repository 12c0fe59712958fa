"""Messages of the checks of arrays (``lecnn.validation.arrays``) and of the data sets (``lecnn.data``)."""

MESSAGES = {
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
    "loss_shapes": (
        "出力 ŷ と正解 y の形が違います ({a} と {b}): 同じ形にしてください "
        "(softmax のクラス番号は np.eye(m)[labels] で one-hot にします)",
        "the output ŷ and the targets y must have the same shape; got {a} and {b} "
        "(for softmax, class labels become one-hot rows with np.eye(m)[labels])",
    ),
    "loss_probabilities": (
        "{name} の出力 ŷ は確率 (0 以上 1 以下) にしてください (範囲外の値 {value:g} があります)。"
        "ロジット u_r = W_r z_r から求めるなら lecnn.LOSSES_FROM_LOGITS を使います",
        "the output ŷ of {name} must hold probabilities in [0, 1]; got {value:g} (for logits "
        "u_r = W_r z_r use lecnn.LOSSES_FROM_LOGITS)",
    ),
    "shapes_differ": (
        "a と b の形が違います ({a} と {b}): 比べる 2 つの配列は同じ形にしてください",
        "a and b must have the same shape to be compared; got {a} and {b}",
    ),
    "point_empty": (
        "v に成分がありません (形 {shape}): 微分する点には少なくとも 1 つの成分が要ります",
        "v has no entries (shape {shape}); the point to differentiate at needs at least one",
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
        "softmax の正解 y の成分は 0 以上にしてください (各行は one-hot のように、0 以上の成分で"
        "和が 1 です)",
        "softmax targets y must have entries >= 0 (each row sums to 1, as a one-hot row does)",
    ),
    "one_hot_sum": (
        "softmax の正解 y の各行は、和を 1 にしてください (講義の Σ_j y_j = 1。one-hot なら"
        "そうなります)。和が {value:g} の行があります",
        "each row of softmax targets y must sum to 1 (the lecture's Σ_j y_j = 1, as a one-hot "
        "row does); got a row summing to {value:g}",
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
}
