/* negotiator_value.c — how the negotiator values a deal (negotiator.c is
 * the rest of the bot).
 *
 * Two looks, cheap then deep:
 * - gg__nego_value: the deal's turn resolved on a scratch copy of the view,
 *   with the deal and without it, the parties playing greedy orders and
 *   everyone keeping its word. Every seat's raw gain (its greedy
 *   evaluation) and its win value: its gain minus its rivals' gains, each
 *   weighted by how close that rival is to the lead (winning is a matter of
 *   rank: a swap that gives a rival more than it gives the bot lowers the
 *   bot's chances). A filter, and the prediction of what plain partners
 *   accept.
 * - gg__nego_deep: the judge. DEEP_ROLLOUTS games played to the end from
 *   the view (hidden deck and streams filled from a fixed stream, the same
 *   for the deal and for no deal: common random numbers), every seat
 *   greedy, the game's own rules (binding or not) after the deal is
 *   signed; the deal's value for a seat is its mean change of the final
 *   margin that decides the game (relative VP minus the best rival's, plus
 *   WIN_BONUS for a win), as mcts values orders. One turn's evaluation
 *   cannot see what a deal does later: a long-term energy contract gives
 *   Russia 3 capital now and, in greedy play, lets China win most games.
 *
 * Trust: in non-binding games a positive value that rests on another
 * seat's promise is discounted by that seat's record (public kept and
 * broken promises). Nothing is allocated; no randomness beyond fixed
 * streams: the values are a pure function of the view. */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

#define RIVAL_PCT 100 /* how much the leading rival's gain counts against the bot, % */
#define RIVAL_GAP                                                                                  \
    10 /* VP of margin behind the leading rival at which a rival's gain stops counting */
#define DEEP_ROLLOUTS 4                  /* rollouts per world */
#define WIN_BONUS 20                     /* a win is worth this many VP of margin (as mcts) */
#define LOOKAHEAD_SEED 0x6e65676f7469ULL /* fixed stream of the lookahead's greedy players */

/* ---- Lookahead -------------------------------------------------------- */

/* Greedy orders for seat q on t (ORDERS phase), with a fixed stream. */
void gg__nego_lookahead_orders(const gg_state *t, int q, gg_orders *o)
{
    gg_bot g;
    gg_bot_init(&g, "greedy", q, LOOKAHEAD_SEED);
    gg__greedy_orders(&g, t, o);
}

/* Resolves this turn on a copy of the view with `p` proposed by `proposer`
 * and accepted by every party (p NULL: no deal); the seats in `active`
 * play greedy orders, the others hold; everyone keeps its word. Writes
 * every seat's evaluation into val[]; returns 0, or -1 when the engine
 * refuses the deal. */
static int world(const gg_state *view, int proposer, const gg_bot_proposal *p, uint8_t active,
                 int val[GG_SEATS])
{
    gg_state t;
    gg__bot_scratch(view, &t);
    if (p) {
        uint16_t id = 0;
        if (gg_propose(&t, proposer, p->parties, p->clauses, p->nclauses, &id) != 0)
            return -1;
        for (int q = 0; q < GG_SEATS; q++)
            if (q != proposer && ((p->parties >> q) & 1) && gg_respond(&t, q, id, 1) != 0)
                return -1;
    }
    /* Other open deals are not counted on. */
    gg_end_diplomacy(&t);
    t.options.binding = 1;
    for (int q = 0; q < GG_SEATS; q++)
        if ((active >> q) & 1)
            gg__nego_lookahead_orders(&t, q, &t.orders[q]);
    if (gg_resolve(&t) != 0)
        return -1;
    for (int q = 0; q < GG_SEATS; q++)
        val[q] = gg__bot_eval(&t, q);
    return 0;
}

/* ---- Deep valuation: rollouts through the deal ------------------------- */

/* The margin that decides a game for every seat: its relative VP minus
 * the best other relative VP, plus WIN_BONUS when it wins (as mcts). */
static void final_margins(const gg_state *t, int out[GG_SEATS])
{
    gg_result r;
    if (gg_result_get(t, &r) != 0) {
        memset(out, 0, sizeof(int) * GG_SEATS);
        return;
    }
    for (int q = 0; q < GG_SEATS; q++) {
        int rival = INT_MIN;
        for (int x = 0; x < GG_SEATS; x++)
            if (x != q && r.relative[x] > rival)
                rival = r.relative[x];
        out[q] = r.relative[q] - rival + (r.winner == q ? WIN_BONUS : 0);
    }
}

/* Rollout `k` of the view to the end of the game, with deal `p` by
 * `proposer` accepted by every party (p NULL: no deal): the hidden deck
 * and streams are filled from a fixed stream (the same for every deal:
 * common random numbers), every seat plays greedy and keeps its word.
 * Writes every seat's final margin; returns 0 or -1 (refused deal). */
static int rollout(const gg_state *view, int proposer, const gg_bot_proposal *p, int k,
                   int out[GG_SEATS])
{
    gg_state t;
    gg__bot_scratch(view, &t);
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, LOOKAHEAD_SEED ^ ((uint64_t)view->turn << 8) ^ (uint64_t)(unsigned)k,
                  0x300u);
    gg__bot_determinise(&t, &rng);
    t.viewer = GG_VIEW_FULL;
    if (p) {
        uint16_t id = 0;
        if (gg_propose(&t, proposer, p->parties, p->clauses, p->nclauses, &id) != 0)
            return -1;
        for (int q = 0; q < GG_SEATS; q++)
            if (q != proposer && ((p->parties >> q) & 1) && gg_respond(&t, q, id, 1) != 0)
                return -1;
    }
    gg_bot sub[GG_SEATS];
    for (int q = 0; q < GG_SEATS; q++)
        gg_bot_init(&sub[q], "greedy", q, LOOKAHEAD_SEED + (uint64_t)(unsigned)k);
    gg_bots_play_game(&t, sub, NULL);
    final_margins(&t, out);
    return 0;
}

