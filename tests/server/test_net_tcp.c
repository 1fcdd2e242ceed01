/* tests/server/test_net_tcp.c — TCP framing against gg_net with a raw
 * socket: frames split into 1-byte writes, several frames in one write,
 * oversized and zero lengths (closed and counted as bad frames), a truncated
 * frame followed by a hang-up (reported, no crash or leak), the frames of one
 * loop iteration leaving in one write.
 * Usage: test_net_tcp CASE (see main). */
#include "test_net_harness.h"

#include "gg/errors.h"
#include "gg/limits.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static uint8_t buf[GG_MAX_MESSAGE + 8], got[GG_MAX_MESSAGE + 8];

/* Reads one frame from a raw socket and checks it equals msg. */
static void raw_expect(int fd, const uint8_t *msg, uint32_t len)
{
    uint8_t h[4];
    th_raw_read(fd, h, 4);
    REQUIRE_EQ((uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3], len);
    th_raw_read(fd, got, len);
    REQUIRE(memcmp(got, msg, len) == 0);
}

static void split_case(void)
{
    th *t = th_start();
    int fd = th_raw_connect(t, 0);
    uint8_t frame[4 + 1500];
    size_t i;
    uint32_t len = 1500;

    /* One frame, one byte per write. The pauses only make it likely that the
     * server sees the bytes in separate reads; the check is the echo. */
    th_pattern(buf, len, 5);
    frame[0] = 0, frame[1] = 0, frame[2] = (uint8_t)(len >> 8), frame[3] = (uint8_t)len;
    memcpy(frame + 4, buf, len);
    for (i = 0; i < sizeof frame; i++) {
        th_raw_write(fd, frame + i, 1);
        if (i < 8 || i % 100 == 0)
            nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    raw_expect(fd, buf, len);

    /* Three frames in one write, the last one split across two. */
    {
        uint8_t many[3 * (4 + 300)];
        size_t k, off = 0;
        for (k = 0; k < 3; k++) {
            many[off] = 0, many[off + 1] = 0, many[off + 2] = 1, many[off + 3] = 44; /* 300 */
            th_pattern(many + off + 4, 300, (unsigned)(10 + k));
            off += 304;
        }
        th_raw_write(fd, many, off - 100);
        nanosleep(&(struct timespec){0, 2000000}, NULL);
        th_raw_write(fd, many + off - 100, 100);
        for (k = 0; k < 3; k++) {
            th_pattern(buf, 300, (unsigned)(10 + k));
            raw_expect(fd, buf, 300);
        }
    }
    close(fd);
    th_stop(t);
}

/* Sends a frame header declaring `len`; the server must say why
 * (too_big_msg, or malformed_msg for a zero length), close the connection,
 * count a bad frame and report `reason`. */
static void bad_len_case(uint32_t len, int join_first, int reason)
{
    th *t = th_start();
    gg_client *o = th_client(t, 1);
    int fd = th_raw_connect(t, 0);
    char r[1024], want[32];
    if (join_first) {
        static const uint8_t join[] = {0, 'j', 'o', 'i', 'n'};
        static const uint8_t ok[] = {0, 'o', 'k'};
        th_raw_frame(fd, join, sizeof join);
        raw_expect(fd, ok, sizeof ok);
    }
    {
        /* The header plus some body bytes, in one write (the server may
         * close as soon as it sees the header). */
        uint8_t f[12] = {(uint8_t)(len >> 24),
                         (uint8_t)(len >> 16),
                         (uint8_t)(len >> 8),
                         (uint8_t)len,
                         'a',
                         'b',
                         'c',
                         'd',
                         'e',
                         'f',
                         'g',
                         'h'};
        th_raw_write(fd, f, sizeof f);
    }
    if (len == 0)
        raw_expect(fd, (const uint8_t *)TH_MALFORMED, sizeof TH_MALFORMED - 1);
    else
        raw_expect(fd, (const uint8_t *)TH_TOO_BIG, sizeof TH_TOO_BIG - 1);
    REQUIRE(th_raw_wait_closed(fd));
    close(fd);
    th_wait_stat(o, "closed", 1, r, sizeof r);
    REQUIRE_EQ(th_stat(r, "bad"), 1);
    REQUIRE_EQ(th_stat(r, "open"), 1);
    snprintf(want, sizeof want, "closes=%d,", reason);
    REQUIRE(strstr(r, want) != NULL);
    /* The server is fine: the other client still gets echoes. */
    th_pattern(buf, 100, 1);
    REQUIRE_EQ(gg_client_send(o, 0, buf, 100), 0);
    {
        size_t n;
        REQUIRE_EQ(gg_client_recv(o, TH_WAIT_MS, got, sizeof got, &n), 1);
        REQUIRE_EQ(n, 100);
    }
    gg_client_destroy(o);
    REQUIRE_EQ(th_stop(t), 2);
}

static void truncated_case(void)
{
    th *t = th_start();
    gg_client *o = th_client(t, 1);
    int fd = th_raw_connect(t, 0);
    char r[1024];
    th_raw_frame(fd, NULL, 100);
    th_raw_write(fd, "0123456789", 10);
    close(fd);
    th_wait_stat(o, "closed", 1, r, sizeof r);
    REQUIRE_EQ(th_stat(r, "bad"), 0); /* a hang-up, not a bad frame */
    {
        char want[32];
        snprintf(want, sizeof want, "closes=%d,", GG_EMSG_TRUNCATED);
        REQUIRE(strstr(r, want) != NULL);
    }
    /* A connection that hangs up before a whole header is just closed. */
    fd = th_raw_connect(t, 0);
    th_raw_write(fd, "\0\0", 2);
    close(fd);
    th_wait_stat(o, "closed", 2, r, sizeof r);
    gg_client_destroy(o);
    REQUIRE_EQ(th_stop(t), 3);
}

/* Over the connection limit, a TCP client is told why (the refusal frame)
 * and then closed; the connections already open are unaffected. */
static void refused_case(void)
{
    static const uint8_t refuse[] = "SERVER_FULL";
    th *t = th_start_limited(2, refuse, sizeof refuse);
    int a = th_raw_connect(t, 0), b = th_raw_connect(t, 0);
    uint8_t msg[3] = {1, 2, 3};
    th_raw_frame(a, msg, 3); /* both accepted: they echo */
    raw_expect(a, msg, 3);
    th_raw_frame(b, msg, 3);
    raw_expect(b, msg, 3);
    int c = th_raw_connect(t, 0);
    raw_expect(c, refuse, sizeof refuse);
    REQUIRE(th_raw_wait_closed(c));
    close(c);
    th_raw_frame(a, msg, 3);
    raw_expect(a, msg, 3);
    close(a);
    close(b);
    REQUIRE_EQ(th_stop(t), 2);
}

/* Sends "\0<cmd>" on a raw socket and reads the reply frame's text. */
static void raw_cmd(int fd, const char *cmd, char *out, size_t cap)
{
    uint8_t m[256], h[4];
    size_t n = strlen(cmd);
    m[0] = 0;
    memcpy(m + 1, cmd, n);
    th_raw_frame(fd, m, (uint32_t)(n + 1));
    th_raw_read(fd, h, 4);
    uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    REQUIRE(len >= 1 && len < cap);
    th_raw_read(fd, out, len);
    REQUIRE_EQ(out[0], 0);
    memmove(out, out + 1, len - 1);
    out[len - 1] = '\0';
}

/* Frames sent to one connection in one loop iteration leave together: 20
 * frames written in one go are echoed (one callback each, all in the
 * iteration that reads them) intact and in order, in fewer socket writes
 * than frames (one per iteration; before, one per frame). */
static void batched_case(void)
{
    enum { K = 20, LEN = 100 };
    th *t = th_start();
    int fd = th_raw_connect(t, 0);
    uint8_t many[K * (4 + LEN)], one[LEN];
    char r[1024];
    for (int k = 0; k < K; k++) {
        uint8_t *f = many + k * (4 + LEN);
        f[0] = 0, f[1] = 0, f[2] = 0, f[3] = LEN;
        th_pattern(f + 4, LEN, (unsigned)(100 + k));
    }
    raw_cmd(fd, "stats", r, sizeof r);
    unsigned long long w0 = th_stat(r, "writes");
    REQUIRE(w0 != ~0ULL);
    th_raw_write(fd, many, sizeof many);
    for (int k = 0; k < K; k++) {
        th_pattern(one, LEN, (unsigned)(100 + k));
        raw_expect(fd, one, LEN);
    }
    raw_cmd(fd, "stats", r, sizeof r);
    /* the first stats reply took one write; the K echoes the rest */
    unsigned long long echo_writes = th_stat(r, "writes") - w0 - 1;
    fprintf(stderr, "batched: %d frames echoed in %llu writes\n", K, echo_writes);
    REQUIRE(echo_writes >= 1);
    REQUIRE(echo_writes < K);
    close(fd);
    th_stop(t);
}

int main(int argc, char **argv)
{
    const char *c = argc > 1 ? argv[1] : "";
    if (!strcmp(c, "--help") || argc != 2) {
        printf("usage: test_net_tcp CASE\n"
               "cases: split too_big_unjoined too_big_joined huge zero_len truncated refused "
               "batched\n");
        return argc == 2 ? 0 : 2;
    }
    if (!strcmp(c, "split"))
        split_case();
    else if (!strcmp(c, "too_big_unjoined"))
        bad_len_case(GG_MAX_MESSAGE_UNJOINED + 1, 0, GG_EMSG_TOO_BIG);
    else if (!strcmp(c, "too_big_joined"))
        bad_len_case(GG_MAX_MESSAGE + 1, 1, GG_EMSG_TOO_BIG);
    else if (!strcmp(c, "huge"))
        bad_len_case(0xFFFFFFFFu, 0, GG_EMSG_TOO_BIG);
    else if (!strcmp(c, "zero_len"))
        bad_len_case(0, 0, GG_EMSG_MALFORMED);
    else if (!strcmp(c, "truncated"))
        truncated_case();
    else if (!strcmp(c, "refused"))
        refused_case();
    else if (!strcmp(c, "batched"))
        batched_case();
    else {
        fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    printf("ok %s\n", c);
    return 0;
}
