/* The floor for one per_window reading with this machine's GMP: the calls CiphertextAccumulator.add(plaintext:)
 * makes to add a plaintext m into a running sum x = a + b·n modulo n², b <- (b + a·m) mod n, in a bare C loop over
 * 256 random signed readings and a random odd n, two ways:
 *   plaintext_add_1core     constant time, as the runtime does it: mpn_mul_1, mpn_sec_div_r, then conditional
 *                           swaps for the sign and the final subtraction of n;
 *   plaintext_add_1core_vt  variable time, for comparison: mpn_mul_1, mpn_tdiv_qr, then branches.
 * Prints one JSON line per key size and way: {"implementation": "c", "bits": B, "operation": ..., "value": additions
 * per CPU second}.
 *
 *   cc -O2 benchmarks/gmp_plaintext_add_floor.c -lgmp -o gmp_plaintext_add_floor && ./gmp_plaintext_add_floor 2048 3072
 */
#include <gmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

enum { POOL = 256 };

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void random_bytes(void *buffer, size_t bytes) {
    size_t done = 0;
    while (done < bytes) {
        ssize_t got = getrandom((char *)buffer + done, bytes - done, 0);
        if (got < 0) { perror("getrandom"); exit(1); }
        done += (size_t)got;
    }
}

/* Plaintext additions per CPU second; `constant_time` picks the way. */
static double measure(int bits, double seconds, int constant_time) {
    mp_size_t h = bits / 64;
    mp_size_t itch = mpn_sec_div_r_itch(h + 1, h);
    mp_limb_t *n = malloc(h * sizeof *n), *a = malloc(h * sizeof *a), *b = malloc(h * sizeof *b);
    mp_limb_t *t = malloc((h + 1) * sizeof *t), *other = malloc(h * sizeof *other);
    mp_limb_t *scratch = malloc((itch + 2) * sizeof *scratch);
    int64_t readings[POOL];
    random_bytes(n, h * sizeof *n);
    n[0] |= 1;
    n[h - 1] |= (mp_limb_t)1 << 63;
    random_bytes(a, h * sizeof *a);
    a[h - 1] >>= 1; /* below n */
    mpn_zero(b, h);
    random_bytes(readings, sizeof readings);
    for (int i = 0; i < POOL; i++) readings[i] %= 10000000; /* signed meter readings, |m| < 10^7 */
    long count = 0, batch = 4096;
    double start = cpu_seconds(), elapsed = 0;
    while (elapsed < seconds) {
        for (long i = 0; i < batch; i++, count++) {
            int64_t m = readings[count % POOL];
            mp_limb_t magnitude = m < 0 ? (mp_limb_t)0 - (mp_limb_t)m : (mp_limb_t)m;
            t[h] = mpn_mul_1(t, a, h, magnitude);
            if (constant_time) {
                mp_limb_t negative = m < 0;
                mpn_sec_div_r(t, h + 1, n, h, scratch);
                mpn_sub_n(other, n, t, h);
                mpn_cnd_swap(negative, t, other, h);
                mp_limb_t carry = mpn_add_n(b, b, t, h);
                mp_limb_t borrow = mpn_sub_n(other, b, n, h);
                mpn_cnd_swap(carry | (borrow ^ 1), b, other, h);
            } else {
                mpn_tdiv_qr(scratch, other, 0, t, h + 1, n, h);
                if (m >= 0) {
                    if (mpn_add_n(b, b, other, h) || mpn_cmp(b, n, h) >= 0) mpn_sub_n(b, b, n, h);
                } else if (mpn_sub_n(b, b, other, h)) {
                    mpn_add_n(b, b, n, h);
                }
            }
        }
        elapsed = cpu_seconds() - start;
    }
    free(n); free(a); free(b); free(t); free(other); free(scratch);
    return (double)count / elapsed;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        int bits = atoi(argv[i]);
        if (bits < 128 || bits % 64 != 0) { fprintf(stderr, "bits must be a multiple of 64, at least 128\n"); return 1; }
        printf("{\"implementation\": \"c\", \"bits\": %d, \"operation\": \"plaintext_add_1core\", \"value\": %.1f}\n",
               bits, measure(bits, 2.0, 1));
        printf("{\"implementation\": \"c\", \"bits\": %d, \"operation\": \"plaintext_add_1core_vt\", \"value\": %.1f}\n",
               bits, measure(bits, 2.0, 0));
    }
    return 0;
}
