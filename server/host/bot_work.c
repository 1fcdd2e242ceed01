/* bot_work.c — server bots think on the bots' worker pool (bot_pool.c),
 * never on the loop.
 *
 * A game has at most one bot job in flight. A job is a snapshot taken on
 * the loop: for every seat that has something to do, the seat's view of
 * the state at the start of the phase (g->phase_state; acting bots think
 * on it, so a bot that acts late, e.g. after a recovery, decides as it
 * would have at the phase start), its view now (answering bots: the deal
 * is in it) and a copy of its bot reseeded from (turn, phase, deal). A worker thread computes the
 * moves (proposals, orders, the crisis answer, answers to open deals); back on the loop they are
 * applied in a fixed order (seats 0..3, then answers by ledger slot and seat) through the same path
 * as every other command, so they are journaled like any command and recovery replays the records,
 * never the thinking.
 *
 * While a game's job is in flight, messages from its attached sessions
 * wait in the game's queue (server.c), so "bots act first at the start of
 * a phase" holds exactly as when bots ran inline, and other games carry on.
 *
 * Bounds: a server bot's strength is bounded (gg__host_bot_check); a move that
 * takes longer than GG_BOT_MOVE_BUDGET_MS demotes that seat's bot to
 * greedy for the rest of the game (logged). At most GG_MAX_HEAVY_BOT_JOBS
 * jobs with mcts orders run at once server-wide (the rest wait in line,
 * oldest first), so greedy and random bots always find a free worker.
 *
 * Light jobs (no mcts orders: micro- to milliseconds of thinking) made in
 * one loop iteration go to the pool together, as one work item, at the end
 * of the iteration (gg__host_bots_submit): with thousands of games a job
 * each would cost more in thread wake-ups than in thinking. Each job's
 * moves are applied exactly as before, job by job, in the order made.
 *
 * Slices: a batch's results come back together, and with thousands of games
 * applying them all (moves, phase ends, turn resolutions, snapshots, state
 * announcements) would make one loop iteration last hundreds of ms while
 * every reply waited behind it. They wait in the host's ready queue instead
 * and each iteration's check applies the oldest ones, at most
 * GG_SETTLE_SLICE of them or GG_SETTLE_BUDGET_US of loop time; the loop
 * does not block in its poll while some remain, so network reads, replies
 * and journal commits come between two slices (gg__host_settle_ready).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef GG_TEST_HOOKS
#include <unistd.h>
#endif

#include "host.h"
#include "log.h"

/* An answer a job's bot owes: the deal as it was, the seat's bot reseeded
 * for that deal, and (back from the pool) the answer. */
struct bot_ask {
    uint8_t seat, slot, accept;
    gg_deal deal;
    gg_bot bot;
    gg_bot_reply reply; /* the reason, and maybe a counter-offer */
};

/* A job is one allocation: this header, then the views its seats need
 * (st[]: one per acting seat, one per answering seat), then its asks. A
 * job with every view and every possible ask would be 26 KiB; most need
 * three views (5 KiB). */
struct bot_job {
    bot_task task;                /* a heavy job goes to the pool alone (light ones in a batch) */
    struct bot_job *next_waiting; /* host's queue of heavy jobs waiting for a slot */
    int heavy;                    /* an mcts bot thinks about its orders */
    host *h;
    host_game *g; /* NULL once the game was destroyed */
    size_t bytes; /* of the allocation (stats mem.bot_jobs) */
    uint32_t phase_no;
    uint8_t phase;
    uint8_t act;               /* seats whose bot acts at the phase start */
    gg_state *views[GG_SEATS]; /* at the phase start: what acting bots see (act seats) */
    gg_state *now[GG_SEATS];   /* now: what answering bots see (the deal is in it) */
    gg_bot bots[GG_SEATS];
    int nask;
    struct bot_ask *ask;
    /* results */
    int nprop[GG_SEATS];
    gg_bot_proposal prop[GG_SEATS][GG_BOT_MAX_PROPOSALS];
    gg_orders orders[GG_SEATS];
    int crisis;
    uint64_t ns[GG_SEATS]; /* thinking time per seat */
    gg_state st[];         /* the views, then the asks */
};
_Static_assert(_Alignof(struct bot_ask) <= _Alignof(gg_state), "bot_job: asks follow the views");

