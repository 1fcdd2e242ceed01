/* rng.c — PCG32 (O'Neill, pcg-random.org, "XSH RR" 64/32), seeded per game
 * and per stream, with Lemire-style unbiased bounded draws by rejection. */
#include "gg/rules.h"

uint32_t gg_pcg32_next(gg_pcg32 *r)
{
    uint64_t old = r->state;
    /* inc is odd for every seeded stream; `| 1` keeps a zeroed struct (a
     * view's blanked stream) a valid generator instead of a stuck one. */
    r->state = old * 6364136223846793005ULL + (r->inc | 1u);
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

void gg_pcg32_seed(gg_pcg32 *r, uint64_t seed, uint64_t stream)
{
    r->state = 0;
    r->inc = (stream << 1u) | 1u;
    (void)gg_pcg32_next(r);
    r->state += seed;
    (void)gg_pcg32_next(r);
}

uint32_t gg_pcg32_below(gg_pcg32 *r, uint32_t bound)
{
    /* Reject the low (2^32 mod bound) values so every residue is equally
     * likely. */
    uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        uint32_t x = gg_pcg32_next(r);
        if (x >= threshold)
            return x % bound;
    }
}
