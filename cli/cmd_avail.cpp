// What `headroom avail` adds to the generic command: --plot, the downtime each block contributes.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "calc/avail/avail.hpp"
#include "cli/commands.hpp"

namespace headroom::cli {

CommandExtras avail_extras() {
  CommandExtras extras;
  extras.examples =
      "  headroom avail examples/payments-api.toml --format json\n"
      "  headroom avail examples/payments-api.toml --plot downtime.svg\n";
  extras.extend = [](CLI::App& command, CommandContext&, std::shared_ptr<CommonOptions>) {
    auto plot = std::make_shared<std::string>();
    command.add_option("--plot", *plot, "also draw the downtime each block contributes to an SVG file")
        ->type_name("FILE.svg");
    return std::function<Job()>([plot] {
      Job job = analysis_job(*calc::find_analysis("avail"));
      add_plot<calc::AvailResult>(job, *plot, plot_avail_svg);
      return job;
    });
  };
  return extras;
}

}  // namespace headroom::cli
