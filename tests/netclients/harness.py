"""harness.py — starts a real gg-server for the network client tests.

    with Server(bin_dir) as srv:          # --port 0 --no-journal on 127.0.0.1
        srv.port, srv.addr                # "127.0.0.1:PORT"

The port is parsed from the server's `event=listening ... port=N` log line.
The server is always stopped (SIGTERM, then SIGKILL) when the block ends;
its log is kept in srv.log_text() for failure messages.

Run as a script it starts a server, prints the port and waits for stdin to
close (handy by hand: `python3 harness.py BIN_DIR`).
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

PY = "/usr/bin/python3"


class Server:
    def __init__(self, bin_dir, extra=None, data_dir=None, port=0, stdout=None):
        self.bin_dir = bin_dir
        self.stdout = stdout  # a file for the server's stdout (its banner), or None
        self.extra = list(extra or [])
        self.data_dir = data_dir
        self.want_port = port
        self.proc = None
        self.port = None
        self.log = tempfile.NamedTemporaryFile(prefix="gg-server-", suffix=".log", delete=False)

    @property
    def addr(self):
        return "127.0.0.1:%d" % self.port

    def start(self, timeout=10.0):
        args = [os.path.join(self.bin_dir, "gg-server"), "--port", str(self.want_port),
                "--bind", "127.0.0.1"]
        args += ["--data", self.data_dir] if self.data_dir else ["--no-journal"]
        args += self.extra
        self.proc = subprocess.Popen(args, stdout=self.stdout or subprocess.DEVNULL, stderr=self.log,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(r"event=listening .*?port=(\d+)", self.log_text())
            if m:
                self.port = int(m.group(1))
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("gg-server did not start:\n" + self.log_text())

    def log_text(self):
        with open(self.log.name, "r", errors="replace") as f:
            return f.read()

    def kill(self):
        """SIGKILL (a crash); the log stays."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self.start()

    def sanitizer_report(self):
        """The first sanitizer report in the server's log (ASan, LeakSanitizer,
        UBSan under the asan preset), or None."""
        text = self.log_text()
        m = re.search(r"(ERROR: (Address|Leak)Sanitizer|runtime error:)", text)
        return text[max(0, m.start() - 200):m.start() + 3000] if m else None

    def __exit__(self, *exc):
        self.stop()
        report = self.sanitizer_report()
        if report and exc[0] is None:
            # A memory error the test itself did not notice (one at shutdown,
            # a leak) still fails it under the sanitizer build.
            sys.stderr.write("---- gg-server sanitizer report ----\n" + report + "\n")
            raise AssertionError("gg-server reported a sanitizer error (log above)")
        if exc[0] is not None:
            sys.stderr.write("---- gg-server log ----\n" + self.log_text()[-4000:])
        try:
            os.unlink(self.log.name)
        except OSError:
            pass
        return False


def run(args, timeout=60, stdin=None, check=True, env=None):
    """Runs a client; returns CompletedProcess (text). Fails the test with
    its output when check and the exit status is not 0."""
    p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=timeout,
                       env=env)
    if check and p.returncode != 0:
        raise AssertionError("%s exited %d\nstdout:\n%s\nstderr:\n%s"
                             % (" ".join(args), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    return p


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main_cases(cases):
    """Runs the case named in argv[2] (argv[1] = bin dir); `--list` lists."""
    if len(sys.argv) > 1 and sys.argv[1] == "--list":
        print("\n".join(cases))
        return 0
    if len(sys.argv) != 3 or sys.argv[2] not in cases:
        sys.stderr.write("usage: %s BIN_DIR CASE (cases: %s)\n" % (sys.argv[0], " ".join(cases)))
        return 2
    cases[sys.argv[2]](sys.argv[1])
    print("PASS %s" % sys.argv[2])
    return 0


if __name__ == "__main__":
    with Server(sys.argv[1] if len(sys.argv) > 1 else ".") as s:
        print(s.port, flush=True)
        sys.stdin.read()
