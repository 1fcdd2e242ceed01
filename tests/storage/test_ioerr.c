/* tests/storage/test_ioerr.c — an fsync that fails. A shim SQLite VFS
 * (registered as the default, wrapping the real one) makes xSync return
 * SQLITE_IOERR_FSYNC on demand, so we can check the store's contract for
 * I/O errors of unknown outcome: the commit reports GG_ESTORAGE_IO, the
 * store then refuses every write until it is reopened, and reopening yields
 * a consistent journal (with or without the failed group, never half). */
#define _XOPEN_SOURCE 700

#include "store/store.h"

#include "gg/errors.h"

#include "../check.h"

#include <sqlite3.h>

static int fail_sync; /* when set, every xSync fails */
static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;

typedef struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* the real VFS's file object, allocated right after */
} shim_file;

#define REAL(f) (((shim_file *)(void *)(f))->real)
#define RM(f) (REAL(f)->pMethods)

static int s_close(sqlite3_file *f)
{
    return RM(f) ? RM(f)->xClose(REAL(f)) : SQLITE_OK;
}
static int s_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return RM(f)->xRead(REAL(f), b, n, o);
}
static int s_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    return RM(f)->xWrite(REAL(f), b, n, o);
}
static int s_truncate(sqlite3_file *f, sqlite3_int64 n)
{
    return RM(f)->xTruncate(REAL(f), n);
}
static int s_sync(sqlite3_file *f, int flags)
{
    return fail_sync ? SQLITE_IOERR_FSYNC : RM(f)->xSync(REAL(f), flags);
}
static int s_size(sqlite3_file *f, sqlite3_int64 *n)
{
    return RM(f)->xFileSize(REAL(f), n);
}
static int s_lock(sqlite3_file *f, int l)
{
    return RM(f)->xLock(REAL(f), l);
}
static int s_unlock(sqlite3_file *f, int l)
{
    return RM(f)->xUnlock(REAL(f), l);
}
static int s_reserved(sqlite3_file *f, int *r)
{
    return RM(f)->xCheckReservedLock(REAL(f), r);
}
static int s_fcntl(sqlite3_file *f, int op, void *arg)
{
    return RM(f)->xFileControl(REAL(f), op, arg);
}
static int s_sector(sqlite3_file *f)
{
    return RM(f)->xSectorSize(REAL(f));
}
static int s_devchar(sqlite3_file *f)
{
    return RM(f)->xDeviceCharacteristics(REAL(f));
}
static int s_shmmap(sqlite3_file *f, int i, int sz, int ext, void volatile **pp)
{
    return RM(f)->xShmMap(REAL(f), i, sz, ext, pp);
}
static int s_shmlock(sqlite3_file *f, int off, int n, int flags)
{
    return RM(f)->xShmLock(REAL(f), off, n, flags);
}
static void s_shmbarrier(sqlite3_file *f)
{
    RM(f)->xShmBarrier(REAL(f));
}
static int s_shmunmap(sqlite3_file *f, int del)
{
    return RM(f)->xShmUnmap(REAL(f), del);
}
static int s_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp)
{
    return RM(f)->xFetch(REAL(f), o, n, pp);
}
static int s_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
    return RM(f)->xUnfetch(REAL(f), o, p);
}

static const sqlite3_io_methods shim_io = {
    3,         s_close,      s_read,     s_write, s_truncate, s_sync,    s_size,
    s_lock,    s_unlock,     s_reserved, s_fcntl, s_sector,   s_devchar, s_shmmap,
    s_shmlock, s_shmbarrier, s_shmunmap, s_fetch, s_unfetch,
};

static int s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    shim_file *sf = (shim_file *)(void *)f;
    sf->real = (sqlite3_file *)(void *)(sf + 1);
    int rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out);
    f->pMethods = (rc == SQLITE_OK && sf->real->pMethods) ? &shim_io : NULL;
    return rc;
}

static int install_shim(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    CHECK(real_vfs != NULL && real_vfs->iVersion >= 1);
    shim_vfs = *real_vfs;
    shim_vfs.zName = "gg-fail-sync";
    shim_vfs.szOsFile = (int)sizeof(shim_file) + real_vfs->szOsFile;
    shim_vfs.xOpen = s_open;
    CHECK_RC(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
    return 0;
}

typedef struct seen {
    uint32_t n;
    int bad;
} seen;

static int on_record(uint32_t seq, int kind, const uint8_t *p, size_t n, void *ud)
{
    seen *v = ud;
    if (seq != v->n + 1 || kind != (int)seq || n != 1 || p[0] != (uint8_t)seq)
        v->bad++;
    v->n++;
    return 0;
}

static int append(gg_store *s, int64_t g, uint32_t seq)
{
    uint8_t b = (uint8_t)seq;
    return gg_store_append(s, g, seq, (int)seq, &b, 1);
}

static int t_fsync_fails(const char *dir)
{
    CHECK_RC(install_shim(), 0);
    gg_store *s;
    char err[512];
    CHECK_RC(gg_store_create(dir, &s, err, sizeof err), 0);
    gg_game_meta m;
    memset(&m, 0, sizeof m);
    strcpy(m.scenario, "ioerr");
    int64_t g;
    CHECK_RC(gg_store_create_game(s, &m, &g), 0);
    for (uint32_t i = 1; i <= 10; i++)
        CHECK_RC(append(s, g, i), 0);
    CHECK_RC(gg_store_commit(s), 0);

    fail_sync = 1;
    for (uint32_t i = 11; i <= 15; i++)
        CHECK_RC(append(s, g, i), 0);
    CHECK_RC(gg_store_commit(s), GG_ESTORAGE_IO);
    printf("  %s\n", gg_store_errmsg(s));
    CHECK(strstr(gg_store_errmsg(s), "unknown") != NULL);
    /* FAILED is sticky: even with the disk healthy again, no more writes. */
    fail_sync = 0;
    CHECK_RC(append(s, g, 16), GG_ESTORAGE_IO);
    CHECK_RC(gg_store_create_game(s, &m, &g), GG_ESTORAGE_IO);
    CHECK_RC(gg_store_commit(s), GG_ESTORAGE_IO);
    gg_store_destroy(s);

    /* Reopen (recovery): a consistent journal, the failed group whole or absent. */
    CHECK_RC(gg_store_create(dir, &s, err, sizeof err), 0);
    seen v = {0, 0};
    CHECK_RC(gg_store_load(s, g, NULL, on_record, NULL, &v), 0);
    printf("  after reopen: %u records (10 committed, 5 in the failed group)\n", v.n);
    CHECK(v.bad == 0 && (v.n == 10 || v.n == 15));
    CHECK_RC(append(s, g, v.n + 1), 0);
    CHECK_RC(gg_store_commit(s), 0);
    gg_store_destroy(s);
    return 0;
}

static const test_case_dir cases[] = {
    {"fsync_fails", t_fsync_fails, "a failed fsync makes the store FAILED until reopened"},
};

int main(int argc, char **argv)
{
    return run_cases_dir(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
