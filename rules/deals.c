/* deals.c — structured negotiation (GAME_DESIGN.md §7): proposals,
 * answers, the ledger, and how accepted clauses bind the turn.
 *
 * Binding games: transfers, fees and joint shares are executed by the
 * engine at resolution and reserved from the payer's budget as soon as the
 * deal is accepted; orders that break a pledge are rejected.
 * Non-binding games: the payer must order a matching `transfer` in the same
 * turn, and pledged actions still resolve; either lapse is a breach that is
 * published in the ledger and the seat's record. */
#include <string.h>

#include "internal.h"

#define MAX_PLEDGE_TURNS 6
#define MAX_ACCORD_TURNS 6

static gg_deal *find_deal(gg_state *s, uint16_t id)
{
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (s->deals[i].status != GG_DEAL_FREE && s->deals[i].id == id)
            return &s->deals[i];
    return NULL;
}

static int in_mask(uint8_t mask, int seat)
{
    return seat >= 0 && seat < GG_SEATS && ((mask >> seat) & 1);
}

/* The party that receives a joint share: the first builder of the project
 * among the parties other than the partner. */
static int joint_owner(const gg_deal *d, const gg_clause *c)
{
    for (int p = 0; p < GG_POWERS; p++)
        if (p != c->b && in_mask(d->parties, p) && (gg__projects[c->a].builders >> p) & 1)
            return p;
    return GG_NONE;
}

static int check_clause(const gg_state *s, uint8_t parties, const gg_clause *c)
{
    switch (c->kind) {
    case GG_CLAUSE_TRANSFER:
        if (!in_mask(parties, c->a) || !in_mask(parties, c->b) || c->a == c->b ||
            c->c >= GG_RES_KINDS || c->amount == 0 || c->amount > GG_RES_CAP)
            return GG_EBAD_DEAL;
        return 0;
    case GG_CLAUSE_CONSENT: {
        if (!in_mask(parties, GG_KAZAKHSTAN) || c->a >= GG_POWERS || !in_mask(parties, c->a) ||
            c->amount > GG_RES_CAP)
            return GG_EBAD_DEAL;
        if (c->c == GG_CONSENT_ANY)
            return 0;
        const gg_action_def *a = gg_action_def_get(c->c);
        if (!a || a->seat != c->a || !(a->flags & GG_AF_CONSENT))
            return GG_EBAD_DEAL;
        return 0;
    }
    case GG_CLAUSE_JOINT: {
        if (c->a >= GG_PROJECTS || !in_mask(parties, c->b) || c->amount == 0 ||
            c->amount > gg__projects[c->a].cost || s->project[c->a].owner != GG_NONE)
            return GG_EBAD_DEAL;
        gg_deal tmp = {.parties = parties};
        return joint_owner(&tmp, c) == GG_NONE ? GG_EBAD_DEAL : 0;
    }
    case GG_CLAUSE_PLEDGE:
        if (!in_mask(parties, c->a) || c->c == 0 || c->c >= (1u << GG_TAGS) || c->turns == 0 ||
            c->turns > MAX_PLEDGE_TURNS)
            return GG_EBAD_DEAL;
        return 0;
    case GG_CLAUSE_ACCORD: {
        const gg_accord_def *a = gg_accord_def_get(c->c);
        if (!a || (a->parties & parties) != a->parties || c->turns > MAX_ACCORD_TURNS ||
            !gg__cond_holds(s, &a->requires))
            return GG_EBAD_DEAL;
        return 0;
    }
    default:
        return GG_EBAD_DEAL;
    }
}

int gg_check_deal(const gg_state *s, int proposer, uint8_t parties, const gg_clause *clauses,
                  int nclauses)
{
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase != GG_PHASE_DIPLOMACY)
        return GG_EWRONG_PHASE;
    if (proposer < 0 || proposer >= GG_SEATS || parties >= (1u << GG_SEATS))
        return GG_EBAD_SEAT;
    parties = (uint8_t)(parties | (1u << proposer));
    if (parties == (1u << proposer) || nclauses < 1 || nclauses > GG_MAX_CLAUSES)
        return GG_EBAD_DEAL;
    for (int i = 0; i < nclauses; i++) {
        int err = check_clause(s, parties, &clauses[i]);
        if (err)
            return err;
    }
    return 0;
}

int gg_propose(gg_state *s, int proposer, uint8_t parties, const gg_clause *clauses, int nclauses,
               uint16_t *id)
{
    int err = gg_check_deal(s, proposer, parties, clauses, nclauses);
    if (err)
        return err;
    /* A free slot, else the oldest closed deal's slot. */
    gg_deal *slot = NULL;
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        gg_deal *d = &s->deals[i];
        if (d->status == GG_DEAL_FREE) {
            slot = d;
            break;
        }
        if (d->status != GG_DEAL_OPEN && d->status != GG_DEAL_ACCEPTED &&
            (!slot || d->id < slot->id))
            slot = d;
    }
    if (!slot)
        return GG_ELEDGER_FULL;
    memset(slot, 0, sizeof *slot);
    slot->id = ++s->next_deal_id;
    slot->status = GG_DEAL_OPEN;
    slot->proposer = (uint8_t)proposer;
    slot->parties = (uint8_t)(parties | (1u << proposer));
    slot->accepted = (uint8_t)(1u << proposer);
    slot->turn = s->turn;
    slot->nclauses = (uint8_t)nclauses;
    for (int i = 0; i < nclauses; i++)
        slot->clauses[i] = clauses[i];
    if (id)
        *id = slot->id;
    return 0;
}

