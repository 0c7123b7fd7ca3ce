/* ChaCha20 against the RFC 8439 test vectors (2.3.2 block function, 2.4.2
 * encryption, A.1 keystream blocks), and the fast-key-erasure generator's
 * properties: deterministic for a seed, key changed by every request and
 * every mix, output in pieces equal to output at once. */
#include <kernel/chacha20.h>
#include <string.h>

#include "test.h"

static void from_hex(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void key_0_to_31(uint8_t key[32])
{
    for (int i = 0; i < 32; i++)
        key[i] = (uint8_t)i;
}

/* RFC 8439 2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00,
 * block count 1. */
TEST(chacha20_rfc8439_block_2_3_2)
{
    uint8_t key[32], nonce[12], out[64], want[64];
    key_0_to_31(key);
    from_hex("000000090000004a00000000", nonce, 12);
    from_hex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
             "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
             want, 64);
    chacha20_block(key, 1, nonce, out);
    CHECK(memcmp(out, want, 64) == 0);
}

/* RFC 8439 2.4.2: the "sunscreen" plaintext, counter 1. */
TEST(chacha20_rfc8439_encryption_2_4_2)
{
    static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you only "
                             "one tip for the future, sunscreen would be it.";
    uint8_t key[32], nonce[12], out[114], want[114], back[114];
    CHECK_EQ(sizeof(pt) - 1, 114);
    key_0_to_31(key);
    from_hex("000000000000004a00000000", nonce, 12);
    from_hex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
             "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
             "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
             "5af90bbf74a35be6b40b8eedf2785e42874d",
             want, 114);
    chacha20_xor(key, 1, nonce, (const uint8_t *)pt, out, 114);
    CHECK(memcmp(out, want, 114) == 0);
    chacha20_xor(key, 1, nonce, out, back, 114);
    CHECK(memcmp(back, pt, 114) == 0);
    memcpy(back, pt, 114); /* in place */
    chacha20_xor(key, 1, nonce, back, back, 114);
    CHECK(memcmp(back, want, 114) == 0);
}

/* RFC 8439 A.1 test vectors #1 and #2: all-zero key and nonce, counters
 * 0 and 1; the keystream alone (in = NULL). */
TEST(chacha20_rfc8439_a1_keystream)
{
    uint8_t key[32] = {0}, nonce[12] = {0}, out[128], want[128];
    from_hex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
             "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"
             "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
             "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
             want, 128);
    chacha20_xor(key, 0, nonce, NULL, out, 128);
    CHECK(memcmp(out, want, 128) == 0);
    chacha20_block(key, 1, nonce, out);
    CHECK(memcmp(out, want + 64, 64) == 0);
}

TEST(crng_is_deterministic_for_a_seed)
{
    struct crng a = {{0}}, b = {{0}};
    crng_mix(&a, "seed", 4);
    crng_mix(&b, "seed", 4);
    uint8_t x[100], y[100];
    crng_generate(&a, x, sizeof(x));
    crng_generate(&b, y, sizeof(y));
    CHECK(memcmp(x, y, sizeof(x)) == 0);
    CHECK(memcmp(a.key, b.key, 32) == 0);
}

TEST(crng_requests_differ_and_erase_the_key)
{
    struct crng c = {{0}};
    crng_mix(&c, "seed", 4);
    uint8_t before[32], x[64], y[64];
    memcpy(before, c.key, 32);
    crng_generate(&c, x, sizeof(x));
    CHECK(memcmp(before, c.key, 32) != 0);
    crng_generate(&c, y, sizeof(y));
    CHECK(memcmp(x, y, sizeof(x)) != 0);
    /* Output never reveals the key that produced the next output. */
    for (size_t i = 0; i + 8 <= sizeof(x); i++)
        CHECK(memcmp(x + i, c.key, 8) != 0);
}

TEST(crng_mix_depends_on_every_byte)
{
    uint8_t data[100] = {0};
    struct crng a = {{0}}, b = {{0}}, z = {{0}}, z2 = {{0}};
    crng_mix(&a, data, sizeof(data));
    data[99] = 1;
    crng_mix(&b, data, sizeof(data));
    CHECK(memcmp(a.key, b.key, 32) != 0);
    crng_mix(&z, data, 4);
    crng_mix(&z2, data, 5); /* trailing zero byte still matters */
    CHECK(memcmp(z.key, z2.key, 32) != 0);
    struct crng e = {{0}};
    crng_mix(&e, data, 0); /* an empty input still advances the key */
    CHECK(memcmp(e.key, (uint8_t[32]){0}, 32) != 0);
}

TEST(crng_expand_in_pieces_equals_whole)
{
    uint8_t key[32], whole[256], parts[256];
    key_0_to_31(key);
    uint32_t blk = 0;
    crng_expand(key, &blk, whole, sizeof(whole));
    CHECK_EQ(blk, 4);
    blk = 0;
    crng_expand(key, &blk, parts, 64);
    crng_expand(key, &blk, parts + 64, 128);
    crng_expand(key, &blk, parts + 192, 64);
    CHECK(memcmp(whole, parts, sizeof(whole)) == 0);
    /* Roughly uniform: every byte value shows up in a few KiB. */
    static uint8_t big[8192];
    int seen[256] = {0}, missing = 0;
    blk = 0;
    crng_expand(key, &blk, big, sizeof(big));
    for (size_t i = 0; i < sizeof(big); i++)
        seen[big[i]]++;
    for (int i = 0; i < 256; i++)
        missing += seen[i] == 0;
    CHECK_EQ(missing, 0);
}
