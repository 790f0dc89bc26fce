/* The floor of any sender that uses libcurl the way mail2sms does: dlopen Debian's libcurl (RTLD_LAZY, the
 * GnuTLS flavour first, as mail2sms opens it; or the one LIBRARY names), curl_global_init, and one GET of URL
 * with the answer thrown away. Nothing else: no message, no rules, no journal. bench/ise-send.sh times it
 * beside mail2sms, the seed and curl.
 *
 *   cc -O2 -o curl-floor bench/curl-floor.c -ldl && ./curl-floor URL [LIBRARY]
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>

typedef void CURL;
enum { CURLOPT_URL = 10002, CURLOPT_WRITEFUNCTION = 20011, CURLOPT_FAILONERROR = 45, CURL_GLOBAL_DEFAULT = 3 };

static size_t discard(char *data, size_t size, size_t count, void *user) {
    (void)data; (void)user;
    return size * count;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: curl-floor URL [LIBRARY]\n"); return 64; }
    void *library = argc == 3 ? dlopen(argv[2], RTLD_LAZY | RTLD_LOCAL) : dlopen("libcurl-gnutls.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL && argc == 2) library = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL) { fprintf(stderr, "%s\n", dlerror()); return 69; }
    int (*global_init)(long) = (int (*)(long))dlsym(library, "curl_global_init");
    CURL *(*easy_init)(void) = (CURL *(*)(void))dlsym(library, "curl_easy_init");
    int (*easy_setopt)(CURL *, int, ...) = (int (*)(CURL *, int, ...))dlsym(library, "curl_easy_setopt");
    int (*easy_perform)(CURL *) = (int (*)(CURL *))dlsym(library, "curl_easy_perform");
    if (!global_init || !easy_init || !easy_setopt || !easy_perform || global_init(CURL_GLOBAL_DEFAULT) != 0) return 69;
    CURL *curl = easy_init();
    easy_setopt(curl, CURLOPT_URL, argv[1]);
    easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    return easy_perform(curl) == 0 ? 0 : 75;
}
