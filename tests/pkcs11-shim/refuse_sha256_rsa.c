/*
 * Test-only PKCS#11 module: stands in front of a real one (SoftHSM2, path in
 * KHAIBAO_SHIM_TARGET) and behaves like the tokens of public OpenSC reports that list
 * CKM_SHA256_RSA_PKCS but refuse it for the key: C_SignInit with that mechanism answers
 * CKR_MECHANISM_INVALID (and notes it in KHAIBAO_SHIM_LOG); every other call is the real
 * module's. Built by the signing test with the system C compiler; never shipped.
 *
 * Only the layout PKCS#11 v2.40 fixes is used: CK_FUNCTION_LIST is a CK_VERSION followed by 68
 * function pointers, C_GetFunctionList is entry 3 and C_SignInit entry 42.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct { CK_VERSION version; void *entry[68]; } CK_FUNCTION_LIST;
typedef struct { CK_ULONG mechanism; void *parameter; CK_ULONG parameter_len; } CK_MECHANISM;
typedef CK_RV (*get_function_list_fn)(CK_FUNCTION_LIST **);
typedef CK_RV (*sign_init_fn)(CK_ULONG, CK_MECHANISM *, CK_ULONG);

#define CKM_SHA256_RSA_PKCS 0x40UL
#define CKR_GENERAL_ERROR 0x05UL
#define CKR_MECHANISM_INVALID 0x70UL
#define SIGN_INIT 42
#define GET_FUNCTION_LIST 3

static CK_FUNCTION_LIST shim;
static sign_init_fn real_sign_init;
static int ready;

static CK_RV refusing_sign_init(CK_ULONG session, CK_MECHANISM *mechanism, CK_ULONG key) {
    if (mechanism != NULL && mechanism->mechanism == CKM_SHA256_RSA_PKCS) {
        const char *log = getenv("KHAIBAO_SHIM_LOG");
        if (log != NULL) {
            FILE *f = fopen(log, "a");
            if (f != NULL) {
                fputs("refused CKM_SHA256_RSA_PKCS\n", f);
                fclose(f);
            }
        }
        return CKR_MECHANISM_INVALID;
    }
    return real_sign_init(session, mechanism, key);
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list) {
    if (!ready) {
        const char *target = getenv("KHAIBAO_SHIM_TARGET");
        void *library = target ? dlopen(target, RTLD_NOW | RTLD_LOCAL) : NULL;
        if (library == NULL) return CKR_GENERAL_ERROR;
        get_function_list_fn real_get = (get_function_list_fn)dlsym(library, "C_GetFunctionList");
        CK_FUNCTION_LIST *real = NULL;
        if (real_get == NULL || real_get(&real) != 0 || real == NULL) return CKR_GENERAL_ERROR;
        memcpy(&shim, real, sizeof shim);
        real_sign_init = (sign_init_fn)shim.entry[SIGN_INIT];
        shim.entry[SIGN_INIT] = (void *)refusing_sign_init;
        shim.entry[GET_FUNCTION_LIST] = (void *)C_GetFunctionList;
        ready = 1;
    }
    *list = &shim;
    return 0;
}
