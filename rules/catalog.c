/* catalog.c — read-only access to the catalogue tables and lookups by id. */
#include <string.h>

#include "internal.h"

const gg_action_def *gg_action_def_get(int action)
{
    return gg__action(action);
}

const gg_event_def *gg_event_def_get(int event)
{
    return (event >= 0 && event < gg__event_count) ? &gg__events[event] : NULL;
}

int gg_event_count(void)
{
    return gg__event_count;
}

const gg_project_def *gg_project_def_get(int project)
{
    return (project >= 0 && project < GG_PROJECTS) ? &gg__projects[project] : NULL;
}

const gg_accord_def *gg_accord_def_get(int accord)
{
    return (accord >= 0 && accord < GG_ACCORDS) ? &gg__accords[accord] : NULL;
}

const gg_response_def *gg_response_def_get(int response)
{
    return (response >= 0 && response < GG_RESPONSES) ? &gg__responses[response] : NULL;
}

const gg_scenario_def *gg_scenario_def_get(int scenario)
{
    return gg__scenario(scenario);
}

int gg_scenario_count(void)
{
    return gg__scenario_count;
}

/* Every table entry starts with its `id`; this walks any of them. */
#define FIND(table, count, id, err)                                                                \
    do {                                                                                           \
        for (int i_ = 0; (id) && i_ < (count); i_++)                                               \
            if ((table)[i_].id && strcmp((table)[i_].id, (id)) == 0)                               \
                return i_;                                                                         \
        return (err);                                                                              \
    } while (0)

int gg_action_find(const char *id)
{
    FIND(gg__actions, GG_ACTIONS, id, GG_EUNKNOWN_ACTION);
}

int gg_scenario_find(const char *id)
{
    FIND(gg__scenarios, gg__scenario_count, id, GG_EBAD_SCENARIO);
}

int gg_event_find(const char *id)
{
    FIND(gg__events, gg__event_count, id, GG_EBAD_EVENT);
}

int gg_project_find(const char *id)
{
    FIND(gg__projects, GG_PROJECTS, id, GG_EBAD_TARGET);
}

int gg_accord_find(const char *id)
{
    FIND(gg__accords, GG_ACCORDS, id, GG_EBAD_DEAL);
}

int gg_response_find(const char *id)
{
    FIND(gg__responses, GG_RESPONSES, id, GG_EBAD_TARGET);
}
