// Builds the command line, runs the chosen command, and maps every outcome to an exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <functional>
#include <new>
#include <sstream>

#include "calc/base/spelling.hpp"
#include "cli/commands.hpp"
#include "cli/run.hpp"

namespace headroom::cli {
namespace {

constexpr const char* kUsageTail = "Run 'headroom {}--help' for usage.";

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

// The command the user named, if any, for "Run 'headroom X --help'".
std::string named_command(const std::vector<std::string>& args,
                          const std::vector<std::string>& names) {
  for (size_t i = 1; i < args.size(); ++i)
    if (std::find(names.begin(), names.end(), args[i]) != names.end()) return args[i];
  return "<command>";  // shown as "headroom <command> --help"
}

void print_error(const Error& e, std::ostream& err) {
  for (const Diagnostic& d : e.diagnostics()) err << format_diagnostic(d) << '\n';
}

void build(CLI::App& app, CommandContext& context) {
  app.set_version_flag("--version", std::string("headroom ") + HEADROOM_VERSION,
                       "print the version and exit");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_help_all_flag("--help-all", "print help for every command and exit");
  app.require_subcommand(1, 1);
  app.footer(
      "Exit status: 0 ok, 1 a check or target failed, 2 bad usage or input, 3 internal error.\n\n"
      "Examples:\n"
      "  headroom report examples/photo-sharing.toml\n"
      "  headroom avail examples/payments-api.toml --format json\n"
      "  headroom check system.toml --format junit > headroom-junit.xml");
  add_analysis_commands(app, context);
  add_report_command(app, context);
  add_check_command(app, context);
  add_validate_command(app, context);
  add_sweep_command(app, context);
  add_solve_command(app, context);
  add_explain_command(app, context);
  add_completion_command(app, context);
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    sub->set_help_flag("-h,--help", "print this help and exit");
}

}  // namespace

std::vector<OptionDoc> documented_options() {
  std::istringstream in;
  std::ostringstream sink;
  Io io{in, sink, sink, {}};
  CommandContext context{io, {}};
  CLI::App app("headroom", "headroom");
  build(app, context);
  std::vector<OptionDoc> docs;
  auto add = [&](const CLI::App& a, const std::string& command) {
    for (const CLI::Option* o : a.get_options()) {
      const std::string name = o->get_name(false, true);
      for (const std::string& lname : o->get_lnames()) docs.push_back({command, "--" + lname, o->get_description()});
      if (o->get_lnames().empty()) docs.push_back({command, name, o->get_description()});
    }
  };
  add(app, "");
  std::function<void(const CLI::App&, const std::string&)> commands = [&](const CLI::App& parent,
                                                                         const std::string& path) {
    for (const CLI::App* sub : parent.get_subcommands([](const CLI::App*) { return true; })) {
      const std::string name = path.empty() ? sub->get_name() : path + " " + sub->get_name();
      docs.push_back({name, sub->get_name(), sub->get_description()});
      add(*sub, name);
      commands(*sub, name);
    }
  };
  commands(app, "");
  return docs;
}

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err, const Terminal& terminal) {
  Io io{in, out, err, terminal};
  CommandContext context{io, {}};
  CLI::App app("headroom: capacity planning from a TOML model of a system.", "headroom");
  try {
    build(app, context);
  } catch (const std::exception& e) {
    err << "headroom: internal error: " << e.what() << '\n';
    return exit_code::kInternal;
  }
  const std::vector<std::string> names = command_names(app);

  // CLI11 2.1 has no suggestion for a mistyped command ("chek"); add one.
  if (args.size() > 1 && !args[1].empty() && args[1][0] != '-' &&
      std::find(names.begin(), names.end(), args[1]) == names.end()) {
    print_error(Error::usage(fmt::format("unknown command '{}'", args[1]),
                             calc::did_you_mean(args[1], names).empty()
                                 ? "commands: " + fmt::format("{}", fmt::join(names, ", "))
                                 : calc::did_you_mean(args[1], names)),
                err);
    err << fmt::format(kUsageTail, "") << '\n';  // no command to name
    return exit_code::kBadInput;
  }

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    if (!reversed.empty()) reversed.pop_back();  // the program name
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --help-all, --version
      app.exit(e, out, err);
      return exit_code::kOk;
    }
    err << "headroom: error: " << e.what() << '\n'
        << fmt::format(kUsageTail, named_command(args, names) + " ") << '\n';
    return exit_code::kBadInput;
  }

  try {
    return context.action ? context.action() : exit_code::kBadInput;
  } catch (const Error& e) {
    print_error(e, err);
    if (e.kind() == Error::Kind::kUsage)
      err << fmt::format(kUsageTail, named_command(args, names) + " ") << '\n';
    return exit_code::kBadInput;
  } catch (const std::bad_alloc&) {
    err << "headroom: error: out of memory\n";
    return exit_code::kInternal;
  } catch (const std::exception& e) {
    err << "headroom: internal error: " << e.what() << '\n';
    return exit_code::kInternal;
  }
}

}  // namespace headroom::cli
