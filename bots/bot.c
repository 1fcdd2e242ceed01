/* bot.c — bot construction, the hooks' dispatch, and the random bot. */
#include <stdlib.h>
#include <string.h>

#include "bots_internal.h"

static const char *const kind_names[GG_BOT_KINDS] = {"random", "greedy", "mcts"};

const char *gg_bot_kind_name(int kind)
{
    return (kind >= 0 && kind < GG_BOT_KINDS) ? kind_names[kind] : "?";
}

/* Parses "K:R" after "mcts:"; returns 0 or -1. */
static int parse_mcts(const char *p, int *k, int *r)
{
    char *end;
    long a = strtol(p, &end, 10);
    if (end == p || *end != ':')
        return -1;
    const char *q = end + 1;
    long c = strtol(q, &end, 10);
    if (end == q || *end != '\0' || a < 1 || a > GG__BOT_MAX_CANDS || c < 1 || c > 64)
        return -1;
    *k = (int)a;
    *r = (int)c;
    return 0;
}

int gg_bot_init(gg_bot *b, const char *strategy, int seat, uint64_t seed)
{
    if (seat < 0 || seat >= GG_SEATS)
        return GG_EBAD_SEAT;
    if (!strategy)
        return GG_EBAD_OPTION;
    memset(b, 0, sizeof *b);
    int k = 4, r = 8;
    if (strcmp(strategy, "random") == 0)
        b->kind = GG_BOT_RANDOM;
    else if (strcmp(strategy, "greedy") == 0)
        b->kind = GG_BOT_GREEDY;
    else if (strcmp(strategy, "mcts") == 0)
        b->kind = GG_BOT_MCTS;
    else if (strncmp(strategy, "mcts:", 5) == 0 && parse_mcts(strategy + 5, &k, &r) == 0)
        b->kind = GG_BOT_MCTS;
    else
        return GG_EBAD_OPTION;
    b->seat = (uint8_t)seat;
    b->mcts_k = (uint8_t)k;
    b->mcts_rollouts = (uint8_t)r;
    gg_pcg32_seed(&b->rng, seed, 0x100u + (uint64_t)seat);
    return 0;
}

/* ---- random ------------------------------------------------------------ */

void gg__random_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    gg_legal legal[GG_MAX_LEGAL];
    int n = gg_legal_actions(view, b->seat, legal, GG_MAX_LEGAL), m = 0;
    gg_order cand[GG_MAX_LEGAL];
    for (int i = 0; i < n; i++)
        if (legal[i].action != GG_ACT_ANY_TRANSFER)
            cand[m++] = (gg_order){legal[i].action, legal[i].target, 0};
    for (int i = m - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)gg_pcg32_below(&b->rng, (uint32_t)(i + 1));
        gg_order t = cand[i];
        cand[i] = cand[j];
        cand[j] = t;
    }
    int want = (int)gg_pcg32_below(&b->rng, GG_MAX_ORDERS + 1);
    memset(out, 0, sizeof *out);
    for (int i = 0; i < m && out->count < want; i++) {
        gg_orders t = *out;
        t.o[t.count++] = cand[i];
        if (gg_validate_orders(view, b->seat, &t, NULL) == 0)
            *out = t;
    }
}

int gg__random_crisis(gg_bot *b, const gg_state *view)
{
    int ok[GG_RESPONSES], n = 0;
    for (int r = 0; r < GG_RESPONSES; r++)
        if (gg_check_response(view, r) == 0)
            ok[n++] = r;
    if (n == 0)
        return GG_RSP_ALONE;
    return ok[gg_pcg32_below(&b->rng, (uint32_t)n)];
}

/* ---- dispatch ------------------------------------------------------------ */

int gg_bot_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap)
{
    if (view->phase != GG_PHASE_DIPLOMACY || cap <= 0)
        return 0;
    if (b->kind == GG_BOT_RANDOM)
        return 0;
    return gg__greedy_propose(b, view, out, cap);
}

int gg_bot_respond(gg_bot *b, const gg_state *view, const gg_deal *d)
{
    if (b->kind == GG_BOT_RANDOM)
        return (int)gg_pcg32_below(&b->rng, 2);
    return gg__greedy_respond(b, view, d);
}

void gg_bot_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    memset(out, 0, sizeof *out);
    if (view->phase != GG_PHASE_ORDERS)
        return;
    switch (b->kind) {
    case GG_BOT_RANDOM:
        gg__random_orders(b, view, out);
        break;
    case GG_BOT_MCTS:
        gg__mcts_orders(b, view, out);
        break;
    default:
        gg__greedy_orders(b, view, out);
        break;
    }
}

int gg_bot_crisis(gg_bot *b, const gg_state *view)
{
    if (b->kind == GG_BOT_RANDOM)
        return gg__random_crisis(b, view);
    return gg__greedy_crisis(b, view);
}
