/* Determinism: the same seed and inputs give the same hashes; a state
 * copied mid-game continues identically; seeds matter; the hash reads
 * fields, not padding; the PRNG is unbiased and stream-separated. */
#include <string.h>

#include "../check.h"
#include "playout.h"

static uint64_t play(int scenario, uint64_t seed)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, scenario, seed, NULL), 0);
    gg_pcg32 rng;
    gg_pcg32_seed(&rng, seed, 77);
    random_play(&s, &rng, 0);
    return gg_state_hash(&s);
}

static void test_same_seed_same_hash(void)
{
    for (int sc = 0; sc < gg_scenario_count(); sc++)
        for (uint64_t seed = 1; seed < 30; seed++)
            EXPECT_EQ(play(sc, seed), play(sc, seed));
}

static void test_seed_matters(void)
{
    int differ = 0;
    for (uint64_t seed = 1; seed < 30; seed++)
        differ += play(0, seed) != play(0, seed + 1000);
    EXPECT_EQ(differ, 29);
}

static void test_copy_mid_game(void)
{
    for (uint64_t seed = 1; seed < 20; seed++) {
        gg_state s;
        EXPECT_EQ(gg_init(&s, 0, seed, NULL), 0);
        gg_pcg32 rng;
        gg_pcg32_seed(&rng, seed, 5);
        random_play(&s, &rng, 5);
        gg_state copy;
        memset(&copy, 0xA5, sizeof copy); /* garbage in the padding */
        copy = s;
        gg_pcg32 rng2 = rng;
        EXPECT_EQ(gg_state_hash(&copy), gg_state_hash(&s));
        random_play(&s, &rng, 0);
        random_play(&copy, &rng2, 0);
        EXPECT_EQ(gg_state_hash(&copy), gg_state_hash(&s));
        /* the last turn's report field by field (byte arrays: no padding) */
        EXPECT_EQ(copy.report.resolved, s.report.resolved);
        EXPECT_EQ(copy.report.nnews, s.report.nnews);
        EXPECT_EQ(memcmp(copy.report.news, s.report.news, sizeof s.report.news), 0);
        EXPECT_EQ(memcmp(copy.report.outcome, s.report.outcome, sizeof s.report.outcome), 0);
        EXPECT_EQ(copy.report.crisis, s.report.crisis);
        EXPECT_EQ(copy.report.breaches, s.report.breaches);
    }
}

static void test_hash_sees_every_change(void)
{
    gg_state s;
    EXPECT_EQ(gg_init(&s, 0, 9, NULL), 0);
    uint64_t h = gg_state_hash(&s);
    gg_state t = s;
    t.track[GG_REFORM]++;
    EXPECT(gg_state_hash(&t) != h);
    t = s;
    t.deals[GG_MAX_DEALS - 1].clauses[GG_MAX_CLAUSES - 1].turns = 1;
    EXPECT(gg_state_hash(&t) != h);
    t = s;
    t.rng_ties.state ^= 1;
    EXPECT(gg_state_hash(&t) != h);
    t = s;
    t.report.outcome[3][5] = 1;
    EXPECT(gg_state_hash(&t) != h);
}

static void test_pcg32(void)
{
    gg_pcg32 a, b;
    gg_pcg32_seed(&a, 42, 54);
    /* Reference output of pcg32 (pcg32-demo, seed 42, stream 54). */
    EXPECT_EQ(gg_pcg32_next(&a), 0xa15c02b7u);
    EXPECT_EQ(gg_pcg32_next(&a), 0x7b47f409u);
    EXPECT_EQ(gg_pcg32_next(&a), 0xba1d3330u);
    gg_pcg32_seed(&a, 1, 1);
    gg_pcg32_seed(&b, 1, 2);
    EXPECT(gg_pcg32_next(&a) != gg_pcg32_next(&b)); /* streams differ */
    int counts[3] = {0};
    for (int i = 0; i < 30000; i++)
        counts[gg_pcg32_below(&a, 3)]++;
    for (int i = 0; i < 3; i++)
        EXPECT(counts[i] > 9500 && counts[i] < 10500);
    for (int i = 0; i < 1000; i++)
        EXPECT(gg_pcg32_below(&a, 1) == 0);
}

int main(void)
{
    RUN(test_same_seed_same_hash);
    RUN(test_seed_matters);
    RUN(test_copy_mid_game);
    RUN(test_hash_sees_every_change);
    RUN(test_pcg32);
    TEST_END();
}
