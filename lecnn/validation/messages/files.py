"""Messages about files: MNIST's (``lecnn.data.idx``, ``mnist``) and network files (``lecnn.saving``)."""

MESSAGES = {
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
    # ---- network files (lecnn/saving.py)
    "path_type": (
        "{name} にはファイルかフォルダの名前を文字列で渡してください (例: {example!r}; "
        "渡された値の型: {kind})",
        "{name} must be a file or folder name, a str or a path-like object (e.g. {example!r}); "
        "got {kind}",
    ),
    "save_no_name": (
        "ファイル名がありません (path = {text!r}): 'model.npz' のように名前を付けてください",
        "no file name in {text!r}: give one, e.g. 'model.npz' (a bare {suffix!r} would be "
        "a hidden file)",
    ),
    "save_not_finite": (
        "{target}: W_{k} に NaN か inf が含まれるため保存しません (学習が発散したかもしれません)",
        "W_{k} contains NaN or inf: not saved (load would refuse it; did training diverge?)",
    ),
    "save_net": (
        "保存・読み込みできるのは lecnn.Network です (渡された値: {kind})",
        "net must be a lecnn.Network; got {kind}",
    ),
    "save_no_folder": (
        "フォルダ {folder} がありません。先にフォルダを作るか、ある場所を指定してください",
        "the folder {folder} does not exist; create it first or give another place",
    ),
    "save_folder_read_only": (
        "フォルダ {folder} には書き込みが許可されていません。別の場所を指定してください",
        "the folder {folder} may not be written; give another place",
    ),
    "load_missing": (
        "ファイル {path} がありません (いまのフォルダは {cwd})",
        "no file {path} (the current folder is {cwd})",
    ),
    "load_not_file": (
        "{path} はふつうのファイルではありません (フォルダなど)",
        "{path} is not a regular file (a folder or a device)",
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
        "{path}: 中間層 {count} 層は多すぎます (hidden は {most} バイト以内にしてください: "
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
    "file_damaged": (
        "{path} は壊れているため読めません ({error})。保存し直してください",
        "{path} is damaged and cannot be read ({error}); save it again",
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
}
