/* negotiator_propose.c — the negotiator's proposals: candidates from the
 * rule tables (consents, accords, swaps, idle swaps, pledges, joint
 * funding), filtered by the one-turn lookahead and judged by the rollouts
 * (negotiator.c describes the whole bot). */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

#define MIN_GAIN 30 /* hundredths of a VP of win value a proposal must gain its proposer */
#define MAX_CANDS 48
#define DEEP_EVALS 6 /* candidates played out (rollouts) per diplomacy phase at most */
#define MAX_SIDE GG__NEGO_MAX_SIDE

/* ---- Proposals ------------------------------------------------------------ */

typedef struct cand {
    gg_bot_proposal p;
    int mine;  /* value for the proposer */
    int group; /* candidates of one group exclude each other */
    int plain; /* the plain bot in the seat proposes it too */
} cand;

typedef struct proposer_ctx {
    gg__nego_worlds W;
    int seat;
    int n;
    cand c[MAX_CANDS];
    int nplain;                                  /* what the plain (greedy) bot in the */
    gg_bot_proposal plain[GG_BOT_MAX_PROPOSALS]; /* seat proposes: the rollouts' players */
} proposer_ctx;

/* Whether the plain bot in the seat proposes `p` itself. */
static int plain_proposes(const proposer_ctx *C, const gg_bot_proposal *p)
{
    for (int i = 0; i < C->nplain; i++)
        if (C->plain[i].parties == p->parties &&
            gg__nego_same_clauses(C->plain[i].clauses, C->plain[i].nclauses, p->clauses,
                                  p->nclauses))
            return 1;
    return 0;
}

/* The side payment in capital from `seat` that would bring party `q`'s
 * value up to 0, 1..MAX_SIDE, or 0 when none would. */
static int side_payment(const int val[GG_SEATS], int q)
{
    for (int k = 1; k <= MAX_SIDE; k++)
        if (val[q] + 20 * k >= 0)
            return k;
    return 0;
}

/* Adds candidate `p` (with its reason) if it passes the engine, gains the
 * proposer enough and the others would accept; else tries it once with a
 * side payment to the one party that would refuse. A `deep_only`
 * candidate needs no one-turn gain (what it brings comes later, which one
 * turn's lookahead cannot see): the rollouts alone judge it. */
static void consider_as(proposer_ctx *C, gg_bot_proposal p, int group, int deep_only)
{
    const gg_state *view = C->W.view;
    int seat = C->seat;
    if (C->n >= MAX_CANDS || gg_check_deal(view, seat, p.parties, p.clauses, p.nclauses) != 0 ||
        !gg__nego_affordable(view, seat, seat, (uint8_t)(p.parties | (1u << seat)), p.clauses,
                             p.nclauses) ||
        gg__nego_refused_before(view, seat, &p))
        return;
    int val[GG_SEATS], raw[GG_SEATS];
    int plain = plain_proposes(C, &p);
    int need = plain || deep_only ? INT_MIN : MIN_GAIN;
    if (gg__nego_value(&C->W, seat, &p, val, raw) != 0 || val[seat] < need)
        return;
    if (!gg__nego_others_accept(view, seat, &p, raw)) {
        int refuser = -1;
        for (int q = 0; q < GG_SEATS; q++)
            if (q != seat && ((p.parties >> q) & 1) && raw[q] < 0)
                refuser = refuser < 0 ? q : GG_SEATS; /* more than one: give up */
        if (refuser < 0 || refuser == GG_SEATS || p.nclauses >= GG_MAX_CLAUSES)
            return;
        int k = side_payment(raw, refuser);
        if (k == 0)
            return;
        gg_bot_proposal q = p;
        q.clauses[q.nclauses++] = gg__nego_transfer(seat, refuser, GG_MONEY, k);
        if (gg_check_deal(view, seat, q.parties, q.clauses, q.nclauses) != 0 ||
            !gg__nego_affordable(view, seat, seat, (uint8_t)(q.parties | (1u << seat)), q.clauses,
                                 q.nclauses) ||
            gg__nego_refused_before(view, seat, &q) ||
            gg__nego_value(&C->W, seat, &q, val, raw) != 0 ||
            val[seat] < (deep_only ? INT_MIN : MIN_GAIN) ||
            !gg__nego_others_accept(view, seat, &q, raw))
            return;
        p = q;
    }
    int mine = deep_only && val[seat] < MIN_GAIN ? MIN_GAIN : val[seat];
    C->c[C->n++] = (cand){p, mine, group, plain};
}

