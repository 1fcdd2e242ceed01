/* rulebook.c — renders the rule tables (conditions, effects, costs) as
 * English, and writes RULES.md, the player's rulebook, from them.
 *
 * Everything comes from the rules' data: the catalogue (gg_*_def_get), the
 * victory terms (gg_vp_terms) and the rule constants of gg/rules.h, printed
 * rather than copied, so the rulebook cannot drift from the engine. What
 * remains fixed prose describes the turn's mechanics. */

#include <stdarg.h>
#include <string.h>

#include "arena.h"

/* ---- names --------------------------------------------------------------- */

static const char *seat_title(int seat)
{
    static const char *const t[GG_SEATS] = {"China", "Russia", "the West", "Kazakhstan"};
    return seat >= 0 && seat < GG_SEATS ? t[seat] : "any seat";
}

const char *gg__seat_cap(int seat)
{
    static const char *const t[GG_SEATS] = {"China", "Russia", "The West", "Kazakhstan"};
    return seat >= 0 && seat < GG_SEATS ? t[seat] : "Any seat";
}

static const char *inst_name(int bit)
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
            snprintf(buf + len, n - len, "%s%s", len ? " or " : "", inst_name(1 << b));
        }
}

static const char *step_name(int step)
{
    static const char *const t[GG_STEPS] = {"diplomatic", "economy", "security", "soft power"};
    return step >= 0 && step < GG_STEPS ? t[step] : "?";
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
        snprintf(buf, n, "%s's %s influence is %d or %s", seat_title(c->a >> 4),
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
        snprintf(buf, n, "%s leads %s", seat_title(c->a), gg_domain_name(c->b));
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
        snprintf(buf, n, "%s %s %s this turn", seat_title(c->a),
                 c->kind == GG_IF_ORDERED ? "also orders" : "does not order",
                 act ? act->name : "?");
        break;
    case GG_IF_ROUTE_GE:
        snprintf(buf, n, "the %s route has %d or more units", gg_route_name(c->a), c->b);
        break;
    case GG_IF_RES_GE:
        snprintf(buf, n, "%s's %s is %d or more", seat_title(c->a >> 4),
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
        return seat >= 0 ? seat_title(seat) : self_unknown;
    if (who == GG_WHO_TARGET)
        return "the target";
    if (who == GG_WHO_OTHER_POWERS)
        return "each other power";
    return seat_title(who);
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
                 inst_name(e->what));
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

/* ---- Markdown writing ------------------------------------------------------ */

static void effects_md(FILE *f, const gg_effect *e, int max, int seat)
{
    char buf[256];
    int any = 0;
    for (int i = 0; i < max && e[i].kind != GG_EFF_NONE; i++) {
        fprintf(f, "%s%s", any ? "; " : "", gg_rule_effect_text(&e[i], seat, buf, sizeof buf));
        any = 1;
    }
    if (!any)
        fprintf(f, "none");
}

void gg__cost_text(const gg_action_def *a, int seat, char *buf, size_t n)
{
    buf[0] = '\0';
    int s = seat < GG_SEATS ? seat : 0;
    for (int r = 0; r < GG_RES_KINDS; r++)
        if (a->cost[r]) {
            size_t len = strlen(buf);
            snprintf(buf + len, n - len, "%s%d %s", len ? " + " : "", a->cost[r],
                     seat < GG_SEATS ? gg_res_name(s, r) : "?");
        }
    if (a->target == GG_TGT_PROJECT) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%sthe project's capital", len ? " + " : "");
    }
    if (a->target == GG_TGT_SEAT) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%sthe amount given", len ? " + " : "");
    }
    if (!buf[0])
        snprintf(buf, n, "free");
}

static const char *target_text(int t)
{
    switch (t) {
    case GG_TGT_POWER:
        return "an outside power";
    case GG_TGT_PROJECT:
        return "a project";
    case GG_TGT_SEAT:
        return "another seat, a resource and an amount";
    default:
        return NULL;
    }
}

static void tags_text(int tags, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int t = 0; t < GG_TAGS; t++)
        if (tags & (1 << t)) {
            size_t len = strlen(buf);
            snprintf(buf + len, n - len, "%s`%s`", len ? ", " : "", gg_tag_name(t));
        }
}

