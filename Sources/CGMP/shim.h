#ifndef PRIVACY_RUNTIME_CGMP_SHIM_H
#define PRIVACY_RUNTIME_CGMP_SHIM_H

#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

/// Sign of z (-1, 0, 1): `mpz_sgn` is a macro Swift cannot import.
static inline int cgmp_sgn(mpz_srcptr z) { return mpz_sgn(z); }

/// Non-zero when z is odd: `mpz_odd_p` is a macro Swift cannot import.
static inline int cgmp_odd_p(mpz_srcptr z) { return mpz_odd_p(z); }

/// Overwrites `size` bytes with zeros in a way the compiler may not elide.
static inline void cgmp_secure_zero(void *pointer, size_t size) {
    if (pointer != NULL && size > 0) {
#if defined(__APPLE__)
        memset_s(pointer, size, 0, size);
#else
        explicit_bzero(pointer, size);
#endif
    }
}

static void *cgmp_zeroing_alloc(size_t size) {
    void *pointer = malloc(size);
    if (pointer == NULL) abort();
    return pointer;
}

/// GMP's realloc hook: moves the limbs to a fresh block and wipes the old one, so no stale copy
/// of a secret survives in freed memory.
static void *cgmp_zeroing_realloc(void *old, size_t old_size, size_t new_size) {
    void *pointer = malloc(new_size);
    if (pointer == NULL) abort();
    if (old != NULL) {
        memcpy(pointer, old, old_size < new_size ? old_size : new_size);
        cgmp_secure_zero(old, old_size);
        free(old);
    }
    return pointer;
}

static void cgmp_zeroing_free(void *pointer, size_t size) {
    cgmp_secure_zero(pointer, size);
    free(pointer);
}

/// Makes every later GMP allocation use the zeroing hooks above. Call once, before any GMP
/// allocation (the hooks stay compatible with malloc'd blocks, so a late call is still safe).
static inline void cgmp_install_zeroing_allocator(void) {
    mp_set_memory_functions(cgmp_zeroing_alloc, cgmp_zeroing_realloc, cgmp_zeroing_free);
}

/// Non-zero when GMP currently uses the zeroing hooks above.
static inline int cgmp_zeroing_allocator_installed(void) {
    void (*free_function)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &free_function);
    return free_function == cgmp_zeroing_free;
}

/* Montgomery reduction as GMP's own mpz_powm uses it. A GMP internal, exported by every libgmp
 * since 5.0 but absent from gmp.h: rp = up * B^-n mod mp, fully reduced, for up < mp * B^n (2n
 * limbs) and ip = mp^-1 mod B^n; n must exceed 8 limbs. */
void __gmpn_redc_n(mp_ptr rp, mp_ptr up, mp_srcptr mp, mp_size_t n, mp_srcptr ip);

/// Sets the `limbs` limbs at `out` to entry `which` of the `count` consecutive entries of `limbs`
/// limbs at `table`, reading every limb of every entry in the same order whatever `which` is: a
/// mask, all ones for the wanted entry and zero for the others, is computed without a branch and
/// hidden from the optimiser, and each entry is ANDed with it. Does what `mpn_sec_tabselect`
/// does; this loop is vectorised by the compiler and measured 20–37% faster (BENCHMARKS.md).
static inline void cgmp_select_entry_masked(mp_limb_t *restrict out, const mp_limb_t *restrict table, size_t limbs,
                                            size_t count, size_t which) {
    for (size_t l = 0; l < limbs; l++) out[l] = 0;
    for (size_t j = 0; j < count; j++) {
        mp_limb_t difference = (mp_limb_t)(j ^ which);
        mp_limb_t mask = ((difference | (0 - difference)) >> (GMP_LIMB_BITS - 1)) - 1;
        __asm__ volatile("" : "+r"(mask));
        const mp_limb_t *entry = table + j * limbs;
        for (size_t l = 0; l < limbs; l++) out[l] |= entry[l] & mask;
    }
}

/// The constant-time selection the DJN table uses: `cgmp_select_entry_masked` in an optimised build;
/// in an unoptimised (debug) build, where that loop is not vectorised and took 56% of a debug run's
/// time, GMP's own assembly `mpn_sec_tabselect`, which reads every entry just the same.
static inline void cgmp_select_entry(mp_limb_t *restrict out, const mp_limb_t *restrict table, size_t limbs,
                                     size_t count, size_t which) {
#if defined(__OPTIMIZE__)
    cgmp_select_entry_masked(out, table, limbs, count, which);
#else
    mpn_sec_tabselect(out, table, (mp_size_t)limbs, (mp_size_t)count, (mp_size_t)which);
#endif
}

#endif
