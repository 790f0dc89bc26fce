// The only header Swift sees for libcurl. mail2sms does not link libcurl: most messages send nothing, and
// linking it costs every run about 5 ms of relocations (about 30 libraries). `ccurl_load` opens it with
// dlopen on the first send and fills a table of the few functions used. curl.h is included for its types
// and constants only; Swift must never call a curl_* function directly (the link would fail, which is the
// guard). curl_easy_setopt/getinfo are variadic, which Swift cannot call: the typed wrappers do.
#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

/// The shared objects tried, in turn: Debian's libcurl3-gnutls (GnuTLS flavour), then libcurl4 (OpenSSL
/// flavour). Both export the same API (the one curl.h declares); the GnuTLS one is preferred because it
/// starts faster: it does not map libssl and libcrypto or read openssl.cnf on curl_global_init, and an SMS
/// costs about 1.1 ms and 1.4 M instructions less (BENCHMARKS.md, "Which libcurl").
#define CCURL_LIBRARY_FIRST "libcurl-gnutls.so.4"
#define CCURL_LIBRARY_SECOND "libcurl.so.4"
/// Both names, as the message for a missing library gives them.
#define CCURL_LIBRARIES "libcurl-gnutls.so.4 or libcurl.so.4"

struct ccurl_api {
    CURLcode (* _Nonnull global_init)(long flags);
    CURL *(* _Nonnull easy_init)(void);
    void (* _Nonnull easy_cleanup)(CURL *handle);
    CURLcode (* _Nonnull easy_perform)(CURL *handle);
    const char *(* _Nonnull easy_strerror)(CURLcode code);
    CURLcode (* _Nonnull easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (* _Nonnull easy_getinfo)(CURL *handle, CURLINFO info, ...);
    struct curl_slist *(* _Nonnull slist_append)(struct curl_slist *list, const char *string);
    void (* _Nonnull slist_free_all)(struct curl_slist *list);
};

/// Opens libcurl and fills `api`. Returns NULL on success, else dlerror()'s text (or a fixed one).
///
/// RTLD_LAZY, as ld.so loads the curl command's own libraries: the ~30 libraries libcurl pulls in (TLS,
/// Kerberos, LDAP, HTTP/2…) bind a function on its first call. RTLD_NOW made ld.so resolve some 3,400
/// more symbols up front, most of them never called on an HTTP request, and doubled its work
/// (callgrind: 14 M instructions against 7 M; BENCHMARKS.md). The libraries that matter (libcurl,
/// libssl, libcrypto) are linked with BIND_NOW by Debian and are resolved at once anyway.
static inline const char *ccurl_load(struct ccurl_api *api) {
    void *library = dlopen(CCURL_LIBRARY_FIRST, RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL) library = dlopen(CCURL_LIBRARY_SECOND, RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL) {
        const char *error = dlerror();
        return error ? error : "dlopen failed";
    }
#define CCURL_SYMBOL(field, name) \
    if ((*(void **)&api->field = dlsym(library, name)) == NULL) return "symbol " name " missing";
    CCURL_SYMBOL(global_init, "curl_global_init")
    CCURL_SYMBOL(easy_init, "curl_easy_init")
    CCURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    CCURL_SYMBOL(easy_perform, "curl_easy_perform")
    CCURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    CCURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    CCURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    CCURL_SYMBOL(slist_append, "curl_slist_append")
    CCURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef CCURL_SYMBOL
    return NULL;
}

static inline CURLcode ccurl_setopt_long(const struct ccurl_api *api, CURL *h, CURLoption o, long v) {
    return api->easy_setopt(h, o, v);
}
static inline CURLcode ccurl_setopt_ptr(const struct ccurl_api *api, CURL *h, CURLoption o, const void *v) {
    return api->easy_setopt(h, o, v);
}
static inline CURLcode ccurl_setopt_str(const struct ccurl_api *api, CURL *h, CURLoption o, const char *v) {
    return api->easy_setopt(h, o, v);
}

typedef size_t (*ccurl_write_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode ccurl_setopt_writefn(const struct ccurl_api *api, CURL *h, ccurl_write_cb cb) {
    return api->easy_setopt(h, CURLOPT_WRITEFUNCTION, cb);
}
static inline CURLcode ccurl_setopt_headerfn(const struct ccurl_api *api, CURL *h, ccurl_write_cb cb) {
    return api->easy_setopt(h, CURLOPT_HEADERFUNCTION, cb);
}
static inline CURLcode ccurl_getinfo_long(const struct ccurl_api *api, CURL *h, CURLINFO i, long *out) {
    return api->easy_getinfo(h, i, out);
}
static inline CURLcode ccurl_getinfo_off(const struct ccurl_api *api, CURL *h, CURLINFO i, curl_off_t *out) {
    return api->easy_getinfo(h, i, out);
}

typedef int (*ccurl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ccurl_setopt_xferinfofn(const struct ccurl_api *api, CURL *h, ccurl_xferinfo_cb cb) {
    return api->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}
