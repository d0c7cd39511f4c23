// Builds the command line, runs the chosen command, and maps every outcome to an exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <functional>
#include <new>
#include <sstream>

#include "build_info.hpp"  // HEADROOM_COMMIT, generated at build time
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

// The top level's own flags; any other option belongs to a command.
bool is_top_level_flag(const std::string& arg) {
  return arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "--version";
}

// Options written before the command ("headroom -f json avail FILE") moved behind it, where the
// command defines them; the command is the first argument that names one.
std::vector<std::string> command_first(std::vector<std::string> args, const std::vector<std::string>& names) {
  if (args.size() < 3 || args[1].empty() || args[1][0] != '-' || is_top_level_flag(args[1])) return args;
  for (size_t i = 2; i < args.size(); ++i) {
    if (std::find(names.begin(), names.end(), args[i]) == names.end()) continue;
    std::rotate(args.begin() + 1, args.begin() + static_cast<std::ptrdiff_t>(i),
                args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    return args;
  }
  return args;
}

// An option the command does not define, with a suggestion from those it does ("--formt":
// did you mean '--format'?). `args` starts with the program and the command. Values of options
// that take one, "-" (standard input) and negative numbers are not options.
void check_options(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* command = app.get_subcommand(args[1]);
  std::string name = args[1];
  size_t at = 2;
  if (args.size() > 2) {
    for (const CLI::App* sub : command->get_subcommands([](const CLI::App*) { return true; }))
      if (sub->get_name() == args[2]) command = sub, name += " " + args[2], at = 3;
  }
  std::vector<std::string> longs, shorts;
  std::vector<const CLI::Option*> options = command->get_options();
  for (const CLI::Option* o : options) {
    for (const std::string& l : o->get_lnames()) longs.push_back("--" + l);
    for (const std::string& s : o->get_snames()) shorts.push_back("-" + s);
  }
  auto takes_value = [&](const std::string& flag) {
    for (const CLI::Option* o : options)
      if (o->check_name(flag)) return o->get_type_size_max() > 0;
    return false;
  };
  for (; at < args.size(); ++at) {
    const std::string& arg = args[at];
    if (arg == "--") return;
    if (arg.size() < 2 || arg[0] != '-' || std::isdigit(static_cast<unsigned char>(arg[1])) || arg[1] == '.') continue;
    const std::string flag = arg[1] == '-' ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
    const auto& known = arg[1] == '-' ? longs : shorts;
    if (std::find(known.begin(), known.end(), flag) == known.end()) {
      std::vector<std::string> all = longs;
      all.insert(all.end(), shorts.begin(), shorts.end());
      const std::string hint = calc::did_you_mean(flag, all);
      throw Error::usage(fmt::format("'{}' has no option '{}'", name, flag),
                         hint.empty() ? fmt::format("'headroom {} --help' lists its options", name) : hint);
    }
    if (takes_value(flag) && arg.find('=') == std::string::npos && (arg[1] == '-' || arg.size() == 2)) ++at;
  }
}

void print_error(const Error& e, std::ostream& err) {
  for (const Diagnostic& d : e.diagnostics()) err << format_diagnostic(d) << '\n';
}

void build(CLI::App& app, CommandContext& context) {
  app.set_version_flag("--version",
                       std::string("headroom ") + HEADROOM_VERSION + " (commit " + HEADROOM_COMMIT + ")",
                       "print the version and exit");
  app.set_help_flag("-h,--help", "print this help and exit");
  app.set_help_all_flag("--help-all", "print help for every command and exit");
  app.require_subcommand(1, 1);
  app.get_formatter()->label("REQUIRED", "(required)");
  app.footer(
      "Common options (every command that reads a model; 'headroom COMMAND --help' for each):\n"
      "  -f,--format FORMAT   table (default), json, csv, markdown; junit for check\n"
      "  --set KEY=VALUE      override one TOML value by dotted path, repeatable\n"
      "  --seed N             seed of every random stream\n"
      "  --explain            the formulas used, with the numbers substituted\n"
      "  -q,--quiet           results only: no progress, notes or warnings\n"
      "  --strict             exit 1 when any target in the file is missed\n"
      "  --color WHEN         auto (a terminal without NO_COLOR), always, never\n"
      "They may come before the command too: headroom -f json avail FILE.\n\n"
      "Exit status:\n"
      "  0    ok\n"
      "  1    a check or target failed\n"
      "  2    bad usage or invalid input (each problem as FILE:LINE:COLUMN: KEY: message)\n"
      "  3    internal error\n"
      "  130  interrupted\n\n"
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
  add_schema_command(app, context);
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

  const std::vector<std::string> ordered = command_first(args, names);
  if (ordered.size() > 1 && std::find(names.begin(), names.end(), ordered[1]) != names.end()) {
    try {
      check_options(app, ordered);
    } catch (const Error& e) {
      print_error(e, err);
      const bool map = ordered[1] == "ring" && ordered.size() > 2 && ordered[2] == "map";
      err << fmt::format(kUsageTail, ordered[1] + (map ? " map " : " ")) << '\n';
      return exit_code::kBadInput;
    }
  }

  try {
    std::vector<std::string> reversed(ordered.rbegin(), ordered.rend());
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
