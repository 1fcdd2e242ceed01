/* store/store_sync.c — deferred sync: commits write the WAL without waiting
 * for the disk, and gg_store_sync (on any thread, typically the server's
 * commit thread) makes them durable with one fdatasync for many groups.
 *
 * Why this is as safe as synchronous=FULL for a caller that acknowledges
 * only after a sync: a commit under synchronous=NORMAL has written every
 * frame of its group into games.db-wal (write(2), in the page cache) before
 * it returns; fdatasync on any descriptor of that file flushes them. SQLite
 * never overwrites WAL frames that are not yet in the synced database file:
 * its checkpoints sync the WAL before copying and the database after, and the
 * WAL restarts from its start only after a complete checkpoint. */
#define _POSIX_C_SOURCE 200809L

#include "store_internal.h"

#include "gg/errors.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* fsync of the directory, so the WAL's name survives power loss too (a
 * synchronous=FULL commit would have done this on its first WAL sync). */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int gg_store_defer_sync(gg_store *s)
{
    if (s->wal_fd >= 0)
        return 0;
    if (s->readonly)
        return gg__store_msg(s, GG_EINTERNAL, "gg_store_defer_sync on a read-only store");
    if (s->in_group || s->group_err)
        return gg__store_msg(s, GG_EINTERNAL, "gg_store_defer_sync called inside a group");
    size_t n = strlen(s->dir) + sizeof "/games.db-wal";
    char *path = malloc(n);
    if (!path)
        return gg__store_msg(s, GG_EINTERNAL, "out of memory");
    snprintf(path, n, "%s/games.db-wal", s->dir);
    /* The WAL exists from the open (WAL mode, the lock-taking transaction);
     * it is never deleted while the store is open. */
    int fd = open(path, O_RDWR | O_CLOEXEC);
    free(path);
    if (fd < 0 || sync_dir(s->dir) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return gg__store_msg(s, GG_ESTORAGE_IO,
                             "cannot open '%s/games.db-wal' for syncing (%s); commits keep "
                             "syncing themselves",
                             s->dir, strerror(e));
    }
    if (sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
        close(fd);
        return gg__store_error(s, sqlite3_errcode(s->db), "switching to deferred sync");
    }
    s->wal_fd = fd;
    return 0;
}

int gg_store_group_open(const gg_store *s)
{
    return s->in_group || s->group_err;
}

int gg_store_sync(gg_store *s)
{
    if (s->wal_fd < 0)
        return 0;
#ifdef GG_TEST_HOOKS
    if (s->test_sync_hold) {
        struct timespec ts = {0, 5 * 1000 * 1000};
        while (access(s->test_sync_hold, F_OK) == 0)
            nanosleep(&ts, NULL);
    }
    if (atomic_load(&s->test_sync_fail) > 0 && atomic_fetch_sub(&s->test_sync_fail, 1) == 1)
        return GG_ESTORAGE_IO;
#endif
    int rc;
    do
        rc = fdatasync(s->wal_fd);
    while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : GG_ESTORAGE_IO;
}

void gg__store_sync_close(gg_store *s)
{
    if (s->wal_fd >= 0)
        close(s->wal_fd);
    s->wal_fd = -1;
}

#ifdef GG_TEST_HOOKS
void gg_store_test_sync_hooks(gg_store *s, int nth, const char *hold_path)
{
    atomic_store(&s->test_sync_fail, nth);
    s->test_sync_hold = hold_path;
}
#endif
