#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation and free.
/// sqlite3_config is variadic, which Swift cannot call. It must run before SQLite initializes
/// (the first connection opened); later it returns SQLITE_MISUSE and changes nothing.
static inline int registrar_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