/* Frees a job and counts it gone (every job is freed here). */
static void job_free(host *h, struct bot_job *j)
{
    h->m.bot_jobs_alive--;
    h->m.bot_job_bytes -= j->bytes;
    free(j);
}

int gg__host_bot_check(const char *strategy)
{
    gg_bot b;
    if (!strategy || !strategy[0])
        return 0;
    if (gg_bot_init(&b, strategy, 0, 1) != 0)
        return GG_EBAD_OPTION;
    if (b.kind == GG_BOT_MCTS && (int)b.mcts_k * (int)b.mcts_rollouts > GG_MAX_SERVER_BOT_ROLLOUTS)
        return GG_EMSG_BAD_FIELD;
    return 0;
}

static uint8_t bot_seats(const host_game *g)
{
    return (uint8_t)(g->bot_perm | g->bot_temp);
}

void gg__game_count_counter(host_game *g, int seat)
{
    if (g->bot_counter_turn[seat] != g->s.turn) {
        g->bot_counter_turn[seat] = g->s.turn;
        g->bot_counters[seat] = 0;
    }
    if (g->bot_counters[seat] < 255)
        g->bot_counters[seat]++;
}

int gg__game_bot_counters(const host_game *g, int seat)
{
    return g->bot_counter_turn[seat] == g->s.turn ? g->bot_counters[seat] : 0;
}

/* The seat's bot with its stream reseeded from where the game is, so a
 * decision depends only on (view, turn, phase, deal), and with the
 * counter-offers its seat made this turn (from the applied commands: a
 * copy's own count is lost with the copy, and with a restart). */
static gg_bot reseeded(const host_game *g, int seat, uint32_t deal)
{
    gg_bot b = g->bots[seat];
    uint64_t where = ((uint64_t)g->s.turn << 40) ^ ((uint64_t)g->s.phase << 32) ^ deal;
    gg_pcg32_seed(&b.rng, g->seed ^ (where * 0x9e3779b97f4a7c15ULL), (uint64_t)seat + 1);
    b.counter_turn = g->s.turn;
    b.counters = (uint8_t)gg__game_bot_counters(g, seat);
    return b;
}

/* Seats whose bot has not acted in this phase yet. */
static uint8_t to_act(const host_game *g)
{
    uint8_t seats = (uint8_t)(bot_seats(g) & ~g->bots_acted & 0xf);
    switch (g->s.phase) {
    case GG_PHASE_DIPLOMACY:
        return seats;
    case GG_PHASE_ORDERS:
        return (uint8_t)(seats & ~g->s.submitted);
    case GG_PHASE_CRISIS:
        return (uint8_t)(seats & (1u << GG_KAZAKHSTAN));
    default:
        return 0;
    }
}

/* Whether (slot, seat) is an open deal a bot of this game still owes an
 * answer to, and was not yet asked about. */
static int owes_answer(const host_game *g, int slot, int seat)
{
    const gg_deal *d = &g->s.deals[slot];
    if (g->s.phase != GG_PHASE_DIPLOMACY || d->status != GG_DEAL_OPEN ||
        !((bot_seats(g) >> seat) & 1) || !((d->parties >> seat) & 1) || ((d->accepted >> seat) & 1))
        return 0;
    return !(g->bot_asked_id[slot] == d->id && ((g->bot_asked[slot] >> seat) & 1));
}

int gg__game_bots_pending(const host_game *g)
{
    if (g->bot_job || g->think_waiting)
        return 1;
    if (g->s.phase == GG_PHASE_OVER || g->replaying)
        return 0;
    if (to_act(g))
        return 1;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        for (int seat = 0; seat < GG_SEATS; seat++)
            if (owes_answer(g, i, seat))
                return 1;
    return 0;
}

