/* greedy_deals.c — the greedy bot's deals: the consent market (a power's
 * price for Kazakhstan's consent), a deal's one-turn value to a seat, its
 * answers and its proposals (consent for a fee, accords). The negotiator and
 * mcts value deals through these. Orders and the evaluation are greedy.c's.
 *
 * Cost: a deal's value resolves the scratch state a few times (with and
 * without the deal); nothing is allocated. */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

#define ACCORD_TOLERANCE 60 /* accords accepted down to this loss: cooperation bias */

/* ---- Deals --------------------------------------------------------------- */

int gg_bot_consent_price(const gg_state *v, int power, int action)
{
    int sino = v->track[GG_SINOPHOBIA], sov = v->track[GG_SOVEREIGNTY];
    int esc = v->global[GG_ESCALATION];
    int price;
    switch (power) {
    case GG_CHINA:
        price = 1 + (sino >= 5) + (sino >= 7);
        if (action == GG_ACT_CN_LAND_LEASE) {
            if (sino >= 6)
                return -1; /* the land-code protests [M17 L713; Mo22 L376] */
            price += 2;
        } else if (action == GG_ACT_CN_LOAN) {
            price = v->track[GG_DEBT] >= 3 ? price + 1 : 0; /* budget now [Mo22 L197] */
        } else if (action == GG_ACT_CN_ARMS_SALES) {
            if (esc >= 7 && !v->accord_turns[GG_ACC_SPHERES])
                return -1;
            price += 1;
        } else if (action == GG_CONSENT_ANY) {
            price += 2;
        }
        return price;
    case GG_RUSSIA:
        if (action == GG_ACT_RU_EAEU_STEP || action == GG_CONSENT_ANY) {
            if (sov <= 3)
                return -1; /* "not another Belarus" [SO24 L153] */
            return sov <= 5 ? 3 : 2;
        }
        return 1;
    case GG_WEST:
        if (action == GG_ACT_WE_PARTNERSHIP_EXERCISE) {
            if (esc >= 7)
                return -1;
            return 1;
        }
        return action == GG_CONSENT_ANY ? 1 : 0;
    default:
        return -1;
    }
}

/* Whether deal `d` has `seat` pledge anything away. */
static int pledges_seat(const gg_deal *d, int seat)
{
    for (int k = 0; k < d->nclauses; k++)
        if (d->clauses[k].kind == GG_CLAUSE_PLEDGE && d->clauses[k].a == seat)
            return 1;
    return 0;
}

static int deal_money_cost(const gg_deal *d, int seat)
{
    int cost = 0;
    for (int k = 0; k < d->nclauses; k++) {
        const gg_clause *c = &d->clauses[k];
        if (c->kind == GG_CLAUSE_TRANSFER && c->a == seat)
            cost += c->amount;
        else if (c->kind == GG_CLAUSE_CONSENT && c->a == seat)
            cost += c->amount;
        else if (c->kind == GG_CLAUSE_JOINT && c->b == seat)
            cost += c->amount;
    }
    return cost;
}

static int deal_money_gain(const gg_deal *d, int seat)
{
    int gain = 0;
    for (int k = 0; k < d->nclauses; k++) {
        const gg_clause *c = &d->clauses[k];
        if (c->kind == GG_CLAUSE_TRANSFER && c->b == seat)
            gain += c->amount;
        else if (c->kind == GG_CLAUSE_CONSENT && seat == GG_KAZAKHSTAN)
            gain += c->amount;
    }
    return gain;
}

static int accord_costs(int accord, int seat);

/* Whether deal `d` signs an accord whose signing takes `seat`'s resources
 * (accord_costs). */
static int pays_accord(const gg_deal *d, int seat)
{
    for (int k = 0; k < d->nclauses; k++)
        if (d->clauses[k].kind == GG_CLAUSE_ACCORD && accord_costs(d->clauses[k].c, seat))
            return 1;
    return 0;
}

/* Lookahead value of the world after `d` is accepted by every party
 * (evaluated for `seat` with every seat holding), minus the world without
 * it. Payments are valued at 40 per unit (hundredths of a VP): in non-binding games they are
 * paid by orders, which the hold lookahead does not see. */
