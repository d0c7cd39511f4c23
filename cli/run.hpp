// The command line's entry point: parses arguments, runs a command, renders, picks the exit code.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace headroom::cli {

/// What the process knows about where its output goes; tests pass their own.
struct Terminal {
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;  // progress bars only on a terminal
  bool no_color = false;  // NO_COLOR is set (https://no-color.org)
  /// The process's standard input, for a command that streams it (ring map reads what has
  /// arrived instead of waiting for a full block); -1 when `in` is not a file descriptor.
  int stdin_fd = -1;
};

/// Exit codes (SPEC §1; ripgrep's convention).
namespace exit_code {
inline constexpr int kOk = 0;
inline constexpr int kCheckFailed = 1;
inline constexpr int kBadInput = 2;
inline constexpr int kInternal = 3;
inline constexpr int kInterrupted = 130;
}  // namespace exit_code

/// One option of one command, for the tests that hold the man page and --help to the app.
struct OptionDoc {
  std::string command;  // "" for the top level
  std::string name;     // "--format", or "FILE" for a positional
  std::string help;
};

/// Every option and command the command line defines.
std::vector<OptionDoc> documented_options();

/// Runs headroom with `args` (args[0] is the program name). Never throws.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err, const Terminal& terminal = {});

}  // namespace headroom::cli
