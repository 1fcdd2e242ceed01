/* main.c — gg-arena: headless bot games, the rulebook and rule catalogue,
 * and the scripted historical line. See --help. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "describe.h"

#define EXIT_USAGE 2
#define PROG "gg-arena"
#define DEFAULT_SCENARIO "belt-and-road"
#define DEFAULT_BOTS "greedy"
#define DEFAULT_GAMES 100
#define DEFAULT_SEED 1

enum {
    OPT_SCENARIO = 256,
    OPT_GAMES,
    OPT_SEED,
    OPT_BOTS,
    OPT_BINDING,
    OPT_JSON,
    OPT_CSV,
    OPT_PARS,
    OPT_PLAY_PARS,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_HISTORY,
    OPT_DUMP_RULES,
    OPT_RULEBOOK,
    OPT_REPLAY,
    OPT_BRIEFING,
    OPT_DEBRIEF,
    OPT_HONESTY,
    OPT_TRANSCRIPT,
    OPT_MARGINS,
    OPT_PAR_CURVE,
    OPT_TURNS,
};

static const gg_opt options[] = {
    {"scenario", OPT_SCENARIO, "NAME", "the scenario (default " DEFAULT_SCENARIO "; listed below)"},
    {"games", OPT_GAMES, "N", "number of games (default " GG_STR(DEFAULT_GAMES) "; 1..100000000)"},
    {"seed", OPT_SEED, "S",
     "run seed (default " GG_STR(
         DEFAULT_SEED) "); game i uses the (i+1)-th output of\n"
                       "SplitMix64 started at S (same seed -> same digest)"},
    {"bots", OPT_BOTS, "LIST",
     "random | greedy[:plain] | mcts[:K:R] | negotiator[:mcts[:K:R]],\n"
     "one name for every seat or four comma-separated in seat order\n"
     "china,russia,west,kazakhstan (default " DEFAULT_BOTS "); mcts plays K\n"
     "candidate order sets, R rollouts each (default 4:8, the strength\n"
     "the pars are fitted on; BALANCE.md section 0)"},
    {"honesty", OPT_HONESTY, "H",
     "honest (default) | opportunist: whether negotiator bots\n"
     "break a non-binding promise when it pays"},
    {"transcript", OPT_TRANSCRIPT, "FILE",
     "write every negotiation move (proposals, answers,\n"
     "counter-offers, each with its reason) as JSON lines"},
    {"turns", OPT_TURNS, "N",
     "shortened games: N turns, 1..the scenario's length (default\n"
     "the whole scenario); ranked against the par for the length\n"
     "(the par x the curve where the game ends), the running margin\n"
     "reading the whole game's curve turn for turn"},
    {"binding", OPT_BINDING, NULL,
     "binding deals (the engine executes transfers and rejects\n"
     "pledge-breaking orders); default non-binding"},
    {"json", OPT_JSON, NULL, "print one JSON object instead of the tables"},
    {"csv", OPT_CSV, "FILE",
     "write one row per game (seed, winner, end reason, turns,\n"
     "vp and relative vp per seat, final state hash)"},
    {"pars", OPT_PARS, "A,B,C,D",
     "rank games with these VP pars (china,russia,west,\n"
     "kazakhstan) instead of the scenario's: a what-if for tuning\n"
     "pars; the digest and the engine's results are unchanged"},
    {"play-pars", OPT_PLAY_PARS, "A,B,C,D",
     "play every game against these whole-scenario VP pars\n"
     "(china,russia,west,kazakhstan; each -" GG_STR(GG_PAR_LIMIT) ".." GG_STR(
         GG_PAR_LIMIT) ") instead\n"
                       "of the scenario's, set right after the game starts: the\n"
                       "running score, the bots (greedy's race, mcts) and the result\n"
                       "read them, so the games differ (balance tuning without a\n"
                       "rebuild; BALANCE.md). With --turns they scale to the length\n"
                       "as the scenario's do. The scenario's own pars give the run\n"
                       "without the flag exactly. Not with --pars"},
    {"progress", OPT_PROGRESS, NULL, "progress bar on stderr (default: only if stderr is a TTY)"},
    {"no-progress", OPT_NO_PROGRESS, NULL, "never draw the progress bar"},
    {"history", OPT_HISTORY, NULL,
     "play --scenario's scripted historical line (its years to\n"
     "2024, from its own start) and print every year's tracks,\n"
     "influence and routes (with --json: a JSON array)"},
    {"dump-rules", OPT_DUMP_RULES, NULL, "print the whole rule catalogue as JSON"},
    {"rulebook", OPT_RULEBOOK, NULL, "print RULES.md, the player's rulebook (Markdown)"},
    {"replay", OPT_REPLAY, "FILE",
     "re-simulate a replay file exported by gg-server and check every\n"
     "turn's state hash (exit 1 naming the first divergent turn)"},
    {"briefing", OPT_BRIEFING, "SEAT",
     "the role briefing of a seat (china, russia, west, kazakhstan)\n"
     "for --scenario, as Markdown (hand one to each team)"},
    {"debrief", OPT_DEBRIEF, NULL,
     "with --replay: write the classroom debrief as Markdown (result,\n"
     "timeline charts, against history, every turn with its sources,\n"
     "the deal ledger); with --json: the debrief data gg-server sends\n"
     "(PROTOCOL.md, The debrief), the browser's debrief page reads it"},
    {"margins", OPT_MARGINS, NULL,
     "print the mean running margin (vp_now - par_now, the score\n"
     "strip) at the start of each year: the eventual winner, the\n"
     "others and each seat (BALANCE.md, The running margin)"},
    {"par-curve", OPT_PAR_CURVE, NULL,
     "print --scenario's par curve fitted on these games as the C\n"
     "array rules/catalog_par_curves.c holds (scripts/fit-par-curves.sh)"},
    {"help", 'h', NULL, "this text"},
    {NULL, 0, NULL, NULL},
};

static void usage(FILE *f)
{
    fputs("usage: gg-arena [options]\n"
          "\n"
          "Runs seeded games between reference bots, in process, and reports wins,\n"
          "victory points, end reasons and action usage.\n"
          "\n",
          f);
    gg_opt_help(f, options);
    char scenarios[256];
    fprintf(f, "\nscenarios: %s", gg_describe_scenarios(scenarios, sizeof scenarios));
    fputs("\n\nExit status: 0 ok, 1 a bot move was refused by the engine or a write failed,\n"
          "2 bad arguments.\n",
          f);
}

static int bad_arg(const char *arg, const char *value, const char *valid)
{
    fprintf(stderr, "gg-arena: invalid value '%s' for %s; valid: %s (see --help)\n",
            value ? value : "(missing)", arg, valid);
    return EXIT_USAGE;
}

/* Splits "a" or "a,b,c,d" into per-seat strategy names in bufs. */
static int parse_bots(const char *list, char bufs[GG_SEATS][32], const char *names[GG_SEATS])
{
    const char *p = list;
    int n = 0;
    while (n < GG_SEATS) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0 || len >= 32)
            return -1;
        memcpy(bufs[n], p, len);
        bufs[n][len] = '\0';
        gg_bot probe;
        if (gg_bot_init(&probe, bufs[n], n, 0) != 0)
            return -1;
        names[n] = bufs[n];
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (n == 1)
        for (int i = 1; i < GG_SEATS; i++)
            names[i] = names[0];
    else if (n != GG_SEATS || strchr(p, ','))
        return -1;
    return 0;
}

