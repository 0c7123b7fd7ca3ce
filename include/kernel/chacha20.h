/* ChaCha20 (RFC 8439, "ChaCha20 and Poly1305 for IETF Protocols": 32-byte
 * key, 32-bit block counter, 96-bit nonce) and the kernel's random number
 * generator built on it.
 *
 * The generator uses fast key erasure (D. J. Bernstein, "Fast-key-erasure
 * random-number generators", 2017; Linux drivers/char/random.c does the
 * same): every request first turns the key into a new key plus a one-time
 * key for the output, so the state that remains can never reproduce
 * output already handed out. Portable: tests/host/test_chacha20.c checks
 * it against the RFC 8439 test vectors. No locking here: the caller
 * guards a struct crng. */
#ifndef KERNEL_CHACHA20_H
#define KERNEL_CHACHA20_H

#include <kernel/types.h>

#define CHACHA20_KEY_SIZE   32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64

/* RFC 8439 2.3: one 64-byte keystream block. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE]);

/* RFC 8439 2.4: out = in XOR keystream starting at block counter. in may
 * be NULL for the bare keystream; in and out may be the same buffer. */
void chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                  const uint8_t nonce[CHACHA20_NONCE_SIZE], const uint8_t *in, uint8_t *out,
                  size_t len);

struct crng {
    uint8_t key[CHACHA20_KEY_SIZE];
};

/* Fold data into the key: each 32-byte piece is XORed in and the key is
 * replaced by the first half of a ChaCha20 block under it, so the new key
 * depends on every input byte and on the old key. */
void crng_mix(struct crng *c, const void *data, size_t len);

/* Fast key erasure step: replace c's key and give a one-time output key
 * the caller expands with crng_expand() (outside any lock) and erases. */
void crng_split(struct crng *c, uint8_t out_key[CHACHA20_KEY_SIZE]);
/* len bytes of output from a one-time key; *block counts blocks used, so
 * one key can be expanded in several pieces. */
void crng_expand(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t *block, void *out, size_t len);

/* crng_split + crng_expand + erase: len random bytes. */
void crng_generate(struct crng *c, void *out, size_t len);

/* Overwrite secrets in a way the compiler cannot drop. */
void crng_wipe(void *p, size_t len);

#endif
