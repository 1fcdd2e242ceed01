/* gg-server export against a live server (issue 12 item 9): a game in
 * progress is exported while the server runs and writes the journal, to
 * stdout when redirected, to stdout with --out -, and to --out FILE (named
 * on stderr); every export re-simulates with gg-arena --replay.
 * And a game that ends just before a crash stays reachable (item 7): after
 * SIGKILL and a restart, a seat that had not seen game_over resumes and
 * gets it; with --keep-finished 0 the game is not reloaded (BAD_TOKEN).
 * Usage: test_host_export GG_SERVER GG_ARENA CASE */
#include <sys/stat.h>

#include "host_driver.h"
#include "gg/game.h"

#define SEED 515151

static int start_on(hh_server *sv, const char *dir)
{
    return server_start(sv, 0, "--data", dir, (char *)NULL);
}

/* Creates a game with three greedy server bots and joins Kazakhstan. */
static int create_and_join(hh_server *sv, hh_seat *kz)
{
    gg_msg c, created;
    hh_create_bots_msg(&c, "belt-and-road", SEED, "greedy");
    return hh_seat_create(kz, sv, &c, &created, GG_KAZAKHSTAN, "greedy", SEED);
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* gg-arena --replay FILE exits 0: the bytes are a valid replay whose
 * recorded hashes re-simulate. */
static int replays(const char *file)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s --replay %s > /dev/null", hh_tool, file);
    return system(cmd) == 0;
}

static void live_export(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "export");
    hh_server sv;
    hh_seat kz;
    if (start_on(&sv, dir) != 0 || create_and_join(&sv, &kz) != 0) {
        EXPECT(!"setup");
        return;
    }
    hh_seat_play_to_turn(&kz, 3);
    EXPECT(kz.have_view && kz.view.turn >= 3 && !kz.over);
    char cmd[1024], file[128], err[128];
    /* Redirected stdout, no --out: the replay itself goes to stdout. */
    snprintf(file, sizeof file, "%s/redirected.ggreplay", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 1 > %s 2> %s", hh_server_bin, dir, file,
             err);
    EXPECT(system(cmd) == 0);
    EXPECT(file_size(file) > 1000);
    EXPECT(replays(file));
    snprintf(cmd, sizeof cmd, "grep -q 'wrote game 1 to standard output' %s", err);
    EXPECT(system(cmd) == 0);
    /* The server is still writing: play on, then --out - */
    hh_seat_play_to_turn(&kz, 5);
    EXPECT(kz.have_view && kz.view.turn >= 5);
    snprintf(file, sizeof file, "%s/dash.ggreplay", dir);
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 1 --out - > %s 2>/dev/null",
             hh_server_bin, dir, file);
    EXPECT(system(cmd) == 0);
    long dash = file_size(file);
    EXPECT(dash > 1000);
    EXPECT(replays(file));
    /* --out FILE: the file, and its name on stderr, nothing on stdout. */
    snprintf(file, sizeof file, "%s/named.ggreplay", dir);
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 1 --out %s > %s/out.txt 2> %s",
             hh_server_bin, dir, file, dir, err);
    EXPECT(system(cmd) == 0);
    EXPECT(replays(file));
    snprintf(cmd, sizeof cmd, "%s/out.txt", dir);
    EXPECT_EQ(file_size(cmd), 0);
    snprintf(cmd, sizeof cmd, "grep -qF 'wrote game 1 to %s' %s", file, err);
    EXPECT(system(cmd) == 0);
    /* list works while the server runs too. */
    snprintf(cmd, sizeof cmd, "%s list --data %s | grep -q 'belt-and-road'", hh_server_bin, dir);
    EXPECT(system(cmd) == 0);
    /* A game that does not exist: a clear error, exit 1, nothing written. */
    snprintf(file, sizeof file, "%s/none.ggreplay", dir);
    snprintf(cmd, sizeof cmd, "%s export --data %s --game 99 > %s 2> %s", hh_server_bin, dir, file,
             err);
    int rc = system(cmd);
    EXPECT(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);
    EXPECT_EQ(file_size(file), 0);
    snprintf(cmd, sizeof cmd, "grep -q 'export failed' %s", err);
    EXPECT(system(cmd) == 0);
    /* A second server on the same data is still refused. */
    hh_server second;
    EXPECT(start_on(&second, dir) != 0);
    /* The running game was not disturbed: it plays to the end. */
    EXPECT(hh_play(&kz, 1, 60000) == 0 && kz.over);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

/* Resumes with `token` after `last` on a connection of its own; returns
 * the reply type (r filled). */
static int resume_raw(hh_server *sv, const char *token, uint32_t last, gg_msg *r)
{
    gg_msg m;
    gg_msg_init(&m, GG_MSG_resume);
    snprintf(m.u.resume.token, sizeof m.u.resume.token, "%s", token);
    m.u.resume.last = last;
    return hh_request_once(sv, &m, r, 3000);
}

static void finished_reload(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "export");
    hh_server sv;
    hh_seat kz;
    if (start_on(&sv, dir) != 0 || create_and_join(&sv, &kz) != 0) {
        EXPECT(!"setup");
        return;
    }
    EXPECT(hh_play(&kz, 1, 60000) == 0 && kz.over);
    uint32_t over_seq = kz.game_over.seq;
    uint64_t hash = kz.game_over.u.game_over.hash;
    EXPECT(over_seq > 1);
    char token[GG_MAX_TOKEN + 1];
    snprintf(token, sizeof token, "%s", kz.cl.token);
    hh_close_all();
    /* The game is over and journaled; the server dies before anyone else
     * (here: this seat, pretending it missed game_over) saw the end. */
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);

    /* --keep-finished 0: finished games are not reloaded. */
    gg_msg r;
    EXPECT(server_start(&sv, 0, "--data", dir, "--keep-finished", "0", (char *)NULL) == 0);
    EXPECT(resume_raw(&sv, token, over_seq - 1, &r) == GG_MSG_error &&
           r.u.error.code == GG_EBAD_TOKEN);
    hh_close_all();
    EXPECT_EQ(server_stop(&sv, SIGKILL), 128 + SIGKILL);

    /* The default keep window: the game is back, the seat resumes and gets
     * the game_over it missed, with the same final hash, then the final
     * state. */
    EXPECT(start_on(&sv, dir) == 0);
    hh_client c;
    EXPECT(hh_connect(&c, &sv, 1) == 0);
    EXPECT(hh_resume(&c, token, over_seq - 1) == 0);
    gg_msg over;
    EXPECT(hh_take(&c, GG_MSG_game_over, &over, 3000));
    EXPECT_EQ(over.seq, over_seq);
    EXPECT(over.u.game_over.hash == hash);
    gg_msg st;
    EXPECT(hh_take(&c, GG_MSG_state, &st, 3000));
    EXPECT_EQ(st.u.state.view.phase, GG_PHASE_OVER);
    /* Game requests now get GAME_OVER, not BAD_TOKEN. */
    gg_msg m;
    gg_msg_init(&m, GG_MSG_ready);
    EXPECT(hh_request(&c, &m, &r, 2000) == GG_MSG_error && r.u.error.code == GG_EGAME_OVER);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"live_export", live_export},
        {"finished_reload", finished_reload},
    };
    return hh_main(argc, argv, "GG_ARENA", cases, HH_COUNT(cases), &gg_check_failures);
}
