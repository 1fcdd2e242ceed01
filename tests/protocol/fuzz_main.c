/* tests/protocol/fuzz_main.c — replays files through a libFuzzer harness
 * without libFuzzer: the fuzz-regression ctest. Arguments are files or
 * directories (every regular file inside is one input). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gg/limits.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned char input[4 * GG_MAX_MESSAGE];

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    size_t n = fread(input, 1, sizeof input, f);
    fclose(f);
    LLVMFuzzerTestOneInput(input, n);
    return 0;
}

int main(int argc, char **argv)
{
    int files = 0;
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        printf("usage: %s <file|dir>...  (replays each input through the fuzz harness)\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (run_file(argv[i]) < 0)
                return 1;
            files++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(path) < 0)
                    return 1;
                files++;
            }
        }
        if (d)
            closedir(d);
    }
    printf("replayed %d inputs without a finding\n", files);
    return files > 0 ? 0 : 1;
}
