"""The other side of grader/autograde/sandbox.py: the process that runs a learner's code.

Run only by grader/autograde/sandbox.py, as `python -I -S -B -u sandbox_worker.py '<json config>'`,
with an environment built from scratch, stdin a command pipe, stdout+stderr one pipe
(what the learner prints) and one more pipe (the status pipe) for replies. It imports
nothing from this project: the project is hidden from it.

Four roles, all forks of one Python process (one interpreter start, ~0.1 s with
numpy):

  zygote    On Linux, started once per grader process (`--zygote`): imports numpy, then
            forks a launcher for each run the grader asks for on its socket, handing it
            the run's pipes (SCM_RIGHTS) and config. It runs no learner code. Elsewhere
            the grader starts each launcher itself.
  launcher  Started by the grader. In the namespace modes it calls unshare(2) for new
            mount, network, PID, IPC and UTS namespaces (plus a user namespace when
            not root); in "seccomp" mode it builds the seccomp filter the worker will
            load. It imports numpy, and forks the keeper. On SIGTERM it kills the
            keeper and waits for it: when the init of a PID namespace dies the kernel
            kills every process in it, and the wait returns only once they are gone.
  keeper    PID 1 of the new PID namespace (in "seccomp" and "plain" modes: the
            launcher itself, a child subreaper, which builds no root). It builds an
            empty root (tmpfs) holding, read-only, only the system directories, the
            Python installation and numpy; the project, the grader's home and
            temporary files are not in it; refused libraries (sklearn, scipy, ...) are
            covered by empty read-only mounts. Then it switches to that root, forks
            the worker, reaps orphans and, when the worker ends, reports how on the
            status pipe. It never runs learner code.
  worker    Sets rlimits, drops privileges (to the uid/gid the grader chose when
            started as root; all capabilities dropped inside a user namespace
            otherwise; no_new_privs), loads the seccomp filter ("seccomp" mode),
            installs the import hook, loads the learner's module and answers calls.

The input folder holds only the learner's source (submission.py). Everything else
arrives on the command pipe (stdin, moved to another descriptor: the learner's fd 0
is /dev/null, so input() cannot eat commands), one frame per command: the JSON
header's length (4 bytes, big-endian), the header, then `payload` bytes. The
worker reads exactly one frame per command, never ahead, and the grader writes a
command only after the reply to the previous one has come back (and the output
printed before it has been read), so nothing of a later call is in this process,
in its pipes or on its disk while a call runs, whatever the learner's code reads:

  {"command": "load"}                                     load the module
  {"command": "call", "call": i, "function": name, "args": [item, ...], "unchanged": [name, ...]}
                                                          fn(*args); the arrays' .npy
                                                          bytes follow in the payload;
                                                          "unchanged" names the arguments
                                                          when the call must not modify
                                                          its array arguments
  item: {"kind": "array", "size": n} | {"kind": "int", "value": "12"}
        | {"kind": "float", "value": "0x1.8p+0"} | {"kind": "bool", "value": true}
        | {"kind": "str", "value": "..."} | {"kind": "none"}

Arrays are read back with allow_pickle=False; the call's arguments, its frame and
its payload are dropped as soon as the call returns. Replies go on the status
pipe: frames, each a JSON header line then `payload` bytes. Results cross as data
only: arrays as .npy bytes written with allow_pickle=False, ints as decimal
strings, floats as float.hex(); the grader validates all of it again. The learner
may set either pipe non-blocking: the worker makes them blocking again before it
reads or writes.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys

STATUS_FD = 3
SANDBOX = "/sandbox"
SUBMISSION_NAME = "submission.py"
CELLS_NAME = "cells.json"  # a notebook: [[cell number, Python text], ...]
STAND_INS = ("IPython", "matplotlib", "mpl_toolkits")  # importable, and nothing is drawn
STAND_IN_SUBMODULES = {"pyplot", "cm", "colors", "animation", "patches", "ticker", "gridspec", "display", "mplot3d"}
MAX_NOTES = 20

# Linux constants (ctypes; the stdlib has no mount()).
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND = 32, 1024, 2048, 4096
MS_REC, MS_PRIVATE, MS_RELATIME = 16384, 1 << 18, 1 << 21
ST_RELATIME = 4096
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_CHILD_SUBREAPER = 1, 4, 24, 36
PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4

LINUX = sys.platform.startswith("linux")
_libc = None


def _c():
    global _libc
    if _libc is None:
        import ctypes

        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        import ctypes

        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _prctl(option: int, arg: int) -> None:
    import ctypes

    _check(
        _c().prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)),
        f"prctl({option})",
    )


def _mount(src, dst, fstype, flags, data=None) -> None:
    import ctypes

    enc = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    _check(
        _c().mount(enc(src), enc(dst), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {src or fstype} on {dst}"
    )


def send(header: dict, payload: bytes = b"", _dumps=json.dumps, _write=os.write) -> None:
    """One frame on the status pipe (blocking until written)."""
    header["payload"] = len(payload)
    os.set_blocking(STATUS_FD, True)  # learner code may have made it non-blocking
    view = memoryview(_dumps(header).encode() + b"\n" + payload)
    while view:
        view = view[_write(STATUS_FD, view) :]


# ----------------------------------------------------------------------------- launcher


def main() -> None:
    if sys.argv[1] == "--zygote":
        _zygote(json.loads(sys.argv[2]))
    cfg = json.loads(sys.argv[1])
    if cfg["status_fd"] != STATUS_FD:
        os.dup2(cfg["status_fd"], STATUS_FD)
        os.close(cfg["status_fd"])
    _site_packages(cfg)
    _launch(cfg, cfg["grader_pid"])


def _site_packages(cfg: dict) -> None:
    for folder in cfg["site_packages"]:  # -S: no site module, no .pth files (the project's own finder)
        if folder not in sys.path:
            sys.path.append(folder)


def _zygote(cfg: dict) -> None:
    """Started once per grader process (Linux), with the grader's scrubbed environment:
    imports numpy once, then forks one launcher per run when the grader asks, on a
    SOCK_SEQPACKET socket: a message holding the run's JSON config, with the run's
    command, output and status pipes attached (SCM_RIGHTS); it answers with the
    launcher's pid. The launcher closes the socket at once. Runs no learner code and
    holds nothing of any run; exits when the grader closes the socket (or dies)."""
    import socket

    _site_packages(cfg)
    _preimport()
    me = os.getpid()
    control = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, fileno=cfg["control_fd"])
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # launchers are reaped by the kernel
    control.sendall(b"ready")
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 1 << 20, 3)
        except OSError:
            os._exit(0)
        if not message or len(fds) != 3:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.setsid()
            import fcntl

            high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in fds]  # out of the way of 0-3
            for fd in fds:
                os.close(fd)
            cmd, out, status = high
            for source, target in ((cmd, 0), (out, 1), (out, 2), (status, STATUS_FD)):
                os.dup2(source, target)
            for fd in high:
                os.close(fd)
            run = json.loads(message)
            os.environ.clear()
            os.environ.update(run["env"])
            os.chdir(run["tdir"])
            _launch(run, me)
        for fd in fds:
            os.close(fd)
        control.send(str(pid).encode())


def _launch(cfg: dict, parent: int) -> None:
    """The launcher: the run's isolation, then the keeper; never returns."""
    mode = cfg["mode"]
    keeper = None

    def on_term(signum, frame):
        # The grader wants everything gone: kill the keeper (in a namespace mode its
        # death kills the whole PID namespace) and wait until it is gone.
        if keeper:
            try:
                os.kill(keeper, signal.SIGKILL)
                os.waitpid(keeper, 0)
            except OSError:
                pass
        os._exit(0)

    namespaces = mode in ("root_ns", "user_ns")
    if namespaces:
        signal.signal(signal.SIGTERM, on_term)
    else:
        signal.signal(signal.SIGTERM, lambda s, f: (_kill_descendants(), os._exit(0)))
    if LINUX:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # the grader (or the zygote) died: clean up too
        if os.getppid() != parent:
            os._exit(0)

    try:
        if namespaces:
            _unshare(mode == "user_ns")
        elif mode == "seccomp":
            cfg["filter"] = _seccomp_filter()
    except (OSError, ImportError, RuntimeError, ValueError) as e:
        send({"event": "setup_failed", "error": str(e) or type(e).__name__})
        os._exit(3)
    _preimport()
    if not namespaces:
        _keeper(cfg, in_namespace=False)
    keeper = os.fork()
    if keeper == 0:
        try:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            os.setsid()  # killpg(0) by the learner then cannot reach the launcher
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
                signal.signal(sig, signal.SIG_DFL)  # PID 1: ignored when sent from inside
            _build_root(cfg)
        except BaseException as e:  # noqa: BLE001 - reported, then this process ends
            try:
                send({"event": "setup_failed", "error": f"{type(e).__name__}: {e}"})
            finally:
                os._exit(3)
        _keeper(cfg, in_namespace=True)
    os.close(0)
    os.close(STATUS_FD)
    while True:
        try:
            _, status = os.waitpid(keeper, 0)
            break
        except ChildProcessError:
            status = 0
            break
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _unshare(user: bool) -> None:
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    if user:
        flags |= CLONE_NEWUSER
    _check(_c().unshare(flags), "unshare")
    if user:
        for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)


