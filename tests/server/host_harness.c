/* host_harness.c — the gg-server test harness (contracts in host_harness.h):
 * the server process, test clients, requests, and the test programs' main. */
#include "host_harness.h"

#include <pthread.h>
#include <stdarg.h>
#include <sys/prctl.h>

const char *hh_server_bin;
const char *hh_tool;
const char *hh_case_arg;
const char *hh_create_key;
int hh_failures;

/* ---- running a test program ------------------------------------------- */

/* How many servers this process started: their logs are
 * /tmp/gg-test-server-PID-1.log ... -N.log. */
static int hh_logs;

static void hh_log_name(char *out, size_t cap, int i)
{
    snprintf(out, cap, "/tmp/gg-test-server-%d-%d.log", (int)getpid(), i);
}

static void hh_usage(FILE *f, const char *prog, const char *tool, const hh_case *cases, int n)
{
    fprintf(f, "usage: %s GG_SERVER%s%s CASE [ARG]\ncases:", prog, tool ? " " : "",
            tool ? tool : "");
    for (int i = 0; i < n; i++)
        fprintf(f, " %s", cases[i].name);
    fputc('\n', f);
}

static void hh_kill_all(void);

/* A case runs on a thread of its own with a 64 MiB stack: cases keep
 * several clients on the stack, each holding HH_INBOX decoded messages (a
 * `state` is ~3 KB since deals carry their reasons), more than the main
 * thread's usual 8 MiB. */
static const hh_case *hh_running_case;

static void *hh_case_thread(void *unused)
{
    (void)unused;
    hh_running_case->run();
    return NULL;
}

static void hh_run_case(const hh_case *run)
{
    pthread_attr_t attr;
    pthread_t th;
    hh_running_case = run;
    if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, (size_t)64 << 20) == 0 &&
        pthread_create(&th, &attr, hh_case_thread, NULL) == 0)
        pthread_join(th, NULL);
    else
        run->run();
}

int hh_main(int argc, char **argv, const char *tool, const hh_case *cases, int ncases,
            const int *failures)
{
    int words = tool ? 3 : 2; /* GG_SERVER [TOOL] CASE */
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        hh_usage(stdout, argv[0], tool, cases, ncases);
        return 0;
    }
    if (argc != words + 1 && argc != words + 2) {
        hh_usage(stderr, argv[0], tool, cases, ncases);
        return 2;
    }
    hh_server_bin = argv[1];
    hh_tool = tool ? argv[2] : NULL;
    const char *name = argv[words];
    hh_case_arg = argc == words + 2 ? argv[words + 1] : NULL;
    const hh_case *run = NULL;
    for (int i = 0; i < ncases && !run; i++)
        if (!strcmp(cases[i].name, name))
            run = &cases[i];
    if (!run) {
        fprintf(stderr, "%s: no case named '%s'\n", argv[0], name);
        hh_usage(stderr, argv[0], tool, cases, ncases);
        return 2;
    }
    hh_run_case(run);
    hh_close_all();
    hh_kill_all();
    int failed = *failures + hh_failures;
    for (int i = 1; i <= hh_logs; i++) {
        char log[64];
        hh_log_name(log, sizeof log, i);
        if (!failed)
            unlink(log);
        else if (access(log, F_OK) == 0)
            fprintf(stderr, "server log: %s\n", log);
    }
    printf("%s %s\n", failed ? "FAIL" : "ok  ", name);
    return failed ? 1 : 0;
}

int hh_mkdata(char *dir, size_t cap, const char *what)
{
    snprintf(dir, cap, "/tmp/gg-test-%s-XXXXXX", what);
    if (mkdtemp(dir) != NULL)
        return 0;
    fprintf(stderr, "harness: cannot make a directory %s\n", dir);
    hh_failures++;
    return -1;
}

int hh_rmdata(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) == 0)
        return 0;
    fprintf(stderr, "harness: cannot remove %s\n", dir);
    hh_failures++;
    return -1;
}

/* ---- the server process --------------------------------------------- */

/* Every server started and not yet stopped (any number), so a failing test
 * leaves no process behind. */
static hh_server *hh_running;

static void hh_forget(hh_server *sv)
{
    for (hh_server **p = &hh_running; *p; p = &(*p)->next)
        if (*p == sv) {
            *p = sv->next;
            break;
        }
    sv->next = NULL;
}

static void hh_kill_all(void)
{
    while (hh_running) {
        hh_server *sv = hh_running;
        if (sv->pid > 0) {
            kill(sv->pid, SIGKILL);
            waitpid(sv->pid, NULL, 0);
            sv->pid = 0;
        }
        hh_forget(sv);
    }
}

