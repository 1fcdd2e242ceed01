/* bench/server/bench_host_games.c — bench-host's whole games: creating
 * them, joining networked seats, `stats` (shared with the capacity mode,
 * bench_host_capacity.c), and the recovery mode (restart time on a journal
 * of unfinished games). See bench_host.h and `bench-host --help`. */
#include "bench_host.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "player.h"

/* Creates n games on the lobby connection (waiting out the server's rate
 * limit); codes[g*4+seat] get the seat codes. */
int bh_create_games(gg_client *lobby, const bh_opts *o, int n, unsigned bot_mask, gg_name_t *codes)
{
    gg_msg *m = malloc(2 * sizeof *m);
    int err = m ? 0 : -1;
    for (int g = 0; g < n && !err; g++) {
        bh_create_msg(m, o->scenario, (uint64_t)g + 1, bot_mask);
        err = bh_request(lobby, m, m + 1, 10000, NULL, NULL);
        if (err == GG_ERATE_LIMITED) { /* one connection: 500 msgs/s; wait and retry */
            struct timespec ts = {0, 50000000};
            nanosleep(&ts, NULL);
            err = 0;
            g--;
            continue;
        }
        if (err) {
            fprintf(stderr, "bench-host: create_game %d failed: %s\n", g, gg_errname(err));
            break;
        }
        for (int seat = 0; seat < GG_SEATS; seat++)
            memcpy(codes[g * 4 + seat], m[1].u.game_created.codes.v[seat], sizeof(gg_name_t));
    }
    free(m);
    return err;
}

/* One `stats` request; returns 0 and the reply in *m, or -1. */
int bh_get_stats(gg_client *lobby, gg_msg *m)
{
    gg_msg_init(&m[0], GG_MSG_stats);
    return bh_request(lobby, &m[0], &m[1], 10000, NULL, NULL) == 0 ? 0 : -1;
}

/* The seats play over TCP, or over a WebSocket when --ws (binary msgpack)
 * or --ws-json (the browser's JSON text frames) was given. */
int bh_join_player(gg_player *p, int port, int transport, const char *strategy, const char *code)
{
    char server[64];
    snprintf(server, sizeof server, "%s://127.0.0.1:%d",
             transport == GG_CLIENT_WS        ? "ws"
             : transport == GG_CLIENT_WS_JSON ? "wsjson"
                                              : "tcp",
             port);
    int err = gg_player_init(p, server, 1, strategy, 0, NULL);
    if (!err)
        err = gg_player_join(p, code, 10000);
    if (err)
        fprintf(stderr, "bench-host: join failed: %s %s\n", gg_errname(err), p->s.err);
    return err;
}

/* Recovery: the networked Kazakhstan seat plays until a state of turn
 * turns+1 arrives (which it leaves unanswered). Returns 1 when done. */
static int pump_until(gg_player *p, gg_msg *m, int turns)
{
    int r;
    while ((r = gg_session_recv(&p->s, m, 0)) == 1) {
        if (m->type == GG_MSG_state && m->u.state.view.turn > turns)
            return 1;
        if (gg_player_handle(p, m) != 0)
            return 1; /* over (too short a game) */
    }
    if (r < 0)
        return -1;
    gg_player_tick(p);
    return 0;
}

static double median3(const double v[3])
{
    double a = v[0], b = v[1], c = v[2];
    return a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
}

/* CPU time (user + system) the last start_time_ms's server used until it
 * listened: less at the mercy of a loaded machine than the wall time. */
static double last_start_cpu_ms;

