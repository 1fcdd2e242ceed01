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
 *   The games without the deal are the games where it is refused: the rest
 *   of this diplomacy happens (the other open deals answered, the seats'
 *   greedy offers made), but nothing strikes the same bargain this turn,
 *   and a seat answering refuses it for good (rollout()).
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
#define DEEP_ROLLOUTS GG__DEEP_ROLLOUTS /* rollouts per world */
#define DEEP_FIRST 4 /* gg__nego_deep_refuses: pairs played before it may stop early */
#define DEEP_SURE 2  /* ... once the verdict is this many standard errors clear */
#define WIN_BONUS 20 /* a win is worth this many VP of margin (as mcts) */
#define LOOKAHEAD_SEED 0x6e65676f7469ULL /* fixed stream of the lookahead's greedy players */

/* ---- Lookahead -------------------------------------------------------- */

/* Greedy orders for seat q on t (ORDERS phase), with a fixed stream. */
void gg__nego_lookahead_orders(const gg_state *t, int q, gg_orders *o)
{
    gg_bot g;
    gg_bot_init(&g, "greedy", q, LOOKAHEAD_SEED);
    gg__greedy_orders(&g, t, o);
}

/* Proposes `p` on `t` for `proposer` and has every other party accept it;
 * -1 when the engine refuses the proposal or an acceptance. */
