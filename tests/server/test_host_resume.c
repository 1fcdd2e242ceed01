/* Resume beyond the in-memory history (issue 17): a stream keeps only its
 * newest messages in memory (GG_STREAM_MEM_BYTES); a client that resumes
 * from further back gets the older ones re-simulated from the journal,
 * gap-free, then the kept ones, then a fresh state. Without a journal the
 * same resume gets HISTORY_GONE and a fresh state; so does one beyond the
 * bytes a resume may re-send (beyond_limit).
 * Usage: test_host_resume GG_SERVER_BINARY CASE */
#include <stdlib.h>

#include "host_harness.h"

#define SEED 20131907
/* pause + resume_game pairs while the seat is away: each sends a notice and
 * a state to every stream, far more than GG_STREAM_MEM_BYTES (8 KiB). */
#define PAIRS 24

static hh_server sv;

/* A belt-and-road game on `sv`: China and the moderator joined, and every
 * message so far has reached China (a ping answered). */
static void china_and_moderator(hh_client *lobby, hh_client *china, hh_client *mod, gg_msg *created)
{
    gg_msg c, m, r;
    hh_create_msg(&c, "belt-and-road", SEED);
    EXPECT(hh_connect(lobby, &sv, 1) == 0 && hh_create(lobby, &c, created) == 0);
    EXPECT(hh_connect(china, &sv, 1) == 0 &&
           hh_join(china, created->u.game_created.codes.v[GG_CHINA]) == 0);
    EXPECT(hh_connect(mod, &sv, 1) == 0 &&
           hh_join(mod, created->u.game_created.moderator_code) == 0);
    gg_msg_init(&m, GG_MSG_ping);
    hh_request(china, &m, &r, 2000); /* everything so far has arrived */
}

/* China leaves, the moderator pauses and resumes the game PAIRS times,
 * China resumes from where it left. */
static void away_and_back(int journal)
{
    char dir[64];
    if (journal)
        hh_mkdata(dir, sizeof dir, "resume");
    int r0 = journal ? server_start(&sv, 0, "--data", dir, "--log-level", "debug", (char *)NULL)
                     : server_start(&sv, 0, "--no-journal", "--log-level", "debug", (char *)NULL);
    EXPECT(r0 == 0);
    if (r0)
        return;
    gg_msg created, m, r;
    hh_client lobby, china, mod, back;
    china_and_moderator(&lobby, &china, &mod, &created);
    uint32_t last = china.last_seq;
    EXPECT(last >= 2);
    char token[GG_MAX_TOKEN + 1];
    snprintf(token, sizeof token, "%s", china.token);
    hh_close(&china);
    for (int i = 0; i < PAIRS; i++) {
        gg_msg_init(&m, GG_MSG_pause);
        EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
        gg_msg_init(&m, GG_MSG_resume_game);
        EXPECT(hh_request(&mod, &m, &r, 2000) == GG_MSG_ok);
    }
    EXPECT(hh_connect(&back, &sv, 0) == 0); /* ENet: channels */
    gg_msg_init(&m, GG_MSG_resume);
    snprintf(m.u.resume.token, sizeof m.u.resume.token, "%s", token);
    m.u.resume.last = last;
    EXPECT(hh_request(&back, &m, &r, 3000) == GG_MSG_joined);
    uint32_t head = r.u.joined.head;
    EXPECT(head > last + 4 * PAIRS); /* a notice and a state per pause and per resume */
    /* The fresh state (seq 0) comes after the history. */
    int fresh = 0, gone = 0;
    for (int waited = 0; waited < 5000 && !fresh; waited += 20) {
        hh_pump(&back, 20);
        for (int i = 0; i < back.n; i++) {
            fresh |= back.inbox[i].type == GG_MSG_state && back.inbox[i].seq == 0;
            gone |= back.inbox[i].type == GG_MSG_error &&
                    back.inbox[i].u.error.code == GG_EHISTORY_GONE;
        }
    }
    EXPECT(fresh);
    if (journal) {
        /* Every missed message, exactly once, in order: last+1 .. head. */
        EXPECT(!gone);
        EXPECT_EQ(back.nseqs, (int)(head - last));
        for (int i = 0; i < back.nseqs; i++)
            if (back.seqs[i] != last + 1 + (uint32_t)i) {
                fprintf(stderr, "seq %u at %d, expected %u\n", back.seqs[i], i,
                        last + 1 + (uint32_t)i);
                EXPECT(0);
                break;
            }
        EXPECT_EQ(hh_stat(&mod, "resumes_journal"), 1);
    } else {
        /* Only the in-memory window: the newest messages, then the error. */
        hh_pump(&back, 200);
        for (int i = 0; i < back.n; i++)
            gone |= back.inbox[i].type == GG_MSG_error &&
                    back.inbox[i].u.error.code == GG_EHISTORY_GONE;
        EXPECT(gone);
        EXPECT(back.nseqs > 0 && back.nseqs < (int)(head - last));
        EXPECT(back.nseqs == 0 || back.seqs[back.nseqs - 1] == head);
        EXPECT_EQ(hh_stat(&mod, "resumes_journal"), 0);
    }
    /* The resumed seat goes on live: a ready is answered. */
    gg_msg_init(&m, GG_MSG_ready);
    m.u.ready.phase = GG_PHASE_DIPLOMACY;
    EXPECT(hh_request(&back, &m, &r, 2000) == GG_MSG_ok);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    if (journal)
        hh_rmdata(dir);
}

