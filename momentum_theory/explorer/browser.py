"""Headless Chromium, driven over the DevTools protocol on a pipe: no extra dependency.

Chromium started with ``--remote-debugging-pipe`` reads DevTools commands (JSON, each
ended by a NUL byte) from file descriptor 3 and writes replies and events to descriptor 4.
:class:`Chromium` opens a page, evaluates JavaScript in it, clicks, takes screenshots and
records every request the page makes (``requests``). The explorer's tests use it, and
``momentum-theory explore --screenshot`` uses it to draw the README's picture.

Examples
--------
>>> from momentum_theory.explorer.browser import find_chromium
>>> find_chromium("/nonexistent/chromium") is None
True
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["BrowserError", "Chromium", "find_chromium"]

# Names the browser goes by on Debian, other Linux distributions and macOS installs.
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_ENVIRONMENT = "MOMENTUM_THEORY_CHROMIUM"  # an explicit path wins over the search


class BrowserError(RuntimeError):
    """The browser could not be started, or a command failed or timed out."""


def find_chromium(executable: str | None = None) -> str | None:
    """The path of a Chromium (or Chrome) executable, or None.

    ``executable`` if given, else ``$MOMENTUM_THEORY_CHROMIUM``, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome``, ... on the ``PATH``.
    """
    if executable is None:
        executable = os.environ.get(_ENVIRONMENT)
    if executable is not None:
        return executable if Path(executable).is_file() else shutil.which(executable)
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """A headless Chromium with one page, as a context manager.

    Parameters
    ----------
    executable : str, optional
        The browser (default: :func:`find_chromium`).
    width, height : int
        The page's viewport in CSS pixels.
    timeout : float
        Seconds any one command or wait may take.

    Attributes
    ----------
    requests : list of str
        The URL of every request the page made, in order (``Network.requestWillBeSent``),
        including the page itself.
    """

    def __init__(
        self,
        executable: str | None = None,
        *,
        width: int = 1200,
        height: int = 1100,
        timeout: float = 30.0,
    ) -> None:
        found = find_chromium(executable)
        if found is None:
            raise BrowserError(
                "no Chromium found: install Debian's 'chromium' package, or set "
                f"{_ENVIRONMENT} to the browser's path"
            )
        self.executable = found
        self.width, self.height, self.timeout = width, height, timeout
        self.requests: list[str] = []
        self._events: list[dict[str, Any]] = []
        self._buffer = b""
        self._next_id = 0
        self._session: str | None = None

    # -- process --------------------------------------------------------------------------

    def __enter__(self) -> Chromium:
        self._profile = tempfile.TemporaryDirectory(prefix="momentum-theory-chromium-")
        arguments = [
            self.executable,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile.name}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--mute-audio",
            # Nothing may reach the network: every host name fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium refuses to sandbox as root
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def connect_pipes() -> None:  # in the child: descriptors 3 and 4, as Chromium expects
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        try:
            self._process = subprocess.Popen(
                arguments,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(3, 4),
                preexec_fn=connect_pipes,
            )
        except OSError as error:
            self._profile.cleanup()
            raise BrowserError(f"cannot start {self.executable}: {error}") from None
        finally:
            os.close(commands_read)
            os.close(replies_write)
        try:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
                "sessionId"
            ]
            for domain in ("Page", "Network", "Runtime"):
                self.send(f"{domain}.enable")
            self.send(
                "Emulation.setDeviceMetricsOverride",
                width=self.width,
                height=self.height,
                deviceScaleFactor=1,
                mobile=False,
            )
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._process.poll() is None:
                try:
                    self._session = None
                    self.send("Browser.close", _timeout=5.0)
                except BrowserError:
                    pass
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
        finally:
            os.close(self._commands)
            os.close(self._replies)
            self._profile.cleanup()

    # -- protocol -------------------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._replies], [], [], left)
            if ready:
                chunk = os.read(self._replies, 1 << 20)
                if not chunk:
                    raise BrowserError("the browser closed its DevTools pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _record(self, message: dict[str, Any]) -> None:
        if message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"]["request"]["url"])
        self._events.append(message)

    def send(self, method: str, _timeout: float | None = None, **params: Any) -> dict[str, Any]:
        """Send one DevTools command (to the page, once attached); returns its result."""
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session is not None and not method.startswith(("Target.", "Browser.")):
            command["sessionId"] = self._session
        os.write(self._commands, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + (self.timeout if _timeout is None else _timeout)
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._record(message)

    def wait_for_event(self, method: str) -> dict[str, Any]:
        """Wait for the next event ``method`` (one already received counts); its params."""
        deadline = time.monotonic() + self.timeout
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method:
                    del self._events[: index + 1]
                    return event.get("params", {})
            self._record(self._read_message(deadline))

    # -- page -----------------------------------------------------------------------------

    def open(self, url: str) -> None:
        """Load ``url`` afresh and wait for its load event.

        Leaves the current page first, so that an address differing only in its fragment
        (``#...``) loads the page again instead of scrolling within it.
        """
        for address in ("about:blank", url):
            self._events.clear()
            result = self.send("Page.navigate", url=address)
            if result.get("errorText"):
                raise BrowserError(f"cannot open {address}: {result['errorText']}")
            self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript error: {text}")
        return result["result"].get("value")

    def click(self, x: float, y: float) -> None:
        """A left click at viewport coordinates ``(x, y)`` (CSS pixels)."""
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self) -> bytes:
        """A PNG of the viewport."""
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
