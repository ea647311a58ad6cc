/* Compiled as strict C99 with -pedantic -Werror: the public header must stand alone. */
#include <civiscore.h>

int civiscore_header_check(void);
int civiscore_header_check(void) {
    civiscore_model* model = NULL;
    (void)model;
    return CIVISCORE_VERSION_NUMBER > 0 ? CIVISCORE_OK : CIVISCORE_ERROR_INTERNAL;
}
