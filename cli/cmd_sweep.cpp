// `headroom sweep`: the model over a grid of values of one or more keys, and the chosen metrics
// at every point, as a table, CSV, JSON or a plot (SPEC §3.8).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <ostream>

#include "calc/base/spelling.hpp"
#include "calc/whatif/sweep.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"
#include "cli/layout.hpp"
#include "cli/plot_svg.hpp"

namespace headroom::cli {
namespace {

struct SweepOptions {
  std::vector<std::string> vary;
  std::vector<std::string> metrics;
  std::string plot;
  bool force = false;
  unsigned jobs = 0;
};

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void render_sweep_csv(const calc::SweepResult& r, std::ostream& out) {
  std::vector<std::string> header;
  for (const calc::Variation& v : r.keys) header.push_back(csv_cell(v.key));
  for (const std::string& m : r.metrics) header.push_back(csv_cell(m));
  header.emplace_back("failed_checks");
  out << fmt::format("{}\n", fmt::join(header, ","));
  for (const calc::SweepRow& row : r.rows) {
    std::vector<std::string> cells;
    for (size_t k = 0; k < r.keys.size(); ++k) {
      const calc::VariedValue& v = r.keys[k].values[row.at[k]];
      cells.push_back(v.si ? fmt::format("{}", *v.si) : csv_cell(v.label));
    }
    for (const std::optional<double>& v : row.values) cells.push_back(v && std::isfinite(*v) ? fmt::format("{}", *v) : "");
    cells.push_back(csv_cell(fmt::format("{}", fmt::join(row.failed_checks, " "))));
    out << fmt::format("{}\n", fmt::join(cells, ","));
  }
}

Block sweep_block(const calc::SweepResult& r, bool binary) {
  Block b;
  b.heading = fmt::format("{}, {} (the rest reused)", calc::counted(r.rows.size(), "point"),
                          calc::counted(r.analyses_run, "analysis run"));
  for (const calc::Variation& v : r.keys) b.columns.push_back(v.key), b.numeric.push_back(true);
  for (const std::string& m : r.metrics) b.columns.push_back(m), b.numeric.push_back(true);
  b.columns.emplace_back("checks");
  b.numeric.push_back(false);
  for (const calc::SweepRow& row : r.rows) {
    std::vector<std::string> cells;
    for (size_t k = 0; k < r.keys.size(); ++k) cells.push_back(r.keys[k].values[row.at[k]].label);
    for (size_t m = 0; m < r.metrics.size(); ++m)
      cells.push_back(row.values[m] ? humanize(*row.values[m], r.units[m], binary) : "n/a");
    cells.push_back(row.failed_checks.empty() ? "pass" : fmt::format("FAIL {}", fmt::join(row.failed_checks, ", ")));
    b.cells.push_back(std::move(cells));
  }
  return b;
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  auto sweep = std::make_shared<SweepOptions>();
  CLI::App* command = app.add_subcommand(
      "sweep", "the model over a range of one or more keys, and chosen metrics at every point");
  add_common_options(*command, *options, Accepts{.explain = false, .strict = false});
  command->add_option("--vary", sweep->vary,
                      "a key and its values: KEY=FROM..TO (whole steps), FROM..TO:N (N values), "
                      "FROM..TO:xF (times F each step) or KEY=[a,b,c]; repeatable, every combination")
      ->type_name("KEY=RANGE")
      ->required()
      ->take_all();
  command->add_option("--metric", sweep->metrics,
                      "a metric to report at each point, as a [[check]] names it; repeatable "
                      "(default: the file's checks and targets)")
      ->type_name("PATH")
      ->take_all();
  command->add_option("--plot", sweep->plot, "also draw each metric against the first varied key to an SVG file")
      ->type_name("FILE.svg");
  command->add_flag("--force", sweep->force,
                    fmt::format("run more than {:.0f} points (up to {:.0f})", calc::kMaxSweepPoints,
                                calc::kMaxForcedSweepPoints));
  command->add_option("-j,--jobs", sweep->jobs, "points run at once (default: every CPU); the output is the same for any")
      ->type_name("N");
  command->footer(
      "Each point is the file with the command line's --set, then the point's values, applied;\n"
      "an analysis whose tables do not change between points runs once.\n\n"
      "Examples:\n"
      "  headroom sweep examples/web-tiers.toml --vary traffic.daily_active_users=1M..4M:7\n"
      "  headroom sweep examples/product-pages.toml --vary cache.capacity=10k..160k:x2 \\\n"
      "      --metric budget.stages.db.utilization --plot db.svg\n"
      "  headroom sweep examples/web-tiers.toml --vary budget.stage.db.servers=[32,48,64] -f csv");
  command->callback([&context, options, sweep] {
    context.action = [&context, options, sweep] {
      Io& io = context.io;
      const double max_points = sweep->force ? calc::kMaxForcedSweepPoints : calc::kMaxSweepPoints;
      const std::vector<calc::Variation> keys = calc::parse_variations(sweep->vary, "--vary", max_points);
      const std::vector<calc::Point> points = calc::sweep_points(keys, max_points);
      const std::vector<calc::Override> base = overrides_of(*options);
      const calc::ParsedDocument document(read_input(*options, io), input_name(*options));
      calc::Evaluator evaluator(document, base, seeded(options->seed));
      const calc::Model first = evaluator.load(points.front());
      print_warnings(first, *options, io);
      calc::require_analysis(first);
      std::ofstream svg;
      if (!sweep->plot.empty()) open_plot(svg, sweep->plot);
      const calc::SweepResult result = calc::run_sweep(evaluator, first, keys, sweep->metrics, sweep->jobs,
                                                       max_points, progress_bar(*options, io));
      const RenderOptions render_opts = render_options_for(*options, io, first, "sweep");
      switch (render_opts.format) {
        case Format::kTable: render_table_blocks({sweep_block(result, render_opts.binary_bytes)}, render_opts, io.out); break;
        case Format::kMarkdown: render_markdown_blocks({sweep_block(result, render_opts.binary_bytes)}, render_opts, io.out); break;
        case Format::kCsv: render_sweep_csv(result, io.out); break;
        default: render(calc::sweep_document(result), render_opts, io.out);
      }
      if (svg.is_open()) {
        plot_sweep_svg(result, svg);
        finish_plot(svg, sweep->plot);
      }
      return exit_code::kOk;
    };
  });
}

}  // namespace headroom::cli
