/* test_arena_history.c — the scripted historical line of belt-and-road
 * reproduces the papers' trends (GAME_DESIGN.md §12). Rows are the world at
 * the end of each year. */
#include <string.h>

#include "arena.h"
#include "../check.h"

static gg_history_row rows[32];
static int nrows;

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
    nrows = gg_history_run(rows, 32, why, sizeof why);
    CHECK_MSG(nrows == 12, "gg_history_run returned %d (%s)", nrows, why);
    for (int i = 0; i < nrows; i++)
        CHECK(rows[i].year == 2013 + i);
    return 0;
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
    CHECK(strstr(buf, "\"year\":2024"));
    static const char *const keys[] = {"\"tracks\":", "\"globals\":", "\"influence\":",
                                       "\"routes\":", "\"leaders\":", "\"news\":"};
    for (int i = 0; i < 6; i++)
        CHECK(strstr(buf, keys[i]));
    return 0;
}

static const test_case cases[] = {
    {"runs", runs, "the script is accepted by the engine for all 12 years"},
    {"china_leads_economy", china_leads_economy, "China leads the economy from 2016"},
    {"russia_keeps_security", russia_keeps_security, "Russia leads security through 2022"},
    {"sinophobia_rises", sinophobia_rises, "sinophobia rises after 2016 and 2018"},
    {"russian_public_falls", russian_public_falls, "Russian public influence falls after 2022"},
    {"north_share_falls", north_share_falls, "north route share falls after the export cuts"},
    {"json_shape", json_shape, "the JSON rows carry year, tracks, globals, influence, routes"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
