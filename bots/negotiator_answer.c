/* negotiator_answer.c — the negotiator's answers: accept, reject or
 * counter, judged by the rollouts against the games where the bot refuses
 * the bargain for good; Kazakhstan prices its consent (negotiator.c
 * describes the whole bot). */
#include <string.h>

#include "bots_internal.h"

#define TRUST_MIN 500 /* per mille: below it a seat's promises are not accepted */
#define MAX_SIDE GG__NEGO_MAX_SIDE

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
        !gg__nego_affordable(v, seat, seat, (uint8_t)(p->parties | (1u << seat)), p->clauses,
                             p->nclauses))
        return 0;
    int val[GG_SEATS], raw[GG_SEATS];
    if (gg__nego_value(W, seat, p, val, raw) != 0 || val[seat] < 0)
        return 0;
    return gg__nego_others_accept(v, seat, p, raw) || raw[d->proposer] >= 0;
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
        gg__nego_deep(W, seat, c, seat, dv, se) != 0 ||
        dv[seat] <= -gg__nego_clear_margin(se[seat]))
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
                        gg__nego_affordable(view, seat, seat, d->parties, p.clauses, p.nclauses)) {
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
    int can_pay = gg__nego_affordable(view, seat, d->proposer, d->parties, d->clauses, d->nclauses);
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
              : plain ? later > -gg__nego_clear_margin(se[seat])
                      : mine >= gg__nego_clear_margin(se[seat]);
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
            c.clauses[c.nclauses++] = gg__nego_transfer(d->proposer, seat, GG_MONEY, k);
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
