"""Run a command (nbval) once for each of numpy's SIMD levels below this CPU's own.

numpy chooses its loops for tanh, exp, log, ... by the CPU it runs on, and their last bits differ
between levels. ``NPY_DISABLE_CPU_FEATURES`` turns levels off for one process, so one machine can
compute as a CPU without them would:

- AVX-512 machine: X86_V4 off, then X86_V3 (and X86_V4) off;
- AVX2 machine: X86_V3 off;
- a CPU with neither (or not x86-64, e.g. Apple silicon): nothing to turn off; say so and pass.

Usage: python tools/test_portable.py -- COMMAND ...  (exit status: 1 if any run failed or was
stopped by its time limit)
"""

import os
import platform
import subprocess
import sys

# numpy >= 2.4 groups x86-64 features into levels; highest first.
LEVELS = ["X86_V4", "X86_V3"]
# Exit statuses of coreutils `timeout` when it stopped the command (SIGTERM, then SIGKILL); the
# Makefile runs each nbval under it.
TIMED_OUT = (124, 137)


def cpu_features():
    """numpy's {feature name: available on this CPU}."""
    from numpy._core._multiarray_umath import __cpu_features__

    return __cpu_features__


def levels_to_disable(features):
    """One NPY_DISABLE_CPU_FEATURES value per level below this CPU's own, highest level first.

    Parameters
    ----------
    features : dict of str to bool

    Returns
    -------
    list of str, e.g. ["X86_V4", "X86_V4 X86_V3"] on an AVX-512 machine
    """
    present = [level for level in LEVELS if features.get(level)]
    return [" ".join(present[: i + 1]) for i in range(len(present))]


def main(argv):
    if "--" not in argv:
        sys.exit("usage: python tools/test_portable.py -- COMMAND ...")
    command = argv[argv.index("--") + 1 :]
    features = cpu_features()
    runs = levels_to_disable(features)
    if not runs and platform.machine().lower() in ("x86_64", "amd64") and "X86_V3" not in features:
        import numpy

        print(
            f"test-portable: numpy {numpy.__version__} does not group its x86-64 features into the "
            "levels X86_V3/X86_V4 that this check turns off (numpy >= 2.4 does, on Python >= 3.11). "
            "Run it in a venv with numpy >= 2.4."
        )
        return 1
    if not runs:
        print(
            f"test-portable: numpy on this CPU ({platform.machine()}) has no SIMD level above its "
            f"baseline that can be turned off (looked for {' and '.join(LEVELS)}). Nothing to "
            "compare here; the check is done on an x86-64 machine with AVX2 or AVX-512."
        )
        return 0
    failed, stopped = [], []
    for disabled in runs:
        print(f"\n=== test-portable: NPY_DISABLE_CPU_FEATURES={disabled!r} ===", flush=True)
        env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=disabled)
        returncode = subprocess.run(command, env=env).returncode
        if returncode in TIMED_OUT:
            stopped.append(disabled)
        elif returncode != 0:
            failed.append(disabled)
    if stopped:
        print(
            f"\ntest-portable: the run with {' / '.join(stopped)} turned off did not finish in its "
            f"time limit (`{command[0]}` stopped it); see the last notebook named above"
        )
    if failed:
        print(f"\ntest-portable: outputs differ with {' / '.join(failed)} turned off")
    if failed or stopped:
        return 1
    print(f"\ntest-portable: every output matches with {' / '.join(runs)} turned off")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