void gg__deal_take_effect(gg_state *s, gg_deal *d)
{
    for (int i = 0; i < d->nclauses; i++) {
        const gg_clause *c = &d->clauses[i];
        switch (c->kind) {
        case GG_CLAUSE_CONSENT:
            if (c->c == GG_CONSENT_ANY)
                s->consent_all[c->a] = 1;
            else
                s->consent_action[c->a][c->c / 8] |= (uint8_t)(1u << (c->c % 8));
            s->consent_fee[c->a] = (uint8_t)(s->consent_fee[c->a] + c->amount);
            break;
        case GG_CLAUSE_PLEDGE:
            for (int t = 0; t < GG_TAGS; t++)
                if ((c->c >> t) & 1 && s->pledge[c->a][t] < c->turns)
                    s->pledge[c->a][t] = c->turns;
            break;
        case GG_CLAUSE_ACCORD: {
            const gg_accord_def *a = &gg__accords[c->c];
            int turns = c->turns ? c->turns : a->turns;
            if (s->accord_turns[c->c] < turns)
                s->accord_turns[c->c] = (uint8_t)turns;
            gg__apply_effects(s, a->on_sign, GG_MAX_EFFECTS, d->proposer, 0);
            break;
        }
        default: /* transfers and joint shares move at resolution */
            break;
        }
    }
}

int gg_respond(gg_state *s, int seat, uint16_t id, int accept)
{
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase != GG_PHASE_DIPLOMACY)
        return GG_EWRONG_PHASE;
    gg_deal *d = find_deal(s, id);
    if (!d)
        return GG_EUNKNOWN_DEAL;
    if (!in_mask(d->parties, seat))
        return GG_ENOT_A_PARTY;
    if (in_mask(d->accepted, seat))
        return GG_EALREADY_ANSWERED;
    if (d->status != GG_DEAL_OPEN)
        return GG_EUNKNOWN_DEAL;
    if (!accept) {
        d->status = GG_DEAL_REJECTED;
        return 0;
    }
    /* Re-check: the world may have moved since the proposal. */
    int err = gg_check_deal(s, d->proposer, d->parties, d->clauses, d->nclauses);
    if (err) {
        d->status = GG_DEAL_REJECTED;
        return err;
    }
    d->accepted = (uint8_t)(d->accepted | (1u << seat));
    if (d->accepted == d->parties) {
        d->status = GG_DEAL_ACCEPTED;
        gg__deal_take_effect(s, d);
        gg__refresh_standing(s);
    }
    return 0;
}

int gg_end_diplomacy(gg_state *s)
{
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase != GG_PHASE_DIPLOMACY)
        return GG_EWRONG_PHASE;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (s->deals[i].status == GG_DEAL_OPEN)
            s->deals[i].status = GG_DEAL_EXPIRED;
    s->phase = GG_PHASE_ORDERS;
    return 0;
}

/* One payment a clause asks for: payer, payee, resource, amount. */
typedef struct payment {
    int from, to, slot, amount;
} payment;

static int clause_payment(const gg_deal *d, const gg_clause *c, payment *p)
{
    switch (c->kind) {
    case GG_CLAUSE_TRANSFER:
        *p = (payment){c->a, c->b, c->c, c->amount};
        return 1;
    case GG_CLAUSE_CONSENT:
        *p = (payment){c->a, GG_KAZAKHSTAN, GG_MONEY, c->amount};
        return c->amount > 0;
    case GG_CLAUSE_JOINT:
        *p = (payment){c->b, joint_owner(d, c), GG_MONEY, c->amount};
        return p->to != GG_NONE;
    default:
        return 0;
    }
}

int gg__owed(const gg_state *s, int seat, int slot)
{
    int owed = 0;
    if (!s->options.binding)
        return 0;
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &s->deals[i];
        if (d->status != GG_DEAL_ACCEPTED || d->turn != s->turn)
            continue;
        for (int k = 0; k < d->nclauses; k++) {
            payment p;
            if (clause_payment(d, &d->clauses[k], &p) && p.from == seat && p.slot == slot)
                owed += p.amount;
        }
    }
    return owed;
}

/* Whether `seat` ordered a transfer covering payment `p` this turn. */
static int paid_by_order(const gg_state *s, const payment *p)
{
    const gg_orders *o = &s->orders[p->from];
    for (int i = 0; i < o->count; i++) {
        const gg_order *x = &o->o[i];
        if (x->action == GG_ACT_ANY_TRANSFER && x->target == p->to && (x->arg & 3) == p->slot &&
            (x->arg >> 2) >= p->amount)
            return 1;
    }
    return 0;
}

