/* greedy.c — the greedy reference bot: one-turn lookahead on a scratch copy
 * of the seat's view, an evaluation that estimates final victory points,
 * and explicit rules for deals (consent sold for a fee, accords).
 *
 * Cost: a decision resolves the scratch state a few dozen times at most
 * (each resolve is a ~1.3 KB copy plus gg_resolve); nothing is allocated. */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

/* ---- Evaluation ------------------------------------------------------- */

/* Weights of the evaluation, in hundredths of a victory point. */
#define W_OTHERS_PCT 25     /* share of the other seats' mean estimate subtracted */
#define W_INFLUENCE 10      /* per point of the power's own influence */
#define W_SEC_MARGIN 50     /* Russia: per point of security lead (up to 3) */
#define W_SINO 80           /* China: per point of sinophobia above 5 */
#define W_ESCALATION 8      /* times escalation squared, for everyone */
#define W_TIPPED 100000     /* tipping escalation to 10 scores nothing */
#define W_PROJECT_PCT 80    /* share of a project's future VP counted while it is built */
#define ACCORD_TOLERANCE 60 /* accords accepted down to this loss: cooperation bias */

/* Value of holding `x` units of one resource with income `inc` coming:
 * useful up to 8, less so up to the cap, and nothing for the units the
 * next Income would push to the cap or over it (lost or idle: spend them). */
static int res_value(int x, int inc, int cap)
{
    int keep = cap - 1 - (inc > 0 ? inc : 0); /* stay off the cap */
    if (x > keep)
        x = keep > 0 ? keep : 0;
    int lo = x < 8 ? x : 8;
    int hi = x > 8 ? (x < cap ? x : cap) - 8 : 0;
    return 40 * lo + 16 * hi;
}

/* Scoring turns in [from, last]: every third turn and the last. */
static int scorings(int from, int last)
{
    int n = 0;
    for (int k = from; k <= last; k++)
        if (k % 3 == 0 || k == last)
            n++;
    return n;
}

/* A seat's victory points per unit of `route` (its formula's route term:
 * rules v12 weighs the West's Caspian units 1, China's eastern 2). */
static int route_weight(int seat, int route)
{
    int n = 0;
    const gg_vp_term *t = gg_vp_terms(seat, &n);
    for (int i = 0; i < n; i++)
        if (t[i].kind == GG_VP_ROUTE && t[i].a == route && t[i].div <= 1)
            return t[i].mult;
    return 0;
}

/* Victory points per scoring a project brings its owner once completed
 * (the formulas of GAME_DESIGN.md §8 applied to its on_done effects). */
static int project_vp(int seat, int p)
{
    const gg_project_def *d = gg_project_def_get(p);
    int vp = (seat == GG_CHINA || seat == GG_WEST) ? 4 : 0; /* the VP terms' weights */
    for (int i = 0; d && i < GG_MAX_EFFECTS && d->on_done[i].kind != GG_EFF_NONE; i++) {
        const gg_effect *e = &d->on_done[i];
        if (e->kind == GG_EFF_ROUTE && ((seat == GG_CHINA && e->what == GG_EAST) ||
                                        (seat == GG_WEST && e->what == GG_CASPIAN)))
            vp += route_weight(seat, e->what) * e->delta;
        if (e->kind == GG_EFF_INFLUENCE && (e->who == GG_WHO_SELF || e->who == seat) &&
            ((seat == GG_CHINA && (e->what == GG_ECONOMY || e->what == GG_ELITE)) ||
             (seat == GG_WEST && (e->what == GG_ELITE || e->what == GG_PUBLIC)) ||
             (seat == GG_RUSSIA && e->what == GG_PUBLIC)))
            vp += 2 * e->delta;
    }
    return vp;
}