# Refused to learner code by the seccomp filter (mode "seccomp", where namespaces are not
# allowed): every new socket (socketpair() still works), tracing or reading other
# processes, io_uring (which could open sockets around the filter), new namespaces,
# mounts, keyrings, BPF and perf events.
SECCOMP_DENIED = (
    *("socket", "ptrace", "process_vm_readv", "process_vm_writev", "io_uring_setup", "io_uring_enter"),
    *("io_uring_register", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "bpf"),
    *("perf_event_open", "keyctl", "add_key", "request_key", "userfaultfd", "open_by_handle_at"),
    *("kexec_load", "init_module", "finit_module"),
)


def _seccomp_filter():
    """The filter the worker loads once it runs as the learner: each denied system call
    fails with EACCES. Built here (libseccomp through pyseccomp, a ctypes binding)
    while the launcher can still read the Python installation."""
    try:
        import seccomp
    except ImportError:
        import pyseccomp as seccomp
    import errno

    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in SECCOMP_DENIED:
        try:
            rules.add_rule(seccomp.ERRNO(errno.EACCES), name)
        except ValueError:  # unknown on this architecture
            if name in ("socket", "ptrace", "process_vm_readv"):
                raise
    return rules


# What the worker itself needs, imported once in the launcher. Whatever else learner code
# imports is imported when it asks (~0.2 s saved on every worker start): in the namespace
# modes the new root holds the Python installation; outside them the import path goes
# through directory descriptors (_import_through_descriptors).
PREIMPORTED = ("importlib.machinery", "io", "types", "numpy", "numpy.lib.format")