/* The deal's effect on each seat's final margin, mean over deep_r()
 * rollouts, in hundredths of a VP (the deal against no deal, on the same
 * rollouts). Returns 0 or -1. */
int gg__nego_deep(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p, int out[GG_SEATS])
{
    const int R = DEEP_ROLLOUTS;
    if (!W->deep_have) {
        memset(W->deep_base, 0, sizeof W->deep_base);
        for (int k = 0; k < R; k++) {
            int m[GG_SEATS];
            if (rollout(W->view, 0, NULL, k, m) == 0)
                for (int q = 0; q < GG_SEATS; q++)
                    W->deep_base[q] += m[q];
        }
        W->deep_have = 1;
    }
    int sum[GG_SEATS] = {0};
    for (int k = 0; k < R; k++) {
        int m[GG_SEATS];
        if (rollout(W->view, proposer, p, k, m) != 0)
            return -1;
        for (int q = 0; q < GG_SEATS; q++)
            sum[q] += m[q];
    }
    for (int q = 0; q < GG_SEATS; q++)
        out[q] = 100 * (sum[q] - W->deep_base[q]) / R;
    return 0;
}

static const int *base_world(gg__nego_worlds *W, uint8_t active)
{
    if (!((W->have >> active) & 1)) {
        if (world(W->view, 0, NULL, active, W->base[active]) != 0)
            memset(W->base[active], 0, sizeof W->base[active]);
        W->have = (uint16_t)(W->have | (1u << active));
    }
    return W->base[active];
}

/* How much `seat` trusts `other`'s word: 1000 = fully (binding games, a
 * clean record), less for every broken promise. Per mille. */
int gg__nego_trust(const gg_state *view, int other)
{
    if (view->options.binding)
        return 1000;
    int kept = view->kept[other], broken = view->broken[other];
    return 1000 * (1 + kept) / (1 + kept + 3 * broken);
}

/* The least trusted seat whose promise `seat` would rely on in the deal
 * (pays it, pledges, funds a project it owns), or -1. */
int gg__nego_relied_on(const gg_state *view, int seat, uint8_t parties, const gg_clause *cl, int n)
{
    int who = -1;
    for (int k = 0; k < n; k++) {
        const gg_clause *c = &cl[k];
        int x = -1;
        if (c->kind == GG_CLAUSE_TRANSFER && c->b == seat)
            x = c->a;
        else if (c->kind == GG_CLAUSE_CONSENT && seat == GG_KAZAKHSTAN && c->amount > 0)
            x = c->a;
        else if (c->kind == GG_CLAUSE_PLEDGE && c->a != seat)
            x = c->a;
        else if (c->kind == GG_CLAUSE_JOINT && c->b != seat && ((parties >> seat) & 1))
            x = c->b;
        if (x >= 0 && x != seat && (who < 0 || gg__nego_trust(view, x) < gg__nego_trust(view, who)))
            who = x;
    }
    return who;
}

/* How much a rival's gain counts against `seat`, per mille: winning is a
 * matter of rank, so what a deal gives the strongest rival (the highest
 * margin, gg_margin, among the others) counts in full, what it gives a
 * rival far behind it counts less, down to nothing RIVAL_GAP VP behind. */
static int rival_weight(const gg_state *view, int seat, int r)
{
    int best = INT_MIN;
    for (int q = 0; q < GG_SEATS; q++)
        if (q != seat && gg_margin(view, q) > best)
            best = gg_margin(view, q);
    int gap = best - gg_margin(view, r);
    int w = 1000 - 1000 * gap / RIVAL_GAP;
    return w < 0 ? 0 : w;
}

/* Values of proposal `p` by `proposer` for every seat (hundredths of a VP;
 * GG__NO_VALUE when the engine refuses it). raw[q]: q's own evaluation
 * gained (what a plain bot judges by); win[q]: its effect on q's chance to
 * win: q's gain minus its rivals' gains, each weighted by rival_weight and
 * RIVAL_PCT (a deal that helps a rival more than q lowers q's chances),
 * and discounted by the record of the seat q relies on. */
int gg__nego_value(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p, int win[GG_SEATS],
                   int raw[GG_SEATS])
{
    uint8_t active = (uint8_t)(p->parties | (1u << proposer));
    int with[GG_SEATS], tmp[GG_SEATS];
    if (!raw)
        raw = tmp;
    if (world(W->view, proposer, p, active, with) != 0) {
        for (int q = 0; q < GG_SEATS; q++)
            win[q] = raw[q] = GG__NO_VALUE;
        return -1;
    }
    const int *base = base_world(W, active);
    for (int q = 0; q < GG_SEATS; q++)
        raw[q] = with[q] - base[q];
    for (int q = 0; q < GG_SEATS; q++) {
        long v = raw[q] * 1000L;
        for (int r = 0; r < GG_SEATS; r++)
            if (r != q)
                v -= (long)raw[r] * rival_weight(W->view, q, r) / 1000 * RIVAL_PCT * 10;
        win[q] = (int)(v / 1000);
        int x = gg__nego_relied_on(W->view, q, active, p->clauses, p->nclauses);
        if (win[q] > 0 && x >= 0)
            win[q] = win[q] * gg__nego_trust(W->view, x) / 1000;
    }
    return 0;
}
