/* negotiator.c — the negotiating bot: greedy or mcts orders plus real
 * bargaining during diplomacy.
 *
 * Valuation (negotiator_value.c). A one-turn lookahead (the deal's turn
 * resolved with and without it) filters candidates by their "win value":
 * the seat's gain minus its leading rivals' gains; it also predicts what
 * plain partners accept. The judge is deep: games played to the end from
 * the view with the deal signed and without it (greedy players, common
 * random numbers); a deal is worth its mean change of the final margin
 * that decides the game. Values resting on another seat's promise are
 * discounted by its public record in non-binding games.
 *
 * Proposals. Candidates come from the rule tables, not from fixed ids:
 * consent for the market price (gg_bot_consent_price) to each
 * consent-needing action the power would take; every accord the seat may be
 * party to; swaps of a spare resource for a scarce one, and of a resource
 * its owner cannot spend in the scenario (idle_resource: the West's force
 * in the classroom game) for one the other side holds, judged by the
 * rollouts alone (one turn cannot see what the units buy later); a rival's pledge
 * bought for capital on the tags of the actions the rival is about to take;
 * joint funding of a project the seat is about to start. The rollouts'
 * players are plain (greedy) bots, so the plain bot's choice is the
 * default and the negotiator departs from it on the rollouts' clear
 * evidence (DEEP_MARGIN, or one standard error of the rollouts' mean when
 * larger: clear_margin). A candidate is proposed when its win value is at
 * least MIN_GAIN, its deep value at least DEEP_MARGIN, and every other
 * party's predicted value (the one-turn lookahead's raw gain) is not
 * negative; what the plain bot proposes itself is proposed unless its deep
 * value is DEEP_MARGIN or more below zero; a
 * candidate another party would refuse is offered again with a side
 * payment when one of 1..MAX_SIDE capital makes it acceptable to both.
 *
 * Answers. What the plain bot accepts is accepted unless the deep
 * (discounted) value is DEEP_MARGIN or more below zero, against games
 * where the bot refuses that bargain for good; what it refuses is
 * accepted when both values are at least DEEP_MARGIN; the bot must be able
 * to pay what it would owe. Kazakhstan refuses consent below its market
 * price; at the price or above, the rollouts judge the sale like any deal
 * (the market rule alone sold Russia's EAEU step, worth some 8 VP of
 * Kazakhstan's margin, for 2 capital). A refusal comes with a
 * counter-offer when a changed price would suit both sides: the consent at
 * Kazakhstan's price, the consent for the highest fee the power would pay
 * (up to MAX_SIDE more) when the rollouts take that sale, or the same
 * deal plus capital from the proposer.
 *
 * Honesty. An honest negotiator keeps every promise: its orders are chosen
 * as in a binding game (pledged actions excluded, payments reserved) and
 * then pay its non-binding obligations. An opportunist also computes its
 * best orders free of its pledges, and free of its debts, and takes them
 * when their lookahead gain beats the reputation cost of each promise
 * broken (rep_cost: it falls as the end nears).
 *
 * Orders, honest or not, are in negotiator_orders.c.
 *
 * Every proposal and answer carries a reason (gg/reasons.h). Nothing is
 * allocated; no randomness is used beyond fixed lookahead streams, so the
 * bot is a pure function of the views it is shown. */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

#define MIN_GAIN 30   /* hundredths of a VP of win value a proposal must gain its proposer */
#define TRUST_MIN 500 /* per mille: below it a seat's promises are not accepted */
#define MAX_SIDE 3    /* side payments of capital tried, 1..MAX_SIDE */
#define MAX_CANDS 48
#define DEEP_EVALS 6 /* candidates played out (rollouts) per diplomacy phase at most */
#define DEEP_MARGIN GG__DEEP_MARGIN /* how clearly the rollouts must differ from the plain bot */

/* ---- Deal arithmetic --------------------------------------------------- */