int gg__bot_eval(const gg_state *s, int seat)
{
    int16_t now[GG_SEATS];
    gg_score_now(s, now);
    /* The turn whose resolution produced `s` and the scorings still ahead. */
    int done = s->phase == GG_PHASE_DIPLOMACY ? s->turn - 1 : s->turn;
    int rem = 0, left = 0;
    if (s->phase != GG_PHASE_OVER) {
        rem = s->phase == GG_PHASE_CRISIS ? scorings(done, s->last_turn)
                                          : scorings(done + 1, s->last_turn);
        left = s->last_turn - done;
    }
    int est[GG_SEATS], others = 0;
    for (int p = 0; p < GG_SEATS; p++) {
        est[p] = 100 * (s->vp[p] + now[p] * rem);
        if (p != seat)
            others += est[p];
    }
    int v = est[seat] - others / 3 * W_OTHERS_PCT / 100;
    if (s->phase == GG_PHASE_OVER) {
        if (s->end_reason == GG_END_ESCALATION && s->tipped_by == seat)
            v -= W_TIPPED;
        if (s->end_reason == GG_END_SOVEREIGNTY && seat == GG_KAZAKHSTAN)
            v -= W_TIPPED;
    }
    if (left > 0)
        for (int r = 0; r < GG_RES_KINDS; r++)
            v += res_value(s->res[seat][r], s->income[seat][r], gg_res_cap(seat, r));
    /* Projects under construction: what they will score once done. */
    for (int p = 0; p < GG_PROJECTS && s->phase != GG_PHASE_OVER; p++) {
        const gg_project_state *ps = &s->project[p];
        if (ps->owner != seat || ps->done)
            continue;
        int ct = done + gg_project_def_get(p)->turns - ps->progress;
        v += 100 * project_vp(seat, p) * scorings(ct > done + 1 ? ct : done + 1, s->last_turn) *
             W_PROJECT_PCT / 100;
    }
    int esc = s->global[GG_ESCALATION];
    v -= W_ESCALATION * esc * esc;
    if (seat < GG_POWERS)
        for (int d = 0; d < GG_DOMAINS; d++)
            v += W_INFLUENCE * s->influence[seat][d];
    if (seat == GG_RUSSIA && gg_leader(s, GG_SECURITY) == GG_RUSSIA) {
        int m = s->influence[GG_RUSSIA][GG_SECURITY] -
                (s->influence[GG_CHINA][GG_SECURITY] > s->influence[GG_WEST][GG_SECURITY]
                     ? s->influence[GG_CHINA][GG_SECURITY]
                     : s->influence[GG_WEST][GG_SECURITY]);
        v += W_SEC_MARGIN * (m < 3 ? m : 3);
    }
    if (seat == GG_CHINA && s->track[GG_SINOPHOBIA] > 5)
        v -= W_SINO * (s->track[GG_SINOPHOBIA] - 5);
    if (seat == GG_KAZAKHSTAN && left > 0) {
        if (s->track[GG_STABILITY] <= 2)
            v -= 600;
        else if (s->track[GG_STABILITY] == 3)
            v -= 200;
        if (s->track[GG_SOVEREIGNTY] <= 2)
            v -= 400;
    }
    return v;
}

/* ---- Scratch states ---------------------------------------------------- */

void gg__bot_scratch(const gg_state *view, gg_state *scratch)
{
    *scratch = *view;
    /* Any fixed non-degenerate stream will do: lookahead only needs
     * gg_resolve to be able to break ties. */
    gg_pcg32_seed(&scratch->rng_ties, 0x9e3779b97f4a7c15ULL ^ view->turn, 2);
    gg_pcg32_seed(&scratch->rng_events, 0x2545f4914f6cdd1dULL ^ view->turn, 1);
}

static int eval_orders(const gg_state *base, int seat, const gg_orders *o)
{
    gg_state t = *base;
    t.orders[seat] = *o;
    if (gg_resolve(&t) != 0)
        return INT_MIN / 2;
    return gg__bot_eval(&t, seat);
}

/* ---- Orders ------------------------------------------------------------ */

static int add_order(gg_orders *o, int action, int target, int arg)
{
    if (o->count >= GG_MAX_ORDERS)
        return 0;
    o->o[o->count++] = (gg_order){(uint8_t)action, (uint8_t)target, (uint8_t)arg};
    return 1;
}

void gg__bot_obligations(const gg_state *view, int seat, gg_orders *o)
{
    if (view->options.binding)
        return;
    int owe[GG_SEATS][GG_RES_KINDS];
    memset(owe, 0, sizeof owe);
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &view->deals[i];
        if (d->status != GG_DEAL_ACCEPTED || d->turn != view->turn)
            continue;
        for (int k = 0; k < d->nclauses; k++) {
            const gg_clause *c = &d->clauses[k];
            if (c->kind == GG_CLAUSE_TRANSFER && c->a == seat && c->b < GG_SEATS &&
                c->c < GG_RES_KINDS)
                owe[c->b][c->c] += c->amount;
            else if (c->kind == GG_CLAUSE_CONSENT && c->a == seat && c->amount > 0)
                owe[GG_KAZAKHSTAN][GG_MONEY] += c->amount;
        }
    }
    /* One transfer per payee (a second would be a duplicate order). */
    for (int to = 0; to < GG_SEATS; to++)
        for (int r = 0; r < GG_RES_KINDS; r++) {
            if (!owe[to][r] || to == seat)
                continue;
            int amount = owe[to][r] > 63 ? 63 : owe[to][r];
            gg_orders t = *o;
            if (!add_order(&t, GG_ACT_ANY_TRANSFER, to, gg_transfer_arg(r, amount)))
                return;
            if (gg_validate_orders(view, seat, &t, NULL) == 0)
                *o = t;
            break;
        }
}

