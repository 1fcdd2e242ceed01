/* tests/protocol/gen_corpus.c — writes the committed fuzz seed corpus:
 *   <dir>/msgpack/  valid messages of every type, views from real games,
 *                   and the known bombs (huge declared counts, deep
 *                   nesting, truncated frames, wrong types, oversize);
 *   <dir>/json/     the JSON form of every sample, malformed JSON, and TCP
 *                   byte streams for the TCP deframer.
 * Usage: gen_corpus <dir>. Deterministic: rerunning gives the same files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gg/protocol.h"
#include "samples.h"

static char root[1024];
static int written;

static void put(const char *sub, const char *name, const void *data, size_t len)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s/%s", root, sub, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        fprintf(stderr, "gen_corpus: cannot write %s (does the directory exist?)\n", path);
        exit(1);
    }
    fclose(f);
    written++;
}

static uint8_t buf[GG_MAX_MESSAGE + 64];
static char js[4 * GG_MAX_MESSAGE];

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex; hex++) {
        int v = *hex >= '0' && *hex <= '9'   ? *hex - '0'
                : *hex >= 'a' && *hex <= 'f' ? *hex - 'a' + 10
                                             : -1;
        if (v < 0)
            continue;
        if (hi < 0)
            hi = v;
        else
            out[n++] = (uint8_t)(hi << 4 | v), hi = -1;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "--help") == 0) {
        printf("usage: gen_corpus <dir>   (writes <dir>/msgpack and <dir>/json; both must "
               "exist)\n");
        return argc == 2 ? 0 : 2;
    }
    snprintf(root, sizeof root, "%s", argv[1]);
    char name[256];
    gg_msg m;

    /* valid messages of every type, msgpack and JSON */
    for (int t = 0; t < GG_MSG_TYPES; t++) {
        gg_sample_msg(t, &m);
        int n = gg_msg_encode(&m, buf, sizeof buf);
        snprintf(name, sizeof name, "valid_%s.mp", gg_msg_type_name(t));
        put("msgpack", name, buf, (size_t)n);
        int jn = gg_msg_to_json(&m, js, sizeof js);
        if (jn > 0) {
            snprintf(name, sizeof name, "valid_%s.json", gg_msg_type_name(t));
            put("json", name, js, (size_t)jn);
        }
        /* truncated frames: a few prefixes of each */
        for (int cut = 1; cut < 4; cut++) {
            snprintf(name, sizeof name, "trunc%d_%s.mp", cut, gg_msg_type_name(t));
            put("msgpack", name, buf, (size_t)n * (size_t)cut / 4);
        }
    }
    /* views of real games for every viewer, at several points */
    for (int turns = 0; turns <= 12; turns += 6) {
        gg_state s;
        gg_sample_game(&s, 99, turns);
        for (int viewer = 0; viewer <= GG_VIEW_MODERATOR; viewer++) {
            gg_state v;
            gg_legal legal[GG_MAX_LEGAL];
            gg_view(&s, viewer, &v);
            int nl = viewer < GG_SEATS ? gg_legal_actions(&s, viewer, legal, GG_MAX_LEGAL) : 0;
            int n = gg_encode_state(buf, sizeof buf, 5, &v, legal, nl, 1000, 0, gg_state_hash(&s),
                                    NULL);
            snprintf(name, sizeof name, "state_t%d_%s.mp", turns, gg_who_name(viewer));
            put("msgpack", name, buf, (size_t)n);
        }
        int n = gg_encode_turn_result(buf, sizeof buf, 6, &s, gg_state_hash(&s));
        snprintf(name, sizeof name, "turn_result_t%d.mp", turns);
        put("msgpack", name, buf, (size_t)n);
    }

    /* the known bombs */
    static const struct {
        const char *name, *hex;
    } bombs[] = {
        {"array32_4g", "ddffffffff"},
        {"map32_4g", "dfffffffff"},
        {"map16_65535", "deffff"},
        {"str32_4g", "81a174dbffffffff"},
        {"bin32_4g", "81a178c6ffffffff"},
        {"str16_over_limit", "81a174da0401"},
        {"array_in_field_4g", "82a174a470696e67a178ddffffffff"},
        {"ext8", "81a174c7ff01"},
        {"fixext", "81a174d40102"},
        {"reserved_c1", "81a174c1"},
        {"not_a_map", "93010203"},
        {"int_key", "8101a570696e67"},
        {"trailing", "81a174a470696e6700"},
        {"hello_v2", "83a174a568656c6c6fa17602a46e616d65a178"},
        {"hello_v_str", "83a174a568656c6c6fa176a131a46e616d65a178"},
        {"name_int", "83a174a568656c6c6fa17601a46e616d6507"},
        {"dup_key", "84a174a568656c6c6fa17601a46e616d65a178a46e616d65a179"},
        {"rid_u64", "82a174a470696e67a3726964cfffffffffffffffff"},
        {"bad_utf8", "83a174a463686174a26368a67075626c6963a474657874a2c0af"},
        {"surrogate_utf8", "83a174a463686174a26368a67075626c6963a474657874a3eda080"},
        {"orders_unknown", "82a174a66f7264657273a16f9181a161a46e756b65"},
        {"orders_7", "82a174a66f7264657273a16f97c0c0c0c0c0c0c0"},
        {"orders_nil", "82a174a66f7264657273a16fc0"},
        {"seq_missing", "81a174a4706f6e67"},
        {"float_secs", "82a174a6657874656e64a473656373cb4000000000000000"},
        {"neg_secs", "82a174a6657874656e64a473656373d0ff"},
        {"state_empty_view", "84a174a57374617465a3736571 01 a476696577 80 a468617368 a0"},
        {"type_nil", "81a174c0"},
    };
    for (size_t i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
        size_t n = unhex(bombs[i].hex, buf);
        snprintf(name, sizeof name, "bomb_%s.mp", bombs[i].name);
        put("msgpack", name, buf, n);
    }
    /* deep nesting: 1000 arrays, 1000 maps */
    {
        size_t n = unhex("82a174a470696e67a178", buf);
        memset(buf + n, 0x91, 1000);
        put("msgpack", "bomb_deep_arrays.mp", buf, n + 1000);
        for (int i = 0; i < 1000; i++)
            buf[n + (size_t)i * 3] = 0x81, buf[n + (size_t)i * 3 + 1] = 0xa1,
                                buf[n + (size_t)i * 3 + 2] = 0x6b;
        put("msgpack", "bomb_deep_maps.mp", buf, n + 3000);
    }
    /* oversize: one byte over GG_MAX_MESSAGE */
    memset(buf, 0xc0, GG_MAX_MESSAGE + 1);
    buf[0] = 0xdc, buf[1] = 0xff, buf[2] = 0xff;
    put("msgpack", "bomb_too_big.mp", buf, GG_MAX_MESSAGE + 1);
    /* a list of 64 strings (the limit) and of 65 */
    for (int k = 64; k <= 65; k++) {
        size_t n = unhex("82a174a470696e67a178dc00", buf);
        buf[n++] = (uint8_t)k;
        for (int i = 0; i < k; i++)
            buf[n++] = 0xa1, buf[n++] = 'x';
        snprintf(name, sizeof name, "list_%d.mp", k);
        put("msgpack", name, buf, n);
    }

    /* JSON: bot-bridge lines, malformed text, and TCP streams */
    static const char *const jsons[] = {
        "{\"t\":\"orders\",\"rid\":7,\"o\":[{\"a\":\"bri_project\",\"t\":\"khorgos\"},{\"a\":"
        "\"transfer\",\"t\":\"kazakhstan\",\"r\":\"capital\",\"n\":3}]}",
        "{\"t\":\"chat\",\"ch\":\"team\",\"text\":\"caf\\u00e9 \\ud83d\\ude00\"}",
        "{\"t\":\"propose\",\"parties\":[\"kazakhstan\"],\"cl\":[{\"k\":\"accord\",\"accord\":"
        "\"spheres\"}]}",
        "{\"t\":\"extend\",\"secs\":1.5}",
        "{\"t\":\"ping\",\"x\":[[[[[[[[[[1]]]]]]]]]]}",
        "{\"t\":\"ping\",\"x\":\"\\udc00\"}",
        "{\"t\":\"ping\"",
        "{\"t\":\"ping\",\"x\":-9223372036854775808}",
        "{\"t\":\"ping\",\"x\":18446744073709551616}",
        "[]",
        "",
    };
    for (size_t i = 0; i < sizeof jsons / sizeof jsons[0]; i++) {
        snprintf(name, sizeof name, "line_%02zu.json", i);
        put("json", name, jsons[i], strlen(jsons[i]));
    }
    {
        size_t n = 0;
        for (int t = 0; t < 4; t++) {
            gg_sample_msg(t, &m);
            int k = gg_msg_encode(&m, buf + n + 4, 512);
            gg_frame_write_header(buf + n, (uint32_t)k);
            n += 4 + (size_t)k;
        }
        put("json", "tcp_stream.bin", buf, n);
        gg_frame_write_header(buf, 0xffffffffu);
        put("json", "tcp_huge_length.bin", buf, 8);
    }
    printf("gen_corpus: wrote %d files under %s\n", written, root);
    return 0;
}