void gg__nego_add_payments(gg__owing *w, uint8_t parties, const gg_clause *cl, int n)
{
    for (int k = 0; k < n; k++) {
        const gg_clause *c = &cl[k];
        int from = -1, to = -1, slot = GG_MONEY;
        if (c->kind == GG_CLAUSE_TRANSFER) {
            from = c->a;
            to = c->b;
            slot = c->c;
        } else if (c->kind == GG_CLAUSE_CONSENT && c->amount > 0) {
            from = c->a;
            to = GG_KAZAKHSTAN;
        } else if (c->kind == GG_CLAUSE_JOINT) {
            const gg_project_def *d = gg_project_def_get(c->a);
            from = c->b;
            for (int p = 0; d && p < GG_POWERS && to < 0; p++)
                if (p != c->b && ((parties >> p) & 1) && ((d->builders >> p) & 1))
                    to = p;
        }
        if (from >= 0 && from < GG_SEATS && to >= 0 && to < GG_SEATS && slot < GG_RES_KINDS)
            w->owe[from][to][slot] = (int16_t)(w->owe[from][to][slot] + c->amount);
    }
}

/* Adds to w->sign what signing the accords among clauses `cl` of a deal
 * proposed by `proposer` takes from each seat (the negative resource
 * effects of gg_accord_def.on_sign, counted whatever their condition: an
 * honest bot plans for the worst). A deal not yet accepted only: once
 * accepted, the view's resources already show the cost. */
static void add_signing(gg__owing *w, int proposer, const gg_clause *cl, int n)
{
    for (int k = 0; k < n; k++) {
        const gg_accord_def *a = cl[k].kind == GG_CLAUSE_ACCORD ? gg_accord_def_get(cl[k].c) : NULL;
        for (int e = 0; a && e < GG_MAX_EFFECTS; e++) {
            const gg_effect *f = &a->on_sign[e];
            int who = f->who == GG_WHO_SELF ? proposer : f->who;
            if (f->kind == GG_EFF_RESOURCE && f->delta < 0 && who >= 0 && who < GG_SEATS &&
                f->what < GG_RES_KINDS)
                w->sign[who][f->what] = (int16_t)(w->sign[who][f->what] - f->delta);
        }
    }
}

/* What every seat is bound to pay this turn (accepted deals) plus what
 * `seat` has itself offered this turn (its open deals, with what their
 * accords take on signing). */
static void commitments(const gg_state *view, int seat, gg__owing *w)
{
    memset(w, 0, sizeof *w);
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &view->deals[i];
        if (d->turn != view->turn)
            continue;
        if (d->status == GG_DEAL_ACCEPTED || (d->status == GG_DEAL_OPEN && d->proposer == seat))
            gg__nego_add_payments(w, d->parties, d->clauses, d->nclauses);
        if (d->status == GG_DEAL_OPEN && d->proposer == seat)
            add_signing(w, d->proposer, d->clauses, d->nclauses);
    }
}

/* Whether every payer can keep all of it in a non-binding game: enough of
 * each resource once the accords are signed, and one resource per payee (a
 * seat pays a seat with one transfer order a turn: a second would be a
 * duplicate order). An honest bot never promises what it could not pay. */
static int payable(const gg_state *view, const gg__owing *w)
{
    for (int q = 0; q < GG_SEATS; q++) {
        int total[GG_RES_KINDS] = {0}, payees = 0;
        for (int r = 0; r < GG_RES_KINDS; r++)
            total[r] = w->sign[q][r];
        for (int to = 0; to < GG_SEATS; to++) {
            int slots = 0;
            for (int r = 0; r < GG_RES_KINDS; r++)
                if (w->owe[q][to][r] > 0) {
                    slots++;
                    total[r] += w->owe[q][to][r];
                }
            if (slots > 1)
                return 0;
            payees += slots;
        }
        for (int r = 0; r < GG_RES_KINDS; r++)
            if (total[r] > view->res[q][r] &&
                !(view->options.hide_resources && q != view->viewer)) /* unknown: trust it */
                return 0;
        if (payees > GG_MAX_ORDERS / 2)
            return 0;
    }
    return 1;
}

/* Whether the deal proposed by `proposer` keeps every payer solvent on top
 * of `base` (the commitments of `seat`, plus proposals chosen so far). */
static int affordable_on(const gg_state *view, const gg__owing *base, int proposer, uint8_t parties,
                         const gg_clause *cl, int n)
{
    gg__owing w = *base;
    gg__nego_add_payments(&w, parties, cl, n);
    add_signing(&w, proposer, cl, n);
    return payable(view, &w);
}

