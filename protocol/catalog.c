/* protocol/catalog.c — the message catalogue generated from the X-macro
 * tables in gg/protocol.h: per-type field descriptors, names, directions,
 * channels, and gg_msg_init. */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "catalog.h"

#define GG__REQ_REQ 1
#define GG__REQ_OPT 0

#define GG__FD(msg, key, member, kind, ctype, req, lo, hi, doc)                                    \
    {key,                                                                                          \
     #member,                                                                                      \
     doc,                                                                                          \
     (int64_t)(lo),                                                                                \
     (int64_t)(hi),                                                                                \
     (uint16_t)offsetof(gg_msg_##msg, member),                                                     \
     (uint16_t)sizeof(((gg_msg_##msg *)0)->member),                                                \
     GG_FK_##kind,                                                                                 \
     GG__REQ_##req},
#define GG__FIELDS(name, dir, deliv, chan, doc)                                                    \
    static const gg_field_desc fields_##name[] = {                                                 \
        GG_MSG_FIELDS_##name(GG__FD){NULL, NULL, NULL, 0, 0, 0, 0, 0, 0}};
GG_MSG_LIST(GG__FIELDS)
#undef GG__FIELDS
#undef GG__FD

const gg__msg_def gg__msgs[GG_MSG_TYPES] = {
#define GG__DEF(name, dir, deliv, chan, doc)                                                       \
    {#name,                                                                                        \
     doc,                                                                                          \
     fields_##name,                                                                                \
     (int)(sizeof fields_##name / sizeof fields_##name[0]) - 1,                                    \
     sizeof(gg_msg_##name),                                                                        \
     GG_##dir,                                                                                     \
     GG_##deliv,                                                                                   \
     chan},
    GG_MSG_LIST(GG__DEF)
#undef GG__DEF
};

static const char *const kind_names[GG_FIELD_KINDS] = {
#define GG__K(k, w, d) w,
    GG_FIELD_KIND_LIST(GG__K)
#undef GG__K
};

static const char *const kind_docs[GG_FIELD_KINDS] = {
#define GG__K(k, w, d) d,
    GG_FIELD_KIND_LIST(GG__K)
#undef GG__K
};

static int type_ok(int type)
{
    return type >= 0 && type < GG_MSG_TYPES;
}

const gg_field_desc *gg_msg_fields(int type, int *n)
{
    if (!type_ok(type)) {
        if (n)
            *n = 0;
        return NULL;
    }
    if (n)
        *n = gg__msgs[type].nfields;
    return gg__msgs[type].fields;
}

const char *gg_msg_type_name(int type)
{
    return type_ok(type) ? gg__msgs[type].name : "?";
}

const char *gg__msgtype_name(int type)
{
    return gg_msg_type_name(type);
}

int gg_msg_type_find(const char *name, size_t len)
{
    for (int t = 0; t < GG_MSG_TYPES; t++)
        if (strlen(gg__msgs[t].name) == len && memcmp(gg__msgs[t].name, name, len) == 0)
            return t;
    return GG_EMSG_UNKNOWN_TYPE;
}

const char *gg_msg_type_doc(int type)
{
    return type_ok(type) ? gg__msgs[type].doc : "?";
}

int gg_msg_dir(int type)
{
    return type_ok(type) ? gg__msgs[type].dir : 0;
}

int gg_msg_delivery(int type)
{
    return type_ok(type) ? gg__msgs[type].delivery : GG_DIRECT;
}

int gg_msg_channel(int type)
{
    return type_ok(type) ? gg__msgs[type].channel : 0;
}

const char *gg_field_kind_name(int kind)
{
    return kind >= 0 && kind < GG_FIELD_KINDS ? kind_names[kind] : "?";
}

const char *gg_field_kind_doc(int kind)
{
    return kind >= 0 && kind < GG_FIELD_KINDS ? kind_docs[kind] : "?";
}

int gg__kind_is_enum(int kind)
{
    switch (kind) {
    case GG_FK_SEAT:
    case GG_FK_WHO:
    case GG_FK_PHASE:
    case GG_FK_CHAN:
    case GG_FK_ROLE:
    case GG_FK_MISS:
    case GG_FK_EVENT:
    case GG_FK_RESPONSE:
    case GG_FK_ENDREASON:
    case GG_FK_TIEBREAK:
    case GG_FK_MSGTYPE:
        return 1;
    default:
        return 0;
    }
}

void gg__msg_defaults(gg_msg *m)
{
    const gg__msg_def *d = &gg__msgs[m->type];
    memset(&m->u, 0, d->size);
    for (int i = 0; i < d->nfields; i++) {
        const gg_field_desc *f = &d->fields[i];
        if (!f->required && gg__kind_is_enum(f->kind))
            ((uint8_t *)&m->u)[f->offset] = GG_ABSENT;
    }
}

void gg_msg_init(gg_msg *m, int type)
{
    memset(m, 0, sizeof *m);
    if (!type_ok(type))
        return;
    m->type = (uint8_t)type;
    gg__msg_defaults(m);
}

int gg_version_check(uint32_t major)
{
    return major == GG_PROTOCOL_MAJOR ? 0 : GG_EVERSION_MISMATCH;
}
