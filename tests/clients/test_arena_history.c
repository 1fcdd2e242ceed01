/* test_arena_history.c — each scenario's scripted historical line
 * reproduces the papers' trends (GAME_DESIGN.md §12) over its own years, and
 * each scenario has its own line. Rows are the world at the end of each
 * year. */
#include <string.h>

#include "arena.h"
#include "../check.h"

static gg_history_row rows[32];
static int nrows;
static const char *scenario = "belt-and-road";

static const gg_history_row *year(int y)
{
    for (int i = 0; i < nrows; i++)
        if (rows[i].year == y)
            return &rows[i];
    return NULL;
}

static int load(void)
{
    char why[256] = "";
    int sc = gg_scenario_find(scenario);
    uint16_t first = 0, last = 0;
    int want = gg_history_years(sc, &first, &last);
    nrows = gg_history_run(sc, rows, 32, why, sizeof why);
    CHECK_MSG(nrows == want && nrows > 0, "%s: gg_history_run returned %d of %d (%s)", scenario,
              nrows, want, why);
    for (int i = 0; i < nrows; i++) {
        CHECK(rows[i].year == first + i);
        CHECK(rows[i].estimate == (rows[i].year > 2023)); /* the papers' data ends in 2023 */
    }
    return 0;
}

static int load_scenario(const char *id)
{
    scenario = id;
    return load();
}

static int runs(void)
{
    return load();
}

/* China leads the economy by 2016 [SO24 L55; Mo22 L253]. */
static int china_leads_economy(void)
{
    if (load())
        return 1;
    for (int y = 2016; y <= 2024; y++)
        CHECK_MSG(year(y)->leader[GG_ECONOMY] == GG_CHINA, "year %d", y);
    return 0;
}

/* Russia keeps the security lead through 2022 [Mo22 L253, L300]. */
static int russia_keeps_security(void)
{
    if (load())
        return 1;
    for (int y = 2013; y <= 2022; y++)
        CHECK_MSG(year(y)->leader[GG_SECURITY] == GG_RUSSIA, "year %d", y);
    return 0;
}

/* Sinophobia rises after the land-code protests (2016) and the Xinjiang
 * revelations (2018) [M17 L713; Mo22 L376-L384]. */
static int sinophobia_rises(void)
{
    if (load())
        return 1;
    CHECK(year(2016)->track[GG_SINOPHOBIA] > year(2015)->track[GG_SINOPHOBIA]);
    CHECK(year(2018)->track[GG_SINOPHOBIA] > year(2017)->track[GG_SINOPHOBIA]);
    CHECK(year(2018)->track[GG_SINOPHOBIA] > year(2013)->track[GG_SINOPHOBIA]);
    return 0;
}

/* Russian public influence falls after 2022 [SO24 L137, L151]. */
static int russian_public_falls(void)
{
    if (load())
        return 1;
    int before = year(2021)->influence[GG_RUSSIA][GG_PUBLIC];
    CHECK(year(2022)->influence[GG_RUSSIA][GG_PUBLIC] < before);
    CHECK(year(2024)->influence[GG_RUSSIA][GG_PUBLIC] <
          year(2022)->influence[GG_RUSSIA][GG_PUBLIC]);
    return 0;
}

static int north_share_x1000(const gg_history_row *r)
{
    int total = r->route[GG_NORTH] + r->route[GG_EAST] + r->route[GG_CASPIAN];
    return total ? 1000 * r->route[GG_NORTH] / total : 0;
}

/* The north route's share falls after the 2022 export cuts [SO24 L139]. */
static int north_share_falls(void)
{
    if (load())
        return 1;
    CHECK(north_share_x1000(year(2022)) < north_share_x1000(year(2021)));
    CHECK(north_share_x1000(year(2024)) <= north_share_x1000(year(2022)));
    CHECK(north_share_x1000(year(2024)) < north_share_x1000(year(2013)));
    return 0;
}

/* Every scenario's line: its years (the scenario's own, to 2024), and its
 * own values where its start or rules differ from belt-and-road's. */
