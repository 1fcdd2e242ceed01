/* host_harness.h — integration-test harness for gg-server: starts the real
 * binary on 127.0.0.1 with a port chosen by the kernel, and a test client
 * that speaks the protocol over ENet or TCP and decodes what it receives.
 * Header-only, for test programs; every server a test starts it stops
 * (server_stop, and an atexit guard for failing paths). */
#ifndef GG_HOST_HARNESS_H
#define GG_HOST_HARNESS_H

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int usleep(unsigned usec); /* POSIX.1-2001; not declared in strict 2008 mode */

#include "gg/protocol.h"
#include "transport.h"

#include "../check.h" /* EXPECT: a failed check is counted, the case goes on */

/* ---- the server process --------------------------------------------- */

typedef struct hh_server {
    pid_t pid;
    int port;
    char log[256];          /* its stderr, kept for failing tests */
    struct hh_server *next; /* in hh_running while its process runs */
} hh_server;

/* Every server started and not yet stopped (any number), so a failing test
 * leaves no process behind. */
static hh_server *hh_running;

static inline void hh_forget(hh_server *sv)
{
    for (hh_server **p = &hh_running; *p; p = &(*p)->next)
        if (*p == sv) {
            *p = sv->next;
            break;
        }
    sv->next = NULL;
}

static inline void hh_kill_all(void)
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

static const char *hh_server_bin;

/* Starts gg-server with extra arguments (NULL-terminated) plus --port 0
 * (or --port PORT when port > 0) and waits for its `listening` log line.
 * Returns 0 or -1. */
static inline int server_start(hh_server *sv, int port, ...)
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
    static int started;
    snprintf(sv->log, sizeof sv->log, "/tmp/gg-test-server-%d-%d.log", (int)getpid(), ++started);
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

/* Stops the server with `sig` (SIGTERM: orderly; SIGKILL: crash) and reaps
 * it. Returns its exit status (or 128+signal). */
static inline int server_stop(hh_server *sv, int sig)
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

/* ---- a test client ---------------------------------------------------- */

#define HH_INBOX 512

typedef struct hh_client {
    gg_client *c;
    gg_msg inbox[HH_INBOX]; /* decoded messages not yet taken, oldest first */
    int n;
    uint32_t last_seq;   /* highest stream seq seen */
    uint32_t seqs[4096]; /* every stream seq seen, in arrival order */
    int nseqs;
    int closed;
    char token[GG_MAX_TOKEN + 1];
    int who;
    uint32_t rid;
} hh_client;

/* Open clients, so a case can close them all (hh_close_all) before it
 * returns and leaves nothing behind for the leak checker. */
static hh_client *hh_open_clients[64];

static inline void hh_close(hh_client *t)
{
    gg_client_destroy(t->c);
    t->c = NULL;
    for (int i = 0; i < 64; i++)
        if (hh_open_clients[i] == t)
            hh_open_clients[i] = NULL;
}

static inline void hh_close_all(void)
{
    for (int i = 0; i < 64; i++)
        if (hh_open_clients[i])
            hh_close(hh_open_clients[i]);
}

static inline int hh_open(hh_client *t, const hh_server *sv, int tcp)
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

static inline int hh_send(hh_client *t, gg_msg *m)
{
    uint8_t buf[GG_MAX_MESSAGE];
    if (!m->rid)
        m->rid = ++t->rid;
    int len = gg_msg_encode(m, buf, sizeof buf);
    if (len < 0)
        return len;
    return gg_client_send(t->c, gg_msg_channel(m->type), buf, (size_t)len);
}

static inline int hh_send_raw(hh_client *t, const void *bytes, size_t len)
{
    return gg_client_send(t->c, 0, bytes, len);
}

/* Receives what is there (waiting up to timeout_ms for the first message)
 * into the inbox. Returns how many arrived, or -1 once disconnected. */
static inline int hh_pump(hh_client *t, int timeout_ms)
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
            gg_check_failures++;
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

/* Takes the first inbox message of `type` (and, for notices, whose `what`
 * is `what` when not NULL), waiting up to timeout_ms in total. Returns 1
 * and *out, or 0. Messages before it stay. */
