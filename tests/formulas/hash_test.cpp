#include <catch2/catch.hpp>
#include <string>

#include "formulas/hash64.hpp"
#include "formulas/jump_hash.hpp"
#include "formulas/md5.hpp"

using namespace headroom::formulas;

namespace {
std::string hex(const Md5Digest& d) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (auto b : d) s += kDigits[b >> 4], s += kDigits[b & 15];
  return s;
}
}  // namespace

TEST_CASE("md5 matches the RFC 1321 test suite", "[formulas][md5]") {
  // R. Rivest, RFC 1321, Appendix A.5.
  static const std::pair<const char*, const char*> kSuite[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
       "d174ab98d277d9f5a5611c2c9f419d9f"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  for (const auto& [text, digest] : kSuite) {
    CAPTURE(text);
    CHECK(hex(md5(text)) == digest);
    CHECK(md5_words(text)[0] == ketama_point(md5(text), 0));
  }
}

TEST_CASE("md5 pads correctly at every length around a block boundary", "[formulas][md5]") {
  // 55, 56 and 64 bytes are where the padding needs a second block; the words and the bytes
  // must agree at every length.
  for (size_t n = 50; n <= 130; ++n) {
    const std::string s(n, 'x');
    const Md5Digest d = md5(s);
    const Md5Words w = md5_words(s);
    for (unsigned i = 0; i < 4; ++i) CHECK(w[i] == ketama_point(d, i));
  }
  // A known 64-byte value: 64 × 'a'.
  CHECK(hex(md5(std::string(64, 'a'))) == "014842d480b571495a4a0363793f7367");
}

TEST_CASE("64-bit hashes match their reference vectors", "[formulas][hash64]") {
  // MurmurHash3_x64_128, first half (Appleby's SMHasher; vectors as in spaolacci/murmur3).
  CHECK(murmur3_x64_64("") == 0x0000000000000000ULL);
  CHECK(murmur3_x64_64("hello") == 0xcbd8a7b341bd9b02ULL);
  CHECK(murmur3_x64_64("hello, world") == 0x342fac623a5ebc8eULL);
  CHECK(murmur3_x64_64("19 Jan 2038 at 3:14:07 AM") == 0xb89e5988b737affcULL);
  CHECK(murmur3_x64_64("The quick brown fox jumps over the lazy dog.") == 0xcd99481f9ee902c9ULL);
  // FNV-1a 64 (Fowler, Noll & Vo; the offset basis for "", and the published "a").
  CHECK(fnv1a_64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(fnv1a_64("foobar") == 0x85944171f73967e8ULL);
  // xxHash64 with seed 0 (Collet's xxhash sanity values).
  CHECK(xxh64("") == 0xef46db3751d8e999ULL);
  CHECK(xxh64("abc") == 0x44bc2cf5ad770999ULL);
  // none: the key is the number.
  CHECK(hash64(Hash64::kNone, "12345") == 12345u);
  CHECK_FALSE(hash64(Hash64::kNone, "12a").has_value());
  CHECK_FALSE(hash64(Hash64::kNone, "").has_value());
}

TEST_CASE("jump hash matches the published vectors and is monotone", "[formulas][jump]") {
  // Lamping & Veach (2014), Figure 1; vectors shared by the reference ports (Go's
  // dgryski/go-jump, lithammer/python-jump-consistent-hash).
  CHECK(jump_consistent_hash(1, 1) == 0);
  CHECK(jump_consistent_hash(42, 57) == 43);
  CHECK(jump_consistent_hash(0xDEAD10CC, 1) == 0);
  CHECK(jump_consistent_hash(0xDEAD10CC, 666) == 361);
  CHECK(jump_consistent_hash(256, 1024) == 520);
  CHECK(jump_consistent_hash(1, 128) == 55);
  CHECK(jump_consistent_hash(129, 128) == 120);
  CHECK(jump_consistent_hash(128, 100000000) == 38172097);
  CHECK(jump_consistent_hash(0xFFFFFFFFFFFFFFFFULL, 128) == 92);
  // The paper's property: from n to n+1 buckets a key stays or moves to bucket n, about 1/(n+1).
  int moved = 0;
  for (std::uint64_t k = 0; k < 100000; ++k) {
    const auto before = jump_consistent_hash(fmix64(k), 10), after = jump_consistent_hash(fmix64(k), 11);
    CHECK((after == before || after == 10));
    moved += after != before;
  }
  CHECK(moved / 100000.0 == Approx(1.0 / 11).margin(0.005));
}

TEST_CASE("four interleaved md5s equal four single ones", "[formulas][md5]") {
  const std::string_view lengths[] = {"", "a", "key:123456", std::string_view("0123456789012345678901234567890123456789012345678901234", 55)};
  Md5Words x4[4];
  md5_words_x4(lengths, x4);
  for (int i = 0; i < 4; ++i) CHECK(x4[i] == md5_words(lengths[i]));
  const std::string long_key(56, 'k');  // two blocks: falls back to one by one
  const std::string_view mixed[] = {"a", long_key, "b", "c"};
  md5_words_x4(mixed, x4);
  for (int i = 0; i < 4; ++i) CHECK(x4[i] == md5_words(mixed[i]));
}
