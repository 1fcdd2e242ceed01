/* bench/server/bench_host_games.c — bench-host's whole-game modes:
 * capacity (many concurrent games played by networked reference bots from
 * one poll() loop) and recovery (restart time on a journal of unfinished
 * games). See bench_host.h and `bench-host --help`. */
#include "bench_host.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "player.h"

static int64_t ms_now(void)
{
    return (int64_t)(bh_now_ns() / 1000000u);
}

/* Creates n games on the lobby connection (waiting out the server's rate
 * limit); codes[g*4+seat] get the seat codes. */
static int create_games(gg_client *lobby, const bh_opts *o, int n, unsigned bot_mask,
                        gg_name_t *codes)
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
static int get_stats(gg_client *lobby, gg_msg *m)
{
    gg_msg_init(&m[0], GG_MSG_stats);
    return bh_request(lobby, &m[0], &m[1], 10000, NULL, NULL) == 0 ? 0 : -1;
}

static int join_player(gg_player *p, int port, const char *code)
{
    char server[64];
    snprintf(server, sizeof server, "tcp://127.0.0.1:%d", port);
    int err = gg_player_init(p, server, 1, "greedy", 0, NULL);
    if (!err) err = gg_player_join(p, code, 10000);
    if (err) fprintf(stderr, "bench-host: join failed: %s %s\n", gg_errname(err), p->s.err);
    return err;
}

