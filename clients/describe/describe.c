/* describe.c — one-line text for orders and deal clauses. */
#include "describe.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *action_id(int a)
{
    const gg_action_def *d = gg_action_def_get(a);
    return d ? d->id : "?";
}

static const char *project_id(int p)
{
    const gg_project_def *d = gg_project_def_get(p);
    return d ? d->id : "?";
}

/* Pledge tags `bits` joined: their wire ids by "," ("soft-power,coercion"),
 * or with `words` their English by ", " ("soft-power actions, coercive
 * actions"). Always terminated; cut short if cap is too small. */
static void tag_list(int bits, int words, char *out, size_t cap)
{
    static const char *const english[GG_TAGS] = {
        "security actions in Kazakhstan", "economic actions in Kazakhstan", "soft-power actions",
        "coercive actions", "energy actions"};
    if (cap == 0)
        return;
    out[0] = '\0';
    for (int t = 0; t < GG_TAGS; t++)
        if ((bits >> t) & 1) {
            size_t l = strlen(out);
            snprintf(out + l, cap - l, "%s%s",
                     !l      ? ""
                     : words ? ", "
                             : ",",
                     words ? english[t] : gg_tag_name(t));
        }
}

void gg_describe_clause(const gg_clause *cl, char *out, size_t cap)
{
    switch (cl->kind) {
    case GG_CLAUSE_TRANSFER:
        snprintf(out, cap, "transfer %s->%s %d %s", gg_seat_name(cl->a), gg_seat_name(cl->b),
                 cl->amount, gg_res_name(cl->a, cl->c));
        break;
    case GG_CLAUSE_CONSENT:
        snprintf(out, cap, "consent %s %s fee %d", gg_seat_name(cl->a),
                 cl->c == GG_CONSENT_ANY ? "any" : action_id(cl->c), cl->amount);
        break;
    case GG_CLAUSE_JOINT:
        snprintf(out, cap, "joint %s partner %s share %d", project_id(cl->a), gg_seat_name(cl->b),
                 cl->amount);
        break;
    case GG_CLAUSE_PLEDGE: {
        char tags[96];
        tag_list(cl->c, 0, tags, sizeof tags);
        snprintf(out, cap, "pledge %s no %s for %d turns", gg_seat_name(cl->a), tags, cl->turns);
        break;
    }
    case GG_CLAUSE_ACCORD: {
        const gg_accord_def *d = gg_accord_def_get(cl->c);
        snprintf(out, cap, "accord %s%s", d ? d->id : "?", cl->turns ? " (turns set)" : "");
        break;
    }
    default:
        snprintf(out, cap, "?");
    }
}

char *gg_describe_tags(int bits, char *out, size_t cap)
{
    tag_list(bits, 1, out, cap);
    return out;
}

void gg_describe_clause_words(const gg_clause *cl, char *out, size_t cap)
{
    switch (cl->kind) {
    case GG_CLAUSE_TRANSFER:
        snprintf(out, cap, "%s gives %s %d %s", gg_seat_title(cl->a), gg_seat_title(cl->b),
                 cl->amount, gg_res_name(cl->a, cl->c));
        break;
    case GG_CLAUSE_CONSENT: {
        const gg_action_def *d = cl->c == GG_CONSENT_ANY ? NULL : gg_action_def_get(cl->c);
        char fee[32] = "";
        if (cl->amount)
            snprintf(fee, sizeof fee, " for a fee of %d", cl->amount);
        snprintf(out, cap, "Kazakhstan consents to %s's %s%s", gg_seat_title(cl->a),
                 cl->c == GG_CONSENT_ANY ? "actions"
                 : d                     ? d->name
                                         : "?",
                 fee);
        break;
    }
    case GG_CLAUSE_JOINT: {
        const gg_project_def *p = gg_project_def_get(cl->a);
        snprintf(out, cap, "%s joins %s with %d", gg_seat_title(cl->b), p ? p->name : "?",
                 cl->amount);
        break;
    }
    case GG_CLAUSE_PLEDGE: {
        char tags[160];
        snprintf(out, cap, "%s pledges no %s for %d turn%s", gg_seat_title(cl->a),
                 gg_describe_tags(cl->c, tags, sizeof tags), cl->turns, cl->turns == 1 ? "" : "s");
        break;
    }
    case GG_CLAUSE_ACCORD: {
        const gg_accord_def *d = gg_accord_def_get(cl->c);
        if (cl->turns)
            snprintf(out, cap, "sign the %s for %d turns", d ? d->name : "?", cl->turns);
        else
            snprintf(out, cap, "sign the %s", d ? d->name : "?");
        break;
    }
    default:
        snprintf(out, cap, "?");
    }
}

void gg_describe_order_words(int seat, const gg_order *o, char *out, size_t cap)
{
    const gg_action_def *d = gg_action_def_get(o->action);
    const gg_project_def *p = NULL;
    if (!d) {
        snprintf(out, cap, "?");
        return;
    }
    switch (d->target) {
    case GG_TGT_PROJECT:
        p = gg_project_def_get(o->target);
        snprintf(out, cap, "%s: %s", d->name, p ? p->name : "?");
        break;
    case GG_TGT_POWER:
        snprintf(out, cap, "%s: %s", d->name, gg_seat_title(o->target));
        break;
    case GG_TGT_SEAT:
        snprintf(out, cap, "%s: %d %s to %s", d->name, o->arg >> 2, gg_res_name(seat, o->arg & 3),
                 gg_seat_title(o->target));
        break;
    default:
        snprintf(out, cap, "%s", d->name);
    }
}

