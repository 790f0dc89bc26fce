// The only header Swift sees for SQLite. Like libcurl, libsqlite3 is opened with dlopen when the journal is
// first needed (an SMS about to be sent), so runs that send nothing do not load it. sqlite3.h is included
// for its types and constants only; Swift must never call a sqlite3_* function directly.
#include <sqlite3.h>
#include <dlfcn.h>
#include <stddef.h>

/// The shared object opened: Debian's libsqlite3-0.
#define CSQLITE_LIBRARY "libsqlite3.so.0"

struct csqlite_api {
    int (* _Nonnull open_v2)(const char *filename, sqlite3 **db, int flags, const char *vfs);
    int (* _Nonnull close_v2)(sqlite3 *db);
    int (* _Nonnull busy_timeout)(sqlite3 *db, int ms);
    int (* _Nonnull exec)(sqlite3 *db, const char *sql, int (* _Nullable callback)(void *, int, char **, char **), void *arg, char **errmsg);
    int (* _Nonnull prepare_v2)(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **statement, const char **tail);
    int (* _Nonnull step)(sqlite3_stmt *statement);
    int (* _Nonnull finalize)(sqlite3_stmt *statement);
    int (* _Nonnull bind_text)(sqlite3_stmt *statement, int index, const char *text, int bytes, void (* _Nullable destructor)(void *));
    int (* _Nonnull bind_int64)(sqlite3_stmt *statement, int index, sqlite3_int64 value);
    sqlite3_int64 (* _Nonnull column_int64)(sqlite3_stmt *statement, int column);
    const unsigned char *(* _Nonnull column_text)(sqlite3_stmt *statement, int column);
    int (* _Nonnull column_type)(sqlite3_stmt *statement, int column);
    const char *(* _Nonnull errmsg)(sqlite3 *db);
    int (* _Nonnull extended_errcode)(sqlite3 *db);
    int (* _Nonnull db_readonly)(sqlite3 *db, const char *name);
    int (* _Nonnull db_config)(sqlite3 *db, int op, ...);
    sqlite3_vfs *(* _Nonnull vfs_find)(const char *name);
    int (* _Nonnull vfs_register)(sqlite3_vfs *vfs, int make_default);
};

/// Opens libsqlite3 and fills `api`. Returns NULL on success, else the reason.
static inline const char *csqlite_load(struct csqlite_api *api) {
    void *library = dlopen(CSQLITE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *error = dlerror();
        return error ? error : "dlopen failed";
    }
#define CSQLITE_SYMBOL(field, name) \
    if ((*(void **)&api->field = dlsym(library, name)) == NULL) return "symbol " name " missing";
    CSQLITE_SYMBOL(open_v2, "sqlite3_open_v2")
    CSQLITE_SYMBOL(close_v2, "sqlite3_close_v2")
    CSQLITE_SYMBOL(busy_timeout, "sqlite3_busy_timeout")
    CSQLITE_SYMBOL(exec, "sqlite3_exec")
    CSQLITE_SYMBOL(prepare_v2, "sqlite3_prepare_v2")
    CSQLITE_SYMBOL(step, "sqlite3_step")
    CSQLITE_SYMBOL(finalize, "sqlite3_finalize")
    CSQLITE_SYMBOL(bind_text, "sqlite3_bind_text")
    CSQLITE_SYMBOL(bind_int64, "sqlite3_bind_int64")
    CSQLITE_SYMBOL(column_int64, "sqlite3_column_int64")
    CSQLITE_SYMBOL(column_text, "sqlite3_column_text")
    CSQLITE_SYMBOL(column_type, "sqlite3_column_type")
    CSQLITE_SYMBOL(errmsg, "sqlite3_errmsg")
    CSQLITE_SYMBOL(extended_errcode, "sqlite3_extended_errcode")
    CSQLITE_SYMBOL(db_readonly, "sqlite3_db_readonly")
    CSQLITE_SYMBOL(db_config, "sqlite3_db_config")
    CSQLITE_SYMBOL(vfs_find, "sqlite3_vfs_find")
    CSQLITE_SYMBOL(vfs_register, "sqlite3_vfs_register")
#undef CSQLITE_SYMBOL
    return NULL;
}

/// sqlite3_bind_text with SQLITE_TRANSIENT (a cast macro Swift cannot import): SQLite copies the text.
static inline int csqlite_bind_text(const struct csqlite_api *api, sqlite3_stmt *statement, int index, const char *text) {
    return api->bind_text(statement, index, text, -1, SQLITE_TRANSIENT);
}

/// sqlite3_db_config(SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1) (variadic, which Swift cannot call): the last
/// connection to close leaves the write-ahead log in place instead of checkpointing it and deleting it.
static inline int csqlite_keep_wal_on_close(const struct csqlite_api *api, sqlite3 *db) {
    return api->db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}

/// The name of the VFS `csqlite_register_vfs` registers.
#define CSQLITE_VFS "mail2sms-unix"

/// The `mail2sms-unix` VFS: a copy of the platform's default one (the same file size, methods and app data),
/// with `csqlite_open` as xOpen, and the default one it passes the opens to. `vfs` comes first, so SQLite's
/// pointer to it is a pointer to the whole.
struct csqlite_vfs {
    sqlite3_vfs vfs;
    sqlite3_vfs *base;
};

/// xOpen of the `mail2sms-unix` VFS: the default one's, except that a write-ahead log that already exists is
/// opened without SQLITE_OPEN_CREATE. The unix VFS syncs the directory on the first sync of every WAL handle
/// opened with CREATE, whether the file was created or not: one more fsync on every run, for a directory
/// entry that is on disk since the log was created (then, CREATE stays, and the directory is synced).
static inline int csqlite_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out) {
    sqlite3_vfs *base = ((struct csqlite_vfs *)vfs)->base;
    if ((flags & SQLITE_OPEN_WAL) && (flags & SQLITE_OPEN_CREATE) && name != NULL) {
        int exists = 0;
        if (base->xAccess(base, name, SQLITE_ACCESS_EXISTS, &exists) == SQLITE_OK && exists) {
            flags &= ~SQLITE_OPEN_CREATE;
        }
    }
    return base->xOpen(base, name, file, flags, out);
}

/// Fills `vfs` (which must live as long as the process) and registers it, not as the default. Returns an
/// SQLite result code.
static inline int csqlite_register_vfs(const struct csqlite_api *api, struct csqlite_vfs *vfs) {
    sqlite3_vfs *base = api->vfs_find(NULL);
    if (base == NULL) return SQLITE_ERROR;
    vfs->vfs = *base;
    vfs->vfs.pNext = NULL;
    vfs->vfs.zName = CSQLITE_VFS;
    vfs->vfs.xOpen = csqlite_open;
    vfs->base = base;
    return api->vfs_register(&vfs->vfs, 0);
}
