"""test_conformance.py — PROTOCOL.md's numbered promises, one test each,
against a real gg-server over TCP.

Each case's docstring starts with the promises it checks ([P5.3] etc., as
numbered in PROTOCOL.md) and the error codes it provokes; the `coverage`
case fails when a promise or a §13 error code has no test (or a test cites
one the document does not have). Read a case as a worked example: it shows
what a client sends and what it may rely on.

The cases live in one module per part of the document: conf_wire.py
(§1-§3 framing, messages, handshake; §7 replies and errors), conf_lobby.py
(§4), conf_stream.py (§5 sequence numbers and resume), conf_turns.py (§6
and §8, a whole game), conf_roles.py (who may do and see what). This file
runs them and holds the `coverage` case.

Usage: test_conformance.py BIN_DIR CASE   (--list for the cases)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "netclients"))

import conf_lobby  # noqa: E402
import conf_roles  # noqa: E402
import conf_stream  # noqa: E402
import conf_turns  # noqa: E402
import conf_wire  # noqa: E402
from harness import check, main_cases  # noqa: E402

# The cases, one module per part of the document: each case_NAME is the
# ctest entry conformance.NAME.
MODULES = [conf_wire, conf_lobby, conf_stream, conf_turns, conf_roles]

ROOT = os.path.join(HERE, "..", "..")

# §13 codes a client cannot make the server send, and why (the coverage
# case checks this list against the document too).
NOT_ON_THE_WIRE = {
    "BUFFER_FULL": "an encoder's own error (the caller's buffer)",
    "INTERNAL": "a server bug; nothing a client does should cause it",
    "QUEUE_FULL": "the server drops a slow reader; a client library reports it locally",
    "CONN_CLOSED": "reported by a client library when the connection is gone",
    "CONNECT_FAILED": "reported by a client library when it cannot connect",
    "STORAGE_IO": "a failing disk (tests/server: --test-storage-pages covers it)",
    "STORAGE_CORRUPT": "the server's journal tools",
    "STORAGE_OPEN": "the server's start-up",
    "REPLAY_FORMAT": "replay tools (gg-arena)",
    "REPLAY_DIVERGED": "replay tools (gg-arena)",
}


# ---- the suite covers the document ----------------------------------------------


def case_coverage(bin_dir):
    """Every promise [Pn.m] of PROTOCOL.md is cited by a case, every case
    cites promises the document has, and every §13 error code is provoked
    by a case or listed in NOT_ON_THE_WIRE (which the document agrees with)."""
    doc = open(os.path.join(ROOT, "PROTOCOL.md"), encoding="utf-8").read()
    promised = set(re.findall(r"\[(P\d+\.\d+)\]", doc))
    check(promised, "PROTOCOL.md numbers no promises")
    cited, provoked = set(), set()
    for name, fn in CASES.items():
        text = fn.__doc__ or ""
        cited |= set(re.findall(r"\[(P\d+\.\d+)\]", text))
        provoked |= set(re.findall(r"\b([A-Z][A-Z_]{3,})\b", text.split("\n\n")[0]))
    check(promised - cited == set(), "promises without a test: %s" % sorted(promised - cited))
    check(cited - promised == set(), "tests cite unknown promises: %s" % sorted(cited - promised))
    section = doc[doc.index("## 13. Error codes"):doc.index("## 14. Limits")]
    codes = set(re.findall(r"^\| -\d+ \| `([A-Z_]+)` \|", section, re.M))
    missing = codes - provoked - set(NOT_ON_THE_WIRE)
    check(not missing, "error codes no case provokes: %s" % sorted(missing))
    for name in NOT_ON_THE_WIRE:
        check(name in codes, "NOT_ON_THE_WIRE names %s, which §13 lacks" % name)
        check(name in section.split("<!-- END GENERATED: errors -->")[1],
              "§13 does not say %s is never sent to clients" % name)


CASES = dict(sorted(
    [(name[5:], fn) for module in MODULES for name, fn in vars(module).items()
     if name.startswith("case_")] + [("coverage", case_coverage)]))

if __name__ == "__main__":
    sys.exit(main_cases(CASES))
