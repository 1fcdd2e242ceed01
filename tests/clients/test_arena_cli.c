/* test_arena_cli.c — the gg-arena command-line interface, run as a real
 * process: the --json keys, same seed = same digest, different seed =
 * different digest, per-seat --bots, --csv, --dump-rules, --history, and
 * exit code 2 with a message naming the argument on bad input. The path of
 * the binary is GG_ARENA (set by CMake). */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../check.h"
#include "gg/game.h"

/* Runs `args` through the shell with gg-arena; captures stdout (and stderr
 * when `err` is set) into out; returns the exit status or -1. */
static int run(const char *args, char *out, size_t n, int err)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' %s%s", GG_ARENA, args, err ? " 2>&1" : " 2>/dev/null");
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t len = fread(out, 1, n - 1, p);
    out[len] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The value of "key":"..." (a string) or "key":number in json, copied. */
static int field(const char *json, const char *key, char *val, size_t n)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    if (!p)
        return -1;
    p += strlen(pat);
    if (*p == '"')
        p++;
    size_t i = 0;
    while (p[i] && p[i] != '"' && p[i] != ',' && p[i] != '}' && i + 1 < n) {
        val[i] = p[i];
        i++;
    }
    val[i] = '\0';
    return 0;
}

static char out[1 << 18];

static int json_keys(void)
{
    CHECK(run("--scenario classroom --games 20 --seed 7 --bots greedy --json", out, sizeof out,
              0) == 0);
    static const char *const keys[] = {"scenario",   "games",   "seed",          "wins",
                                       "crises",     "digest",  "seconds",       "games_per_second",
                                       "action_use", "mean_vp", "mean_relative", "end_reasons"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char pat[64];
        snprintf(pat, sizeof pat, "\"%s\":", keys[i]);
        CHECK_MSG(strstr(out, pat) != NULL, "missing key %s", keys[i]);
    }
    CHECK(out[0] == '{');
    char v[64];
    CHECK(field(out, "scenario", v, sizeof v) == 0 && strcmp(v, "classroom") == 0);
    CHECK(field(out, "games", v, sizeof v) == 0 && strcmp(v, "20") == 0);
    const char *wins = strstr(out, "\"wins\":{");
    CHECK(wins);
    long total = 0;
    static const char *const seats[] = {"china", "russia", "west", "kazakhstan"};
    for (int i = 0; i < 4; i++) {
        CHECK(field(wins, seats[i], v, sizeof v) == 0);
        total += atol(v);
    }
    CHECK(total == 20);
    CHECK(strstr(out, "\"bri_project\":") != NULL);
    /* decided_by counts every game once, the draw included */
    const char *dec = strstr(out, "\"decided_by\":{");
    CHECK(dec);
    static const char *const crit[] = {
        "margin",         "ahead_of_pace", "domains_led", "fewer_broken_promises",
        "final_position", "reserves",      "draw"};
    total = 0;
    for (int i = 0; dec && i < (int)(sizeof crit / sizeof crit[0]); i++) {
        CHECK_MSG(field(dec, crit[i], v, sizeof v) == 0, "decided_by.%s", crit[i]);
        total += atol(v);
    }
    CHECK(total == 20);
    /* the share of seat-turns at a resource cap, per seat, in [0, 1] */
    const char *cap = strstr(out, "\"at_cap_share\":{");
    CHECK(cap);
    for (int i = 0; cap && i < 4; i++) {
        CHECK(field(cap, seats[i], v, sizeof v) == 0);
        double x = atof(v);
        CHECK_MSG(x >= 0.0 && x <= 1.0, "at_cap_share.%s = %s", seats[i], v);
    }
    CHECK(strstr(out, "\"at_cap_resource_share\":{\"china\":{\"capital\":") != NULL);
    return 0;
}

static int digest_of(const char *args, char *digest, size_t n)
{
    if (run(args, out, sizeof out, 0) != 0)
        return -1;
    return field(out, "digest", digest, n);
}

static int digests(void)
{
    char a[32], b[32], c[32], d[32];
    CHECK(digest_of("--games 30 --seed 11 --bots random --json", a, sizeof a) == 0);
    CHECK(digest_of("--games 30 --seed 11 --bots random --json", b, sizeof b) == 0);
    CHECK(digest_of("--games 30 --seed 12 --bots random --json", c, sizeof c) == 0);
    CHECK(strlen(a) == 16);
    CHECK(strcmp(a, b) == 0);
    CHECK(strcmp(a, c) != 0);
    CHECK(digest_of("--games 30 --seed 11 --bots greedy --json", d, sizeof d) == 0);
    CHECK(strcmp(a, d) != 0);
    return 0;
}

