/* clients/bot/session.c — a client session with gg-server: connect, hello,
 * join, ordered stream delivery, reconnect and resume. See session.h. */
#include "session.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Milliseconds left until `deadline` (-1 = forever). */
static int left(int64_t deadline)
{
    if (deadline < 0)
        return -1;
    int64_t r = deadline - now_ms();
    return r < 0 ? 0 : r > 1000000 ? 1000000 : (int)r;
}

static void logf_(gg_session *s, const char *fmt, const char *a, const char *b)
{
    if (s->log) {
        fprintf(s->log, fmt, a ? a : "", b ? b : "");
        fflush(s->log);
    }
}

int gg_session_init(gg_session *s, const char *server, int tcp, const char *name)
{
    memset(s, 0, sizeof *s);
    snprintf(s->server, sizeof s->server, "%s", server ? server : "");
    snprintf(s->name, sizeof s->name, "%s", name && name[0] ? name : "gg-session");
    s->tcp = tcp;
    s->who = -1;
    s->auto_resume = 1;
    s->retries = GG_SESSION_RETRIES;
    s->raw = malloc(GG_MAX_MESSAGE);
    return s->raw ? 0 : GG_EINTERNAL;
}

static void free_list(gg_session_held *l, int *n)
{
    for (int i = 0; i < *n; i++)
        free(l[i].bytes);
    *n = 0;
}

void gg_session_close(gg_session *s)
{
    if (!s)
        return;
    gg_client_destroy(s->c);
    s->c = NULL;
    free_list(s->stash, &s->nstash);
    free_list(s->held, &s->nheld);
    free(s->raw);
    s->raw = NULL;
}

void gg_session_drop(gg_session *s)
{
    gg_client_destroy(s->c);
    s->c = NULL;
}

int gg_session_fd(const gg_session *s)
{
    return s->c ? gg_client_fd(s->c) : -1;
}

int gg_session_pending(const gg_session *s)
{
    if (s->nstash)
        return 1;
    for (int i = 0; i < s->nheld; i++)
        if (s->held[i].seq == s->last + 1)
            return 1;
    return s->c && gg_client_pending(s->c) > 0;
}

const uint8_t *gg_session_raw(const gg_session *s, size_t *len)
{
    *len = s->rawlen;
    return s->raw;
}

/* ---- raw I/O ---------------------------------------------------------- */

static int keep(gg_session_held *l, int *n, uint32_t seq, const uint8_t *p, size_t len)
{
    if (*n >= GG_SESSION_HELD)
        return -1;
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, p, len);
    l[*n] = (gg_session_held){seq, (uint32_t)len, copy};
    (*n)++;
    return 0;
}

/* Moves entry i of a list into s->raw (keeping the order of the rest). */
static void take(gg_session *s, gg_session_held *l, int *n, int i)
{
    memcpy(s->raw, l[i].bytes, l[i].len);
    s->rawlen = l[i].len;
    free(l[i].bytes);
    memmove(&l[i], &l[i + 1], (size_t)(*n - i - 1) * sizeof *l);
    (*n)--;
}

/* Reads one message from the network into s->raw: 1, 0 (timeout) or a
 * negative error (connection gone). */
static int net_recv(gg_session *s, int timeout_ms)
{
    if (!s->c)
        return GG_ECONN_CLOSED;
    size_t len = 0;
    int r = gg_client_recv(s->c, timeout_ms, s->raw, GG_MAX_MESSAGE, &len);
    if (r == 1)
        s->rawlen = len;
    return r;
}

static int send_raw(gg_session *s, gg_msg *m)
{
    uint8_t buf[GG_MAX_MESSAGE];
    int len = gg_msg_encode(m, buf, sizeof buf);
    if (len < 0) {
        snprintf(s->err, sizeof s->err, "cannot encode %s: %s", gg_msg_type_name(m->type),
                 gg_strerror(len));
        return len;
    }
    if (!s->c)
        return GG_ECONN_CLOSED;
    int err = gg_client_send(s->c, gg_msg_channel(m->type), buf, (size_t)len);
    if (err) {
        snprintf(s->err, sizeof s->err, "send failed: %s", gg_strerror(err));
        return err;
    }
    return 0;
}

/* Waits for the direct reply to `rid`, stashing everything else. Returns
 * 1 (reply in *reply), 0 on timeout, or a negative error. */