int server_start(hh_server *sv, int port, ...)
{
    static int atexit_set;
    if (!atexit_set) {
        atexit(hh_kill_all);
        atexit_set = 1;
    }
    const char *argv[32];
    char portbuf[16];
    int n = 0;
    argv[n++] = hh_server_bin;
    argv[n++] = "--port";
    snprintf(portbuf, sizeof portbuf, "%d", port);
    argv[n++] = portbuf;
    va_list ap;
    va_start(ap, port);
    for (const char *a; n < 30 && (a = va_arg(ap, const char *)) != NULL;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    hh_log_name(sv->log, sizeof sv->log, ++hh_logs);
    unlink(sv->log);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* Dies with the test, even if the test itself crashes. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        FILE *f = freopen(sv->log, "w", stderr);
        (void)f;
        if (!freopen("/dev/null", "w", stdout))
            _exit(126);
        execv(hh_server_bin, (char *const *)argv);
        _exit(127);
    }
    hh_forget(sv); /* a struct reused for a restart is listed once */
    sv->pid = pid;
    sv->port = 0;
    sv->next = hh_running;
    hh_running = sv;
    for (int tries = 0; tries < 500 && !sv->port; tries++) { /* up to 5 s */
        FILE *f = fopen(sv->log, "r");
        char line[512];
        while (f && fgets(line, sizeof line, f)) {
            char *p = strstr(line, "event=listening");
            if (p && (p = strstr(line, " port=")))
                sv->port = atoi(p + 6);
        }
        if (f)
            fclose(f);
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            fprintf(stderr, "harness: gg-server exited at start; its log is %s\n", sv->log);
            sv->pid = 0;
            hh_forget(sv);
            return -1;
        }
        if (!sv->port)
            usleep(10000);
    }
    return sv->port ? 0 : -1;
}

int hh_start_game_server(hh_server *sv, const char *data)
{
    int r = data ? server_start(sv, 0, "--data", data, "--log-level", "debug", (char *)NULL)
                 : server_start(sv, 0, "--no-journal", "--log-level", "debug", (char *)NULL);
    if (r != 0) {
        fprintf(stderr, "FAIL: gg-server did not start (%s)\n", data ? data : "no journal");
        hh_failures++;
    }
    return r;
}

