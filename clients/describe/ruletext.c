/* ruletext.c — the rule data as English: seat and institution titles,
 * conditions and effects (RULES.md, rules.json, gg-client's turn reports
 * and the debrief all use these, so the words cannot drift apart). */
#include <stdio.h>
#include <string.h>

#include "describe.h"

/* ---- names ----------------------------------------------------------------- */

const char *gg_seat_title(int seat)
{
    static const char *const t[GG_SEATS] = {"China", "Russia", "the West", "Kazakhstan"};
    return seat >= 0 && seat < GG_SEATS ? t[seat] : "any seat";
}

const char *gg_institution_title(int bit)
{
    switch (bit) {
    case GG_INST_EAEU:
        return "EAEU";
    case GG_INST_CSTO:
        return "CSTO";
    case GG_INST_SCO:
        return "SCO";
    case GG_INST_BRI:
        return "Belt and Road Initiative";
    case GG_INST_EU_STRATEGY:
        return "EU Central Asia Strategy";
    default:
        return "?";
    }
}

static void insts(int bits, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int b = 0; b < 5; b++)
        if (bits & (1 << b)) {
            size_t len = strlen(buf);
            snprintf(buf + len, n - len, "%s%s", len ? " or " : "", gg_institution_title(1 << b));
        }
}

/* ---- conditions and effects ------------------------------------------------ */

char *gg_rule_cond_text(const gg_cond *c, char *buf, size_t n)
{
    char tmp[96];
    const gg_action_def *act;
    const gg_accord_def *acc;
    switch (c->kind) {
    case GG_IF_ALWAYS:
        snprintf(buf, n, "always");
        break;
    case GG_IF_ACCORD:
    case GG_IF_NOT_ACCORD:
        acc = gg_accord_def_get(c->a);
        snprintf(buf, n, "%s %s is in force", c->kind == GG_IF_ACCORD ? "the" : "no",
                 acc ? acc->name : "?");
        break;
    case GG_IF_TRACK_GE:
    case GG_IF_TRACK_LE:
        snprintf(buf, n, "%s is %d or %s", gg_track_name(c->a), c->b,
                 c->kind == GG_IF_TRACK_GE ? "more" : "less");
        break;
    case GG_IF_GLOBAL_GE:
    case GG_IF_GLOBAL_LE:
        snprintf(buf, n, "%s is %d or %s", gg_global_name(c->a), c->b,
                 c->kind == GG_IF_GLOBAL_GE ? "more" : "less");
        break;
    case GG_IF_INFL_GE:
    case GG_IF_INFL_LE:
        snprintf(buf, n, "%s's %s influence is %d or %s", gg_seat_title(c->a >> 4),
                 gg_domain_name(c->a & 15), c->b, c->kind == GG_IF_INFL_GE ? "more" : "less");
        break;
    case GG_IF_INSTITUTION:
    case GG_IF_NOT_INSTITUTION:
        insts(c->a, tmp, sizeof tmp);
        snprintf(buf, n, "Kazakhstan is %sin the %s", c->kind == GG_IF_INSTITUTION ? "" : "not ",
                 tmp);
        break;
    case GG_IF_NO_HEGEMON:
        snprintf(buf, n, "no power leads three or more domains");
        break;
    case GG_IF_LEADS:
        snprintf(buf, n, "%s leads %s", gg_seat_title(c->a), gg_domain_name(c->b));
        break;
    case GG_IF_ASYM_GE:
        snprintf(buf, n, "%s",
                 c->a >= GG_ASYM_SUBORDINATE ? "Russia is subordinate to China"
                                             : "Russia is China's junior partner "
                                               "(or subordinate)");
        break;
    case GG_IF_GRATITUDE:
        snprintf(buf, n, "Russia holds the debt-of-gratitude token");
        break;
    case GG_IF_EAEU_LT:
        snprintf(buf, n, "fewer than %d EAEU integration steps have been taken", c->a);
        break;
    case GG_IF_ORDERED:
    case GG_IF_NOT_ORDERED:
        act = gg_action_def_get(c->b);
        snprintf(buf, n, "%s %s %s this turn", gg_seat_title(c->a),
                 c->kind == GG_IF_ORDERED ? "also orders" : "does not order",
                 act ? act->name : "?");
        break;
    case GG_IF_DONE_LAST:
    case GG_IF_NOT_DONE_LAST:
        act = gg_action_def_get(c->b);
        snprintf(buf, n, "%s %s %s last turn", gg_seat_title(c->a),
                 c->kind == GG_IF_DONE_LAST ? "carried out" : "did not carry out",
                 act ? act->name : "?");
        break;
    case GG_IF_ROUTE_GE:
        snprintf(buf, n, "the %s route has %d or more units", gg_route_name(c->a), c->b);
        break;
    case GG_IF_RES_GE:
        snprintf(buf, n, "%s's %s is %d or more", gg_seat_title(c->a >> 4),
                 gg_res_name(c->a >> 4, c->a & 15), c->b);
        break;
    default:
        snprintf(buf, n, "(unknown condition %d)", c->kind);
        break;
    }
    return buf;
}

