/* code_index.c — the host's index of join codes: code -> (game, stream) in
 * O(1), so a join costs the same with 10 games or 10,000 (issue 17: the
 * scan of every game's six codes per join was 29% of the loop while
 * 10,000 seats joined).
 *
 * Open addressing with linear probing over a power-of-two table, at most
 * half full; deletion shifts the following entries back (no tombstones).
 * An entry points at its game and stream; the key is the game's own
 * g->codes[st], which never changes while the game is registered. Two
 * registered games may hold the same code only when both came from the
 * journal (recovered or forked: new games never draw a code in use,
 * gg__host_code_taken in game_life.c); both are indexed, and a join finds
 * the one registered earlier while it is registered, then the other (the
 * scan this replaces found the first in the games' array order). */
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* FNV-1a of a NUL-terminated code. */
static uint32_t hash_code(const char *s)
{
    uint32_t x = 2166136261u;
    for (; *s; s++)
        x = (x ^ (uint8_t)*s) * 16777619u;
    return x;
}

static const char *key_of(const host_code_entry *e)
{
    return e->g->codes[e->st];
}

/* The first slot of code's probe run holding `code`, or the empty slot
 * that ends the run. */
static size_t probe(const host_code_index *ix, const char *code)
{
    size_t mask = ix->cap - 1, i = hash_code(code) & mask;
    while (ix->e[i].g && strcmp(key_of(&ix->e[i]), code) != 0)
        i = (i + 1) & mask;
    return i;
}

/* The empty slot where a new entry for `code` goes: after every entry of
 * its probe run, so entries with one code keep their registration order. */
static size_t free_slot(const host_code_index *ix, const char *code)
{
    size_t mask = ix->cap - 1, i = hash_code(code) & mask;
    while (ix->e[i].g)
        i = (i + 1) & mask;
    return i;
}

static int grow(host_code_index *ix)
{
    size_t cap = ix->cap ? 2 * ix->cap : 1024;
    host_code_entry *old = ix->e, *e = calloc(cap, sizeof *e);
    if (!e)
        return GG_EINTERNAL;
    size_t ocap = ix->cap;
    ix->e = e;
    ix->cap = cap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].g)
            ix->e[free_slot(ix, key_of(&old[i]))] = old[i];
    free(old);
    return 0;
}

int gg__host_codes_add(host *h, host_game *g)
{
    host_code_index *ix = &h->codes;
    for (int st = 0; st < GG_STREAMS; st++) {
        if (!g->codes[st][0])
            continue;
        if (2 * (ix->n + 1) > ix->cap && grow(ix) != 0) {
            gg__host_codes_remove(h, g);
            return GG_EINTERNAL;
        }
        ix->e[free_slot(ix, g->codes[st])] = (host_code_entry){g, (uint8_t)st};
        ix->n++;
    }
    return 0;
}

/* Empties slot i and moves back the entries of the probe run after it
 * that may now sit closer to their home slot. */
static void erase_at(host_code_index *ix, size_t i)
{
    size_t mask = ix->cap - 1, j = i;
    ix->e[i].g = NULL;
    ix->n--;
    for (;;) {
        j = (j + 1) & mask;
        if (!ix->e[j].g)
            return;
        size_t home = hash_code(key_of(&ix->e[j])) & mask;
        /* j's entry may move to i when its home is not in (i, j] (cyclically) */
        int stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (stays)
            continue;
        ix->e[i] = ix->e[j];
        ix->e[j].g = NULL;
        i = j;
    }
}

void gg__host_codes_remove(host *h, const host_game *g)
{
    host_code_index *ix = &h->codes;
    if (!ix->cap)
        return;
    for (int st = 0; st < GG_STREAMS; st++) {
        if (!g->codes[st][0])
            continue;
        size_t mask = ix->cap - 1, i = hash_code(g->codes[st]) & mask;
        while (ix->e[i].g && !(ix->e[i].g == g && ix->e[i].st == st))
            i = (i + 1) & mask;
        if (ix->e[i].g)
            erase_at(ix, i);
    }
}

host_game *gg__host_code_find(const host *h, const char *code, int *who)
{
    const host_code_index *ix = &h->codes;
    if (!ix->cap || !code[0])
        return NULL;
    const host_code_entry *e = &ix->e[probe(ix, code)];
    if (!e->g)
        return NULL;
    if (who)
        *who = e->st;
    return e->g;
}

int gg__host_code_taken(const host *h, const char *code)
{
    return gg__host_code_find(h, code, NULL) != NULL;
}

void gg__host_codes_free(host *h)
{
    free(h->codes.e);
    memset(&h->codes, 0, sizeof h->codes);
}

void gg__host_remove_game_at(host *h, int i)
{
    gg__host_codes_remove(h, h->games[i]);
    h->games[i] = h->games[--h->ngames];
}