static void think(struct bot_job *j)
{
    for (int seat = 0; seat < GG_SEATS; seat++) {
        if (!((j->act >> seat) & 1))
            continue;
        uint64_t t0 = uv_hrtime();
        const gg_state *v = j->views[seat];
        if (j->phase == GG_PHASE_DIPLOMACY)
            j->nprop[seat] = gg_bot_propose(&j->bots[seat], v, j->prop[seat], GG_BOT_MAX_PROPOSALS);
        else if (j->phase == GG_PHASE_ORDERS)
            gg_bot_orders(&j->bots[seat], v, &j->orders[seat]);
        else if (j->phase == GG_PHASE_CRISIS)
            j->crisis = gg_bot_crisis(&j->bots[seat], v);
        j->ns[seat] += uv_hrtime() - t0;
    }
    for (int i = 0; i < j->nask; i++) {
        uint64_t t0 = uv_hrtime();
        int seat = j->ask[i].seat;
        j->ask[i].accept =
            (uint8_t)gg_bot_answer(&j->ask[i].bot, j->now[seat], &j->ask[i].deal, &j->ask[i].reply);
        j->ns[seat] += uv_hrtime() - t0;
    }
}

uint64_t gg__host_bot_threads_idle(const host *h)
{
    return (uint64_t)atomic_load(&h->pool.idled);
}

uint64_t gg__host_bot_threads_niced(const host *h)
{
    return (uint64_t)atomic_load(&h->pool.niced);
}

int gg__host_bot_thread_nice(const host *h)
{
    return atomic_load(&h->pool.nice_now);
}

/* A heavy job on the pool (a worker thread). */
static void think_task(bot_task *t)
{
    think((struct bot_job *)t);
}

static void bot_apply(host_game *g, int seat, gg_msg *m)
{
    int err = gg__game_apply(g, GG_REC_BOT(seat), seat, m, NULL);
    if (err)
        gg_log(GG_LOG_WARN, "server_move_refused", "game", g->id, "who", gg_who_name(seat), "type",
               gg_msg_type_name(m->type), "error", gg_errname(err), GG_LOG_END);
}

/* Back on the loop: applies the job's moves in a fixed order, demotes
 * bots over their budget, lets the game settle and its queued messages go. */
static void start_job(host *h, struct bot_job *j);

static void thought(struct bot_job *j, int status)
{
    host_game *g = j->g;
    if (j->heavy) { /* a slot for a strong bot is free: the next one thinks */
        host *h = j->h;
        h->heavy_running--;
        struct bot_job *next;
        while ((next = h->heavy_waiting) != NULL && !next->g) { /* its game is gone */
            h->heavy_waiting = next->next_waiting;
            job_free(h, next);
        }
        if (next) {
            h->heavy_waiting = next->next_waiting;
            start_job(h, next);
        }
    }
    if (!g) {
        job_free(j->h, j);
        return;
    }
    g->bot_job = NULL;
    if (status == 0 && g->phase_no == j->phase_no && g->s.phase == j->phase) {
        gg_msg m;
        for (int seat = 0; seat < GG_SEATS; seat++) {
            if (!((j->act >> seat) & 1) || !((bot_seats(g) >> seat) & 1))
                continue;
            if (j->phase == GG_PHASE_DIPLOMACY) {
                for (int i = 0; i < j->nprop[seat]; i++) {
                    gg_msg_init(&m, GG_MSG_propose);
                    m.u.propose.parties = j->prop[seat][i].parties;
                    m.u.propose.clauses.n = j->prop[seat][i].nclauses;
                    memcpy(m.u.propose.clauses.c, j->prop[seat][i].clauses,
                           sizeof j->prop[seat][i].clauses);
                    m.u.propose.why = j->prop[seat][i].why;
                    bot_apply(g, seat, &m);
                }
            } else if (j->phase == GG_PHASE_ORDERS && !((g->s.submitted >> seat) & 1)) {
                gg_msg_init(&m, GG_MSG_orders);
                m.u.orders.orders = j->orders[seat];
                bot_apply(g, seat, &m);
            } else if (j->phase == GG_PHASE_CRISIS && g->s.phase == GG_PHASE_CRISIS) {
                gg_msg_init(&m, GG_MSG_crisis_response);
                m.u.crisis_response.response = (uint8_t)j->crisis;
                bot_apply(g, seat, &m);
            }
        }
        g->bots_acted = (uint8_t)(g->bots_acted | j->act);
        for (int i = 0; i < j->nask; i++) {
            const gg_deal *d = &g->s.deals[j->ask[i].slot];
            int seat = j->ask[i].seat;
            if (d->id != j->ask[i].deal.id || d->status != GG_DEAL_OPEN ||
                ((d->accepted >> seat) & 1) || !((bot_seats(g) >> seat) & 1))
                continue; /* answered or closed meanwhile */
            gg_msg_init(&m, GG_MSG_respond);
            m.u.respond.deal = d->id;
            m.u.respond.accept = j->ask[i].accept;
            m.u.respond.why = j->ask[i].reply.why;
            bot_apply(g, seat, &m);
            const gg_bot_reply *r = &j->ask[i].reply;
            /* The limit holds across the job's answers (each thought on its
             * own copy of the bot) and across restarts. */
            if (!r->accept && r->countered && g->s.phase == GG_PHASE_DIPLOMACY &&
                gg__game_bot_counters(g, seat) < GG_BOT_MAX_COUNTERS) {
                gg_msg_init(&m, GG_MSG_propose); /* a counter-offer in its place */
                m.u.propose.parties = r->counter.parties;
                m.u.propose.clauses.n = r->counter.nclauses;
                memcpy(m.u.propose.clauses.c, r->counter.clauses, sizeof r->counter.clauses);
                m.u.propose.why = r->counter.why;
                bot_apply(g, seat, &m);
            }
        }
    }
    for (int seat = 0; seat < GG_SEATS; seat++) {
        if (j->ns[seat]) /* /metrics: one seat's thinking in this job */
            gg__host_hist_observe(&g->h->m.bot_think_seconds, (double)j->ns[seat] / 1e9);
        if (j->ns[seat] <= (uint64_t)GG_BOT_MOVE_BUDGET_MS * 1000000u ||
            g->bots[seat].kind == GG_BOT_GREEDY)
            continue;
        char ms[24];
        snprintf(ms, sizeof ms, "%llu", (unsigned long long)(j->ns[seat] / 1000000u));
        gg_log(GG_LOG_WARN, "bot_over_budget", "game", g->id, "who", gg_who_name(seat), "ms", ms,
               "action", "this seat's server bot plays greedy from now on", GG_LOG_END);
        gg_bot_init(&g->bots[seat], "greedy", seat, g->seed);
        g->h->m.bots_demoted++;
    }
    job_free(g->h, j);
    g->h->m.bot_jobs++;
    gg__game_settle(g);
    gg__host_drain_game(g->h, g);
}

