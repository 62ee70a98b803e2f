"""A one-node SLURM cluster that a test starts and stops itself (standard library only).

Debian's SLURM and MUNGE packages are fetched with `apt-get download` and unpacked with
`dpkg -x` into a private folder (``~/.cache/lmsanalyse-slurm``), never installed: the SLURM
executor plugin runs `scontrol show config` when it is imported (by every `snakemake` call
and every `lmsanalyse run`) if `sinfo` is on PATH, and with no controller answering that
waits ≈ 10 s. So the client commands exist only as wrappers in the cluster's own folder, on
the PATH of the processes the test starts, and only while its daemons run.

`python3 tests/slurmcluster.py` fetches and unpacks the packages (`.ci/run` does so before
the tests); it prints the folder, or the reason it could not.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# slurm-wlm's parts and MUNGE (`apt-cache depends slurmctld slurmd slurm-client munge`).
PACKAGES = (
    "slurmctld",
    "slurmd",
    "slurm-client",
    "slurm-wlm-basic-plugins",
    "munge",
    "libmunge2",
)
# The libraries those packages link against (`apt-cache depends`, and libhwloc15's libudev1);
# only the ones the machine lacks are fetched, so none shadows an installed one. libc6, the
# maintainer-script tools (ucf, adduser, lsb-base) and liblua5.1-0 (only for Lua plugins,
# unused here) are left out.
LIBRARIES = (
    "libhwloc15",
    "libudev1",
    "libnuma1",
    "liblz4-1",
    "libreadline8",
    "libdbus-1-3",
    "libjson-c5",
    "libyaml-0-2",
    "libbz2-1.0",
    "libgcrypt20",
    "zlib1g",
    "libpam0g",
)
MULTIARCH = "usr/lib/x86_64-linux-gnu"
# Set on every process of a cluster (daemons, wrappers, jobs): how its leftovers are found.
MARKER = "LMSANALYSE_SLURM_RUN"


class SlurmUnavailable(Exception):
    """SLURM cannot be fetched or started here; the message is one line saying why."""


def cache_dir() -> Path:
    return Path(
        os.environ.get("LMSANALYSE_SLURM_CACHE", Path.home() / ".cache" / "lmsanalyse-slurm")
    )


def _installed(package: str) -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return done.returncode == 0 and done.stdout.endswith(" installed")


def _library_path(root: Path) -> str:
    return f"{root / MULTIARCH}:{root / MULTIARCH / 'slurm-wlm'}"


def _missing_libraries(root: Path) -> list[str]:
    """Shared libraries the daemons and the client cannot find (ldd's "not found")."""
    env = {**os.environ, "LD_LIBRARY_PATH": _library_path(root)}
    missing = set()
    for program in (
        "usr/sbin/munged",
        "usr/sbin/slurmctld-wlm",
        "usr/sbin/slurmd-wlm",
        "usr/sbin/slurmstepd-wlm",
        "usr/bin/sbatch",
        "usr/bin/squeue",
    ):
        done = subprocess.run(["ldd", root / program], capture_output=True, text=True, env=env)
        missing |= set(re.findall(r"^\s*(\S+) => not found", done.stdout, re.M))
    return sorted(missing)


def check_root() -> None:
    """slurmd must be root to start jobs (it switches to the submitting user)."""
    if os.geteuid() != 0:
        raise SlurmUnavailable("SLURM-testen må kjøre som root (slurmd starter jobbene)")


def unpack(cache: Path | None = None) -> Path:
    """The unpacked packages' root folder (fetched and unpacked on first use).

    Raises SlurmUnavailable where apt-get/dpkg are missing or the download fails.
    """
    cache = cache or cache_dir()
    root, stamp = cache / "root", cache / "unpacked.txt"
    if stamp.exists():
        return root
    for tool in ("apt-get", "dpkg", "dpkg-query", "ldd"):
        if shutil.which(tool) is None:
            raise SlurmUnavailable(f"{tool} finnes ikke: SLURM kan ikke hentes fra Debian her")
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        # Another test session may be unpacking into the same folder.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists():
            return root
        wanted = [*PACKAGES, *(lib for lib in LIBRARIES if not _installed(lib))]
        debs = Path(tempfile.mkdtemp(prefix="debs-", dir=cache))
        try:
            done = subprocess.run(
                ["apt-get", "download", "-q", *wanted],
                cwd=debs,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0:
                errors = [line for line in done.stderr.splitlines() if line.startswith("E:")]
                reason = (errors or done.stderr.splitlines() or ["ukjent feil"])[0]
                raise SlurmUnavailable(f"apt-get download av SLURM feilet: {reason}")
            shutil.rmtree(root, ignore_errors=True)
            for deb in sorted(debs.glob("*.deb")):
                done = subprocess.run(["dpkg", "-x", deb, root], capture_output=True, text=True)
                if done.returncode != 0:
                    raise SlurmUnavailable(f"dpkg -x {deb.name} feilet: {done.stderr.strip()}")
        except subprocess.TimeoutExpired as error:
            raise SlurmUnavailable("apt-get download av SLURM tok over 10 minutter") from error
        finally:
            shutil.rmtree(debs, ignore_errors=True)
        missing = _missing_libraries(root)
        if missing:
            raise SlurmUnavailable(f"SLURM mangler bibliotek: {', '.join(missing)}")
        stamp.write_text("\n".join(wanted) + "\n", encoding="utf-8")
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 1) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except FileNotFoundError:
        return "ingen logg"
    return " | ".join(text[-lines:]) or "tom logg"


class OneNodeCluster:
    """munged, slurmctld and slurmd from ``root``, with configs, state, logs and the client
    wrappers in a fresh folder under /tmp (short: the sockets' paths must stay under 108
    bytes). Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, root: Path, partition: str = "normal"):
        self.root = root
        self.partition = partition
        self.node = socket.gethostname().split(".")[0]
        self.dir = Path(tempfile.mkdtemp(prefix="lms-slurm-"))
        # munged wants its socket's folders searchable by all.
        self.dir.chmod(0o755)
        self.bin = self.dir / "bin"
        self.conf = self.dir / "slurm.conf"
        self.log = self.dir / "log"
        self.daemons: dict[str, subprocess.Popen] = {}
        self.cpus = self.memory_mb = 0

    # -- environment ----------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        """The environment for processes that use the cluster: its wrappers first on PATH."""
        return {
            **os.environ,
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            MARKER: str(self.dir),
        }

    def _daemon_env(self) -> dict[str, str]:
        return {
            **self.env(),
            "LD_LIBRARY_PATH": _library_path(self.root),
            "SLURM_CONF": str(self.conf),
        }

    def _write_wrappers(self) -> None:
        # SLURM_CONF is set inside each wrapper: the executor plugin removes SLURM_* from the
        # environment of the jobs it submits, and `srun` inside a job must still find it.
        self.bin.mkdir()
        for program in sorted((self.root / "usr/bin").iterdir()):
            wrapper = self.bin / program.name
            wrapper.write_text(
                "#!/bin/sh\n"
                f"SLURM_CONF={self.conf} LD_LIBRARY_PATH={_library_path(self.root)} "
                f'exec {program} "$@"\n',
                encoding="utf-8",
            )
            wrapper.chmod(0o755)

    def run(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
        """A SLURM client command (``sinfo``, ``squeue`` …) against this cluster."""
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=timeout,
        )

    # -- configuration --------------------------------------------------------------------
    def _node_line(self) -> str:
        """This machine's node line as `slurmd -C` measures it (CPUs, sockets, memory)."""
        done = subprocess.run(
            [self.root / "usr/sbin/slurmd-wlm", "-C"],
            capture_output=True,
            text=True,
            env=self._daemon_env(),
            timeout=30,
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("NodeName=")), None)
        if line is None:
            raise SlurmUnavailable(f"slurmd -C virket ikke: {done.stderr.strip()[:200]}")
        self.cpus = int(re.search(r"\bCPUs=(\d+)", line).group(1))
        self.memory_mb = int(re.search(r"\bRealMemory=(\d+)", line).group(1))
        return re.sub(r"^NodeName=\S+", f"NodeName={self.node} NodeAddr=127.0.0.1", line)

    def _write_config(self) -> None:
        d = self.dir
        for folder in ("state", "spool"):
            (d / folder).mkdir()
        plugins = self.root / MULTIARCH / "slurm-wlm"
        settings = {
            "ClusterName": "lmstest",
            "SlurmctldHost": f"{self.node}(127.0.0.1)",
            "SlurmctldPort": _free_port(),
            "SlurmdPort": _free_port(),
            "SlurmUser": "root",
            "SlurmdUser": "root",
            "AuthType": "auth/munge",
            "CredType": "cred/munge",
            "AuthInfo": f"socket={d / 'munge' / 'munge.sock'}",
            "PluginDir": plugins,
            "StateSaveLocation": d / "state",
            "SlurmdSpoolDir": d / "spool",
            "SlurmctldPidFile": d / "slurmctld.pid",
            "SlurmdPidFile": d / "slurmd.pid",
            "SlurmctldLogFile": self.log / "slurmctld.log",
            "SlurmdLogFile": self.log / "slurmd.log",
            # No cgroups and no systemd in a container: track processes by /proc.
            "ProctrackType": "proctrack/linuxproc",
            "TaskPlugin": "task/none",
            "JobAcctGatherType": "jobacct_gather/none",
            "AccountingStorageType": "accounting_storage/none",
            "JobCompType": "jobcomp/none",
            "MpiDefault": "none",
            "SwitchType": "switch/none",
            "SelectType": "select/cons_tres",
            "SelectTypeParameters": "CR_Core_Memory",
            "ReturnToService": 2,
            # Finished jobs stay visible to `squeue` (the plugin's status command) for 5 min.
            "MinJobAge": 300,
        }
        lines = [f"{key}={value}" for key, value in settings.items()]
        lines.append(f"{self._node_line()} State=UNKNOWN")
        lines.append(
            f"PartitionName={self.partition} Nodes={self.node} Default=YES "
            "MaxTime=INFINITE State=UP"
        )
        self.conf.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # -- daemons --------------------------------------------------------------------------
    def _spawn(self, name: str, *args: object) -> None:
        out = open(self.log / f"{name}.out", "wb")
        self.daemons[name] = subprocess.Popen(
            [str(a) for a in args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=self._daemon_env(),
            start_new_session=True,
        )
        out.close()

    def _wait(self, what: str, ready, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, process in self.daemons.items():
                if process.poll() is not None:
                    log = self.log / f"{name}.log"
                    reason = _tail(log if log.exists() else self.log / f"{name}.out")
                    raise SlurmUnavailable(f"{name} stoppet under oppstart: {reason}")
            if ready():
                return
            time.sleep(0.2)
        raise SlurmUnavailable(f"{what} ble ikke klar på {seconds:.0f} s")

    def start(self) -> OneNodeCluster:
        check_root()
        self._write_wrappers()
        self.log.mkdir()
        munge = self.dir / "munge"
        munge.mkdir(mode=0o755)
        key = self.dir / "munge.key"
        key.write_bytes(os.urandom(128))
        key.chmod(0o400)
        self._write_config()
        sbin = self.root / "usr/sbin"
        self._spawn(
            "munged",
            sbin / "munged",
            "--foreground",
            f"--key-file={key}",
            f"--socket={munge / 'munge.sock'}",
            f"--pid-file={self.dir / 'munged.pid'}",
            f"--log-file={self.log / 'munged.log'}",
            f"--seed-file={self.dir / 'munged.seed'}",
        )
        self._wait("munged", (munge / "munge.sock").exists)
        self._spawn("slurmctld", sbin / "slurmctld-wlm", "-D", "-f", self.conf)
        self._wait("slurmctld", lambda: self.run("scontrol", "ping").returncode == 0)
        self._spawn(
            "slurmd",
            sbin / "slurmd-wlm",
            "-D",
            "-f",
            self.conf,
            "-N",
            self.node,
            "-d",
            sbin / "slurmstepd-wlm",
        )
        self._wait("noden", lambda: self.run("sinfo", "-h", "-o", "%T").stdout.strip() == "idle")
        return self

    def jobs(self) -> list[dict[str, str]]:
        """Every job the controller still knows (finished ones for MinJobAge)."""
        fields = {"comment": "%k", "state": "%T", "partition": "%P", "account": "%a"}
        done = self.run("squeue", "-h", "-t", "all", "-o", "|".join(fields.values()))
        return [
            dict(zip(fields, line.split("|"), strict=True)) for line in done.stdout.splitlines()
        ]

    def leftovers(self) -> list[int]:
        """Processes that carry this cluster's marker (daemons, job steps, jobs)."""
        needle = f"\0{MARKER}={self.dir}\0".encode()
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == os.getpid():
                continue
            try:
                if needle in b"\0" + (proc / "environ").read_bytes() + b"\0":
                    found.append(int(proc.name))
            except OSError:
                continue
        return found

    def stop(self) -> None:
        """Cancel the jobs, stop the daemons (slurmd, slurmctld, munged) and any process left
        with this cluster's marker, by process id; remove the folder. Safe to call twice."""
        if self.daemons.get("slurmctld") and self.daemons["slurmctld"].poll() is None:
            self.run("scancel", "--user", str(os.getuid()))
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and self.run("squeue", "-h").stdout.strip():
                time.sleep(0.5)
        for name in ("slurmd", "slurmctld", "munged"):
            process = self.daemons.pop(name, None)
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pid in self.leftovers():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> OneNodeCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    try:
        print(f"SLURM pakket ut i {unpack()}")
    except (SlurmUnavailable, subprocess.SubprocessError, OSError) as error:
        print(f"SLURM ikke tilgjengelig: {error}")
    sys.exit(0)
