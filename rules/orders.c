/* orders.c — what an order costs, whether it is legal, and the list of
 * legal actions a seat is shown. All functions here are const checks:
 * nothing in the state changes except in gg_submit_orders. */
#include <string.h>

#include "internal.h"

static const gg_scenario_def *scenario_of(const gg_state *s)
{
    return gg__scenario(s->scenario);
}

void gg_order_cost(const gg_state *s, int seat, const gg_order *o, int cost[GG_RES_KINDS])
{
    for (int r = 0; r < GG_RES_KINDS; r++)
        cost[r] = 0;
    const gg_action_def *a = gg__action(o->action);
    if (!a)
        return;
    for (int r = 0; r < GG_RES_KINDS; r++)
        cost[r] = a->cost[r];
    if (a->cheaper_if.kind != GG_IF_ALWAYS && gg__cond_holds(s, &a->cheaper_if) &&
        cost[a->discount_res] > 0)
        cost[a->discount_res]--;
    if (a->target == GG_TGT_PROJECT && o->target < GG_PROJECTS)
        cost[GG_MONEY] += gg__projects[o->target].cost;
    if (a->target == GG_TGT_SEAT && (o->arg & 3) < GG_RES_KINDS)
        cost[o->arg & 3] += o->arg >> 2;
    (void)seat;
}

uint8_t gg__pledged_tags(const gg_state *s, int seat)
{
    uint8_t tags = 0;
    for (int t = 0; t < GG_TAGS; t++)
        if (s->pledge[seat][t] > 0)
            tags = (uint8_t)(tags | (1u << t));
    return tags;
}

/* Resources `seat` may spend on orders: what it has, less what it owes
 * through accepted binding deals this turn. */
static int available(const gg_state *s, int seat, int slot)
{
    return s->res[seat][slot] - gg__owed(s, seat, slot);
}

static int check_target(const gg_state *s, int seat, const gg_action_def *a, const gg_order *o)
{
    switch (a->target) {
    case GG_TGT_NONE:
        return (o->target == 0 && o->arg == 0) ? 0 : GG_EBAD_TARGET;
    case GG_TGT_POWER:
        return (o->target < GG_POWERS && o->arg == 0) ? 0 : GG_EBAD_TARGET;
    case GG_TGT_PROJECT:
        if (o->target >= GG_PROJECTS || o->arg != 0 ||
            !(gg__projects[o->target].builders & (1u << seat)))
            return GG_EBAD_TARGET;
        return s->project[o->target].owner == GG_NONE ? 0 : GG_EPRECONDITION;
    case GG_TGT_SEAT:
        if (o->target >= GG_SEATS || o->target == seat || (o->arg & 3) >= GG_RES_KINDS ||
            (o->arg >> 2) == 0)
            return GG_EBAD_TARGET;
        return 0;
    default:
        return GG_EBAD_TARGET;
    }
}

/* The escalation ladder: higher tension takes moves off the table
 * (GAME_DESIGN.md §13; §9 names the moves that raise it). */
static const gg_escalation_step ladder[] = {
    {5, GG_TAG_COERCION, 0, "Tension",
     "From escalation 5: no transit squeezes, compatriot rhetoric or new sanctions: every "
     "capital fears the next step.",
     "HB20 L19 (the military sphere is the biggest risk); design (Twilight Struggle's DEFCON)"},
    {7, GG_TAG_SECURITY_IN_KZ, 1, "Brink",
     "From escalation 7: only the power leading security may still arm, train or exercise "
     "in Kazakhstan.",
     "HB20 L18-L19 (China's assertiveness in Russia's military prerogative); design"},
};

int gg_escalation_step_count(void)
{
    return (int)(sizeof ladder / sizeof ladder[0]);
}

const gg_escalation_step *gg_escalation_step_get(int i)
{
    return i >= 0 && i < gg_escalation_step_count() ? &ladder[i] : NULL;
}

int gg_escalation_check(const gg_state *s, int seat, int action)
{
    const gg_action_def *a = gg__action(action);
    if (!a || seat < 0 || seat >= GG_POWERS) /* Kazakhstan acts on its own soil */
        return 0;
    for (int i = 0; i < gg_escalation_step_count(); i++) {
        const gg_escalation_step *st = &ladder[i];
        if (s->global[GG_ESCALATION] >= st->min && (a->tags & st->forbid_tags) &&
            !(st->leader_exempt && gg_leader(s, GG_SECURITY) == seat))
            return GG_EESCALATION;
    }
    return 0;
}

/* gg__check_order that also writes the order's cost (gg_order_cost) into
 * cost[] when it gets that far (always when it returns 0), so validation
 * need not compute it twice. */
