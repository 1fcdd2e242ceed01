/* greedy.c — the greedy reference bot: one-turn lookahead on a scratch copy
 * of the seat's view, an evaluation that estimates final victory points,
 * orders completed one by one; deals are greedy_deals.c's.
 *
 * Cost: a decision resolves the scratch state a few dozen times at most
 * (each resolve is a ~2.4 KB copy plus gg_resolve_lookahead); nothing is
 * allocated. */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

/* ---- Evaluation ------------------------------------------------------- */

/* Weights of the evaluation, in hundredths of a victory point. */
#define W_OTHERS_PCT 25  /* share of the other seats' mean estimate subtracted */
#define W_INFLUENCE 10   /* per point of the power's own influence */
#define W_SEC_MARGIN 50  /* Russia: per point of security lead (up to 3) */
#define W_SINO 80        /* China: per point of sinophobia above 5 */
#define W_ESCALATION 8   /* times escalation squared, for everyone */
#define W_TIPPED 100000  /* tipping escalation to 10 scores nothing */
#define W_PROJECT_PCT 80 /* share of a project's future VP counted while it is built */
/* Racing: each seat's share (per cent) of the leading rival's projected
 * margin subtracted, in seat order China, Russia, the West, Kazakhstan.
 * China 35 since session 18 (at 25 belt-and-road's greedy China left the
 * leader, Russia, whose northern transit its energy deals take, to the
 * others and won 15.8%). Since session 19 (rules v24, pars fitted on the
 * default mcts) the West races at 30 and Kazakhstan at 25 (were 20, as
 * Russia): at the new after-ukraine pars a Kazakhstan racing at 20 left the
 * West 38.5% (seed 1), and 30 for both put belt-and-road's Russia at 39%;
 * 30 / 25 hold the classroom and after-ukraine on seeds 1-6 and leave
 * belt-and-road's greedy within 1.2 points of 15-35% (BALANCE.md, session
 * 19).
 * Only a racing greedy reads these: mcts, its rollouts and greedy:plain do
 * not. */
static const int w_leader_pct[GG_SEATS] = {35, 20, 30, 25};
/* Racing: a greedy bot's own orders are drawn among the candidates within
 * this much (hundredths of a VP) of the best, so near races vary as a
 * class's would (BALANCE.md, session 13). 1.5 VP since rules v23: the
 * middle of the range (1.4-1.6) where the classroom's greedy shares hold on
 * six seeds; 0.75-1.2 and 1.8-3 leave a seat out (BALANCE.md, session 17). */
#define W_NEAR_TIE 150
/* Racing Kazakhstan's share of the other seats' mean estimate (the others
 * keep W_OTHERS_PCT): it contests the powers' points more and takes its
 * share of the long scenarios (BALANCE.md, session 13). */
#define W_OTHERS_KZ_RACE_PCT 35

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

/* The victory points `units` more of `route` bring a seat (its formula's
 * route term: rules v12 weighs the West's Caspian units 1, rules v22
 * China's eastern 3 for every 2, rounded down). */
static int route_vp(int seat, int route, int units)
{
    int n = 0;
    const gg_vp_term *t = gg_vp_terms(seat, &n);
    for (int i = 0; i < n; i++)
        if (t[i].kind == GG_VP_ROUTE && t[i].a == route)
            return t[i].div > 1 ? t[i].mult * units / t[i].div : t[i].mult * units;
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
            vp += route_vp(seat, e->what, e->delta);
        if (e->kind == GG_EFF_INFLUENCE && (e->who == GG_WHO_SELF || e->who == seat) &&
            ((seat == GG_CHINA && (e->what == GG_ECONOMY || e->what == GG_ELITE)) ||
             (seat == GG_WEST && (e->what == GG_ELITE || e->what == GG_PUBLIC)) ||
             (seat == GG_RUSSIA && e->what == GG_PUBLIC)))
            vp += 2 * e->delta;
    }
    return vp;
}

static int eval_now(const gg_state *s, int seat, const int16_t now[GG_SEATS]);

_Thread_local int gg__greedy_race;

int gg__bot_eval(const gg_state *s, int seat)
{
    int16_t now[GG_SEATS];
    gg_score_now(s, now);
    return eval_now(s, seat, now);
}

