/* clients/bot/bridge.c — gg-bot --exec: relays the game between the server
 * and a program speaking JSON lines on stdin/stdout. See bridge.h and
 * PROTOCOL.md for the line format. */
#include "bridge.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUT_CAP (16u << 20) /* bytes queued for a program that does not read */
#define LINE_CAP (GG_MAX_JSON + 2)
#define JSON_CAP (256u << 10)

typedef struct bridge {
    gg_player *p;
    const char *program;
    int timeout_s;
    pid_t pid;
    int wfd, rfd; /* program's stdin (we write), stdout (we read); -1 closed */
    char *out;    /* pending bytes for the program */
    size_t olen, ocap;
    char *line; /* partial line from the program */
    size_t llen;
    int overlong; /* discarding an overlong line */
    unsigned lineno;
    char *json; /* JSON_CAP scratch */
    /* the decision the program owes */
    int dec_open;
    int64_t dec_deadline;
    int dec_turn, dec_phase;
    int prompted_turn, prompted_phase;
    uint32_t prompted_dl; /* the prompted phase's deadline (for a prompt again) */
    int dead;             /* the program has exited */
    int replaying;
    unsigned seen_reconnects;
    unsigned missed, sent;
} bridge;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *seat_of(const bridge *b)
{
    return gg_seat_name(b->p->s.who);
}

/* ---- the program's process -------------------------------------------- */

static int spawn(bridge *b)
{
    int in[2], out[2];
    if (pipe(in) != 0)
        return -1;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", "-c", b->program, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    b->pid = pid;
    b->wfd = in[1];
    b->rfd = out[0];
    fcntl(b->wfd, F_SETFL, fcntl(b->wfd, F_GETFL) | O_NONBLOCK);
    fcntl(b->rfd, F_SETFL, fcntl(b->rfd, F_GETFL) | O_NONBLOCK);
    fcntl(b->wfd, F_SETFD, FD_CLOEXEC);
    fcntl(b->rfd, F_SETFD, FD_CLOEXEC);
    return 0;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The program is gone (EOF on its stdout or a broken pipe): reap it and
 * say so once. */
static void program_died(bridge *b)
{
    if (b->dead)
        return;
    b->dead = 1;
    close_fd(&b->rfd);
    close_fd(&b->wfd);
    b->olen = 0;
    int status = 0;
    pid_t r = 0;
    for (int i = 0; i < 20 && (r = waitpid(b->pid, &status, WNOHANG)) == 0; i++) {
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    char how[96] = "closed its output";
    if (r == b->pid && WIFEXITED(status))
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(status));
    else if (r == b->pid && WIFSIGNALED(status))
        snprintf(how, sizeof how, "was killed by signal %d", WTERMSIG(status));
    if (r == b->pid)
        b->pid = 0;
    if (!b->p->over)
        fprintf(stderr,
                "gg-bot: the --exec program (%s) %s; seat %s stays connected and now gets the "
                "game's missed-turn policy at every deadline\n",
                b->program, how, seat_of(b));
    b->dec_open = 0;
}

/* Queues one line for the program. */
static void put_line(bridge *b, const char *text, size_t len)
{
    if (b->dead || b->wfd < 0)
        return;
    if (b->olen + len + 1 > OUT_CAP) {
        fprintf(stderr,
                "gg-bot: the --exec program does not read its input (%u bytes "
                "waiting); dropping a message\n",
                (unsigned)b->olen);
        return;
    }
    if (b->olen + len + 1 > b->ocap) {
        size_t cap = b->ocap ? b->ocap : 65536;
        while (cap < b->olen + len + 1)
            cap *= 2;
        char *n = realloc(b->out, cap);
        if (!n)
            return;
        b->out = n;
        b->ocap = cap;
    }
    memcpy(b->out + b->olen, text, len);
    b->out[b->olen + len] = '\n';
    b->olen += len + 1;
}

static void flush_out(bridge *b)
{
    while (b->olen && b->wfd >= 0) {
        ssize_t n = write(b->wfd, b->out, b->olen);
        if (n > 0) {
            memmove(b->out, b->out + n, b->olen - (size_t)n);
            b->olen -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                program_died(b);
            return;
        }
    }
}

static void bridge_error(bridge *b, int code, const char *where, const char *text)
{
    char buf[1024];
    char clean[256];
    size_t k = 0;
    for (const char *c = text; *c && k + 1 < sizeof clean; c++)
        clean[k++] = (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20) ? '\'' : *c;
    clean[k] = 0;
    int n = snprintf(buf, sizeof buf,
                     "{\"t\":\"bridge_error\",\"line\":%u,\"code\":%d,\"name\":\"%s\","
                     "\"where\":\"%s\",\"msg\":\"%s\"}",
                     b->lineno, code, code ? gg_errname(code) : "", where ? where : "", clean);
    put_line(b, buf, (size_t)n);
    fprintf(stderr, "gg-bot: --exec program line %u refused: %s\n", b->lineno, clean);
}

/* ---- relaying ------------------------------------------------------- */

static int allowed(int type)
{
    switch (type) {
    case GG_MSG_chat:
    case GG_MSG_propose:
    case GG_MSG_respond:
    case GG_MSG_orders:
    case GG_MSG_ready:
    case GG_MSG_crisis_response:
    case GG_MSG_ping:
    case GG_MSG_stats:
        return 1;
    default:
        return 0;
    }
}

/* One complete line from the program. */
static void program_line(bridge *b, const char *text, size_t len)
{
    b->lineno++;
    while (len && (text[len - 1] == '\r' || text[len - 1] == ' '))
        len--;
    if (!len)
        return;
    gg_msg m;
    gg_decode_err where = {{0}, -1};
    int err = gg_msg_from_json(&m, text, len, &where);
    if (err) {
        bridge_error(b, err, where.where, gg_strerror(err));
        return;
    }
    if (!allowed(m.type)) {
        bridge_error(b, GG_EFORBIDDEN, "t",
                     "the bridge owns the session: send chat, propose, respond, orders, ready, "
                     "crisis_response, ping or stats");
        return;
    }
    if (b->dec_open && (m.type == GG_MSG_ready || m.type == GG_MSG_crisis_response))
        b->dec_open = 0;
    m.seq = 0;
    int r = gg_session_send(&b->p->s, &m);
    if (r < 0)
        fprintf(stderr, "gg-bot: cannot send the program's %s: %s\n", gg_msg_type_name(m.type),
                b->p->s.err);
    else
        b->sent++;
}

static void read_program(bridge *b)
{
    char buf[16384];
    for (;;) {
        ssize_t n = read(b->rfd, buf, sizeof buf);
        if (n == 0) {
            program_died(b);
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                program_died(b);
            return;
        }
        for (ssize_t i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') {
                if (b->overlong) {
                    b->lineno++;
                    bridge_error(b, GG_EMSG_TOO_BIG, "", "line longer than GG_MAX_JSON bytes");
                } else {
                    program_line(b, b->line, b->llen);
                }
                b->llen = 0;
                b->overlong = 0;
            } else if (b->llen + 1 < LINE_CAP) {
                b->line[b->llen++] = c;
            } else {
                b->overlong = 1;
            }
        }
        if (b->dead)
            return;
    }
}

