#include "calc/input/model_loader.hpp"
#include "calc/avail/section.hpp"
#include "calc/input/schema.hpp"
#include "calc/input/table_reader.hpp"

#include <algorithm>
#include <fmt/format.h>

#include <catch2/catch.hpp>

using namespace headroom;
using namespace headroom::calc;

namespace {

// Every diagnostic of a failed load, one per line, as the user sees them.
std::string errors_of(std::string_view text, const std::vector<Override>& overrides = {}) {
  try {
    load_model(text, "m.toml", overrides);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a full model loads into typed sections", "[calc][model_loader]") {
  const Model m = load_model(R"(
[system]
name = "shop"
[traffic]
daily_active_users = "10M"
requests_per_user_per_day = 20
read_write_ratio = 10
peak_to_average = 3
[components.web]
mtbf = "1000 h"
mttr = "30 min"
replicas = 6
min_healthy = 4
capacity = "2k/s"
[components.db]
availability = "3 nines"
mtbf = "999 h"
[groups.data]
any_of = ["db", "web"]
[availability]
path = ["data"]
target = "99.95%"
[[check]]
metric = "avail.availability"
min = "99.9%"
)",
                             "m.toml");
  CHECK(m.system->name == "shop");
  CHECK(*m.traffic->daily_active_users == 1e7);
  REQUIRE(m.components.size() == 2);
  CHECK(m.components[0].name == "web");  // file order, not key order
  CHECK(m.components[0].mtbf->value() == 3.6e6);
  CHECK(m.components[0].capacity->value() == 2000);
  CHECK(m.components[0].availability->up == Approx(1000 / 1000.5).margin(1e-15));
  // availability + mtbf: mttr follows, mtbf(1−A)/A.
  CHECK(m.components[1].mttr->value() == Approx(999 * 3600 * 1e-3 / 0.999).epsilon(1e-12));
  CHECK(m.components[1].availability->down == Approx(1e-3).epsilon(1e-12));
  CHECK(m.groups[0].kind == GroupKind::kAnyOf);
  CHECK(m.section<AvailabilitySection>()->target->up == 0.9995);
  CHECK(m.section<AvailabilitySection>()->target->down == 0.0005);  // exact decimal complement, not 1 − 0.9995
  REQUIRE(m.checks.size() == 1);
  CHECK(m.checks[0].min->quantity.si_value == Approx(0.999).margin(1e-15));
}

TEST_CASE("errors name file, line, column and key", "[calc][model_loader]") {
  CHECK(errors_of("[components.web]\nmtbf = 1000\nmttr = \"1 h\"\n") ==
        "m.toml:2:8: components.web.mtbf: a duration needs a unit, got the bare number 1000\n"
        "  hint: write it as a string with a unit, e.g. '30 days'");
  CHECK(errors_of("[components.web]\nreplica = 3\n") ==
        "m.toml:2:1: components.web.replica: unknown key\n  hint: did you mean 'replicas'?");
  CHECK(errors_of("[traffic]\nrequest_rate = \"10 MB/s\"\n") ==
        "m.toml:2:16: traffic.request_rate: expected a rate such as '5k/s', got a bandwidth "
        "'10 MB/s'");
  CHECK(errors_of("[components.web]\navailability = 99.9\n") ==
        "m.toml:2:16: components.web.availability: availability 99.9 is out of range: expected "
        "(0, 1]\n  hint: write a percentage as a string: '99.9%'");
  CHECK(errors_of("x = [1,\n") ==
        "m.toml:1:9: syntax error: error while parsing array: encountered end-of-file");
}

TEST_CASE("every problem is reported at once, in file order", "[calc][model_loader]") {
  const std::string e = errors_of(R"([components.a]
mtbf = "-5 h"
mttr = "1 h"
[components.b]
availability = nan
[groups.g]
any_of = ["a", "c"]
)");
  CHECK(e ==
        "m.toml:2:8: components.a.mtbf: a duration must be greater than zero, got '-5 h'\n"
        "m.toml:5:16: components.b.availability: availability nan is out of range: expected (0, 1]\n"
        "m.toml:7:16: groups.g: no component or group named 'c'");
}

TEST_CASE("references, cycles and shared names are checked", "[calc][model_loader]") {
  CHECK(errors_of(R"([components.web]
availability = 0.99
[availability]
path = ["wbe"]
)") == "m.toml:4:9: availability.path: no component or group named 'wbe'\n"
       "  hint: did you mean 'web'?");
  CHECK(errors_of(R"([components.x]
availability = 0.99
[groups.a]
all_of = ["b", "x"]
[groups.b]
any_of = ["a"]
)") == "m.toml:3:1: groups.a: groups form a cycle: a -> b -> a\n"
       "  hint: a group cannot contain itself");
  CHECK(errors_of(R"([components.x]
capacity = "1k/s"
[availability]
path = ["x"]
)") == "m.toml:1:1: components.x: a component on the availability path needs availability, "
       "or mtbf and mttr\n  hint: e.g. availability = \"99.9%\"");
}

TEST_CASE("availability, mtbf and mttr must agree", "[calc][model_loader]") {
  CHECK(errors_of("[components.a]\navailability = 0.999\nmtbf = \"1000 h\"\nmttr = \"2 h\"\n") ==
        "m.toml:2:16: components.a.availability: availability 0.999 disagrees with "
        "mtbf/(mtbf+mttr) = 0.998003992015968\n"
        "  hint: give two of availability, mtbf and mttr; the third follows");
  // Consistent to 1e-9: accepted.
  CHECK_NOTHROW(load_model("[components.a]\navailability = 0.999\nmtbf = \"999 h\"\nmttr = \"1 h\"\n",
                           "m.toml"));
}

TEST_CASE("overrides apply before validation and name themselves in errors", "[calc][model_loader]") {
  const std::string base = "[traffic]\nrequest_rate = \"1k/s\"\npeak_to_average = 2\n";
  const Model m = load_model(base, "m.toml", {{"traffic.peak_to_average", "4"}});
  CHECK(m.traffic->peak_to_average == 4);
  const Model m2 = load_model(base, "m.toml", {{"traffic.request_rate", "\"2k/s\""}});
  CHECK(m2.traffic->request_rate->value() == 2000);
  const Model m3 = load_model(base, "m.toml", {{"traffic.request_rate", "3k/s"}});  // bare word
  CHECK(m3.traffic->request_rate->value() == 3000);
  CHECK(errors_of(base, {{"traffic.peak_to_average", "0.5"}}) ==
        "--set traffic.peak_to_average=0.5: traffic.peak_to_average: 0.5 is out of range: "
        "expected at least 1 and at most 1000000");
  CHECK(errors_of(base, {{"traffic.peak_to_avg", "3"}}) ==
        "--set traffic.peak_to_avg=3: traffic.peak_to_avg: unknown key\n"
        "  hint: did you mean 'peak_to_average'?");
  CHECK(errors_of(base, {{"traffic.request_rate.x", "3"}}) ==
        "--set traffic.request_rate.x=3: traffic.request_rate.x: 'request_rate' is a string, "
        "not a table");
}

TEST_CASE("absurd sizes are refused before any work", "[calc][model_loader]") {
  CHECK(errors_of("[components.a]\navailability = 0.9\nreplicas = \"5G\"\n") ==
        "m.toml:3:12: components.a.replicas: 5000000000 is out of range: expected 1 to 1000000");
  CHECK(errors_of("[traffic]\ndaily_active_users = 1e300\nrequests_per_user_per_day = 1\n") ==
        "m.toml:2:22: traffic.daily_active_users: 1e+300 is out of range: expected greater than 0 "
        "and at most 1e+15");
}


TEST_CASE("parse_override splits at the first '='", "[calc][model_loader]") {
  const Override o = parse_override("a.b=\"x=y\"");
  CHECK(o.key == "a.b");
  CHECK(o.value == "\"x=y\"");
  CHECK_THROWS_WITH(parse_override("novalue"), "headroom: error: --set expects KEY=VALUE, got "
                                               "'novalue'\n  hint: e.g. --set "
                                               "traffic.peak_to_average=4 or --set "
                                               "'components.db.mttr=\"1 h\"'");
}

TEST_CASE("the schema gives every number a range and every choice its names", "[calc][schema]") {
  // The loader reads ranges and choices only from the schema: a number without a range would
  // be a logic error at load time, so every one must have one here.
  for (const KeySpec& k : schema()) {
    CAPTURE(k.table, k.key);
    if (k.type == ValueType::kInteger || k.type == ValueType::kNumber) {
      REQUIRE(k.range.has_value());
      CHECK(k.range->min <= k.range->max);
    }
    if (k.choices) {  // names, or the words a quantity may be instead (warmup = "fill")
      CHECK((k.type == ValueType::kString || k.type == ValueType::kStringList || k.type == ValueType::kQuantity));
      CHECK_FALSE(k.choices().empty());
    }
  }
  // A range from the schema is what the loader enforces.
  CHECK_THROWS_WITH(load_model("[traffic]\nrequest_rate = \"1/s\"\npeak_to_average = 0.5\n", "m.toml"),
                    Catch::Contains("traffic.peak_to_average: 0.5 is out of range: expected at least 1"));
  CHECK_THROWS_WITH(load_model("[sharding]\nnodes = [\"a\"]\nvnodes = 0\nalgorithm = \"ring\"\n", "m.toml"),
                    Catch::Contains("sharding.vnodes: 0 is out of range: expected 1 to 100000"));
}

namespace {

// Reads every key of `t` as the loader would, through the reader for its schema type, into
// `diag`; a table value is read the same way against its own keys.
void read_as_loader(const toml::table& t, const std::string& pattern, Diagnostics& diag) {
  TableReader r(t, pattern, pattern, diag);
  for (const auto& [name, node] : t) {
    const std::string key(name.str());
    const KeySpec* spec = nullptr;
    for (const KeySpec* k : keys_of(pattern)) spec = k->key == key ? k : spec;
    INFO(pattern << "." << key);
    REQUIRE(spec != nullptr);
    const std::string inner = pattern.empty() ? key : pattern + "." + key;
    // A table's members are keys of "x" (cache.workload) or tables of "x.*" (components.web).
    auto read_table = [&](const toml::table& sub, const std::string& inner_pattern) {
      if (!keys_of(inner_pattern).empty()) return read_as_loader(sub, inner_pattern, diag);
      if (keys_of(inner_pattern + ".*").empty()) return;  // free-form (sharding.change.reweight)
      for (const auto& [member, value] : sub) {
        REQUIRE(value.is_table());
        read_as_loader(*value.as_table(), inner_pattern + ".*", diag);
      }
    };
    auto in_choices = [&](const std::string& v) {
      const std::vector<std::string> names = spec->choices();
      CHECK(std::find(names.begin(), names.end(), v) != names.end());
    };
    switch (spec->type) {
      case ValueType::kString:
        if (auto v = r.string(key); v && spec->choices) in_choices(*v);
        break;
      case ValueType::kStringList:
        if (auto v = r.string_list(key); v && spec->choices)
          for (const auto& item : *v) in_choices(item.first);
        break;
      case ValueType::kBool: r.boolean(key); break;
      case ValueType::kInteger: r.integer(key); break;
      case ValueType::kNumber: r.number(key); break;
      case ValueType::kRatio: r.ratio(key); break;
      case ValueType::kAvailability: r.availability(key); break;
      case ValueType::kDuration: r.duration(key); break;
      case ValueType::kSize: r.size(key); break;
      case ValueType::kRate: r.rate(key); break;
      case ValueType::kBandwidth: r.bandwidth(key); break;
      case ValueType::kQuantity: r.quantity(key); break;
      case ValueType::kQuantityList: r.quantity_list(key); break;
      case ValueType::kNumberPairs: r.number_pairs(key); break;
      case ValueType::kTable:
        if (const toml::table* sub = r.table(key)) read_table(*sub, inner);
        break;
      case ValueType::kNumberOrTable:
        if (const toml::table* sub = r.number_or_table(key).table) read_table(*sub, inner);
        break;
      case ValueType::kTableArray:
        if (const toml::array* items = r.table_array(key))
          for (const toml::node& item : *items) read_table(*item.as_table(), inner + "[]");
        break;
    }
  }
  r.finish();
}

}  // namespace

TEST_CASE("every key has an example the loader accepts", "[calc][schema]") {
  // `headroom schema`, `explain` and the errors for a value without a unit show these; each
  // is read here by the reader of its key's type, with its range and choices, as a file would.
  for (const KeySpec& k : schema()) {
    CAPTURE(k.table, k.key, k.example);
    REQUIRE_FALSE(k.example.empty());
    toml::table doc;
    REQUIRE_NOTHROW(doc = toml::parse(fmt::format("{} = {}", k.key, k.example)));
    Diagnostics diag("m.toml");
    read_as_loader(doc, std::string(k.table), diag);
    std::string problems;
    for (const Diagnostic& d : diag.take_errors()) problems += d.key + ": " + d.message + "\n";
    CHECK(problems == "");
  }
  // The error for a bare number shows the key's own example.
  CHECK_THROWS_WITH(load_model("[cache]\ncapacity = 10\nhit_time = 5\n[cache.workload]\nobjects = 100\n", "m.toml"),
                    Catch::Contains("e.g. '0.5 ms'"));
}
