// What `headroom cache` adds to the generic command: --sample-rate for SHARDS, --plot for an
// SVG, and the policies × capacities table for people.
#include <CLI/CLI.hpp>
#include <charconv>
#include <fmt/format.h>
#include <fstream>
#include <memory>

#include "calc/cache/cache.hpp"
#include "cli/commands.hpp"
#include "cli/humanize.hpp"
#include "cli/plot_svg.hpp"

namespace headroom::cli {
namespace {

// hit ratio by policy (rows) and capacity (columns).
calc::Node hit_ratio_matrix(const calc::CacheResult& r, const calc::CacheSection& s, bool binary) {
  calc::Node doc = calc::Node::object();
  calc::Node& rows = doc.add("hit_ratio_by_capacity", calc::Node::array());
  const bool bytes = s.capacities.front().bytes;
  for (const calc::CachePolicy policy : s.policies) {
    const std::string& name = calc::name_of(calc::cache_policy_names(), policy);
    calc::Node& row = rows.push(calc::Node::map(), name);
    row.add("policy", calc::Node::string(name));
    for (const calc::PolicyResult& p : r.policies) {
      if (p.policy != policy) continue;
      row.add(humanize(p.capacity.value, bytes ? calc::Unit::kBytes : calc::Unit::kCount, binary),
              calc::Node::number(p.hit_ratio(), calc::Unit::kRatio));
    }
  }
  return doc;
}

struct CacheOptions {
  std::string sample_rate;  // empty: as the file says
  std::string plot;
};

}  // namespace

CommandExtras cache_extras() {
  CommandExtras extras;
  extras.examples =
      "  headroom cache examples/cdn-edge.toml\n"
      "  headroom cache examples/query-cache.toml --plot curves.svg -f json\n"
      "  headroom cache big-trace.toml --sample-rate 0.01\n";
  extras.extend = [](CLI::App& command, CommandContext&, std::shared_ptr<CommonOptions> common) {
    auto options = std::make_shared<CacheOptions>();
    command.add_option("--sample-rate", options->sample_rate,
                       "SHARDS sampling rate for the LRU curve of a large trace, in (0, 1]")
        ->type_name("RATE");
    command.add_option("--plot", options->plot, "also draw the miss-ratio curves to an SVG file")
        ->type_name("FILE.svg");
    return std::function<Job()>([options, common] {
      if (!options->sample_rate.empty()) {
        double rate = 0;
        const std::string& text = options->sample_rate;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rate);
        if (ec != std::errc() || end != text.data() + text.size() || !(rate > 0 && rate <= 1)) {
          throw Error::usage(fmt::format("--sample-rate: expected a rate in (0, 1], such as 0.01, got '{}'", text));
        }
        common->sets.push_back(fmt::format("cache.sample_rate={}", rate));
        options->sample_rate.clear();  // added once
      }
      Job job = analysis_job(*calc::find_analysis("cache"));
      auto svg = std::make_shared<std::ofstream>();
      auto result = std::make_shared<calc::CacheResult>();
      const std::string plot = options->plot;
      // Opened before the replay, so that a path that cannot be written stops before a long one.
      job.before = [svg, plot](const calc::Model&) {
        if (!plot.empty()) open_plot(*svg, plot);
      };
      job.run = [result](const calc::Model& m, const calc::RunOptions& run) {
        const calc::CacheSection& s = *m.section<calc::CacheSection>();
        *result = calc::analyse_cache(s, run);
        return calc::cache_document(*result, s);
      };
      job.after = [svg, result, plot](const calc::Model& m, const RenderOptions& render_opts, Io& io) {
        const calc::CacheSection& s = *m.section<calc::CacheSection>();
        if ((render_opts.format == Format::kTable || render_opts.format == Format::kMarkdown) &&
            s.capacities.size() > 1) {
          // For people: the policies side by side, one column per capacity.
          RenderOptions matrix_opts = render_opts;
          matrix_opts.title.clear();
          io.out << (render_opts.format == Format::kTable ? "\n" : "");
          render(hit_ratio_matrix(*result, s, render_opts.binary_bytes), matrix_opts, io.out);
        }
        if (svg->is_open()) {
          plot_cache_svg(*result, s, *svg);
          finish_plot(*svg, plot);
        }
      };
      return job;
    });
  };
  return extras;
}

}  // namespace headroom::cli
