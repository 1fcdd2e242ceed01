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
 * party is predicted to accept it by the plain rule (its one-turn
 * lookahead's raw gain no worse than GG__NEGO_PLAIN_TOLERANCE); what the
 * plain bot proposes itself is proposed unless its deep value is
 * DEEP_MARGIN or more below zero; a candidate another party would refuse
 * is offered again with a side payment when one of 1..MAX_SIDE capital
 * makes it acceptable to both.
 *
 * Answers. What the plain bot accepts is accepted unless the deep
 * (discounted) value is DEEP_MARGIN or more below zero, against games
 * where the bot refuses that bargain for good; what it refuses is
 * accepted when both values are at least DEEP_MARGIN; the bot must be able
 * to pay what it would owe. Kazakhstan refuses consent below its market
 * price; at the price or above, the rollouts judge the sale like any deal
 * (the market rule alone sold Russia's EAEU step, worth some 8 VP of
 * Kazakhstan's margin, for 2 capital). (Rules v13-v16 had Kazakhstan
 * bargain against the leader of the running score; from v15 that leader
 * was mostly China early in the game, and the rule halved China's wins:
 * BALANCE.md, issue 18, session 9.) A refusal comes with a
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
 * Files: this one keeps the ledger (what deals owe and cost, whether the
 * bot can pay, what was refused, what partners accept);
 * negotiator_propose.c makes proposals, negotiator_answer.c answers them,
 * negotiator_value.c values deals, negotiator_orders.c gives the orders,
 * honest or not.
 *
 * Every proposal and answer carries a reason (gg/reasons.h). Nothing is
 * allocated; no randomness is used beyond fixed lookahead streams, so the
 * bot is a pure function of the views it is shown. */
#include <string.h>

#include "bots_internal.h"

#define DEEP_MARGIN GG__DEEP_MARGIN /* how clearly the rollouts must differ from the plain bot */

/* ---- The ledger: deal arithmetic and memory ---------------------------- */

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
void gg__nego_add_signing(gg__owing *w, int proposer, const gg_clause *cl, int n)
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
void gg__nego_commitments(const gg_state *view, int seat, gg__owing *w)
{
    memset(w, 0, sizeof *w);
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &view->deals[i];
        if (d->turn != view->turn)
            continue;
        if (d->status == GG_DEAL_ACCEPTED || (d->status == GG_DEAL_OPEN && d->proposer == seat))
            gg__nego_add_payments(w, d->parties, d->clauses, d->nclauses);
        if (d->status == GG_DEAL_OPEN && d->proposer == seat)
            gg__nego_add_signing(w, d->proposer, d->clauses, d->nclauses);
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
int gg__nego_affordable_on(const gg_state *view, const gg__owing *base, int proposer,
                           uint8_t parties, const gg_clause *cl, int n)
{
    gg__owing w = *base;
    gg__nego_add_payments(&w, parties, cl, n);
    gg__nego_add_signing(&w, proposer, cl, n);
    return payable(view, &w);
}

int gg__nego_affordable(const gg_state *view, int seat, int proposer, uint8_t parties,
                        const gg_clause *cl, int n)
{
    gg__owing w;
    gg__nego_commitments(view, seat, &w);
    return gg__nego_affordable_on(view, &w, proposer, parties, cl, n);
}

int gg__nego_same_clauses(const gg_clause *a, int na, const gg_clause *b, int nb)
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
int gg__nego_refused_before(const gg_state *view, int seat, const gg_bot_proposal *p)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &view->deals[i];
        if (d->proposer == seat && d->status == GG_DEAL_REJECTED && d->turn + 1 >= view->turn &&
            gg__nego_same_clauses(d->clauses, d->nclauses, p->clauses, p->nclauses))
            return 1;
    }
    return 0;
}

gg_clause gg__nego_transfer(int from, int to, int slot, int amount)
{
    return (gg_clause){.kind = GG_CLAUSE_TRANSFER,
                       .a = (uint8_t)from,
                       .b = (uint8_t)to,
                       .c = (uint8_t)slot,
                       .amount = (uint8_t)amount};
}

/* ---- What partners accept ------------------------------------------------ */

/* Whether every other party accepts, as the proposer predicts it: the
 * plain bot's rule, which a negotiator's answer defaults to (the lookahead
 * loses it no more than GG__NEGO_PLAIN_TOLERANCE), and Kazakhstan's fee is
 * its price. Traced (rules v15, session 9): predicting a refusal at any
 * loss, the negotiators' Russia never offered the EAEU-BRI conjunction
 * (China's one-turn value -0.16 VP, which greedy and the negotiator accept;
 * Kazakhstan's development +1), and Kazakhstan's development fell 4.5 VP
 * short of greedy play at the two scorings. */
int gg__nego_others_accept(const gg_state *view, int seat, const gg_bot_proposal *p,
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
        if (!priced && val[q] < -GG__NEGO_PLAIN_TOLERANCE)
            return 0;
    }
    return 1;
}

int gg__nego_clear_margin(int se)
{
    return se > DEEP_MARGIN ? se : DEEP_MARGIN;
}