static inline int hh_take_where(hh_client *t, int type, const char *what, gg_msg *out,
                                int timeout_ms)
{
    for (int waited = 0;; waited += 20) {
        for (int i = 0; i < t->n; i++)
            if (t->inbox[i].type == type && (!what || !strcmp(t->inbox[i].u.notice.what, what))) {
                if (out)
                    *out = t->inbox[i];
                memmove(t->inbox + i, t->inbox + i + 1, (size_t)(t->n - i - 1) * sizeof *t->inbox);
                t->n--;
                return 1;
            }
        if (waited >= timeout_ms || hh_pump(t, 20) < 0)
            return 0;
    }
}

static inline int hh_take(hh_client *t, int type, gg_msg *out, int timeout_ms)
{
    return hh_take_where(t, type, NULL, out, timeout_ms);
}

/* Takes the first `notice` whose `what` is `what` (others stay). */
static inline int hh_take_notice(hh_client *t, const char *what, gg_msg *out, int timeout_ms)
{
    return hh_take_where(t, GG_MSG_notice, what, out, timeout_ms);
}

/* Whether the inbox holds a message of `type` (no waiting). */
static inline int hh_has(const hh_client *t, int type)
{
    for (int i = 0; i < t->n; i++)
        if (t->inbox[i].type == type)
            return 1;
    return 0;
}

static inline void hh_clear(hh_client *t)
{
    t->n = 0;
}

/* Sends `m` and waits for its reply (same rid): ok, error or the named
 * reply type. Returns the reply's type and fills *reply. */
static inline int hh_request(hh_client *t, gg_msg *m, gg_msg *reply, int timeout_ms)
{
    if (hh_send(t, m) != 0)
        return -1;
    for (int waited = 0; waited < timeout_ms; waited += 20) {
        for (int i = 0; i < t->n; i++)
            if (t->inbox[i].rid == m->rid && t->inbox[i].seq == 0 &&
                t->inbox[i].type != GG_MSG_state) {
                if (reply)
                    *reply = t->inbox[i];
                int type = t->inbox[i].type;
                memmove(t->inbox + i, t->inbox + i + 1, (size_t)(t->n - i - 1) * sizeof *t->inbox);
                t->n--;
                return type;
            }
        if (hh_pump(t, 20) < 0)
            return -1;
    }
    return -1;
}

static inline int hh_hello(hh_client *t)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_hello);
    m.u.hello.major = GG_PROTOCOL_MAJOR;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "test-harness");
    m.u.hello.features = GG_FEAT_ALL;
    return hh_request(t, &m, &r, 3000) == GG_MSG_welcome ? 0 : -1;
}

/* Creates a game; fills *created. Options via the message the caller
 * prepared with gg_msg_init(GG_MSG_create_game). */
static inline int hh_create(hh_client *t, gg_msg *create, gg_msg *created)
{
    return hh_request(t, create, created, 5000) == GG_MSG_game_created ? 0 : -1;
}

static inline int hh_join(hh_client *t, const char *code)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%.*s", GG_MAX_CODE, code);
    if (hh_request(t, &m, &r, 3000) != GG_MSG_joined)
        return -1;
    snprintf(t->token, sizeof t->token, "%s", r.u.joined.token);
    t->who = r.u.joined.who;
    t->last_seq = r.u.joined.head;
    return 0;
}

static inline int hh_resume(hh_client *t, const char *token, uint32_t last)
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

/* A create_game message with no deadlines and the given scenario. */
/* The creator key hh_create_msg puts in create_game (a server started
 * with --create-key), or NULL. */
static const char *hh_create_key;

static inline void hh_create_msg(gg_msg *m, const char *scenario, uint64_t seed)
{
    gg_msg_init(m, GG_MSG_create_game);
    snprintf(m->u.create_game.scenario, sizeof m->u.create_game.scenario, "%s", scenario);
    m->u.create_game.seed = seed;
    if (hh_create_key)
        snprintf(m->u.create_game.create_key, sizeof m->u.create_game.create_key, "%s",
                 hh_create_key);
}

static inline int hh_summary(const char *name)
{
    printf("%s %s\n", gg_check_failures ? "FAIL" : "ok  ", name);
    return gg_check_failures ? 1 : 0;
}

#endif
