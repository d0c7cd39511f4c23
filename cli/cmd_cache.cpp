// `headroom cache`, with --sample-rate for SHARDS, --plot for an SVG, and a progress bar on a
// terminal while a trace is replayed.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <memory>

#include "calc/cache.hpp"
#include "calc/report.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"
#include "cli/plot_svg.hpp"

namespace headroom::cli {
namespace {

struct CacheOptions {
  CommonOptions common;
  std::string sample_rate;  // empty: as the file says
  std::string plot;
};

// "\r[#####.....]  45%  12.3 MB of 27.0 MB" on stderr, redrawn in place.
calc::RunOptions::progress_type progress_bar(Io& io) {
  return [&io, last = -1](std::uint64_t done, std::uint64_t total) mutable {
    if (total == 0) return;
    const int percent = static_cast<int>(100.0 * static_cast<double>(std::min(done, total)) / static_cast<double>(total));
    if (percent == last) return;
    last = percent;
    const int filled = percent / 5;
    io.err << fmt::format("\r[{}{}] {:3d}%", std::string(filled, '#'), std::string(20 - filled, '.'), percent)
           << (percent == 100 ? "\r\x1b[K" : "") << std::flush;
  };
}

// hit ratio by policy (rows) and capacity (columns).
calc::Node hit_ratio_matrix(const calc::CacheResult& r, const calc::CacheSection& s) {
  calc::Node doc = calc::Node::object();
  calc::Node& rows = doc.add("hit_ratio_by_capacity", calc::Node::array());
  const bool bytes = s.capacities.front().bytes;
  for (const std::string& policy : s.policies) {
    calc::Node& row = rows.push(calc::Node::map());
    row.add("policy", calc::Node::string(policy));
    for (const calc::PolicyResult& p : r.policies) {
      if (p.policy != policy) continue;
      row.add(humanize(p.capacity.value, bytes ? calc::Unit::kBytes : calc::Unit::kCount),
              calc::Node::number(p.hit_ratio(), calc::Unit::kRatio));
    }
  }
  return doc;
}

int run_cache(CacheOptions& options, Io& io) {
  if (!options.sample_rate.empty()) {
    double rate = 0;
    const std::string& text = options.sample_rate;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rate);
    if (ec != std::errc() || end != text.data() + text.size() || !(rate > 0 && rate <= 1)) {
      throw Error::usage(fmt::format("--sample-rate: expected a rate in (0, 1], such as 0.01, got '{}'", text));
    }
    options.common.sets.push_back(fmt::format("cache.sample_rate={}", rate));
  }
  const calc::Model model = load_input(options.common, io);
  require_sections(model.cache.has_value(), "cache", "[cache]", options.common.file);
  // Opened before the replay, so that a path that cannot be written stops before a long replay.
  std::ofstream svg;
  if (!options.plot.empty()) {
    svg.open(options.plot, std::ios::binary);
    if (!svg) throw Error::usage(fmt::format("--plot: cannot write '{}': {}", options.plot, std::strerror(errno)));
  }
  calc::RunOptions run{options.common.seed, {}};
  if (io.terminal.stderr_is_tty && !options.common.quiet) run.progress = progress_bar(io);
  const calc::CacheResult result = calc::analyse_cache(*model.cache, run);
  calc::AnalysisResult doc = calc::cache_document(result, *model.cache);
  const calc::Node full = calc::with_schema_version(doc.document);
  RenderOptions render_opts = render_options(options.common, io);
  render_opts.title = command_title("cache", model);
  render(full, render_opts, io.out);
  if ((render_opts.format == Format::kTable || render_opts.format == Format::kMarkdown) &&
      model.cache->capacities.size() > 1) {
    // For people: the policies side by side, one column per capacity.
    RenderOptions matrix_opts = render_opts;
    matrix_opts.title.clear();
    io.out << (render_opts.format == Format::kTable ? "\n" : "");
    render(hit_ratio_matrix(result, *model.cache), matrix_opts, io.out);
  }
  if (options.common.explain) print_explanation(doc.explanation, io);
  if (svg.is_open()) {
    plot_cache_svg(result, *model.cache, svg);
    if (!svg.flush()) throw Error::input(fmt::format("--plot: writing '{}' failed", options.plot));
  }
  return exit_code::kOk;
}

}  // namespace

void add_cache_command(CLI::App& app, CommandContext& context) {
  const calc::Analysis& analysis = *calc::find_analysis("cache");
  auto options = std::make_shared<CacheOptions>();
  CLI::App* command = app.add_subcommand("cache", std::string(analysis.summary));
  add_common_options(*command, options->common, {"table", "json", "csv", "markdown"});
  command->add_option("--sample-rate", options->sample_rate,
                      "SHARDS sampling rate for the LRU curve of a large trace, in (0, 1]")
      ->type_name("RATE");
  command->add_option("--plot", options->plot, "also draw the miss-ratio curves to an SVG file")
      ->type_name("FILE.svg");
  command->footer(
      "Reads: [cache]\n\n"
      "Examples:\n"
      "  headroom cache examples/cdn-edge.toml\n"
      "  headroom cache examples/query-cache.toml --plot curves.svg -f json\n"
      "  headroom cache big-trace.toml --sample-rate 0.01");
  command->callback([&context, options] {
    context.action = [&context, options] { return run_cache(*options, context.io); };
  });
}

}  // namespace headroom::cli
