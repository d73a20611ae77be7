/*
 * bcryptprimitives.dll shim for Wine 8.0.
 *
 * Go >= 1.22 Windows binaries resolve bcryptprimitives.dll!ProcessPrng at
 * start-up and abort when it is missing; Wine 8.0 has no such DLL. This one
 * export forwards to advapi32's SystemFunction036 (RtlGenRandom), which Wine
 * implements. It is built into the test prefix only, never shipped.
 */
#include <limits.h>
#include <windows.h>

/* RtlGenRandom is exported by name SystemFunction036; declared here because
 * mingw's ntsecapi.h prototype hides behind macros. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng never fails on Windows; Go treats FALSE as fatal, so report
 * RtlGenRandom's failure rather than hand back unfilled bytes. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    /* SIZE_T is 64-bit on amd64 but RtlGenRandom takes a ULONG: feed it in
     * ULONG-sized pieces. */
    while (size > 0) {
        ULONG chunk = size > (SIZE_T)ULONG_MAX ? ULONG_MAX : (ULONG)size;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