static int check_order_cost(const gg_state *s, int seat, const gg_order *o, int cost[GG_RES_KINDS])
{
    const gg_action_def *a = gg__action(o->action);
    if (!a)
        return GG_EUNKNOWN_ACTION;
    if (a->seat != seat && a->seat != GG_SEATS)
        return GG_EWRONG_SEAT;
    const gg_scenario_def *sc = scenario_of(s);
    if (sc && a->tier > sc->tier)
        return GG_EPRECONDITION;
    int err = check_target(s, seat, a, o);
    if (err)
        return err;
    if (!gg__cond_holds(s, &a->requires))
        return GG_EPRECONDITION;
    if ((err = gg_escalation_check(s, seat, o->action)) != 0)
        return err;
    if (s->options.binding && (a->tags & gg__pledged_tags(s, seat)))
        return GG_EPLEDGE_BROKEN;
    gg_order_cost(s, seat, o, cost);
    for (int r = 0; r < GG_RES_KINDS; r++)
        if (cost[r] > available(s, seat, r))
            return GG_ENO_RESOURCES;
    return 0;
}

int gg__check_order(const gg_state *s, int seat, const gg_order *o)
{
    int cost[GG_RES_KINDS];
    return check_order_cost(s, seat, o, cost);
}

int gg_validate_orders(const gg_state *s, int seat, const gg_orders *o, int *errs)
{
    int first = 0;
    if (errs)
        for (int i = 0; i < GG_MAX_ORDERS; i++)
            errs[i] = 0;
    if (seat < 0 || seat >= GG_SEATS)
        return GG_EBAD_SEAT;
    if (s->phase == GG_PHASE_OVER)
        return GG_EGAME_OVER;
    if (s->phase != GG_PHASE_ORDERS)
        return GG_EWRONG_PHASE;
    if (o->count > GG_MAX_ORDERS)
        return GG_ETOO_MANY_ORDERS;

    int spent[GG_RES_KINDS] = {0};
    for (int i = 0; i < o->count; i++) {
        const gg_order *oi = &o->o[i];
        int cost[GG_RES_KINDS];
        int err = check_order_cost(s, seat, oi, cost);
        for (int j = 0; !err && j < i; j++)
            if (o->o[j].action == oi->action && o->o[j].target == oi->target)
                err = GG_EDUPLICATE_ORDER;
        if (!err) {
            for (int r = 0; r < GG_RES_KINDS; r++) {
                spent[r] += cost[r];
                if (spent[r] > available(s, seat, r))
                    err = GG_ENO_RESOURCES;
            }
            if (err)
                for (int r = 0; r < GG_RES_KINDS; r++)
                    spent[r] -= cost[r];
        }
        if (errs)
            errs[i] = err;
        if (err && !first)
            first = err;
    }
    return first;
}

int gg_submit_orders(gg_state *s, int seat, const gg_orders *o)
{
    int err = gg_validate_orders(s, seat, o, NULL);
    if (err)
        return err;
    memset(&s->orders[seat], 0, sizeof s->orders[seat]);
    s->orders[seat].count = o->count;
    for (int i = 0; i < o->count; i++)
        s->orders[seat].o[i] = o->o[i];
    s->submitted = (uint8_t)(s->submitted | (1u << seat));
    return 0;
}

int gg_legal_actions(const gg_state *s, int seat, gg_legal *out, int cap)
{
    int n = 0;
    if (seat < 0 || seat >= GG_SEATS || s->phase == GG_PHASE_OVER)
        return 0;
    for (int a = 0; a < GG_ACTIONS && n < cap; a++) {
        const gg_action_def *d = &gg__actions[a];
        if (d->seat != seat && d->seat != GG_SEATS)
            continue;
        int ntargets = d->target == GG_TGT_POWER     ? GG_POWERS
                       : d->target == GG_TGT_PROJECT ? GG_PROJECTS
                                                     : 1;
        for (int t = 0; t < ntargets && n < cap; t++) {
            gg_order o = {(uint8_t)a, (uint8_t)t, 0};
            if (d->target == GG_TGT_SEAT) /* listed once: any seat, any amount */
                o = (gg_order){(uint8_t)a, (uint8_t)((seat + 1) % GG_SEATS), gg_transfer_arg(0, 1)};
            int cost[GG_RES_KINDS];
            int err = check_order_cost(s, seat, &o, cost);
            if (err == GG_ENO_RESOURCES && d->target == GG_TGT_SEAT)
                err = 0; /* a transfer of some other resource may still be possible */
            if (err)
                continue;
            gg_legal *l = &out[n++];
            l->action = (uint8_t)a;
            l->target = d->target == GG_TGT_SEAT ? GG_NONE : (uint8_t)t;
            l->needs_consent = (d->flags & GG_AF_CONSENT) && !gg__has_consent(s, seat, a) ? 1 : 0;
            for (int r = 0; r < GG_RES_KINDS; r++)
                l->cost[r] = (int8_t)(d->target == GG_TGT_SEAT ? 0 : cost[r]);
        }
    }
    return n;
}
