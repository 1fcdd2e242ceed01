/* margins.c — gg-arena --margins and --par-curve: the running margin
 * (gg_margin = vp_now - par_now, what the score strip shows) by turn over a
 * run of games, and the par curve fitted from the same games: for every
 * turn and seat, the share of the final VP a seat holds "as if scored now"
 * at the start of that turn (per mille of its mean final VP), made
 * non-decreasing and at most 1000 so the par so far a class reads never
 * falls and never passes the whole par. The par curve
 * in rules/catalog_par_curves.c is written by scripts/fit-par-curves.sh
 * from --par-curve (BALANCE.md, "The running margin"). */
#include <stdio.h>
#include <string.h>

#include "arena.h"

void gg_arena_margins_add(gg_arena_margins *m, const gg_arena_game *g)
{
    m->games++;
    double losers_final = 0;
    for (int s = 0; s < GG_SEATS; s++) {
        m->final_vp[s] += g->result.vp[s];
        m->final_margin[s] += g->result.relative[s];
        if (s == g->result.winner)
            m->winner_final += g->result.relative[s];
        else
            losers_final += g->result.relative[s];
    }
    m->losers_final += losers_final / (GG_SEATS - 1);
    for (int t = 0; t < g->turns && t < GG_MAX_TURNS; t++) {
        m->n[t]++;
        if (t + 1 > m->turns)
            m->turns = t + 1;
        double losers = 0;
        for (int s = 0; s < GG_SEATS; s++) {
            int margin = g->vp_now[t][s] - g->par_now[t][s];
            m->vp[t][s] += g->vp_now[t][s];
            m->margin[t][s] += margin;
            if (s == g->result.winner)
                m->winner[t] += margin;
            else
                losers += margin;
        }
        m->losers[t] += losers / (GG_SEATS - 1);
    }
}

int gg_arena_margins_print(FILE *f, const gg_arena_margins *m, int scenario)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    if (!sc || !m->games)
        return -1;
    fprintf(f,
            "Mean running margin (vp_now - par_now at the start of each turn) over %llu games "
            "of %s\n\n| year | winner | losers | China | Russia | the West | Kazakhstan |\n"
            "|---|---|---|---|---|---|---|\n",
            (unsigned long long)m->games, sc->id);
    for (int t = 0; t < m->turns; t++) {
        double n = m->n[t] ? (double)m->n[t] : 1;
        fprintf(f, "| %d | %+.1f | %+.1f |", sc->start_year + t, m->winner[t] / n,
                m->losers[t] / n);
        for (int s = 0; s < GG_SEATS; s++)
            fprintf(f, " %+.1f |", m->margin[t][s] / n);
        fputc('\n', f);
    }
    double g = (double)m->games;
    fprintf(f, "| final margin | %+.1f | %+.1f |", m->winner_final / g, m->losers_final / g);
    for (int s = 0; s < GG_SEATS; s++)
        fprintf(f, " %+.1f |", m->final_margin[s] / g);
    fputc('\n', f);
    fprintf(f, "| final | | |");
    for (int s = 0; s < GG_SEATS; s++)
        fprintf(f, " VP %.1f |", m->final_vp[s] / g);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

/* "gg__par_curve_<id with - as _>": the array's C name. */
static void curve_name(const char *id, char *buf, size_t n)
{
    snprintf(buf, n, "gg__par_curve_%s", id);
    for (char *p = buf; *p; p++)
        if (*p == '-')
            *p = '_';
}

/* Replaces v[0..n) (weights w) by its closest non-decreasing sequence in
 * least squares: pool adjacent violators, merging each block that falls
 * below the one before into their weighted mean. */
static void monotone_fit(double *v, const double *w, int n)
{
    double mean[GG_MAX_TURNS], weight[GG_MAX_TURNS];
    int len[GG_MAX_TURNS], blocks = 0;
    for (int i = 0; i < n; i++) {
        mean[blocks] = v[i];
        weight[blocks] = w[i] > 0 ? w[i] : 1;
        len[blocks] = 1;
        blocks++;
        while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
            double sum =
                mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1];
            weight[blocks - 2] += weight[blocks - 1];
            mean[blocks - 2] = sum / weight[blocks - 2];
            len[blocks - 2] += len[blocks - 1];
            blocks--;
        }
    }
    for (int b = 0, i = 0; b < blocks; b++)
        for (int k = 0; k < len[b]; k++)
            v[i++] = mean[b];
}

int gg_arena_par_curve_fit(const gg_arena_margins *m, int16_t curve[][GG_SEATS])
{
    if (!m->games || m->turns < 1 || m->turns > GG_MAX_TURNS)
        return -1;
    for (int t = 0; t < m->turns; t++)
        if (!m->n[t])
            return -1;
    for (int s = 0; s < GG_SEATS; s++) {
        double fin = m->final_vp[s] / (double)m->games;
        double v[GG_MAX_TURNS], w[GG_MAX_TURNS];
        for (int t = 0; t < m->turns; t++) {
            v[t] = fin > 0 ? 1000.0 * (m->vp[t][s] / (double)m->n[t]) / fin : 1000;
            w[t] = (double)m->n[t];
        }
        monotone_fit(v, w, m->turns);
        for (int t = 0; t < m->turns; t++) {
            long x = (long)(v[t] + 0.5);
            curve[t][s] = (int16_t)(x < 1 ? 1 : x > 1000 ? 1000 : x);
        }
    }
    return 0;
}

int gg_arena_par_curve_print(FILE *f, const gg_arena_margins *m, int scenario, const char *how)
{
    const gg_scenario_def *sc = gg_scenario_def_get(scenario);
    int16_t curve[GG_MAX_TURNS][GG_SEATS];
    if (!sc || m->turns != sc->turns || gg_arena_par_curve_fit(m, curve) != 0)
        return -1;
    char name[64];
    curve_name(sc->id, name, sizeof name);
    fprintf(f, "/* %s, fitted by\n * %s */\nconst int16_t %s[%d][GG_SEATS] = {\n", sc->id, how,
            name, sc->turns);
    for (int t = 0; t < m->turns; t++) {
        fprintf(f, "    {");
        for (int s = 0; s < GG_SEATS; s++)
            fprintf(f, "%s%d", s ? ", " : "", curve[t][s]);
        fprintf(f, "}, /* %d */\n", sc->start_year + t);
    }
    fprintf(f, "};\n");
    return ferror(f) ? -1 : 0;
}
