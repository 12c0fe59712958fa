"""Start and stop the servers the browser tests talk to: JupyterLab and the Voila app.

Each server runs in its own process group (session), so stopping it also ends any child in that
group (``make`` -> ``voila``); kernels run in sessions of their own and end with their server's
shutdown (tests also shut them down through the server's API). Every started server is also
remembered in a registry that ``stop_all()`` empties; the conftest calls it at session end and on
SIGTERM, so no server outlives the test run, even on failure.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The notebooks under test; another folder can be named for trying the tests out.
NOTEBOOKS_DIR = Path(os.environ.get("LECNN_BROWSER_NOTEBOOKS", ROOT / "notebooks")).resolve()

_RUNNING = []


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    Returns
    -------
    int
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A server process in its own process group, with its log kept in a file.

    Parameters
    ----------
    name : str
        For messages ("JupyterLab", "Voila app").
    argv : list of str
        The command.
    log_path : pathlib.Path
        stdout and stderr go here.
    cwd : pathlib.Path
    env : dict
    """

    def __init__(self, name, argv, log_path, cwd, env):
        self.name = name
        self.argv = argv
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _RUNNING.append(self)

    def log_tail(self, n_chars=3000):
        """The last ``n_chars`` characters of the server's log, for failure messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return text[-n_chars:]

    def wait_http(self, url, timeout, any_status=False):
        """Wait until GET ``url`` answers 200, or fail (with the log) if the server dies or is slow.

        Parameters
        ----------
        url : str
        timeout : float
            Seconds.
        any_status : bool
            Any HTTP answer will do (403, 404, ...): the server is up.
        """
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.process.returncode} before answering "
                    f"{url}.\ncommand: {' '.join(self.argv)}\nlog:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as err:
                if any_status:
                    return
                last_error = err
            except (urllib.error.URLError, OSError) as err:
                last_error = err
            time.sleep(0.3)
        raise TimeoutError(
            f"{self.name} did not answer {url} within {timeout:.0f} s (last error: {last_error}).\n"
            f"log:\n{self.log_tail()}"
        )

    def stop(self, grace=10.0):
        """End the whole process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
        if self in _RUNNING:
            _RUNNING.remove(self)
        # The server leads a session of its own, so its group's id is its pid (even once the
        # leader has ended and been reaped, when os.getpgid could no longer say so).
        pgid = self.process.pid
        _signal_group(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        # Children such as voila under make may outlive the leader: end the whole group.
        _signal_group(pgid, signal.SIGKILL)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all():
    """Stop every server that was started and not stopped yet."""
    for server in list(_RUNNING):
        server.stop(grace=3.0)


def clean_env(home):
    """The environment for a server: Jupyter's user dirs moved into ``home``, no MPLBACKEND.

    A developer's own Jupyter settings, workspaces, kernels or IPython start-up files must not
    change what the test sees, and MPLBACKEND=Agg (as set for the unit tests by some shells)
    would hide every inline figure.

    Parameters
    ----------
    home : pathlib.Path
        A fresh directory.

    Returns
    -------
    dict
    """
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH"):
        env.pop(var, None)
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
        "IPYTHONDIR": home / "ipython",
    }
    for var, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["PYTHONUNBUFFERED"] = "1"
    return env


# JupyterLab user settings for the test: every cell stays in the DOM (no virtual scrolling), so
# the test can find each cell's outputs by index; no news or update pop-ups over the screenshots.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def copy_notebooks(dest):
    """Copy ``notebooks/`` (everything in it) and ``assets/`` into ``dest``.

    JupyterLab may save a notebook it ran (autosave); the server's root is this copy, so the
    repository's files are never touched.

    Parameters
    ----------
    dest : pathlib.Path
        The server's root; gets ``notebooks/`` and ``assets/`` beside each other, as in the repo,
        so relative links like ``../assets/x.png`` still work.
    """
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(NOTEBOOKS_DIR, dest / "notebooks", ignore=ignore)
    if (ROOT / "assets").is_dir():
        shutil.copytree(ROOT / "assets", dest / "assets", ignore=ignore)


def start_jupyterlab(root_dir, home, log_path, timeout=120.0):
    """Start JupyterLab on 127.0.0.1, a free port and a random token, serving ``root_dir``.

    Parameters
    ----------
    root_dir : pathlib.Path
    home : pathlib.Path
        A fresh directory for Jupyter's user dirs (see ``clean_env``).
    log_path : pathlib.Path
    timeout : float
        Seconds to wait for the server to answer.

    Returns
    -------
    (Server, str, str)
        The server, its base URL (no trailing slash) and its token.
    """
    env = clean_env(home)
    settings_dir = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for rel, value in LAB_SETTINGS.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    # make lab's settings (tools/jupyterlab/overrides.json, which make copies into the venv),
    # from this checkout
    app_settings = home / "lab-app-settings"
    app_settings.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tools" / "jupyterlab" / "overrides.json", app_settings / "overrides.json")
    port = free_port()
    token = os.urandom(16).hex()
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.app_settings_dir={app_settings}",
        # JupyterLab refuses to start as root without it; harmless otherwise.
        "--allow-root",
    ]
    server = Server("JupyterLab", argv, log_path, cwd=root_dir, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_http(f"{base}/api/status?token={token}", timeout)
    except BaseException:
        server.stop()
        raise
    return server, base, token


def start_voila_app(home, log_path, timeout=120.0):
    """Start the Voila app exactly as ``make app`` does, on a free port.

    Parameters
    ----------
    home : pathlib.Path
        A fresh directory for Jupyter's user dirs (see ``clean_env``).
    log_path : pathlib.Path
    timeout : float
        Seconds to wait for the server to answer (the page itself renders later).

    Returns
    -------
    (Server, str)
        The server and the app's URL.
    """
    port = free_port()
    # The venv these tests run in, named: a `make test-browser VENV=...` passes it to no sub-make
    # (make's own variables are dropped: a plain `make app`, not a sub-make).
    argv = ["make", "--no-print-directory", "-C", str(ROOT), "app", f"APP_PORT={port}"]
    argv.append(f"VENV={sys.prefix}")
    env = clean_env(home)
    for var in ("MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VENV"):
        env.pop(var, None)
    server = Server("Voila app (make app)", argv, log_path, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        # Any answer from a static path will do: loading "/" would render the notebook (and start
        # a kernel) just to check that the server is up.
        server.wait_http(f"{base}/voila/static/", timeout, any_status=True)
    except BaseException:
        server.stop()
        raise
    return server, base + "/"


def api(base, token, method, path):
    """Call JupyterLab's REST API; return the decoded JSON (None for an empty answer)."""
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def shutdown_kernels(base, token):
    """Shut down every session and kernel of the JupyterLab server (frees CPU between notebooks)."""
    for session in api(base, token, "GET", "/api/sessions"):
        try:
            api(base, token, "DELETE", f"/api/sessions/{session['id']}")
        except urllib.error.HTTPError:
            pass
    for kernel in api(base, token, "GET", "/api/kernels"):
        try:
            api(base, token, "DELETE", f"/api/kernels/{kernel['id']}")
        except urllib.error.HTTPError:
            pass
