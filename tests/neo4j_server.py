"""A real Neo4j 5 for the suite and for local use: ``tools/neo4j-launcher`` (Neo4j's own Maven
artifacts, an embedded database with a Bolt connector) built with Maven and run as its own Java
process. Neo4j Community is GPLv3: it only ever runs in that separate process.

Local use, from the repository root::

    python -m tests.neo4j_server          # builds if needed, prints the export line, runs until Ctrl-C
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "tools" / "neo4j-launcher"
JAR = LAUNCHER / "target" / "neo4j-launcher.jar"
LIB = LAUNCHER / "target" / "lib"
MAIN_CLASS = "org.mandatelineage.neo4jlauncher.Launcher"
READY = re.compile(r"^READY (?P<uri>bolt://\S+) user=(?P<user>\S+) password=(?P<password>\S+) pid=(?P<pid>\d+)")
# 2 shared cores: one GC thread, and C1 only. C2's compile threads competed with the queries here:
# the corpus ingest took 50-78 s on a fresh launcher with C2 and 10 s without it.
JAVA_OPTS = ["-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
BUILD_TIMEOUT_S = 1800  # a first build downloads about 150 MB from Maven Central
START_TIMEOUT_S = 180
STOP_TIMEOUT_S = 30


class LauncherError(RuntimeError):
    """The launcher could not be built or did not become ready."""


def missing_toolchain() -> str | None:
    """What is missing to build and run the launcher, or None."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    return " and ".join(missing) + " not on the PATH" if missing else None


def _sources() -> list[Path]:
    return [LAUNCHER / "pom.xml", *sorted((LAUNCHER / "src").rglob("*.java"))]


def up_to_date() -> bool:
    """The jar and its copied classpath are newer than the pom and every source file."""
    if not JAR.exists() or not LIB.is_dir() or not any(LIB.glob("neo4j-*.jar")):
        return False
    built = JAR.stat().st_mtime
    return all(path.stat().st_mtime <= built for path in _sources())


def build(*, offline: bool = False) -> None:
    """``mvn package`` the launcher unless the jar is up to date."""
    if up_to_date():
        return
    command = ["mvn", "-B", "-q", *(["-o"] if offline else []), "package"]
    try:
        done = subprocess.run(command, cwd=LAUNCHER, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise LauncherError(f"building the Neo4j launcher took over {BUILD_TIMEOUT_S} s") from None
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise LauncherError("building the Neo4j launcher failed:\n" + "\n".join(tail))
    JAR.touch()  # Maven keeps an unchanged jar's old time; the check compares against sources


@dataclass
class Neo4jServer:
    """One launcher process; ``stop`` ends it by its own pid."""

    process: subprocess.Popen[bytes]
    uri: str
    user: str
    password: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}

    def stop(self) -> None:
        """SIGTERM (the launcher's shutdown hook closes the database), SIGKILL after a grace period."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def start(*, data_dir: Path | None = None, port: int = 0, timeout_s: float = START_TIMEOUT_S,
          conf: tuple[str, ...] = (), java_opts: tuple[str, ...] = tuple(JAVA_OPTS)) -> Neo4jServer:
    """Start the launcher (built beforehand) and wait for its READY line."""
    if not up_to_date():
        raise LauncherError(f"the Neo4j launcher is not built: run `mvn -q package` in {LAUNCHER}")
    java = shutil.which("java") or "java"
    log = Path(tempfile.mkstemp(prefix="neo4j-launcher-", suffix=".log")[1])
    args = [java, *java_opts, "-cp", f"{JAR}{os.pathsep}{LIB}/*", MAIN_CLASS, "--port", str(port)]
    for setting in conf:
        args += ["--conf", setting]
    if data_dir is not None:
        args += ["--data", str(data_dir)]
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if match := READY.match(line):
                return Neo4jServer(process, match["uri"], match["user"], match["password"], log)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    server = Neo4jServer(process, "", "", "", log)
    server.stop()
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    raise LauncherError(f"the Neo4j launcher did not become ready in {timeout_s:.0f} s (log {log}):\n{tail}")


def main() -> int:
    if problem := missing_toolchain():
        print(f"cannot run Neo4j here: {problem} (install Java 17+ and Maven)", file=sys.stderr)
        return 1
    build()
    # Ctrl-C and SIGTERM both stop the database (a background job may have inherited SIGINT ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = start()
    print(f"Neo4j 5 is up (pid {server.pid}); in another shell:\n"
          f"  export MANDATES_STORE=neo4j NEO4J_URI={server.uri} NEO4J_USER={server.user} "
          f"NEO4J_PASSWORD={server.password}\nCtrl-C stops it and deletes its data.", flush=True)
    try:
        server.process.wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
