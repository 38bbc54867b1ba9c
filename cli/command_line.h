// Reading the command line with CLI11, and telling a newcomer in one line
// what went wrong and what to write instead.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace publish::cli {

// Validators whose message says what the option expects, such as
// "expects a whole number from 1 to 256 (such as --jobs 2), not 'abc'".
CLI::Validator WholeNumber(int low, int high, const std::string& example);
CLI::Validator OneOf(const std::vector<std::string>& names);

// Parses the command line. Returns -1 when a command is to run; otherwise
// the exit code: 0 after --help or --version, 2 after a mistake, explained
// on stderr in one line (with "did you mean" when a name is close).
int ParseCommandLine(CLI::App& app, int argc, char** argv);

}  // namespace publish::cli
