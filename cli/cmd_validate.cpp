// `headroom validate`: checks the file only, reporting every problem; nothing is computed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "calc/base/spelling.hpp"
#include "calc/report/analysis.hpp"
#include "calc/report/report.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {
namespace {

calc::Node problems_document(const std::string& file, const Error& e) {
  calc::Node doc = calc::Node::object();
  doc.add("schema_version", calc::Node::count(calc::kSchemaVersion));
  doc.add("file", calc::Node::string(file));
  doc.add("valid", calc::Node::boolean(false));
  calc::Node& problems = doc.add("problems", calc::Node::array());
  for (const Diagnostic& d : e.diagnostics()) {
    calc::Node& p = problems.push(calc::Node::object(), std::to_string(problems.items().size()));
    p.add("file", d.loc ? calc::Node::string(d.loc->path) : calc::Node::null());
    p.add("line", d.loc && d.loc->line ? calc::Node::count(d.loc->line) : calc::Node::null());
    p.add("column", d.loc && d.loc->line ? calc::Node::count(d.loc->column) : calc::Node::null());
    p.add("key", calc::Node::string(d.key));
    p.add("message", calc::Node::string(d.message));
    p.add("hint", d.hint.empty() ? calc::Node::null() : calc::Node::string(d.hint));
  }
  return doc;
}

int run_validate(const CommonOptions& options, Io& io) {
  const RenderOptions render_opts = render_options(options, io);
  calc::Model model;
  try {
    model = load_input(options, io);
    calc::validate_model(model);
  } catch (const Error& e) {
    if (render_opts.format == Format::kTable) throw;
    // Machine formats get every problem as data; people still see them on stderr.
    render(problems_document(options.file, e), render_opts, io.out);
    if (!options.quiet)
      for (const Diagnostic& d : e.diagnostics()) io.err << format_diagnostic(d) << '\n';
    return exit_code::kBadInput;
  }
  calc::Node doc = calc::Node::object();
  doc.add("schema_version", calc::Node::count(calc::kSchemaVersion));
  doc.add("file", calc::Node::string(options.file));
  doc.add("valid", calc::Node::boolean(true));
  doc.add("components", calc::Node::count(static_cast<double>(model.components.size())));
  doc.add("groups", calc::Node::count(static_cast<double>(model.groups.size())));
  doc.add("checks", calc::Node::count(static_cast<double>(model.checks.size())));
  calc::Node runs = calc::Node::array();
  std::string names;
  for (const calc::Analysis& a : calc::analyses()) {
    if (!a.is_present(model) || a.is_shared_result) continue;
    runs.push(calc::Node::string(std::string(a.name)), std::string(a.name));
    names += (names.empty() ? "" : ", ") + std::string(a.name);
  }
  doc.add("analyses", std::move(runs));
  doc.add("problems", calc::Node::array());
  if (render_opts.format == Format::kTable) {
    if (!options.quiet) {
      io.out << fmt::format("{}: valid ({}, {}, {}; analyses: {})\n", options.file,
                            calc::counted(model.components.size(), "component"),
                            calc::counted(model.groups.size(), "group"),
                            calc::counted(model.checks.size(), "check"), names.empty() ? "none" : names);
    }
  } else {
    render(doc, render_opts, io.out);
  }
  return exit_code::kOk;
}

}  // namespace

void add_validate_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "check the file only: every problem found, exit 0 when valid, 2 when not");
  // Nothing is computed: no seed, explanation or targets to honour.
  add_common_options(*command, *options, Accepts{.seed = false, .explain = false, .strict = false});
  command->footer(
      "Every [[check]] is resolved against the analyses the file enables: its metric must exist,\n"
      "its bounds must have the metric's unit and range. With --format json the problems are\n"
      "data: {\"valid\": false, \"problems\": [{\"file\", \"line\", \"column\", \"key\", \"message\", \"hint\"}]}.\n\n"
      "Examples:\n"
      "  headroom validate examples/payments-api.toml\n"
      "  headroom validate system.toml --set components.db.replicas=3\n"
      "  git diff --name-only | grep '\\.toml$' | xargs -n1 headroom validate -q");
  command->callback([&context, options] {
    context.action = [&context, options] { return run_validate(*options, context.io); };
  });
}

}  // namespace headroom::cli
