/* Fixed-base exponentiation h^e mod n² (n a random odd number of B bits, e of ⌈B/2⌉ bits: the DJN
 * obfuscator) from a table T[i][j] = h^(j·2^(w·i)) in Montgomery form, in bare C loops, by WAY:
 *   variable       the entry of each row is read by its index (the digit), so which cache lines are
 *                  read depends on the exponent; each step mpn_mul_n (Toom) + mpn_redc_n: what
 *                  FixedBaseTable did before it became constant time;
 *   select         every entry of the row is read by GMP's mpn_sec_tabselect; steps as above;
 *   masked         every entry read by cgmp_select_entries (Sources/CGMP/shim.h), the runtime's
 *                  masked selection (its AVX2 build where the CPU has it), one exponent per pass;
 *                  steps as above: what FixedBaseTable does for a single encryption;
 *   batch          the same with 8 exponents per pass over each row (cgmp_select_entries with 8
 *                  outputs): what FixedBaseTable does for a batch of encryptions;
 *   masked_redc1   masked selection; steps mpn_mul_n + mpn_redc_1 + mpn_cnd_sub_n (no final branch);
 *   masked_secure  masked selection; steps mpn_sec_mul (schoolbook) + mpn_redc_1 + mpn_cnd_sub_n,
 *                  the steps of GMP's mpn_sec_powm: no branch on the data anywhere;
 *   secure         mpn_sec_tabselect with the steps of masked_secure.
 * Every way is checked against mpz_powm (random, zero and all-ones exponents) before it is timed.
 * Prints one JSON line per argument: {"bits": B, "way": ..., "w": W, "table_mib": ..., "value":
 * exponentiations per CPU second}; SECONDS_PER (default 2) sets the time per measurement.
 *
 *   clang -O2 benchmarks/djn_table_select.c -lgmp -o djn_table_select
 *   taskset -c 0 ./djn_table_select 2048 variable:11 masked:5 masked:6 masked:7 select:5 masked_secure:6 batch:7
 */
#include "../Sources/CGMP/shim.h" /* gmp.h, mpn_redc_n and the runtime's cgmp_select_entries */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

mp_limb_t __gmpn_redc_1(mp_ptr rp, mp_ptr up, mp_srcptr mp, mp_size_t n, mp_limb_t invm);

enum way { VARIABLE, SELECT, SECURE, MASKED, MASKED_SECURE, MASKED_REDC1, BATCH };

/* Exponents per pass of the batch way: FixedBaseTable.batchWidth. */
#define BATCH_WIDTH 8

/* Whether the masked selection runs its AVX2 build, asked once (CPUID leaves a virtual machine). */
static int use_avx2;


struct table {
    mp_size_t k;           /* limbs of m = n² */
    int w, rows, bits;     /* digit width, digit positions, exponent bits */
    mp_limb_t *m, *inverse, invm, *entries;
};

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void random_bytes(void *out, size_t bytes) {
    size_t done = 0;
    while (done < bytes) {
        ssize_t got = getrandom((char *)out + done, bytes - done, 0);
        if (got < 0) { perror("getrandom"); exit(1); }
        done += (size_t)got;
    }
}

static void store(mp_limb_t *out, const mpz_t x, mp_size_t k) {
    mpn_zero(out, k);
    mpz_export(out, NULL, -1, sizeof(mp_limb_t), 0, 0, x);
}

/* The table for base h modulo m, every entry in Montgomery form (x·B^k mod m). */
static struct table build(const mpz_t h, const mpz_t m, int exponent_bits, int w) {
    struct table t = { .k = (mp_size_t)mpz_size(m), .w = w, .bits = exponent_bits };
    t.rows = (exponent_bits + w - 1) / w;
    mp_size_t k = t.k;
    t.m = malloc(k * sizeof *t.m);
    t.inverse = malloc(k * sizeof *t.inverse);
    t.entries = aligned_alloc(64, ((size_t)t.rows << w) * k * sizeof *t.entries);
    mpz_t power, inverse, radix, base, entry;
    mpz_inits(power, inverse, radix, base, entry, NULL);
    mpz_setbit(power, 64 * k);
    mpz_invert(inverse, m, power);
    store(t.m, m, k);
    store(t.inverse, inverse, k);
    t.invm = -t.inverse[0]; /* -m⁻¹ mod B, for mpn_redc_1 */
    mpz_mod(radix, power, m);
    mpz_mod(base, h, m);
    for (int row = 0; row < t.rows; row++) {
        mpz_set(entry, radix);
        for (int j = 0; j < (1 << w); j++) {
            store(t.entries + (((size_t)row << w) + j) * k, entry, k);
            mpz_mul(entry, entry, base);
            mpz_mod(entry, entry, m);
        }
        for (int s = 0; s < w; s++) { mpz_mul(base, base, base); mpz_mod(base, base, m); }
    }
    mpz_clears(power, inverse, radix, base, entry, NULL);
    return t;
}

