/* test_host_codes.c — the host's index of join codes (code_index.c)
 * against a plain scan of every registered game: thousands of games
 * registered and unregistered in a shuffled order, every code found with
 * its stream, unknown and removed codes not found, two games holding one
 * code (recovered from the journal) found in registration order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "host.h"

#define NG 3000

static uint32_t rng = 12345;
static uint32_t next(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

static void code_of(char *out, int game, int st)
{
    snprintf(out, GG_MAX_CODE + 1, "C%05d-%d", game, st);
}

/* The game a scan of h->games finds for `code`, and its stream. */
static host_game *scan(const host *h, const char *code, int *who)
{
    for (int i = 0; i < h->ngames; i++)
        for (int st = 0; st < GG_STREAMS; st++)
            if (!strcmp(h->games[i]->codes[st], code)) {
                *who = st;
                return h->games[i];
            }
    return NULL;
}

static int many(void)
{
    static host h;
    host_game **g = calloc(NG, sizeof *g);
    CHECK(g != NULL);
    for (int i = 0; i < NG; i++) {
        g[i] = calloc(1, sizeof *g[i]);
        CHECK(g[i] != NULL);
        for (int st = 0; st < GG_STREAMS; st++)
            code_of(g[i]->codes[st], i, st);
        CHECK_EQ(gg__host_add_game(&h, g[i]), 0);
    }
    CHECK_EQ(h.codes.n, (size_t)NG * GG_STREAMS);
    /* unregister two thirds in a shuffled order, checking as we go */
    for (int k = 0; k < 2 * NG / 3; k++) {
        int i = (int)(next() % (uint32_t)h.ngames);
        host_game *gone = h.games[i];
        gg__host_remove_game_at(&h, i);
        char c[GG_MAX_CODE + 1];
        for (int st = 0; st < GG_STREAMS; st++)
            CHECK(gg__host_code_find(&h, gone->codes[st], NULL) == NULL);
        if (k % 97 == 0) /* every registered code still found */
            for (int j = 0; j < h.ngames; j++)
                for (int st = 0; st < GG_STREAMS; st++) {
                    int who = -1;
                    CHECK(gg__host_code_find(&h, h.games[j]->codes[st], &who) == h.games[j]);
                    CHECK_EQ(who, st);
                }
        code_of(c, NG + k, 0); /* never registered */
        CHECK(gg__host_code_find(&h, c, NULL) == NULL);
    }
    CHECK_EQ(h.codes.n, (size_t)h.ngames * GG_STREAMS);
    for (int j = 0; j < h.ngames; j++)
        for (int st = 0; st < GG_STREAMS; st++) {
            int who = -1, swho = -1;
            CHECK(gg__host_code_find(&h, h.games[j]->codes[st], &who) ==
                  scan(&h, h.games[j]->codes[st], &swho));
            CHECK_EQ(who, swho);
        }
    CHECK(gg__host_code_find(&h, "", NULL) == NULL);
    /* two games with one code: the earlier registered, then the other */
    host_game *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    CHECK(a && b);
    snprintf(a->codes[2], sizeof a->codes[2], "TWIN-CODE");
    snprintf(b->codes[4], sizeof b->codes[4], "TWIN-CODE");
    CHECK_EQ(gg__host_add_game(&h, a), 0);
    CHECK_EQ(gg__host_add_game(&h, b), 0);
    CHECK(gg__host_code_taken(&h, "TWIN-CODE"));
    int who = -1;
    CHECK(gg__host_code_find(&h, "TWIN-CODE", &who) == a && who == 2);
    gg__host_remove_game_at(&h, h.ngames - 2);
    CHECK(gg__host_code_find(&h, "TWIN-CODE", &who) == b && who == 4);
    gg__host_remove_game_at(&h, h.ngames - 1);
    CHECK(!gg__host_code_taken(&h, "TWIN-CODE"));
    free(a);
    free(b);
    for (int i = 0; i < NG; i++)
        free(g[i]);
    free(g);
    free(h.games);
    gg__host_codes_free(&h);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "many"))
        return many();
    fprintf(stderr, "usage: test_host_codes many\n");
    return 2;
}
