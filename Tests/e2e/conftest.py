# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures for the browser tests: a running `stepwise serve` and headless Chromium."""
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SERVER_LOGS = ROOT / "artifacts" / "server-logs"


def stepwise_binary() -> str:
    """The built `stepwise` executable (STEPWISE_BIN overrides; debug build by default)."""
    candidates = [os.environ.get("STEPWISE_BIN"), ROOT / ".build" / "debug" / "stepwise", ROOT / ".build" / "release" / "stepwise"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    pytest.fail("build the server first: swift build --product stepwise (or set STEPWISE_BIN)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {server_log_tail(process)}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def start_server(args: list[str], env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Starts `stepwise serve` on a free loopback port and waits for /healthz.

    The server's output goes to a file in artifacts/server-logs, never to a pipe: nobody reads a
    pipe while a test runs, and once its 64 KiB buffer is full the server's next log line blocks
    (a request then hangs after its write committed). The file also keeps the log for a failure.
    """
    port = free_port()
    SERVER_LOGS.mkdir(parents=True, exist_ok=True)
    log_path = SERVER_LOGS / f"serve-{port}-{time.time_ns()}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [stepwise_binary(), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    process.log_path = log_path  # type: ignore[attr-defined]
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base, process)
    return process, base


def server_log_tail(process: subprocess.Popen, limit: int = 4000) -> str:
    """The last `limit` characters of a server's log (for error messages)."""
    path = getattr(process, "log_path", None)
    if path is None or not Path(path).is_file():
        return ""
    return Path(path).read_text(errors="replace")[-limit:]


@pytest.fixture
def demo_server():
    """`stepwise serve --demo` on a free loopback port (in-memory demo clinic)."""
    process, base = start_server(["--demo"])
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def screenshot(driver, name: str) -> None:
    """Saves the first screen (`name.png`) and the full page (`name-full.png`) under artifacts/screenshots/."""
    driver.set_window_size(1280, 1000)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 6000))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}-full.png"))
    driver.set_window_size(1280, 1600)
