// What `headroom budget` adds to the generic command: --plot, the USL fit of [scalability]
// beside its measurements as an SVG.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <memory>

#include "calc/budget/budget.hpp"
#include "calc/report/report.hpp"
#include "cli/commands.hpp"
#include "cli/plot_svg.hpp"

namespace headroom::cli {

CommandExtras budget_extras() {
  CommandExtras extras;
  extras.examples =
      "  headroom budget examples/web-tiers.toml --explain\n"
      "  headroom budget examples/product-pages.toml --set cache.capacity=10k\n"
      "  headroom budget examples/load-test-usl.toml --plot usl.svg\n";
  extras.extend = [](CLI::App& command, CommandContext&, std::shared_ptr<CommonOptions>) {
    auto plot = std::make_shared<std::string>();
    command.add_option("--plot", *plot, "also draw the USL fit of [scalability] and its measurements to an SVG file")
        ->type_name("FILE.svg");
    return std::function<Job()>([plot] {
      const calc::Analysis& analysis = *calc::find_analysis("budget");
      Job job = analysis_job(analysis);
      auto svg = std::make_shared<std::ofstream>();
      auto fit = std::make_shared<std::optional<formulas::UslFit>>();
      const std::string path = *plot;
      job.before = [svg, path](const calc::Model& m) {
        if (path.empty()) return;
        if (!m.section<calc::ScalabilitySection>())
          throw Error::usage(fmt::format("--plot draws the USL fit of [scalability], and {} has none", m.source_path));
        open_plot(*svg, path);
      };
      job.run = [fit, &analysis](const calc::Model& m, const calc::RunOptions& run) {
        calc::AnalysisResult r = calc::run_analysis(analysis, m, run);
        if (const auto* typed = std::any_cast<calc::BudgetResult>(&r.typed)) *fit = typed->usl;
        return r;
      };
      job.after = [svg, fit, path](const calc::Model& m, const RenderOptions&, Io&) {
        if (!svg->is_open() || !*fit) return;
        plot_usl_svg(**fit, *m.section<calc::ScalabilitySection>(), *svg);
        finish_plot(*svg, path);
      };
      return job;
    });
  };
  return extras;
}

}  // namespace headroom::cli
