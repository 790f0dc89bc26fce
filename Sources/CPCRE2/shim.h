// The only header Swift sees for PCRE2. No logic: pcre2.h needs its code unit width defined first,
// and its size sentinels are cast macros that Swift cannot import.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
