// `headroom solve`: the largest or smallest value of one key for which every check and target in
// the file passes, the check that binds there and its margin (SPEC §3.8).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>
#include <ostream>

#include "calc/base/spelling.hpp"
#include "calc/whatif/optimise.hpp"
#include "calc/whatif/solve.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"

namespace headroom::cli {
namespace {

struct SolveOptions {
  std::string max, min, within;
  std::vector<std::string> vary;  // with it, --max/--min name a metric to optimise over these
  unsigned jobs = 0;
};

const char* kBold = "1";

void render_solve_table(const calc::SolveResult& r, const RenderOptions& options, std::ostream& out) {
  out << paint(options.title, kBold, options.color) << '\n';
  const std::string direction = r.maximise ? "largest" : "smallest";
  if (!r.found) {
    out << fmt::format("  no value of {} in {}..{} passes every check{}\n", r.key,
                       calc::value_like(r.lo, r.label).label, calc::value_like(r.hi, r.label).label,
                       r.binding_check.empty() ? "" : fmt::format("; {} fails even at {}", r.binding_check, r.label));
    return;
  }
  out << fmt::format("  {} {} that passes every check: {}\n", direction, r.key, r.label);
  if (r.whole_range) {
    out << fmt::format("  every value tried passes, {} to {}: the limit is beyond it\n", r.maximise ? "up" : "down",
                       r.label);
  } else {
    out << fmt::format("  {} fails: {} binds, with {} to spare at {}\n", r.next_label, r.binding_check,
                       humanize(r.margin, r.margin_unit, options.binary_bytes), r.label);
  }
  if (!r.monotone)
    out << "  the checks are not monotone in the key over the range: the answer is the best of a grid, refined\n";
  out << fmt::format("  {}\n", calc::counted(r.probes.size(), "evaluation"));
}

void render_optimise_table(const calc::OptimiseResult& r, const RenderOptions& options, std::ostream& out) {
  out << paint(options.title, kBold, options.color) << '\n';
  const std::string direction = r.maximise ? "largest" : "smallest";
  if (!r.best) {
    out << fmt::format("  no value tried passes every check{}\n",
                       r.passing ? fmt::format(" with a value of {}", r.metric) : "");
  } else {
    const calc::SweepRow& row = r.sweep.rows[*r.best];
    std::string at;
    for (size_t k = 0; k < r.sweep.keys.size(); ++k)
      at += fmt::format("{}{} = {}", k ? ", " : "", r.sweep.keys[k].key, r.sweep.keys[k].values[row.at[k]].label);
    out << fmt::format("  {} {} with every check passing: {} at {}\n", direction, r.metric,
                       humanize(*row.values.front(), r.unit, options.binary_bytes), at);
  }
  out << fmt::format("  {} of {} values tried pass every check\n", r.passing, r.sweep.points);
}

// solve --min/--max METRIC --vary KEY=RANGE ...: the best passing combination.
int run_optimise(const CommonOptions& options, const SolveOptions& solve, Io& io) {
  if (!solve.within.empty())
    throw Error::usage("solve: --within bounds a key's search; with --vary the values are --vary's",
                       "drop --within, or --vary KEY=LO..HI:N");
  const std::vector<calc::Variation> keys = calc::parse_variations(solve.vary, "--vary", calc::kMaxSweepPoints);
  const std::vector<calc::Point> points = calc::sweep_points(keys, calc::kMaxSweepPoints);
  const calc::ParsedDocument document(read_input(options, io), input_name(options));
  calc::Evaluator evaluator(document, overrides_of(options), seeded(options.seed));
  const calc::Model first = evaluator.load(points.front());
  print_warnings(first, options, io);
  calc::require_analysis(first);
  const bool maximise = !solve.max.empty();
  const calc::OptimiseResult result = calc::optimise(evaluator, first, keys, maximise ? solve.max : solve.min, maximise,
                                                     solve.jobs, progress_bar(options, io));
  const RenderOptions render_opts = render_options_for(options, io, first, "solve");
  if (render_opts.format == Format::kTable) {
    render_optimise_table(result, render_opts, io.out);
  } else {
    render(calc::optimise_document(result), render_opts, io.out);
  }
  return result.best ? exit_code::kOk : exit_code::kCheckFailed;
}

}  // namespace

void add_solve_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CommonOptions>();
  auto solve = std::make_shared<SolveOptions>();
  CLI::App* command = app.add_subcommand(
      "solve", "the largest or smallest value of a key for which every check passes");
  add_common_options(*command, *options, Accepts{.explain = false, .strict = false});
  auto* max = command->add_option("--max", solve->max,
                                  "the key to make as large as every check allows (with --vary: a metric)")
                  ->type_name("KEY|METRIC");
  auto* min = command->add_option("--min", solve->min,
                                  "the key to make as small as every check allows (with --vary: a metric, "
                                  "e.g. cost.monthly_total)")
                  ->type_name("KEY|METRIC");
  max->excludes(min);
  command->add_option("--vary", solve->vary,
                      "with --max/--min METRIC: the values to try, as sweep takes them (KEY=FROM..TO[:N|:xF], "
                      "KEY=[a,b]); the best passing combination wins, ties to the first")
      ->type_name("KEY=RANGE")
      ->take_all();
  command->add_option("--within", solve->within,
                      "the range to search, LO..HI in the key's unit (default: out from the file's value, "
                      "doubling or halving)")
      ->type_name("LO..HI");
  command->add_option("-j,--jobs", solve->jobs, "probes run at once (default: every CPU); the answer is the same for any")
      ->type_name("N");
  command->footer(
      "Bisection where the checks pass on one side of a value and fail on the other, checked on a\n"
      "grid first; the answer passes, and the value just past it fails. Exit 1 when no value passes.\n\n"
      "With --vary, --max or --min names a metric instead: every value of the varied keys is run,\n"
      "and the one with the best metric among those where every check passes is the answer.\n\n"
      "Examples:\n"
      "  headroom solve examples/web-tiers.toml --max traffic.daily_active_users\n"
      "  headroom solve examples/photo-sharing.toml --min cost.monthly_total \\\n"
      "      --vary components.metadata_db.replicas=1..5\n"
      "  headroom solve examples/product-pages.toml --min cache.capacity --within 1k..400k\n"
      "  headroom solve examples/web-tiers.toml --min budget.stage.db.servers --within 1..64 -f json");
  command->callback([&context, options, solve] {
    context.action = [&context, options, solve] {
      Io& io = context.io;
      if (solve->max.empty() && solve->min.empty())
        throw Error::usage("solve needs --max KEY or --min KEY", "e.g. --max traffic.daily_active_users");
      if (!solve->vary.empty()) return run_optimise(*options, *solve, io);
      calc::SolveRequest request;
      request.maximise = !solve->max.empty();
      request.key = request.maximise ? solve->max : solve->min;
      if (!solve->within.empty()) request.within = solve->within;
      const calc::ParsedDocument document(read_input(*options, io), input_name(*options));
      calc::Evaluator evaluator(document, overrides_of(*options), seeded(options->seed));
      const calc::Model first = evaluator.load({});
      print_warnings(first, *options, io);
      calc::require_analysis(first);
      calc::validate_model(first);
      if (first.checks.empty() && !calc::has_targets(first))
        throw Error::usage("solve: the file has no [[check]] or target, so every value passes",
                           "add a [[check]] on the metric that limits the key");
      const calc::SolveResult result = calc::solve(evaluator, document, request, solve->jobs);
      const RenderOptions render_opts = render_options_for(*options, io, first, "solve");
      if (render_opts.format == Format::kTable) {
        render_solve_table(result, render_opts, io.out);
      } else {
        render(calc::solve_document(result), render_opts, io.out);
      }
      return result.found ? exit_code::kOk : exit_code::kCheckFailed;
    };
  });
}

}  // namespace headroom::cli