/* Whether Kazakhstan consented to every consent-needing action of `power`
 * by a consent order last turn (public in the report): the greedy powers
 * expect the same again. */
static int expects_consent(const gg_state *view, int power)
{
    const gg_orders *kz = &view->report.orders[GG_KAZAKHSTAN];
    for (int i = 0; i < kz->count && i < GG_MAX_ORDERS; i++)
        if (kz->o[i].action == GG_ACT_KZ_CONSENT && kz->o[i].target == power)
            return 1;
    return 0;
}

/* Kazakhstan's free consent order: multi-vector balancing invites the
 * power leading fewest domains, among those it does not fear
 * [SO24 L97-L101; Mo22 L107]. */
static void kz_policy(const gg_state *view, gg_orders *o)
{
    if (view->track[GG_SINOPHOBIA] >= 7) /* any consent would cost stability */
        return;
    int leads[GG_POWERS] = {0};
    for (int d = 0; d < GG_DOMAINS; d++) {
        int l = gg_leader(view, d);
        if (l >= 0)
            leads[l]++;
    }
    static const int pref[GG_POWERS] = {GG_WEST, GG_CHINA, GG_RUSSIA};
    int best = -1;
    for (int i = 0; i < GG_POWERS; i++) {
        int p = pref[i];
        if (p == GG_CHINA && view->track[GG_SINOPHOBIA] > 4)
            continue;
        if (p == GG_RUSSIA && view->track[GG_SOVEREIGNTY] < 7)
            continue;
        if (view->consent_all[p])
            continue;
        if (best < 0 || leads[p] < leads[best])
            best = p;
    }
    if (best < 0)
        return;
    gg_orders t = *o;
    if (add_order(&t, GG_ACT_KZ_CONSENT, best, 0) &&
        gg_validate_orders(view, GG_KAZAKHSTAN, &t, NULL) == 0)
        *o = t;
}

/* The search: candidate single orders and the scratch state they are
 * resolved on. */
typedef struct search {
    gg_state base;
    int seat;
    int n;
    gg_order cand[GG_MAX_LEGAL];
} search;

static void search_init(search *S, const gg_state *view, int seat)
{
    gg__bot_scratch(view, &S->base);
    S->seat = seat;
    int assume = seat < GG_POWERS && expects_consent(view, seat);
    if (assume)
        S->base.consent_all[seat] = 1; /* lookahead only: if KZ does not, the order just fails */
    /* A debt of gratitude Russia holds is a public threat: the lookahead
     * expects it called in this turn (sovereignty -1 unless refused), or
     * Kazakhstan counts a sovereignty order as wasted at the cap that the
     * call then takes back (issue 13: greedy Kazakhstan refused in 1% of
     * after-ukraine's third turns, mcts's in 9%, its sovereignty 0.9 lower
     * at the first scoring). */
    if (seat == GG_KAZAKHSTAN && view->gratitude && S->base.orders[GG_RUSSIA].count == 0) {
        S->base.orders[GG_RUSSIA].count = 1;
        S->base.orders[GG_RUSSIA].o[0] = (gg_order){GG_ACT_RU_CALL_IN_GRATITUDE, 0, 0};
    }
    gg_legal legal[GG_MAX_LEGAL];
    int n = gg_legal_actions(view, seat, legal, GG_MAX_LEGAL);
    /* The reference bots keep their word in non-binding games too: an
     * action of a tag the seat pledged away is no candidate. */
    unsigned pledged = 0;
    for (int t = 0; t < GG_TAGS; t++)
        if (view->pledge[seat][t])
            pledged |= 1u << t;
    S->n = 0;
    for (int i = 0; i < n; i++) {
        const gg_legal *l = &legal[i];
        if (l->action == GG_ACT_ANY_TRANSFER || l->action == GG_ACT_KZ_CONSENT)
            continue;
        if (gg_action_def_get(l->action)->tags & pledged)
            continue;
        if (l->needs_consent && !assume)
            continue;
        S->cand[S->n++] = (gg_order){l->action, l->target, 0};
    }
}

