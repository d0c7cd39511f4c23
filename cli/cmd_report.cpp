// `headroom report`: every analysis whose sections are present, in one document.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "calc/report/report.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {

void add_report_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command =
      app.add_subcommand("report", "every analysis whose sections are present, in one document");
  add_common_options(*command, *options);
  command->footer(
      "JSON nests each analysis under its command's name; [[check]] metrics are paths into it.\n\n"
      "Examples:\n"
      "  headroom report examples/photo-sharing.toml\n"
      "  headroom report examples/payments-api.toml --format json | jq .avail.availability\n"
      "  headroom report examples/url-shortener.toml --set traffic.peak_to_average=5 -f markdown");
  command->callback([&context, options] {
    context.action = [&context, options] {
      Job job;
      job.title = "report";
      job.before = calc::require_analysis;
      job.run = [](const calc::Model& m, const calc::RunOptions& o) { return calc::run_report(m, o); };
      return run_job(job, *options, context.io);
    };
  });
}

}  // namespace headroom::cli