/* The seat an effect's `who` names, given the acting seat (-1 unknown). */
static const char *who_text(int who, int seat, const char *self_unknown)
{
    if (who == GG_WHO_SELF)
        return seat >= 0 ? gg_seat_title(seat) : self_unknown;
    if (who == GG_WHO_TARGET)
        return "the target";
    if (who == GG_WHO_OTHER_POWERS)
        return "each other power";
    return gg_seat_title(who);
}

static const char *possessive(const char *name, char *buf, size_t n)
{
    size_t len = strlen(name);
    snprintf(buf, n, "%s%s", name, len && name[len - 1] == 's' ? "'" : "'s");
    return buf;
}

char *gg_rule_effect_text(const gg_effect *e, int seat, char *buf, size_t n)
{
    char w[64], cond[128];
    int who_seat = e->who == GG_WHO_SELF ? seat : (e->who < GG_SEATS ? e->who : -1);
    const char *who = who_text(e->who, seat, "the owner");
    const gg_accord_def *acc;
    switch (e->kind) {
    case GG_EFF_INFLUENCE:
        snprintf(buf, n, "%s %s influence %+d", possessive(who, w, sizeof w),
                 gg_domain_name(e->what), e->delta);
        break;
    case GG_EFF_TRACK:
        snprintf(buf, n, "%s %+d", gg_track_name(e->what), e->delta);
        break;
    case GG_EFF_GLOBAL:
        snprintf(buf, n, "%s %+d%s", gg_global_name(e->what), e->delta,
                 e->what == GG_OIL_PRICE ? (e->delta == 1 || e->delta == -1 ? " step" : " steps")
                                         : "");
        break;
    case GG_EFF_RESOURCE:
        snprintf(buf, n, "%s %s %+d", possessive(who, w, sizeof w),
                 who_seat >= 0 ? gg_res_name(who_seat, e->what)
                               : (e->what == GG_MONEY   ? "capital/budget"
                                  : e->what == GG_FORCE ? "force"
                                                        : "prestige/legitimacy"),
                 e->delta);
        break;
    case GG_EFF_ROUTE:
        snprintf(buf, n, "%s route %+d unit%s", gg_route_name(e->what), e->delta,
                 e->delta == 1 || e->delta == -1 ? "" : "s");
        break;
    case GG_EFF_ROUTE_SHUT:
        snprintf(buf, n, "the %s route is shut for %d turn%s", gg_route_name(e->what), e->delta,
                 e->delta == 1 ? "" : "s");
        break;
    case GG_EFF_INSTITUTION:
        snprintf(buf, n, "Kazakhstan %s the %s", e->delta > 0 ? "joins" : "leaves",
                 gg_institution_title(e->what));
        break;
    case GG_EFF_EAEU_STEP:
        snprintf(buf, n, "EAEU integration %+d step%s (at most 3)", e->delta,
                 e->delta == 1 || e->delta == -1 ? "" : "s");
        break;
    case GG_EFF_START_PROJECT:
        snprintf(buf, n, "starts the chosen project");
        break;
    case GG_EFF_GRATITUDE:
        snprintf(buf, n, "%s",
                 e->delta > 0 ? "Russia gains the debt-of-gratitude token"
                              : "the debt-of-gratitude token is spent");
        break;
    case GG_EFF_ACCORD:
        acc = gg_accord_def_get(e->what);
        snprintf(buf, n, "the %s is in force for %d turn%s", acc ? acc->name : "?", e->delta,
                 e->delta == 1 ? "" : "s");
        break;
    case GG_EFF_TRANSFER:
        snprintf(buf, n, "moves the chosen resource and amount to the chosen seat");
        break;
    case GG_EFF_CONSENT:
        snprintf(buf, n,
                 "the chosen power has Kazakhstan's consent for all its actions this "
                 "turn");
        break;
    default:
        snprintf(buf, n, "(no effect)");
        break;
    }
    if (e->when.kind != GG_IF_ALWAYS) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " if %s", gg_rule_cond_text(&e->when, cond, sizeof cond));
    }
    return buf;
}