int server_stop(hh_server *sv, int sig)
{
    if (sv->pid <= 0)
        return -1;
    kill(sv->pid, sig);
    int status = 0;
    waitpid(sv->pid, &status, 0);
    sv->pid = 0;
    hh_forget(sv);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

int hh_logged(const hh_server *sv, const char *needle)
{
    FILE *f = fopen(sv->log, "r");
    char line[2048];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        found = strstr(line, needle) != NULL;
    if (f)
        fclose(f);
    return found;
}

int hh_stored_games(const char *dir, const char *scenario)
{
    char cmd[512], line[256];
    snprintf(cmd, sizeof cmd, "%s list --data %s", hh_server_bin, dir);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    int n = 0;
    while (fgets(line, sizeof line, p))
        n += strstr(line, scenario) != NULL;
    return pclose(p) == 0 ? n : -1;
}

/* ---- a test client ---------------------------------------------------- */

/* Open clients, for hh_close_all. */
static hh_client *hh_open_clients[64];

void hh_close(hh_client *t)
{
    gg_client_destroy(t->c);
    t->c = NULL;
    for (int i = 0; i < 64; i++)
        if (hh_open_clients[i] == t)
            hh_open_clients[i] = NULL;
}

void hh_close_all(void)
{
    for (int i = 0; i < 64; i++)
        if (hh_open_clients[i])
            hh_close(hh_open_clients[i]);
}

int hh_open(hh_client *t, const hh_server *sv, int tcp)
{
    memset(t, 0, sizeof *t);
    t->who = -1;
    int err = gg_client_create("127.0.0.1", sv->port, tcp, 3000, &t->c);
    for (int i = 0; !err && i < 64; i++)
        if (!hh_open_clients[i]) {
            hh_open_clients[i] = t;
            break;
        }
    return err;
}

int hh_connect(hh_client *t, const hh_server *sv, int tcp)
{
    return hh_open(t, sv, tcp) == 0 && hh_hello(t) == 0 ? 0 : -1;
}

int hh_send(hh_client *t, gg_msg *m)
{
    uint8_t buf[GG_MAX_MESSAGE];
    if (!m->rid)
        m->rid = ++t->rid;
    int len = gg_msg_encode(m, buf, sizeof buf);
    if (len < 0)
        return len;
    return gg_client_send(t->c, gg_msg_channel(m->type), buf, (size_t)len);
}

int hh_send_raw(hh_client *t, const void *bytes, size_t len)
{
    return gg_client_send(t->c, 0, bytes, len);
}

int hh_pump(hh_client *t, int timeout_ms)
{
    static uint8_t buf[GG_MAX_MESSAGE];
    int got = 0;
    if (!t->c)
        return -1;
    for (;;) {
        size_t len = 0;
        int r = gg_client_recv(t->c, got ? 0 : timeout_ms, buf, sizeof buf, &len);
        if (r < 0) {
            if (!t->closed)
                fprintf(stderr, "harness: connection lost: %s\n", gg_strerror(r));
            t->closed = 1;
            return got ? got : -1;
        }
        if (r == 0)
            return got;
        gg_msg m;
        if (gg_msg_decode(&m, buf, len, NULL) != 0) {
            fprintf(stderr, "harness: undecodable message from the server (%zu bytes)\n", len);
            hh_failures++;
            continue;
        }
        if ((m.type == GG_MSG_ping || m.type == GG_MSG_pong) && m.seq == 0 && m.rid == 0) {
            /* The server's idle ping (PROTOCOL.md [P1.5]): answered with a
             * ping of our own (rid 0), whose pong is dropped here too. */
            if (m.type == GG_MSG_ping) {
                gg_msg again;
                uint8_t out[64];
                gg_msg_init(&again, GG_MSG_ping);
                int n = gg_msg_encode(&again, out, sizeof out);
                if (n > 0)
                    gg_client_send(t->c, 0, out, (size_t)n);
            }
            continue;
        }
        if (m.seq) {
            if (t->nseqs < 4096)
                t->seqs[t->nseqs++] = m.seq;
            if (m.seq > t->last_seq)
                t->last_seq = m.seq;
        }
        if (t->n == HH_INBOX) { /* drop the oldest */
            memmove(t->inbox, t->inbox + 1, (HH_INBOX - 1) * sizeof t->inbox[0]);
            t->n--;
        }
        t->inbox[t->n++] = m;
        got++;
    }
}

/* Removes inbox message i into *out (when out is not NULL). */
static void hh_remove(hh_client *t, int i, gg_msg *out)
{
    if (out)
        *out = t->inbox[i];
    memmove(t->inbox + i, t->inbox + i + 1, (size_t)(t->n - i - 1) * sizeof *t->inbox);
    t->n--;
}

int hh_take_where(hh_client *t, int type, const char *what, gg_msg *out, int timeout_ms)
{
    for (int waited = 0;; waited += 20) {
        for (int i = 0; i < t->n; i++)
            if (t->inbox[i].type == type && (!what || !strcmp(t->inbox[i].u.notice.what, what))) {
                hh_remove(t, i, out);
                return 1;
            }
        if (waited >= timeout_ms || hh_pump(t, 20) < 0)
            return 0;
    }
}

int hh_take(hh_client *t, int type, gg_msg *out, int timeout_ms)
{
    return hh_take_where(t, type, NULL, out, timeout_ms);
}

int hh_take_notice(hh_client *t, const char *what, gg_msg *out, int timeout_ms)
{
    return hh_take_where(t, GG_MSG_notice, what, out, timeout_ms);
}

int hh_has(const hh_client *t, int type)
{
    for (int i = 0; i < t->n; i++)
        if (t->inbox[i].type == type)
            return 1;
    return 0;
}

void hh_clear(hh_client *t)
{
    t->n = 0;
}

/* The next direct reply to request `rid` (its type), or -1. */
static int hh_reply(hh_client *t, uint32_t rid, gg_msg *reply, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 20) {
        for (int i = 0; i < t->n; i++)
            if (t->inbox[i].rid == rid && t->inbox[i].seq == 0 &&
                t->inbox[i].type != GG_MSG_state) {
                int type = t->inbox[i].type;
                hh_remove(t, i, reply);
                return type;
            }
        if (hh_pump(t, 20) < 0)
            return -1;
    }
    return -1;
}

int hh_request(hh_client *t, gg_msg *m, gg_msg *reply, int timeout_ms)
{
    return hh_send(t, m) != 0 ? -1 : hh_reply(t, m->rid, reply, timeout_ms);
}

int hh_request_once(const hh_server *sv, gg_msg *m, gg_msg *reply, int timeout_ms)
{
    hh_client c;
    int type = hh_connect(&c, sv, 1) == 0 ? hh_request(&c, m, reply, timeout_ms) : -1;
    hh_close(&c);
    return type;
}

