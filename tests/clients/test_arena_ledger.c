/* test_arena_ledger.c — regression from issue 13: the debrief's deal table
 * was read from the final state's ledger, whose GG_MAX_DEALS slots are
 * recycled oldest first: a long game lost its first deals and listed the
 * rest out of order. The deal book notes every deal as the game runs and
 * prints them all in id order. */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "../check.h"

#define PER_TURN 7

static int all_deals_in_order(void)
{
    gg_state s;
    CHECK(gg_init(&s, gg_scenario_find("classroom"), 3, NULL) == 0);
    static gg_deal_book book;
    memset(&book, 0, sizeof book);
    int made = 0;
    while (s.phase != GG_PHASE_OVER) {
        if (s.phase == GG_PHASE_DIPLOMACY) {
            for (int k = 0; k < PER_TURN; k++) {
                gg_clause cl = {GG_CLAUSE_CONSENT, GG_CHINA, 0, GG_CONSENT_ANY, (uint8_t)k, 0};
                uint16_t id;
                CHECK(gg_propose(&s, GG_KAZAKHSTAN, 1 << GG_CHINA, &cl, 1, &id) == 0);
                made++;
                CHECK(id == made);
                gg_deal_book_note(&book, &s);
                if (k % 2 == 0) {
                    CHECK(gg_respond(&s, GG_CHINA, id, k % 4 == 0) == 0);
                    gg_deal_book_note(&book, &s);
                }
            }
            CHECK(gg_end_diplomacy(&s) == 0);
        } else if (s.phase == GG_PHASE_ORDERS) {
            CHECK(gg_resolve(&s) == 0);
        } else {
            CHECK(gg_crisis_react(&s, GG_RSP_ALONE) == 0);
        }
        gg_deal_book_note(&book, &s);
    }
    CHECK(made > GG_MAX_DEALS); /* the engine's ledger had to recycle */
    int in_ledger = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        in_ledger |= s.deals[i].id == 1;
    CHECK(!in_ledger);     /* deal 1 is gone from the final state... */
    CHECK(book.n == made); /* ...but not from the book */
    for (int i = 0; i < made; i++)
        CHECK(book.deal[i].id == i + 1);
    CHECK(book.deal[0].status == GG_DEAL_FULFILLED || book.deal[0].status == GG_DEAL_ACCEPTED);
    CHECK(book.deal[1].status == GG_DEAL_EXPIRED);
    CHECK(book.deal[2].status == GG_DEAL_REJECTED);

    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    CHECK(f);
    gg_deal_book_md(f, &book, &s);
    fclose(f);
    const char *prev = md;
    for (int id = 1; id <= made; id++) {
        char row[32];
        snprintf(row, sizeof row, "\n| %d | ", id);
        const char *at = strstr(md, row);
        CHECK_MSG(at != NULL, "deal %d missing from the debrief", id);
        CHECK_MSG(at > prev || id == 1, "deal %d out of order", id);
        prev = at;
    }
    free(md);
    return 0;
}

static const test_case cases[] = {
    {"all_deals_in_order", all_deals_in_order, "every deal of a long game, in id order"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