int bh_mode_capacity(const bh_opts *o)
{
    bh_server srv;
    char dir[512] = "";
    int N = o->games, S = 4 * o->games, rc = 1;
    gg_msg *m = malloc(2 * sizeof *m);
    gg_name_t *codes = calloc((size_t)S, sizeof *codes);
    gg_player *pl = calloc((size_t)S, sizeof *pl);
    int64_t *wake = calloc((size_t)S, sizeof *wake);
    char *done = calloc((size_t)S, 1);
    struct pollfd *fds = calloc((size_t)S, sizeof *fds);
    int *idx = calloc((size_t)S, sizeof *idx);
    gg_client *lobby = NULL;
    int joined = 0;
    if (!m || !codes || !pl || !wake || !done || !fds || !idx) return 1;
    if (o->journal && bh_mkdir(o->data_root, "capacity", dir, sizeof dir) != 0) return 1;
    if (bh_server_start(&srv, o, dir, 60) != 0) goto out;
    /* The lobby speaks ENet: the server takes at most GG_ENET_MAX_PEERS (4000)
     * TCP connections, and 1,000 games need all of them for their seats. */
    lobby = bh_connect(srv.port, 0);
    if (!lobby) goto out;
    long rss0 = bh_rss_kib(srv.pid, "VmRSS");
    double cpu0 = bh_cpu_s(srv.pid);
    uint64_t t0 = bh_now_ns();
    if (create_games(lobby, o, N, 0, codes) != 0) goto out;
    uint64_t t_created = bh_now_ns();
    for (; joined < S; joined++)
        if (join_player(&pl[joined], srv.port, codes[joined]) != 0) goto out;
    uint64_t t_joined = bh_now_ns();
    long rss_joined = bh_rss_kib(srv.pid, "VmRSS");
    if (get_stats(lobby, m) != 0) goto out;
    int64_t live_at_start = bh_stat(&m[1], "games_live");
    int64_t conns_at_start = bh_stat(&m[1], "connections");

    /* Play: every seat starts within one pace of now, so all games overlap. */
    double cpu_play0 = bh_cpu_s(srv.pid);
    int64_t start = ms_now();
    srand(1);
    for (int i = 0; i < S; i++) wake[i] = start + (o->pace_ms ? rand() % o->pace_ms : 0);
    int ndone = 0, failed = 0;
    long rss_live_max = 0;
    int64_t live_min_while_all = -1, first_over_ms = -1, next_sample = start;
    unsigned errors = 0;
    while (ndone < S) {
        int64_t now = ms_now();
        if (now - start > (int64_t)o->timeout_s * 1000) {
            fprintf(stderr, "bench-host: timeout after %d s with %d of %d seats done\n",
                    o->timeout_s, ndone, S);
            break;
        }
        if (now >= next_sample) { /* RSS and live games while all are live */
            next_sample = now + 250;
            if (get_stats(lobby, m) == 0) {
                int64_t live = bh_stat(&m[1], "games_live");
                if (live >= N) {
                    long rss = bh_rss_kib(srv.pid, "VmRSS");
                    if (rss > rss_live_max) rss_live_max = rss;
                }
                if (live_min_while_all < 0 && live < N) live_min_while_all = live;
            }
        }
        int np = 0, timeout = 10;
        for (int i = 0; i < S; i++) {
            gg_player *p = &pl[i];
            if (done[i]) continue;
            if (now < wake[i]) {
                if (wake[i] - now < timeout) timeout = (int)(wake[i] - now);
                continue;
            }
            if (gg_session_pending(&p->s)) timeout = 0;
            if (p->ready_due && p->pending == 0) {
                int64_t w = p->quiet_until - now;
                if (w < timeout) timeout = w < 0 ? 0 : (int)w;
            }
            fds[np].fd = gg_session_fd(&p->s);
            fds[np].events = POLLIN;
            fds[np].revents = 0;
            idx[np++] = i;
        }
        poll(fds, (nfds_t)np, timeout);
        now = ms_now();
        for (int k = 0; k < np; k++) {
            int i = idx[k];
            gg_player *p = &pl[i];
            int due = p->ready_due && p->pending == 0 && now >= p->quiet_until;
            if (!fds[k].revents && !gg_session_pending(&p->s) && !due) continue;
            int at = p->acted_turn, ap = p->acted_phase;
            int r = gg_player_pump(p, 0);
            if (r != 0) {
                done[i] = 1;
                ndone++;
                errors += p->errors;
                if (r < 0) failed++;
                else if (first_over_ms < 0) first_over_ms = ms_now() - start;
                gg_player_close(p);
            } else if (p->acted_turn != at || p->acted_phase != ap) {
                wake[i] = ms_now() + o->pace_ms;
            }
        }
    }
    uint64_t t_end = bh_now_ns();
    double cpu_end = bh_cpu_s(srv.pid);
    long hwm = bh_rss_kib(srv.pid, "VmHWM");
    if (get_stats(lobby, m) != 0) goto out;
    const gg_msg *st = &m[1];
    double play_s = (double)(t_end - t_joined) / 1e9;
    printf("capacity.games=%d\ncapacity.seats_networked=%d\n", N, S);
    printf("capacity.scenario=%s\ncapacity.pace_ms=%d\ncapacity.journal=%s\n", o->scenario,
           o->pace_ms, o->journal ? "on" : "off");
    printf("capacity.games_live_after_join=%lld\n", (long long)live_at_start);
    printf("capacity.connections_after_join=%lld\n", (long long)conns_at_start);
    printf("capacity.first_game_over_s=%.2f\n", (double)first_over_ms / 1e3);
    printf("capacity.games_live_first_sample_below_all=%lld\n", (long long)live_min_while_all);
    printf("capacity.games_completed=%lld\n", (long long)bh_stat(st, "games_finished"));
    printf("capacity.seats_failed=%d\ncapacity.move_errors=%u\n", failed, errors);
    printf("capacity.turns_resolved=%lld\n", (long long)bh_stat(st, "turns_resolved"));
    printf("capacity.commands=%lld\n", (long long)bh_stat(st, "commands"));
    printf("capacity.msgs_in=%lld\ncapacity.msgs_out=%lld\n", (long long)bh_stat(st, "msgs_in"),
           (long long)bh_stat(st, "msgs_out"));
    printf("capacity.resolve_us_p50=%lld\ncapacity.resolve_us_p99=%lld\n",
           (long long)bh_stat(st, "resolve_us_p50"), (long long)bh_stat(st, "resolve_us_p99"));
    printf("capacity.resolve_ns_max=%lld\n", (long long)bh_stat(st, "resolve_ns_max"));
    printf("capacity.rss_before_kib=%ld\ncapacity.rss_all_joined_kib=%ld\n", rss0, rss_joined);
    printf("capacity.rss_all_live_max_kib=%ld\ncapacity.rss_hwm_kib=%ld\n", rss_live_max, hwm);
    printf("capacity.rss_per_game_kib=%.1f\n",
           (double)((rss_live_max > rss_joined ? rss_live_max : rss_joined) - rss0) / N);
    printf("capacity.create_s=%.2f\ncapacity.join_s=%.2f\ncapacity.play_s=%.2f\n",
           (double)(t_created - t0) / 1e9, (double)(t_joined - t_created) / 1e9, play_s);
    printf("capacity.total_s=%.2f\n", (double)(t_end - t0) / 1e9);
    printf("capacity.server_cpu_total_s=%.2f\ncapacity.server_cpu_play_s=%.2f\n", cpu_end - cpu0,
           cpu_end - cpu_play0);
    printf("capacity.server_cpu_play_pct_of_core=%.0f\n", 100.0 * (cpu_end - cpu_play0) / play_s);
    printf("capacity.journal_bytes=%lld\n", dir[0] ? bh_du(dir) : 0LL);
    printf("capacity.server_warnings=%d\n", bh_server_warnings());
    fflush(stdout);
    rc = ndone == S && failed == 0 ? 0 : 1;
out:
    for (int i = 0; i < joined; i++)
        if (!done[i]) gg_player_close(&pl[i]);
    if (lobby) gg_client_close(lobby);
    bh_server_stop(&srv, 0);
    bh_rmtree(dir);
    free(m);
    free(codes);
    free(pl);
    free(wake);
    free(done);
    free(fds);
    free(idx);
    return rc;
}

