// NameIndex against a std::map on random name lists: every name found at its first position,
// absent names not found, a repeated name refused.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "calc/base/name_index.hpp"

using headroom::calc::NameIndex;

TEST_CASE("a name index finds what a map finds, on random names", "[name_index]") {
  std::mt19937_64 rng(20261201);
  for (int round = 0; round < 200; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(0, round < 100 ? 40 : 5000)(rng);
    std::vector<std::string> names;
    std::map<std::string, size_t> reference;
    while (names.size() < n) {
      // Short names from a small alphabet, so that many share hash buckets and prefixes.
      // (21,845 names of length 0..7 over four letters: enough for 5,000 distinct ones.)
      std::string s(std::uniform_int_distribution<int>(0, 7)(rng), 'a');
      for (char& c : s) c = static_cast<char>('a' + rng() % 4);
      if (reference.emplace(s, names.size()).second) names.push_back(s);
    }
    const auto name_of = [&](size_t i) -> std::string_view { return names[i]; };
    NameIndex index;
    REQUIRE(index.build(names.size(), name_of));
    CHECK(index.size() == names.size());
    for (const auto& [name, at] : reference) {
      const auto found = index.find(name, name_of);
      REQUIRE(found);
      CHECK(*found == at);
    }
    for (int probe = 0; probe < 50; ++probe) {
      std::string s(std::uniform_int_distribution<int>(0, 8)(rng), 'a');
      for (char& c : s) c = static_cast<char>('a' + rng() % 5);
      CHECK(index.find(s, name_of).has_value() == (reference.count(s) == 1));
    }
    if (!names.empty()) {
      // The same list with one name repeated at the end: refused, and the index is empty.
      names.push_back(names[rng() % names.size()]);
      CHECK_FALSE(index.build(names.size(), name_of));
      CHECK(index.size() == 0);
      CHECK_FALSE(index.find(names.front(), name_of));
    }
  }
}
