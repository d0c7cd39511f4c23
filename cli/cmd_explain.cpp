// `headroom explain [TOPIC]`: the formulas behind the results, from calc/explain's table.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>
#include <sstream>

#include "calc/base/error.hpp"
#include "calc/base/spelling.hpp"
#include "calc/explain/topics.hpp"
#include "calc/report/analysis.hpp"
#include "calc/report/document.hpp"
#include "calc/report/report.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {
namespace {

struct ExplainOptions {
  std::string topic;
  std::string format = "table";
};

constexpr size_t kWidth = 96;

// `text` wrapped at kWidth after `indent` spaces, on word boundaries (a word longer than a
// line stays whole).
std::string wrapped(std::string_view text, size_t indent) {
  std::string out, line;
  const std::string pad(indent, ' ');
  auto flush = [&] {
    if (!line.empty()) out += pad + line + '\n';
    line.clear();
  };
  size_t at = 0;
  while (at < text.size()) {
    if (text[at] == '\n') {
      flush();
      ++at;
      continue;
    }
    size_t end = text.find_first_of(" \n", at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(at, end - at);
    // Columns, not bytes: UTF-8 continuation bytes take no column.
    auto columns = [](std::string_view s) {
      size_t n = 0;
      for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      return n;
    };
    if (!line.empty() && indent + columns(line) + 1 + columns(word) > kWidth) flush();
    if (!word.empty()) line += (line.empty() ? "" : " ") + std::string(word);
    at = end < text.size() && text[end] == ' ' ? end + 1 : end;
  }
  flush();
  return out;
}

std::vector<std::string> topic_ids() {
  std::vector<std::string> ids;
  for (const calc::Topic& t : calc::topics()) ids.emplace_back(t.id);
  return ids;
}

const calc::Topic& topic_named(const std::string& id) {
  if (const calc::Topic* t = calc::find_topic(id)) return *t;
  const std::string hint = calc::did_you_mean(id, topic_ids());
  throw Error::usage(fmt::format("explain: no topic '{}'", id),
                     hint.empty() ? "`headroom explain` lists the topics" : hint);
}

std::string list_table() {
  std::string out = "Topics (headroom explain TOPIC; the brackets of --explain name them):\n";
  std::string_view analysis;
  for (const calc::Topic& t : calc::topics()) {
    if (t.analysis != analysis) out += fmt::format("\n{}\n", analysis = t.analysis);
    out += fmt::format("  {:<22}{}\n", t.id, t.title);
  }
  return out;
}

std::string topic_table(const calc::Topic& t) {
  std::string out = fmt::format("{} — {} ({})\n", t.id, t.title, t.analysis);
  auto section = [&](std::string_view heading, std::string_view text) {
    out += fmt::format("\n{}\n{}", heading, wrapped(text, 2));
  };
  section("formula", t.formula);
  section("assumptions", t.assumptions);
  section("exact or approximate", t.exactness);
  out += "\nkeys\n";
  for (const std::string_view key : t.keys) {
    const calc::KeySpec* k = calc::topic_key(key);
    out += fmt::format("  {:<40}{}\n", key, k ? k->help : "");
  }
  section("worked example", t.example);
  if (!t.run.toml.empty()) {
    out += "\ntry it: this model's report gives " + std::string(t.run.metric) + " = " +
           fmt::format("{:.6g}", t.run.value) + "\n";
    out += wrapped(t.run.toml, 4);
  }
  section("references", t.references);
  return out;
}

calc::Node topic_node(const calc::Topic& t, bool in_full) {
  calc::Node n = calc::Node::object();
  n.add("id", calc::Node::string(std::string(t.id)));
  n.add("analysis", calc::Node::string(std::string(t.analysis)));
  n.add("title", calc::Node::string(std::string(t.title)));
  if (!in_full) return n;
  n.add("formula", calc::Node::string(std::string(t.formula)));
  n.add("assumptions", calc::Node::string(std::string(t.assumptions)));
  n.add("exactness", calc::Node::string(std::string(t.exactness)));
  calc::Node& keys = n.add("keys", calc::Node::array());
  for (const std::string_view key : t.keys) keys.push(calc::Node::string(std::string(key)), std::string(key));
  n.add("example", calc::Node::string(std::string(t.example)));
  if (t.run.toml.empty()) {
    n.add("example_model", calc::Node::null());
  } else {
    calc::Node& model = n.add("example_model", calc::Node::object());
    model.add("toml", calc::Node::string(std::string(t.run.toml)));
    model.add("metric", calc::Node::string(std::string(t.run.metric)));
    model.add("value", calc::Node::number(t.run.value));
  }
  n.add("references", calc::Node::string(std::string(t.references)));
  return n;
}

int run_explain(const ExplainOptions& o, Io& io) {
  const calc::Topic* topic = o.topic.empty() ? nullptr : &topic_named(o.topic);
  if (o.format == "json") {
    calc::Node doc = calc::Node::object();
    doc.add("schema_version", calc::Node::count(calc::kSchemaVersion));
    if (topic) {
      doc.add("topic", topic_node(*topic, true));
    } else {
      calc::Node& all = doc.add("topics", calc::Node::array());
      for (const calc::Topic& t : calc::topics()) all.push(topic_node(t, false), std::string(t.id));
    }
    RenderOptions render_opts;
    render_opts.format = Format::kJson;
    render(doc, render_opts, io.out);
    return exit_code::kOk;
  }
  io.out << (topic ? topic_table(*topic) : list_table());
  return exit_code::kOk;
}

}  // namespace

void add_explain_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* command = app.add_subcommand(
      "explain", "the formula, assumptions and references behind a result; without a topic, the topics");
  command->add_option("TOPIC", options->topic, "a topic: erlang-c, che, k-of-n, ... (none: list them)")
      ->type_name("");
  command->add_option("-f,--format", options->format, "output format: table|json")
      ->check(CLI::IsMember({"table", "json"}))
      ->type_name("FORMAT")
      ->capture_default_str();
  command->footer(
      "Every line of --explain ends with its topic in brackets; this prints what that topic is:\n"
      "the formula, its assumptions, when it is exact and when an approximation, the TOML keys\n"
      "that feed it, a worked example (most as a model to run) and the references.\n\n"
      "Examples:\n"
      "  headroom explain\n"
      "  headroom explain erlang-c\n"
      "  headroom explain k-of-n --format json");
  command->callback([&context, options] {
    context.action = [&context, options] { return run_explain(*options, context.io); };
  });
}

}  // namespace headroom::cli