static int digit(const unsigned char *e, int bytes, int position, int w, int bits) {
    int value = 0;
    for (int b = 0; b < w && position * w + b < bits; b++) {
        int bit = position * w + b;
        value |= ((e[bytes - 1 - bit / 8] >> (bit % 8)) & 1) << b;
    }
    return value;
}

/* One Montgomery step acc ← acc·y·B^-k mod m by `way`. */
static void step(const struct table *t, enum way way, mp_limb_t *acc, const mp_limb_t *y, mp_limb_t *product) {
    if (way == SECURE || way == MASKED_SECURE) {
        mpn_sec_mul(product, acc, t->k, y, t->k, NULL);
        mp_limb_t carry = __gmpn_redc_1(acc, product, t->m, t->k, t->invm);
        mpn_cnd_sub_n(carry, acc, acc, t->m, t->k);
    } else if (way == MASKED_REDC1) {
        mpn_mul_n(product, acc, y, t->k);
        mp_limb_t carry = __gmpn_redc_1(acc, product, t->m, t->k, t->invm);
        mpn_cnd_sub_n(carry, acc, acc, t->m, t->k);
    } else {
        mpn_mul_n(product, acc, y, t->k);
        __gmpn_redc_n(acc, product, t->m, t->k, t->inverse);
    }
}

/* out = h^e mod m (k limbs, fully reduced) for the big-endian e of ⌈bits/8⌉ bytes. */
static void power(const struct table *t, enum way way, const unsigned char *e, mp_limb_t *out,
                  mp_limb_t *acc, mp_limb_t *selected, mp_limb_t *product) {
    mp_size_t k = t->k;
    int bytes = (t->bits + 7) / 8;
    for (int row = 0; row < t->rows; row++) {
        int d = digit(e, bytes, row, t->w, t->bits);
        const mp_limb_t *rowStart = t->entries + ((size_t)row << t->w) * k, *y;
        if (way == VARIABLE) {
            y = rowStart + (size_t)d * k;
        } else if (way == MASKED || way == MASKED_SECURE || way == MASKED_REDC1) {
            size_t which = (size_t)d;
            cgmp_select_entries(selected, rowStart, k, (size_t)1 << t->w, &which, 1, use_avx2);
            y = selected;
        } else {
            mpn_sec_tabselect(selected, rowStart, k, 1 << t->w, d);
            y = selected;
        }
        if (row == 0) mpn_copyi(acc, y, k); else step(t, way, acc, y, product);
    }
    /* Out of Montgomery form: REDC(acc, 0) < m + 1, then one conditional subtraction. */
    mpn_copyi(product, acc, k);
    mpn_zero(product + k, k);
    mp_limb_t carry = __gmpn_redc_1(out, product, t->m, k, t->invm);
    mpn_cnd_sub_n(carry, out, out, t->m, k);
    mp_limb_t borrow = mpn_sub_n(product, out, t->m, k);
    mpn_cnd_sub_n(borrow == 0, out, out, t->m, k);
}

/* The batch way: out[b·k…] = h^(e_b) mod m for the BATCH_WIDTH exponents at e (⌈bits/8⌉ bytes each),
 * each row read once for all of them; acc and selected hold BATCH_WIDTH·k limbs. */
