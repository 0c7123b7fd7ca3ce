/* ChaCha20 (RFC 8439 section 2) and a fast-key-erasure generator over it
 * (include/kernel/chacha20.h). Written from the RFC's description: the
 * state is four constant words, eight key words, the block counter and
 * three nonce words, all little-endian; 20 rounds alternate column and
 * diagonal quarter rounds; the input state is added to the output. */
#include <kernel/chacha20.h>
#include <kernel/string.h>

static inline uint32_t rotl32(uint32_t v, unsigned n)
{
    return v << n | v >> (32 - n);
}

static inline uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* RFC 8439 2.1: the quarter round on four state words. */
static inline void quarter_round(uint32_t *x, unsigned a, unsigned b, unsigned c, unsigned d)
{
    x[a] += x[b], x[d] = rotl32(x[d] ^ x[a], 16);
    x[c] += x[d], x[b] = rotl32(x[b] ^ x[c], 12);
    x[a] += x[b], x[d] = rotl32(x[d] ^ x[a], 8);
    x[c] += x[d], x[b] = rotl32(x[b] ^ x[c], 7);
}

void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE])
{
    /* 2.3: "expand 32-byte k", key, counter, nonce. */
    uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    for (int i = 0; i < 8; i++)
        s[4 + i] = load_le32(key + 4 * i);
    s[12] = counter;
    for (int i = 0; i < 3; i++)
        s[13 + i] = load_le32(nonce + 4 * i);
    uint32_t x[16];
    memcpy(x, s, sizeof(x));
    for (int i = 0; i < 10; i++) {
        quarter_round(x, 0, 4, 8, 12); /* columns */
        quarter_round(x, 1, 5, 9, 13);
        quarter_round(x, 2, 6, 10, 14);
        quarter_round(x, 3, 7, 11, 15);
        quarter_round(x, 0, 5, 10, 15); /* diagonals */
        quarter_round(x, 1, 6, 11, 12);
        quarter_round(x, 2, 7, 8, 13);
        quarter_round(x, 3, 4, 9, 14);
    }
    for (int i = 0; i < 16; i++)
        store_le32(out + 4 * i, x[i] + s[i]);
    crng_wipe(x, sizeof(x));
    crng_wipe(s, sizeof(s));
}

void chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                  const uint8_t nonce[CHACHA20_NONCE_SIZE], const uint8_t *in, uint8_t *out,
                  size_t len)
{
    uint8_t block[CHACHA20_BLOCK_SIZE];
    while (len) {
        chacha20_block(key, counter++, nonce, block);
        size_t n = len < sizeof(block) ? len : sizeof(block);
        for (size_t i = 0; i < n; i++)
            out[i] = (uint8_t)((in ? in[i] : 0) ^ block[i]);
        if (in)
            in += n;
        out += n;
        len -= n;
    }
    crng_wipe(block, sizeof(block));
}

void crng_wipe(void *p, size_t len)
{
    memset(p, 0, len);
    __asm__ volatile("" : : "r"(p) : "memory"); /* the stores must happen */
}

/* Distinct nonces keep the mixing, splitting and output streams apart
 * even under the same key. */
static const uint8_t mix_nonce[CHACHA20_NONCE_SIZE] = {'c', 'r', 'n', 'g', '-', 'm', 'i', 'x'};
static const uint8_t split_nonce[CHACHA20_NONCE_SIZE] = {'c', 'r', 'n', 'g', '-', 's', 'p', 'l'};
static const uint8_t out_nonce[CHACHA20_NONCE_SIZE] = {'c', 'r', 'n', 'g', '-', 'o', 'u', 't'};

void crng_mix(struct crng *c, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint8_t block[CHACHA20_BLOCK_SIZE];
    do {
        size_t n = len < CHACHA20_KEY_SIZE ? len : CHACHA20_KEY_SIZE;
        for (size_t i = 0; i < n; i++)
            c->key[i] ^= p[i];
        /* The piece's length goes into the counter, so inputs that differ
         * only by trailing zero bytes still give different keys. */
        chacha20_block(c->key, (uint32_t)n, mix_nonce, block);
        memcpy(c->key, block, CHACHA20_KEY_SIZE);
        p += n;
        len -= n;
    } while (len);
    crng_wipe(block, sizeof(block));
}

void crng_split(struct crng *c, uint8_t out_key[CHACHA20_KEY_SIZE])
{
    uint8_t block[CHACHA20_BLOCK_SIZE];
    chacha20_block(c->key, 0, split_nonce, block);
    memcpy(c->key, block, CHACHA20_KEY_SIZE);
    memcpy(out_key, block + CHACHA20_KEY_SIZE, CHACHA20_KEY_SIZE);
    crng_wipe(block, sizeof(block));
}

void crng_expand(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t *block, void *out, size_t len)
{
    uint8_t *o = out;
    uint8_t tmp[CHACHA20_BLOCK_SIZE];
    while (len) {
        size_t n = len < sizeof(tmp) ? len : sizeof(tmp);
        if (n == sizeof(tmp)) {
            chacha20_block(key, (*block)++, out_nonce, o);
        } else {
            chacha20_block(key, (*block)++, out_nonce, tmp);
            memcpy(o, tmp, n);
        }
        o += n;
        len -= n;
    }
    crng_wipe(tmp, sizeof(tmp));
}

void crng_generate(struct crng *c, void *out, size_t len)
{
    uint8_t key[CHACHA20_KEY_SIZE];
    uint32_t block = 0;
    crng_split(c, key);
    crng_expand(key, &block, out, len);
    crng_wipe(key, sizeof(key));
}