static void action_md(FILE *f, int id)
{
    const gg_action_def *a = gg_action_def_get(id);
    char buf[256];
    fprintf(f, "#### %s (`%s`)\n\n", a->name, a->id);
    gg__cost_text(a, a->seat, buf, sizeof buf);
    fprintf(f, "- **Cost:** %s", buf);
    if (a->cheaper_if.kind != GG_IF_ALWAYS)
        fprintf(f, "; 1 %s less if %s",
                gg_res_name(a->seat < GG_SEATS ? a->seat : 0, a->discount_res),
                gg_rule_cond_text(&a->cheaper_if, buf, sizeof buf));
    fprintf(f, "\n");
    if (target_text(a->target))
        fprintf(f, "- **Target:** %s\n", target_text(a->target));
    if (a->flags & GG_AF_CONSENT)
        fprintf(f, "- **Needs Kazakhstan's consent** (a consent order or a deal); without it "
                   "the order has no effect and costs nothing\n");
    if (a->requires.kind != GG_IF_ALWAYS)
        fprintf(f, "- **Only if** %s\n", gg_rule_cond_text(&a->requires, buf, sizeof buf));
    fprintf(f, "- **Resolves in** the %s step; **tier:** %s", step_name(a->step),
            a->tier == 0 ? "basic (classroom)" : "full");
    tags_text(a->tags, buf, sizeof buf);
    if (buf[0])
        fprintf(f, "; **pledge tags:** %s", buf);
    fprintf(f, "\n- **Effects:** ");
    effects_md(f, a->effects, GG_MAX_EFFECTS, a->seat < GG_SEATS ? a->seat : -1);
    fprintf(f, "\n\n%s\n\n*Source: %s*\n\n", a->text, a->source);
}

static const char *const intro =
    "# New Great Game — the rulebook\n\n"
    "<!-- Generated by `gg-arena --rulebook` from the rule tables in rules/catalog_*.c.\n"
    "     Do not edit by hand: change the tables and regenerate (a test checks it). -->\n\n"
    "Kazakhstan, from the launch of the Belt and Road (Astana, 2013) onward. Four seats:\n"
    "**China**, **Russia**, **the West** (EU and US as one seat) and **Kazakhstan**, a full\n"
    "player and the contested ground. Every rule below names its source: a paper and line\n"
    "(M17 Marutyan 2017, SO24 Santiago Orti 2024, Mo22 Mosher 2022, D18 Donovan 2018, HB20\n"
    "Hofstee & Broeders 2020) or `design` where the papers are silent.\n\n";

/* Section 1, with the engine's constants (gg/rules.h) printed, not copied. */
static void turn_md(FILE *f)
{
    fprintf(
        f,
        "## 1. The turn (one year; orders are simultaneous)\n\n"
        "1. **News** — the scenario's scripted events for the year (historical scenarios), then "
        "one card from the era deck (the first whose condition holds; a deck run through is "
        "reshuffled), and any event the moderator injects.\n"
        "2. **Income** — each seat's base income; Russia's capital income also moves with the oil "
        "price (-1 low, 0 mid, +1 high) and falls by the sanctions level; Kazakhstan's budget "
        "income is its open export route units times (oil price + 1) / " GG_STR(
            GG_OIL_DIVISOR) ", less 1 while sanctions "
                            "are 2 or more. Completed projects pay their yearly yields. Shut "
                            "routes reopen a turn "
                            "later. Russia's standing is then derived from total incomes: *junior "
                            "partner* when "
                            "China's income is at least 1.3 times Russia's, *subordinate* at 1.8 "
                            "times.\n"
                            "3. **Diplomacy** — chat and structured deals (section 6). Consents "
                            "and accords take "
                            "effect when every party has accepted.\n"
                            "4. **Orders** — each seat submits up to %d orders it can afford "
                            "together (no action "
                            "twice with the same target). A seat that submits nothing holds.\n"
                            "5. **Resolution** — deal payments first; then contested projects (two "
                            "powers starting "
                            "the same project: Kazakhstan's consent decides, then the larger "
                            "consent fee, then a "
                            "seeded draw); then orders step by step: diplomatic, economy, "
                            "security, soft power "
                            "(seats in order China, Russia, the West, Kazakhstan within a step). "
                            "An order whose "
                            "consent is missing has no effect and no cost; one whose condition no "
                            "longer holds or "
                            "that can no longer be paid fails at no cost. Then the tracks: "
                            "projects advance and "
                            "complete; debt %d or more adds 1 sinophobia; sinophobia %d or more "
                            "costs China 1 public "
                            "influence; stability %d or less costs Kazakhstan 1 budget (investment "
                            "flees); "
                            "escalation falls by %d (tensions fade; design); consents lapse, "
                            "pledges and accords "
                            "count down.\n"
                            "6. **Crisis** — if stability is %d or less, or an event demands it, "
                            "Kazakhstan chooses a "
                            "crisis response (section 8).\n"
                            "7. **Scoring** — victory points are added every %d turns and at the "
                            "end (section 9). "
                            "The game ends after the last turn, when escalation reaches %d or when "
                            "Kazakhstan's "
                            "sovereignty reaches 0.\n\n",
        GG_MAX_ORDERS, GG_DEBT_SINOPHOBIA, GG_SINOPHOBIA_BACKLASH, GG_FLIGHT_STABILITY, GG_COOLING,
        GG_UNREST_STABILITY, GG_SCORING_EVERY, GG_TRACK_MAX);
}