static int wait_reply(gg_session *s, uint32_t rid, gg_msg *reply, int timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        int r = net_recv(s, left(deadline));
        if (r <= 0)
            return r;
        gg_msg m;
        int err = gg_msg_decode(&m, s->raw, s->rawlen, NULL);
        if (!err && m.seq == 0 && m.rid == rid && rid != 0) {
            *reply = m;
            return 1;
        }
        if (!err && keep(s->stash, &s->nstash, m.seq, s->raw, s->rawlen) != 0)
            logf_(s, "gg-session: too many messages while waiting for a reply; dropped one%s%s\n",
                  NULL, NULL);
    }
}

/* After `joined`: waits until the snapshot `state` (seq 0) that the server
 * sends next has arrived, stashing it and anything before it for
 * gg_session_recv, so a caller has the view as soon as join returns.
 * Returns 1, 0 on timeout, or a negative error. */
static int wait_snapshot(gg_session *s, int timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        int r = net_recv(s, left(deadline));
        if (r <= 0)
            return r;
        gg_msg m;
        int err = gg_msg_decode(&m, s->raw, s->rawlen, NULL);
        if (keep(s->stash, &s->nstash, err ? 0 : m.seq, s->raw, s->rawlen) != 0)
            logf_(s,
                  "gg-session: too many messages while waiting for the snapshot; dropped "
                  "one%s%s\n",
                  NULL, NULL);
        if (!err && m.type == GG_MSG_state && m.seq == 0)
            return 1;
    }
}

static int error_reply(gg_session *s, const gg_msg *reply)
{
    const gg_msg_error *e = &reply->u.error;
    snprintf(s->err, sizeof s->err, "%s: %s", e->name[0] ? e->name : gg_errname(e->code),
             e->text[0] ? e->text : gg_strerror(e->code));
    return e->code < 0 ? e->code : GG_EINTERNAL;
}

/* ---- connect, hello, join, resume -------------------------------------- */

static int hello(gg_session *s, int timeout_ms)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_hello);
    m.rid = ++s->next_rid;
    m.u.hello.major = GG_PROTOCOL_MAJOR;
    m.u.hello.minor = GG_PROTOCOL_MINOR;
    m.u.hello.features = GG_FEAT_ALL;
    snprintf(m.u.hello.name, sizeof m.u.hello.name, "%s", s->name);
    int err = send_raw(s, &m);
    if (err)
        return err;
    int got = wait_reply(s, m.rid, &r, timeout_ms);
    if (got == 0) {
        snprintf(s->err, sizeof s->err,
                 "%s answered no hello within %d ms; is it a gg-server (and is the transport "
                 "right: ENet by default, --tcp for TCP)?",
                 s->server, timeout_ms);
        return GG_ECONNECT_FAILED;
    }
    if (got < 0) {
        snprintf(s->err, sizeof s->err, "connection to %s closed during hello: %s", s->server,
                 gg_strerror(got));
        return got;
    }
    if (r.type == GG_MSG_error)
        return error_reply(s, &r);
    if (r.type != GG_MSG_welcome) {
        snprintf(s->err, sizeof s->err, "unexpected %s in answer to hello",
                 gg_msg_type_name(r.type));
        return GG_EMSG_UNKNOWN_TYPE;
    }
    s->features = r.u.welcome.features;
    s->server_rules = r.u.welcome.rules;
    return 0;
}

int gg_session_rules_mismatch(const gg_session *s, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (!s->server_rules || s->server_rules == GG_RULES_VERSION)
        return 0;
    snprintf(buf, n,
             "%s plays rules version %u; this client was built with version %d, so the "
             "orders, hints and predictions it works out may not match the game: use a client "
             "built from the server's version",
             s->server, (unsigned)s->server_rules, GG_RULES_VERSION);
    return 1;
}

