/* errors.c — gg_strerror / gg_errname over the one error list (gg/errors.h). */
#include "gg/errors.h"

const char *gg_strerror(int err)
{
    switch (err) {
    case GG_OK:
        return "success";
#define GG__ERR_MSG(name, code, msg)                                                               \
    case code:                                                                                     \
        return msg;
        GG_ERRNO_MAP(GG__ERR_MSG)
#undef GG__ERR_MSG
    default:
        return "unknown error";
    }
}

const char *gg_errname(int err)
{
    switch (err) {
    case GG_OK:
        return "OK";
#define GG__ERR_NAME(name, code, msg)                                                              \
    case code:                                                                                     \
        return #name;
        GG_ERRNO_MAP(GG__ERR_NAME)
#undef GG__ERR_NAME
    default:
        return "UNKNOWN";
    }
}