int gg__bot_eval_resolved(const gg_state *s, int seat)
{
    int16_t now[GG_SEATS] = {0}; /* game over: the scorings ahead are 0, now is not read */
    if (s->phase != GG_PHASE_OVER)
        for (int p = 0; p < GG_SEATS; p++)
            now[p] = (int16_t)(s->vp_now[p] - s->vp[p]);
    return eval_now(s, seat, now);
}

static int eval_now(const gg_state *s, int seat, const int16_t now[GG_SEATS])
{
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
    int v = est[seat] -
            others / 3 *
                (seat == GG_KAZAKHSTAN && gg__greedy_race ? W_OTHERS_KZ_RACE_PCT : W_OTHERS_PCT) /
                100;
    if (gg__greedy_race) {
        /* The winner is the best margin over par, not the most VP: a
         * greedy seat racing for first also weighs the rival who leads the
         * running score (vp_now - par_now, the score strip) by that
         * rival's projected final margin, so it contests whoever leads.
         * The par so far reads the par curves, fitted on "greedy:plain"
         * (no racing), so the curves do not depend on this term. */
        int lead = -1;
        for (int p = 0; p < GG_SEATS; p++)
            if (p != seat &&
                (lead < 0 || s->vp_now[p] - s->par_now[p] > s->vp_now[lead] - s->par_now[lead]))
                lead = p;
        v -= (est[lead] - 100 * s->par[lead]) * w_leader_pct[seat] / 100;
    }
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

int gg__greedy_eval_orders(const gg_state *base, int seat, const gg_orders *o)
{
    gg_state t = *base;
    t.orders[seat] = *o;
    if (gg_resolve_lookahead(&t) != 0)
        return INT_MIN / 2;
    return gg__bot_eval_resolved(&t, seat);
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
int gg__greedy_expects_consent(const gg_state *view, int power)
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
 * resolved on; for each candidate whether it validates alone on the view
 * (solo) and its cost there (gg_order_cost), which every round of
 * complete() reads instead of validating the whole order list again. */
typedef struct search {
    gg_state base;
    int seat;
    int n;
    gg_order cand[GG_MAX_LEGAL];
    uint8_t solo[GG_MAX_LEGAL];
    int16_t cost[GG_MAX_LEGAL][GG_RES_KINDS];
} search;

static void search_init(search *S, const gg_state *view, int seat)
{
    gg__bot_scratch(view, &S->base);
    S->seat = seat;
    int assume = seat < GG_POWERS && gg__greedy_expects_consent(view, seat);
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
        gg_orders one = {.count = 1};
        one.o[0] = (gg_order){l->action, l->target, 0};
        int cost[GG_RES_KINDS];
        gg_order_cost(view, seat, &one.o[0], cost);
        S->solo[S->n] = gg_validate_orders(view, seat, &one, NULL) == 0;
        for (int r = 0; r < GG_RES_KINDS; r++)
            S->cost[S->n][r] = (int16_t)cost[r];
        S->cand[S->n++] = one.o[0];
    }
}

/* What the orders in *cur cost together on the view. */
static void orders_spent(const gg_state *view, int seat, const gg_orders *cur,
                         int spent[GG_RES_KINDS])
{
    for (int r = 0; r < GG_RES_KINDS; r++)
        spent[r] = 0;
    for (int i = 0; i < cur->count; i++) {
        int cost[GG_RES_KINDS];
        gg_order_cost(view, seat, &cur->o[i], cost);
        for (int r = 0; r < GG_RES_KINDS; r++)
            spent[r] += cost[r];
    }
}

/* Whether *cur (which validates on the view) plus candidate i (not in
 * *cur) validates: gg_validate_orders(view, seat, cur + cand[i]) == 0.
 * That function checks each order alone (gg__check_order, the same for
 * cand[i] whatever precedes it: S->solo), duplicates (none: cand[i] is not
 * in *cur) and the running total of the costs against what the seat may
 * spend, its resources less what it owes through accepted binding deals.
 * In a non-binding game it owes nothing (transfers are orders), so that is
 * spent (the cost of *cur) + cost[i] <= res; a binding game asks
 * gg_validate_orders itself. Builds with GG_CROSS_CHECK (the sanitizer
 * pass of ./test) compare the two on every call and trap if they differ. */
static int fits(const search *S, const gg_state *view, const gg_orders *cur,
                const int spent[GG_RES_KINDS], int i)
{
    if (view->options.binding) {
        gg_orders t = *cur;
        t.o[t.count++] = S->cand[i];
        return gg_validate_orders(view, S->seat, &t, NULL) == 0;
    }
    int ok = S->solo[i];
    for (int r = 0; ok && r < GG_RES_KINDS; r++)
        ok = spent[r] + S->cost[i][r] <= view->res[S->seat][r];
#ifdef GG_CROSS_CHECK /* the sanitizer build proves the shortcut on every call */
    gg_orders t = *cur;
    t.o[t.count++] = S->cand[i];
    if (ok != (gg_validate_orders(view, S->seat, &t, NULL) == 0))
        __builtin_trap(); /* a crash the suite reports (bots stay pure: no I/O) */
#endif
    return ok;
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
 * else the first in catalogue order); with `tol` > 0 the draw is among
 * every improving candidate within `tol` of the best (near ties).
 * Returns the final evaluation. */
static int complete(const search *S, const gg_state *view, gg_orders *cur, int val, int *first,
                    gg_pcg32 *rng, int tol)
{
    uint8_t dead[GG_MAX_LEGAL];
    int vals[GG_MAX_LEGAL];
    memset(dead, 0, sizeof dead);
    for (int round = 0; cur->count < GG_MAX_ORDERS; round++) {
        int best = -1, best_val = val, ties = 0;
        int spent[GG_RES_KINDS];
        orders_spent(view, S->seat, cur, spent);
        for (int i = 0; i < S->n; i++) {
            if (round == 0 && first)
                first[i] = INT_MIN;
            if (dead[i] || in_orders(cur, &S->cand[i])) {
                dead[i] = 1;
                continue;
            }
            if (!fits(S, view, cur, spent, i)) {
                dead[i] = 1; /* budgets only shrink as orders are added */
                continue;
            }
            gg_orders t = *cur;
            t.o[t.count++] = S->cand[i];
            int v = gg__greedy_eval_orders(&S->base, S->seat, &t);
            if (round == 0 && first)
                first[i] = v;
            if (v <= val) {
                dead[i] = 1; /* lazy greedy: a useless order stays useless */
                continue;
            }
            vals[i] = v;
            if (v > best_val) {
                best_val = v;
                best = i;
                ties = 1;
            } else if (v == best_val && rng && tol <= 0 &&
                       gg_pcg32_below(rng, (uint32_t)++ties) == 0) {
                best = i; /* reservoir draw: each equal candidate equally likely */
            }
        }
        if (best < 0)
            break;
        if (rng && tol > 0) { /* a uniform draw among the near ties */
            int near = 0;
            for (int i = 0; i < S->n; i++)
                near += !dead[i] && vals[i] >= best_val - tol;
            int k = (int)gg_pcg32_below(rng, (uint32_t)near);
            for (int i = 0; i < S->n; i++)
                if (!dead[i] && vals[i] >= best_val - tol && k-- == 0) {
                    best = i;
                    break;
                }
            best_val = vals[best];
        }
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

/* The greedy orders of `seat` on scratch state `st` (ORDERS phase), with
 * ties broken by catalogue order. */
void gg__greedy_best(const gg_state *st, int seat, gg_orders *out)
{
    search S;
    search_init(&S, st, seat);
    base_orders(st, seat, out);
    complete(&S, st, out, gg__greedy_eval_orders(&S.base, seat, out), NULL, NULL, 0);
}

void gg__greedy_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    search S;
    search_init(&S, view, b->seat);
    base_orders(view, b->seat, out);
    int val = gg__greedy_eval_orders(&S.base, b->seat, out);
    complete(&S, view, out, val, NULL, &b->rng, gg__greedy_race ? W_NEAR_TIE : 0);
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
    int val = gg__greedy_eval_orders(&S.base, b->seat, &base);
    int first[GG_MAX_LEGAL];
    cands[0] = base;
    complete(&S, view, &cands[0], val, first, NULL, 0);
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
        complete(&S, view, &c, first[pick], NULL, NULL, 0);
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
        int v = gg__bot_eval_resolved(&t, b->seat);
        if (v > best_val) {
            best_val = v;
            best = r;
        }
    }
    return best;
}