static int affordable(const gg_state *view, int seat, int proposer, uint8_t parties,
                      const gg_clause *cl, int n)
{
    gg__owing w;
    commitments(view, seat, &w);
    return affordable_on(view, &w, proposer, parties, cl, n);
}

static int same_clauses(const gg_clause *a, int na, const gg_clause *b, int nb)
{
    if (na != nb)
        return 0;
    for (int i = 0; i < na; i++)
        if (memcmp(&a[i], &b[i], sizeof a[i]) != 0)
            return 0;
    return 1;
}

/* Whether `seat` proposed these clauses last turn or this one and they
 * were refused (the ledger is the bot's memory). */
static int refused_before(const gg_state *view, int seat, const gg_bot_proposal *p)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &view->deals[i];
        if (d->proposer == seat && d->status == GG_DEAL_REJECTED && d->turn + 1 >= view->turn &&
            same_clauses(d->clauses, d->nclauses, p->clauses, p->nclauses))
            return 1;
    }
    return 0;
}

static gg_clause transfer(int from, int to, int slot, int amount)
{
    return (gg_clause){.kind = GG_CLAUSE_TRANSFER,
                       .a = (uint8_t)from,
                       .b = (uint8_t)to,
                       .c = (uint8_t)slot,
                       .amount = (uint8_t)amount};
}

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
            same_clauses(C->plain[i].clauses, C->plain[i].nclauses, p->clauses, p->nclauses))
            return 1;
    return 0;
}

/* Whether every other party accepts, as the proposer predicts it: the
 * lookahead value is not negative, and Kazakhstan's fee is its price. */
static int others_accept(const gg_state *view, int seat, const gg_bot_proposal *p,
                         const int val[GG_SEATS])
{
    for (int q = 0; q < GG_SEATS; q++) {
        if (q == seat || !((p->parties >> q) & 1))
            continue;
        int priced = 0;
        /* Consent sold to a power: it buys when the move is worth the fee
         * (the greedy rule, which a negotiator's answer defaults to). */
        if (seat == GG_KAZAKHSTAN && p->nclauses == 1 && p->clauses[0].kind == GG_CLAUSE_CONSENT &&
            p->clauses[0].a == q) {
            if (gg__greedy_consent_worth(view, q, p->clauses[0].c, p->clauses[0].amount) <= 0)
                return 0;
            continue;
        }
        for (int k = 0; k < p->nclauses; k++) {
            const gg_clause *c = &p->clauses[k];
            if (c->kind == GG_CLAUSE_CONSENT && q == GG_KAZAKHSTAN) {
                int price = gg_bot_consent_price(view, c->a, c->c);
                if (price < 0 || c->amount < price)
                    return 0;
                priced = 1;
            }
        }
        if (!priced && val[q] < 0)
            return 0;
    }
    return 1;
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
        !affordable(view, seat, seat, (uint8_t)(p.parties | (1u << seat)), p.clauses, p.nclauses) ||
        refused_before(view, seat, &p))
        return;
    int val[GG_SEATS], raw[GG_SEATS];
    int plain = plain_proposes(C, &p);
    int need = plain || deep_only ? INT_MIN : MIN_GAIN;
    if (gg__nego_value(&C->W, seat, &p, val, raw) != 0 || val[seat] < need)
        return;
    if (!others_accept(view, seat, &p, raw)) {
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
        q.clauses[q.nclauses++] = transfer(seat, refuser, GG_MONEY, k);
        if (gg_check_deal(view, seat, q.parties, q.clauses, q.nclauses) != 0 ||
            !affordable(view, seat, seat, (uint8_t)(q.parties | (1u << seat)), q.clauses,
                        q.nclauses) ||
            refused_before(view, seat, &q) || gg__nego_value(&C->W, seat, &q, val, raw) != 0 ||
            val[seat] < (deep_only ? INT_MIN : MIN_GAIN) || !others_accept(view, seat, &q, raw))
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

int gg__nego_clear_margin(int se)
{
    return se > DEEP_MARGIN ? se : DEEP_MARGIN;
}

static int clear_margin(int se)
{
    return gg__nego_clear_margin(se);
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
            C,
            one_clause(1 << GG_KAZAKHSTAN, c,
                       gg_reason_make(GG_RSN_CONSENT_FEE, seat, price, legal[i].action, 0, 0, 0)),
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
    gg_bot_proposal p = one_clause(1 << q, transfer(seat, q, give, 2),
                                   gg_reason_make(GG_RSN_SWAP, seat, 2, give, 2, get, 0));
    p.clauses[p.nclauses++] = transfer(q, seat, get, 2);
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
            p.clauses[p.nclauses++] = transfer(seat, q, GG_MONEY, 1);
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
    commitments(view, b->seat, &w);
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
        if (!affordable_on(view, &w, b->seat, parties, p->clauses, p->nclauses))
            continue;
        evals++;
        int se = 0, mine = deep_mine(&C, p, &se);
        if (C.c[best].plain ? mine <= -clear_margin(se) : mine < clear_margin(se))
            continue;
        if (C.c[best].p.why.id == GG_RSN_ACCORD_GAIN)
            C.c[best].p.why = gg__reason_accord(b->seat, C.c[best].p.why.arg[1], mine);
        gg__nego_add_payments(&w, parties, p->clauses, p->nclauses);
        add_signing(&w, b->seat, p->clauses, p->nclauses);
        groups |= 1ULL << (C.c[best].group & 63);
        out[n++] = C.c[best].p;
    }
    return n;
}