/* Sends a resume for `token` from `last` on a fresh ENet client and pumps
 * until the fresh state (seq 0); `token` becomes the new one. Returns the
 * joined head (0 on failure); *gone_at is the inbox index of HISTORY_GONE
 * (-1 if none). */
static uint32_t resume_from(hh_client *back, char *token, uint32_t last, int *gone_at)
{
    gg_msg m, r;
    *gone_at = -1;
    if (hh_connect(back, &sv, 0) != 0)
        return 0;
    gg_msg_init(&m, GG_MSG_resume);
    snprintf(m.u.resume.token, sizeof m.u.resume.token, "%s", token);
    m.u.resume.last = last;
    if (hh_request(back, &m, &r, 3000) != GG_MSG_joined)
        return 0;
    snprintf(token, GG_MAX_TOKEN + 1, "%s", r.u.joined.token);
    int fresh = 0;
    for (int waited = 0; waited < 5000 && !fresh; waited += 20) {
        hh_pump(back, 20);
        for (int i = 0; i < back->n; i++) {
            const gg_msg *x = &back->inbox[i];
            fresh |= x->type == GG_MSG_state && x->seq == 0;
            if (x->type == GG_MSG_error && x->u.error.code == GG_EHISTORY_GONE && *gone_at < 0)
                *gone_at = i;
        }
    }
    EXPECT(fresh);
    return r.u.joined.head;
}

/* Pause and resume the game `pairs` times (a notice and a state each, to
 * every stream: ~1.9 KB on China's). */
static void pause_resume(hh_client *mod, int pairs)
{
    gg_msg m, r;
    for (int i = 0; i < pairs; i++) {
        gg_msg_init(&m, GG_MSG_pause);
        EXPECT(hh_request(mod, &m, &r, 2000) == GG_MSG_ok);
        gg_msg_init(&m, GG_MSG_resume_game);
        EXPECT(hh_request(mod, &m, &r, 2000) == GG_MSG_ok);
    }
}

/* PROTOCOL.md P5.7: with a journal, HISTORY_GONE only beyond the limit on
 * bytes re-sent (512 KiB; 16 KiB here through the test hook). Within it
 * (6 pairs, ~11 KB, older than the 8 KiB in memory) the resume is gap-free
 * from the journal; beyond it (24 pairs, ~45 KB) the journal's messages
 * that fit, HISTORY_GONE where the gap is, then the messages kept in
 * memory, ending at head, then the state. */
static void beyond_limit(void)
{
    char dir[64];
    hh_mkdata(dir, sizeof dir, "resume-limit");
    int r0 = server_start(&sv, 0, "--data", dir, "--test-resume-max-bytes", "16384", "--log-level",
                          "debug", (char *)NULL);
    EXPECT(r0 == 0);
    if (r0)
        return;
    gg_msg created, m, r;
    hh_client lobby, china, mod, back, again;
    china_and_moderator(&lobby, &china, &mod, &created);
    uint32_t last = china.last_seq;
    char token[GG_MAX_TOKEN + 1];
    snprintf(token, sizeof token, "%s", china.token);
    hh_close(&china);
    pause_resume(&mod, 6);
    int gone_at;
    uint32_t head = resume_from(&back, token, last, &gone_at);
    EXPECT(head > last + 4 * 6);
    EXPECT(gone_at < 0);
    EXPECT_EQ(back.nseqs, (int)(head - last));
    EXPECT(back.nseqs > 0 && back.seqs[0] == last + 1 && back.seqs[back.nseqs - 1] == head);
    EXPECT_EQ(hh_stat(&mod, "resumes_journal"), 1);
    last = back.last_seq;
    hh_close(&back);
    pause_resume(&mod, 24);
    head = resume_from(&again, token, last, &gone_at);
    EXPECT(head > last + 4 * 24);
    /* What fits in the limit from last+1 on, HISTORY_GONE in place of the
     * rest up to the in-memory window, then the window, ending at head. */
    EXPECT(gone_at >= 0);
    EXPECT(again.nseqs > 0 && again.nseqs < (int)(head - last));
    EXPECT(again.nseqs == 0 || (again.seqs[0] == last + 1 && again.seqs[again.nseqs - 1] == head));
    int breaks = 0, before_gone = 0;
    for (int i = 1; i < again.nseqs; i++)
        breaks += again.seqs[i] != again.seqs[i - 1] + 1;
    EXPECT_EQ(breaks, 1);
    for (int i = 0; i < gone_at; i++)
        before_gone += again.inbox[i].seq > 0;
    for (int i = 1; i < again.nseqs; i++)
        if (again.seqs[i] != again.seqs[i - 1] + 1)
            EXPECT_EQ(before_gone, i); /* the error stands where the gap is */
    /* The resumed seat goes on live. */
    gg_msg_init(&m, GG_MSG_ready);
    m.u.ready.phase = GG_PHASE_DIPLOMACY;
    EXPECT(hh_request(&again, &m, &r, 2000) == GG_MSG_ok);
    hh_close_all();
    server_stop(&sv, SIGTERM);
    hh_rmdata(dir);
}

static void from_journal(void)
{
    away_and_back(1);
}

static void no_journal_gone(void)
{
    away_and_back(0);
}

int main(int argc, char **argv)
{
    static const hh_case cases[] = {
        {"from_journal", from_journal},
        {"no_journal_gone", no_journal_gone},
        {"beyond_limit", beyond_limit},
    };
    return hh_main(argc, argv, NULL, cases, HH_COUNT(cases), &gg_check_failures);
}