static int deal_delta(const gg_state *view, int seat, const gg_deal *d)
{
    gg_state with, without;
    gg__bot_scratch(view, &without);
    with = without;
    int ok = 1;
    for (int p = 0; p < GG_SEATS && ok; p++)
        if ((d->parties >> p) & 1 && !((d->accepted >> p) & 1))
            ok = gg_respond(&with, p, d->id, 1) == 0;
    if (!ok)
        return INT_MIN / 2;
    gg_end_diplomacy(&with);
    gg_end_diplomacy(&without);
    int pays = seat < GG_POWERS && pays_accord(d, seat);
    if (pledges_seat(d, seat) || pays) {
        /* A pledge costs what the seat would have done: compare its own
         * best orders with and without it (holding would price it at 0).
         * So does an accord whose signing takes the seat's resources: what
         * they would have bought this turn (issue 13: greedy's West signed
         * reform for engagement on turn 1, whose 2 capital took the
         * corridor it would have started, and valued the accord against
         * holding at +15 VP). The corridor needs Kazakhstan's consent,
         * which a power buys at the market price (push_consent, the same
         * turn): both worlds assume it, so the comparison is between the
         * accord's effects and the orders its cost displaces. */
        if (pays && gg_bot_consent_price(view, seat, GG_CONSENT_ANY) >= 0)
            with.consent_all[seat] = without.consent_all[seat] = 1;
        gg_orders o;
        gg__greedy_best(&with, seat, &o);
        with.orders[seat] = o;
        gg__greedy_best(&without, seat, &o);
        without.orders[seat] = o;
    }
    gg_resolve_lookahead(&with);
    gg_resolve_lookahead(&without);
    int delta = gg__bot_eval(&with, seat) - gg__bot_eval(&without, seat);
    if (!view->options.binding)
        delta += 40 * (deal_money_gain(d, seat) - deal_money_cost(d, seat));
    return delta;
}

/* The one-turn gain (hundredths of a VP) to `power` of each of its legal
 * consent-needing actions once Kazakhstan consents, as greedy weighs
 * consent: gains[i] for legal[i], INT_MIN when legal[i] needs no consent
 * or is not valid then. The price is the caller's to subtract (and to
 * check against the power's money). Returns the number of legal actions. */
static int consent_gains(const gg_state *view, int power, gg_legal legal[GG_MAX_LEGAL],
                         int gains[GG_MAX_LEGAL])
{
    gg_state base;
    gg__bot_scratch(view, &base);
    gg_end_diplomacy(&base);
    gg_orders hold;
    memset(&hold, 0, sizeof hold);
    int val0 = gg__greedy_eval_orders(&base, power, &hold);
    base.consent_all[power] = 1;
    int nl = gg_legal_actions(view, power, legal, GG_MAX_LEGAL);
    for (int i = 0; i < nl; i++) {
        gains[i] = INT_MIN;
        if (!legal[i].needs_consent)
            continue;
        gg_orders o = {.count = 1};
        o.o[0] = (gg_order){legal[i].action, legal[i].target, 0};
        if (gg_validate_orders(&base, power, &o, NULL) == 0)
            gains[i] = gg__greedy_eval_orders(&base, power, &o) - val0;
    }
    return nl;
}

/* What Kazakhstan's consent to `action` (GG_CONSENT_ANY: every action) is
 * worth to `power` this turn, as push_consent weighs it: the one-turn gain
 * of its best consent-needing action so covered, minus the fee at 40 a unit
 * of capital and a margin of 100 (hundredths of a VP). */
int gg__greedy_consent_worth(const gg_state *view, int power, int action, int fee)
{
    gg_legal legal[GG_MAX_LEGAL];
    int gains[GG_MAX_LEGAL];
    int nl = consent_gains(view, power, legal, gains), best = INT_MIN / 2;
    for (int i = 0; i < nl; i++)
        if (gains[i] != INT_MIN && (action == GG_CONSENT_ANY || legal[i].action == action) &&
            fee + legal[i].cost[GG_MONEY] <= view->res[power][GG_MONEY] && gains[i] > best)
            best = gains[i];
    return best == INT_MIN / 2 ? best : best - 40 * fee - 100;
}

int gg__greedy_respond(gg_bot *b, const gg_state *view, const gg_deal *d)
{
    return gg__greedy_respond_value(b, view, d, NULL);
}