/* ---- Answers ---------------------------------------------------------------- */

/* Whether `d` answers one of the bot's own deals of this turn that its
 * proposer refused (a counter-offer: the bot does not counter it again). */
static int is_counter_to_me(const gg_state *view, int seat, const gg_deal *d)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *m = &view->deals[i];
        if (m->proposer == seat && m->turn == view->turn && m->status == GG_DEAL_REJECTED &&
            ((m->parties >> d->proposer) & 1) && m->id < d->id)
            return 1;
    }
    return 0;
}

static gg_bot_proposal from_deal(const gg_deal *d, int seat)
{
    gg_bot_proposal p;
    memset(&p, 0, sizeof p);
    p.parties = (uint8_t)(d->parties & ~(1u << seat));
    p.nclauses = d->nclauses;
    for (int k = 0; k < d->nclauses; k++)
        p.clauses[k] = d->clauses[k];
    return p;
}

/* A counter-offer to `d`: `p` proposed by the bot, if the engine takes it
 * and the original proposer would accept it (predicted). */
static int counter_ok(gg__nego_worlds *W, int seat, const gg_deal *d, gg_bot_proposal *p)
{
    const gg_state *v = W->view;
    if (gg_check_deal(v, seat, p->parties, p->clauses, p->nclauses) != 0 ||
        !affordable(v, seat, seat, (uint8_t)(p->parties | (1u << seat)), p->clauses, p->nclauses))
        return 0;
    int val[GG_SEATS], raw[GG_SEATS];
    if (gg__nego_value(W, seat, p, val, raw) != 0 || val[seat] < 0)
        return 0;
    return others_accept(v, seat, p, raw) || raw[d->proposer] >= 0;
}

/* Kazakhstan's counter to a power's request for consent at the market
 * price that its rollouts refuse: the same consent for the highest fee,
 * up to MAX_SIDE more, that the power would still pay by the greedy rule
 * (the move's one-turn gain beats the fee: gg__greedy_consent_worth),
 * when the rollouts do not find that sale clearly against Kazakhstan
 * (against the games where it refuses that consent for good). Writes *c
 * and returns 1, or returns 0. */
static int consent_counter(gg__nego_worlds *W, int seat, const gg_deal *d, gg_bot_proposal *c)
{
    const gg_state *v = W->view;
    const gg_clause *k = &d->clauses[0];
    int power = d->proposer, best = 0;
    if (k->kind != GG_CLAUSE_CONSENT || k->a != power)
        return 0;
    for (int f = k->amount + 1; f <= k->amount + MAX_SIDE; f++)
        if (gg__greedy_consent_worth(v, power, k->c, f) > 0)
            best = f;
    if (best == 0)
        return 0;
    *c = from_deal(d, seat);
    c->clauses[0].amount = (uint8_t)best;
    int dv[GG_SEATS], se[GG_SEATS];
    if (gg_check_deal(v, seat, c->parties, c->clauses, c->nclauses) != 0 ||
        gg__nego_deep(W, seat, c, seat, dv, se) != 0 || dv[seat] <= -clear_margin(se[seat]))
        return 0;
    c->why = k->c == GG_CONSENT_ANY
                 ? gg_reason_make(GG_RSN_COUNTER, seat, d->id, best, k->amount, 0, 0)
                 : gg_reason_make(GG_RSN_COUNTER_FEE, seat, d->id, k->c, best, 0, 0);
    return 1;
}

