/* mcts.c — flat Monte Carlo orders: for each of the top K greedy candidate
 * order sets, R rollouts to the end of the game on determinised copies of
 * the view (hidden deck and PRNG filled from the bot's own stream), with
 * greedy play in every seat; the set with the best mean margin wins.
 *
 * Value of a finished rollout = the bot's margin over its strongest rival
 * (its relative VP minus the best other relative VP), plus a bonus when the
 * bot wins: winning is a matter of rank, so helping any one rival past the
 * bot costs as much as losing the VP oneself. All
 * candidates are played on the same determinisations (common random
 * numbers), so their comparison is not drowned by event noise. */
#include <limits.h>
#include <string.h>

#include "bots_internal.h"

#define WIN_BONUS 20    /* a win is worth this many VP of margin */
#define SWITCH_MARGIN 1 /* VP of mean margin another set needs over greedy's own choice */

/* Fills the hidden, undrawn part of the deck with drawable events of the
 * scenario's era, sampled uniformly (bots_internal.h). */
void gg__bot_determinise(gg_state *t, gg_pcg32 *rng)
{
    const gg_scenario_def *sc = gg_scenario_def_get(t->scenario);
    uint8_t pool[GG_DECK_MAX];
    int n = 0;
    for (int i = 0; sc && i < gg_event_count() && n < GG_DECK_MAX; i++) {
        const gg_event_def *e = gg_event_def_get(i);
        if ((e->eras & sc->era) && !(sc->scripted && e->year != 0))
            pool[n++] = (uint8_t)i;
    }
    for (int i = t->deck_pos; i < t->deck_len && i < GG_DECK_MAX && n > 0; i++)
        t->deck[i] = pool[gg_pcg32_below(rng, (uint32_t)n)];
    gg_pcg32_seed(&t->rng_events, ((uint64_t)gg_pcg32_next(rng) << 32) | gg_pcg32_next(rng), 1);
    gg_pcg32_seed(&t->rng_ties, ((uint64_t)gg_pcg32_next(rng) << 32) | gg_pcg32_next(rng), 2);
    t->viewer = GG_VIEW_FULL;
}

/* A power does not see the other powers' consent deals of this turn (they
 * are private to their parties), so its view has none: a rollout from it
 * would play their consent-needing orders as refused and their fees as
 * unpaid. Determinised like the deck: each such power is given the deal
 * the greedy rule makes at the start of the turn, consent bought from
 * Kazakhstan at the market price (gg__greedy_consent_offer; greedy
 * Kazakhstan accepts any fee at its price). Issue 13: without it, the
 * West's rollouts on belt-and-road's first turn saw Kazakhstan end 27 VP
 * above its par and China 13 (greedy self-play from the same state with
 * the deals in view: 4 and 1), and mcts's West started the CPC expansion
 * to hold Kazakhstan's sovereignty down instead of its own Trans-Caspian
 * corridor. Kazakhstan is party to every consent deal and sees them. */
/* Whether `power` has a consent deal of this turn in the ledger of `t`. */
static int has_consent_deal(const gg_state *t, int power)
{
    for (int i = 0; i < GG_MAX_DEALS; i++)
        for (int k = 0; k < t->deals[i].nclauses; k++)
            if (t->deals[i].turn == t->turn && t->deals[i].clauses[k].kind == GG_CLAUSE_CONSENT &&
                t->deals[i].clauses[k].a == power)
                return 1;
    return 0;
}

static void guess_consent_deals(gg_state *t, int viewer)
{
    if (viewer >= GG_POWERS || t->phase != GG_PHASE_ORDERS)
        return;
    gg_state d = *t;
    d.phase = GG_PHASE_DIPLOMACY;
    int any = 0;
    for (int p = 0; p < GG_POWERS; p++) {
        if (p == viewer || t->consent_all[p])
            continue;
        gg_bot_proposal o;
        uint16_t id = 0;
        if (has_consent_deal(t, p) || !gg__greedy_consent_offer(&d, p, &o) ||
            gg_propose(&d, p, o.parties, o.clauses, o.nclauses, &id) != 0 ||
            gg_respond(&d, GG_KAZAKHSTAN, id, 1) != 0)
            continue;
        any = 1;
    }
    if (any) {
        d.phase = t->phase;
        *t = d;
    }
}

static int rollout(const gg_bot *b, const gg_state *view, const gg_orders *mine, uint64_t seed)
{
    gg_state t = *view;
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, seed, 0x200u + b->seat);
    gg__bot_determinise(&t, &rng);
    guess_consent_deals(&t, b->seat);
    gg_bot sub[GG_SEATS];
    for (int q = 0; q < GG_SEATS; q++) {
        gg_bot_init(&sub[q], "greedy", q, ((uint64_t)gg_pcg32_next(&rng) << 32) | (uint64_t)q);
        sub[q].rollout = 1;
    }
    t.orders[b->seat] = *mine;
    for (int q = 0; q < GG_SEATS; q++) {
        if (q == b->seat)
            continue;
        gg_state v;
        gg_orders o;
        gg_view(&t, q, &v);
        gg_bot_orders(&sub[q], &v, &o);
        gg_submit_orders(&t, q, &o);
    }
    gg_resolve_lookahead(&t);
    gg__bots_play_game(&t, sub, NULL, 1);
    gg_result r;
    if (gg_result_get(&t, &r) != 0)
        return 0;
    int rival = INT_MIN;
    for (int q = 0; q < GG_SEATS; q++)
        if (q != b->seat && r.relative[q] > rival)
            rival = r.relative[q];
    return r.relative[b->seat] - rival + (r.winner == b->seat ? WIN_BONUS : 0);
}

void gg__mcts_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    gg_orders cands[GG__BOT_MAX_CANDS];
    int k = b->mcts_k < 1 ? 1 : (b->mcts_k > GG__BOT_MAX_CANDS ? GG__BOT_MAX_CANDS : b->mcts_k);
    int n = gg__greedy_candidates(b, view, cands, k);
    if (n == 1) {
        *out = cands[0];
        return;
    }
    uint64_t base = ((uint64_t)gg_pcg32_next(&b->rng) << 32) | gg_pcg32_next(&b->rng);
    /* Greedy's own choice (cands[0]) stands unless another set beats it by
     * SWITCH_MARGIN per rollout: taking the maximum of noisy estimates
     * otherwise favours lucky sets over good ones (the winner's curse). */
    int best = 0;
    long best_sum = LONG_MIN;
    for (int c = 0; c < n; c++) {
        long sum = 0;
        for (int r = 0; r < b->mcts_rollouts; r++)
            sum += rollout(b, view, &cands[c], base + (uint64_t)r);
        if (c > 0)
            sum -= (long)SWITCH_MARGIN * b->mcts_rollouts;
        if (sum > best_sum) { /* ties keep the earlier (greedier) set */
            best_sum = sum;
            best = c;
        }
    }
    *out = cands[best];
}