int gg_session_connect(gg_session *s, int timeout_ms)
{
    if (timeout_ms <= 0)
        timeout_ms = 5000;
    gg_client_destroy(s->c);
    s->c = NULL;
    int err = gg_client_create(s->server, GG_CLIENT_DEFAULT_PORT, s->tcp, timeout_ms, &s->c);
    if (err) {
        s->c = NULL;
        /* CONNECT_FAILED's own text already says what to check: say it once, for
         * this transport (the hint used to repeat it in brackets). */
        const char *why = err == GG_ECONNECT_FAILED ? "no gg-server answered" : gg_strerror(err);
        char host[256];
        int port, transport = s->tcp; /* a tcp:// or ws:// prefix overrides --tcp */
        gg_client_parse_hostport(s->server, GG_CLIENT_DEFAULT_PORT, host, sizeof host, &port,
                                 &transport);
        snprintf(s->err, sizeof s->err,
                 "cannot connect to %s over %s: %s; check the host and port, that gg-server "
                 "runs there, and that %s",
                 s->server, transport ? "TCP" : "ENet/UDP", why,
                 transport ? "the TCP port is open" : "UDP is not blocked (or try --tcp)");
        return err;
    }
    s->tcp = strcmp(gg_client_transport(s->c), "tcp") == 0;
    return hello(s, timeout_ms);
}

int gg_session_request(gg_session *s, gg_msg *req, gg_msg *reply, int timeout_ms)
{
    if (req->rid == 0)
        req->rid = ++s->next_rid;
    int err = send_raw(s, req);
    if (err)
        return err;
    int got = wait_reply(s, req->rid, reply, timeout_ms);
    if (got == 0) {
        snprintf(s->err, sizeof s->err, "no answer to %s within %d ms", gg_msg_type_name(req->type),
                 timeout_ms);
        return 1;
    }
    if (got < 0) {
        snprintf(s->err, sizeof s->err, "connection closed waiting for the answer to %s: %s",
                 gg_msg_type_name(req->type), gg_strerror(got));
        return got;
    }
    return reply->type == GG_MSG_error ? error_reply(s, reply) : 0;
}

static void set_joined(gg_session *s, const gg_msg *r)
{
    s->joined = 1;
    s->who = r->u.joined.who;
    s->role = r->u.joined.role;
    snprintf(s->game, sizeof s->game, "%s", r->u.joined.game);
    snprintf(s->token, sizeof s->token, "%s", r->u.joined.token);
}

int gg_session_join(gg_session *s, const char *code, int timeout_ms)
{
    gg_msg m, r;
    gg_msg_init(&m, GG_MSG_join);
    snprintf(m.u.join.code, sizeof m.u.join.code, "%s", code);
    int err = gg_session_request(s, &m, &r, timeout_ms);
    if (err)
        return err;
    if (r.type != GG_MSG_joined) {
        snprintf(s->err, sizeof s->err, "unexpected %s in answer to join",
                 gg_msg_type_name(r.type));
        return GG_EMSG_UNKNOWN_TYPE;
    }
    set_joined(s, &r);
    s->last = r.u.joined.head;
    free_list(s->held, &s->nheld);
    if (wait_snapshot(s, timeout_ms) < 0)
        return GG_ECONN_CLOSED;
    return 0;
}

int gg_session_resume(gg_session *s, int timeout_ms)
{
    if (!s->token[0]) {
        snprintf(s->err, sizeof s->err, "cannot resume: never joined");
        return GG_EBAD_TOKEN;
    }
    if (timeout_ms <= 0)
        timeout_ms = 5000;
    int err = GG_ECONNECT_FAILED;
    for (int attempt = 0; attempt < (s->retries > 0 ? s->retries : 1); attempt++) {
        if (attempt)
            sleep_ms(attempt < 4 ? 250 : 1000);
        gg_client_destroy(s->c);
        s->c = NULL;
        /* Messages stashed before the drop are kept; the stream resumes after `last`. */
        err = gg_session_connect(s, timeout_ms);
        if (err)
            continue;
        gg_msg m, r;
        gg_msg_init(&m, GG_MSG_resume);
        snprintf(m.u.resume.token, sizeof m.u.resume.token, "%s", s->token);
        m.u.resume.last = s->last;
        err = gg_session_request(s, &m, &r, timeout_ms);
        if (err == GG_EBAD_TOKEN || err == GG_EFORBIDDEN) {
            gg_client_destroy(s->c);
            s->c = NULL;
            return err; /* the server forgot us: no point retrying */
        }
        if (err == 0 && r.type == GG_MSG_joined) {
            set_joined(s, &r);
            s->reconnects++;
            logf_(s, "gg-session: resumed game %s after a disconnect%s\n", s->game, NULL);
            return 0;
        }
    }
    gg_client_destroy(s->c);
    s->c = NULL;
    return err ? err : GG_ECONNECT_FAILED;
}