/* Whether `seat` only receives in `d`: every clause is a transfer to it
 * from another seat (it gives, pledges and consents to nothing). More
 * resources and no obligation can only widen what it may do, so such a
 * deal never lowers its chances; the rollouts' verdict on it is noise (a
 * greedy player spending 2 more capital can lose one of four games). */
static int only_receives(const gg_deal *d, int seat)
{
    for (int k = 0; k < d->nclauses; k++) {
        const gg_clause *c = &d->clauses[k];
        if (c->kind != GG_CLAUSE_TRANSFER || c->b != seat || c->a == seat)
            return 0;
    }
    return d->nclauses > 0;
}

int gg__nego_answer(gg_bot *b, const gg_state *view, const gg_deal *d, gg_bot_reply *out)
{
    int seat = b->seat;
    memset(out, 0, sizeof *out);
    if (b->counter_turn != view->turn) {
        b->counter_turn = view->turn;
        b->counters = 0;
    }
    int may_counter = b->counters < GG_BOT_MAX_COUNTERS && !is_counter_to_me(view, seat, d);
    /* Kazakhstan: consent below its market price is refused (and
     * countered at the price); at the price or above, it is judged by the
     * rollouts like any deal (priced). */
    int priced = 0, fee = 0, price = 0;
    if (seat == GG_KAZAKHSTAN) {
        int has = 0, ok = 1, action = 0, never = 0;
        for (int k = 0; k < d->nclauses; k++) {
            const gg_clause *c = &d->clauses[k];
            if (c->kind != GG_CLAUSE_CONSENT)
                continue;
            has = 1;
            int pr = gg_bot_consent_price(view, c->a, c->c);
            if (pr < 0 || c->amount < pr) {
                ok = 0;
                never = pr < 0;
                fee = c->amount;
                price = pr;
                action = c->c;
                if (!never && may_counter) {
                    gg_bot_proposal p = from_deal(d, seat);
                    p.clauses[k].amount = (uint8_t)pr;
                    if (gg_check_deal(view, seat, p.parties, p.clauses, p.nclauses) == 0 &&
                        affordable(view, seat, seat, d->parties, p.clauses, p.nclauses)) {
                        p.why =
                            c->c == GG_CONSENT_ANY
                                ? gg_reason_make(GG_RSN_COUNTER, seat, d->id, pr, c->amount, 0, 0)
                                : gg_reason_make(GG_RSN_COUNTER_FEE, seat, d->id, c->c, pr, 0, 0);
                        out->countered = 1;
                        out->counter = p;
                    }
                }
                break;
            }
            fee += c->amount;
            price += pr;
        }
        /* A fee from a seat whose word is worth little is not counted on. */
        int x = gg__nego_relied_on(view, seat, d->parties, d->clauses, d->nclauses);
        if (has && ok && x >= 0 && gg__nego_trust(view, x) < TRUST_MIN) {
            out->why = gg_reason_make(GG_RSN_REJECT_UNTRUSTED, seat, x, view->broken[x],
                                      view->kept[x], 0, 0);
            return 0;
        }
        if (has && ok)
            priced = 1; /* the market's price: judged below, by the lookahead */
        else if (has) {
            if (never || action == GG_CONSENT_ANY)
                out->why = never && action != GG_CONSENT_ANY
                               ? gg_reason_make(GG_RSN_REJECT_NEVER, seat, action, 0, 0, 0, 0)
                               : gg__reason_reject(seat, 0);
            else
                out->why = gg_reason_make(GG_RSN_REJECT_PRICE, seat, action, price, fee, 0, 0);
            if (out->countered)
                b->counters++;
            return 0;
        }
    }
    gg__nego_worlds W;
    memset(&W, 0, sizeof W);
    W.view = view;
    gg_bot_proposal p = from_deal(d, d->proposer);
    p.parties = (uint8_t)(d->parties & ~(1u << d->proposer));
    int val[GG_SEATS], raw[GG_SEATS];
    if (gg__nego_value(&W, d->proposer, &p, val, raw) != 0) {
        out->why = gg__reason_reject(seat, 0);
        return 0;
    }
    if (only_receives(d, seat)) {
        out->accept = 1;
        out->why = gg__reason_accept(seat, raw[seat] > 0 ? raw[seat] : 0);
        return 1;
    }
    int mine = val[seat];
    int can_pay = affordable(view, seat, d->proposer, d->parties, d->clauses, d->nclauses);
    /* The judges: this turn's win value and the deal's effect on the bot's
     * final margin (rollouts through the deal against the same games where
     * the bot refuses that bargain for good), discounted by the record of
     * the seat it relies on. The plain bot's answer is the default (the
     * rollouts' players are plain bots): a deal it would accept is refused
     * when the rollouts find it clearly against the bot's chances; one it
     * would refuse is accepted when neither judge finds it clearly short
     * (clear_margin: rollouts are noisy, a gift of 5 capital can look
     * harmless in four games). When the rollouts cannot be played, the
     * plain bot's judgement. */
    int x = gg__nego_relied_on(view, seat, d->parties, d->clauses, d->nclauses);
    int deep = 0, later = 0, dv[GG_SEATS], se[GG_SEATS];
    if (gg__nego_deep(&W, d->proposer, &p, seat, dv, se) == 0) {
        deep = 1;
        later = dv[seat] > 0 && x >= 0 ? dv[seat] * gg__nego_trust(view, x) / 1000 : dv[seat];
        mine = later < mine ? later : mine;
    }
    int trusted = x < 0 || gg__nego_trust(view, x) >= TRUST_MIN || mine >= 0;
    int plain = gg__greedy_respond(b, view, d);
    int yes = !deep   ? plain
              : plain ? later > -clear_margin(se[seat])
                      : mine >= clear_margin(se[seat]);
    if (can_pay && trusted && yes) {
        out->accept = 1;
        /* A loss within the rollouts' noise: the reason gives this
         * turn's gain when there is one. */
        int shown = mine >= 0 ? mine : val[seat] >= 0 ? val[seat] : mine;
        out->why = priced ? gg_reason_make(GG_RSN_ACCEPT_PRICE, seat, fee, price, 0, 0, 0)
                          : gg__reason_accept(seat, shown);
        return 1;
    }
    /* Why not, the decisive reason first: an untrusted partner; a deal it
     * likes (its value, or the plain bot's one-turn judgement, says take
     * it) but could not pay for; else a loss. The plain judgement counts
     * here because the rollouts play an unpayable deal out with the
     * payment the bot cannot make broken, so they find a loss whatever
     * the bargain is worth. */
    if (!trusted)
        out->why =
            gg_reason_make(GG_RSN_REJECT_UNTRUSTED, seat, x, view->broken[x], view->kept[x], 0, 0);
    if (out->why.id == GG_RSN_NONE && !can_pay && (mine >= 0 || plain))
        out->why = gg_reason_make(GG_RSN_REJECT_UNPAYABLE, seat, 0, 0, 0, 0, 0);
    if (out->why.id == GG_RSN_NONE)
        out->why = gg__reason_reject(seat, mine);
    /* Counter: consent for a higher fee, or the same deal plus capital
     * from the proposer. */
    if (priced && d->nclauses == 1) {
        if (may_counter && consent_counter(&W, seat, d, &out->counter)) {
            out->countered = 1;
            b->counters++;
        }
    } else if (may_counter && d->nclauses < GG_MAX_CLAUSES && can_pay) {
        for (int k = 1; k <= MAX_SIDE; k++) {
            gg_bot_proposal c = from_deal(d, seat);
            c.clauses[c.nclauses++] = transfer(d->proposer, seat, GG_MONEY, k);
            if (counter_ok(&W, seat, d, &c)) {
                c.why = gg_reason_make(GG_RSN_COUNTER, seat, d->id, k, 0, 0, 0);
                out->countered = 1;
                out->counter = c;
                b->counters++;
                break;
            }
        }
    }
    return 0;
}
