#include "calc/base/spelling.hpp"

#include <catch2/catch.hpp>

using namespace headroom::calc;

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[calc][spelling]") {
  // Damerau (1964) / optimal string alignment: "ca" → "ac" is one swap.
  CHECK(edit_distance("kitten", "sitting") == 3);  // the Levenshtein (1966) textbook pair
  CHECK(edit_distance("mtbf", "mtbf") == 0);
  CHECK(edit_distance("mtfb", "mtbf") == 1);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("did you mean suggests only close names", "[calc][spelling]") {
  const std::vector<std::string> keys = {"mtbf", "mttr", "replicas", "min_healthy"};
  CHECK(did_you_mean("replica", keys) == "did you mean 'replicas'?");
  CHECK(did_you_mean("min_healty", keys) == "did you mean 'min_healthy'?");
  CHECK(did_you_mean("colour", keys).empty());
}
