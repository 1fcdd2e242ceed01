/* store/store_snap.c — per-turn snapshots of a game (schema v3).
 *
 * A snapshot is an opaque blob (gg-server's encoding of a game after a
 * resolved turn, server/host/snapshot.c) stored with the journal record
 * number it covers (`seq`: every record up to and including it is in it)
 * and the turn. It is checksummed like every row (gg_sum over game, seq,
 * turn, data). It is a cache of the journal, never its only copy: the
 * records it covers stay in the journal (export, fork and debrief need
 * every command), so a lost or damaged snapshot costs recovery time, never
 * a game.
 *
 * Bounded size: a game keeps its newest GG_STORE_SNAPSHOTS_KEPT snapshots
 * (each put prunes the older ones in the same group), and a finished game
 * keeps only its newest (gg_store_finish_game prunes, and a put after the
 * end keeps one). Snapshots therefore add a constant per game, not a
 * multiple of the journal. */
#include "store_internal.h"

#include "gg/errors.h"

#include <stdio.h>

int gg__store_prune_snapshots(gg_store *s, int64_t game, int keep)
{
    sqlite3_stmt *st = s->st[GG__ST_SNAP_PRUNE];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int(st, 2, keep);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : gg__store_write_fail(s, rc, "pruning snapshots");
}

int gg_store_put_snapshot(gg_store *s, int64_t game, uint32_t seq, int turn, const void *data,
                          size_t len)
{
    if (len == 0 || len > GG_STORE_SNAPSHOT_MAX)
        return gg__store_msg(s, GG_EMSG_TOO_BIG,
                             "put_snapshot: a snapshot of %zu bytes (1..%d allowed)", len,
                             GG_STORE_SNAPSHOT_MAX);
    int rc = gg__store_write_begin(s);
    if (rc)
        return rc;
    /* finished? (a finished game keeps one snapshot) */
    sqlite3_stmt *st = s->st[GG__ST_GAME_STATE];
    sqlite3_bind_int64(st, 1, game);
    rc = sqlite3_step(st);
    int finished = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return gg__store_msg(s, GG_ENOT_FOUND, "put_snapshot: no game %lld in the store",
                             (long long)game);
    if (rc != SQLITE_ROW)
        return gg__store_write_fail(s, rc, "put_snapshot");
    st = s->st[GG__ST_SNAP_PUT];
    sqlite3_bind_int64(st, 1, game);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_int(st, 3, turn);
    sqlite3_bind_blob(st, 4, data, (int)len, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return gg__store_write_fail(s, rc, "put_snapshot");
    return gg__store_prune_snapshots(s, game, finished ? 1 : GG_STORE_SNAPSHOTS_KEPT);
}

int gg_store_snapshots(gg_store *s, int64_t game, gg_snapshot_fn cb, void *ud)
{
    if (s->reading)
        return gg__store_msg(s, GG_EINTERNAL, "snapshots called from a read callback");
    sqlite3_stmt *st = s->st[GG__ST_SNAPS];
    sqlite3_bind_int64(st, 1, game);
    s->reading = 1;
    int rc, r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 seq = sqlite3_column_int64(st, 0), turn = sqlite3_column_int64(st, 1);
        const void *p = sqlite3_column_blob(st, 2);
        int n = sqlite3_column_bytes(st, 2);
        sqlite3_int64 stored = sqlite3_column_int64(st, 3), computed = sqlite3_column_int64(st, 4);
        int ok = sqlite3_column_type(st, 3) == SQLITE_INTEGER && stored == computed && seq >= 0 &&
                 seq <= UINT32_MAX && turn >= 0 && turn <= INT32_MAX && n > 0 && p;
        r = cb(ok ? (uint32_t)seq : 0, ok ? (int)turn : 0, ok ? p : NULL, ok ? (size_t)n : 0, ud);
        if (r)
            break;
    }
    sqlite3_reset(st);
    s->reading = 0;
    if (r)
        return r;
    return rc == SQLITE_DONE ? 0 : gg__store_error(s, rc, "reading snapshots");
}