static void prompt(bridge *b, int turn, int phase, uint32_t deadline_ms)
{
    if (b->dec_open)
        fprintf(stderr,
                "gg-bot: the --exec program did not finish turn %d %s before the phase ended; "
                "seat %s got the game's missed-turn policy\n",
                b->dec_turn, gg_phase_name(b->dec_phase), seat_of(b));
    char buf[256];
    int n = snprintf(buf, sizeof buf,
                     "{\"t\":\"your_turn\",\"seat\":\"%s\",\"turn\":%u,\"phase\":\"%s\","
                     "\"timeout\":%d,\"dl\":%u}",
                     seat_of(b), turn, gg_phase_name(phase), b->timeout_s, deadline_ms);
    put_line(b, buf, (size_t)n);
    b->prompted_turn = turn;
    b->prompted_phase = phase;
    b->prompted_dl = deadline_ms;
    b->dec_turn = turn;
    b->dec_phase = phase;
    b->dec_open = !b->dead;
    b->dec_deadline = now_ms() + (int64_t)b->timeout_s * 1000;
}

/* A proposal that reached the seat after its program said `ready` for
 * this diplomacy phase: the server keeps diplomacy open until the seat
 * answers it or says `ready` again having seen it (PROTOCOL.md [P6.13]),
 * so the program is asked again (a second `your_turn` for the same turn
 * and phase). A program that only says `ready` when prompted thereby
 * covers it; one that answers deals answers it. */
static int awaits_answer(const bridge *b, const gg_deal *d)
{
    int seat = b->p->s.who;
    return !b->dec_open && b->prompted_phase == GG_PHASE_DIPLOMACY &&
           d->turn == (uint8_t)b->prompted_turn && d->status == GG_DEAL_OPEN && seat >= 0 &&
           seat < GG_SEATS && ((d->parties >> seat) & 1) && !((d->accepted >> seat) & 1) &&
           d->proposer != seat;
}

