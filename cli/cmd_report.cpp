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
  auto baseline = std::make_shared<std::string>();
  command->add_option("--baseline", *baseline,
                      "a previous `report --format json`: each metric beside its value there, with the change")
      ->type_name("OLD.json");
  command->footer(
      "JSON nests each analysis under its command's name; [[check]] metrics are paths into it.\n"
      "With --baseline, a \"baseline\" member lists every number beside the baseline's, with its\n"
      "change and relative change (tables: the changed ones), and what was added or removed.\n\n"
      "Examples:\n"
      "  headroom report examples/photo-sharing.toml\n"
      "  headroom report main.toml -f json > base.json && headroom report pr.toml --baseline base.json\n"
      "  headroom report examples/payments-api.toml --format json | jq .avail.availability\n"
      "  headroom report examples/url-shortener.toml --set traffic.peak_to_average=5 -f markdown");
  command->callback([&context, options, baseline] {
    context.action = [&context, options, baseline] {
      Job job;
      job.title = "report";
      job.before = calc::require_analysis;
      const bool for_people = options->format == "table" || options->format == "markdown";
      job.run = [baseline, for_people](const calc::Model& m, const calc::RunOptions& o) {
        calc::AnalysisResult report = calc::run_report(m, o);
        if (!baseline->empty()) {
          const calc::Baseline old = load_baseline(*baseline, report.document);
          const calc::Comparison c = calc::compare_with_baseline(report.document, old);
          report.document.add("baseline", calc::baseline_document(c, old, for_people));
        }
        return report;
      };
      return run_job(job, *options, context.io);
    };
  });
}

}  // namespace headroom::cli
