// One line of --explain: a formula with its numbers substituted, and the topic of
// `headroom explain` that tells what the formula is, when it holds and where it comes from.
#pragma once
#include <string>
#include <vector>

namespace headroom::calc {

struct ExplainLine {
  std::string topic;  // an id in calc/explain's table (every line names one; tested)
  std::string text;   // the formula with the numbers substituted
};

using Explanation = std::vector<ExplainLine>;

}  // namespace headroom::calc
