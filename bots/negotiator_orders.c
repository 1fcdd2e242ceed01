/* negotiator_orders.c — the negotiator's orders: an honest bot plays as in
 * a binding game (pledged actions excluded, payments reserved) and then pays
 * its non-binding obligations; an opportunist also weighs its best orders
 * free of its pledges, and free of its debts, against the reputation cost
 * of each promise it would break (see negotiator.c for the whole bot). */
#include <string.h>

#include "bots_internal.h"

#define REP_BASE 40     /* what one broken promise costs the breaker: the tiebreak ... */
#define REP_PER_TURN 60 /* ... and, per turn left, the partners' discount (hundredths of a VP) */

static void search_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    if (b->search == GG_BOT_MCTS)
        gg__mcts_orders(b, view, out);
    else
        gg__greedy_orders(b, view, out);
}

/* The reputation cost of breaking one promise now: partners discount the
 * breaker's word for the rest of the game, so it falls as the end nears. */
static int rep_cost(const gg_state *view)
{
    int left = view->last_turn - view->turn;
    return REP_BASE + REP_PER_TURN * (left > 0 ? left : 0);
}

static int eval_orders(const gg_state *view, int seat, const gg_orders *o)
{
    gg_state t;
    gg__bot_scratch(view, &t);
    t.orders[seat] = *o;
    if (gg_resolve_lookahead(&t) != 0)
        return GG__NO_VALUE;
    return gg__bot_eval_resolved(&t, seat);
}

/* Pledged tags of `seat` that orders `o` would break. */
static int broken_tags(const gg_state *view, int seat, const gg_orders *o)
{
    uint8_t pledged = 0, hit = 0;
    for (int t = 0; t < GG_TAGS; t++)
        if (view->pledge[seat][t])
            pledged = (uint8_t)(pledged | (1u << t));
    for (int i = 0; i < o->count; i++) {
        const gg_action_def *d = gg_action_def_get(o->o[i].action);
        if (d)
            hit = (uint8_t)(hit | (d->tags & pledged));
    }
    int n = 0;
    for (int t = 0; t < GG_TAGS; t++)
        n += (hit >> t) & 1;
    return n;
}

/* The transfers that pay everything `seat` owes under this turn's accepted
 * deals (transfers, fees, joint shares), one per payee; as far as they
 * validate. */
static void obligations(const gg_state *view, int seat, gg_orders *o)
{
    gg__owing w;
    memset(&w, 0, sizeof w);
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &view->deals[i];
        if (d->status == GG_DEAL_ACCEPTED && d->turn == view->turn)
            gg__nego_add_payments(&w, d->parties, d->clauses, d->nclauses);
    }
    for (int to = 0; to < GG_SEATS; to++)
        for (int r = 0; r < GG_RES_KINDS; r++) {
            int amount = w.owe[seat][to][r];
            if (amount <= 0 || to == seat || o->count >= GG_MAX_ORDERS)
                continue;
            gg_orders t = *o;
            t.o[t.count++] = (gg_order){GG_ACT_ANY_TRANSFER, (uint8_t)to,
                                        gg_transfer_arg(r, amount > 63 ? 63 : amount)};
            if (gg_validate_orders(view, seat, &t, NULL) == 0)
                *o = t;
            break; /* one transfer order per payee */
        }
}

void gg__nego_orders(gg_bot *b, const gg_state *view, gg_orders *out)
{
    int seat = b->seat;
    if (view->options.binding) {
        search_orders(b, view, out);
        return;
    }
    /* Honest: chosen as if binding (no pledged action, payments reserved),
     * then the non-binding payments are ordered first. */
    gg_state bound = *view;
    bound.options.binding = 1;
    gg_orders chosen;
    search_orders(b, &bound, &chosen);
    memset(out, 0, sizeof *out);
    obligations(view, seat, out);
    for (int i = 0; i < chosen.count && out->count < GG_MAX_ORDERS; i++) {
        gg_orders t = *out;
        t.o[t.count++] = chosen.o[i];
        if (gg_validate_orders(view, seat, &t, NULL) == 0)
            *out = t;
    }
    if (b->honesty != GG_HONESTY_OPPORTUNIST)
        return;
    /* Opportunist: its best orders free of its pledges (paying its debts),
     * and free of its debts too; either is taken when its lookahead gain
     * beats the reputation cost of the promises it breaks. */
    int honest_val = eval_orders(view, seat, out);
    gg_state free_view = *view;
    memset(free_view.pledge[seat], 0, sizeof free_view.pledge[seat]);
    for (int pass = 0; pass < 2; pass++) {
        int unpaid = 0;
        if (pass == 1) /* forget the debts: deals it would pay are no longer counted */
            for (int i = 0; i < GG_MAX_DEALS; i++) {
                gg_deal *d = &free_view.deals[i];
                if (d->status != GG_DEAL_ACCEPTED || d->turn != view->turn)
                    continue;
                gg__owing w;
                memset(&w, 0, sizeof w);
                gg__nego_add_payments(&w, d->parties, d->clauses, d->nclauses);
                int owes = 0;
                for (int to = 0; to < GG_SEATS; to++)
                    for (int r = 0; r < GG_RES_KINDS; r++)
                        owes |= w.owe[seat][to][r] > 0;
                if (owes) {
                    d->status = GG_DEAL_FULFILLED;
                    unpaid++;
                }
            }
        if (pass == 1 && unpaid == 0)
            break;
        gg_orders loose;
        search_orders(b, &free_view, &loose);
        int breaks = broken_tags(view, seat, &loose) + unpaid;
        if (breaks == 0 || gg_validate_orders(view, seat, &loose, NULL) != 0)
            continue;
        int gain = eval_orders(view, seat, &loose) - honest_val;
        if (gain > rep_cost(view) * breaks) {
            *out = loose;
            honest_val += gain - rep_cost(view) * breaks; /* the next pass must beat this */
        }
    }
}
