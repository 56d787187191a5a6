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

/// The mask of entry `j` for index `which`: all ones when they are equal, zero otherwise, computed
/// without a branch and hidden from the optimiser.
__attribute__((always_inline))
static inline mp_limb_t cgmp_entry_mask(size_t j, size_t which) {
    mp_limb_t difference = (mp_limb_t)(j ^ which);
    mp_limb_t mask = ((difference | (0 - difference)) >> (GMP_LIMB_BITS - 1)) - 1;
    __asm__ volatile("" : "+r"(mask));
    return mask;
}

/// ORs entries `first` up to `end` (exclusive) of `table` into each output b, each ANDed with its mask
/// for which[b] (`cgmp_entry_mask`): the pass every selection below makes, or finishes.
__attribute__((always_inline))
static inline void cgmp_or_masked_entries(mp_limb_t *restrict out, const mp_limb_t *restrict table, size_t limbs,
                                          size_t first, size_t end, const size_t *restrict which, size_t outputs) {
    for (size_t j = first; j < end; j++) {
        const mp_limb_t *entry = table + j * limbs;
        for (size_t b = 0; b < outputs; b++) {
            mp_limb_t mask = cgmp_entry_mask(j, which[b]);
            mp_limb_t *target = out + b * limbs;
            for (size_t l = 0; l < limbs; l++) target[l] |= entry[l] & mask;
        }
    }
}

/// Sets output b (the `limbs` limbs at out + b·limbs) to entry which[b] of the `count` consecutive
/// entries of `limbs` limbs at `table`, for b < `outputs`, in one pass over the table that reads
/// every limb of every entry in the same order whatever the indices are: each entry is ANDed with
/// its mask for each output (`cgmp_entry_mask`). Several outputs share the pass, so a
/// table row too large for the L1 cache is brought in once for all of them. Does what
/// `mpn_sec_tabselect` does for each output.
__attribute__((always_inline))
static inline void cgmp_select_entries_masked(mp_limb_t *restrict out, const mp_limb_t *restrict table, size_t limbs,
                                              size_t count, const size_t *restrict which, size_t outputs) {
    for (size_t l = 0; l < outputs * limbs; l++) out[l] = 0;
    cgmp_or_masked_entries(out, table, limbs, 0, count, which, outputs);
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// The same selection in AVX2 instructions, written out rather than left to the vectoriser (which
/// turned the loop into masked loads and stores): four limbs at a time, and four entries ORed
/// together before each output's limbs are stored, so the pass is bound by reading the table rather
/// than by writing the outputs. Call it only where `cgmp_cpu_has_avx2` says so.
__attribute__((target("avx2")))
static inline void cgmp_select_entries_avx2(mp_limb_t *restrict out, const mp_limb_t *restrict table, size_t limbs,
                                            size_t count, const size_t *restrict which, size_t outputs) {
    for (size_t l = 0; l < outputs * limbs; l++) out[l] = 0;
    size_t vectorLimbs = limbs & ~(size_t)3;
    size_t j = 0;
    for (; j + 4 <= count; j += 4) {
        const mp_limb_t *entry = table + j * limbs;
        for (size_t b = 0; b < outputs; b++) {
            mp_limb_t masks[4];
            for (size_t u = 0; u < 4; u++) masks[u] = cgmp_entry_mask(j + u, which[b]);
            __m256i m0 = _mm256_set1_epi64x((long long)masks[0]), m1 = _mm256_set1_epi64x((long long)masks[1]);
            __m256i m2 = _mm256_set1_epi64x((long long)masks[2]), m3 = _mm256_set1_epi64x((long long)masks[3]);
            mp_limb_t *target = out + b * limbs;
            size_t l = 0;
            for (; l < vectorLimbs; l += 4) {
                __m256i e0 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(entry + l)), m0);
                __m256i e1 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(entry + limbs + l)), m1);
                __m256i e2 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(entry + 2 * limbs + l)), m2);
                __m256i e3 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(entry + 3 * limbs + l)), m3);
                __m256i any = _mm256_or_si256(_mm256_or_si256(e0, e1), _mm256_or_si256(e2, e3));
                __m256i sum = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(target + l)), any);
                _mm256_storeu_si256((__m256i *)(target + l), sum);
            }
            for (; l < limbs; l++)
                target[l] |= (entry[l] & masks[0]) | (entry[limbs + l] & masks[1])
                    | (entry[2 * limbs + l] & masks[2]) | (entry[3 * limbs + l] & masks[3]);
        }
    }
    cgmp_or_masked_entries(out, table, limbs, j, count, which, outputs);  // the last count mod 4 entries
}

/// Non-zero when the CPU has AVX2 and the operating system saves its registers (CPUID and XCR0).
static inline int cgmp_cpu_has_avx2(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return 0;
    unsigned int xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;  // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & bit_AVX2) != 0;
}
#else
static inline int cgmp_cpu_has_avx2(void) { return 0; }
#endif

/// The constant-time selection the DJN table uses: `cgmp_select_entries_avx2` when `avx2` is non-zero,
/// `cgmp_select_entries_masked` otherwise, in an optimised build; in an unoptimised (debug) build, where that loop
/// is not vectorised and took 56% of a debug run's time, GMP's own assembly `mpn_sec_tabselect` once
/// per output, which reads every entry just the same.
static inline void cgmp_select_entries(mp_limb_t *restrict out, const mp_limb_t *restrict table, size_t limbs,
                                       size_t count, const size_t *restrict which, size_t outputs, int avx2) {
#if defined(__OPTIMIZE__)
#if defined(__x86_64__)
    if (avx2) {
        cgmp_select_entries_avx2(out, table, limbs, count, which, outputs);
        return;
    }
#endif
    cgmp_select_entries_masked(out, table, limbs, count, which, outputs);
#else
    (void)avx2;
    for (size_t b = 0; b < outputs; b++)
        mpn_sec_tabselect(out + b * limbs, table, (mp_size_t)limbs, (mp_size_t)count, (mp_size_t)which[b]);
#endif
}

#endif