static int own_lines(void)
{
    static gg_history_row bar[32];
    CHECK(load_scenario("belt-and-road") == 0 && nrows == 12);
    memcpy(bar, rows, sizeof bar);
    /* after-ukraine: 2022-2024 from its own 2022 start (the January unrest
     * already in its starting stability), not belt-and-road's 2022. */
    CHECK(load_scenario("after-ukraine") == 0 && nrows == 3 && rows[0].year == 2022);
    CHECK(memcmp(rows[0].track, bar[9].track, sizeof rows[0].track) != 0);
    CHECK(rows[0].track[GG_STABILITY] < bar[9].track[GG_STABILITY]);
    /* The war's years there too: Russia keeps security, loses the public,
     * the north route's share falls [SO24 L137-L151]. */
    for (int i = 0; i < nrows; i++)
        CHECK(rows[i].leader[GG_SECURITY] == GG_RUSSIA);
    CHECK(rows[2].influence[GG_RUSSIA][GG_PUBLIC] < rows[0].influence[GG_RUSSIA][GG_PUBLIC]);
    CHECK(north_share_x1000(&rows[2]) < north_share_x1000(&rows[0]));
    /* classroom: 2013-2018 with the basic actions (stand-ins differ). */
    CHECK(load_scenario("classroom") == 0 && nrows == 6 && rows[5].year == 2018);
    int differ = 0;
    for (int i = 0; i < nrows; i++)
        differ += memcmp(rows[i].track, bar[i].track, sizeof rows[i].track) != 0 ||
                  memcmp(rows[i].global, bar[i].global, sizeof rows[i].global) != 0;
    CHECK(differ > 0);
    /* Its trends as in §12 for the years it has. */
    for (int y = 2016; y <= 2018; y++)
        CHECK(year(y)->leader[GG_ECONOMY] == GG_CHINA);
    for (int y = 2013; y <= 2018; y++)
        CHECK(year(y)->leader[GG_SECURITY] == GG_RUSSIA);
    CHECK(year(2016)->track[GG_SINOPHOBIA] > year(2015)->track[GG_SINOPHOBIA]);
    CHECK(year(2018)->track[GG_SINOPHOBIA] > year(2017)->track[GG_SINOPHOBIA]);
    /* Every historical card in its own year (the classroom only draws them
     * as "what if" cards; its line fires them in their years). */
    for (int i = 0; i < nrows; i++) {
        int seen2016 = 0;
        for (int k = 0; k < rows[i].nnews; k++) {
            int y = gg_event_def_get(rows[i].news[k])->year;
            CHECK_MSG(y == 0 || y == rows[i].year, "%u: %s", rows[i].year,
                      gg_event_def_get(rows[i].news[k])->id);
            seen2016 |= rows[i].news[k] == gg_event_find("land_protests");
        }
        CHECK(seen2016 == (rows[i].year == 2016));
    }
    scenario = "belt-and-road";
    return 0;
}

/* An unknown scenario has no line and says so. */
static int unknown_scenario(void)
{
    char why[128] = "";
    CHECK(gg_history_run(99, rows, 32, why, sizeof why) == GG_EBAD_SCENARIO);
    CHECK(strstr(why, "scenario"));
    uint16_t a, b;
    CHECK(gg_history_years(-1, &a, &b) == 0);
    return 0;
}

static int json_shape(void)
{
    if (load())
        return 1;
    char buf[16384];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    CHECK(f);
    gg_history_json(f, rows, nrows);
    fclose(f);
    buf[sizeof buf - 1] = '\0';
    CHECK(buf[0] == '[');
    CHECK(strstr(buf, "\"year\":2013"));
    CHECK(strstr(buf, "\"year\":2024,\"estimate\":true"));
    CHECK(strstr(buf, "\"year\":2023,\"estimate\":false"));
    static const char *const keys[] = {"\"tracks\":", "\"globals\":", "\"influence\":",
                                       "\"routes\":", "\"leaders\":", "\"news\":"};
    for (int i = 0; i < 6; i++)
        CHECK(strstr(buf, keys[i]));
    return 0;
}

static const test_case cases[] = {
    {"runs", runs, "belt-and-road's script is accepted by the engine for all 12 years"},
    {"china_leads_economy", china_leads_economy, "China leads the economy from 2016"},
    {"russia_keeps_security", russia_keeps_security, "Russia leads security through 2022"},
    {"sinophobia_rises", sinophobia_rises, "sinophobia rises after 2016 and 2018"},
    {"russian_public_falls", russian_public_falls, "Russian public influence falls after 2022"},
    {"north_share_falls", north_share_falls, "north route share falls after the export cuts"},
    {"own_lines", own_lines, "each scenario plays its own years from its own start"},
    {"unknown_scenario", unknown_scenario, "an unknown scenario is refused and named"},
    {"json_shape", json_shape, "the JSON rows carry year, tracks, globals, influence, routes"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