int hh_hello(hh_client *t)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_hello);
    m.u.hello.major = GG_PROTOCOL_MAJOR;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "test-harness");
    m.u.hello.features = GG_FEAT_ALL;
    return hh_request(t, &m, &r, 3000) == GG_MSG_welcome ? 0 : -1;
}

int hh_create(hh_client *t, gg_msg *create, gg_msg *created)
{
    return hh_request(t, create, created, 5000) == GG_MSG_game_created ? 0 : -1;
}

int hh_create_game(const hh_server *sv, gg_msg *create, gg_msg *created)
{
    return hh_request_once(sv, create, created, 5000) == GG_MSG_game_created ? 0 : -1;
}

int hh_join(hh_client *t, const char *code)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%.*s", GG_MAX_CODE, code);
    int type = hh_request(t, &m, &r, 3000);
    if (type != GG_MSG_joined)
        return type == GG_MSG_error ? r.u.error.code : -1;
    snprintf(t->token, sizeof t->token, "%s", r.u.joined.token);
    snprintf(t->game, sizeof t->game, "%s", r.u.joined.game);
    t->who = r.u.joined.who;
    t->last_seq = r.u.joined.head;
    return 0;
}

int hh_resume(hh_client *t, const char *token, uint32_t last)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_resume);
    snprintf(m.u.resume.token, sizeof m.u.resume.token, "%s", token);
    m.u.resume.last = last;
    if (hh_request(t, &m, &r, 3000) != GG_MSG_joined)
        return -1;
    t->who = r.u.joined.who;
    snprintf(t->token, sizeof t->token, "%s", r.u.joined.token); /* tokens rotate */
    return 0;
}

int hh_stats(hh_client *t, gg_stat *out, int cap)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_stats);
    if (hh_send(t, &m) != 0)
        return -1;
    int n = 0;
    uint32_t part = 0, parts = 1;
    while (part < parts) {
        if (hh_reply(t, m.rid, &r, 3000) != GG_MSG_stats)
            return -1;
        /* Parts come in order; one without part/parts is the only one. */
        uint32_t p = r.u.stats.part ? r.u.stats.part : 1;
        if (p != part + 1 || (part && r.u.stats.parts != parts))
            return -1;
        part = p;
        parts = r.u.stats.parts ? r.u.stats.parts : 1;
        for (int i = 0; i < r.u.stats.metrics.n && n < cap; i++)
            out[n++] = r.u.stats.metrics.s[i];
    }
    return n;
}

int64_t hh_stat(hh_client *t, const char *name)
{
    gg_stat all[GG_MAX_STATS * GG_MAX_STATS_PARTS];
    int n = hh_stats(t, all, GG_MAX_STATS * GG_MAX_STATS_PARTS);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(all[i].name, name))
            return all[i].value;
    return 0;
}

/* The text after "\nNAME " in GET /metrics (the body is stored in *body
 * for the caller to free), or NULL. */
static const char *metric_text(const hh_server *sv, const char *name, char **body)
{
    *body = gg_client_http_get_loopback(sv->port, "/metrics", 1 << 20);
    if (!*body)
        return NULL;
    char key[128];
    snprintf(key, sizeof key, "\n%s ", name);
    const char *p = strstr(*body, key);
    return p ? p + strlen(key) : NULL;
}

long long hh_metric(const hh_server *sv, const char *name)
{
    char *body;
    const char *p = metric_text(sv, name, &body);
    long long v = p ? strtoll(p, NULL, 10) : -1;
    free(body);
    return v;
}

double hh_metric_f(const hh_server *sv, const char *name)
{
    char *body;
    const char *p = metric_text(sv, name, &body);
    double v = p ? strtod(p, NULL) : -1;
    free(body);
    return v;
}

void hh_create_msg(gg_msg *m, const char *scenario, uint64_t seed)
{
    gg_msg_init(m, GG_MSG_create_game);
    snprintf(m->u.create_game.scenario, sizeof m->u.create_game.scenario, "%s", scenario);
    m->u.create_game.seed = seed;
    if (hh_create_key)
        snprintf(m->u.create_game.create_key, sizeof m->u.create_game.create_key, "%s",
                 hh_create_key);
}

void hh_create_bots_msg(gg_msg *m, const char *scenario, uint64_t seed, const char *strategy)
{
    hh_create_msg(m, scenario, seed);
    for (int s = 0; s < GG_SEATS; s++)
        if (s != GG_KAZAKHSTAN)
            snprintf(m->u.create_game.bots.v[s], sizeof m->u.create_game.bots.v[s], "%s", strategy);
}