static int per_seat_bots(void)
{
    CHECK(run("--games 5 --bots greedy,random,greedy,random --json", out, sizeof out, 0) == 0);
    CHECK(strstr(out, "\"bots\":[\"greedy\",\"random\",\"greedy\",\"random\"]") != NULL);
    char x[32], y[32];
    CHECK(digest_of("--games 5 --bots greedy --json", x, sizeof x) == 0);
    CHECK(digest_of("--games 5 --bots greedy,greedy,greedy,greedy --json", y, sizeof y) == 0);
    CHECK(strcmp(x, y) == 0);
    return 0;
}

static int bad_args(void)
{
    CHECK(run("--scenario atlantis", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--scenario") && strstr(out, "belt-and-road"));
    CHECK(run("--games zero", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--games"));
    CHECK(run("--games 0", out, sizeof out, 1) == 2);
    CHECK(run("--bots genius", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--bots") && strstr(out, "greedy"));
    CHECK(run("--bots greedy,random", out, sizeof out, 1) == 2);
    CHECK(run("--seed -4", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--seed"));
    CHECK(run("--frobnicate", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--frobnicate"));
    CHECK(run("--seed", out, sizeof out, 1) == 2);
    CHECK(run("--help", out, sizeof out, 0) == 0);
    static const char *const opts[] = {"--scenario", "--games",     "--seed",    "--bots",
                                       "--json",     "--csv",       "--history", "--dump-rules",
                                       "--rulebook", "--progress",  "--binding", "--replay",
                                       "--honesty",  "--transcript"};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        CHECK_MSG(strstr(out, opts[i]) != NULL, "--help does not list %s", opts[i]);
    return 0;
}

/* --replay --json names the file as a JSON string: a path with a quote, a
 * backslash and a control byte still gives one valid JSON object (checked
 * by Python's json module), whose "file" is the path. */
static int replay_json_path(void)
{
    char dir[] = "/tmp/gg-arena-q\"uo\\te-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/a\"b\tc.ggreplay", dir);
    gg_replay_header h;
    memset(&h, 0, sizeof h);
    snprintf(h.scenario, sizeof h.scenario, "classroom");
    h.seed = 5;
    gg_replay_writer w;
    const uint8_t *buf;
    size_t len;
    CHECK(gg_replay_writer_init(&w, &h) == 0);
    CHECK(gg_replay_writer_finish(&w, &buf, &len) == 0);
    FILE *f = fopen(path, "wb");
    CHECK(f);
    CHECK(fwrite(buf, 1, len, f) == len);
    CHECK(fclose(f) == 0);
    gg_replay_writer_close(&w);
    /* The path goes to the program through the environment: no quoting. */
    setenv("GG_TEST_REPLAY", path, 1);
    int rc = run("--replay \"$GG_TEST_REPLAY\" --json", out, sizeof out, 0);
    CHECK_MSG(rc == 0, "gg-arena --replay exited %d", rc);
    char check[512];
    snprintf(check, sizeof check,
             "python3 -c 'import json,os,sys; d=json.load(sys.stdin); "
             "sys.exit(0 if d[\"file\"] == os.environ[\"GG_TEST_REPLAY\"] else 1)'");
    FILE *p = popen(check, "w");
    CHECK(p);
    fputs(out, p);
    int st = pclose(p);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "not valid JSON naming the file: %s", out);
    CHECK(remove(path) == 0);
    CHECK(remove(dir) == 0);
    return 0;
}

/* --bots negotiator: per-seat deal counts in --json, --transcript lines
 * with a reason each, the same seed giving the same talk digest, and a
 * bad --honesty refused. */
static int negotiation(void)
{
    char path[] = "/tmp/gg-arena-talk-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    char args[256];
    snprintf(args, sizeof args,
             "--scenario classroom --games 4 --seed 5 --bots negotiator --json --transcript %s",
             path);
    CHECK(run(args, out, sizeof out, 0) == 0);
    char v[64], digest[64];
    CHECK(strstr(out, "\"deals\":{\"china\":{\"proposed\":") != NULL);
    CHECK(field(out, "talk_digest", digest, sizeof digest) == 0 && strlen(digest) == 16);
    CHECK(field(out, "honesty", v, sizeof v) == 0 && strcmp(v, "honest") == 0);
    FILE *f = fdopen(fd, "r");
    CHECK(f);
    char line[4096];
    int lines = 0, answers = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        CHECK_MSG(strstr(line, "\"why\":{\"id\":") && strstr(line, "\"text\":"), "%s", line);
        answers += strstr(line, "\"move\":\"answer\"") != NULL;
    }
    fclose(f);
    remove(path);
    CHECK(lines > 4 && answers > 0);
    CHECK(run("--scenario classroom --games 4 --seed 5 --bots negotiator --json", out, sizeof out,
              0) == 0);
    CHECK(field(out, "talk_digest", v, sizeof v) == 0 && strcmp(v, digest) == 0);
    /* The reason templates are exported for clients (the web client). */
    CHECK(run("--dump-rules", out, sizeof out, 0) == 0);
    CHECK(strstr(out, "\"reasons\":[{\"id\":\"none\"") != NULL);
    CHECK(strstr(out, "{\"id\":\"consent_fee\",\"args\":[\"seat\",\"number\",\"action\"]") != NULL);
    CHECK(run("--honesty sometimes", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--honesty") && strstr(out, "opportunist"));
    CHECK(run("--bots negotiator:greedy", out, sizeof out, 1) == 2);
    CHECK(run("--transcript /nonexistent-dir/x --games 1", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--transcript"));
    return 0;
}

static int csv(void)
{
    char path[] = "/tmp/gg-arena-csv-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    char args[256];
    snprintf(args, sizeof args, "--games 7 --seed 3 --csv %s --json", path);
    int rc = run(args, out, sizeof out, 0);
    FILE *f = fopen(path, "r");
    int lines = 0, c;
    char first[256] = "";
    if (f) {
        if (!fgets(first, sizeof first, f))
            first[0] = '\0';
        lines = 1;
        while ((c = fgetc(f)) != EOF)
            lines += c == '\n';
        fclose(f);
    }
    remove(path);
    CHECK(rc == 0);
    CHECK(lines == 8);
    CHECK(strncmp(first, "game,seed,winner,end_reason,turns,vp_china", 42) == 0);
    CHECK(strstr(first, "state_hash") != NULL);
    return 0;
}

static int dump_rules(void)
{
    CHECK(run("--dump-rules", out, sizeof out, 0) == 0);
    static const char *const keys[] = {
        "\"actions\":[",   "\"events\":[",    "\"projects\":[",         "\"accords\":[",
        "\"responses\":[", "\"scenarios\":[", "\"id\":\"bri_project\"", "\"source\":"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK_MSG(strstr(out, keys[i]) != NULL, "missing %s", keys[i]);
    return 0;
}

static int history(void)
{
    CHECK(run("--scenario belt-and-road --history --json", out, sizeof out, 0) == 0);
    CHECK(out[0] == '[');
    CHECK(strstr(out, "\"year\":2013") && strstr(out, "\"year\":2024"));
    CHECK(run("--scenario classroom --history", out, sizeof out, 0) == 0);
    CHECK(strstr(out, "\n2013 ") && strstr(out, "\n2018 ") && !strstr(out, "\n2019"));
    CHECK(run("--scenario after-ukraine --history --json", out, sizeof out, 0) == 0);
    CHECK(strstr(out, "\"year\":2022,") && strstr(out, "\"year\":2024,\"estimate\":true"));
    CHECK(!strstr(out, "\"year\":2025"));
    CHECK(run("--scenario nowhere --history", out, sizeof out, 1) == 2);
    return 0;
}

/* --play-pars: the scenario's own pars give the run without the flag
 * exactly (digest, wins), with --turns too; other pars are what every
 * game is ranked by (relative = vp - the given par, from --csv) and the
 * bots see them: the games differ from the default run, where --pars (a
 * re-ranking of finished games) leaves the digest alone; the JSON names
 * the pars played; bad input exits 2 naming the option. */
static int play_pars(void)
{
    const char *base = "--scenario classroom --games 40 --seed 9 --bots greedy --json";
    char args[512], dflt[32], v[32], own[64], play[128];
    snprintf(args, sizeof args, "%s", base);
    CHECK(run(args, out, sizeof out, 0) == 0);
    CHECK(field(out, "digest", dflt, sizeof dflt) == 0);
    CHECK(field(out, "play_pars_from", v, sizeof v) == 0 && strcmp(v, "scenario") == 0);
    const char *pp = strstr(out, "\"play_pars\":[");
    CHECK(pp);
    if (!pp)
        return 1;
    pp += strlen("\"play_pars\":[");
    size_t n = strcspn(pp, "]");
    CHECK(n > 0 && n < sizeof own);
    memcpy(own, pp, n);
    own[n] = '\0';
    const char *wins = strstr(out, "\"wins\":{");
    char dflt_wins[128];
    snprintf(dflt_wins, sizeof dflt_wins, "%.*s", (int)strcspn(wins, "}"), wins);

    snprintf(args, sizeof args, "%s --play-pars %s", base, own);
    CHECK(run(args, out, sizeof out, 0) == 0);
    CHECK(field(out, "digest", v, sizeof v) == 0 && strcmp(v, dflt) == 0);
    CHECK(strstr(out, dflt_wins) != NULL);
    CHECK(field(out, "play_pars_from", v, sizeof v) == 0 && strcmp(v, "--play-pars") == 0);

    /* Shortened games: the flag's pars scale as the scenario's. */
    char short_dflt[32];
    snprintf(args, sizeof args, "%s --turns 4", base);
    CHECK(digest_of(args, short_dflt, sizeof short_dflt) == 0);
    snprintf(args, sizeof args, "%s --turns 4 --play-pars %s", base, own);
    CHECK(digest_of(args, v, sizeof v) == 0 && strcmp(v, short_dflt) == 0);

    /* Other pars: China's 5 higher, Kazakhstan's 3 lower. */
    int p[4];
    CHECK(sscanf(own, "%d,%d,%d,%d", &p[0], &p[1], &p[2], &p[3]) == 4);
    p[0] += 5;
    p[3] -= 3;
    snprintf(play, sizeof play, "%d,%d,%d,%d", p[0], p[1], p[2], p[3]);
    char path[] = "/tmp/gg-arena-play-pars-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    snprintf(args, sizeof args, "%s --play-pars %s --csv %s", base, play, path);
    CHECK(run(args, out, sizeof out, 0) == 0);
    CHECK(field(out, "digest", v, sizeof v) == 0 && strcmp(v, dflt) != 0);
    char want[256];
    snprintf(want, sizeof want, "\"play_pars\":[%s],\"play_pars_from\":\"--play-pars\"", play);
    CHECK_MSG(strstr(out, want) != NULL, "no %s", want);
    FILE *f = fdopen(fd, "r");
    CHECK(f);
    char line[512];
    int rows = 0;
    CHECK(f && fgets(line, sizeof line, f)); /* header */
    while (f && fgets(line, sizeof line, f)) {
        int game, vp[4], rel[4];
        char seedbuf[32], winner[32], reason[32];
        CHECK(sscanf(line, "%d,%31[^,],%31[^,],%31[^,],%*d,%d,%d,%d,%d,%d,%d,%d,%d", &game, seedbuf,
                     winner, reason, &vp[0], &vp[1], &vp[2], &vp[3], &rel[0], &rel[1], &rel[2],
                     &rel[3]) == 12);
        for (int s = 0; s < 4; s++)
            CHECK_MSG(rel[s] == vp[s] - p[s], "game %d seat %d: relative %d, vp %d, par %d", game,
                      s, rel[s], vp[s], p[s]);
        rows++;
    }
    if (f)
        fclose(f);
    remove(path);
    CHECK(rows == 40);
    /* --pars only re-ranks: the games are the default run's. */
    snprintf(args, sizeof args, "%s --pars %s", base, play);
    CHECK(digest_of(args, v, sizeof v) == 0 && strcmp(v, dflt) == 0);

    CHECK(run("--games 1 --play-pars 1,2,3", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--play-pars") && strstr(out, "four comma-separated"));
    CHECK(run("--games 1 --play-pars 1,2,3,10001", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--play-pars"));
    CHECK(run("--games 1 --play-pars 1,2,x,4", out, sizeof out, 1) == 2);
    CHECK(run("--games 1 --play-pars 1,2,3,4 --pars 1,2,3,4", out, sizeof out, 1) == 2);
    CHECK(strstr(out, "--play-pars") && strstr(out, "--pars"));
    CHECK(run("--help", out, sizeof out, 0) == 0);
    CHECK(strstr(out, "--play-pars") != NULL);
    return 0;
}

static const test_case cases[] = {
    {"json_keys", json_keys, "--json prints one object with the documented keys"},
    {"digests", digests, "same seed -> same digest; other seed or bots -> other digest"},
    {"per_seat_bots", per_seat_bots, "--bots takes one name or four in seat order"},
    {"bad_args", bad_args, "bad arguments exit 2 naming the argument; --help lists all"},
    {"negotiation", negotiation, "negotiator stats, transcripts and --honesty"},
    {"csv", csv, "--csv writes a header and one row per game"},
    {"replay_json_path", replay_json_path, "--replay --json: a path with quotes is valid JSON"},
    {"dump_rules", dump_rules, "--dump-rules prints the catalogue as JSON"},
    {"history", history, "--history --json prints the yearly rows"},
    {"play_pars", play_pars, "--play-pars: the games are played against the given pars"},
};

int main(int argc, char **argv)
{
    return run_cases(cases, (int)(sizeof cases / sizeof cases[0]), argc, argv);
}