const char *gg_describe_outcome(int outcome)
{
    switch (outcome) {
    case GG_OUT_DONE:
        return "done";
    case GG_OUT_NO_CONSENT:
        return "no consent: no effect, no cost";
    case GG_OUT_LOST_BID:
        return "lost the bid";
    case GG_OUT_FAILED:
        return "failed: no longer possible, no cost";
    case GG_OUT_BREACH:
        return "done, breaking a pledge";
    default:
        return "not resolved";
    }
}

void gg_describe_order(int seat, const gg_order *o, char *out, size_t cap)
{
    const gg_action_def *d = gg_action_def_get(o->action);
    if (!d) {
        snprintf(out, cap, "?");
        return;
    }
    switch (d->target) {
    case GG_TGT_PROJECT:
        snprintf(out, cap, "%s %s", d->id, project_id(o->target));
        break;
    case GG_TGT_POWER:
        snprintf(out, cap, "%s %s", d->id, gg_seat_name(o->target));
        break;
    case GG_TGT_SEAT:
        snprintf(out, cap, "%s %s %d %s", d->id, gg_seat_name(o->target), o->arg >> 2,
                 gg_res_name(seat, o->arg & 3));
        break;
    default:
        snprintf(out, cap, "%s", d->id);
    }
}

/* The seat a resource argument belongs to: the reason's first seat. */
static int reason_seat(const gg_reason *r)
{
    const gg_reason_def *d = gg_reason_def_get(r->id);
    for (int i = 0; d && i < r->nargs && d->kinds[i]; i++)
        if (d->kinds[i] == 's')
            return r->arg[i];
    return 0;
}

void gg_describe_reason_arg(const gg_reason *r, int i, char *out, size_t cap)
{
    const gg_reason_def *d = gg_reason_def_get(r->id);
    if (!d || i < 0 || i >= r->nargs || !d->kinds[i]) {
        snprintf(out, cap, "?");
        return;
    }
    int v = r->arg[i];
    switch (d->kinds[i]) {
    case 's':
        snprintf(out, cap, "%s", gg_seat_name(v));
        break;
    case 'a':
        snprintf(out, cap, "%s", action_id(v));
        break;
    case 'c': {
        const gg_accord_def *a = gg_accord_def_get(v);
        snprintf(out, cap, "%s", a ? a->id : "?");
        break;
    }
    case 'p':
        snprintf(out, cap, "%s", project_id(v));
        break;
    case 't':
        tag_list(v, 0, out, cap);
        break;
    case 'r':
        snprintf(out, cap, "%s", gg_res_name(reason_seat(r), v));
        break;
    default:
        snprintf(out, cap, "%d", v);
        break;
    }
}

/* The English rendering of one argument: display names where the
 * catalogue has them. */
static void arg_text(const gg_reason *r, int i, char *out, size_t cap)
{
    const gg_reason_def *d = gg_reason_def_get(r->id);
    int v = r->arg[i];
    switch (d->kinds[i]) {
    case 'a': {
        const gg_action_def *a = gg_action_def_get(v);
        snprintf(out, cap, "%s", a ? a->name : "?");
        break;
    }
    case 'c': {
        const gg_accord_def *a = gg_accord_def_get(v);
        snprintf(out, cap, "%s", a ? a->name : "?");
        break;
    }
    case 'p': {
        const gg_project_def *p = gg_project_def_get(v);
        snprintf(out, cap, "%s", p ? p->name : "?");
        break;
    }
    case 's':
        snprintf(out, cap, "%s", gg_seat_title(v));
        break;
    case 't':
        gg_describe_tags(v, out, cap);
        break;
    case 'v':
        snprintf(out, cap, "%s%d.%02d", v < 0 ? "-" : "", (v < 0 ? -v : v) / 100,
                 (v < 0 ? -v : v) % 100);
        break;
    case 'd':
        snprintf(out, cap, "#%d", v);
        break;
    default:
        gg_describe_reason_arg(r, i, out, cap);
        break;
    }
}

void gg_describe_reason(const gg_reason *r, char *out, size_t cap)
{
    if (cap == 0)
        return;
    if (gg_reason_check(r) != 0) {
        snprintf(out, cap, "(no reason)");
        return;
    }
    const char *t = gg_reason_def_get(r->id)->text;
    size_t n = 0;
    out[0] = '\0';
    for (; *t && n + 1 < cap; t++) {
        if (t[0] == '{' && t[1] >= '0' && t[1] <= '9' && t[2] == '}' && t[1] - '0' < r->nargs) {
            char arg[128];
            arg_text(r, t[1] - '0', arg, sizeof arg);
            snprintf(out + n, cap - n, "%s", arg);
            n += strlen(out + n);
            t += 2;
        } else {
            out[n++] = *t;
            out[n] = '\0';
        }
    }
    out[0] = (char)toupper((unsigned char)out[0]); /* "the West accepts" starts a sentence */
}

char *gg_describe_scenarios(char *out, size_t cap)
{
    size_t n = 0;
    if (cap)
        out[0] = 0;
    for (int i = 0; i < gg_scenario_count() && n < cap; i++) {
        int w = snprintf(out + n, cap - n, "%s%s", i ? ", " : "", gg_scenario_def_get(i)->id);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    return out;
}
