/*
 * asan_preinit.so — preloaded after libasan into the test server of a PGF_SANITIZE=address run
 * (scripts/test.sh; docs/testing.md). Not instrumented, never installed.
 *
 * A preloaded ASan runtime initializes itself at the first malloc(). In `postgres`, that first
 * malloc() comes from libgpg-error's constructor, inside glibc's bindtextdomain(), which holds
 * glibc's gettext lock (_nl_state_lock) for writing; ASan's initialization then calls
 * dlerror(), which takes the same lock for reading. That corrupts the lock, and the server's
 * own bindtextdomain() in main() waits on it forever (google/sanitizers#1270). This wrapper
 * initializes ASan before the real bindtextdomain() takes the lock.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

extern void __asan_init(void) __attribute__((weak));

typedef char* (*BindTextDomainFn)(const char*, const char*);

__attribute__((visibility("default"))) char* bindtextdomain(const char* domainname, const char* dirname) {
    static BindTextDomainFn real = NULL;
    if (__asan_init != NULL)
        __asan_init();
    if (real == NULL)
        real = (BindTextDomainFn)dlsym(RTLD_NEXT, "bindtextdomain");
    return real != NULL ? real(domainname, dirname) : NULL;
}
