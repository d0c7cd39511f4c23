// The headroom binary: everything happens in cli::run.
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "cli/run.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv, argv + argc);
  headroom::cli::Terminal terminal;
  terminal.stdout_is_tty = isatty(STDOUT_FILENO) == 1;
  terminal.stderr_is_tty = isatty(STDERR_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  terminal.no_color = no_color != nullptr && no_color[0] != '\0';
  terminal.stdin_fd = STDIN_FILENO;
  const int code = headroom::cli::run(args, std::cin, std::cout, std::cerr, terminal);
  std::cout.flush();
  return code;
}
