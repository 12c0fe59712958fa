"""Messages of the playground (``lecnn.playground``) and of its settings string (``state``)."""

MESSAGES = {
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
    "settings_depth": (
        "中間層は {maximum} 個までです ({depth} 個の幅が指定されました)",
        "at most {maximum} hidden layers; got {depth}",
    ),
    "settings_width": (
        "中間層の幅は 1〜{maximum} にしてください (hidden_widths[{k}] = {value})",
        "hidden widths must be in 1..{maximum}; got hidden_widths[{k}] = {value}",
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
    "state_eta": (
        "学習率 η (eta) は {low:g}〜{high:g} にしてください (渡された値: {value:g})",
        "eta must be in [{low:g}, {high:g}]; got {value:g}",
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
        "中間層は {maximum} 個までです ({depth} 個の幅が入力されました)",
        "at most {maximum} hidden layers; {depth} widths were entered",
    ),
    "widths_entry": (
        "幅は 1〜{maximum} の整数をカンマで区切って入力してください (例: 16, 8, 4)。{entry!r} は使えません",
        "enter the widths as integers 1..{maximum} separated by commas (e.g. 16, 8, 4); "
        "{entry!r} is not one",
    ),
}
