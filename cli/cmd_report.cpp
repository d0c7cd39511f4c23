// `headroom report`: every analysis whose sections are present, in one document.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "calc/report.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {

void add_report_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command =
      app.add_subcommand("report", "every analysis whose sections are present, in one document");
  add_common_options(*command, *options, {"table", "json", "csv", "markdown"});
  command->footer(
      "JSON nests each analysis under its command's name; [[check]] metrics are paths into it.\n\n"
      "Examples:\n"
      "  headroom report examples/photo-sharing.toml\n"
      "  headroom report examples/payments-api.toml --format json | jq .avail.availability\n"
      "  headroom report examples/url-shortener.toml --set traffic.peak_to_average=5 -f markdown");
  command->callback([&context, options] {
    context.action = [&context, options] {
      Io& io = context.io;
      const calc::Model model = load_input(*options, io);
      const calc::AnalysisResult report =
          calc::run_report(model, calc::RunOptions{options->seed, {}});
      RenderOptions render_opts = render_options(*options, io);
      render_opts.title = command_title("report", model);
      render(report.document, render_opts, io.out);
      if (options->explain) print_explanation(report.explanation, io);
      return strict_exit_code(*options, model, "", report, io);
    };
  });
}

}  // namespace headroom::cli