/* GG_BOT_JOBS_MAX, or the test build's --test-bot-jobs-max. */
static uint64_t jobs_max(const host *h)
{
#ifdef GG_TEST_HOOKS
    if (h->cfg.test_bot_jobs_max > 0)
        return (uint64_t)h->cfg.test_bot_jobs_max;
#else
    (void)h;
#endif
    return GG_BOT_JOBS_MAX;
}

static int popcount4(unsigned x)
{
    return (int)((x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1));
}

/* Puts g in the line of games waiting for a job (GG_BOT_JOBS_MAX). */
static void think_later(host_game *g)
{
    host *h = g->h;
    g->think_waiting = 1;
    g->next_think = NULL;
    if (!h->think_wait)
        h->think_tail = &h->think_wait;
    *h->think_tail = g;
    h->think_tail = &g->next_think;
    if (++h->m.think_wait > h->m.think_wait_max)
        h->m.think_wait_max = h->m.think_wait;
}

void gg__game_bots_step(host_game *g)
{
    if (g->bot_job || g->think_waiting || g->replaying || g->s.phase == GG_PHASE_OVER || g->paused)
        return;
    host *h = g->h;
    uint8_t act = to_act(g), askers = 0;
    int nask = 0;
    for (int i = 0; i < GG_MAX_DEALS; i++)
        for (int seat = 0; seat < GG_SEATS; seat++)
            if (owes_answer(g, i, seat)) {
                askers = (uint8_t)(askers | (1u << seat));
                nask++;
            }
    if (!act && !nask)
        return;
    if (h->m.bot_jobs_alive >= jobs_max(h) || (h->think_wait && h->think_grant != g)) {
        /* No snapshot yet (it is taken when a job is free: the game's
         * messages wait meanwhile, so its state is the same then). Behind
         * the games already waiting: first come, first served. */
        think_later(g);
        return;
    }
    int nstates = popcount4(act) + popcount4(askers);
    size_t bytes = sizeof(struct bot_job) + (size_t)nstates * sizeof(gg_state) +
                   (size_t)nask * sizeof(struct bot_ask);
    struct bot_job *j = malloc(bytes);
    if (!j) {
        gg_log(GG_LOG_ERROR, "bot_job_alloc_failed", "game", g->id, GG_LOG_END);
        return;
    }
    memset(j, 0, sizeof *j);
    j->bytes = bytes;
    h->m.bot_jobs_alive++;
    h->m.bot_job_bytes += bytes;
    if (h->m.bot_jobs_alive > h->m.bot_jobs_alive_max)
        h->m.bot_jobs_alive_max = h->m.bot_jobs_alive;
    int k = 0;
    for (int seat = 0; seat < GG_SEATS; seat++) {
        if ((act >> seat) & 1) {
            j->views[seat] = &j->st[k++];
            gg_view(&g->phase_state, seat, j->views[seat]);
        }
        if ((askers >> seat) & 1) {
            j->now[seat] = &j->st[k++];
            gg_view(&g->s, seat, j->now[seat]);
        }
        if (((act | askers) >> seat) & 1)
            j->bots[seat] = reseeded(g, seat, 0);
    }
    j->ask = (struct bot_ask *)(void *)&j->st[k];
    memset(j->ask, 0, (size_t)nask * sizeof *j->ask);
    for (int i = 0; i < GG_MAX_DEALS; i++)
        for (int seat = 0; seat < GG_SEATS; seat++) {
            if (!owes_answer(g, i, seat))
                continue;
            struct bot_ask *q = &j->ask[j->nask++];
            q->seat = (uint8_t)seat;
            q->slot = (uint8_t)i;
            q->deal = g->s.deals[i];
            q->bot = reseeded(g, seat, g->s.deals[i].id);
            if (g->bot_asked_id[i] != g->s.deals[i].id) {
                g->bot_asked_id[i] = g->s.deals[i].id;
                g->bot_asked[i] = 0;
            }
            g->bot_asked[i] = (uint8_t)(g->bot_asked[i] | (1u << seat));
        }
    j->h = h;
    j->g = g;
    j->phase_no = g->phase_no;
    j->phase = g->s.phase;
    j->act = act;
    for (int seat = 0; seat < GG_SEATS; seat++)
        j->heavy |=
            ((act >> seat) & 1) && j->phase == GG_PHASE_ORDERS && g->bots[seat].kind == GG_BOT_MCTS;
    g->bot_job = j;
    if (j->heavy && h->heavy_running >= GG_MAX_HEAVY_BOT_JOBS) {
        /* Wait in line (the snapshot is taken: the moves do not depend on
         * how long); the game's messages wait with it. */
        struct bot_job **p = &h->heavy_waiting;
        while (*p)
            p = &(*p)->next_waiting;
        *p = j;
        return;
    }
    start_job(h, j);
}