int gg__greedy_respond_value(gg_bot *b, const gg_state *view, const gg_deal *d, int *value)
{
    int seat = b->seat;
    /* A power offered consent for a fee (one clause: Kazakhstan sells it)
     * answers as it would ask: when the move it allows is worth the fee. */
    if (seat < GG_POWERS && d->nclauses == 1 && d->clauses[0].kind == GG_CLAUSE_CONSENT &&
        d->clauses[0].a == seat)
        return gg__greedy_consent_worth(view, seat, d->clauses[0].c, d->clauses[0].amount) > 0;
    int has_consent = 0;
    for (int k = 0; k < d->nclauses; k++) {
        const gg_clause *c = &d->clauses[k];
        if (c->kind == GG_CLAUSE_CONSENT) {
            has_consent = 1;
            if (seat == GG_KAZAKHSTAN) {
                int price = gg_bot_consent_price(view, c->a, c->c);
                if (price < 0 || c->amount < price)
                    return 0;
            }
        }
    }
    if (has_consent && seat == GG_KAZAKHSTAN)
        return 1; /* the fee is the price: the consent market is the rule */
    int v = deal_delta(view, seat, d);
    if (value)
        *value = v == INT_MIN / 2 ? 0 : v; /* as gg__greedy_deal_value */
    return v >= -ACCORD_TOLERANCE;
}

/* Lookahead for a proposal by `seat` (as if every party accepted). */
static int proposal_delta(const gg_state *view, int seat, const gg_bot_proposal *p)
{
    gg_state t;
    gg__bot_scratch(view, &t);
    uint16_t id = 0;
    if (gg_propose(&t, seat, p->parties, p->clauses, p->nclauses, &id) != 0)
        return INT_MIN / 2;
    const gg_deal *d = NULL;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (t.deals[i].status == GG_DEAL_OPEN && t.deals[i].id == id)
            d = &t.deals[i];
    if (!d)
        return INT_MIN / 2;
    gg_deal copy = *d;
    return deal_delta(&t, seat, &copy);
}

/* Whether signing `accord` takes resources from `seat` (a negative resource
 * effect of gg_accord_def.on_sign on it or on the proposer, whatever its
 * condition). */
static int accord_costs(int accord, int seat)
{
    const gg_accord_def *a = gg_accord_def_get(accord);
    for (int e = 0; a && e < GG_MAX_EFFECTS; e++) {
        const gg_effect *f = &a->on_sign[e];
        if (f->kind == GG_EFF_RESOURCE && f->delta < 0 && (f->who == seat || f->who == GG_WHO_SELF))
            return 1;
    }
    return 0;
}

/* Whether the rollouts find accord offer `p` clearly against `seat`'s
 * chances, for an accord whose signing takes the proposer's resources:
 * the one-turn lookahead (every seat holding) cannot see what they would
 * have built instead (the West's turn-1 reform for engagement takes 2 of
 * its 4 capital, and the connectivity corridor it would have funded scores
 * at turn 3 and 6). The judge is the negotiator's (gg__nego_deep: games
 * played to the end with the accord signed now and refused this turn,
 * every seat greedy with fixed-rule deals, common random numbers), and so
 * is the rule for a plain bot's own offer: made unless the mean change of
 * the final margin is GG__DEEP_MARGIN, or one standard error, below zero.
 * So greedy, mcts and negotiator bots time such accords alike. On the last
 * turn there is nothing later to see. A pure function of the view. */
static int rollouts_refuse(const gg_state *view, int seat, const gg_bot_proposal *p)
{
    if (view->turn >= view->last_turn || !accord_costs(p->clauses[0].c, seat))
        return 0;
    gg__nego_worlds W;
    memset(&W, 0, sizeof W);
    W.view = view;
    return gg__nego_deep_refuses(&W, seat, p) != 0;
}

int gg__greedy_proposal_value(const gg_state *view, int seat, const gg_bot_proposal *p)
{
    int v = proposal_delta(view, seat, p);
    return v == INT_MIN / 2 ? 0 : v;
}

int gg__greedy_deal_value(const gg_state *view, int seat, const gg_deal *d)
{
    int v = deal_delta(view, seat, d);
    return v == INT_MIN / 2 ? 0 : v;
}

