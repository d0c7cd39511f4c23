// The formulas behind every number headroom prints: one table that serves `headroom explain`,
// the topic named on each --explain line, and the man page's list (both tested against it).
#pragma once

#include <string_view>
#include <vector>

#include "calc/input/schema.hpp"

namespace headroom::calc {

/// A worked example that runs: a model, one metric of its report and the value hand
/// arithmetic gives (tests run every one and compare).
struct TopicExample {
  std::string_view toml;    // empty: the topic's example is worked in text only
  std::string_view metric;  // a path `check` accepts
  double value = 0;
};

struct Topic {
  std::string_view id;           // what `headroom explain ID` and --explain's brackets name
  std::string_view analysis;     // the command whose results use it: "size", "avail", ...
  std::string_view title;        // one line, for the list of topics
  std::string_view formula;
  std::string_view assumptions;
  std::string_view exactness;    // when it is exact, when an approximation or an estimate
  std::vector<std::string_view> keys;  // the TOML keys that feed it, as the schema writes them
  std::string_view example;      // the worked example, in words and numbers
  TopicExample run;              // the same example as a model, where one fits
  std::string_view references;
};

/// Every topic, grouped by analysis in the order `headroom --help` lists the commands.
const std::vector<Topic>& topics();

/// The topic named `id`, or nullptr.
const Topic* find_topic(std::string_view id);

/// The schema's key written as a topic writes it ("budget.stage[].servers", "cost.currency"),
/// or nullptr.
const KeySpec* topic_key(std::string_view path);

}  // namespace headroom::calc