def _preimport() -> None:
    import importlib

    for name in PREIMPORTED:
        importlib.import_module(name)

    if LINUX:
        _c()


# ------------------------------------------------------------------------------ new root


def _build_root(cfg: dict) -> None:
    """Mount an empty tmpfs as the new root, put in it only what the worker needs
    (read-only), and switch to it. Learner code then sees neither the project, nor
    the grader's files, nor the refused libraries."""
    user = cfg["mode"] == "user_ns"
    new = os.path.join(cfg["tdir"], "root")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m,nr_inodes=4096")

    def inside(path: str) -> str:
        return new + path

    def under(p: str, root: str) -> bool:
        return p == root or p.startswith(root.rstrip("/") + "/")

    def bind(src: str, dst: str | None = None, *, device: bool = False) -> None:
        dst = inside(dst or src)
        if os.path.isdir(src):
            os.makedirs(dst, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if not os.path.exists(dst):
                open(dst, "wb").close()
        try:
            _mount(src, dst, None, MS_BIND)
        except OSError:  # in a user namespace a mount with locked submounts needs MS_REC
            _mount(src, dst, None, MS_BIND | MS_REC)
        flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | (0 if device else MS_NODEV)
        keep = os.statvfs(src).f_flag  # a user namespace may not clear these
        for st, ms in (
            (os.ST_NOEXEC, MS_NOEXEC),
            (os.ST_NOATIME, MS_NOATIME),
            (os.ST_NODIRATIME, MS_NODIRATIME),
            (ST_RELATIME, MS_RELATIME),
            (os.ST_NODEV, MS_NODEV),
        ):
            if keep & st:
                flags |= ms
        _mount(None, dst, None, flags)

    def empty(dst: str) -> None:  # cover a path with an empty read-only mount
        if os.path.isdir(dst):
            _mount("tmpfs", dst, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=555")
        elif os.path.lexists(dst) and not os.path.islink(dst):
            _mount("/dev/null", dst, None, MS_BIND)
            _mount(None, dst, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC)

    def symlinks_to(path: str) -> None:
        """Recreate in the new root the symlinks met on the way to `path`."""
        todo, seen = [path], set()
        while todo and len(seen) < 64:
            p = todo.pop()
            parts = p.strip("/").split("/")
            for i in range(1, len(parts) + 1):
                a = "/" + "/".join(parts[:i])
                if a in seen or not os.path.islink(a):
                    continue
                seen.add(a)
                target = os.readlink(a)
                if not os.path.lexists(inside(a)):
                    os.makedirs(os.path.dirname(inside(a)), exist_ok=True)
                    os.symlink(target, inside(a))
                todo.append(os.path.normpath(os.path.join(os.path.dirname(a), target)))

    # The learner's /tmp first: a .venv under /tmp is then bound inside it.
    size = f"size={cfg['scratch_mb']}m,nr_inodes=4096"
    os.makedirs(inside("/tmp"))
    _mount("tmpfs", inside("/tmp"), "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,{size}")

    # What the interpreter and numpy need, by real path.
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    # Hidden: the project (unless it is an installed copy inside the Python
    # installation: then its packages are emptied below, like refused libraries),
    # the grader's home and its temporary directory.
    hidden = [
        h
        for h in (os.path.realpath(p) for p in (cfg["project_root"], cfg["home"], cfg["tdir"]) if p)
        if h != "/" and not any(under(h, q) for q in prefixes)
    ]
    wanted = list(prefixes) + [os.path.realpath(cfg["numpy_path"])]
    for p in sys.path:
        r = os.path.realpath(p) if p else ""
        if r and os.path.exists(r) and (not any(under(r, h) for h in hidden) or any(under(r, q) for q in prefixes)):
            wanted.append(r)
    system = [d for d in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32") if os.path.lexists(d)]
    for d in system:
        if os.path.islink(d):
            os.symlink(os.readlink(d), inside(d))
    bound = [d for d in system if not os.path.islink(d)]
    for p in sorted(set(wanted), key=len):
        if any(under(p, b) for b in bound):
            continue
        bind(p)
        bound.append(p)
    for p in list(sys.path) + [sys.executable, cfg["numpy_path"]] + sorted(prefixes):
        if p:
            symlinks_to(os.path.abspath(p))

    # A hidden path inside something bound (e.g. the project under /usr/src, or the
    # home holding a pyenv): cover it, then put back what is needed from inside it.
    for h in hidden:
        if os.path.isdir(h) and any(under(h, b) and h != b for b in bound):
            _mount("tmpfs", inside(h), "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=64k")
            for p in sorted(set(wanted), key=len):
                if under(p, h) and p != h and any(under(p, q) for q in prefixes):
                    bind(p)
            _mount(None, inside(h), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)

    # Refused packages (and this project, if installed non-editable) become empty.
    import site

    dirs = set(sys.path) | {cfg["numpy_path"], "/usr/lib/python3/dist-packages"}
    for pre in {sys.prefix, sys.base_prefix, "/usr", "/usr/local"}:
        dirs.update(site.getsitepackages([pre]))
    for d in sorted(dirs):
        d = os.path.realpath(d) if d else ""
        if not d or not os.path.isdir(inside(d)):
            continue
        for name in cfg["refused"]:
            for candidate in (name, name + ".py"):
                empty(inside(os.path.join(d, candidate)))
        cache = inside(os.path.join(d, "__pycache__"))
        if os.path.isdir(cache):
            for f in os.listdir(cache):
                if f.split(".")[0] in cfg["refused"]:
                    empty(os.path.join(cache, f))

    # /etc, /dev, /proc, /tmp and the sandbox's own directories.
    os.makedirs(inside("/etc"), exist_ok=True)
    me = 0 if user else cfg["uid"]
    with open(inside("/etc/passwd"), "w") as f:
        f.write(f"root:x:0:0:root:/:/bin/false\nlearner:x:{me}:{me}:learner:{SANDBOX}/work:/bin/false\n")
    with open(inside("/etc/group"), "w") as f:
        f.write(f"root:x:0:\nlearner:x:{me}:\n")
    for name in ("/etc/ld.so.cache", "/etc/localtime"):
        if os.path.isfile(name):
            bind(os.path.realpath(name), name)
    os.makedirs(inside("/dev"), exist_ok=True)
    for name in ("null", "zero", "full", "random", "urandom"):
        if os.path.exists("/dev/" + name):
            bind("/dev/" + name, device=True)
    for name, target in (
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ):
        os.symlink(target, inside("/dev/" + name))
    os.makedirs(inside("/proc"), exist_ok=True)
    try:
        _mount("proc", inside("/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        pass  # e.g. a user namespace under a masked /proc: numpy does not need it
    for d in ("in", "work"):
        os.makedirs(inside(f"{SANDBOX}/{d}"), exist_ok=True)
    bind(os.path.join(cfg["tdir"], "in"), f"{SANDBOX}/in")
    _mount("tmpfs", inside(f"{SANDBOX}/work"), "tmpfs", MS_NOSUID | MS_NODEV, f"mode=700,uid={me},gid={me},{size}")
    _mount(None, new, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)

    # chroot, not pivot_root: a chrooted process may not create a user namespace
    # (unshare(2): EPERM), so learner code, without CAP_SYS_CHROOT, cannot get out.
    os.chroot(new)
    os.chdir("/")


# -------------------------------------------------------------------------------- keeper

_worker_pid = 0


def _keeper(cfg: dict, in_namespace: bool) -> None:
    global _worker_pid
    if not in_namespace and LINUX:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of the learner come back to us
    worker = _worker_pid = os.fork()
    if worker == 0:
        code = 0
        try:
            _worker(cfg, in_namespace)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except BaseException:  # noqa: BLE001 - our own failure: say so on stderr
            import traceback

            traceback.print_exc()
            code = 70
        finally:
            os._exit(code)
    if in_namespace:
        # Nothing more to do as root: no capability left, and not traceable (in a
        # user namespace the learner has the same uid as this PID 1).
        _prctl(PR_SET_DUMPABLE, 0)
        _drop_capabilities()
    os.close(0)
    while True:
        try:
            pid, status = os.waitpid(-1, 0)  # as PID 1 / subreaper: reap orphans too
        except ChildProcessError:
            status = 0
            break
        if pid == worker:
            break
    if os.WIFSIGNALED(status):
        send({"event": "worker_exit", "signal": os.WTERMSIG(status)})
    else:
        send({"event": "worker_exit", "code": os.waitstatus_to_exitcode(status)})
    if not in_namespace:
        _kill_descendants()
    os._exit(0)  # as PID 1 this kills whatever the learner left in the namespace


def _kill_descendants() -> None:
    """Plain mode: kill every process below this one (orphans were reparented to us
    as a child subreaper). Repeats until none is left, in case some were forking."""
    me = os.getpid()
    for _ in range(100):
        if not os.path.isdir("/proc"):
            break
        parent = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        stat = f.read()
                    parent[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
                except (OSError, ValueError, IndexError):
                    pass
        below, grew = set(), True
        while grew:
            grew = False
            for pid, ppid in parent.items():
                if pid not in below and (ppid == me or ppid in below):
                    below.add(pid)
                    grew = True
        if not below:
            break
        for pid in below:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
    if not LINUX and _worker_pid:  # no /proc: the worker's process group at least
        try:
            os.killpg(_worker_pid, signal.SIGKILL)
        except OSError:
            pass


# -------------------------------------------------------------------------------- worker


def _worker(cfg: dict, in_namespace: bool) -> None:
    import resource

    limits = cfg["limits"]
    if not in_namespace:
        os.setpgid(0, 0)
    mb = 1024 * 1024
    for name, value in (
        ("RLIMIT_AS", limits["memory_mb"] * mb),
        ("RLIMIT_NPROC", limits["processes"]),
        ("RLIMIT_FSIZE", limits["file_size_mb"] * mb),
        ("RLIMIT_NOFILE", limits["open_files"]),
        ("RLIMIT_CORE", 0),
        ("RLIMIT_CPU", (limits["cpu_seconds"], limits["cpu_seconds"] + 1)),
    ):
        if not hasattr(resource, name):
            continue
        which = getattr(resource, name)
        soft, hard = value if isinstance(value, tuple) else (value, value)
        now = resource.getrlimit(which)[1]
        if now != resource.RLIM_INFINITY:  # never above what we were given
            soft, hard = min(soft, now), min(hard, now)
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            if LINUX:
                raise  # macOS refuses some (RLIMIT_AS): the wall clock still holds
    _drop_privileges(cfg)
    if cfg["mode"] == "seccomp":
        try:
            cfg.pop("filter").load()
        except (OSError, RuntimeError, ValueError) as e:
            send({"event": "setup_failed", "error": f"the seccomp filter could not be loaded: {e}"})
            os._exit(3)
    os.chdir(f"{SANDBOX}/work" if in_namespace else os.path.join(cfg["tdir"], "work"))
    in_dir = f"{SANDBOX}/in" if in_namespace else os.path.join(cfg["tdir"], "in")

    # Our channels: the learner's input() must not eat commands, and its children
    # must not inherit them through exec.
    cmd_fd = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.set_inheritable(STATUS_FD, False)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # too large a file: an OSError, not death
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)

    notebook = os.path.join(in_dir, CELLS_NAME)
    if os.path.exists(notebook):
        with open(notebook, encoding="utf-8") as f:
            cells = [(int(number), str(text)) for number, text in json.load(f)]
    else:
        with open(os.path.join(in_dir, SUBMISSION_NAME), encoding="utf-8") as f:
            cells = [(None, f.read())]
    Runner(cfg, cmd_fd).serve(cells, os.path.join(in_dir, SUBMISSION_NAME))


def _drop_privileges(cfg: dict) -> None:
    if not LINUX:
        if cfg["uid"] is not None:
            os.setgroups([])
            os.setgid(cfg["gid"])
            os.setuid(cfg["uid"])
        return
    for cap in range(64):  # the bounding set: no way to regain a capability by exec
        try:
            _prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            pass
    if cfg["uid"] is not None:
        if cfg["mode"] in ("seccomp", "plain"):
            _import_through_descriptors()
        os.setgroups([])
        os.setresgid(cfg["gid"], cfg["gid"], cfg["gid"])
        os.setresuid(cfg["uid"], cfg["uid"], cfg["uid"])
    elif cfg["mode"] == "user_ns":
        _drop_capabilities()
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if cfg["mode"] in ("root_ns", "user_ns"):
        with open("/proc/self/status") as f:
            eff = [line for line in f if line.startswith("CapEff:")]
        if eff and int(eff[0].split()[1], 16) != 0:
            raise RuntimeError("capabilities were not dropped")


def _import_through_descriptors() -> None:
    """Outside namespaces, the learner's uid may not reach the Python installation (pyenv
    under /root; a venv inside the project, which the seccomp level closes). Each folder
    of the import path is opened now, as root, and imported from through its descriptor
    (/proc/self/fd/N): that leads into the folder and what others may read below it, not
    to anything above it that is closed to them."""
    through: dict[str, str] = {}
    for entry in sys.path:
        if entry and entry not in through and os.path.isdir(entry):
            fd = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            through[entry] = f"/proc/self/fd/{fd}"

    def moved(path: str) -> str:
        for old in sorted(through, key=len, reverse=True):
            if path == old or path.startswith(old.rstrip("/") + "/"):
                return through[old] + path[len(old) :]
        return path

    sys.path[:] = [moved(entry) for entry in sys.path]
    for module in list(sys.modules.values()):
        path = getattr(module, "__path__", None)
        if type(path) is list:
            path[:] = [moved(entry) if isinstance(entry, str) else entry for entry in path]
    sys.path_importer_cache.clear()


def _drop_capabilities() -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable sets."""
    import ctypes

    for cap in range(64):
        try:
            _prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            pass
    try:
        _prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    except OSError:
        pass

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    data = (ctypes.c_uint32 * 6)()
    _check(_c().capset(ctypes.byref(Header(0x20080522, 0)), data), "capset")


class RefusedImport(ImportError):
    pass


# ----------------------------------------------------------- Jupyter's and plotting's stand-ins


class Anything:
    """What a plotting call gives back in the grader: every attribute, call, item and
    context is another Anything; nothing is drawn, nothing is iterated."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything()

    def __call__(self, *args, **kwargs):
        return Anything()

    def __getitem__(self, key):
        return Anything()

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __repr__(self):
        return "<nothing: plots are not drawn in the grader>"


def _subplots(nrows=1, ncols=1, *, squeeze=True, **kwargs):
    """plt.subplots: a figure and one axes, or an array of them shaped (nrows, ncols)."""
    import numpy as np

    if squeeze and nrows == ncols == 1:
        return Anything(), Anything()
    axes = np.empty((nrows, ncols), dtype=object)
    for index in np.ndindex(axes.shape):
        axes[index] = Anything()
    return Anything(), (axes.squeeze() if squeeze else axes)


def _display(*objects, **kwargs):
    """IPython's display(): nothing is shown in the grader."""
    return None


class _Shell:
    """get_ipython() in the grader: magics and shell commands do nothing (`x = !ls` gives
    []), except %time and %timeit, which run their statement once, as IPython runs it."""

    def run_line_magic(self, name, line, _stack_depth=1):
        if name not in ("time", "timeit"):
            return None
        caller = sys._getframe(1)
        try:
            code = compile(line, "<magic>", "eval")
        except SyntaxError:
            exec(compile(line, "<magic>", "exec"), caller.f_globals, caller.f_locals)
            return None
        return eval(code, caller.f_globals, caller.f_locals)

    def run_cell_magic(self, name, line, cell):
        return None

    def system(self, command):
        return None

    def getoutput(self, command):
        return []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything()


_SHELL = _Shell()


def _get_ipython():
    return _SHELL


def _stand_in_module(name: str):
    """IPython, matplotlib and mpl_toolkits, or one of their submodules: importable, and
    whatever is used from them is an Anything (pyplot.subplots returns the shapes code
    unpacks; IPython.display.display and IPython.get_ipython are the ones above)."""
    import types

    module = types.ModuleType(name, "a stand-in of the grader: nothing is drawn or shown")
    module.__path__ = []  # a package: its submodules are stand-ins too

    def attribute(attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        if attr in STAND_IN_SUBMODULES:  # `from matplotlib import pyplot`, `matplotlib.pyplot.plot`
            import importlib

            return importlib.import_module(f"{name}.{attr}")
        return Anything()

    module.__getattr__ = attribute
    if name == "matplotlib.pyplot":
        module.subplots = _subplots
    if name.startswith("IPython"):
        module.display = _display
        module.get_ipython = _get_ipython
    return module


class Runner:
    """Loads the learner's module and answers call commands, one frame at a time."""

    def __init__(self, cfg: dict, cmd_fd: int) -> None:
        import importlib.machinery
        import io
        import types

        import numpy as np
        import numpy.lib.format as npformat

        self.np, self.npformat, self.io, self.types = np, npformat, io, types
        self.cmd_fd = cmd_fd
        self.limits = cfg["limits"]
        self.max_bytes = self.limits["file_size_mb"] * 1024 * 1024
        self.refused_now: list[str] = []
        self.scalar_types = set()
        for c in np.typecodes["AllInteger"] + np.typecodes["Float"] + "?":
            try:
                self.scalar_types.add(np.dtype(c).type)
            except TypeError:
                pass
        self.stdout, self.stderr = sys.stdout, sys.stderr
        refused, runner = frozenset(cfg["refused"]), self

        class Refuser:  # a meta path finder (importlib.abc would cost ~15 ms of start-up)
            def find_spec(self, name, path=None, target=None):
                top = name.partition(".")[0]
                if top in refused:
                    runner.refused_now.append(top)
                    raise RefusedImport(f"imports {top}, which this task does not allow", name=top)
                return None

        class StandIns:  # a meta path finder and its loader
            def find_spec(self, name, path=None, target=None):
                if name.partition(".")[0] in STAND_INS:
                    return importlib.machinery.ModuleSpec(name, self, is_package=True)
                return None

            def create_module(self, spec):
                return _stand_in_module(spec.name)

            def exec_module(self, module):
                pass

        sys.meta_path.insert(0, StandIns())
        sys.meta_path.insert(0, Refuser())
        for name in list(sys.modules):
            if name.partition(".")[0] in refused or name.partition(".")[0] in STAND_INS:
                del sys.modules[name]

    # --- loading -----------------------------------------------------------------------

    def serve(self, cells: list, filename: str) -> None:
        """`cells`: [(None, source)] for a module, [(cell number, Python), ...] for a notebook."""
        self.filename = filename
        send({"event": "ready"})
        command = self.command()  # sent once the grader has read our own start-up output
        if command is None or command[0].get("command") != "load":
            return
        if cells and cells[0][0] is None:
            failure, notes = self.load(cells[0][1]), []
        else:
            failure, notes = None, self.run_cells(cells)
        self.flush()
        send({"event": "load_failed", **failure} if failure else {"event": "loaded", "notes": notes})
        if failure:
            return
        while self.answer():
            pass

    def answer(self) -> bool:
        """Read one command and answer it; False when there is no call to make. The
        call's frame and arguments are locals here and below: gone once it returns."""
        command = self.command()
        if command is None or command[0].get("command") != "call":
            return False
        header, payload = command
        del command
        index = header["call"]
        reply, data = self.call(header, payload)
        del header, payload
        self.flush()
        send({"event": "result", "call": index, **reply}, data)
        return True

    def command(self) -> tuple[dict, bytes] | None:
        """Exactly one frame from the command pipe (None at its end): this process never
        holds a byte of the next command before it has answered this one."""
        os.set_blocking(self.cmd_fd, True)  # learner code may have made it non-blocking
        size = self.read_exact(4)
        if size is None:
            return None
        text = self.read_exact(struct.unpack(">I", size)[0])
        header = json.loads(text) if text is not None else None
        if not isinstance(header, dict):
            return None
        payload = self.read_exact(header.get("payload", 0))
        return None if payload is None else (header, payload)

    def read_exact(self, n: int) -> bytes | None:
        chunks, left = [], n
        while left > 0:
            chunk = os.read(self.cmd_fd, min(left, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def new_module(self, name: str):
        module = self.types.ModuleType(name)
        module.__file__ = self.filename
        sys.modules["submission"] = module
        sys.argv = [SUBMISSION_NAME]
        self.module = module
        self.refused_now.clear()
        return module

    def load(self, source: str) -> dict | None:
        """Run the learner's module; a failure fails every call."""
        try:
            code = compile(source, self.filename, "exec", dont_inherit=True)
        except SyntaxError as e:
            return {"status": "load_error", "message": f"{type(e).__name__} at line {e.lineno}: {e.msg}"}
        except (ValueError, MemoryError, RecursionError) as e:
            return {"status": "load_error", "message": f"the file cannot be compiled: {e}"}
        module = self.new_module("submission")
        try:
            exec(code, module.__dict__)
        except BaseException as e:  # noqa: BLE001 - everything the learner can raise
            failure = self.failure(e, loading=True)
            if failure["status"] == "exception":
                failure["status"] = "load_error"
            return failure
        return None

    def run_cells(self, cells: list) -> list[str]:
        """Run a notebook's cells in order in one namespace, as Jupyter does (__name__ is
        "__main__", display() and get_ipython() exist); a cell that fails is noted and
        the next one runs, as in nbgrader and otter. The notes: one line per failed cell."""
        module = self.new_module("__main__")
        module.display = _display
        module.get_ipython = _get_ipython
        notes = []
        for number, text in cells:
            self.refused_now.clear()
            try:
                exec(compile(text, f"<cell {number}>", "exec", dont_inherit=True), module.__dict__)
            except SyntaxError as e:
                notes.append(f"cell {number}, line {e.lineno}: {type(e).__name__}: {e.msg}")
            except BaseException as e:  # noqa: BLE001 - everything the learner can raise
                message = self.failure(e, loading=True)["message"]
                here = message.rfind(f" (cell {number}, line ")  # raised in this cell: say where first
                if here >= 0 and message.endswith(")"):
                    notes.append(f"{message[here + 2 : -1]}: {message[:here]}")
                else:
                    notes.append(f"cell {number}: {message}")
        if len(notes) > MAX_NOTES:
            notes[MAX_NOTES:] = [f"and {len(notes) - MAX_NOTES} more cells failed"]
        return notes

    # --- calls -------------------------------------------------------------------------

    def call(self, header: dict, payload: bytes) -> tuple[dict, bytes]:
        name = header["function"]
        fn = self.module.__dict__.get(name)
        if fn is None:
            return {"status": "missing_function", "message": f"the module defines no function {name}()"}, b""
        if not callable(fn):
            return {
                "status": "missing_function",
                "message": f"{name} is {self.a(self.type_name(fn))}, not a function",
            }, b""
        try:
            args = self.arguments(header["args"], payload)
            names = header.get("unchanged") or []
            kept = [
                (names[k], a, a.copy()) for k, a in enumerate(args) if k < len(names) and type(a) is self.np.ndarray
            ]
        except Exception as e:  # noqa: BLE001 - e.g. the learner filled memory first
            return self.failure(e), b""
        del header, payload
        self.refused_now.clear()
        self.cpu_allowance()
        try:
            result = fn(*args)
        except BaseException as e:  # noqa: BLE001
            return self.failure(e), b""
        finally:
            del args
        changed = [name for name, a, copy in kept if not self.same(a, copy)]
        del kept
        if changed:
            return {
                "status": "modified_input",
                "message": f"changed {', '.join(changed)} in place; {name}() must leave its inputs unchanged "
                f"(work on a copy, e.g. {changed[0]} = {changed[0]} - ... instead of {changed[0]} -= ...)",
            }, b""
        try:
            return self.encode(result)
        except MemoryError:
            return {"status": "memory", "message": "ran out of memory returning the result"}, b""
        except Exception as e:  # noqa: BLE001 - a lying object lied to itself
            return {"status": "bad_output", "message": f"the result could not be read: {type(e).__name__}"}, b""

    @staticmethod
    def same(array, copy) -> bool:
        """The argument still holds exactly what it was given (dtype, shape and every bit)."""
        try:
            return array.dtype == copy.dtype and array.shape == copy.shape and array.tobytes() == copy.tobytes()
        except Exception:  # noqa: BLE001 - e.g. memory: then it cannot be told; not the learner's fault
            return True

    def cpu_allowance(self) -> None:
        """CPU time per call: RLIMIT_CPU's soft limit moves to what this process used so far
        plus the call's allowance (SIGXCPU past it); the hard limit stays the backstop."""
        import math
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        want = math.ceil(usage.ru_utime + usage.ru_stime) + self.limits["call_cpu_seconds"]
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard - 1)  # SIGXCPU at the soft limit comes before SIGKILL at the hard one
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (want, hard))
        except (ValueError, OSError):
            pass  # the wall clock and the hard limit still hold

    def arguments(self, items: list, payload: bytes) -> list:
        """The call's positional arguments, decoded from its frame (sent by the grader)."""
        args, at = [], 0
        for item in items:
            kind = item["kind"]
            if kind == "array":
                blob = self.io.BytesIO(payload[at : at + item["size"]])
                at += item["size"]
                args.append(self.npformat.read_array(blob, allow_pickle=False))
            elif kind == "none":
                args.append(None)
            else:
                decode = {"int": int, "float": float.fromhex, "bool": bool, "str": str}[kind]
                args.append(decode(item["value"]))
        return args

    def failure(self, e: BaseException, loading: bool = False) -> dict:
        during = " while loading the module" if loading else ""
        if self.refused_now and self.in_chain(e, (ImportError,)):
            return {
                "status": "refused_import",
                "message": f"imports {self.refused_now[0]}, which this task does not allow",
            }
        if isinstance(e, SystemExit):
            try:
                code = "" if e.code is None else repr(e.code)[:50]
            except Exception:  # noqa: BLE001
                code = "?"
            return {"status": "exited", "message": f"called sys.exit({code}){during}"}
        if self.in_chain(e, (MemoryError,)):
            return {"status": "memory", "message": f"used more than {self.limits['memory_mb']} MB{during}"}
        return {"status": "exception", "message": self.describe(e)}

    @staticmethod
    def in_chain(e: BaseException, kinds: tuple) -> bool:
        seen = 0
        while e is not None and seen < 20:
            if isinstance(e, kinds):
                return True
            e, seen = e.__cause__ or e.__context__, seen + 1
        return False

    def describe(self, e: BaseException) -> str:
        line, tb = None, e.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename == self.filename:
                line = f"line {tb.tb_lineno}"
            elif filename.startswith("<cell ") and filename.endswith(">"):
                line = f"{filename[1:-1]}, line {tb.tb_lineno}"
            tb = tb.tb_next
        try:
            text = str(e)
        except BaseException:  # noqa: BLE001
            text = ""
        text = " ".join(text.split())[:300]
        name = self.type_name(e)
        where = f" ({line})" if line else ""
        return f"{name}: {text}{where}" if text else f"{name}{where}"

    # --- results: only plain numbers cross ---------------------------------------------

    def encode(self, result) -> tuple[dict, bytes]:
        if type(result) is list:  # a list of outputs is a tuple of them; the grader stacks numbers
            result = tuple(result)
        if type(result) is tuple:
            if len(result) > 64:
                return self.bad(f"returned a tuple of {len(result)} items; at most 64 are read"), b""
            items, blobs = [], []
            for i, x in enumerate(result):
                item, blob, problem = self.encode_one(x)
                if problem:
                    return self.bad(f"returned a tuple whose item {i} is {problem}"), b""
                items.append(item)
                blobs.append(blob)
            payload = b"".join(blobs)
            if len(payload) > self.max_bytes:
                return self.bad(f"returned more than {self.limits['file_size_mb']} MB"), b""
            return {"status": "ok", "tuple": True, "items": items}, payload
        item, blob, problem = self.encode_one(result)
        if problem:
            return self.bad(f"returned {problem}"), b""
        return {"status": "ok", "tuple": False, "items": [item]}, blob

    def bad(self, message: str) -> dict:
        return {"status": "bad_output", "message": message}

    def encode_one(self, x) -> tuple[dict | None, bytes, str | None]:
        np, t = self.np, type(x)
        want = "; expected a numeric numpy array or a number"
        if t is np.ndarray:
            if x.dtype.kind not in "biuf":
                return None, b"", f"an array of dtype {x.dtype}; expected numbers (bool, int or float)"
            if x.nbytes > self.max_bytes:
                return None, b"", f"an array of {x.nbytes // 1048576} MB; more than {self.limits['file_size_mb']} MB"
            buf = self.io.BytesIO()
            self.npformat.write_array(buf, x, allow_pickle=False)
            blob = buf.getvalue()
            return {"kind": "array", "size": len(blob)}, blob, None
        if t is bool or t is np.bool_:
            return {"kind": "bool", "value": bool(x)}, b"", None
        if t is int or (t in self.scalar_types and issubclass(t, np.integer)):
            text = str(int(x))
            if len(text) > 4000:
                return None, b"", "an int with more than 4000 digits"
            return {"kind": "int", "value": text}, b"", None
        if t is float or t in self.scalar_types:
            return {"kind": "float", "value": float(x).hex()}, b"", None
        if isinstance(x, np.ndarray):
            return (
                None,
                b"",
                (
                    f"{self.a(self.type_name(x))} (a subclass of numpy.ndarray); expected a plain "
                    f"numpy array (np.asarray(...))"
                ),
            )
        if x is None:
            return None, b"", f"None{want} (is a return statement missing?)"
        if t in (list, tuple):  # nested inside a tuple of outputs: the numbers as an array
            try:
                array = np.array(x)
            except Exception:  # noqa: BLE001 - ragged, or objects that refuse
                array = None
            if type(array) is np.ndarray and array.dtype.kind in "biuf":
                return self.encode_one(array)
            return None, b"", f"{self.a(t.__name__)}{want} (np.array(...) makes one)"
        return None, b"", f"{self.a(self.type_name(x))}{want}"

    @staticmethod
    def type_name(x) -> str:
        try:
            name = type.__dict__["__name__"].__get__(type(x))
        except Exception:  # noqa: BLE001
            name = "object"
        return str(name)[:60]

    @staticmethod
    def a(word: str) -> str:
        return ("an " if word[:1].lower() in "aeiou" else "a ") + word

    def flush(self) -> None:
        for stream in (sys.stdout, sys.stderr, self.stdout, self.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - the learner may have replaced them
                pass


if __name__ == "__main__":
    main()
