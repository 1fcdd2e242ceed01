/* catalog.h — shorthand for writing the catalogue tables (catalog_*.c only).
 * Each macro builds one gg_effect or gg_cond; they exist so an entry reads
 * like its rule text. */
#ifndef GG_RULES_CATALOG_H
#define GG_RULES_CATALOG_H

#include "internal.h"

#define ALWAYS                                                                                     \
    {                                                                                              \
        GG_IF_ALWAYS, 0, 0                                                                         \
    }
#define IF(kind, a, b)                                                                             \
    {                                                                                              \
        GG_IF_##kind, (uint8_t)(a), (uint8_t)(b)                                                   \
    }
#define INFL_KEY(power, domain) (uint8_t)(((power) << 4) | (domain))

#define INF(who, dom, d)                                                                           \
    {                                                                                              \
        GG_EFF_INFLUENCE, (uint8_t)(who), GG_##dom, (int8_t)(d), ALWAYS                            \
    }
#define INF_IF(who, dom, d, cond)                                                                  \
    {                                                                                              \
        GG_EFF_INFLUENCE, (uint8_t)(who), GG_##dom, (int8_t)(d), cond                              \
    }
#define TRK(t, d)                                                                                  \
    {                                                                                              \
        GG_EFF_TRACK, 0, GG_##t, (int8_t)(d), ALWAYS                                               \
    }
#define TRK_IF(t, d, cond)                                                                         \
    {                                                                                              \
        GG_EFF_TRACK, 0, GG_##t, (int8_t)(d), cond                                                 \
    }
#define GLB(g, d)                                                                                  \
    {                                                                                              \
        GG_EFF_GLOBAL, 0, GG_##g, (int8_t)(d), ALWAYS                                              \
    }
#define GLB_IF(g, d, cond)                                                                         \
    {                                                                                              \
        GG_EFF_GLOBAL, 0, GG_##g, (int8_t)(d), cond                                                \
    }
#define RES(who, r, d)                                                                             \
    {                                                                                              \
        GG_EFF_RESOURCE, (uint8_t)(who), GG_##r, (int8_t)(d), ALWAYS                               \
    }
#define RES_IF(who, r, d, cond)                                                                    \
    {                                                                                              \
        GG_EFF_RESOURCE, (uint8_t)(who), GG_##r, (int8_t)(d), cond                                 \
    }
#define RTE(r, d)                                                                                  \
    {                                                                                              \
        GG_EFF_ROUTE, 0, GG_##r, (int8_t)(d), ALWAYS                                               \
    }
#define RTE_IF(r, d, cond)                                                                         \
    {                                                                                              \
        GG_EFF_ROUTE, 0, GG_##r, (int8_t)(d), cond                                                 \
    }
#define SHUT(r, turns)                                                                             \
    {                                                                                              \
        GG_EFF_ROUTE_SHUT, 0, GG_##r, (int8_t)(turns), ALWAYS                                      \
    }
#define INST(bit, d)                                                                               \
    {                                                                                              \
        GG_EFF_INSTITUTION, 0, (uint8_t)(GG_INST_##bit), (int8_t)(d), ALWAYS                       \
    }
#define EAEU(d)                                                                                    \
    {                                                                                              \
        GG_EFF_EAEU_STEP, 0, 0, (int8_t)(d), ALWAYS                                                \
    }
#define START_PROJECT                                                                              \
    {                                                                                              \
        GG_EFF_START_PROJECT, GG_WHO_SELF, 0, 1, ALWAYS                                            \
    }
#define GRATITUDE(d)                                                                               \
    {                                                                                              \
        GG_EFF_GRATITUDE, 0, 0, (int8_t)(d), ALWAYS                                                \
    }
#define GRATITUDE_IF(d, cond)                                                                      \
    {                                                                                              \
        GG_EFF_GRATITUDE, 0, 0, (int8_t)(d), cond                                                  \
    }
#define ACCORD(a, turns)                                                                           \
    {                                                                                              \
        GG_EFF_ACCORD, 0, GG_ACC_##a, (int8_t)(turns), ALWAYS                                      \
    }
#define TRANSFER                                                                                   \
    {                                                                                              \
        GG_EFF_TRANSFER, GG_WHO_SELF, 0, 1, ALWAYS                                                 \
    }
#define CONSENT                                                                                    \
    {                                                                                              \
        GG_EFF_CONSENT, GG_WHO_TARGET, 0, 1, ALWAYS                                                \
    }

#define SELF GG_WHO_SELF
#define TARGET GG_WHO_TARGET
#define OTHERS GG_WHO_OTHER_POWERS
#define CN GG_CHINA
#define RU GG_RUSSIA
#define WE GG_WEST
#define KZ GG_KAZAKHSTAN

#define COST(m, f, p)                                                                              \
    {                                                                                              \
        (int8_t)(m), (int8_t)(f), (int8_t)(p)                                                      \
    }
#define NOCOND ALWAYS

/* The par curves (rules/catalog_par_curves.c, written by
 * scripts/fit-par-curves.sh): see gg_scenario_def.par_curve. */
extern const int16_t gg__par_curve_belt_and_road[12][GG_SEATS];
extern const int16_t gg__par_curve_after_ukraine[9][GG_SEATS];
extern const int16_t gg__par_curve_classroom[6][GG_SEATS];

#endif