static void power_batch(const struct table *t, const unsigned char *e, mp_limb_t *out,
                        mp_limb_t *acc, mp_limb_t *selected, mp_limb_t *product) {
    mp_size_t k = t->k;
    int bytes = (t->bits + 7) / 8;
    size_t which[BATCH_WIDTH];
    for (int row = 0; row < t->rows; row++) {
        for (int b = 0; b < BATCH_WIDTH; b++) which[b] = (size_t)digit(e + b * bytes, bytes, row, t->w, t->bits);
        const mp_limb_t *rowStart = t->entries + ((size_t)row << t->w) * k;
        cgmp_select_entries(selected, rowStart, k, (size_t)1 << t->w, which, BATCH_WIDTH, use_avx2);
        for (int b = 0; b < BATCH_WIDTH; b++) {
            if (row == 0) mpn_copyi(acc + b * k, selected + b * k, k);
            else step(t, BATCH, acc + b * k, selected + b * k, product);
        }
    }
    for (int b = 0; b < BATCH_WIDTH; b++) {
        mp_limb_t *o = out + b * k;
        mpn_copyi(product, acc + b * k, k);
        mpn_zero(product + k, k);
        mp_limb_t carry = __gmpn_redc_1(o, product, t->m, k, t->invm);
        mpn_cnd_sub_n(carry, o, o, t->m, k);
        mp_limb_t borrow = mpn_sub_n(product, o, t->m, k);
        mpn_cnd_sub_n(borrow == 0, o, o, t->m, k);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s BITS WAY:W...  (WAY: variable, select, secure)\n", argv[0]); return 2; }
    use_avx2 = cgmp_cpu_has_avx2();
    int bits = atoi(argv[1]), exponent_bits = (bits + 1) / 2, bytes = (exponent_bits + 7) / 8;
    double seconds = getenv("SECONDS_PER") ? atof(getenv("SECONDS_PER")) : 2.0;
    mpz_t n, m, h, e, expected, got;
    mpz_inits(n, m, h, e, expected, got, NULL);
    unsigned char *random = malloc(3 * (size_t)bits / 8);
    random_bytes(random, 3 * (size_t)bits / 8);
    mpz_import(n, bits / 8, 1, 1, 0, 0, random);
    mpz_setbit(n, bits - 1);
    mpz_setbit(n, 0);
    mpz_mul(m, n, n);
    mpz_import(h, 2 * (size_t)bits / 8, 1, 1, 0, 0, random + bits / 8);
    mpz_mod(h, h, m);
    free(random);
    for (int a = 2; a < argc; a++) {
        char *colon = strchr(argv[a], ':');
        if (!colon) { fprintf(stderr, "bad argument %s\n", argv[a]); return 2; }
        *colon = 0;
        enum way way = !strcmp(argv[a], "variable") ? VARIABLE : !strcmp(argv[a], "select") ? SELECT
            : !strcmp(argv[a], "secure") ? SECURE : !strcmp(argv[a], "masked") ? MASKED : !strcmp(argv[a], "masked_redc1") ? MASKED_REDC1 : !strcmp(argv[a], "batch") ? BATCH : MASKED_SECURE;
        int w = atoi(colon + 1);
        struct table t = build(h, m, exponent_bits, w);
        mp_size_t k = t.k;
        mp_limb_t *out = malloc(BATCH_WIDTH * k * sizeof *out), *acc = malloc(BATCH_WIDTH * k * sizeof *acc);
        mp_limb_t *selected = malloc(BATCH_WIDTH * k * sizeof *selected), *product = malloc(2 * k * sizeof *product);
        unsigned char *pool = malloc(256 * (size_t)bytes);
        random_bytes(pool, 256 * (size_t)bytes);
        for (int check = 0; check < 4; check++) {
            unsigned char *exponent = pool + check * bytes;
            if (check == 1) memset(exponent, 0, bytes);
            if (check == 2) memset(exponent, 0xff, bytes);
            int results = way == BATCH ? BATCH_WIDTH : 1;  /* the batch: this exponent and the next seven */
            if (way == BATCH) power_batch(&t, exponent, out, acc, selected, product);
            else power(&t, way, exponent, out, acc, selected, product);
            for (int b = 0; b < results; b++) {
                mpz_import(e, bytes, 1, 1, 0, 0, exponent + b * bytes);
                mpz_fdiv_r_2exp(e, e, exponent_bits);
                mpz_powm(expected, h, e, m);
                mpz_import(got, k, -1, sizeof(mp_limb_t), 0, 0, out + b * k);
                if (mpz_cmp(got, expected) != 0) { fprintf(stderr, "%s:%d: wrong result\n", argv[a], w); return 1; }
            }
        }
        random_bytes(pool, 256 * (size_t)bytes);
        long count = 0;
        double start = cpu_seconds(), elapsed = 0;
        while (elapsed < seconds) {
            if (way == BATCH)
                for (int i = 0; i < 2; i++, count += BATCH_WIDTH) power_batch(&t, pool + (count % 248) * bytes, out, acc, selected, product);
            else
                for (int i = 0; i < 16; i++, count++) power(&t, way, pool + (count % 256) * bytes, out, acc, selected, product);
            elapsed = cpu_seconds() - start;
        }
        double mib = (double)((size_t)t.rows << w) * k * sizeof(mp_limb_t) / 1048576.0;
        printf("{\"bits\": %d, \"way\": \"%s\", \"w\": %d, \"table_mib\": %.1f, \"value\": %.1f}\n",
               bits, argv[a], w, mib, (double)count / elapsed);
        fflush(stdout);
        free(t.m); free(t.inverse); free(t.entries); free(out); free(acc); free(selected); free(product); free(pool);
    }
    mpz_clears(n, m, h, e, expected, got, NULL);
    return 0;
}
