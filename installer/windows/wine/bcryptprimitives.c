/* Test-only stand-in for Windows' bcryptprimitives.dll, for running khaibao.exe under Wine 8.0.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and 11 have and Debian 12's Wine 8.0 lacks: every Rust
 * program stops at start there. This DLL gives ProcessPrng from BCryptGenRandom (which Wine has),
 * as Windows documents it: fill the buffer, always return TRUE. It goes into the throw-away Wine
 * prefix of installer/windows/check-under-wine.sh and nowhere else: what ships is unchanged and
 * real Windows uses its own DLL. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
            /* Windows' ProcessPrng never fails; Rust aborts if it did. */
            ExitProcess(70);
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
