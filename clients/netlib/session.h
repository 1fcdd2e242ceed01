/* clients/bot/session.h — one client session with gg-server, shared by
 * gg-bot and gg-client (library gg_session).
 *
 * A session is a connection (ENet by default, TCP on request) that has said
 * hello, plus what is needed to survive a dropped connection: the resume
 * token from `joined` and `last`, the highest stream seq received with
 * nothing missing before it. gg_session_recv hands out messages in stream
 * order: duplicates (seq <= last) are dropped and messages that overtook
 * others (ENet orders packets per channel only) are held until the gap is
 * filled. When the connection drops after a join, recv and send reconnect,
 * say hello and `resume` with the token and `last`, transparently; the
 * `reconnects` counter tells the caller it happened.
 *
 * Memory: gg_session_init allocates the receive buffers; gg_session_close
 * frees them. A decoded message's BIN fields point into the session's raw
 * buffer and stay valid until the next gg_session_recv / _request / _join.
 * Not thread-safe: one session per thread at a time (several sessions may be
 * polled from one thread).
 */
#ifndef GG_SESSION_H
#define GG_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gg/protocol.h"
#include "transport.h"

#define GG_SESSION_HELD 256   /* out-of-order / stashed messages kept at most */
#define GG_SESSION_RETRIES 40 /* reconnect attempts after a drop (about 30 s) */

/* A message kept for later: raw bytes (heap) and its seq. */
typedef struct gg_session_held {
    uint32_t seq;
    uint32_t len;
    uint8_t *bytes;
} gg_session_held;

typedef struct gg_session {
    gg_client *c;               /* NULL while disconnected */
    char server[256];           /* as given: host, host:port, tcp://host:port */
    int tcp;                    /* 1 = TCP, 0 = ENet */
    char name[GG_MAX_NAME + 1]; /* hello.name */
    uint32_t features;          /* agreed in welcome */
    uint32_t server_rules;      /* welcome.rules: the rules the server plays; 0 = unsaid */
    uint32_t next_rid;

    /* after a successful join (or resume) */
    int joined;
    int who;  /* seat 0..3, GG_VIEW_OBSERVER, GG_VIEW_MODERATOR; -1 */
    int role; /* enum gg_role */
    char game[GG_MAX_CODE + 1];
    char token[GG_MAX_TOKEN + 1];
    uint32_t last; /* highest contiguous stream seq received */

    int auto_resume;       /* reconnect and resume on a drop (default 1) */
    int retries;           /* attempts per drop (default GG_SESSION_RETRIES) */
    unsigned reconnects;   /* successful resumes so far */
    unsigned dropped_dups; /* stream messages dropped as already seen */
    unsigned history_gone; /* resumes answered HISTORY_GONE */
    int taken_over;        /* the server said TAKEN_OVER: a newer connection holds the
                              seat, so the session does not resume (it would fail) */

    /* messages to hand out before reading the network: stashed replies
     * (FIFO) and stream messages that arrived early (any order) */
    gg_session_held stash[GG_SESSION_HELD];
    int nstash;
    gg_session_held held[GG_SESSION_HELD];
    int nheld;

    uint8_t *raw; /* GG_MAX_MESSAGE: the message last handed out */
    size_t rawlen;
    char err[512]; /* what went wrong last, for humans */
    FILE *log;     /* diagnostics (reconnects...), NULL = silent */
} gg_session;

/* Prepares *s for `server` (see gg_client_parse_hostport; a tcp:// or
 * enet:// scheme overrides `tcp`) with client name `name`. Does not
 * connect. Returns 0 or GG_EINTERNAL (out of memory). Call gg_session_close
 * in every case. */
int gg_session_init(gg_session *s, const char *server, int tcp, const char *name);

/* Connects and says hello (all features); waits up to timeout_ms (<= 0:
 * 5000) for each step. Returns 0, GG_ECONNECT_FAILED (s->err says which
 * address failed and what to check), or the server's error code. */
int gg_session_connect(gg_session *s, int timeout_ms);

/* When the server plays other rules than this client was built with
 * (welcome.rules, PROTOCOL.md [P3.3], against GG_RULES_VERSION), writes what
 * that means into buf (size n) and returns 1: the client's own rules engine
 * (legal orders, hints, a bot's lookahead) then predicts another game.
 * Returns 0 with buf empty when they agree or the server does not say. */
int gg_session_rules_mismatch(const gg_session *s, char *buf, size_t n);

/* Closes the connection (gracefully) and frees everything. */
void gg_session_close(gg_session *s);

/* Drops the connection without telling the server (tests of resume). */
void gg_session_drop(gg_session *s);

/* Sends *m: assigns m->rid (next request id) when it is 0, encodes it and
 * sends it on its ENet channel. Reconnects first when the connection is
 * gone and the session may resume. Returns the rid (> 0) or a negative
 * error (encode error, GG_ECONN_CLOSED...). */
int gg_session_send(gg_session *s, gg_msg *m);

/* Receives the next message in order into *m, waiting at most timeout_ms
 * (0 = just check, negative = forever). Returns 1, 0 on timeout, or a
 * negative error when the connection is gone for good (no resume possible,
 * or every reconnect attempt failed; s->err says why). */
int gg_session_recv(gg_session *s, gg_msg *m, int timeout_ms);

/* Sends *req and waits up to timeout_ms for the direct reply with its rid
 * (`error` included), which goes to *reply; other messages that arrive
 * meanwhile are kept for gg_session_recv. Returns 0 when the reply is not
 * an error, the error's code when it is (s->err has its text), 1 when no
 * reply came in time, or a negative transport error (GG_ECONN_CLOSED...). */
int gg_session_request(gg_session *s, gg_msg *req, gg_msg *reply, int timeout_ms);

/* join {code}: on success records who/role/game/token and last = head and
 * returns 0 (the snapshot `state` follows through gg_session_recv);
 * otherwise the error code, or 1 on timeout (s->err explains). */
int gg_session_join(gg_session *s, const char *code, int timeout_ms);

/* Reconnects now and resumes (hello, resume {tok, last}). Returns 0 or an
 * error. Called by recv/send on a drop; public for clients that want it. */
int gg_session_resume(gg_session *s, int timeout_ms);

/* For poll(): the socket (-1 while disconnected) and whether messages are
 * already waiting (then do not block in poll). */
int gg_session_fd(const gg_session *s);
int gg_session_pending(const gg_session *s);

/* The raw msgpack bytes of the message last handed out (for JSON). */
const uint8_t *gg_session_raw(const gg_session *s, size_t *len);

#endif /* GG_SESSION_H */
