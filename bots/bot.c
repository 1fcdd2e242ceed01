/* bot.c — bot construction, the hooks' dispatch, and the random bot. */
#include <stdlib.h>
#include <string.h>

#include "bots_internal.h"

static const char *const kind_names[GG_BOT_KINDS] = {"random", "greedy", "mcts", "negotiator"};
static const char *const honesty_names[GG_HONESTIES] = {
#define GG__HON_NAME(e, s) s,
    GG_HONESTY_LIST(GG__HON_NAME)
#undef GG__HON_NAME
};

const char *gg_honesty_name(int honesty)
{
    return honesty >= 0 && honesty < GG_HONESTIES ? honesty_names[honesty] : "?";
}

int gg_honesty_find(const char *name)
{
    for (int i = 0; name && i < GG_HONESTIES; i++)
        if (strcmp(name, honesty_names[i]) == 0)
            return i;
    return GG_EBAD_OPTION;
}

int gg_bot_set_honesty(gg_bot *b, int honesty)
{
    if (honesty < 0 || honesty >= GG_HONESTIES)
        return GG_EBAD_OPTION;
    b->honesty = (uint8_t)honesty;
    return 0;
}

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
    b->search = GG_BOT_GREEDY;
    if (strncmp(strategy, "negotiator", 10) == 0) {
        const char *rest = strategy + 10;
        b->kind = GG_BOT_NEGOTIATOR;
        if (strcmp(rest, ":mcts") == 0)
            b->search = GG_BOT_MCTS;
        else if (strncmp(rest, ":mcts:", 6) == 0 && parse_mcts(rest + 6, &k, &r) == 0)
            b->search = GG_BOT_MCTS;
        else if (*rest)
            return GG_EBAD_OPTION;
    } else if (strcmp(strategy, "random") == 0)
        b->kind = GG_BOT_RANDOM;
    else if (strcmp(strategy, "greedy") == 0)
        b->kind = GG_BOT_GREEDY;
    else if (strcmp(strategy, "greedy:plain") == 0) {
        b->kind = GG_BOT_GREEDY;
        b->plain = 1;
    } else if (strcmp(strategy, "mcts") == 0)
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

/* Sets gg__greedy_race for a decision of `b` (a greedy bot that is neither
 * a rollout's nor "greedy:plain" races; mcts, the negotiator and rollouts
 * do not) and returns the caller's value, to restore after it. */
static int race_begin(const gg_bot *b)
{
    int was = gg__greedy_race;
    gg__greedy_race = b->kind == GG_BOT_GREEDY && !b->rollout && !b->plain;
    return was;
}

int gg_bot_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap)
{
    if (view->phase != GG_PHASE_DIPLOMACY || cap <= 0)
        return 0;
    if (b->kind == GG_BOT_RANDOM)
        return 0;
    int was = race_begin(b), n;
    if (b->kind == GG_BOT_NEGOTIATOR) {
        n = gg__nego_propose(b, view, out, cap);
    } else {
        /* The accords' values the decision computed serve their reasons. */
        int value[GG_BOT_MAX_PROPOSALS] = {0};
        int keep = cap <= GG_BOT_MAX_PROPOSALS;
        n = gg__greedy_propose_value(b, view, out, keep ? value : NULL, cap);
        for (int i = 0; i < n; i++)
            out[i].why = gg__plain_reason(view, b->seat, &out[i], keep ? &value[i] : NULL);
    }
    gg__greedy_race = was;
    return n;
}

int gg_bot_answer(gg_bot *b, const gg_state *view, const gg_deal *d, gg_bot_reply *out)
{
    if (b->kind == GG_BOT_RANDOM) {
        memset(out, 0, sizeof *out);
        out->accept = (uint8_t)gg_pcg32_below(&b->rng, 2);
        return out->accept; /* a coin has no reason (GG_RSN_NONE) */
    }
    int was = race_begin(b), yes;
    if (b->kind == GG_BOT_NEGOTIATOR) {
        yes = gg__nego_answer(b, view, d, out);
    } else {
        memset(out, 0, sizeof *out);
        int value = INT_MIN; /* the deal's value, when the answer computed it */
        out->accept = (uint8_t)(gg__greedy_respond_value(b, view, d, &value) ? 1 : 0);
        out->why = gg__plain_answer_reason(view, b->seat, d, out->accept,
                                           value != INT_MIN ? &value : NULL);
        yes = out->accept;
    }
    gg__greedy_race = was;
    return yes;
}

int gg_bot_respond(gg_bot *b, const gg_state *view, const gg_deal *d)
{
    if (b->kind == GG_BOT_RANDOM)
        return (int)gg_pcg32_below(&b->rng, 2);
    int was = race_begin(b), yes;
    if (b->kind == GG_BOT_NEGOTIATOR) {
        gg_bot_reply a;
        gg_bot copy = *b; /* a bare yes/no spends no counter-offer */
        yes = gg__nego_answer(&copy, view, d, &a);
    } else {
        yes = gg__greedy_respond(b, view, d);
    }
    gg__greedy_race = was;
    return yes;
}

