/* store/store_pcache.c — SQLite's own page cache (pcache1) behind a thin
 * wrapper that skips truncations with nothing to remove.
 *
 * Why (issue 17, found by cap6): to keep a split's new pages in page order,
 * SQLite's B-tree balance re-keys a page for a moment to the number just
 * past the "pending byte" page (PENDING_BYTE / page size + 1: 262,145 for
 * 4 KiB pages) and back. pcache1 remembers that number as its largest key,
 * and each commit's sqlite3PcacheTruncate(database size) then sees a key
 * past the end and, when that key is more than the hash's width beyond it
 * (any database under ~1 GiB), walks the whole page hash: 16,384 buckets
 * and 15,856 pages at 10,000 games, on nearly every commit (some leaf
 * splits in every group), 16-20% of the server loop's time.
 *
 * The wrapper forwards every call and keeps, per cache, the largest key a
 * page was fetched or re-keyed to other than that temporary key, and how
 * many pages hold the temporary key now (re-keys to it less re-keys from
 * it). A truncation below which no page can exist — no temporary page
 * alive and every other key below the limit — removes nothing: it is not
 * forwarded. The estimate can only be high (a page pcache1 evicts or a
 * discarded page stays counted), which forwards a truncation pcache1 then
 * does as before; after a forwarded truncation both fall to what pcache1
 * keeps. So the cache's contents, and everything SQLite reads and writes,
 * are those of pcache1 alone.
 *
 * Installed once per process before SQLite initialises
 * (gg__store_pcache_install, from the store's first open); if SQLite was
 * initialised already (another user in the process), pcache1 stays as it is. */
#include "store_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct wrap_cache {
    sqlite3_pcache *base;
    unsigned temp_key;  /* PENDING_BYTE / page size + 1 */
    unsigned max_key;   /* largest key fetched or re-keyed to, but temp_key */
    unsigned temp_live; /* pages keyed temp_key now (an estimate, never low) */
} wrap_cache;

static sqlite3_pcache_methods2 base_m; /* pcache1, as SQLite had it */
static atomic_ullong skipped, forwarded;
static int installed;

#define PENDING_BYTE_AT 0x40000000u /* SQLite's PENDING_BYTE (1 GiB) */

static int w_init(void *arg)
{
    return base_m.xInit ? base_m.xInit(arg) : SQLITE_OK;
}

static void w_shutdown(void *arg)
{
    if (base_m.xShutdown)
        base_m.xShutdown(arg);
}

static sqlite3_pcache *w_create(int szPage, int szExtra, int bPurgeable)
{
    wrap_cache *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->base = base_m.xCreate(szPage, szExtra, bPurgeable);
    if (!w->base) {
        free(w);
        return NULL;
    }
    w->temp_key = szPage > 0 ? PENDING_BYTE_AT / (unsigned)szPage + 1 : 0;
    return (sqlite3_pcache *)w;
}

static void w_cachesize(sqlite3_pcache *p, int nCachesize)
{
    base_m.xCachesize(((wrap_cache *)p)->base, nCachesize);
}

static int w_pagecount(sqlite3_pcache *p)
{
    return base_m.xPagecount(((wrap_cache *)p)->base);
}

static void note_key(wrap_cache *w, unsigned key)
{
    if (key == w->temp_key)
        w->temp_live++;
    else if (key > w->max_key)
        w->max_key = key;
}

static sqlite3_pcache_page *w_fetch(sqlite3_pcache *p, unsigned key, int createFlag)
{
    wrap_cache *w = (wrap_cache *)p;
    sqlite3_pcache_page *pg = base_m.xFetch(w->base, key, createFlag);
    if (pg) {
        /* a fetch of the temporary key (never a real page) counts as a
         * real key: it can only make truncations forwarded */
        if (key > w->max_key)
            w->max_key = key;
    }
    return pg;
}

static void w_unpin(sqlite3_pcache *p, sqlite3_pcache_page *pg, int discard)
{
    base_m.xUnpin(((wrap_cache *)p)->base, pg, discard);
}

static void w_rekey(sqlite3_pcache *p, sqlite3_pcache_page *pg, unsigned oldKey, unsigned newKey)
{
    wrap_cache *w = (wrap_cache *)p;
    base_m.xRekey(w->base, pg, oldKey, newKey);
    if (oldKey == w->temp_key && w->temp_live > 0)
        w->temp_live--;
    note_key(w, newKey);
}

static void w_truncate(sqlite3_pcache *p, unsigned iLimit)
{
    wrap_cache *w = (wrap_cache *)p;
    if (w->temp_live == 0 && w->max_key < iLimit) {
        atomic_fetch_add_explicit(&skipped, 1, memory_order_relaxed);
        return; /* no page has a key >= iLimit: pcache1 would remove nothing */
    }
    atomic_fetch_add_explicit(&forwarded, 1, memory_order_relaxed);
    base_m.xTruncate(w->base, iLimit);
    if (iLimit <= w->temp_key)
        w->temp_live = 0;
    if (iLimit > 0 && w->max_key >= iLimit)
        w->max_key = iLimit - 1;
}

static void w_destroy(sqlite3_pcache *p)
{
    wrap_cache *w = (wrap_cache *)p;
    base_m.xDestroy(w->base);
    free(w);
}

static void w_shrink(sqlite3_pcache *p)
{
    base_m.xShrink(((wrap_cache *)p)->base);
}

static void install(void)
{
    if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &base_m) != SQLITE_OK || !base_m.xCreate)
        return;
    static sqlite3_pcache_methods2 m;
    m = base_m;
    m.xInit = w_init;
    m.xShutdown = w_shutdown;
    m.xCreate = w_create;
    m.xCachesize = w_cachesize;
    m.xPagecount = w_pagecount;
    m.xFetch = w_fetch;
    m.xUnpin = w_unpin;
    m.xRekey = w_rekey;
    m.xTruncate = w_truncate;
    m.xDestroy = w_destroy;
    m.xShrink = w_shrink;
    /* pArg stays pcache1's own (passed to xInit/xShutdown only) */
    installed = sqlite3_config(SQLITE_CONFIG_PCACHE2, &m) == SQLITE_OK;
}

void gg__store_pcache_install(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
}

int gg_store_pcache_stats(unsigned long long *skip, unsigned long long *fwd)
{
    if (skip)
        *skip = atomic_load(&skipped);
    if (fwd)
        *fwd = atomic_load(&forwarded);
    return installed;
}
