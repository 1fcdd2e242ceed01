#!/usr/bin/python3
"""bench/server/wal_pages.py DIR: what a gg-server journal's WAL frames are.

Copies games.db and games.db-wal out of DIR (a running server's --data
directory, e.g. bench-host capacity's /var/tmp/bench-host-capacity-*), then
prints the frames since the WAL's last restart: how many each commit wrote
(one frame = one 4 KiB page + 24 bytes), how many distinct pages, and which
table or index (and B-tree page type) each frame's page belongs to, from
SQLite's dbstat on the copy. Issue 17: what a group commit writes.
"""
import collections
import os
import shutil
import sqlite3
import struct
import sys
import tempfile


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip())
        return 2
    src = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="wal-pages-", dir="/var/tmp")
    try:
        shutil.copy(os.path.join(src, "games.db-wal"), os.path.join(tmp, "wal.bin"))
        shutil.copy(os.path.join(src, "games.db"), os.path.join(tmp, "games.db"))
        shutil.copy(os.path.join(tmp, "wal.bin"), os.path.join(tmp, "games.db-wal"))
        with open(os.path.join(tmp, "wal.bin"), "rb") as f:
            wal = f.read()
        psz, _, s1, s2 = struct.unpack(">IIII", wal[8:24])
        frames, commits, cur, off = [], [], 0, 32
        while off + 24 + psz <= len(wal):
            pg, dbsize, f1, f2 = struct.unpack(">IIII", wal[off:off + 16])
            if (f1, f2) != (s1, s2):  # frames of an older cycle of the WAL
                break
            frames.append(pg)
            cur += 1
            if dbsize:  # the commit frame of a transaction
                commits.append(cur)
                cur = 0
            off += 24 + psz
        db = sqlite3.connect(os.path.join(tmp, "games.db"))
        owner = {}
        for name, pageno, ptype in db.execute("SELECT name, pageno, pagetype FROM dbstat"):
            owner[pageno] = "%s (%s)" % (name, ptype)
        db.close()
    finally:
        shutil.rmtree(tmp)
    n = len(frames)
    if not commits:
        print("no committed frames in the WAL (it just started over?)")
        return 1
    commits.sort()
    print("page size %d: %d frames in %d commits, %.1f per commit (median %d, max %d)"
          % (psz, n, len(commits), n / len(commits), commits[len(commits) // 2], commits[-1]))
    print("distinct pages %d (%.2f frames per page)" % (len(set(frames)), n / len(set(frames))))
    for name, c in collections.Counter(owner.get(p, "? (new)") for p in frames).most_common():
        print("  %-44s %8d frames %5.1f%%" % (name, c, 100.0 * c / n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