static void server_message(bridge *b, const gg_msg *m)
{
    gg_player *p = b->p;
    if (p->s.reconnects != b->seen_reconnects) {
        b->seen_reconnects = p->s.reconnects;
        b->replaying = 1;
        char buf[128];
        int n = snprintf(buf, sizeof buf, "{\"t\":\"reconnected\",\"last\":%u}", p->s.last);
        put_line(b, buf, (size_t)n);
    }
    size_t rawlen;
    const uint8_t *raw = gg_session_raw(&p->s, &rawlen);
    int n = gg_msgpack_to_json(raw, rawlen, b->json, JSON_CAP);
    if (n > 0)
        put_line(b, b->json, (size_t)n);
    if (m->type == GG_MSG_deal_update && !b->replaying && awaits_answer(b, &m->u.deal_update.deal))
        prompt(b, b->prompted_turn, b->prompted_phase, b->prompted_dl);
    if (m->type == GG_MSG_game_over) {
        p->result = m->u.game_over;
        p->over = 1;
        return;
    }
    if (m->type != GG_MSG_state)
        return;
    if (b->replaying) {
        if (m->seq != 0)
            return;
        b->replaying = 0;
    }
    int phase = m->u.state.phase, turn = (int)m->u.state.turn;
    int decides = phase == GG_PHASE_DIPLOMACY || phase == GG_PHASE_ORDERS ||
                  (phase == GG_PHASE_CRISIS && p->s.who == GG_KAZAKHSTAN);
    if (decides && (turn != b->prompted_turn || phase != b->prompted_phase))
        prompt(b, turn, phase, m->u.state.deadline_ms);
}

static void check_timeout(bridge *b)
{
    if (b->dec_open && now_ms() > b->dec_deadline) {
        b->dec_open = 0;
        b->missed++;
        fprintf(stderr,
                "gg-bot: the --exec program took longer than %d s to decide turn %d %s; the "
                "bridge stops answering for it and seat %s gets the game's missed-turn policy\n",
                b->timeout_s, b->dec_turn, gg_phase_name(b->dec_phase), seat_of(b));
    }
}

static void finish(bridge *b)
{
    flush_out(b);
    close_fd(&b->wfd); /* EOF tells the program the game is over */
    if (b->pid > 0) {
        int status;
        int64_t until = now_ms() + 2000;
        while (waitpid(b->pid, &status, WNOHANG) == 0) {
            if (now_ms() > until) {
                kill(b->pid, SIGTERM);
                waitpid(b->pid, &status, 0);
                break;
            }
            struct timespec ts = {0, 10 * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    close_fd(&b->rfd);
}

int gg_bridge_run(gg_player *p, const char *program, int timeout_s)
{
    bridge b;
    memset(&b, 0, sizeof b);
    b.p = p;
    b.program = program;
    b.timeout_s = timeout_s > 0 ? timeout_s : 10;
    b.wfd = b.rfd = -1;
    b.prompted_turn = b.prompted_phase = -1;
    b.seen_reconnects = p->s.reconnects;
    b.line = malloc(LINE_CAP);
    b.json = malloc(JSON_CAP);
    gg_msg *m = malloc(sizeof *m);
    signal(SIGPIPE, SIG_IGN);
    int rc = 0;
    if (!b.line || !b.json || !m) {
        rc = GG_EINTERNAL;
    } else if (spawn(&b) != 0) {
        fprintf(stderr, "gg-bot: cannot start the --exec program: %s\n", strerror(errno));
        rc = GG_EINTERNAL;
    }
    if (rc == 0) {
        /* The program's first line: who it plays (the token stays with us). */
        char hello[256];
        int n = snprintf(hello, sizeof hello,
                         "{\"t\":\"joined\",\"seq\":0,\"game\":\"%s\",\"who\":\"%s\","
                         "\"role\":\"%s\",\"head\":%u}",
                         p->s.game, gg_who_name(p->s.who), gg_role_name(p->s.role), p->s.last);
        put_line(&b, hello, (size_t)n);
    }
    while (rc == 0 && !p->over) {
        struct pollfd fds[3];
        int nf = 0, net = -1, rd = -1, wr = -1;
        if (gg_session_fd(&p->s) >= 0) {
            net = nf;
            fds[nf++] = (struct pollfd){gg_session_fd(&p->s), POLLIN, 0};
        }
        if (b.rfd >= 0) {
            rd = nf;
            fds[nf++] = (struct pollfd){b.rfd, POLLIN, 0};
        }
        if (b.wfd >= 0 && b.olen) {
            wr = nf;
            fds[nf++] = (struct pollfd){b.wfd, POLLOUT, 0};
        }
        int wait = gg_session_pending(&p->s) ? 0 : 20;
        poll(fds, (nfds_t)nf, wait);
        (void)net;
        if (rd >= 0 && (fds[rd].revents & (POLLIN | POLLHUP | POLLERR)))
            read_program(&b);
        for (;;) {
            int r = gg_session_recv(&p->s, m, 0);
            if (r < 0) {
                fprintf(stderr, "gg-bot: %s\n", p->s.err);
                rc = r;
                break;
            }
            if (r == 0)
                break;
            server_message(&b, m);
            if (p->over)
                break;
        }
        if (wr >= 0 || b.olen)
            flush_out(&b);
        check_timeout(&b);
    }
    finish(&b);
    p->moves = b.sent;
    free(b.out);
    free(b.line);
    free(b.json);
    free(m);
    return rc;
}