/* ---- sending and ordered receiving ------------------------------------ */

int gg_session_send(gg_session *s, gg_msg *m)
{
    if (m->rid == 0)
        m->rid = ++s->next_rid;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!s->c && s->joined && s->auto_resume) {
            int err = gg_session_resume(s, 0);
            if (err)
                return err;
        }
        int err = send_raw(s, m);
        if (err == 0)
            return (int)m->rid;
        if (err != GG_ECONN_CLOSED && err != GG_EQUEUE_FULL)
            return err;
        gg_client_destroy(s->c);
        s->c = NULL;
        if (!s->joined || !s->auto_resume)
            return err;
    }
    return GG_ECONN_CLOSED;
}

static int lowest_held(const gg_session *s)
{
    int best = -1;
    for (int i = 0; i < s->nheld; i++)
        if (best < 0 || s->held[i].seq < s->held[best].seq)
            best = i;
    return best;
}

/* Gets the next candidate message into s->raw: stash first, then a held
 * stream message that is next in order, then the network. */
static int next_raw(gg_session *s, int64_t deadline)
{
    if (s->nstash) {
        take(s, s->stash, &s->nstash, 0);
        return 1;
    }
    for (int i = 0; i < s->nheld; i++)
        if (s->held[i].seq <= s->last + 1) {
            take(s, s->held, &s->nheld, i);
            return 1;
        }
    return net_recv(s, left(deadline));
}

int gg_session_recv(gg_session *s, gg_msg *m, int timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        int r = next_raw(s, deadline);
        if (r == 0)
            return 0;
        if (r < 0) {
            if (s->taken_over) {
                snprintf(s->err, sizeof s->err,
                         "another connection took this seat over (TAKEN_OVER: the same seat "
                         "code or resume token was used elsewhere); not resuming");
                return GG_ETAKEN_OVER;
            }
            if (!s->joined || !s->auto_resume) {
                snprintf(s->err, sizeof s->err, "connection closed: %s", gg_strerror(r));
                return r;
            }
            logf_(s, "gg-session: connection lost (%s); reconnecting to %s\n", gg_strerror(r),
                  s->server);
            int err = gg_session_resume(s, 0);
            if (err) {
                snprintf(s->err, sizeof s->err, "connection lost and resume failed: %s",
                         gg_strerror(err));
                return err;
            }
            continue;
        }
        gg_decode_err where = {{0}, -1};
        int err = gg_msg_decode(m, s->raw, s->rawlen, &where);
        if (err) {
            logf_(s, "gg-session: dropped a message the client cannot decode (%s at %s)\n",
                  gg_errname(err), where.where);
            continue;
        }
        if (m->type == GG_MSG_ping && m->seq == 0) {
            /* The server's idle check (native TCP, PROTOCOL.md §14): a ping of
             * our own answers it (its pong is dropped below); keep reading. */
            gg_msg again;
            gg_msg_init(&again, GG_MSG_ping);
            (void)send_raw(s, &again);
            continue;
        }
        if (m->type == GG_MSG_pong && m->rid == 0 && m->seq == 0) {
            continue;
        }
        if (m->type == GG_MSG_error && m->u.error.code == GG_ETAKEN_OVER)
            s->taken_over = 1; /* the server hangs up next; do not fight back */
        if (m->type == GG_MSG_error && m->u.error.code == GG_EHISTORY_GONE) {
            /* The server no longer holds what we missed: continue from the
             * oldest message it re-sent (or the next one it sends). */
            s->history_gone++;
            int i = lowest_held(s);
            s->last = i >= 0 ? s->held[i].seq - 1 : UINT32_MAX;
        }
        if (m->seq && s->joined) {
            if (s->last == UINT32_MAX) /* resync after HISTORY_GONE */
                s->last = m->seq - 1;
            if (m->seq <= s->last) {
                s->dropped_dups++;
                continue;
            }
            if (m->seq > s->last + 1) {
                if (keep(s->held, &s->nheld, m->seq, s->raw, s->rawlen) == 0)
                    continue;
                /* Too many out of order: accept the gap rather than stall. */
                logf_(s, "gg-session: stream gap not filled; skipping ahead%s%s\n", NULL, NULL);
            }
            s->last = m->seq;
        }
        return 1;
    }
}