static int push_accord(const gg_bot *b, const gg_state *view, gg_bot_proposal *out, int *value,
                       int n, int cap, int accord, int other)
{
    int seat = b->seat;
    if (n >= cap || view->accord_turns[accord])
        return n;
    gg_bot_proposal p = {.parties = (uint8_t)(1u << other), .nclauses = 1};
    p.clauses[0] = (gg_clause){.kind = GG_CLAUSE_ACCORD, .c = (uint8_t)accord};
    if (gg_check_deal(view, seat, p.parties, p.clauses, 1) != 0)
        return n;
    int v = proposal_delta(view, seat, &p);
    if (v < -ACCORD_TOLERANCE)
        return n;
    if (!b->rollout && rollouts_refuse(view, seat, &p))
        return n;
    if (value)
        value[n] = v; /* as gg__greedy_proposal_value: v is not INT_MIN / 2 here */
    out[n] = p;
    return n + 1;
}

/* A power asks Kazakhstan's consent for its most valuable consent-needing
 * action when the gain exceeds the market price [HB20 L309]. */
static int push_consent(const gg_state *view, int seat, gg_bot_proposal *out, int n, int cap)
{
    if (n >= cap || view->consent_all[seat] || gg__greedy_expects_consent(view, seat))
        return n;
    gg_legal legal[GG_MAX_LEGAL];
    int gains[GG_MAX_LEGAL];
    int nl = consent_gains(view, seat, legal, gains);
    int best = -1, best_gain = 0, best_price = 0;
    for (int i = 0; i < nl; i++) {
        if (gains[i] == INT_MIN)
            continue;
        int price = gg_bot_consent_price(view, seat, legal[i].action);
        if (price < 0 || price + legal[i].cost[GG_MONEY] > view->res[seat][GG_MONEY])
            continue;
        int gain = gains[i] - 40 * price - 100;
        if (gain > best_gain) {
            best_gain = gain;
            best = i;
            best_price = price;
        }
    }
    if (best < 0)
        return n;
    gg_bot_proposal p = {.parties = 1u << GG_KAZAKHSTAN, .nclauses = 1};
    p.clauses[0] = (gg_clause){.kind = GG_CLAUSE_CONSENT,
                               .a = (uint8_t)seat,
                               .c = legal[best].action,
                               .amount = (uint8_t)best_price};
    if (gg_check_deal(view, seat, p.parties, p.clauses, 1) != 0)
        return n;
    out[n] = p;
    return n + 1;
}

int gg__greedy_consent_offer(const gg_state *view, int power, gg_bot_proposal *out)
{
    return push_consent(view, power, out, 0, 1);
}

int gg__greedy_propose(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int cap)
{
    return gg__greedy_propose_value(b, view, out, NULL, cap);
}

int gg__greedy_propose_value(gg_bot *b, const gg_state *view, gg_bot_proposal *out, int *value,
                             int cap)
{
    int seat = b->seat, n = 0;
    const uint8_t *g = view->global;
    switch (seat) {
    case GG_CHINA:
        n = push_consent(view, seat, out, n, cap);
        if (g[GG_TRUST] >= 4 &&
            (view->influence[GG_CHINA][GG_SECURITY] >= 2 || g[GG_ESCALATION] >= 4))
            n = push_accord(b, view, out, value, n, cap, GG_ACC_SPHERES, GG_RUSSIA);
        if (g[GG_ESCALATION] >= 5)
            n = push_accord(b, view, out, value, n, cap, GG_ACC_SCO_SUMMIT, GG_RUSSIA);
        break;
    case GG_RUSSIA:
        n = push_consent(view, seat, out, n, cap);
        n = push_accord(b, view, out, value, n, cap, GG_ACC_EAEU_BRI, GG_CHINA);
        if (view->res[GG_RUSSIA][GG_MONEY] <= 3 && g[GG_TRUST] >= 4)
            n = push_accord(b, view, out, value, n, cap, GG_ACC_ENERGY_CONTRACT, GG_CHINA);
        break;
    case GG_WEST:
        n = push_consent(view, seat, out, n, cap);
        if (view->res[GG_WEST][GG_MONEY] >= 4)
            n = push_accord(b, view, out, value, n, cap, GG_ACC_REFORM_ENGAGEMENT, GG_KAZAKHSTAN);
        if (view->asymmetry >= GG_ASYM_JUNIOR && g[GG_SANCTIONS] >= 1)
            n = push_accord(b, view, out, value, n, cap, GG_ACC_HEDGE, GG_RUSSIA);
        break;
    case GG_KAZAKHSTAN:
        if (view->track[GG_DEBT] >= 2)
            n = push_accord(b, view, out, value, n, cap, GG_ACC_DEBT_RESTRUCTURING, GG_CHINA);
        break;
    default:
        break;
    }
    return n;
}