void gg__deals_resolve_transfers(gg_state *s)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        gg_deal *d = &s->deals[i];
        if (d->status != GG_DEAL_ACCEPTED || d->turn != s->turn)
            continue;
        for (int k = 0; k < d->nclauses; k++) {
            payment p;
            if (!clause_payment(d, &d->clauses[k], &p))
                continue;
            if (s->options.binding) {
                int amount = p.amount < s->res[p.from][p.slot] ? p.amount : s->res[p.from][p.slot];
                gg__add_res(s, p.from, p.slot, -amount);
                gg__add_res(s, p.to, p.slot, amount);
            } else if (!paid_by_order(s, &p)) {
                d->breacher = (uint8_t)(d->breacher | (1u << p.from));
            }
        }
    }
}

void gg__deals_pledge_breach(gg_state *s, int seat, uint8_t tags)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        gg_deal *d = &s->deals[i];
        if (d->status != GG_DEAL_ACCEPTED)
            continue;
        for (int k = 0; k < d->nclauses; k++) {
            const gg_clause *c = &d->clauses[k];
            if (c->kind == GG_CLAUSE_PLEDGE && c->a == seat && (c->c & tags) &&
                s->turn < d->turn + c->turns)
                d->breacher = (uint8_t)(d->breacher | (1u << seat));
        }
    }
}

int gg__joint_partner(const gg_state *s, int project)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &s->deals[i];
        if (d->status != GG_DEAL_ACCEPTED || d->turn != s->turn)
            continue;
        for (int k = 0; k < d->nclauses; k++)
            if (d->clauses[k].kind == GG_CLAUSE_JOINT && d->clauses[k].a == project)
                return d->clauses[k].b;
    }
    return GG_NONE;
}

/* The last turn in which a deal still binds someone (pledges, accords). */
static int deal_last_turn(const gg_deal *d)
{
    int last = d->turn;
    for (int k = 0; k < d->nclauses; k++) {
        const gg_clause *c = &d->clauses[k];
        int turns = c->turns;
        if (c->kind == GG_CLAUSE_ACCORD && turns == 0)
            turns = gg__accords[c->c].turns;
        if ((c->kind == GG_CLAUSE_PLEDGE || c->kind == GG_CLAUSE_ACCORD) &&
            d->turn + turns - 1 > last)
            last = d->turn + turns - 1;
    }
    return last;
}

void gg__deals_end_turn(gg_state *s)
{
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        gg_deal *d = &s->deals[i];
        if (d->status != GG_DEAL_ACCEPTED)
            continue;
        if (d->breacher) {
            d->status = GG_DEAL_BREACHED;
            for (int p = 0; p < GG_SEATS; p++)
                if ((d->breacher >> p) & 1 && s->broken[p] < 255)
                    s->broken[p]++;
            s->report.breaches = (uint8_t)(s->report.breaches | d->breacher);
        } else if (s->turn >= deal_last_turn(d)) {
            d->status = GG_DEAL_FULFILLED;
            for (int p = 0; p < GG_SEATS; p++)
                if ((d->parties >> p) & 1 && s->kept[p] < 255)
                    s->kept[p]++;
        }
    }
}

int gg_deal_visible(const gg_deal *d, int viewer)
{
    if (d->status == GG_DEAL_FREE)
        return 0;
    if (viewer == GG_VIEW_MODERATOR || viewer == GG_VIEW_FULL)
        return 1;
    if (viewer >= 0 && viewer < GG_SEATS && ((d->parties >> viewer) & 1))
        return 1;
    /* Accords are public once signed, and so is a broken promise. */
    if (d->status == GG_DEAL_BREACHED)
        return 1;
    if (d->status == GG_DEAL_ACCEPTED || d->status == GG_DEAL_FULFILLED)
        for (int k = 0; k < d->nclauses; k++)
            if (d->clauses[k].kind == GG_CLAUSE_ACCORD)
                return 1;
    return 0;
}

void gg_view_merge_deal(gg_state *view, const gg_deal *d)
{
    gg_deal *slot = NULL, *oldest = NULL;
    for (int i = 0; i < GG_MAX_DEALS && !slot; i++)
        if (view->deals[i].status != GG_DEAL_FREE && view->deals[i].id == d->id)
            slot = &view->deals[i];
    for (int i = 0; i < GG_MAX_DEALS && !slot; i++) {
        gg_deal *c = &view->deals[i];
        if (c->status == GG_DEAL_FREE)
            slot = c;
        else if (c->status != GG_DEAL_OPEN && c->status != GG_DEAL_ACCEPTED &&
                 (!oldest || c->id < oldest->id))
            oldest = c;
    }
    if (!slot)
        slot = oldest;
    if (slot)
        *slot = *d;
    if (view->next_deal_id < d->id)
        view->next_deal_id = d->id;
}