static const char *const resources_text =
    "## 2. Resources, influence and tracks\n\n"
    "- **Resources**: the outside powers have *capital*, *force* and *prestige*; "
    "Kazakhstan "
    "has *budget*, *force* and *legitimacy*. Unspent resources carry over up "
    "to " GG_STR(GG_RES_CAP) " (Kazakhstan's budget up to " GG_STR(
        GG_KZ_BUDGET_CAP) ": oil money and "
                          "every suitor's payments land there).\n"
                          "- **Influence**: each outside power has 0-10 influence "
                          "in four domains: *economy*, "
                          "*security*, *public* and *elite*. The power with "
                          "strictly the most influence in a "
                          "domain *leads* it [M17 L413-L417; HB20 L140; Mo22 "
                          "L388-L416].\n"
                          "- **Kazakhstan's tracks** (0-10): *stability*, "
                          "*sovereignty*, *sinophobia*, *reform*; "
                          "*development* and *debt* count up from 0.\n"
                          "- **Global tracks**: *escalation* 0-10 (10 ends the "
                          "game), Sino-Russian *trust* 0-10, "
                          "*sanctions* on Russia 0-3, *oil price* 0 low / 1 mid / "
                          "2 high.\n"
                          "- **Export routes**: oil capacity units on the *north* "
                          "(through Russia), *east* (to "
                          "China) and *caspian* (across the Caspian) routes.\n"
                          "- **Institutions**: EAEU, CSTO, SCO, Belt and Road "
                          "Initiative, EU Central Asia "
                          "Strategy; Kazakhstan is in or out of each.\n\n";

static const char *const deals_text =
    "## 6. Deals\n\n"
    "A proposal is a set of up to 4 clauses among named seats; it is in force once every "
    "party accepts, and expires at the end of diplomacy otherwise. Clause kinds:\n\n"
    "- `transfer` — a resource and amount from one party to another, paid at resolution.\n"
    "- `consent` — Kazakhstan allows one named action, or all consent-needing actions, of "
    "a power this turn, optionally for a fee in capital paid to Kazakhstan [HB20 L309].\n"
    "- `joint` — a partner pays a share of a project's cost to its builder, and gains 1 "
    "economy influence when it completes.\n"
    "- `pledge` — a seat will not take actions with a tag (`security-in-kz`, "
    "`economy-in-kz`, `soft-power`, `coercion`, `energy`) for up to 6 turns.\n"
    "- `accord` — one of the named accords of section 5, for its duration or up to 6 "
    "turns.\n\n"
    "In a **binding** game the engine pays transfers, fees and shares itself (reserved from "
    "the payer's budget on acceptance) and refuses orders that break a pledge. In a "
    "**non-binding** game the payer must order a matching `transfer` in the same turn and "
    "pledged actions still resolve; either lapse is a breach, published in the ledger "
    "together with every seat's record of kept and broken promises.\n\n";

/* One victory term in words: "economy influence", "east route units / 3",
 * "2 per completed project", "-3 if sinophobia is 7 or more". */
