// `headroom validate`: checks the file only, reporting every problem; nothing is computed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "calc/analysis.hpp"
#include "calc/report.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {

void add_validate_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "check the file only: every problem found, exit 0 when valid, 2 when not");
  add_common_options(*command, *options, {"table", "json", "csv", "markdown"});
  command->footer(
      "Examples:\n"
      "  headroom validate examples/payments-api.toml\n"
      "  headroom validate system.toml --set components.db.replicas=3\n"
      "  git diff --name-only | grep '\\.toml$' | xargs -n1 headroom validate -q");
  command->callback([&context, options] {
    context.action = [&context, options] {
      Io& io = context.io;
      const calc::Model model = load_input(*options, io);
      for (const calc::Analysis& a : calc::analyses())
        if (a.check && a.is_present(model)) a.check(model);
      calc::Node doc = calc::Node::object();
      doc.add("schema_version", calc::Node::count(calc::kSchemaVersion));
      doc.add("file", calc::Node::string(options->file));
      doc.add("valid", calc::Node::boolean(true));
      doc.add("components", calc::Node::count(static_cast<double>(model.components.size())));
      doc.add("groups", calc::Node::count(static_cast<double>(model.groups.size())));
      doc.add("checks", calc::Node::count(static_cast<double>(model.checks.size())));
      calc::Node& runs = doc.add("analyses", calc::Node::array());
      for (const calc::Analysis& a : calc::analyses())
        if (a.is_present(model)) runs.push(calc::Node::string(std::string(a.name)));
      const RenderOptions render_opts = render_options(*options, io);
      if (render_opts.format == Format::kTable) {
        if (!options->quiet) {
          std::string names;
          for (const calc::Node& n : runs.items()) names += (names.empty() ? "" : ", ") + n.as_string();
          io.out << fmt::format("{}: valid ({} components, {} groups, {} checks; analyses: {})\n",
                                options->file, model.components.size(), model.groups.size(),
                                model.checks.size(), names.empty() ? "none" : names);
        }
      } else {
        render(doc, render_opts, io.out);
      }
      return exit_code::kOk;
    };
  });
}

}  // namespace headroom::cli
