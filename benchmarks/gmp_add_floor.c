/* The floor for one homomorphic addition with this machine's GMP, in bare C loops over 256 random
 * ciphertexts modulo the square of a random odd n, two ways:
 *   add_1core             the calls CiphertextAccumulator.add makes: the running product in base n
 *                         (x = a + b·n), three half-size mpn_mul_n and two mpn_tdiv_qr by n;
 *   add_1core_montgomery  one full-size mpn_mul_n and GMP's Montgomery reduction mpn_redc_n modulo n².
 * Prints one JSON line per key size and way: {"implementation": "c", "bits": B, "operation": ..., "value": additions
 * per CPU second}.
 *
 *   cc -O2 benchmarks/gmp_add_floor.c -lgmp -o gmp_add_floor && ./gmp_add_floor 2048 3072
 */
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

void __gmpn_redc_n(mp_ptr rp, mp_ptr up, mp_srcptr mp, mp_size_t n, mp_srcptr ip);

enum { POOL = 256 };

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void random_limbs(mp_limb_t *limbs, size_t count) {
    size_t done = 0, bytes = count * sizeof(mp_limb_t);
    while (done < bytes) {
        ssize_t got = getrandom((char *)limbs + done, bytes - done, 0);
        if (got < 0) { perror("getrandom"); exit(1); }
        done += (size_t)got;
    }
}

/* Base-n additions per CPU second: x = a + b·n, c = c0 + c1·n, x·c ≡ a·c0 + (a·c1 + b·c0)·n (mod n²). */
static double measure_base_n(int bits, double seconds) {
    mp_size_t h = bits / 64;
    mp_limb_t *n = malloc(h * sizeof *n), *pool = malloc(POOL * 2 * h * sizeof *pool);
    mp_limb_t *digits = malloc(3 * h * sizeof *digits), *cross = malloc(2 * h * sizeof *cross);
    mp_limb_t *sum = malloc((2 * h + 1) * sizeof *sum), *quotient = malloc((h + 2) * sizeof *quotient);
    random_limbs(n, h);
    n[0] |= 1;
    n[h - 1] |= (mp_limb_t)1 << 63;
    for (int i = 0; i < POOL; i++) { /* digits below n: one limb shorter keeps them in range */
        random_limbs(pool + i * 2 * h, 2 * h);
        pool[i * 2 * h + h - 1] = 0;
        pool[i * 2 * h + 2 * h - 1] = 0;
    }
    mp_limb_t *a = digits, *b = digits + h;
    mpn_zero(digits, 2 * h);
    a[0] = 1;
    long count = 0, batch = 1024;
    double start = cpu_seconds(), elapsed = 0;
    while (elapsed < seconds) {
        for (long i = 0; i < batch; i++, count++) {
            const mp_limb_t *low = pool + (count % POOL) * 2 * h, *high = low + h;
            mpn_mul_n(cross, a, high, h);
            mpn_mul_n(sum, a, low, h);
            mpn_tdiv_qr(quotient, a, 0, sum, 2 * h, n, h);
            mpn_mul_n(sum, b, low, h);
            sum[2 * h] = mpn_add_n(sum, sum, cross, 2 * h);
            mpn_add(sum, sum, 2 * h + 1, quotient, h + 1);
            mpn_tdiv_qr(quotient, b, 0, sum, 2 * h + 1, n, h);
        }
        elapsed = cpu_seconds() - start;
    }
    free(n); free(pool); free(digits); free(cross); free(sum); free(quotient);
    return (double)count / elapsed;
}

/* Montgomery additions per CPU second modulo n² for a random odd n of `bits` bits. */
static double measure_montgomery(int bits, double seconds) {
    mp_size_t half = bits / 64, k = 2 * half;
    mp_limb_t *n = malloc(half * sizeof *n), *m = malloc(k * sizeof *m), *inverse = malloc(k * sizeof *inverse);
    mp_limb_t *x = malloc(k * sizeof *x), *product = malloc(2 * k * sizeof *product);
    mp_limb_t *pool = malloc(POOL * k * sizeof *pool);
    random_limbs(n, half);
    n[0] |= 1;
    n[half - 1] |= (mp_limb_t)1 << 63;
    mpn_sqr(m, n, half);
    mpz_t modulus, radix, inv;
    mpz_inits(modulus, radix, inv, NULL);
    mpz_import(modulus, k, -1, sizeof(mp_limb_t), 0, 0, m);
    mpz_setbit(radix, 64 * k);
    mpz_invert(inv, modulus, radix);
    mpn_zero(inverse, k);
    mpz_export(inverse, NULL, -1, sizeof(mp_limb_t), 0, 0, inv);
    for (int i = 0; i < POOL; i++) { /* operands below n²: one limb shorter keeps them in range */
        random_limbs(pool + i * k, k);
        pool[i * k + k - 1] = 0;
    }
    mpn_zero(x, k);
    x[0] = 1;
    long count = 0, batch = 1024;
    double start = cpu_seconds(), elapsed = 0;
    while (elapsed < seconds) {
        for (long i = 0; i < batch; i++, count++) {
            mpn_mul_n(product, x, pool + (count % POOL) * k, k);
            __gmpn_redc_n(x, product, m, k, inverse);
        }
        elapsed = cpu_seconds() - start;
    }
    mpz_clears(modulus, radix, inv, NULL);
    free(n); free(m); free(inverse); free(x); free(product); free(pool);
    return (double)count / elapsed;
}

int main(int argc, char **argv) {
    double seconds = 2;
    for (int i = 1; i < argc; i++) {
        int bits = atoi(argv[i]);
        if (bits < 1024 || bits % 64 != 0) { fprintf(stderr, "usage: %s BITS...\n", argv[0]); return 2; }
        printf("{\"implementation\": \"c\", \"bits\": %d, \"operation\": \"add_1core\", \"value\": %.1f}\n",
               bits, measure_base_n(bits, seconds));
        printf("{\"implementation\": \"c\", \"bits\": %d, \"operation\": \"add_1core_montgomery\", \"value\": %.1f}\n",
               bits, measure_montgomery(bits, seconds));
    }
    return 0;
}