void gg__vp_term_text(const gg_vp_term *t, char *buf, size_t n)
{
    char what[96] = "", cond[160] = "";
    switch (t->kind) {
    case GG_VP_INFLUENCE:
        snprintf(what, sizeof what, "%s influence", gg_domain_name(t->b));
        break;
    case GG_VP_TRACK:
        snprintf(what, sizeof what, "%s", gg_track_name(t->a));
        break;
    case GG_VP_ROUTE:
        snprintf(what, sizeof what, "%s route units", gg_route_name(t->a));
        break;
    case GG_VP_PROJECTS:
        snprintf(what, sizeof what, "completed projects of its own");
        break;
    case GG_VP_EAEU:
        snprintf(what, sizeof what, "EAEU integration steps");
        break;
    case GG_VP_ASYMMETRY:
        snprintf(what, sizeof what, "asymmetry level (1 junior partner, 2 subordinate)");
        break;
    default:
        break;
    }
    if (t->when.kind != GG_IF_ALWAYS)
        gg_rule_cond_text(&t->when, cond, sizeof cond);
    if (t->kind == GG_VP_FLAT)
        snprintf(buf, n, "%+d while %s", t->mult, cond);
    else if (t->div > 1)
        snprintf(buf, n, "%+d x %s / %d (rounded down)%s%s", t->mult, what, t->div,
                 cond[0] ? " while " : "", cond);
    else if (t->mult != 1)
        snprintf(buf, n, "%+d per %s%s%s", t->mult,
                 t->kind == GG_VP_PROJECTS    ? "completed project of its own"
                 : t->kind == GG_VP_ASYMMETRY ? "asymmetry level (junior partner 1, subordinate 2)"
                                              : what,
                 cond[0] ? " while " : "", cond);
    else
        snprintf(buf, n, "%s%s%s", what, cond[0] ? " while " : "", cond);
}

static void victory_md(FILE *f)
{
    fprintf(f,
            "## 9. Victory\n\n"
            "Victory points are added every %s turn and at the end of the game, from these "
            "public formulas (each term with its source):\n\n",
            GG_SCORING_EVERY == 3 ? "third" : "few");
    for (int seat = 0; seat < GG_SEATS; seat++) {
        int n;
        const gg_vp_term *t = gg_vp_terms(seat, &n);
        fprintf(f, "- **%s**: ", gg__seat_cap(seat));
        for (int i = 0; i < n; i++) {
            char buf[256];
            gg__vp_term_text(&t[i], buf, sizeof buf);
            fprintf(f, "%s%s [%s]", i ? "; " : "", buf, t[i].source);
        }
        fprintf(f, ".\n");
    }
    fprintf(f,
            "\nThe winner is the seat with the highest margin: VP less its scenario par "
            "(section 10). **The score is always in view:** every turn each seat sees every "
            "seat's VP as if the game were scored now (VP banked so far plus the position "
            "scored now), the par share of the scorings so far (par x scorings so far, this "
            "one included / scorings in the game) and the margin between them. If "
            "escalation reaches 10 the seat whose action tipped it scores 0 and ranks last, and "
            "every other "
            "seat loses 1/%d of its VP. If sovereignty reaches 0 Kazakhstan ranks last "
            "(\"not another Belarus\" [SO24 L153]).\n\n"
            "Equal margins are settled by these criteria, in order; the seeded draw comes "
            "only after all of them:\n\n",
            GG_ESCALATION_SHARE);
    for (int k = 0; k < GG_TIEBREAKS; k++) {
        const gg_tiebreak_def *d = gg_tiebreak_def_get(k);
        fprintf(f, "%d. **%s** (`%s`): %s [%s]\n", k + 1, d->name, d->id, d->text, d->source);
    }
    fprintf(f, "\n**The escalation ladder.** Escalation bites before 10: as it rises it takes "
               "moves off the table for the outside powers (an order refused with "
               "`ESCALATION`, or failing at resolution if escalation rose earlier that turn):\n\n");
    for (int i = 0; i < gg_escalation_step_count(); i++) {
        const gg_escalation_step *st = gg_escalation_step_get(i);
        fprintf(f, "- **%s** (escalation %d+): %s [%s]\n", st->name, st->min, st->text, st->source);
    }
    fprintf(f, "\n");
}

static void projects_md(FILE *f)
{
    char buf[256];
    fprintf(f, "## 3. Projects\n\nProjects are started by an order (Belt and Road project, "
               "Pipeline investment, Connectivity corridor) that pays the whole capital at "
               "once; they complete after their building turns and then yield every "
               "Income step.\n\n");
    for (int p = 0; p < GG_PROJECTS; p++) {
        const gg_project_def *d = gg_project_def_get(p);
        buf[0] = '\0';
        for (int s = 0; s < GG_SEATS; s++)
            if (d->builders & (1 << s)) {
                size_t len = strlen(buf);
                snprintf(buf + len, sizeof buf - len, "%s%s", len ? " or " : "", seat_title(s));
            }
        fprintf(f, "#### %s (`%s`)\n\n- **Built by** %s in %d turns for %d capital\n", d->name,
                d->id, buf, d->turns, d->cost);
        fprintf(f, "- **On completion:** ");
        effects_md(f, d->on_done, GG_MAX_EFFECTS, -1);
        fprintf(f, "\n- **Every year after:** ");
        effects_md(f, d->yearly, 3, -1);
        fprintf(f, "\n\n%s\n\n*Source: %s*\n\n", d->text, d->source);
    }
}