/* ---- what an order changed ------------------------------------------------- */

char *gg_describe_change(const gg_change *c, char *out, size_t cap)
{
    int a = c->what >> 4, b = c->what & 15, d = c->delta;
    gg_effect e = {.kind = GG_EFF_NONE, .who = (uint8_t)a, .what = (uint8_t)b, .delta = (int8_t)d};
    const gg_project_def *pd;
    const gg_accord_def *ad;
    switch (c->kind) {
    case GG_CHG_INFLUENCE:
        e.kind = GG_EFF_INFLUENCE;
        break;
    case GG_CHG_RESOURCE:
        e.kind = GG_EFF_RESOURCE;
        break;
    case GG_CHG_TRACK:
        e.kind = GG_EFF_TRACK, e.what = (uint8_t)a;
        break;
    case GG_CHG_GLOBAL:
        e.kind = GG_EFF_GLOBAL, e.what = (uint8_t)a;
        break;
    case GG_CHG_ROUTE:
        e.kind = GG_EFF_ROUTE, e.what = (uint8_t)a;
        break;
    case GG_CHG_INSTITUTION:
        e.kind = GG_EFF_INSTITUTION, e.what = (uint8_t)(1u << a);
        break;
    case GG_CHG_GRATITUDE:
        e.kind = GG_EFF_GRATITUDE;
        break;
    case GG_CHG_ROUTE_SHUT:
        snprintf(out, cap, "the %s route shut %+d turn%s", gg_route_name(a), d,
                 d == 1 || d == -1 ? "" : "s");
        return out;
    case GG_CHG_EAEU:
        snprintf(out, cap, "EAEU integration %+d step%s", d, d == 1 || d == -1 ? "" : "s");
        return out;
    case GG_CHG_PROJECT:
        pd = gg_project_def_get(a);
        snprintf(out, cap, "%s started", pd ? pd->name : "?");
        return out;
    case GG_CHG_ACCORD:
        ad = gg_accord_def_get(a);
        snprintf(out, cap, "the %s in force %+d turn%s", ad ? ad->name : "?", d,
                 d == 1 || d == -1 ? "" : "s");
        return out;
    case GG_CHG_CONSENT:
        snprintf(out, cap, "%s has Kazakhstan's consent this turn", gg_seat_title(a));
        return out;
    default:
        snprintf(out, cap, "?");
        return out;
    }
    return gg_rule_effect_text(&e, -1, out, cap);
}

char *gg_describe_order_changes(const gg_report *rep, int seat, int index, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    int slot = seat * GG_MAX_ORDERS + index;
    for (int i = 0; i < rep->nchanges && i < GG_MAX_CHANGES; i++) {
        if (rep->changes[i].order != slot)
            continue;
        char one[128];
        gg_describe_change(&rep->changes[i], one, sizeof one);
        snprintf(out + len, cap - len, "%s%s", len ? ", " : "", one);
        len = strlen(out);
        if (len + 1 >= cap)
            break;
    }
    if (!len)
        snprintf(out, cap, "no change");
    return out;
}
