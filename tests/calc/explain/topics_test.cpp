// The table of `headroom explain` topics: complete, consistent with the schema, and every
// worked example that carries a model gives the value its hand arithmetic says.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <string>

#include "calc/explain/topics.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/report/analysis.hpp"
#include "calc/report/report.hpp"

using namespace headroom::calc;

TEST_CASE("every topic has an id, a title, a formula and references, and ids are unique", "[calc][explain]") {
  std::set<std::string_view> ids;
  std::set<std::string_view> analyses_named;
  for (const Analysis& a : analyses()) analyses_named.insert(a.name);
  analyses_named.insert("report");  // the chain between analyses
  for (const Topic& t : topics()) {
    CAPTURE(t.id);
    CHECK(ids.insert(t.id).second);
    CHECK(t.id.find_first_of(" []_") == std::string_view::npos);
    CHECK(analyses_named.count(t.analysis) == 1);
    CHECK_FALSE(t.title.empty());
    CHECK_FALSE(t.formula.empty());
    CHECK_FALSE(t.assumptions.empty());
    CHECK_FALSE(t.exactness.empty());
    CHECK_FALSE(t.example.empty());
    CHECK_FALSE(t.references.empty());
    CHECK_FALSE(t.keys.empty());
    CHECK(find_topic(t.id) == &t);
  }
  CHECK(find_topic("no-such-topic") == nullptr);
  // The topics the issue names are there.
  for (const char* id : {"erlang-c", "allen-cunneen", "che", "pbs", "ketama", "k-of-n", "mattson", "shards",
                         "usl", "mva"})
    CHECK(find_topic(id) != nullptr);
}

TEST_CASE("every key a topic names is a key of the schema", "[calc][explain]") {
  for (const Topic& t : topics()) {
    for (const std::string_view key : t.keys) {
      CAPTURE(t.id, key);
      CHECK(topic_key(key) != nullptr);
    }
  }
  CHECK(topic_key("budget.stage[].servers") != nullptr);
  CHECK(topic_key("budget.stage.servers") == nullptr);
  CHECK(topic_key("cost") != nullptr);
}

TEST_CASE("every worked example with a model gives its stated value, and names its topic", "[calc][explain]") {
  int models = 0;
  for (const Topic& t : topics()) {
    if (t.run.toml.empty()) continue;
    ++models;
    CAPTURE(t.id, t.run.toml);
    const Model m = load_model(t.run.toml, "example.toml");
    RunOptions options;
    const AnalysisResult report = run_report(m, options);
    std::optional<std::vector<std::string>> paths;
    std::vector<headroom::Diagnostic> problems;
    bool open = false;
    const Node* value = find_metric(m, report.document, std::string(t.run.metric), headroom::SourceLoc{}, "metric", paths,
                                    problems, open);
    REQUIRE(value != nullptr);
    REQUIRE(value->type() == Node::Type::kNumber);
    CHECK(value->as_number() == Approx(t.run.value).epsilon(1e-9));
    // The example's own topic is among the lines its run explains.
    bool named = false;
    for (const ExplainLine& line : report.explanation) named = named || line.topic == t.id;
    CHECK(named);
  }
  CHECK(models >= 20);
}
