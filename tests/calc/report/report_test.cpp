#include "calc/report/report.hpp"

#include <catch2/catch.hpp>

#include "calc/input/model_loader.hpp"
#include "calc/input/schema.hpp"
#include "calc/size/size.hpp"
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include <tuple>

using namespace headroom;
using namespace headroom::calc;

namespace {

const char* kModel = R"(
[traffic]
request_rate = "1k/s"
[components.a]
availability = "99.9%"
capacity = "400/s"
[availability]
path = ["a"]
target = "99.5%"
)";

std::vector<CheckOutcome> outcomes_for(const std::string& checks) {
  const Model m = load_model(std::string(kModel) + checks, "m.toml");
  return evaluate_checks(m, run_report(m, RunOptions{}));
}

std::string check_error(const std::string& checks) {
  try {
    outcomes_for(checks);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("report nests each present analysis under its name", "[calc][report]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult r = run_report(m, RunOptions{});
  CHECK(r.document.find("schema_version")->as_number() == 1);
  CHECK(resolve_path(r.document, "size.servers.a")->as_number() == 4);  // ⌈1000/(400×0.7)⌉
  CHECK(resolve_path(r.document, "avail.availability")->as_number() == Approx(0.999).margin(1e-15));
}

TEST_CASE("checks compare in the metric's unit, and targets are checks", "[calc][report]") {
  const auto o = outcomes_for(R"(
[[check]]
metric = "avail.downtime_seconds.per_year"
max = "9 h"
[[check]]
metric = "size.servers.a"
max = 3
[[check]]
metric = "avail.availability"
min = "3 nines"
)");
  REQUIRE(o.size() == 4);
  CHECK(o[0].passed);  // 8.77 h ≤ 9 h
  CHECK(o[0].max == Approx(9 * 3600.0));
  CHECK_FALSE(o[1].passed);  // 4 > 3
  CHECK(o[2].passed);        // 0.999 ≥ 0.999
  CHECK(o[3].is_target);
  CHECK(o[3].passed);  // 0.999 ≥ 0.995
}

TEST_CASE("a bad check is an error with its place", "[calc][report]") {
  CHECK(check_error("[[check]]\nmetric = \"avail.availabilty\"\nmin = 0.9\n") ==
        "m.toml:11:10: check[0].metric: no metric 'avail.availabilty' in the report\n"
        "  hint: did you mean 'avail.availability'?");
  CHECK(check_error("[[check]]\nmetric = \"avail.availability\"\nmin = \"250 ms\"\n") ==
        "m.toml:12:7: check[0].min: '250 ms' is a duration, but the metric is a ratio");
  CHECK(check_error("[[check]]\nmetric = \"avail.blocks\"\nmax = 1\n") ==
        "m.toml:11:10: check[0].metric: 'avail.blocks' is not a number\n"
        "  hint: name a number inside it");
  CHECK(check_error("[[check]]\nmetric = \"cache.hit_ratio\"\nmin = 0.9\n") ==
        "m.toml:11:10: check[0].metric: 'cache' is not computed: the file has none of [cache]");
  CHECK(check_error("[[check]]\nmetric = \"avail.uptime\"\nmin = 0.9\n") ==
        "m.toml:11:10: check[0].metric: no metric 'avail.uptime' in the report\n"
        "  hint: list the metrics with: headroom report FILE --format csv");
}

TEST_CASE("metric paths name array items by key, never by index", "[calc][report][regression]") {
  Node doc = Node::object();
  Node& nodes = doc.add("nodes", Node::array());
  nodes.push(Node::object(), "10.0.0.1:11211").add("keys", Node::count(3));
  nodes.push(Node::object(), "b").add("keys", Node::count(4));
  Node& policies = doc.add("policies", Node::array());
  policies.push(Node::object(), "lru@1000").add("hit_ratio", Node::number(0.5, Unit::kRatio));
  policies.push(Node::object(), "lru@4096").add("hit_ratio", Node::number(0.7, Unit::kRatio));
  policies.push(Node::object(), "fifo@1000").add("hit_ratio", Node::number(0.4, Unit::kRatio));

  CHECK(resolve_path(doc, "nodes.\"10.0.0.1:11211\".keys")->as_number() == 3);
  CHECK(resolve_path(doc, "nodes.b.keys")->as_number() == 4);
  CHECK(resolve_path(doc, "policies.lru@1000.hit_ratio")->as_number() == 0.5);
  CHECK(resolve_path(doc, "policies.lru@1k.hit_ratio")->as_number() == 0.5);   // any unit
  CHECK(resolve_path(doc, "policies.lru@4KiB.hit_ratio")->as_number() == 0.7);
  CHECK(resolve_path(doc, "policies.fifo.hit_ratio")->as_number() == 0.4);     // one capacity
  CHECK(lookup_path(doc, "nodes.1.keys").problem ==
        "the items of nodes are named, not numbered; name one of: \"10.0.0.1:11211\", b");
  CHECK(lookup_path(doc, "policies.lru.hit_ratio").problem ==
        "'lru' names 2 items of policies; name one of: lru@1000, lru@4096, fifo@1000");
  CHECK(lookup_path(doc, "nodes.10.0.0.1:11211.keys").problem ==
        "the item '10.0.0.1:11211' has dots in its name: quote it, nodes.\"10.0.0.1:11211\"");
  CHECK(lookup_path(doc, "nodes.c.keys").problem == "nodes has no item 'c'; its items: \"10.0.0.1:11211\", b");
  CHECK(lookup_path(doc, "nodes.\"b.keys").problem.find("not a metric path") != std::string::npos);
  CHECK(path_step("10.0.0.1:11211") == "\"10.0.0.1:11211\"");
  CHECK(path_step("a\"b") == "\"a\\\"b\"");
  std::vector<std::string> steps;
  REQUIRE(split_path(path_step("a\"b") + ".x", steps));
  CHECK(steps == std::vector<std::string>{"a\"b", "x"});
  // Every leaf path reads back to its node.
  for (const std::string& p : leaf_paths(doc)) CHECK(resolve_path(doc, p) != nullptr);
}

namespace {

// Every leaf of `a` is in `b` with its type and unit, or sits inside an open part of `b`.
void require_leaves_in(const Node& a, const Node& b, const std::string& what) {
  for (const std::string& p : leaf_paths(a)) {
    const Node* x = resolve_path(a, p);
    const PathLookup y = lookup_path(b, p);
    if (y.open) continue;
    CAPTURE(what, p);
    REQUIRE(y.node != nullptr);
    CHECK((y.node->type() == x->type() || y.node->type() == Node::Type::kNull ||
           x->type() == Node::Type::kNull));
    if (y.node->type() == x->type()) CHECK(y.node->unit() == x->unit());
  }
}

}  // namespace

TEST_CASE("each analysis's preview has the keys and units of its run, on every example", "[calc][report]") {
  // validate resolves [[check]] paths against the previews: a key only the run has would be
  // refused there and accepted by check.
  std::vector<std::pair<std::string, std::vector<Override>>> models;
  for (const auto& entry : std::filesystem::directory_iterator(HEADROOM_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), {});
    std::vector<Override> small;
    if (text.find("[cache") != std::string::npos) small.push_back({"cache.workload.requests", "30000"});
    if (text.find("[sharding") != std::string::npos) small.push_back({"sharding.keys", "2000"});
    models.emplace_back(text, small);
  }
  const char* ring = "[sharding]\nnodes = [\"a\", \"b\", \"c\"]\nkeys = 500\nmax_imbalance = 1.5\n"
                     "[sharding.change]\nadd = [\"d\"]\n";
  for (const char* algorithm : {"ketama", "ring", "jump", "rendezvous", "maglev", "modulo", "bounded"})
    models.push_back({ring, {{"sharding.algorithm", std::string("\"") + algorithm + "\""}}});
  models.push_back({"[cache]\ncapacities = [\"64 KiB\", \"1 MiB\"]\nsample_rate = 0.5\n"
                    "[cache.workload]\nobjects = 1000\nrequests = 5000\n"
                    "object_sizes = { dist = \"uniform\", min = \"1 KiB\", max = \"8 KiB\" }\n",
                    {}});
  REQUIRE(models.size() > 10);
  for (const auto& [text, overrides] : models) {
    const Model m = load_model(text, "m.toml", overrides);
    for (const Analysis& a : analyses()) {
      if (!a.is_present(m) || a.is_shared_result) continue;
      const Node run = run_analysis(a, m, RunOptions{}).document;
      const Node preview = with_schema_version(a.preview(m).document);
      require_leaves_in(run, preview, std::string(a.name) + " run in preview");
      require_leaves_in(preview, run, std::string(a.name) + " preview in run");
    }
  }
}

TEST_CASE("the registry: needs name analyses, run before their users, and nothing needs itself", "[calc][report]") {
  for (const Analysis& a : analyses()) {
    CAPTURE(a.name);
    CHECK(find_analysis(a.name) == &a);
    CHECK((a.is_shared_result || a.preview != nullptr));
    // Every need exists, and following needs never comes back to a (no cycle).
    std::vector<std::string_view> todo(a.needs.begin(), a.needs.end());
    todo.insert(todo.end(), a.uses.begin(), a.uses.end());
    size_t steps = 0;
    while (!todo.empty() && steps++ < 1000) {
      const std::string_view need = todo.back();
      todo.pop_back();
      const Analysis* n = find_analysis(need);
      REQUIRE(n != nullptr);
      CHECK(n->name != a.name);
      todo.insert(todo.end(), n->needs.begin(), n->needs.end());
      todo.insert(todo.end(), n->uses.begin(), n->uses.end());
    }
    CHECK(steps < 1000);
  }
}

TEST_CASE("size takes the traffic split from the shared result, computed once", "[calc][report]") {
  const Model m = load_model("[traffic]\nread_rate = \"300/s\"\nread_write_ratio = 3\n"
                             "peak_to_average = 2\n[components.db]\ncapacity = \"100/s\"\n"
                             "serves = \"writes\"\n", "m.toml");
  const AnalysisResult r = run_analysis(*find_analysis("size"), m, RunOptions{});
  const SizeResult& size = std::any_cast<const SizeResult&>(r.typed);
  CHECK(size.writes->value() == Approx(100));
  CHECK(size.servers[0].peak_load.value() == Approx(200));  // writes × peak_to_average
  const TrafficSplit split = split_traffic(*m.traffic);
  CHECK(split.peak().value() == Approx(800));
  // A report runs the traffic split for size without showing it.
  CHECK(resolve_path(run_report(m, RunOptions{}).document, "traffic") == nullptr);
}

namespace {

std::string number_text(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// "path=value" for every leaf, numbers to 17 digits: two documents equal to the last bit.
std::vector<std::string> flat(const Node& doc) {
  std::vector<std::string> out;
  for (const std::string& p : leaf_paths(doc)) {
    const Node* n = resolve_path(doc, p);
    out.push_back(p + "=" + (n->type() == Node::Type::kBool ? (n->as_bool() ? "true" : "false")
                                                           : number_text(n->as_number())));
  }
  return out;
}

}  // namespace

TEST_CASE("every default the schema states is the one the loader applies", "[calc][schema]") {
  // The schema's default_value is what `headroom schema` and the man page print; a file that
  // writes it must give the same report as one that leaves the key out.
  const std::string dir = HEADROOM_BINARY_DIR;
  std::ofstream(dir + "/defaults-keys.txt") << "1\n2\n1\n3\n1\n";
  std::ofstream(dir + "/defaults.csv") << "key,size\n1,10\n2,10\n1,10\n3,10\n";
  auto context = [&](const KeySpec& k) -> std::string {
    const std::string t(k.table), key(k.key);
    if (t == "system") return "[system]\n@\n[traffic]\nrequest_rate = \"1k/s\"\n[components.a]\ncapacity = \"100/s\"\n";
    if (t == "traffic") return "[traffic]\nrequest_rate = \"1k/s\"\n@\n[components.a]\ncapacity = \"100/s\"\n";
    if (t == "storage")
      return "[traffic]\nrequest_rate = \"1k/s\"\nread_write_ratio = 4\n[storage]\nobject_size = \"1 KiB\"\n"
             "retention = \"30 d\"\n@\n";
    if (t == "components.*")
      return "[traffic]\nrequest_rate = \"1k/s\"\n[components.a]\navailability = \"99%\"\n"
             "capacity = \"100/s\"\n@\n[availability]\npath = [\"a\"]\n";
    if (t == "sharding") {
      const char* algorithm = key == "hash" || key == "vnodes" ? "algorithm = \"ring\"\n"
                              : key == "load_factor"          ? "algorithm = \"bounded\"\n"
                              : key == "table_size"           ? "algorithm = \"maglev\"\n"
                                                              : "";
      return std::string("[sharding]\nnodes = [\"a:1\", \"b:2\", \"c:3\"]\n") + algorithm + "@\n";
    }
    if (t == "sharding.node[]")
      return "[sharding]\nkeys = 5000\n[[sharding.node]]\nname = \"a\"\n@\n[[sharding.node]]\nname = \"b\"\nweight = 2\n";
    // Without popularity, the load is uniform: zipf = 0 (popularity itself then needs zipf).
    if (t == "sharding.popularity") return "[sharding]\nnodes = [\"a\", \"b\"]\nkeys = 5000\n@\n";
    if (t == "cache") return "[cache]\ncapacity = 100\n@\n[cache.workload]\nobjects = 1000\nrequests = 5000\n";
    if (t == "cache.workload" && key == "trace_format")
      return "[cache]\ncapacity = 1\n[cache.workload]\ntrace = \"" + dir + "/defaults-keys.txt\"\n@\n";
    if (t == "cache.workload" && (key == "key_column" || key == "size_column"))
      return "[cache]\ncapacity = 1\n[cache.workload]\ntrace = \"" + dir + "/defaults.csv\"\n"
             "trace_format = \"csv\"\n@\n";
    if (t == "cache.workload") return "[cache]\ncapacity = 100\n[cache.workload]\nobjects = 1000\nrequests = 5000\n@\n";
    // Keys of one mode only: their defaults in that mode.
    if (t == "replication" && key == "primaries")
      return "[replication]\nmode = \"multi-primary\"\nwrite_rate = \"1k/s\"\nkeys = 1000\nreplication_delay = \"5 ms\"\n@\n";
    if (t == "replication.popularity")
      return "[replication]\nmode = \"multi-primary\"\nwrite_rate = \"1k/s\"\nkeys = 1000\nreplication_delay = \"5 ms\"\n@\n";
    return "";
  };
  // Elsewhere (a new analysis's section) the file is its section's schema example, with the
  // key left out or set to its default in the table the key belongs to.
  auto from_example = [](const KeySpec& k) -> std::optional<std::pair<std::string, std::string>> {
    std::vector<std::string> steps;
    for (std::string_view rest = k.table; !rest.empty();) {
      const size_t dot = rest.find('.');
      steps.emplace_back(rest.substr(0, dot));
      rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
    const KeySpec* section = nullptr;
    for (const KeySpec* s : keys_of("")) section = s->key == steps[0] ? s : section;
    if (!section || section->example.empty()) return std::nullopt;
    toml::table doc = toml::parse(std::string(section->key) + " = " + std::string(section->example));
    toml::table* at = doc[section->key].as_table();
    for (size_t i = 1; at && i < steps.size(); ++i) {
      const bool item = steps[i].size() > 2 && steps[i].substr(steps[i].size() - 2) == "[]";
      const std::string name = item ? steps[i].substr(0, steps[i].size() - 2) : steps[i];
      toml::node* next = (*at)[name].node();
      at = !next ? nullptr : item && next->is_array() ? next->as_array()->get(0)->as_table() : next->as_table();
    }
    if (!at) return std::nullopt;
    at->erase(k.key);
    std::ostringstream without, with;
    without << toml::toml_formatter(doc);
    const toml::table value = toml::parse("v = " + std::string(k.default_value));
    at->insert_or_assign(k.key, *value.get("v"));
    with << toml::toml_formatter(doc);
    return std::pair{without.str(), with.str()};
  };
  size_t tested = 0;
  for (const KeySpec& k : schema()) {
    if (k.default_value.empty()) continue;
    CAPTURE(k.table, k.key, k.default_value);
    const std::string text = context(k);
    std::string without_text, with_text;
    if (text.empty()) {
      const auto generic = from_example(k);
      REQUIRE(generic);  // a default outside its section's example needs a context above
      std::tie(without_text, with_text) = *generic;
    } else {
      const size_t at = text.find('@');
      const std::string line = k.table == "sharding.popularity" || k.table == "replication.popularity"
                                   ? "popularity = { zipf = " + std::string(k.default_value) + " }"
                                   : std::string(k.key) + " = " + std::string(k.default_value);
      without_text = text.substr(0, at) + text.substr(at + 1);
      with_text = text.substr(0, at) + line + text.substr(at + 1);
    }
    CAPTURE(without_text, with_text);
    const Model without = load_model(without_text, "m.toml");
    const Model with = load_model(with_text, "m.toml");
    CHECK(flat(run_report(without, RunOptions{}).document) == flat(run_report(with, RunOptions{}).document));
    ++tested;
  }
  CHECK(tested >= 25);
}

TEST_CASE("a ratio's bound: a bare number above 1 is refused, a percentage above 100 % is not", "[calc][report][regression]") {
  CHECK(check_error("[[check]]\nmetric = \"avail.availability\"\nmin = 99.9\n") ==
        "m.toml:12:7: check[0].min: '99.9' is above 1 on a ratio: a fraction or a percentage?\n"
        "  hint: write a percentage, e.g. '99.9%'");
  CHECK(check_error("[[check]]\nmetric = \"avail.availability\"\nmin = \"-5%\"\n").find("below zero") !=
        std::string::npos);
  // A utilisation can pass 100 %: "at most 120 %" is a real bound.
  const std::vector<CheckOutcome> o =
      outcomes_for("[[check]]\nmetric = \"size.components.a.peak_utilization\"\nmax = \"1200%\"\n");
  REQUIRE(o.size() == 2);  // the check and the availability target
  CHECK(o[0].max == Approx(12.0));
  CHECK(o[0].passed);
}

TEST_CASE("a metric with no finite value fails its check and its target, never passes or errs", "[calc][report][regression]") {
  // Past saturation a latency has no value: the SLO target read it as 0 and passed, exit 0 from
  // `check` on a system that cannot serve its load; a [[check]] on it was an input error, exit 2.
  const char* saturated = R"(
[budget]
arrival_rate = "300/s"
slo = { p99 = "120 ms" }
[[budget.stage]]
name = "db"
servers = 1
service_time = "4 ms"
[[check]]
metric = "budget.latency_seconds.p99"
max = "100 ms"
)";
  const Model m = load_model(saturated, "m.toml");
  CHECK_NOTHROW(validate_model(m));  // the file is fine: a lower arrival rate passes
  const std::vector<CheckOutcome> o = evaluate_checks(m, run_report(m, RunOptions{}));
  REQUIRE(o.size() == 2);
  for (const CheckOutcome& c : o) {
    CHECK_FALSE(c.passed);
    CHECK(std::isnan(c.value));
    CHECK(c.unit == Unit::kSeconds);  // from the bound "100 ms", and the SLO's
  }
  CHECK(*o[0].max == Approx(0.1));
  CHECK(o[1].is_target);
  CHECK(*o[1].max == Approx(0.12));
  // Below saturation the same file passes both.
  const Model ok = load_model(saturated, "m.toml", {{"budget.arrival_rate", "\"100/s\""}});
  for (const CheckOutcome& c : evaluate_checks(ok, run_report(ok, RunOptions{}))) CHECK(c.passed);
}

TEST_CASE("a block that is never down has infinitely many nines, and a min on them passes", "[calc][report][regression]") {
  const Model m = load_model(R"(
[components.a]
availability = 1.0
[availability]
path = ["a"]
[[check]]
metric = "avail.nines"
min = 4
)", "m.toml");
  const std::vector<CheckOutcome> o = evaluate_checks(m, run_report(m, RunOptions{}));
  REQUIRE(o.size() == 1);
  CHECK(std::isinf(o[0].value));
  CHECK(o[0].passed);
}
