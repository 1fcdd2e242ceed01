/* briefing.c — role briefings (GAME_DESIGN.md §11) and the evidence: the
 * quote beside each citation (GAME_DESIGN.md §13) in briefings, the
 * debrief and RULES.md's last section. */
#include <string.h>

#include "arena.h"

void gg__cite_md(FILE *f, const char *source)
{
    fprintf(f, "[%s]", source);
    const gg_quote *q = gg_source_quote(source);
    if (q)
        fprintf(f, " — *\"%s\"* (%s L%d)", q->text, q->paper, q->line);
}

void gg__evidence_md(FILE *f)
{
    fprintf(f, "## 11. The evidence\n\nThe papers, and the words at every line a rule cites "
               "(a test checks each quote against its paper).\n\n");
    for (int k = 0; k < gg_paper_count(); k++) {
        const gg_paper *p = gg_paper_get(k);
        fprintf(f, "### %s: %s\n\n", p->key, p->title);
        for (int i = 0; i < gg_quote_count(); i++) {
            const gg_quote *q = gg_quote_get(i);
            if (!strcmp(q->paper, p->key))
                fprintf(f, "- L%d: \"%s\"\n", q->line, q->text);
        }
        fprintf(f, "\n");
    }
}

/* ---- Role briefings (GAME_DESIGN.md §11) ------------------------------ */

/* One seat's starting values in a scenario, found in its settings. */
static int start_value(const gg_scenario_def *sc, int kind, int a, int b, int fallback)
{
    int v = fallback;
    for (int pass = 0; pass < 2; pass++)
        for (const gg_setting *s = pass ? sc->overrides : sc->settings; s && s->kind != GG_SET_END;
             s++)
            if (s->kind == kind && s->a == a && s->b == b)
                v = s->value;
    return v;
}

int gg_briefing_write(FILE *f, int seat, int scenario)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    if (!sc || seat < 0 || seat >= GG_SEATS)
        return -1;
    char buf[512];
    fprintf(f,
            "# Role briefing: %s\n\n*%s, %d turns from %u. Generated from the rule tables; "
            "every rule cites the paper line it comes from (RULES.md has them all).*\n\n",
            gg__seat_cap(seat), sc->name, sc->turns, sc->start_year);

    fprintf(f,
            "## What you want\n\nYour victory points (added every %d turns and at the end; "
            "you win with the highest score relative to your par):\n\n",
            GG_SCORING_EVERY);
    int n;
    const gg_vp_term *t = gg_vp_terms(seat, &n);
    for (int i = 0; i < n; i++) {
        gg__vp_term_text(&t[i], buf, sizeof buf);
        fprintf(f, "- %s ", buf);
        gg__cite_md(f, t[i].source);
        fputc('\n', f);
    }

    /* What the player sees at the first orders: the scenario's values
     * after turn 1's News and Income. The drawn news card varies with the
     * seed, so the usual value over 64 seeds is shown, with the range when
     * the news can change it. */
    int lo[GG_RES_KINDS], hi[GG_RES_KINDS], seen[GG_RES_KINDS][GG_KZ_BUDGET_CAP + 1];
    memset(seen, 0, sizeof seen);
    for (uint64_t seed = 1; seed <= 64; seed++) {
        gg_state s;
        if (gg_init(&s, scenario, seed, NULL) != 0)
            return -1;
        for (int r = 0; r < GG_RES_KINDS; r++) {
            int cap = gg_res_cap(seat, r);
            int v = s.res[seat][r] < 0 ? 0 : s.res[seat][r] > cap ? cap : s.res[seat][r];
            if (seed == 1 || v < lo[r])
                lo[r] = v;
            if (seed == 1 || v > hi[r])
                hi[r] = v;
            seen[r][v]++;
        }
    }
    fprintf(f,
            "\n## What you start with\n\nAt your first orders, after the first year's news "
            "and income (unspent points carry over up to %d%s):\n\n",
            GG_RES_CAP, seat == GG_KAZAKHSTAN ? ", budget up to " GG_STR(GG_KZ_BUDGET_CAP) : "");
    for (int r = 0; r < GG_RES_KINDS; r++) {
        int usual = lo[r];
        for (int v = lo[r]; v <= hi[r]; v++)
            if (seen[r][v] > seen[r][usual])
                usual = v;
        fprintf(f, "- %s: %d", gg_res_name(seat, r), usual);
        if (lo[r] != hi[r])
            fprintf(f, " (%d-%d, depending on the year's news)", lo[r], hi[r]);
        fprintf(f, "; base income +%d a turn\n", start_value(sc, GG_SET_INCOME, seat, r, 0));
    }
    if (seat < GG_POWERS) {
        fprintf(f, "- influence:");
        for (int d = 0; d < GG_DOMAINS; d++)
            fprintf(f, " %s %d%s", gg_domain_name(d), start_value(sc, GG_SET_INFLUENCE, seat, d, 0),
                    d + 1 < GG_DOMAINS ? "," : "\n");
    } else {
        fprintf(f,
                "- budget income comes from oil export routes: open route units x (oil price "
                "+ 1) / %d\n",
                GG_OIL_DIVISOR);
    }

    fprintf(f, "\n## Your levers\n\n");
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        if ((d->seat != seat && d->seat != GG_SEATS) || d->tier > sc->tier)
            continue;
        gg__cost_text(d, seat, buf, sizeof buf);
        fprintf(f, "- **%s** (`%s`; %s%s): %s ", d->name, d->id, buf,
                d->flags & GG_AF_CONSENT ? "; needs Kazakhstan's consent" : "", d->text);
        gg__cite_md(f, d->source);
        fputc('\n', f);
    }

    fprintf(f, "\n## Deals you can make\n\n");
    if (seat == GG_KAZAKHSTAN)
        fprintf(f, "- Your **consent** is your leverage: the powers' projects, loans, bases and "
                   "deals on Kazakh soil need it, and you may ask a fee [HB20 L309; SO24 L101].\n");
    for (int a = 0; a < GG_ACCORDS; a++) {
        const gg_accord_def *d = gg_accord_def_get(a);
        if ((d->parties >> seat) & 1) {
            fprintf(f, "- Accord **%s** (`%s`): %s ", d->name, d->id, d->text);
            gg__cite_md(f, d->source);
            fputc('\n', f);
        }
    }
    fprintf(f, "- Transfers, consents for a fee, joint projects and pledges with any seat "
               "(RULES.md section 6).\n");
    if (seat == GG_KAZAKHSTAN) {
        fprintf(f,
                "\n## When unrest breaks out\n\nIf stability falls to %d or less you choose "
                "a response:\n\n",
                GG_UNREST_STABILITY);
        for (int r = 0; r < GG_RESPONSES; r++) {
            const gg_response_def *d = gg_response_def_get(r);
            fprintf(f, "- **%s**: %s ", d->name, d->text);
            gg__cite_md(f, d->source);
            fputc('\n', f);
        }
    }
    fprintf(f, "\n");
    fflush(f);
    return ferror(f) ? -1 : 0;
}
