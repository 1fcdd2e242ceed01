/* views.c — hidden information (GAME_DESIGN.md §10) and the state hash. */
#include <string.h>

#include "internal.h"

void gg_view(const gg_state *s, int viewer, gg_state *out)
{
    *out = *s;
    out->viewer = (uint8_t)viewer;
    if (viewer == GG_VIEW_MODERATOR || viewer == GG_VIEW_FULL)
        return;
    int seat = (viewer >= 0 && viewer < GG_SEATS) ? viewer : -1;

    /* The future is secret: the PRNG streams are replaced by public ones
     * (so a view can still be resolved as a what-if) and the deck's order
     * is blanked. */
    gg_pcg32_seed(&out->rng_events, 0, (uint64_t)viewer + 1);
    gg_pcg32_seed(&out->rng_ties, 1, (uint64_t)viewer + 1);
    memset(out->deck, 0, sizeof out->deck);

    /* Orders stay secret until resolved; who has submitted is public. */
    for (int i = 0; i < GG_SEATS; i++)
        if (i != seat)
            memset(&out->orders[i], 0, sizeof out->orders[i]);

    /* Deals: only parties see them, except signed accords and breaches. */
    for (int i = 0; i < GG_MAX_DEALS; i++)
        if (!gg_deal_visible(&s->deals[i], viewer))
            memset(&out->deals[i], 0, sizeof out->deals[i]);

    /* Consents and pledges come from private deals or Kazakhstan's own
     * orders: a power sees its own, Kazakhstan sees every consent. */
    for (int p = 0; p < GG_POWERS; p++)
        if (p != seat && seat != GG_KAZAKHSTAN) {
            out->consent_all[p] = 0;
            out->consent_fee[p] = 0;
            memset(out->consent_action[p], 0, sizeof out->consent_action[p]);
        }
    for (int i = 0; i < GG_SEATS; i++)
        if (i != seat)
            memset(out->pledge[i], 0, sizeof out->pledge[i]);

    if (s->options.hide_resources)
        gg__hide_changes(&out->report, seat);
    if (s->options.hide_resources)
        for (int i = 0; i < GG_SEATS; i++)
            if (i != seat) {
                memset(out->res[i], 0, sizeof out->res[i]);
                memset(out->income[i], 0, sizeof out->income[i]);
            }
}

/* Mixes one field value at a time (never raw structs, so padding bytes
 * never reach the hash): multiply-xorshift over 64-bit words, with byte
 * arrays packed eight to a word in a fixed (little-endian) order. */
typedef struct hasher {
    uint64_t h;
} hasher;

static void mix(hasher *x, uint64_t v)
{
    x->h = (x->h ^ v) * 0x9e3779b97f4a7c15ULL;
    x->h ^= x->h >> 29;
}

static void mix_bytes(hasher *x, const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = 0;
        for (int k = 0; k < 8; k++)
            w |= (uint64_t)p[i + (size_t)k] << (8 * k);
        mix(x, w);
    }
    uint64_t w = n - i; /* the tail (< 8 bytes), tagged with its length */
    for (unsigned k = 1; k < 8 && i < n; i++, k++)
        w |= (uint64_t)p[i] << (8 * k);
    mix(x, w);
}

static void mix_i16(hasher *x, const int16_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mix(x, (uint64_t)(uint16_t)p[i]);
}

/* Small fields packed into one word each (explicit shifts, no layout). */
static uint64_t pack_order(const gg_order *o)
{
    return (uint64_t)o->action | (uint64_t)o->target << 8 | (uint64_t)o->arg << 16;
}

static void mix_orders(hasher *x, const gg_orders *o)
{
    mix(x, o->count);
    for (int i = 0; i < GG_MAX_ORDERS; i += 2)
        mix(x, pack_order(&o->o[i]) | pack_order(&o->o[i + 1]) << 32);
}

static uint64_t pack_clause(const gg_clause *c)
{
    return (uint64_t)c->kind | (uint64_t)c->a << 8 | (uint64_t)c->b << 16 | (uint64_t)c->c << 24 |
           (uint64_t)c->amount << 32 | (uint64_t)c->turns << 40;
}