static void consider(proposer_ctx *C, gg_bot_proposal p, int group)
{
    consider_as(C, p, group, 0);
}

/* The judge of a candidate: its effect on the proposer's final margin
 * (rollouts through the deal), discounted by the record of the seat it
 * relies on; hundredths of a VP, or GG__NO_VALUE; *se its standard error. */
static int deep_mine(proposer_ctx *C, const gg_bot_proposal *p, int *se)
{
    int dv[GG_SEATS], e[GG_SEATS];
    if (gg__nego_deep(&C->W, C->seat, p, -1, dv, e) != 0)
        return GG__NO_VALUE;
    *se = e[C->seat];
    int x = gg__nego_relied_on(C->W.view, C->seat, (uint8_t)(p->parties | (1u << C->seat)),
                               p->clauses, p->nclauses);
    return dv[C->seat] > 0 && x >= 0 ? dv[C->seat] * gg__nego_trust(C->W.view, x) / 1000
                                     : dv[C->seat];
}

static gg_bot_proposal one_clause(int other_mask, gg_clause c, gg_reason why)
{
    gg_bot_proposal p;
    memset(&p, 0, sizeof p);
    p.parties = (uint8_t)other_mask;
    p.nclauses = 1;
    p.clauses[0] = c;
    p.why = why;
    return p;
}

/* Consent for the market price to each consent-needing action. */
static void consent_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    int seat = C->seat;
    if (seat >= GG_POWERS || v->consent_all[seat])
        return;
    gg_legal legal[GG_MAX_LEGAL];
    int nl = gg_legal_actions(v, seat, legal, GG_MAX_LEGAL);
    for (int i = 0; i < nl; i++) {
        if (!legal[i].needs_consent)
            continue;
        int price = gg_bot_consent_price(v, seat, legal[i].action);
        if (price < 0 || price + legal[i].cost[GG_MONEY] > v->res[seat][GG_MONEY])
            continue;
        gg_clause c = {.kind = GG_CLAUSE_CONSENT,
                       .a = (uint8_t)seat,
                       .c = legal[i].action,
                       .amount = (uint8_t)price};
        consider(
            C, one_clause(1 << GG_KAZAKHSTAN, c, gg__reason_consent(seat, legal[i].action, price)),
            1);
    }
}

/* Kazakhstan sells its consent: to each power it has not consented to, at
 * the market price (gg_bot_consent_price), consent to every action this
 * turn and to each consent-needing move the power could pay for. What a
 * power would have bought on its own it has already asked for (the powers
 * propose first); these are the moves it left for Kazakhstan's free
 * consent order, which a sold consent replaces. */
static void sell_consent_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    if (C->seat != GG_KAZAKHSTAN)
        return;
    for (int q = 0; q < GG_POWERS; q++) {
        if (v->consent_all[q])
            continue;
        int any = gg_bot_consent_price(v, q, GG_CONSENT_ANY);
        if (any >= 1) {
            gg_clause c = {.kind = GG_CLAUSE_CONSENT,
                           .a = (uint8_t)q,
                           .c = GG_CONSENT_ANY,
                           .amount = (uint8_t)any};
            consider(
                C,
                one_clause(1 << q, c,
                           gg_reason_make(GG_RSN_SELL_CONSENT_ALL, GG_KAZAKHSTAN, q, any, 0, 0, 0)),
                50 + q);
        }
        gg_legal legal[GG_MAX_LEGAL];
        int nl = gg_legal_actions(v, q, legal, GG_MAX_LEGAL);
        for (int i = 0; i < nl; i++) {
            if (!legal[i].needs_consent)
                continue;
            int price = gg_bot_consent_price(v, q, legal[i].action);
            if (price < 1 || (!v->options.hide_resources &&
                              price + legal[i].cost[GG_MONEY] > v->res[q][GG_MONEY]))
                continue;
            gg_clause c = {.kind = GG_CLAUSE_CONSENT,
                           .a = (uint8_t)q,
                           .c = legal[i].action,
                           .amount = (uint8_t)price};
            consider(C,
                     one_clause(1 << q, c,
                                gg_reason_make(GG_RSN_SELL_CONSENT, GG_KAZAKHSTAN, legal[i].action,
                                               q, price, 0, 0)),
                     50 + q);
        }
    }
}