/* ---- reasons of the rule-bound bots --------------------------------------- */

static int clip_vp(int v)
{
    return v < -30000 ? -30000 : (v > 30000 ? 30000 : v);
}

gg_reason gg__reason_accord(int seat, int accord, int value)
{
    if (value >= GG__SHOWN_MIN)
        return gg_reason_make(GG_RSN_ACCORD_GAIN, seat, accord, clip_vp(value), 0, 0, 0);
    return gg_reason_make(GG_RSN_ACCORD_EVEN, seat, accord, 0, 0, 0, 0);
}

gg_reason gg__reason_consent(int seat, int action, int fee)
{
    if (fee > 0)
        return gg_reason_make(GG_RSN_CONSENT_FEE, seat, fee, action, 0, 0, 0);
    return gg_reason_make(GG_RSN_CONSENT_ASK, seat, action, 0, 0, 0, 0);
}

gg_reason gg__reason_accept(int seat, int value)
{
    if (value >= GG__SHOWN_MIN)
        return gg_reason_make(GG_RSN_ACCEPT_GAIN, seat, clip_vp(value), 0, 0, 0, 0);
    if (value > -GG__SHOWN_MIN)
        return gg_reason_make(GG_RSN_ACCEPT_EVEN, seat, 0, 0, 0, 0, 0);
    return gg_reason_make(GG_RSN_ACCEPT_GOODWILL, seat, clip_vp(-value), 0, 0, 0, 0);
}

gg_reason gg__reason_reject(int seat, int value)
{
    if (value <= -GG__SHOWN_MIN)
        return gg_reason_make(GG_RSN_REJECT_LOSS, seat, clip_vp(-value), 0, 0, 0, 0);
    return gg_reason_make(GG_RSN_REJECT_NOGAIN, seat, 0, 0, 0, 0, 0);
}

gg_reason gg__plain_reason(const gg_state *view, int seat, const gg_bot_proposal *p,
                           const int *value)
{
    for (int k = 0; k < p->nclauses; k++) {
        const gg_clause *c = &p->clauses[k];
        if (c->kind == GG_CLAUSE_CONSENT && c->c != GG_CONSENT_ANY)
            return gg__reason_consent(seat, c->c, c->amount);
        if (c->kind == GG_CLAUSE_ACCORD)
            return gg__reason_accord(seat, c->c,
                                     value ? *value : gg__greedy_proposal_value(view, seat, p));
    }
    return gg_reason_make(GG_RSN_NONE, 0, 0, 0, 0, 0, 0);
}

gg_reason gg__plain_answer_reason(const gg_state *view, int seat, const gg_deal *d, int accept,
                                  const int *value)
{
    for (int k = 0; k < d->nclauses; k++) {
        const gg_clause *c = &d->clauses[k];
        if (c->kind != GG_CLAUSE_CONSENT || seat != GG_KAZAKHSTAN)
            continue;
        int price = gg_bot_consent_price(view, c->a, c->c);
        if (accept)
            return gg_reason_make(GG_RSN_ACCEPT_PRICE, seat, c->amount, price, 0, 0, 0);
        if (c->c == GG_CONSENT_ANY)
            break;
        if (price < 0)
            return gg_reason_make(GG_RSN_REJECT_NEVER, seat, c->c, 0, 0, 0, 0);
        return gg_reason_make(GG_RSN_REJECT_PRICE, seat, c->c, price, c->amount, 0, 0);
    }
    int v = value ? *value : gg__greedy_deal_value(view, seat, d);
    return accept ? gg__reason_accept(seat, v) : gg__reason_reject(seat, v);
}

void gg_bot_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    memset(out, 0, sizeof *out);
    if (view->phase != GG_PHASE_ORDERS)
        return;
    int was = race_begin(b);
    switch (b->kind) {
    case GG_BOT_RANDOM:
        gg__random_orders(b, view, out);
        break;
    case GG_BOT_MCTS:
        gg__mcts_orders(b, view, out);
        break;
    case GG_BOT_NEGOTIATOR:
        gg__nego_orders(b, view, out);
        break;
    default:
        gg__greedy_orders(b, view, out);
        break;
    }
    gg__greedy_race = was;
}

int gg_bot_crisis(gg_bot *b, const gg_state *view)
{
    if (b->kind == GG_BOT_RANDOM)
        return gg__random_crisis(b, view);
    int was = race_begin(b), r = gg__greedy_crisis(b, view);
    gg__greedy_race = was;
    return r;
}
