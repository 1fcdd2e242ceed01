/* tests/protocol/samples.h — one realistic sample message of every type,
 * shared by the round-trip tests, the corpus generator, the documentation
 * example and the benchmarks. Deterministic: same output on every run. */
#ifndef GG_TEST_SAMPLES_H
#define GG_TEST_SAMPLES_H

#include "gg/protocol.h"

/* Plays `turns` turns of the belt-and-road scenario from `seed` with simple
 * deterministic orders; returns 0 or a rules error. */
int gg_sample_game(gg_state *s, uint64_t seed, int turns);

/* Fills *m with the sample of `type` (a valid message; game messages are
 * taken from a short real game). Returns 0, or -1 for a bad type. */
int gg_sample_msg(int type, gg_msg *m);

#endif