uint64_t gg_state_hash(const gg_state *s)
{
    hasher x = {0xcbf29ce484222325ULL};
    mix(&x, GG_RULES_VERSION);
    mix(&x, s->scenario);
    mix(&x, s->turn);
    mix(&x, s->last_turn);
    mix(&x, s->phase);
    mix(&x, s->year);
    mix(&x, s->end_reason);
    mix(&x, s->viewer);
    mix(&x, s->options.binding);
    mix(&x, s->options.hide_resources);
    mix(&x, s->options.turns);
    mix_bytes(&x, &s->influence[0][0], sizeof s->influence);
    mix_i16(&x, &s->base_income[0][0], GG_SEATS * GG_RES_KINDS);
    mix_i16(&x, &s->res[0][0], GG_SEATS * GG_RES_KINDS);
    mix_i16(&x, &s->income[0][0], GG_SEATS * GG_RES_KINDS);
    mix_bytes(&x, s->track, sizeof s->track);
    mix_bytes(&x, s->global, sizeof s->global);
    mix(&x, s->asymmetry);
    mix_bytes(&x, s->route, sizeof s->route);
    mix_bytes(&x, s->route_closed, sizeof s->route_closed);
    mix(&x, s->institutions);
    mix(&x, s->eaeu_level);
    mix(&x, s->gratitude);
    mix_bytes(&x, s->accord_turns, sizeof s->accord_turns);
    for (int p = 0; p < GG_PROJECTS; p++)
        mix(&x, (uint64_t)s->project[p].owner | (uint64_t)s->project[p].partner << 8 |
                    (uint64_t)s->project[p].progress << 16 | (uint64_t)s->project[p].done << 24);
    mix_bytes(&x, &s->pledge[0][0], sizeof s->pledge);
    mix_bytes(&x, s->consent_all, sizeof s->consent_all);
    mix_bytes(&x, &s->consent_action[0][0], sizeof s->consent_action);
    mix_bytes(&x, s->consent_fee, sizeof s->consent_fee);
    mix(&x, s->next_deal_id);
    for (int i = 0; i < GG_MAX_DEALS; i++) {
        const gg_deal *d = &s->deals[i];
        mix(&x, (uint64_t)d->id | (uint64_t)d->status << 16 | (uint64_t)d->proposer << 24 |
                    (uint64_t)d->parties << 32 | (uint64_t)d->accepted << 40 |
                    (uint64_t)d->turn << 48 | (uint64_t)d->breacher << 56);
        mix(&x, d->nclauses);
        for (int k = 0; k < GG_MAX_CLAUSES; k++)
            mix(&x, pack_clause(&d->clauses[k]));
    }
    mix_bytes(&x, s->kept, sizeof s->kept);
    mix_bytes(&x, s->broken, sizeof s->broken);
    for (int i = 0; i < GG_SEATS; i++)
        mix_orders(&x, &s->orders[i]);
    mix(&x, s->submitted);
    mix_bytes(&x, &s->done_last[0][0], sizeof s->done_last);
    mix_bytes(&x, s->deck, sizeof s->deck);
    mix(&x, s->deck_len);
    mix(&x, s->deck_pos);
    mix(&x, s->crisis_pending);
    mix(&x, s->tipped_by);
    mix(&x, s->raised_by);
    mix_i16(&x, s->vp, GG_SEATS);
    mix_bytes(&x, s->tiebreak, sizeof s->tiebreak);
    mix_i16(&x, s->vp_last, GG_SEATS);
    mix_i16(&x, s->vp_now, GG_SEATS);
    mix_i16(&x, s->par_now, GG_SEATS);
    mix_i16(&x, s->par, GG_SEATS);
    mix_i16(&x, s->pace, GG_SEATS);
    const gg_report *r = &s->report;
    mix(&x, r->turn);
    mix(&x, r->resolved);
    mix(&x, r->nnews);
    mix_bytes(&x, r->news, sizeof r->news);
    mix_bytes(&x, &r->outcome[0][0], sizeof r->outcome);
    for (int i = 0; i < GG_SEATS; i++)
        mix_orders(&x, &r->orders[i]);
    mix(&x, r->crisis);
    mix(&x, r->response);
    mix(&x, r->breaches);
    mix(&x, r->what_if);
    mix(&x, r->nchanges);
    mix(&x, r->changes_lost);
    for (int i = 0; i < r->nchanges; i++)
        mix(&x, (uint64_t)r->changes[i].order | (uint64_t)r->changes[i].kind << 8 |
                    (uint64_t)r->changes[i].what << 16 |
                    (uint64_t)(uint8_t)r->changes[i].delta << 24);
    mix(&x, s->rng_events.state);
    mix(&x, s->rng_events.inc);
    mix(&x, s->rng_ties.state);
    mix(&x, s->rng_ties.inc);
    return x.h;
}