static int in_orders(const gg_orders *o, const gg_order *x)
{
    for (int i = 0; i < o->count; i++)
        if (o->o[i].action == x->action && o->o[i].target == x->target)
            return 1;
    return 0;
}

/* Adds the best single candidate while the evaluation improves. `val` is
 * the evaluation of *cur; first[] (if not NULL) receives the first round's
 * evaluation of each candidate (INT_MIN when invalid). Equally good
 * candidates are chosen between by a seeded draw from `rng` (if not NULL;
 * else the first in catalogue order). Returns the final evaluation. */
static int complete(const search *S, const gg_state *view, gg_orders *cur, int val, int *first,
                    gg_pcg32 *rng)
{
    uint8_t dead[GG_MAX_LEGAL];
    memset(dead, 0, sizeof dead);
    for (int round = 0; cur->count < GG_MAX_ORDERS; round++) {
        int best = -1, best_val = val, ties = 0;
        for (int i = 0; i < S->n; i++) {
            if (round == 0 && first)
                first[i] = INT_MIN;
            if (dead[i] || in_orders(cur, &S->cand[i])) {
                dead[i] = 1;
                continue;
            }
            gg_orders t = *cur;
            t.o[t.count++] = S->cand[i];
            if (gg_validate_orders(view, S->seat, &t, NULL) != 0) {
                dead[i] = 1; /* budgets only shrink as orders are added */
                continue;
            }
            int v = eval_orders(&S->base, S->seat, &t);
            if (round == 0 && first)
                first[i] = v;
            if (v <= val) {
                dead[i] = 1; /* lazy greedy: a useless order stays useless */
                continue;
            }
            if (v > best_val) {
                best_val = v;
                best = i;
                ties = 1;
            } else if (v == best_val && rng && gg_pcg32_below(rng, (uint32_t)++ties) == 0) {
                best = i; /* reservoir draw: each equal candidate equally likely */
            }
        }
        if (best < 0)
            break;
        cur->o[cur->count++] = S->cand[best];
        dead[best] = 1;
        val = best_val;
    }
    return val;
}

static void base_orders(const gg_state *view, int seat, gg_orders *o)
{
    memset(o, 0, sizeof *o);
    gg__bot_obligations(view, seat, o);
    if (seat == GG_KAZAKHSTAN)
        kz_policy(view, o);
}

void gg__greedy_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    search S;
    search_init(&S, view, b->seat);
    base_orders(view, b->seat, out);
    int val = eval_orders(&S.base, b->seat, out);
    complete(&S, view, out, val, NULL, &b->rng);
}

static int same_set(const gg_orders *a, const gg_orders *b)
{
    if (a->count != b->count)
        return 0;
    for (int i = 0; i < a->count; i++)
        if (!in_orders(b, &a->o[i]))
            return 0;
    return 1;
}

int gg__greedy_candidates(gg_bot *b, const gg_state *view, gg_orders *cands, int k)
{
    search S;
    search_init(&S, view, b->seat);
    gg_orders base;
    base_orders(view, b->seat, &base);
    int val = eval_orders(&S.base, b->seat, &base);
    int first[GG_MAX_LEGAL];
    cands[0] = base;
    complete(&S, view, &cands[0], val, first, NULL);
    int n = 1;
    /* Next best first orders, best first; ties broken by catalogue order. */
    uint8_t used[GG_MAX_LEGAL];
    memset(used, 0, sizeof used);
    while (n < k) {
        int pick = -1;
        for (int i = 0; i < S.n; i++)
            if (!used[i] && first[i] != INT_MIN && (pick < 0 || first[i] > first[pick]))
                pick = i;
        if (pick < 0)
            break;
        used[pick] = 1;
        gg_orders c = base;
        c.o[c.count++] = S.cand[pick];
        complete(&S, view, &c, first[pick], NULL, NULL);
        int dup = 0;
        for (int j = 0; j < n && !dup; j++)
            dup = same_set(&cands[j], &c);
        if (!dup)
            cands[n++] = c;
    }
    if (n < k) { /* holding (obligations only) is a candidate too */
        int dup = 0;
        for (int j = 0; j < n && !dup; j++)
            dup = same_set(&cands[j], &base);
        if (!dup)
            cands[n++] = base;
    }
    return n;
}

/* ---- Crisis -------------------------------------------------------------- */

int gg__greedy_crisis(gg_bot *b, const gg_state *view)
{
    gg_state base;
    gg__bot_scratch(view, &base);
    int best = GG_RSP_ALONE, best_val = INT_MIN;
    for (int r = 0; r < GG_RESPONSES; r++) {
        if (gg_check_response(view, r) != 0)
            continue;
        gg_state t = base;
        if (gg_crisis_react(&t, r) != 0)
            continue;
        int v = gg__bot_eval(&t, b->seat);
        if (v > best_val) {
            best_val = v;
            best = r;
        }
    }
    return best;
}

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