/* Time from spawn to listening on a directory; -1 on failure. */
static double start_time_ms(const bh_opts *o, const char *dir, int *recovered, long *rss,
                            int64_t *live)
{
    bh_server srv;
    if (bh_server_start(&srv, o, dir, 600) != 0)
        return -1;
    last_start_cpu_ms = bh_cpu_s(srv.pid) * 1000.0; /* read once listening was seen */
    double ms = (double)(srv.t_listen_ns - srv.t_spawn_ns) / 1e6;
    if (recovered)
        *recovered = bh_server_recovered();
    if (rss)
        *rss = bh_rss_kib(srv.pid, "VmRSS");
    if (live) {
        gg_client *c = bh_connect(srv.port, 1);
        gg_msg *m = malloc(2 * sizeof *m);
        *live = c && m && bh_get_stats(c, m) == 0 ? bh_stat(&m[1], "games_live") : -1;
        free(m);
        gg_client_destroy(c);
    }
    bh_server_stop(&srv, 0);
    return ms;
}

int bh_mode_recovery(const bh_opts *o)
{
    bh_server srv;
    char dir[512], empty[512];
    int N = o->games, rc = 1, joined = 0, ndone = 0, failed = 0;
    gg_msg *m = malloc(2 * sizeof *m);
    gg_name_t *codes = calloc((size_t)N * 4, sizeof *codes);
    gg_player *pl = calloc((size_t)N, sizeof *pl);
    char *done = calloc((size_t)N, 1);
    struct pollfd *fds = calloc((size_t)N, sizeof *fds);
    int *idx = calloc((size_t)N, sizeof *idx);
    gg_client *lobby = NULL;
    if (!m || !codes || !pl || !done || !fds || !idx)
        return 1;
    if (bh_mkdir(o->data_root, "recovery", dir, sizeof dir) != 0)
        return 1;
    if (bh_mkdir(o->data_root, "empty", empty, sizeof empty) != 0)
        return 1;
    if (bh_server_start(&srv, o, dir, 60) != 0)
        goto out;
    lobby = bh_connect(srv.port, 1);
    if (!lobby)
        goto out;
    uint64_t t0 = bh_now_ns();
    if (bh_create_games(lobby, o, N, 0x7, codes) != 0)
        goto out; /* bots: all but Kazakhstan */
    for (; joined < N; joined++)
        if (bh_join_player(&pl[joined], srv.port, 1, "greedy", codes[joined * 4 + GG_KAZAKHSTAN]) !=
            0)
            goto out;
    while (ndone < N && bh_now_ns() - t0 < (uint64_t)o->timeout_s * 1000000000u) {
        int np = 0, timeout = 10;
        for (int i = 0; i < N; i++) {
            if (done[i])
                continue;
            if (gg_session_pending(&pl[i].s))
                timeout = 0;
            fds[np].fd = gg_session_fd(&pl[i].s);
            fds[np].events = POLLIN;
            fds[np].revents = 0;
            idx[np++] = i;
        }
        poll(fds, (nfds_t)np, timeout);
        for (int k = 0; k < np; k++) {
            int i = idx[k];
            int r = pump_until(&pl[i], m, o->turns);
            if (r != 0) {
                done[i] = 1;
                ndone++;
                failed += r < 0;
            }
        }
    }
    uint64_t t_played = bh_now_ns();
    if (bh_get_stats(lobby, m) != 0)
        goto out;
    int64_t live = bh_stat(&m[1], "games_live"), turns = bh_stat(&m[1], "turns_resolved");
    int64_t cmds = bh_stat(&m[1], "commands");
    long rss_before_kill = bh_rss_kib(srv.pid, "VmRSS");
    bh_server_stop(&srv, 1); /* SIGKILL */
    gg_client_destroy(lobby);
    lobby = NULL;
    for (int i = 0; i < joined; i++)
        gg_player_close(&pl[i]);
    joined = 0;
    long long bytes = bh_du(dir);

    /* The same journal, recovered from the per-turn snapshots and (a copy)
     * with --no-snapshots (every record replayed), three times each in
     * alternating order, each start on a fresh copy of the killed journal
     * (a start changes it: bots act): the medians are reported. */
    int recovered = 0, recovered_full = 0, copied = 1;
    long rss_after = 0;
    int64_t live_after = -1;
    double snap_ms[3], full_ms[3], snap_cpu[3], full_cpu[3];
    bh_opts ns = *o;
    ns.no_snapshots = 1;
    for (int rep = 0; rep < 3; rep++)
        for (int k = 0; k < 2; k++) {
            int full = (rep + k) % 2; /* snapshots first, then full first, ... */
            char copy[600], cmd[1400];
            snprintf(copy, sizeof copy, "%s-r%d%s", dir, rep, full ? "full" : "snap");
            snprintf(cmd, sizeof cmd, "cp -a '%s' '%s'", dir, copy);
            double t = -1;
            if (system(cmd) == 0)
                t = full ? start_time_ms(&ns, copy, rep ? NULL : &recovered_full, NULL, NULL)
                         : start_time_ms(o, copy, rep ? NULL : &recovered, rep ? NULL : &rss_after,
                                         rep ? NULL : &live_after);
            copied &= t >= 0;
            (full ? full_ms : snap_ms)[rep] = t;
            (full ? full_cpu : snap_cpu)[rep] = t >= 0 ? last_start_cpu_ms : -1;
            bh_rmtree(copy);
        }
    double t_rec = copied ? median3(snap_ms) : -1, t_full = copied ? median3(full_ms) : -1;
    double t_empty = start_time_ms(o, empty, NULL, NULL, NULL);
    bh_opts nj = *o;
    nj.journal = 0;
    double t_nojournal = start_time_ms(&nj, NULL, NULL, NULL, NULL);

    printf("recovery.games=%d\nrecovery.turns_played=%d\nrecovery.scenario=%s\n", N, o->turns,
           o->scenario);
    printf("recovery.setup_s=%.2f\nrecovery.seats_failed=%d\n", (double)(t_played - t0) / 1e9,
           failed);
    printf("recovery.games_live_before_kill=%lld\nrecovery.turns_resolved_before_kill=%lld\n",
           (long long)live, (long long)turns);
    printf("recovery.commands_before_kill=%lld\n", (long long)cmds);
    printf("recovery.journal_bytes=%lld\n", bytes);
    printf("recovery.rss_before_kill_kib=%ld\nrecovery.rss_after_recovery_kib=%ld\n",
           rss_before_kill, rss_after);
    printf("recovery.start_to_listening_ms=%.1f\n", t_rec);
    printf("recovery.start_to_listening_ms_runs=%.1f,%.1f,%.1f\n", snap_ms[0], snap_ms[1],
           snap_ms[2]);
    printf("recovery.full_replay_start_to_listening_ms=%.1f\n", t_full);
    printf("recovery.full_replay_start_to_listening_ms_runs=%.1f,%.1f,%.1f\n", full_ms[0],
           full_ms[1], full_ms[2]);
    printf("recovery.start_cpu_ms=%.0f\nrecovery.full_replay_start_cpu_ms=%.0f\n",
           median3(snap_cpu), median3(full_cpu));
    printf("recovery.full_replay_game_recovered_lines=%d\n", recovered_full);
    printf("recovery.game_recovered_lines=%d\nrecovery.games_live_after=%lld\n", recovered,
           (long long)live_after);
    printf("recovery.baseline_empty_journal_ms=%.1f\nrecovery.baseline_no_journal_ms=%.1f\n",
           t_empty, t_nojournal);
    printf("recovery.server_warnings=%d\n", bh_server_warnings());
    fflush(stdout);
    rc = t_rec >= 0 && t_full >= 0 && recovered == (int)live && recovered_full == (int)live &&
                 failed == 0
             ? 0
             : 1;
out:
    for (int i = 0; i < joined; i++)
        gg_player_close(&pl[i]);
    if (lobby)
        gg_client_destroy(lobby);
    bh_server_stop(&srv, 1);
    bh_rmtree(dir);
    bh_rmtree(empty);
    free(m);
    free(codes);
    free(pl);
    free(done);
    free(fds);
    free(idx);
    return rc;
}