static void accords_md(FILE *f)
{
    char buf[256];
    fprintf(f, "## 5. Accords\n\nAgreed through a deal's `accord` clause; the effects apply "
               "once on signing, and the accord stays in force for its turns.\n\n");
    for (int a = 0; a < GG_ACCORDS; a++) {
        const gg_accord_def *d = gg_accord_def_get(a);
        buf[0] = '\0';
        for (int s = 0; s < GG_SEATS; s++)
            if (d->parties & (1 << s)) {
                size_t len = strlen(buf);
                snprintf(buf + len, sizeof buf - len, "%s%s", len ? " and " : "", seat_title(s));
            }
        fprintf(f, "#### %s (`%s`)\n\n- **Parties:** %s; **in force:** %d turn%s\n", d->name, d->id,
                buf, d->turns, d->turns == 1 ? "" : "s");
        if (d->requires.kind != GG_IF_ALWAYS)
            fprintf(f, "- **Only if** %s\n", gg_rule_cond_text(&d->requires, buf, sizeof buf));
        fprintf(f, "- **On signing:** ");
        effects_md(f, d->on_sign, GG_MAX_EFFECTS, -1);
        fprintf(f, "\n\n%s\n\n*Source: %s*\n\n", d->text, d->source);
    }
}

static void responses_md(FILE *f)
{
    char buf[256];
    fprintf(f, "## 8. Crisis responses\n\nWhen unrest breaks out (stability 2 or less, or a "
               "crisis event), Kazakhstan chooses one [Mo22 L314; SO24 L113]:\n\n");
    for (int r = 0; r < GG_RESPONSES; r++) {
        const gg_response_def *d = gg_response_def_get(r);
        fprintf(f, "#### %s (`%s`)\n\n", d->name, d->id);
        if (d->requires.kind != GG_IF_ALWAYS)
            fprintf(f, "- **Only if** %s\n", gg_rule_cond_text(&d->requires, buf, sizeof buf));
        fprintf(f, "- **Effects:** ");
        effects_md(f, d->effects, GG_MAX_EFFECTS, GG_KAZAKHSTAN);
        fprintf(f, "\n\n%s\n\n*Source: %s*\n\n", d->text, d->source);
    }
}

static void events_md(FILE *f)
{
    char buf[256];
    static const char *const eras[3] = {"2013-17", "2018-21", "2022-"};
    fprintf(f, "## 7. Events\n\nTime runs forward: every year draws one card from the deck of "
               "its era (2013-17, 2018-21, 2022-; a new era brings a new deck). Historical "
               "scenarios fire the events with a year at that year and draw only the what-if "
               "cards (no year); the classroom scenario may also draw its era's historical "
               "cards, never before their year. A card drawn out of its historical year is "
               "labelled **what if** wherever it is shown.\n\n");
    fprintf(f, "| Event | Year | Eras | Effects | Source |\n|---|---|---|---|---|\n");
    for (int i = 0; i < gg_event_count(); i++) {
        const gg_event_def *e = gg_event_def_get(i);
        fprintf(f, "| **%s** (`%s`)%s", e->name, e->id, e->crisis ? " — crisis step" : "");
        if (e->year)
            fprintf(f, " | %u", e->year);
        else
            fprintf(f, " | what if");
        fprintf(f, " | ");
        for (int k = 0, n = 0; k < 3; k++)
            if ((e->eras >> k) & 1)
                fprintf(f, "%s%s", n++ ? ", " : "", eras[k]);
        fprintf(f, " | ");
        if (e->requires.kind != GG_IF_ALWAYS)
            fprintf(f, "only if %s: ", gg_rule_cond_text(&e->requires, buf, sizeof buf));
        effects_md(f, e->effects, GG_MAX_EFFECTS, -1);
        fprintf(f, ". %s | %s |\n", e->text, e->source);
    }
    fprintf(f, "\n");
}