static void on_kick(uv_idle_t *i)
{
    (void)i; /* keeps the poll phase from blocking before the check submits */
}

static void thought_task(bot_task *t, int status)
{
    thought((struct bot_job *)t, status);
}

/* Hands a task to the pool (held there if a worker had its lock: the
 * next iteration's gg__host_bots_submit retries); with no pool, runs it
 * here rather than never (logged: it blocks). */
static void to_pool(host *h, bot_task *t)
{
    int r = bot_pool_submit(&h->pool, t);
    if (r > 0) {
        gg__host_kick(h);
    } else if (r < 0) {
        gg_log(GG_LOG_ERROR, "bot_queue_failed", GG_LOG_END);
        t->work(t);
        t->done(t, 0);
    }
}

static void start_job(host *h, struct bot_job *j)
{
    if (!j->heavy) { /* with this iteration's other light jobs, at its end */
        j->next_waiting = NULL;
        if (!h->light_pending)
            h->light_tail = &h->light_pending;
        *h->light_tail = j;
        h->light_tail = &j->next_waiting;
        /* (during recovery the loop's handles do not exist yet: the first
         * check submits the jobs) */
        gg__host_kick(h);
        return;
    }
    h->heavy_running++;
    j->task.work = think_task;
    j->task.done = thought_task;
    to_pool(h, &j->task);
}

