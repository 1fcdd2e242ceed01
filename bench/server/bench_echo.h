/* bench/server/bench_echo.h — the echo benchmark driver shared by
 * bench-enet-echo (raw ENet, the floor) and bench-net-echo (gg_net +
 * gg_transport). A transport is a set of client operations; the driver
 * measures round-trip latency with one client and throughput with C clients
 * each keeping K messages in flight, and prints one table row per run.
 * Figures only: nothing here asserts on time. */
#ifndef BENCH_ECHO_H
#define BENCH_ECHO_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_ops {
    const char *name; /* row label, e.g. "raw-enet" */
    /* Opens client number i (exits on failure). */
    void *(*open)(void *ctx, int i);
    /* Sends one message; returns 0 or negative. */
    int (*send)(void *client, const uint8_t *msg, size_t len);
    /* Receives one message within timeout_ms (0 = poll only). Returns 1 with
     * a message, 0 if none, negative on error. */
    int (*recv)(void *client, int timeout_ms, uint8_t *buf, size_t cap, size_t *len);
    /* The socket to poll() for readability. */
    int (*fd)(void *client);
    void (*close)(void *client);
    void *ctx;
} bench_ops;

typedef struct bench_opts {
    int count;      /* latency round trips (after 1000 warm-up) */
    double seconds; /* throughput run length */
    int clients;
    int inflight;
    int size; /* message bytes, >= 16 */
} bench_opts;

/* Parses the common options (--count --seconds --clients --inflight --size
 * --help) into o, starting from defaults. Unknown options are left for the
 * caller: returns the index of the first argument not consumed, or -1 after
 * printing help (usage_extra is appended to it). */
int bench_parse(int argc, char **argv, bench_opts *o, const char *prog, const char *usage_extra);

/* Prints the table header. */
void bench_header(void);

/* Runs the latency test (one client, one message at a time) and prints a row. */
void bench_latency(const bench_ops *ops, const bench_opts *o);

/* Runs the throughput test (clients x inflight) and prints a row. */
void bench_throughput(const bench_ops *ops, const bench_opts *o);

/* Client operations for a raw ENet client (enet_host_service loops, as in
 * ENet's tutorial) connecting to 127.0.0.1:*port. */
bench_ops bench_raw_enet_ops(const char *name, int *port);

/* Monotonic clock in nanoseconds. */
uint64_t bench_now_ns(void);

#endif /* BENCH_ECHO_H */