static int strike(gg_state *t, int proposer, const gg_bot_proposal *p)
{
    uint16_t id = 0;
    if (gg_propose(t, proposer, p->parties, p->clauses, p->nclauses, &id) != 0)
        return -1;
    for (int q = 0; q < GG_SEATS; q++)
        if (q != proposer && ((p->parties >> q) & 1) && gg_respond(t, q, id, 1) != 0)
            return -1;
    return 0;
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
    if (p && strike(&t, proposer, p) != 0)
        return -1;
    /* Other open deals are not counted on. */
    gg_end_diplomacy(&t);
    t.options.binding = 1;
    for (int q = 0; q < GG_SEATS; q++)
        if ((active >> q) & 1)
            gg__nego_lookahead_orders(&t, q, &t.orders[q]);
    if (gg_resolve_lookahead(&t) != 0)
        return -1;
    for (int q = 0; q < GG_SEATS; q++)
        val[q] = gg__bot_eval_resolved(&t, q);
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

/* Whether open deal `d` and proposal `p` strike the same bargain: an
 * accord in common, the same consent, or the same clauses. */
static int same_bargain(const gg_deal *d, const gg_bot_proposal *p)
{
    if (d->nclauses == p->nclauses &&
        memcmp(d->clauses, p->clauses, sizeof(gg_clause) * (size_t)d->nclauses) == 0)
        return 1;
    for (int i = 0; i < d->nclauses; i++)
        for (int k = 0; k < p->nclauses; k++) {
            const gg_clause *x = &d->clauses[i], *y = &p->clauses[k];
            if (x->kind != y->kind)
                continue;
            if (x->kind == GG_CLAUSE_ACCORD && x->c == y->c)
                return 1;
            if (x->kind == GG_CLAUSE_CONSENT && x->a == y->a && x->c == y->c)
                return 1;
        }
    return 0;
}

static int same_bargain_pp(const gg_bot_proposal *a, const gg_bot_proposal *p)
{
    gg_deal d;
    memset(&d, 0, sizeof d);
    d.nclauses = a->nclauses;
    memcpy(d.clauses, a->clauses, sizeof(gg_clause) * (size_t)a->nclauses);
    return same_bargain(&d, p);
}

/* ---- What a rollout met: the cache of the games without a deal ---------- */

/* FNV-1a over a deal's clause count and clauses, field by field: equal
 * clauses (same_bargain's first test) hash equal. */
static uint64_t clauses_hash(const gg_clause *cl, int n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    uint8_t b[1 + GG_MAX_CLAUSES * 6];
    size_t m = 0;
    b[m++] = (uint8_t)n;
    for (int k = 0; k < n && k < GG_MAX_CLAUSES; k++) {
        b[m++] = cl[k].kind;
        b[m++] = cl[k].a;
        b[m++] = cl[k].b;
        b[m++] = cl[k].c;
        b[m++] = cl[k].amount;
        b[m++] = cl[k].turns;
    }
    for (size_t i = 0; i < m; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* A rollout's record: the deals it met (log, NULL: not kept) and whether
 * the bargain it leaves out made any difference (touched: something
 * struck, offered or answered was the same bargain). */
typedef struct trace {
    gg__rollout_log *log;
    int touched;
} trace;

/* Records a deal the rollout met: an open deal of the view or an offer of
 * a rollout player. */
static void log_deal(trace *tr, const gg_clause *cl, int n)
{
    gg__rollout_log *g = tr ? tr->log : NULL;
    if (!g || g->full)
        return;
    if (g->n >= GG__LOG_DEALS) {
        g->full = 1;
        return;
    }
    g->hash[g->n++] = clauses_hash(cl, n);
    for (int k = 0; k < n; k++) {
        const gg_clause *c = &cl[k];
        if (c->kind == GG_CLAUSE_ACCORD) {
            if (c->c >= 64)
                g->full = 1;
            else
                g->accords |= 1ULL << c->c;
        } else if (c->kind == GG_CLAUSE_CONSENT) {
            if (c->a >= GG_SEATS)
                g->full = 1;
            else
                g->consent[c->a][c->c >> 3] =
                    (uint8_t)(g->consent[c->a][c->c >> 3] | (1u << (c->c & 7)));
        }
    }
}

/* The key of bargain `p`: 1 when it has an accord or a consent among its
 * clauses (then same_bargain(x, p) depends on the key alone: a deal with
 * p's clauses shares them), else 0. */
static int bargain_key(const gg_bot_proposal *p, gg__bargain_key *key)
{
    memset(key, 0, sizeof *key);
    int any = 0;
    for (int k = 0; k < p->nclauses; k++) {
        const gg_clause *c = &p->clauses[k];
        if (c->kind == GG_CLAUSE_ACCORD) {
            if (c->c >= 64)
                return 0;
            key->accords |= 1ULL << c->c;
            any = 1;
        } else if (c->kind == GG_CLAUSE_CONSENT) {
            if (c->a >= GG_SEATS)
                return 0;
            key->consent[c->a][c->c >> 3] =
                (uint8_t)(key->consent[c->a][c->c >> 3] | (1u << (c->c & 7)));
            any = 1;
        }
    }
    return any;
}

/* Whether any deal in the log strikes the same bargain as `p` (as
 * same_bargain judges; a full log matches everything). */
static int log_matches(const gg__rollout_log *g, const gg_bot_proposal *p)
{
    if (g->full)
        return 1;
    for (int k = 0; k < p->nclauses; k++) {
        const gg_clause *c = &p->clauses[k];
        if (c->kind == GG_CLAUSE_ACCORD && (c->c >= 64 || ((g->accords >> c->c) & 1)))
            return 1;
        if (c->kind == GG_CLAUSE_CONSENT &&
            (c->a >= GG_SEATS || ((g->consent[c->a][c->c >> 3] >> (c->c & 7)) & 1)))
            return 1;
    }
    uint64_t h = clauses_hash(p->clauses, p->nclauses);
    for (int i = 0; i < g->n; i++)
        if (g->hash[i] == h)
            return 1;
    return 0;
}

/* One diplomacy phase of a rollout, the greedy way with two exceptions:
 * nothing that strikes the same bargain as `skip` (NULL: none) is
 * proposed in this phase, and seat `veto` (-1: none) refuses any deal that
 * strikes the same bargain as `vetoed`. Every seat proposes what its
 * greedy bot proposes, unless a deal of this turn already strikes that
 * bargain (the view's open offers stay as they are), then every open deal
 * is answered by greedy parties; the phase ends. */
static void rollout_diplomacy(gg_state *t, gg_bot sub[GG_SEATS], const gg_bot_proposal *skip,
                              const gg_bot_proposal *vetoed, int veto, trace *tr)
{
    for (int q = 0; q < GG_SEATS; q++) {
        gg_state v;
        gg_bot_proposal g[GG_BOT_MAX_PROPOSALS];
        gg_view(t, q, &v);
        int n = gg__greedy_propose(&sub[q], &v, g, GG_BOT_MAX_PROPOSALS);
        for (int j = 0; j < n; j++) {
            log_deal(tr, g[j].clauses, g[j].nclauses);
            int dup = skip && same_bargain_pp(&g[j], skip);
            if (dup && tr)
                tr->touched = 1;
            for (int i = 0; i < GG_MAX_DEALS && !dup; i++) {
                const gg_deal *d = &t->deals[i];
                dup = d->turn == t->turn &&
                      (d->status == GG_DEAL_OPEN || d->status == GG_DEAL_ACCEPTED) &&
                      same_bargain(d, &g[j]);
            }
            uint16_t id;
            if (!dup)
                (void)gg_propose(t, q, g[j].parties, g[j].clauses, g[j].nclauses, &id);
        }
    }
    for (int i = 0; i < GG_MAX_DEALS; i++)
        for (int q = 0; q < GG_SEATS; q++) {
            const gg_deal *d = &t->deals[i];
            if (d->status != GG_DEAL_OPEN || !((d->parties >> q) & 1) || ((d->accepted >> q) & 1))
                continue;
            int vetoes = q == veto && vetoed && same_bargain(d, vetoed);
            if (vetoes && tr)
                tr->touched = 1;
            int yes = vetoes ? 0 : gg__greedy_respond(&sub[q], t, d);
            /* A refusal the engine will not take leaves the deal open: it
             * expires with the phase. */
            (void)gg_respond(t, q, d->id, yes);
        }
    gg_end_diplomacy(t);
}

/* Rollout `k` of the view to the end of the game, with deal `p` by
 * `proposer` signed now (p NULL: not signed, the same world otherwise):
 * the hidden deck and streams are filled from a fixed stream (the same for
 * every deal: common random numbers), every seat plays greedy and keeps
 * its word.
 *
 * The counterfactual. This diplomacy goes on as it would if the deal were
 * refused: the view's other open deals are answered and the seats make
 * their greedy offers, but nothing strikes the same bargain as `judged`
 * this turn. Traced bug: the rollouts let their players finish the
 * diplomacy freely, so the game "without the deal" struck it anyway (the
 * greedy party accepted the open deal, or a greedy proposer offered it
 * again) and every deal a greedy partner would sign looked worth exactly
 * nothing to both sides. And a refusal is a policy: `veto` (-1: none), the
 * seat answering, refuses the bargain for the rest of the games without
 * it (its later self judges the same offer the same way): without that,
 * refusing looked like a mere delay of a deal the proposer offers again.
 * Writes every seat's final margin; returns 0 or -1 (refused deal). */
static int rollout(const gg_state *view, int proposer, const gg_bot_proposal *p,
                   const gg_bot_proposal *judged, int veto, int k, int out[GG_SEATS], trace *tr)
{
    gg_state t;
    gg__bot_scratch(view, &t);
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, LOOKAHEAD_SEED ^ ((uint64_t)view->turn << 8) ^ (uint64_t)(unsigned)k,
                  0x300u);
    gg__bot_determinise(&t, &rng);
    t.viewer = GG_VIEW_FULL;
    gg_bot sub[GG_SEATS];
    for (int q = 0; q < GG_SEATS; q++) {
        gg_bot_init(&sub[q], "greedy", q, LOOKAHEAD_SEED + (uint64_t)(unsigned)k);
        sub[q].rollout = 1;
    }
    if (t.phase != GG_PHASE_DIPLOMACY)
        return -1;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (t.deals[i].status == GG_DEAL_OPEN) {
            log_deal(tr, t.deals[i].clauses, t.deals[i].nclauses);
            if (judged && same_bargain(&t.deals[i], judged)) {
                t.deals[i].status = GG_DEAL_EXPIRED;
                if (tr)
                    tr->touched = 1;
            }
        }
    if (p && strike(&t, proposer, p) != 0)
        return -1;
    int v = p ? -1 : veto;
    rollout_diplomacy(&t, sub, judged, judged, v, tr);
    for (int guard = 0; t.phase != GG_PHASE_OVER && guard < 1000; guard++) {
        if (t.phase == GG_PHASE_DIPLOMACY)
            rollout_diplomacy(&t, sub, NULL, judged, v, tr);
        (void)gg__bots_play_turn(&t, sub, NULL, 1);
    }
    final_margins(&t, out);
    return 0;
}

/* Rollout `k` without deal `p` (its bargain left out, `veto` refusing
 * it). When nothing in that game strikes, offers or answers the same
 * bargain, leaving it out changes nothing: the game is the plain one (no
 * bargain left out), which the worlds keep with the log of the deals it
 * met and reuse for every bargain none of them matches. Exact: the same
 * margins as playing it again. */
static int without(gg__nego_worlds *W, const gg_bot_proposal *p, int veto, int k, int m0[GG_SEATS])
{
    if (((W->plain >> k) & 1) && !log_matches(&W->plain_log[k], p)) {
        memcpy(m0, W->plain_m[k], sizeof W->plain_m[k]);
        return 0;
    }
    gg__bargain_key key;
    int keyed = bargain_key(p, &key);
    if (keyed && ((W->keyed >> k) & 1) && W->keyed_veto == veto &&
        memcmp(&key, &W->key, sizeof key) == 0) {
        memcpy(m0, W->keyed_m[k], sizeof W->keyed_m[k]);
        return 0;
    }
    int keep = !((W->plain >> k) & 1);
    gg__rollout_log log;
    if (keep)
        memset(&log, 0, sizeof log);
    trace tr = {keep ? &log : NULL, 0};
    if (rollout(W->view, 0, NULL, p, veto, k, m0, &tr) != 0)
        return -1;
    if (tr.touched && keyed) {
        if (W->keyed_veto != veto || memcmp(&key, &W->key, sizeof key) != 0) {
            W->keyed = 0;
            W->keyed_veto = veto;
            W->key = key;
        }
        memcpy(W->keyed_m[k], m0, sizeof W->keyed_m[k]);
        W->keyed = (uint16_t)(W->keyed | (1u << k));
    }
    if (keep && !tr.touched) {
        memcpy(W->plain_m[k], m0, sizeof W->plain_m[k]);
        W->plain_log[k] = log;
        W->plain = (uint16_t)(W->plain | (1u << k));
    }
    return 0;
}

/* Rollout pair `k`: the deal's change of every seat's final margin in the
 * k-th game, with it against without it (VP). Returns 0 or -1. */
static int pair(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p, int veto, int k,
                long d[GG_SEATS])
{
    int m[GG_SEATS], m0[GG_SEATS];
    if (rollout(W->view, proposer, p, p, veto, k, m, NULL) != 0 || without(W, p, veto, k, m0) != 0)
        return -1;
    for (int q = 0; q < GG_SEATS; q++)
        d[q] = m[q] - m0[q];
    return 0;
}

/* The mean of n pair values (sum, sum of squares) and its standard error,
 * hundredths of a VP: sqrt(var / n), var = (sq - sum^2/n) / (n - 1). */
static int mean100(long sum, int n)
{
    return (int)(100 * sum / n);
}

static int se100(long sum, long sq, int n)
{
    long var = (sq * n - sum * sum) * 10000 / ((long)n * (n - 1) * n);
    long r = 0;
    while ((r + 1) * (r + 1) <= var)
        r++;
    return (int)r;
}

/* The deal's effect on each seat's final margin, mean over the rollouts,
 * in hundredths of a VP (the deal against no deal, on the same rollouts;
 * the games without it depend on the deal: its bargain is left out), and
 * the standard error of that mean (se may be NULL). Returns 0 or -1. */
int gg__nego_deep(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p, int veto,
                  int out[GG_SEATS], int se[GG_SEATS])
{
    const int R = DEEP_ROLLOUTS;
    long sum[GG_SEATS] = {0}, sq[GG_SEATS] = {0};
    for (int k = 0; k < R; k++) {
        long d[GG_SEATS];
        if (pair(W, proposer, p, veto, k, d) != 0)
            return -1;
        for (int q = 0; q < GG_SEATS; q++) {
            sum[q] += d[q];
            sq[q] += d[q] * d[q];
        }
    }
    for (int q = 0; q < GG_SEATS; q++) {
        out[q] = mean100(sum[q], R);
        if (se)
            se[q] = se100(sum[q], sq[q], R);
    }
    return 0;
}

int gg__nego_deep_refuses(gg__nego_worlds *W, int proposer, const gg_bot_proposal *p)
{
    const int R = DEEP_ROLLOUTS;
    long sum = 0, sq = 0;
    for (int k = 0; k < R; k++) {
        long d[GG_SEATS];
        if (pair(W, proposer, p, -1, k, d) != 0)
            return -1;
        sum += d[proposer];
        sq += d[proposer] * d[proposer];
        int n = k + 1, m = mean100(sum, n);
        if (n < R && n >= DEEP_FIRST) {
            int e = se100(sum, sq, n), bar = -gg__nego_clear_margin(e);
            if (m + DEEP_SURE * e <= bar)
                return 1;
            if (m - DEEP_SURE * e > bar)
                return 0;
        } else if (n == R) {
            return m <= -gg__nego_clear_margin(se100(sum, sq, n));
        }
    }
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