/* A batch of light jobs: one work item on the pool. */
struct bot_batch {
    bot_task task;
    struct bot_job *jobs; /* linked by next_waiting, in the order made */
};

static void think_batch(bot_task *t)
{
    struct bot_batch *b = (struct bot_batch *)t;
    for (struct bot_job *j = b->jobs; j; j = j->next_waiting)
        think(j);
}

void gg__host_kick(host *h)
{
    if (!h->kick_on && !h->closing && uv_is_active((const uv_handle_t *)&h->flush)) {
        uv_idle_start(&h->kick, on_kick);
        h->kick_on = 1;
    }
}

/* A batch is back: its jobs wait in h->ready, in the order made, to be
 * applied a slice per iteration (gg__host_settle_ready). Their games keep
 * g->bot_job until then, so their sessions' messages keep waiting. */
static void thought_batch(bot_task *t, int status)
{
    struct bot_batch *b = (struct bot_batch *)t;
    struct bot_job *j = b->jobs;
    host *h = j->h;
    free(b);
    if (status == 0 && !h->closing) {
        if (!h->ready)
            h->ready_tail = &h->ready;
        *h->ready_tail = j;
        for (; j; j = j->next_waiting) {
            h->ready_tail = &j->next_waiting;
            h->m.settle_backlog++;
        }
        if (h->m.settle_backlog > h->m.settle_backlog_max)
            h->m.settle_backlog_max = h->m.settle_backlog;
        gg__host_kick(h);
        return;
    }
    while (j) {
        struct bot_job *next = j->next_waiting; /* thought frees j */
        thought(j, status);
        j = next;
    }
}

#ifdef GG_TEST_HOOKS
static void on_settle_hold(uv_timer_t *t)
{
    (void)t; /* wakes the loop: the check looks at the hold file again */
}

/* --test-hold-settle: while the file exists nothing is applied; the loop
 * looks again every 10 ms (not a busy loop). */
static int settle_held(host *h)
{
    if (!h->cfg.test_hold_settle || access(h->cfg.test_hold_settle, F_OK) != 0)
        return 0;
    if (!uv_is_active((const uv_handle_t *)&h->settle_hold)) {
        h->settle_hold.data = h;
        uv_timer_start(&h->settle_hold, on_settle_hold, 10, 0);
    }
    return 1;
}
#endif

uint64_t gg__host_thread_cpu_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return uv_hrtime();
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int gg__game_busy(const host_game *g)
{
    return g->bot_job != NULL || g->think_waiting || g->settle_due;
}

void gg__game_settle_soon(host_game *g)
{
    host *h = g->h;
    if (g->replaying || h->closing || !uv_is_active((const uv_handle_t *)&h->flush)) {
        gg__game_settle(g);
        return;
    }
    if (g->settle_due)
        return;
    g->settle_due = 1;
    g->next_due = NULL;
    if (!h->due)
        h->due_tail = &h->due;
    *h->due_tail = g;
    h->due_tail = &g->next_due;
    if (++h->m.settle_backlog > h->m.settle_backlog_max)
        h->m.settle_backlog_max = h->m.settle_backlog;
    gg__host_kick(h);
}

/* Takes g out of the due queue (it is going away). */
static void forget_due(host_game *g)
{
    host *h = g->h;
    if (!g->settle_due)
        return;
    host_game *prev = NULL;
    for (host_game **p = &h->due; *p; prev = *p, p = &(*p)->next_due)
        if (*p == g) {
            *p = g->next_due;
            if (!*p)
                h->due_tail = prev ? &prev->next_due : &h->due;
            break;
        }
    g->settle_due = 0;
    h->m.settle_backlog--;
}

/* One item of a slice: the oldest due game's settling, or the oldest bot
 * result, taking turns (`turn` flips) while both wait. */
static void settle_one(host *h, int *turn)
{
    int take_due = h->due && (!h->ready || *turn);
    *turn = !*turn;
    h->m.settle_backlog--;
    if (take_due) {
        host_game *g = h->due;
        h->due = g->next_due;
        g->settle_due = 0;
        gg__game_settle(g);
        gg__host_drain_game(h, g);
        return;
    }
    struct bot_job *j = h->ready;
    h->ready = j->next_waiting;
    thought(j, 0); /* frees j */
}