/* Every accord the seat may be party to, with its required parties. */
static void accord_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    for (int a = 0; a < GG_ACCORDS; a++) {
        const gg_accord_def *d = gg_accord_def_get(a);
        if (!d || !((d->parties >> C->seat) & 1) || v->accord_turns[a])
            continue;
        gg_clause c = {.kind = GG_CLAUSE_ACCORD, .c = (uint8_t)a};
        int others = d->parties & ~(1 << C->seat);
        if (!others)
            continue;
        consider(C,
                 one_clause(others, c, gg_reason_make(GG_RSN_ACCORD_GAIN, C->seat, a, 0, 0, 0, 0)),
                 10 + a);
    }
}

/* `seat` gives `q` 2 units of resource `give` for 2 of `get` (reason swap). */
static gg_bot_proposal swap_offer(int seat, int q, int give, int get)
{
    gg_bot_proposal p = one_clause(1 << q, gg__nego_transfer(seat, q, give, 2),
                                   gg_reason_make(GG_RSN_SWAP, seat, 2, give, 2, get, 0));
    p.clauses[p.nclauses++] = gg__nego_transfer(q, seat, get, 2);
    return p;
}

/* Swaps: 2 units of a resource the seat has to spare for 2 of one it lacks
 * and the other seat has to spare. */
static void swap_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    int seat = C->seat;
    if (v->options.hide_resources)
        return;
    for (int q = 0; q < GG_SEATS; q++) {
        if (q == seat)
            continue;
        for (int give = 0; give < GG_RES_KINDS; give++) {
            if (v->res[seat][give] < 9)
                continue;
            for (int get = 0; get < GG_RES_KINDS; get++) {
                if (get == give || v->res[q][get] < 9 || v->res[seat][get] > 6)
                    continue;
                consider(C, swap_offer(seat, q, give, get), 20 + q);
            }
        }
    }
}

/* Whether no action of `seat` in the scenario's tier costs resource `r`:
 * what the seat cannot spend (the West's force in the classroom game). */
static int idle_resource(const gg_state *v, int seat, int r)
{
    const gg_scenario_def *sc = gg_scenario_def_get(v->scenario);
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        if (d && d->seat == seat && (!sc || d->tier <= sc->tier) && d->cost[r] > 0)
            return 0;
    }
    return 1;
}

/* Idle swaps: 2 units of a resource its owner cannot spend (idle_resource:
 * the seat's own, or the other seat's) for 2 of one the other side holds.
 * Unused, those units are worth nothing to their owner; what the other
 * side's units buy shows only in later turns, so the rollouts judge it. */
static void idle_swap_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    int seat = C->seat;
    if (v->options.hide_resources)
        return;
    for (int q = 0; q < GG_SEATS; q++) {
        if (q == seat)
            continue;
        for (int give = 0; give < GG_RES_KINDS; give++)
            for (int get = 0; get < GG_RES_KINDS; get++) {
                if (get == give || v->res[seat][give] < 2 || v->res[q][get] < 2 ||
                    !(idle_resource(v, seat, give) || idle_resource(v, q, get)))
                    continue;
                consider_as(C, swap_offer(seat, q, give, get), 20 + q, 1);
            }
    }
}

/* Pledges bought from a rival on the tags of the actions it is about to
 * take (2 turns, 1 capital; `consider` may raise the price). */
static void pledge_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    int seat = C->seat;
    gg_state t;
    gg__bot_scratch(v, &t);
    gg_end_diplomacy(&t);
    t.options.binding = 1;
    for (int q = 0; q < GG_SEATS; q++) {
        if (q == seat)
            continue;
        gg_orders o;
        gg__nego_lookahead_orders(&t, q, &o);
        uint8_t tags = 0;
        for (int i = 0; i < o.count; i++) {
            const gg_action_def *d = gg_action_def_get(o.o[i].action);
            if (d)
                tags = (uint8_t)(tags | d->tags);
        }
        for (int b = 0; b < GG_TAGS; b++) {
            if (!((tags >> b) & 1))
                continue;
            gg_clause c = {
                .kind = GG_CLAUSE_PLEDGE, .a = (uint8_t)q, .c = (uint8_t)(1u << b), .turns = 2};
            gg_bot_proposal p =
                one_clause(1 << q, c, gg_reason_make(GG_RSN_BUY_PLEDGE, seat, 1, q, 1 << b, 2, 0));
            p.clauses[p.nclauses++] = gg__nego_transfer(seat, q, GG_MONEY, 1);
            consider(C, p, 30 + q);
        }
    }
}

