/* protocol/catalog.h — the generated message table (internal). */
#ifndef GG_PROTOCOL_CATALOG_H
#define GG_PROTOCOL_CATALOG_H

#include "gg/protocol.h"

typedef struct gg__msg_def {
    const char *name;
    const char *doc;
    const gg_field_desc *fields;
    int nfields;
    size_t size; /* sizeof(gg_msg_<name>) */
    int dir;     /* enum gg_dir */
    int delivery;
    int channel;
} gg__msg_def;

extern const gg__msg_def gg__msgs[GG_MSG_TYPES];

/* 1 for the enum kinds whose absent value is GG_ABSENT. */
int gg__kind_is_enum(int kind);

/* Zeroes m->u for m->type and sets optional enum fields to GG_ABSENT. */
void gg__msg_defaults(gg_msg *m);

const char *gg__msgtype_name(int type);

#endif /* GG_PROTOCOL_CATALOG_H */