void gg__host_settle_ready(host *h)
{
    if (!h->ready && !h->due)
        return;
    int slice = GG_SETTLE_SLICE;
    uint64_t budget_ns = (uint64_t)GG_SETTLE_BUDGET_US * 1000u;
#ifdef GG_TEST_HOOKS
    if (settle_held(h))
        return;
    if (h->cfg.test_settle_slice > 0) {
        slice = h->cfg.test_settle_slice;
        budget_ns = UINT64_MAX; /* the count alone decides: the tests are not timed */
    }
#endif
    uint64_t t0 = gg__host_thread_cpu_ns();
    int n = 0, turn = 0;
    while ((h->ready || h->due) && n < slice) {
        n++;
        settle_one(h, &turn);
        if (gg__host_thread_cpu_ns() - t0 >= budget_ns)
            break;
    }
    if ((uint64_t)n > h->m.settle_slice_max)
        h->m.settle_slice_max = (uint64_t)n;
    if (h->ready || h->due) {
        h->m.settle_deferred++;
        gg__host_kick(h);
    }
}

void gg__host_settle_discard(host *h)
{
    while (h->due) {
        host_game *g = h->due;
        h->due = g->next_due;
        g->settle_due = 0;
    }
    while (h->ready) {
        struct bot_job *j = h->ready;
        h->ready = j->next_waiting;
        if (j->g)
            j->g->bot_job = NULL;
        job_free(h, j);
    }
    h->m.settle_backlog = 0;
    while (h->think_wait) {
        host_game *g = h->think_wait;
        h->think_wait = g->next_think;
        g->think_waiting = 0;
    }
    h->m.think_wait = 0;
}

/* Games waiting for a job make theirs while fewer than GG_BOT_JOBS_MAX
 * are alive, oldest first. A game's bots may have nothing left to do by
 * then (a deadline passed meanwhile): it settles and its messages go. */
static void think_waiting_games(host *h)
{
    while (h->think_wait && h->m.bot_jobs_alive < jobs_max(h)) {
        host_game *g = h->think_wait;
        h->think_wait = g->next_think;
        g->think_waiting = 0;
        h->m.think_wait--;
        h->think_grant = g;
        gg__game_settle(g); /* makes its job (step -> gg__game_bots_step) */
        h->think_grant = NULL;
        if (!g->bot_job)
            gg__host_drain_game(h, g);
    }
}

void gg__host_bots_submit(host *h, int discard)
{
    if (!discard) { /* closing: bot_pool_close cancels the held tasks */
        if (bot_pool_retry(&h->pool) > 0)
            gg__host_kick(h);
        think_waiting_games(h);
    }
    struct bot_job *jobs = h->light_pending;
    h->light_pending = NULL;
    h->light_tail = &h->light_pending;
    if (!jobs)
        return;
    struct bot_batch *b = discard ? NULL : malloc(sizeof *b);
    if (b) {
        b->task.work = think_batch;
        b->task.done = thought_batch;
        b->jobs = jobs;
        to_pool(h, &b->task);
        return;
    }
    if (!discard)
        gg_log(GG_LOG_ERROR, "bot_batch_alloc_failed", GG_LOG_END);
    /* No memory: think here rather than never (it blocks); closing: the
     * games are gone, the jobs are only freed. */
    while (jobs) {
        struct bot_job *next = jobs->next_waiting;
        if (discard) {
            job_free(h, jobs);
        } else {
            think(jobs);
            thought(jobs, 0);
        }
        jobs = next;
    }
}

void gg__game_bots_forget(host_game *g)
{
    forget_due(g);
    if (g->think_waiting) { /* out of the line of games waiting for a job */
        host *h = g->h;
        host_game *prev = NULL;
        for (host_game **p = &h->think_wait; *p; prev = *p, p = &(*p)->next_think)
            if (*p == g) {
                *p = g->next_think;
                if (!*p)
                    h->think_tail = prev ? &prev->next_think : &h->think_wait;
                break;
            }
        g->think_waiting = 0;
        h->m.think_wait--;
    }
    if (g->bot_job)
        g->bot_job->g = NULL;
    g->bot_job = NULL;
}