/* Joint funding of a project the seat's greedy orders start this turn. */
static void joint_cands(proposer_ctx *C)
{
    const gg_state *v = C->W.view;
    int seat = C->seat;
    if (seat >= GG_POWERS)
        return;
    gg_state t;
    gg__bot_scratch(v, &t);
    gg_end_diplomacy(&t);
    t.options.binding = 1;
    gg_orders o;
    gg__nego_lookahead_orders(&t, seat, &o);
    for (int i = 0; i < o.count; i++) {
        const gg_action_def *d = gg_action_def_get(o.o[i].action);
        if (!d || d->target != GG_TGT_PROJECT)
            continue;
        int prj = o.o[i].target;
        for (int q = 0; q < GG_POWERS; q++) {
            if (q == seat)
                continue;
            for (int share = 1; share <= 2; share++) {
                gg_clause c = {.kind = GG_CLAUSE_JOINT,
                               .a = (uint8_t)prj,
                               .b = (uint8_t)q,
                               .amount = (uint8_t)share};
                consider(
                    C,
                    one_clause(1 << q, c, gg_reason_make(GG_RSN_JOINT, seat, prj, q, share, 0, 0)),
                    40 + prj);
            }
        }
    }
}

int gg__nego_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap)
{
    proposer_ctx C;
    memset(&C, 0, sizeof C);
    C.W.view = view;
    C.seat = b->seat;
    gg_bot plain;
    gg_bot_init(&plain, "greedy", b->seat, 0);
    plain.rollout = 1; /* its fixed rules: the loop below judges them as greedy does */
    C.nplain = gg__greedy_propose(&plain, view, C.plain, GG_BOT_MAX_PROPOSALS);
    consent_cands(&C);
    sell_consent_cands(&C);
    accord_cands(&C);
    swap_cands(&C);
    idle_swap_cands(&C);
    pledge_cands(&C);
    joint_cands(&C);
    /* The plain bot's own proposals first, then best win value first; one
     * per group; everything promised stays payable. The rollouts' players
     * are plain bots, so the plain bot's choice is the default: its own
     * proposals are made unless the rollouts find them clearly against
     * the proposer's chances, the others only when the rollouts find them
     * clearly for (DEEP_MARGIN, or one standard error of the rollouts' mean). At most
     * DEEP_EVALS candidates are played out. */
    uint8_t used[MAX_CANDS];
    memset(used, 0, sizeof used);
    gg__owing w;
    gg__nego_commitments(view, b->seat, &w);
    int n = 0, evals = 0;
    uint64_t groups = 0;
    while (n < cap && evals < DEEP_EVALS) {
        int best = -1;
        for (int i = 0; i < C.n; i++)
            if (!used[i] && !((groups >> (C.c[i].group & 63)) & 1) &&
                (best < 0 || C.c[i].plain > C.c[best].plain ||
                 (C.c[i].plain == C.c[best].plain && C.c[i].mine > C.c[best].mine)))
                best = i;
        if (best < 0)
            break;
        used[best] = 1;
        const gg_bot_proposal *p = &C.c[best].p;
        uint8_t parties = (uint8_t)(p->parties | (1u << b->seat));
        if (!gg__nego_affordable_on(view, &w, b->seat, parties, p->clauses, p->nclauses))
            continue;
        evals++;
        int se = 0, mine = deep_mine(&C, p, &se);
        if (C.c[best].plain ? mine <= -gg__nego_clear_margin(se) : mine < gg__nego_clear_margin(se))
            continue;
        if (C.c[best].p.why.id == GG_RSN_ACCORD_GAIN)
            C.c[best].p.why = gg__reason_accord(b->seat, C.c[best].p.why.arg[1], mine);
        gg__nego_add_payments(&w, parties, p->clauses, p->nclauses);
        gg__nego_add_signing(&w, b->seat, p->clauses, p->nclauses);
        groups |= 1ULL << (C.c[best].group & 63);
        out[n++] = C.c[best].p;
    }
    return n;
}