/* Recovery: the networked Kazakhstan seat plays until a state of turn
 * turns+1 arrives (which it leaves unanswered). Returns 1 when done. */
static int pump_until(gg_player *p, gg_msg *m, int turns)
{
    int r;
    while ((r = gg_session_recv(&p->s, m, 0)) == 1) {
        if (m->type == GG_MSG_state && m->u.state.view.turn > turns) return 1;
        if (gg_player_handle(p, m) != 0) return 1; /* over (too short a game) */
    }
    if (r < 0) return -1;
    gg_player_tick(p);
    return 0;
}

/* Time from spawn to listening on a directory; -1 on failure. */
static double start_time_ms(const bh_opts *o, const char *dir, int *recovered, long *rss,
                            int64_t *live)
{
    bh_server srv;
    if (bh_server_start(&srv, o, dir, 600) != 0) return -1;
    double ms = (double)(srv.t_listen_ns - srv.t_spawn_ns) / 1e6;
    if (recovered) *recovered = bh_server_recovered();
    if (rss) *rss = bh_rss_kib(srv.pid, "VmRSS");
    if (live) {
        gg_client *c = bh_connect(srv.port, 1);
        gg_msg *m = malloc(2 * sizeof *m);
        *live = c && m && get_stats(c, m) == 0 ? bh_stat(&m[1], "games_live") : -1;
        free(m);
        gg_client_close(c);
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
    if (!m || !codes || !pl || !done || !fds || !idx) return 1;
    if (bh_mkdir(o->data_root, "recovery", dir, sizeof dir) != 0) return 1;
    if (bh_mkdir(o->data_root, "empty", empty, sizeof empty) != 0) return 1;
    if (bh_server_start(&srv, o, dir, 60) != 0) goto out;
    lobby = bh_connect(srv.port, 1);
    if (!lobby) goto out;
    uint64_t t0 = bh_now_ns();
    if (create_games(lobby, o, N, 0x7, codes) != 0) goto out; /* bots: all but Kazakhstan */
    for (; joined < N; joined++)
        if (join_player(&pl[joined], srv.port, codes[joined * 4 + GG_KAZAKHSTAN]) != 0) goto out;
    while (ndone < N && bh_now_ns() - t0 < (uint64_t)o->timeout_s * 1000000000u) {
        int np = 0, timeout = 10;
        for (int i = 0; i < N; i++) {
            if (done[i]) continue;
            if (gg_session_pending(&pl[i].s)) timeout = 0;
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
    if (get_stats(lobby, m) != 0) goto out;
    int64_t live = bh_stat(&m[1], "games_live"), turns = bh_stat(&m[1], "turns_resolved");
    int64_t cmds = bh_stat(&m[1], "commands");
    long rss_before_kill = bh_rss_kib(srv.pid, "VmRSS");
    bh_server_stop(&srv, 1); /* SIGKILL */
    gg_client_close(lobby);
    lobby = NULL;
    for (int i = 0; i < joined; i++) gg_player_close(&pl[i]);
    joined = 0;
    long long bytes = bh_du(dir);

    int recovered = 0;
    long rss_after = 0;
    int64_t live_after = -1;
    double t_rec = start_time_ms(o, dir, &recovered, &rss_after, &live_after);
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
    printf("recovery.game_recovered_lines=%d\nrecovery.games_live_after=%lld\n", recovered,
           (long long)live_after);
    printf("recovery.baseline_empty_journal_ms=%.1f\nrecovery.baseline_no_journal_ms=%.1f\n",
           t_empty, t_nojournal);
    printf("recovery.server_warnings=%d\n", bh_server_warnings());
    fflush(stdout);
    rc = t_rec >= 0 && recovered == (int)live && failed == 0 ? 0 : 1;
out:
    for (int i = 0; i < joined; i++) gg_player_close(&pl[i]);
    if (lobby) gg_client_close(lobby);
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