/* Parses four comma-separated integers. */
static int parse_pars(const char *s, int pars[GG_SEATS])
{
    for (int i = 0; i < GG_SEATS; i++) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (end == s || errno || v < -GG_PAR_LIMIT || v > GG_PAR_LIMIT)
            return -1;
        pars[i] = (int)v;
        if (i < GG_SEATS - 1) {
            if (*end != ',')
                return -1;
            s = end + 1;
        } else if (*end) {
            return -1;
        }
    }
    return 0;
}

/* Re-ranks a finished game with other pars, as gg_result_get ranks:
 * relative VP, then VP, then seat order; Kazakhstan last when the game
 * ended on sovereignty 0. */
static void rerank(gg_result *r, const int pars[GG_SEATS])
{
    int best = -1;
    for (int s = 0; s < GG_SEATS; s++) {
        r->relative[s] = (int16_t)(r->vp[s] - pars[s]);
        if (r->reason == GG_END_SOVEREIGNTY && s == GG_KAZAKHSTAN)
            continue;
        if (best < 0 || r->relative[s] > r->relative[best] ||
            (r->relative[s] == r->relative[best] && r->vp[s] > r->vp[best]))
            best = s;
    }
    r->winner = (uint8_t)best;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(uint64_t done, uint64_t total)
{
    int width = 40, fill = (int)(done * (uint64_t)width / (total ? total : 1));
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %" PRIu64 "/%" PRIu64, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

typedef struct totals {
    uint64_t wins[GG_SEATS];
    uint64_t ends[5];
    int64_t vp[GG_SEATS], rel[GG_SEATS];
    uint64_t crises;                   /* crisis steps */
    uint64_t decided_by[GG_TIEBREAKS]; /* games each ranking criterion decided */
    uint64_t turns;                    /* turns played (each seat plays every turn) */
    uint64_t at_cap[GG_SEATS];         /* seat-turns begun with a resource at its cap */
    uint64_t at_cap_res[GG_SEATS][GG_RES_KINDS];
    uint64_t digest;
    gg_bot_stats st;
} totals;

static const char *const end_keys[5] = {"none", "last_turn", "escalation", "sovereignty",
                                        "moderator"};

static void print_json(const char *scenario, uint64_t games, uint64_t seed,
                       const char *const bots[GG_SEATS], int binding, int honesty, const int *pars,
                       const int16_t played[GG_SEATS], int play_override, const totals *t,
                       double secs)
{
    printf("{\"scenario\":");
    gg_json_str(stdout, scenario);
    printf(",\"games\":%" PRIu64 ",\"seed\":%" PRIu64 ",\"bots\":[", games, seed);
    for (int i = 0; i < GG_SEATS; i++) {
        printf(i ? "," : "");
        gg_json_str(stdout, bots[i]);
    }
    printf("],\"binding\":%s,\"pars\":", binding ? "true" : "false");
    if (pars)
        printf("[%d,%d,%d,%d]", pars[0], pars[1], pars[2], pars[3]);
    else
        printf("null");
    /* The whole-scenario pars the games were played against. */
    printf(",\"play_pars\":[%d,%d,%d,%d],\"play_pars_from\":\"%s\"", played[0], played[1],
           played[2], played[3], play_override ? "--play-pars" : "scenario");
    printf(",\"wins\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%" PRIu64, i ? "," : "", gg_seat_name(i), t->wins[i]);
    printf("},\"win_rate\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%.4f", i ? "," : "", gg_seat_name(i),
               games ? (double)t->wins[i] / (double)games : 0.0);
    printf("},\"crises\":%" PRIu64 ",\"end_reasons\":{", t->ends[GG_END_ESCALATION]);
    for (int r = 1; r < 5; r++)
        printf("%s\"%s\":%" PRIu64, r > 1 ? "," : "", end_keys[r], t->ends[r]);
    printf("},\"unrest_steps\":%" PRIu64 ",\"digest\":\"%016" PRIx64 "\"", t->crises, t->digest);
    printf(",\"seconds\":%.3f,\"games_per_second\":%.1f", secs,
           secs > 0 ? (double)games / secs : 0.0);
    printf(",\"mean_vp\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%.3f", i ? "," : "", gg_seat_name(i),
               games ? (double)t->vp[i] / (double)games : 0.0);
    printf("},\"mean_relative\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%.3f", i ? "," : "", gg_seat_name(i),
               games ? (double)t->rel[i] / (double)games : 0.0);
    printf("},\"action_use\":{");
    uint64_t seat_turns_all = 0;
    for (int s = 0; s < GG_SEATS; s++)
        seat_turns_all += t->st.seat_turns[s];
    for (int a = 0; a < GG_ACTIONS; a++) {
        uint64_t n = 0;
        for (int s = 0; s < GG_SEATS; s++)
            n += t->st.action_use[s][a];
        printf("%s\"%s\":%" PRIu64, a ? "," : "", gg_action_def_get(a)->id, n);
    }
    /* Share of the owning seat's seat-turns in which the action was chosen
     * (transfer: of all seat-turns). */
    printf("},\"action_share\":{");
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        uint64_t n = 0, den = d->seat < GG_SEATS ? t->st.seat_turns[d->seat] : seat_turns_all;
        for (int s = 0; s < GG_SEATS; s++)
            n += t->st.action_use[s][a];
        printf("%s\"%s\":%.4f", a ? "," : "", d->id, den ? (double)n / (double)den : 0.0);
    }
    printf("},\"seat_turns\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%" PRIu32, i ? "," : "", gg_seat_name(i), t->st.seat_turns[i]);
    printf("},\"crisis_responses\":{");
    for (int r = 0; r < GG_RESPONSES; r++)
        printf("%s\"%s\":%" PRIu32, r ? "," : "", gg_response_def_get(r)->id, t->st.responses[r]);
    printf("},\"proposals\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%" PRIu32, i ? "," : "", gg_seat_name(i), t->st.proposals[i]);
    /* Per seat: deals proposed (counter-offers included), of which counters,
     * and accepted by every party; promises kept and broken (the engine's
     * ledger at each game's end); proposals per game and accepted share. */
    printf("},\"deals\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":{\"proposed\":%" PRIu32 ",\"counters\":%" PRIu32 ",\"accepted\":%" PRIu32
               ",\"kept\":%" PRIu32 ",\"broken\":%" PRIu32
               ",\"proposed_per_game\":%.3f,\"accepted_share\":%.4f}",
               i ? "," : "", gg_seat_name(i), t->st.proposals[i], t->st.counters[i],
               t->st.accepted[i], t->st.kept[i], t->st.broken[i],
               games ? (double)t->st.proposals[i] / (double)games : 0.0,
               t->st.proposals[i] ? (double)t->st.accepted[i] / (double)t->st.proposals[i] : 0.0);
    printf("},\"honesty\":");
    gg_json_str(stdout, gg_honesty_name(honesty));
    printf(",\"talk_digest\":\"%016" PRIx64 "\"", t->st.talk_digest);
    printf(",\"deals_accepted\":%" PRIu32 ",\"accords\":{", t->st.deals_accepted);
    for (int a = 0; a < GG_ACCORDS; a++)
        printf("%s\"%s\":%" PRIu32, a ? "," : "", gg_accord_def_get(a)->id, t->st.accords[a]);
    /* What separated the winner from the runner-up (the engine's ranking;
     * --pars re-ranks by margin only). */
    printf("},\"decided_by\":{");
    for (int k = 0; k < GG_TIEBREAKS; k++)
        printf("%s\"%s\":%" PRIu64, k ? "," : "", gg_tiebreak_def_get(k)->id, t->decided_by[k]);
    /* Share of each seat's turns begun (after Income) with a resource at
     * the carry-over cap: any resource, and per resource. */
    printf("},\"at_cap_share\":{");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%s\"%s\":%.4f", i ? "," : "", gg_seat_name(i),
               t->turns ? (double)t->at_cap[i] / (double)t->turns : 0.0);
    printf("},\"at_cap_resource_share\":{");
    for (int i = 0; i < GG_SEATS; i++) {
        printf("%s\"%s\":{", i ? "," : "", gg_seat_name(i));
        for (int r = 0; r < GG_RES_KINDS; r++)
            printf("%s\"%s\":%.4f", r ? "," : "", gg_res_name(i, r),
                   t->turns ? (double)t->at_cap_res[i][r] / (double)t->turns : 0.0);
        printf("}");
    }
    printf("},\"bot_errors\":%" PRIu32 "}\n", t->st.errors);
}

static void print_table(const char *scenario, uint64_t games, uint64_t seed,
                        const char *const bots[GG_SEATS], const int16_t played[GG_SEATS],
                        int play_override, const totals *t, double secs)
{
    printf("scenario %s, %" PRIu64 " games, seed %" PRIu64 "\n", scenario, games, seed);
    printf("played against pars %d / %d / %d / %d (%s)\n\n", played[0], played[1], played[2],
           played[3], play_override ? "--play-pars" : "the scenario's");
    printf("%-11s %-10s %8s %7s %9s %9s\n", "seat", "bot", "wins", "win%", "mean VP", "mean rel");
    for (int i = 0; i < GG_SEATS; i++)
        printf("%-11s %-10s %8" PRIu64 " %6.1f%% %9.2f %9.2f\n", gg_seat_name(i), bots[i],
               t->wins[i], games ? 100.0 * (double)t->wins[i] / (double)games : 0.0,
               games ? (double)t->vp[i] / (double)games : 0.0,
               games ? (double)t->rel[i] / (double)games : 0.0);
    printf("\nends: last_turn %" PRIu64 ", escalation %" PRIu64 ", sovereignty %" PRIu64
           "; unrest steps %" PRIu64 "; deals accepted %" PRIu32 "\n",
           t->ends[GG_END_LAST_TURN], t->ends[GG_END_ESCALATION], t->ends[GG_END_SOVEREIGNTY],
           t->crises, t->st.deals_accepted);
    printf("\ndeals per seat: proposed (counters) accepted kept broken\n");
    for (int i = 0; i < GG_SEATS; i++)
        printf("  %-11s %8" PRIu32 " (%" PRIu32 ") %8" PRIu32 " %6" PRIu32 " %6" PRIu32 "\n",
               gg_seat_name(i), t->st.proposals[i], t->st.counters[i], t->st.accepted[i],
               t->st.kept[i], t->st.broken[i]);
    printf("\naction use (share of the seat's turns):\n");
    for (int a = 0; a < GG_ACTIONS; a++) {
        const gg_action_def *d = gg_action_def_get(a);
        uint64_t n = 0, den = 0;
        for (int s = 0; s < GG_SEATS; s++) {
            n += t->st.action_use[s][a];
            if (d->seat == GG_SEATS || d->seat == s)
                den += t->st.seat_turns[s];
        }
        printf("  %-11s %-24s %6.1f%%\n", d->seat < GG_SEATS ? gg_seat_name(d->seat) : "any", d->id,
               den ? 100.0 * (double)n / (double)den : 0.0);
    }
    printf("\ndecided by:");
    for (int k = 0; k < GG_TIEBREAKS; k++)
        printf(" %s %" PRIu64, gg_tiebreak_def_get(k)->id, t->decided_by[k]);
    printf("\nat a resource cap (share of seat-turns):");
    for (int i = 0; i < GG_SEATS; i++)
        printf(" %s %.1f%%", gg_seat_name(i),
               t->turns ? 100.0 * (double)t->at_cap[i] / (double)t->turns : 0.0);
    printf("\n");
    printf("\ndigest %016" PRIx64 ", %.3f s, %.1f games/s, bot errors %" PRIu32 "\n", t->digest,
           secs, secs > 0 ? (double)games / secs : 0.0, t->st.errors);
}

static int run_history(int scenario, int json)
{
    gg_history_row rows[32];
    char why[256];
    int n = gg_history_run(scenario, rows, 32, why, sizeof why);
    if (n < 0) {
        fprintf(stderr, "gg-arena: the historical script was refused by the engine: %s: %s (%s)\n",
                why, gg_strerror(n), gg_errname(n));
        return 1;
    }
    if (json) {
        gg_history_json(stdout, rows, n);
        return 0;
    }
    printf("%-5s %5s %5s %5s %5s %4s %4s %5s %5s %5s %-9s %-9s %-9s %-9s\n", "year", "stab", "sov",
           "sino", "ref", "esc", "trst", "north", "east", "casp", "economy", "security", "public",
           "elite");
    for (int i = 0; i < n; i++) {
        const gg_history_row *r = &rows[i];
        printf("%-4u%c %5u %5u %5u %5u %4u %4u %5u %5u %5u", r->year, r->estimate ? '*' : ' ',
               r->track[GG_STABILITY], r->track[GG_SOVEREIGNTY], r->track[GG_SINOPHOBIA],
               r->track[GG_REFORM], r->global[GG_ESCALATION], r->global[GG_TRUST],
               r->route[GG_NORTH], r->route[GG_EAST], r->route[GG_CASPIAN]);
        for (int d = 0; d < GG_DOMAINS; d++)
            printf(" %-9s", r->leader[d] >= 0 ? gg_seat_name(r->leader[d]) : "-");
        printf("\n");
    }
    for (int i = 0; i < n; i++)
        if (rows[i].estimate) {
            printf("* an estimate: the papers' data ends in 2023; the moves carry 2023's on\n");
            break;
        }
    return 0;
}

int main(int argc, char **argv)
{
    const char *scenario = DEFAULT_SCENARIO, *bots_arg = DEFAULT_BOTS, *csv_path = NULL;
    uint64_t games = DEFAULT_GAMES, seed = DEFAULT_SEED;
    int json = 0, binding = 0, want_progress = -1, history = 0, use_pars = 0;
    int margins = 0, par_curve = 0;
    uint64_t turns = 0;
    const char *turns_arg = NULL;
    static gg_arena_margins mg;
    int dump_rules = 0, rulebook = 0;
    int honesty = GG_HONESTY_HONEST;
    const char *transcript_path = NULL;
    const char *replay = NULL;
    int debrief = 0;
    const char *briefing = NULL;
    int pars[GG_SEATS] = {0};
    int play_override = 0;
    int play_pars[GG_SEATS] = {0};
    gg_opt_parser p;
    if (gg_opt_init(&p, options, PROG, argc, argv, 1) != 0)
        return EXIT_USAGE;
    const char *v;
    int key, rest = argc;
    while ((key = gg_opt_next(&p, &v, &rest)) != -1) {
        switch (key) {
        case 'h':
            usage(stdout);
            return 0;
        case OPT_SCENARIO:
            if (gg_scenario_find(v) < 0) {
                char scenarios[256];
                return bad_arg("--scenario", v, gg_describe_scenarios(scenarios, sizeof scenarios));
            }
            scenario = v;
            break;
        case OPT_GAMES:
            if (gg_parse_u64(v, &games) || games < 1 || games > 100000000)
                return bad_arg("--games", v, "an integer 1..100000000");
            break;
        case OPT_SEED:
            if (gg_parse_u64(v, &seed))
                return bad_arg("--seed", v, "an unsigned 64-bit integer (decimal or 0x hex)");
            break;
        case OPT_BOTS:
            bots_arg = v;
            break;
        case OPT_CSV:
            if (!*v)
                return bad_arg("--csv", v, "a file path");
            csv_path = v;
            break;
        case OPT_PARS:
            if (parse_pars(v, pars))
                return bad_arg("--pars", v,
                               "four comma-separated integers (china,russia,west,kazakhstan)");
            use_pars = 1;
            break;
        case OPT_PLAY_PARS:
            if (parse_pars(v, play_pars))
                return bad_arg("--play-pars", v,
                               "four comma-separated integers -" GG_STR(GG_PAR_LIMIT) ".." GG_STR(
                                   GG_PAR_LIMIT) " "
                                                 "(china,russia,west,kazakhstan)");
            play_override = 1;
            break;
        case OPT_HONESTY:
            if (gg_honesty_find(v) < 0)
                return bad_arg("--honesty", v, "honest, opportunist");
            honesty = gg_honesty_find(v);
            break;
        case OPT_TRANSCRIPT:
            if (!*v)
                return bad_arg("--transcript", v, "a file path");
            transcript_path = v;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_BINDING:
            binding = 1;
            break;
        case OPT_TURNS:
            if (gg_parse_u64(v, &turns) || turns < 1 || turns > 255)
                return bad_arg("--turns", v, "an integer 1..the scenario's length");
            turns_arg = v;
            break;
        case OPT_PROGRESS:
            want_progress = 1;
            break;
        case OPT_NO_PROGRESS:
            want_progress = 0;
            break;
        case OPT_HISTORY:
            history = 1;
            break;
        case OPT_MARGINS:
            margins = 1;
            break;
        case OPT_PAR_CURVE:
            par_curve = 1;
            break;
        case OPT_DUMP_RULES:
            dump_rules = 1;
            break;
        case OPT_RULEBOOK:
            rulebook = 1;
            break;
        case OPT_BRIEFING:
            if (gg_seat_find(v) < 0)
                return bad_arg("--briefing", v, "a seat: china, russia, west or kazakhstan");
            briefing = v;
            break;
        case OPT_DEBRIEF:
            debrief = 1;
            break;
        case OPT_REPLAY:
            replay = v;
            break;
        default:
            return EXIT_USAGE;
        }
    }
    if (rest < argc) {
        fprintf(stderr, "gg-arena: unexpected argument '%s' (see --help)\n", argv[rest]);
        return EXIT_USAGE;
    }
    if (dump_rules)
        return gg_rules_dump_json(stdout) == 0 ? 0 : 1;
    if (rulebook)
        return gg_rulebook_write(stdout) == 0 ? 0 : 1;
    if (briefing) {
        return gg_briefing_write(stdout, gg_seat_find(briefing), gg_scenario_find(scenario)) == 0
                   ? 0
                   : 1;
    }
    if (debrief && !replay) {
        fprintf(stderr, "gg-arena: --debrief goes with --replay FILE (see --help)\n");
        return EXIT_USAGE;
    }
    if (replay)
        return debrief ? gg_arena_debrief(replay, json, stdout)
                       : gg_arena_replay(replay, json, stdout);
    char bufs[GG_SEATS][32];
    const char *bots[GG_SEATS];
    if (parse_bots(bots_arg, bufs, bots))
        return bad_arg("--bots", bots_arg,
                       "random, greedy, greedy:plain, mcts, mcts:K:R (K 1..8, R 1..64) or "
                       "negotiator[:mcts[:K:R]], one name or four "
                       "comma-separated (china,russia,west,kazakhstan)");
    if (history)
        return run_history(gg_scenario_find(scenario), json);
    const gg_scenario_def *def = gg_scenario_def_get(gg_scenario_find(scenario));
    if (turns > def->turns) {
        char valid[96];
        snprintf(valid, sizeof valid, "an integer 1..%d (%s is %d turns long)", def->turns, def->id,
                 def->turns);
        return bad_arg("--turns", turns_arg, valid);
    }
    if (par_curve && turns && turns < def->turns) {
        fprintf(stderr, "gg-arena: --par-curve fits the whole scenario's curve: drop --turns (a "
                        "shortened game reads the same curve; see --help)\n");
        return EXIT_USAGE;
    }

    if (use_pars && play_override) {
        fprintf(stderr, "gg-arena: give --pars (re-rank finished games) or --play-pars (play the "
                        "games against them), not both (see --help)\n");
        return EXIT_USAGE;
    }
    int16_t played[GG_SEATS];
    gg_arena_scenario_pars(gg_scenario_find(scenario), played);
    if (play_override)
        for (int i = 0; i < GG_SEATS; i++)
            played[i] = (int16_t)play_pars[i];

    FILE *csv = NULL;
    if (csv_path) {
        csv = fopen(csv_path, "w");
        if (!csv) {
            fprintf(stderr, "gg-arena: cannot write --csv file '%s': %s\n", csv_path,
                    strerror(errno));
            return EXIT_USAGE;
        }
        fprintf(csv, "game,seed,winner,end_reason,turns");
        for (int i = 0; i < GG_SEATS; i++)
            fprintf(csv, ",vp_%s", gg_seat_name(i));
        for (int i = 0; i < GG_SEATS; i++)
            fprintf(csv, ",relative_%s", gg_seat_name(i));
        fprintf(csv, ",state_hash\n");
    }
    if (want_progress < 0)
        want_progress = isatty(2);
    gg_arena_transcript tr = {NULL, 0};
    if (transcript_path) {
        tr.f = fopen(transcript_path, "w");
        if (!tr.f) {
            fprintf(stderr, "gg-arena: cannot write --transcript file '%s': %s\n", transcript_path,
                    strerror(errno));
            if (csv)
                fclose(csv);
            return EXIT_USAGE;
        }
    }

    int sc = gg_scenario_find(scenario);
    gg_options opt = {.binding = (uint8_t)binding, .turns = (uint8_t)turns};
    totals t;
    memset(&t, 0, sizeof t);
    t.digest = GG_ARENA_FNV_INIT;
    if (tr.f) {
        t.st.talk = gg_arena_transcript_line;
        t.st.talk_ctx = &tr;
    }
    int failed = 0;
    uint64_t step = games / 200 ? games / 200 : 1;
    double t0 = now_seconds();
    for (uint64_t i = 0; i < games; i++) {
        gg_arena_game g;
        tr.game = i;
        int err = gg_arena_play_pars(sc, &opt, bots, honesty, play_override ? played : NULL,
                                     gg_arena_game_seed(seed, i), &g, &t.st);
        if (err && !failed) {
            fprintf(stderr, "gg-arena: game %" PRIu64 ": a bot move was refused: %s (%s)\n", i,
                    gg_strerror(err), gg_errname(err));
            failed = 1;
        }
        t.digest = gg_arena_fnv(t.digest, g.hash);
        gg_arena_margins_add(&mg, &g);
        if (use_pars)
            rerank(&g.result, pars);
        t.wins[g.result.winner]++;
        t.ends[g.result.reason < 5 ? g.result.reason : 0]++;
        t.crises += g.crises;
        t.decided_by[g.result.decided_by < GG_TIEBREAKS ? g.result.decided_by : GG_TB_DRAW]++;
        t.turns += g.turns;
        for (int s = 0; s < GG_SEATS; s++) {
            t.at_cap[s] += g.at_cap[s];
            for (int r = 0; r < GG_RES_KINDS; r++)
                t.at_cap_res[s][r] += g.at_cap_res[s][r];
        }
        for (int s = 0; s < GG_SEATS; s++) {
            t.vp[s] += g.result.vp[s];
            t.rel[s] += g.result.relative[s];
        }
        if (csv) {
            fprintf(csv, "%" PRIu64 ",%" PRIu64 ",%s,%s,%u", i, g.seed,
                    gg_seat_name(g.result.winner), gg_end_reason_name(g.result.reason), g.turns);
            for (int s = 0; s < GG_SEATS; s++)
                fprintf(csv, ",%d", g.result.vp[s]);
            for (int s = 0; s < GG_SEATS; s++)
                fprintf(csv, ",%d", g.result.relative[s]);
            fprintf(csv, ",%016" PRIx64 "\n", g.hash);
        }
        if (want_progress && ((i + 1) % step == 0 || i + 1 == games))
            progress(i + 1, games);
    }
    double secs = now_seconds() - t0;
    if (tr.f && fclose(tr.f) != 0) {
        fprintf(stderr, "gg-arena: writing --transcript file '%s' failed\n", transcript_path);
        failed = 1;
    }
    if (csv && fclose(csv) != 0) {
        fprintf(stderr, "gg-arena: writing --csv file '%s' failed\n", csv_path);
        failed = 1;
    }
    if (par_curve) {
        char how[160];
        snprintf(how, sizeof how,
                 "gg-arena --scenario %s --games %" PRIu64 " --seed %" PRIu64
                 " --bots %s --par-curve",
                 scenario, games, seed, bots_arg);
        if (gg_arena_par_curve_print(stdout, &mg, sc, how) != 0) {
            fprintf(stderr, "gg-arena: --par-curve needs games that reach every turn of %s\n",
                    scenario);
            return 1;
        }
    } else if (margins) {
        if (gg_arena_margins_print(stdout, &mg, sc) != 0)
            failed = 1;
        printf("\ndigest %016" PRIx64 "\n", t.digest);
    } else if (json) {
        print_json(scenario, games, seed, bots, binding, honesty, use_pars ? pars : NULL, played,
                   play_override, &t, secs);
    } else {
        print_table(scenario, games, seed, bots, played, play_override, &t, secs);
    }
    return failed ? 1 : 0;
}