/* The greedy orders of `seat` on scratch state `st` (ORDERS phase), with
 * ties broken by catalogue order. */
static void greedy_best(const gg_state *st, int seat, gg_orders *out)
{
    search S;
    search_init(&S, st, seat);
    base_orders(st, seat, out);
    complete(&S, st, out, eval_orders(&S.base, seat, out), NULL, NULL);
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
        greedy_best(&with, seat, &o);
        with.orders[seat] = o;
        greedy_best(&without, seat, &o);
        without.orders[seat] = o;
    }
    gg_resolve(&with);
    gg_resolve(&without);
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
    int val0 = eval_orders(&base, power, &hold);
    base.consent_all[power] = 1;
    int nl = gg_legal_actions(view, power, legal, GG_MAX_LEGAL);
    for (int i = 0; i < nl; i++) {
        gains[i] = INT_MIN;
        if (!legal[i].needs_consent)
            continue;
        gg_orders o = {.count = 1};
        o.o[0] = (gg_order){legal[i].action, legal[i].target, 0};
        if (gg_validate_orders(&base, power, &o, NULL) == 0)
            gains[i] = eval_orders(&base, power, &o) - val0;
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
    return deal_delta(view, seat, d) >= -ACCORD_TOLERANCE;
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

static int push_accord(const gg_bot *b, const gg_state *view, gg_bot_proposal *out, int n, int cap,
                       int accord, int other)
{
    int seat = b->seat;
    if (n >= cap || view->accord_turns[accord])
        return n;
    gg_bot_proposal p = {.parties = (uint8_t)(1u << other), .nclauses = 1};
    p.clauses[0] = (gg_clause){.kind = GG_CLAUSE_ACCORD, .c = (uint8_t)accord};
    if (gg_check_deal(view, seat, p.parties, p.clauses, 1) != 0)
        return n;
    if (proposal_delta(view, seat, &p) < -ACCORD_TOLERANCE)
        return n;
    if (!b->rollout && rollouts_refuse(view, seat, &p))
        return n;
    out[n] = p;
    return n + 1;
}

/* A power asks Kazakhstan's consent for its most valuable consent-needing
 * action when the gain exceeds the market price [HB20 L309]. */
static int push_consent(const gg_state *view, int seat, gg_bot_proposal *out, int n, int cap)
{
    if (n >= cap || view->consent_all[seat] || expects_consent(view, seat))
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
    int seat = b->seat, n = 0;
    const uint8_t *g = view->global;
    switch (seat) {
    case GG_CHINA:
        n = push_consent(view, seat, out, n, cap);
        if (g[GG_TRUST] >= 4 &&
            (view->influence[GG_CHINA][GG_SECURITY] >= 2 || g[GG_ESCALATION] >= 4))
            n = push_accord(b, view, out, n, cap, GG_ACC_SPHERES, GG_RUSSIA);
        if (g[GG_ESCALATION] >= 5)
            n = push_accord(b, view, out, n, cap, GG_ACC_SCO_SUMMIT, GG_RUSSIA);
        break;
    case GG_RUSSIA:
        n = push_consent(view, seat, out, n, cap);
        n = push_accord(b, view, out, n, cap, GG_ACC_EAEU_BRI, GG_CHINA);
        if (view->res[GG_RUSSIA][GG_MONEY] <= 3 && g[GG_TRUST] >= 4)
            n = push_accord(b, view, out, n, cap, GG_ACC_ENERGY_CONTRACT, GG_CHINA);
        break;
    case GG_WEST:
        n = push_consent(view, seat, out, n, cap);
        if (view->res[GG_WEST][GG_MONEY] >= 4)
            n = push_accord(b, view, out, n, cap, GG_ACC_REFORM_ENGAGEMENT, GG_KAZAKHSTAN);
        if (view->asymmetry >= GG_ASYM_JUNIOR && g[GG_SANCTIONS] >= 1)
            n = push_accord(b, view, out, n, cap, GG_ACC_HEDGE, GG_RUSSIA);
        break;
    case GG_KAZAKHSTAN:
        if (view->track[GG_DEBT] >= 2)
            n = push_accord(b, view, out, n, cap, GG_ACC_DEBT_RESTRUCTURING, GG_CHINA);
        break;
    default:
        break;
    }
    return n;
}
