"""Messages of the checks of single numbers (``lecnn.validation.scalars``, ``memory``)."""

MESSAGES = {
    "keyword_unknown": (
        "{call} に使えないキーワード引数があります: {unknown} (使えるのは {known} です)",
        "{call} got unknown keyword argument(s) {unknown}; it takes {known}",
    ),
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
        "{names} は合わせて 1 未満にしてください (訓練データが残りません。渡された値は {values})",
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
    "bool_type": (
        "{name} は True か False にしてください (渡された値: {value!r})",
        "{name} must be True or False; got {value!r}",
    ),
    "callback_callable": (
        "callback には callback(net, info) と 2 つの引数で呼べる関数を渡してください (渡された値: {value!r})",
        "callback must be a function called as callback(net, info); got {value!r}",
    ),
    "error_type": (
        "誤差の大きさ err には数を渡してください (渡された値: {value!r})",
        "err must be a real number (an error's size), got {value!r}",
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
}