void gg__setting_text(const gg_setting *s, char *buf, size_t n)
{
    char tmp[96];
    switch (s->kind) {
    case GG_SET_INFLUENCE:
        snprintf(buf, n, "%s %s influence = %d", seat_title(s->a), gg_domain_name(s->b), s->value);
        break;
    case GG_SET_RESOURCE:
        snprintf(buf, n, "%s %s = %d", seat_title(s->a), gg_res_name(s->a, s->b), s->value);
        break;
    case GG_SET_INCOME:
        snprintf(buf, n, "%s %s income = %d a turn", seat_title(s->a), gg_res_name(s->a, s->b),
                 s->value);
        break;
    case GG_SET_TRACK:
        snprintf(buf, n, "%s = %d", gg_track_name(s->a), s->value);
        break;
    case GG_SET_GLOBAL:
        snprintf(buf, n, "%s = %d", gg_global_name(s->a), s->value);
        break;
    case GG_SET_ROUTE:
        snprintf(buf, n, "%s route = %d units", gg_route_name(s->a), s->value);
        break;
    case GG_SET_INSTITUTIONS:
        tmp[0] = '\0';
        for (int b = 0; b < 5; b++)
            if (s->value & (1 << b)) {
                size_t len = strlen(tmp);
                snprintf(tmp + len, sizeof tmp - len, "%s%s", len ? ", " : "", inst_name(1 << b));
            }
        snprintf(buf, n, "Kazakhstan is in: %s", tmp);
        break;
    case GG_SET_EAEU_LEVEL:
        snprintf(buf, n, "EAEU integration steps = %d", s->value);
        break;
    case GG_SET_PROJECT_DONE: {
        const gg_project_def *p = gg_project_def_get(s->a);
        snprintf(buf, n, "%s completed (owner %s)", p ? p->name : "?", seat_title(s->b));
        break;
    }
    case GG_SET_PAR:
        snprintf(buf, n, "%s par = %d VP", seat_title(s->a), s->value);
        break;
    default:
        snprintf(buf, n, "?");
        break;
    }
}

static void settings_md(FILE *f, const gg_setting *s)
{
    char buf[160];
    for (; s && s->kind != GG_SET_END; s++) {
        gg__setting_text(s, buf, sizeof buf);
        fprintf(f, "| %s | %s |\n", buf, s->source ? s->source : "");
    }
}

static void scenarios_md(FILE *f)
{
    fprintf(f, "## 10. Scenarios\n\n");
    for (int i = 0; i < gg_scenario_count(); i++) {
        const gg_scenario_def *sc = gg_scenario_def_get(i);
        fprintf(f, "### %s (`%s`)\n\n%s *Source: %s*\n\n", sc->name, sc->id, sc->text, sc->source);
        fprintf(f, "- Starts in %u, %u turns; actions: %s; events: %s.\n\n", sc->start_year,
                sc->turns, sc->tier == 0 ? "basic tier only" : "the full catalogue",
                sc->scripted ? "historical ones at their years plus one drawn card a year"
                             : "one drawn card a year");
        fprintf(f, "| Starting value | Source |\n|---|---|\n");
        settings_md(f, sc->settings);
        if (sc->overrides) {
            fprintf(f, "| *then, overriding:* | |\n");
            settings_md(f, sc->overrides);
        }
        settings_md(f, sc->pars);
        fprintf(f, "\n");
    }
}

int gg_rulebook_write(FILE *f)
{
    fputs(intro, f);
    turn_md(f);
    fputs(resources_text, f);
    projects_md(f);
    fprintf(f, "## 4. Actions\n\nCosts are paid at resolution. The classroom scenario uses "
               "only the basic tier.\n\n");
    for (int seat = 0; seat <= GG_SEATS; seat++) {
        fprintf(f, "### %s\n\n", seat < GG_SEATS ? gg__seat_cap(seat) : "Any seat");
        for (int a = 0; a < GG_ACTIONS; a++)
            if (gg_action_def_get(a)->seat == seat)
                action_md(f, a);
    }
    accords_md(f);
    fputs(deals_text, f);
    events_md(f);
    responses_md(f);
    victory_md(f);
    scenarios_md(f);
    gg__evidence_md(f);
    fprintf(f, "---\nRules version %d.\n", GG_RULES_VERSION);
    fflush(f);
    return ferror(f) ? -1 : 0;
}
