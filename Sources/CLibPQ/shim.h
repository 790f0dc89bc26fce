// The only header Swift sees for libpq, PostgreSQL's client library. Like libcurl and libsqlite3, libpq is
// opened with dlopen, and only when a journal in PostgreSQL is about to be used (an SMS about to be sent, or
// `mail2sms journal` asked), so that runs that send nothing, and sites that keep the journal in SQLite, never
// load it. libpq-fe.h is included for its types and constants only; Swift must never call a PQ* function
// directly.
#include <postgresql/libpq-fe.h>
#include <dlfcn.h>
#include <stddef.h>

/// The shared object opened: Debian's libpq5.
#define CLIBPQ_LIBRARY "libpq.so.5"

struct clibpq_api {
    PGconn *(* _Nonnull connectdb_params)(const char *const *keywords, const char *const *values, int expand_dbname);
    ConnStatusType (* _Nonnull status)(const PGconn *conn);
    char *(* _Nonnull error_message)(const PGconn *conn);
    void (* _Nonnull finish)(PGconn *conn);
    PGresult *(* _Nonnull exec_params)(PGconn *conn, const char *command, int count, const Oid *types,
                                       const char *const *values, const int *lengths, const int *formats,
                                       int result_format);
    ExecStatusType (* _Nonnull result_status)(const PGresult *result);
    char *(* _Nonnull result_error_field)(const PGresult *result, int field);
    char *(* _Nonnull result_error_message)(const PGresult *result);
    int (* _Nonnull ntuples)(const PGresult *result);
    int (* _Nonnull nfields)(const PGresult *result);
    char *(* _Nonnull getvalue)(const PGresult *result, int row, int column);
    int (* _Nonnull getisnull)(const PGresult *result, int row, int column);
    char *(* _Nonnull cmd_tuples)(PGresult *result);
    void (* _Nonnull clear)(PGresult *result);
    PQnoticeProcessor (* _Nonnull set_notice_processor)(PGconn *conn, PQnoticeProcessor processor, void *argument);
    int (* _Nonnull backend_pid)(const PGconn *conn);
};

/// Notices (`relation already exists, skipping`…) are dropped: libpq would print them on standard error,
/// which Postfix copies into bounces.
static void clibpq_drop_notice(void *argument, const char *message) {
    (void)argument;
    (void)message;
}

/// Opens libpq and fills `api`. Returns NULL on success, else dlerror()'s text (or a fixed one).
static inline const char *clibpq_load(struct clibpq_api *api) {
    void *library = dlopen(CLIBPQ_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL) {
        const char *error = dlerror();
        return error ? error : "dlopen failed";
    }
#define CLIBPQ_SYMBOL(field, name) \
    if ((*(void **)&api->field = dlsym(library, name)) == NULL) return "symbol " name " missing";
    CLIBPQ_SYMBOL(connectdb_params, "PQconnectdbParams")
    CLIBPQ_SYMBOL(status, "PQstatus")
    CLIBPQ_SYMBOL(error_message, "PQerrorMessage")
    CLIBPQ_SYMBOL(finish, "PQfinish")
    CLIBPQ_SYMBOL(exec_params, "PQexecParams")
    CLIBPQ_SYMBOL(result_status, "PQresultStatus")
    CLIBPQ_SYMBOL(result_error_field, "PQresultErrorField")
    CLIBPQ_SYMBOL(result_error_message, "PQresultErrorMessage")
    CLIBPQ_SYMBOL(ntuples, "PQntuples")
    CLIBPQ_SYMBOL(nfields, "PQnfields")
    CLIBPQ_SYMBOL(getvalue, "PQgetvalue")
    CLIBPQ_SYMBOL(getisnull, "PQgetisnull")
    CLIBPQ_SYMBOL(cmd_tuples, "PQcmdTuples")
    CLIBPQ_SYMBOL(clear, "PQclear")
    CLIBPQ_SYMBOL(set_notice_processor, "PQsetNoticeProcessor")
    CLIBPQ_SYMBOL(backend_pid, "PQbackendPID")
#undef CLIBPQ_SYMBOL
    return NULL;
}

/// Connects with the keywords and values given (NULL-terminated arrays), notices dropped.
static inline PGconn *clibpq_connect(const struct clibpq_api *api, const char *const *keywords,
                                     const char *const *values) {
    PGconn *connection = api->connectdb_params(keywords, values, 1);
    if (connection != NULL && api->status(connection) == CONNECTION_OK) {
        api->set_notice_processor(connection, clibpq_drop_notice, NULL);
    }
    return connection;
}
