// `headroom check`: every [[check]] and every target against the report; exit 1 on a failure.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <ostream>

#include "calc/report/report.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"
#include "cli/layout.hpp"
#include "cli/render_junit.hpp"

namespace headroom::cli {
namespace {

const char* kGreen = "32";
const char* kRed = "31";
const char* kBold = "1";

void render_check_table(const std::vector<calc::CheckOutcome>& outcomes,
                        const RenderOptions& options, std::ostream& out) {
  out << paint(options.title, kBold, options.color) << '\n';
  std::vector<std::vector<std::string>> rows = {{"status", "metric", "value", "bound", "from"}};
  size_t failed = 0;
  for (const calc::CheckOutcome& o : outcomes) {
    rows.push_back({o.passed ? "PASS" : "FAIL", o.metric, humanize(o.value, o.unit, options.binary_bytes),
                    describe_bounds(o), o.is_target ? "target" : "check"});
    failed += !o.passed;
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], display_width(r[c]));
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line = " ";
    for (size_t c = 0; c < rows[i].size(); ++c) {
      std::string cell = rows[i][c];
      const std::string fill(widths[c] - display_width(cell), ' ');
      if (i > 0 && c == 0) cell = paint(cell, cell == "PASS" ? kGreen : kRed, options.color);
      line += " " + cell + (c + 1 < rows[i].size() ? fill : "");
    }
    out << line << '\n';
  }
  if (outcomes.empty()) out << "  no checks or targets in the file\n";
  if (std::any_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return std::isnan(o.value); }))
    out << "  n/a: the metric has no finite value here (a queue past saturation, say), so it fails\n";
  out << fmt::format("{} of {} checks passed{}\n", outcomes.size() - failed, outcomes.size(),
                     failed ? fmt::format(", {} failed", failed) : "");
}

}  // namespace

void add_check_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App* command = app.add_subcommand(
      "check", "evaluate every [[check]] and target in the file; exit 1 if any fails");
  // --strict is what check always does.
  add_common_options(*command, *options,
                     Accepts{.formats = {"table", "json", "csv", "markdown", "junit"}, .strict = false});
  command->footer(
      "A [[check]] names a metric (a dotted path into `headroom report -f json`) and a min\n"
      "and/or max in the metric's unit; every `target` in the file is a check too.\n\n"
      "Examples:\n"
      "  headroom check examples/payments-api.toml\n"
      "  headroom check system.toml --format junit > headroom-junit.xml\n"
      "  headroom check system.toml --set traffic.peak_to_average=6 || echo 'no headroom'");
  command->callback([&context, options] {
    context.action = [&context, options] {
      Io& io = context.io;
      const calc::Model model = load_input(*options, io);
      calc::require_analysis(model);
      calc::RunOptions run{options->seed, progress_bar(*options, io)};
      run.explain = options->explain;
      const calc::AnalysisResult report = calc::run_report(model, run);
      const std::vector<calc::CheckOutcome> outcomes = calc::evaluate_checks(model, report);
      const RenderOptions render_opts = render_options_for(*options, io, model, "check");
      switch (render_opts.format) {
        case Format::kTable: render_check_table(outcomes, render_opts, io.out); break;
        case Format::kJunit: render_junit(outcomes, options->file, io.out); break;
        default: {
          calc::Node doc = calc::checks_document(outcomes);
          attach_explanation(doc, report.explanation, *options, render_opts);
          render(doc, render_opts, io.out);
        }
      }
      show_explanation(report.explanation, *options, render_opts, io);
      for (const calc::CheckOutcome& o : outcomes)
        if (!o.passed) return exit_code::kCheckFailed;
      return exit_code::kOk;
    };
  });
}

}  // namespace headroom::cli
