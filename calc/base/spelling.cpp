#include "calc/base/spelling.hpp"

#include <algorithm>

namespace headroom::calc {

int edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance, two rows back for transpositions.
  const size_t n = b.size();
  std::vector<int> prev2(n + 1), prev(n + 1), cur(n + 1);
  for (size_t j = 0; j <= n; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= n; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

namespace {
// Names longer than this are not compared letter by letter (the distance is quadratic in the
// lengths): a 1 MB misspelt name would take minutes. The prefix rule below still applies.
constexpr size_t kMaxComparedLength = 64;
}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo changes about a third of a word at most; further than that is a different word.
  const int limit = std::max(1, static_cast<int>(word.size()) / 3);
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (word.size() > kMaxComparedLength || c.size() > kMaxComparedLength) continue;
    // The distance is at least the difference in length.
    const auto gap = static_cast<int>(word.size() > c.size() ? word.size() - c.size() : c.size() - word.size());
    if (gap >= best_distance) continue;
    const int d = edit_distance(word, c);
    // A suggestion must keep part of the word: "c" is not a typo of "a".
    if (d < best_distance && d < static_cast<int>(word.size())) best_distance = d, best = c;
  }
  if (!best.empty() || word.size() < 3) return best;
  // A cut-short name ("peak_to_avg" for "peak_to_average"): the one candidate it begins.
  const size_t keep = word.size() * 2 / 3;
  for (const std::string& c : candidates) {
    if (c.compare(0, keep, word, 0, keep) == 0) {
      if (!best.empty()) return "";  // ambiguous
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string match = closest_match(word, candidates);
  return match.empty() ? std::string() : "did you mean '" + match + "'?";
}

std::string counted(unsigned long long n, std::string_view one, std::string_view many) {
  std::string noun(n == 1 ? one : many.empty() ? std::string(one) + "s" : std::string(many));
  return std::to_string(n) + " " + noun;
}

}  // namespace headroom::calc
