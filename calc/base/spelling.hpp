// "Did you mean ...?": the closest known name by edit distance, as ninja's SpellcheckString.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace headroom::calc {

/// Levenshtein distance, counting a swap of two neighbours as one edit.
int edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a likely typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// "did you mean 'X'?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// A count with its noun agreeing: "1 group", "3 groups", "1 class" / "2 classes" (`many`
/// for a plural that is not the noun plus "s").
std::string counted(unsigned long long n, std::string_view one, std::string_view many = {});

}  // namespace headroom::calc
