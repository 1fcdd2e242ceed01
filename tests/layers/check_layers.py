#!/usr/bin/env python3
"""check_layers.py — the house's dependency rules, checked on a real build.

Reads what the build actually uses — every compile command's include
directories (compile_commands.json) and every program's link line
(CMakeFiles/*/link.txt) — plus the sources' own #include lines, and fails if:

  1. a part includes from a layer it may not: dependencies point one way,
     rules <- protocol <- game, rules <- bots, and server/ and clients/ use
     those (and util/, which depends on nothing) but never each other
     (ENGINEERING.md, "The house");
  2. a pure library (rules, protocol, game, bots) includes a public header
     of a layer above it (e.g. rules/ including gg/protocol.h);
  3. a program or library of server/ links a library built from clients/,
     or the other way round;
  4. an internal header (*_internal.h) is included from outside its folder.

Usage: check_layers.py SOURCE_DIR BUILD_DIR [--inject-include FILE:DIR]
--inject-include pretends FILE was also compiled with -IDIR (the ctest
`layers.detects_cross_include` uses it to prove the check can fail).
Exit 0 when every rule holds, 1 with one line per violation otherwise.
"""
import json
import os
import re
import shlex
import sys

# Which top-level parts each part may take include directories from.
ALLOWED_INCLUDE_PARTS = {
    "util": {"include", "util"},
    "rules": {"include", "rules"},
    "protocol": {"include", "protocol"},
    "game": {"include", "game"},
    "bots": {"include", "bots"},
    "server": {"include", "server", "util"},
    "clients": {"include", "clients", "util"},
}
# Which public headers (include/gg/*.h) each pure layer may include.
# util/ depends on nothing (libc and the error codes); the pure layers do not
# use it, since it writes to FILEs.
PUBLIC_HEADERS = {
    "util": {"errors.h", "util.h"},
    "rules": {"rules.h", "rules_data.h", "errors.h", "limits.h", "reasons.h"},
    "protocol": {"rules.h", "rules_data.h", "errors.h", "limits.h", "reasons.h", "protocol.h"},
    "game": {"rules.h", "rules_data.h", "errors.h", "limits.h", "reasons.h", "protocol.h", "game.h"},
    "bots": {"rules.h", "rules_data.h", "errors.h", "limits.h", "reasons.h", "bots.h"},
}
# Parts whose code may never meet: a library from one in a program of the other.
APART = {"server": "clients", "clients": "server"}


def part_of(path, src):
    """The top-level folder of `path` inside the source tree, or None."""
    rel = os.path.relpath(os.path.realpath(path), src)
    if rel.startswith(".."):
        return None
    return rel.split(os.sep)[0]


def include_dirs(command, directory):
    args = shlex.split(command)
    dirs = []
    for i, a in enumerate(args):
        if a in ("-I", "-isystem") and i + 1 < len(args):
            dirs.append(args[i + 1])
        elif a.startswith("-I"):
            dirs.append(a[2:])
    return [os.path.normpath(os.path.join(directory, d)) for d in dirs]


def check_includes(src, entries, errors):
    for e in entries:
        f = e["file"]
        part = part_of(f, src)
        if part not in ALLOWED_INCLUDE_PARTS:
            continue  # tests/ and bench/ may look anywhere
        for d in e["includes"]:
            dpart = part_of(d, src)
            if dpart is not None and dpart not in ALLOWED_INCLUDE_PARTS[part]:
                errors.append(f"{os.path.relpath(f, src)}: part '{part}' is compiled with "
                              f"-I{os.path.relpath(d, src)} (part '{dpart}'): move what both "
                              f"need into game/, bots/ or protocol/")


INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def sources(src):
    for top in ("util", "rules", "protocol", "game", "bots", "server", "clients", "tests", "bench"):
        for root, _, files in os.walk(os.path.join(src, top)):
            if "node_modules" in root:
                continue
            for name in files:
                if name.endswith((".c", ".h")):
                    yield os.path.join(root, name)


def check_headers(src, errors):
    for f in sources(src):
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        part = part_of(f, src)
        for inc in INCLUDE_RE.findall(text):
            base = os.path.basename(inc)
            if base.endswith("_internal.h"):
                here = os.path.dirname(f)
                if not os.path.exists(os.path.join(here, inc)):
                    errors.append(f"{os.path.relpath(f, src)}: includes internal header {inc} "
                                  f"from outside its folder")
            if inc.startswith("gg/") and part in PUBLIC_HEADERS \
                    and base not in PUBLIC_HEADERS[part]:
                errors.append(f"{os.path.relpath(f, src)}: the pure layer '{part}' includes "
                              f"{inc}, a layer above it")


def check_links(src, build, lib_part, errors):
    for root, _, files in os.walk(build):
        if "link.txt" not in files or not root.endswith(".dir"):
            continue
        target_dir = os.path.dirname(os.path.dirname(root))  # .../<dir>/CMakeFiles/<t>.dir
        rel = os.path.relpath(target_dir, build)
        part = rel.split(os.sep)[0]
        if part not in APART:
            continue
        with open(os.path.join(root, "link.txt")) as fh:
            line = fh.read()
        for lib in re.findall(r"lib(gg_\w+)\.a", line):
            if lib_part.get(lib) == APART[part]:
                target = os.path.basename(root)[:-4]
                errors.append(f"{rel}/{target} links {lib} from {APART[part]}/: "
                              f"server/ and clients/ never share code directly")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, build = os.path.realpath(argv[1]), os.path.realpath(argv[2])
    inject = {}
    if len(argv) == 5 and argv[3] == "--inject-include":
        f, d = argv[4].split(":", 1)
        inject[os.path.realpath(os.path.join(src, f))] = os.path.join(src, d)
    with open(os.path.join(build, "compile_commands.json")) as fh:
        db = json.load(fh)
    entries, lib_part = [], {}
    for e in db:
        f = os.path.realpath(e["file"])
        incs = include_dirs(e["command"], e["directory"])
        if f in inject:
            incs.append(inject[f])
        entries.append({"file": f, "includes": incs})
        m = re.search(r"CMakeFiles/(gg_\w+)\.dir/", e["command"])
        if m and part_of(f, src):
            lib_part[m.group(1)] = part_of(f, src)
    if not entries:
        print("check_layers: compile_commands.json lists no sources", file=sys.stderr)
        return 2
    errors = []
    check_includes(src, entries, errors)
    check_headers(src, errors)
    check_links(src, build, lib_part, errors)
    for e in errors:
        print("check_layers: " + e, file=sys.stderr)
    if errors:
        return 1
    print(f"check_layers: ok ({len(entries)} sources, {len(lib_part)} libraries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
