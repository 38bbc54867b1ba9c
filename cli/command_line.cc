#include "cli/command_line.h"

#include <charconv>
#include <cstdio>

#include "cli/common.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/text.h"

namespace publish::cli {
namespace {

std::string Quoted(const std::string& text) { return "'" + VisiblyEscaped(text) + "'"; }

// "a, b or c"
std::string Alternatives(const std::vector<std::string>& names, const char* last_word) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? std::string(" ") + last_word + " " : ", ") + names[i];
  }
  return out;
}

std::vector<CLI::App*> Commands(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

std::vector<std::string> CommandNames(CLI::App& app) {
  std::vector<std::string> names;
  for (CLI::App* command : Commands(app)) names.push_back(command->get_name());
  return names;
}

// The command the line named, once CLI11 has seen it.
CLI::App* ParsedCommand(CLI::App& app) {
  for (CLI::App* command : Commands(app)) {
    if (command->parsed()) return command;
  }
  return nullptr;
}

// Every spelling of the options of `command` ("--channel", "-j").
std::vector<std::string> OptionSpellings(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

const CLI::Option* OptionSpelled(const CLI::App& command, const std::string& spelling) {
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) {
      if ("--" + name == spelling) return option;
    }
    for (const auto& name : option->get_snames()) {
      if ("-" + name == spelling) return option;
    }
  }
  return nullptr;
}

// The commands other than `except` that take `spelling`.
std::vector<std::string> CommandsTaking(CLI::App& app, const std::string& spelling, const CLI::App* except) {
  std::vector<std::string> names;
  for (CLI::App* command : Commands(app)) {
    if (command != except && OptionSpelled(*command, spelling) != nullptr) names.push_back(command->get_name());
  }
  return names;
}

std::string UnknownCommand(CLI::App& app, const std::string& word) {
  std::vector<std::string> names = CommandNames(app);
  return "publish: unknown command " + Quoted(word) + DidYouMean(word, names) + "; the commands are " +
         Alternatives(names, "and") + " (publish --help says what each does)";
}

std::string UnknownOption(CLI::App& app, CLI::App* command, const std::string& argument) {
  std::string spelling = argument.substr(0, argument.find('='));
  std::string prefix = command == nullptr ? "publish: " : "publish " + command->get_name() + ": ";
  if (command != nullptr) {
    const CLI::Option* option = OptionSpelled(*command, spelling);
    if (option != nullptr && option->get_type_size() > 0) {
      return prefix + spelling + " needs a value: " + spelling + " " + option->get_type_name();
    }
  }
  std::vector<std::string> others = CommandsTaking(app, spelling, command);
  if (command == nullptr && !others.empty()) {
    return prefix + spelling + " is an option of publish " + Alternatives(others, "and") +
           "; write it after the command: publish " + others.front() + " " + spelling;
  }
  if (!others.empty()) {
    return prefix + spelling + " is an option of publish " + Alternatives(others, "and") + ", not of publish " +
           command->get_name();
  }
  CLI::App& where = command == nullptr ? app : *command;
  std::string suggestion = DidYouMean(spelling, OptionSpellings(where));
  std::string help = command == nullptr ? "publish --help" : "publish " + command->get_name() + " --help";
  return prefix + "unknown option " + Quoted(spelling) +
         (suggestion.empty() ? "; " + help + " lists the options" : suggestion);
}

// A word after the command that no positional argument takes.
std::string UnexpectedArgument(CLI::App& command, const std::string& word, const std::vector<std::string>& arguments) {
  std::string prefix = "publish " + command.get_name() + ": ";
  // A title of two words without quotes leaves the second one over.
  const CLI::Option* title = OptionSpelled(command, "--title");
  auto follows_title = [&] {
    for (size_t i = 1; i + 1 < arguments.size(); ++i) {
      if (arguments[i - 1] == "--title" && arguments[i + 1] == word) return true;
    }
    return false;
  };
  if (title != nullptr && title->count() > 0 && !title->results().empty() && follows_title()) {
    return prefix + Quoted(word) + " is one argument too many; a title with spaces goes in quotes: --title \"" +
           VisiblyEscaped(title->results().front()) + " " + VisiblyEscaped(word) + "\"";
  }
  auto channels = AvailableChannelNames();
  bool is_channel = std::find(channels.begin(), channels.end(), word) != channels.end();
  std::vector<const CLI::Option*> positionals;
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional()) positionals.push_back(option);
  }
  if (positionals.size() == 1 && positionals.front()->count() > 0 && !positionals.front()->results().empty()) {
    const CLI::Option* option = positionals.front();
    std::string taken = option->results().front();
    std::string out = prefix + Quoted(word) + " is one argument too many: the " + option->get_name() + " is " +
                      Quoted(taken) + " already";
    if (is_channel || std::find(channels.begin(), channels.end(), taken) != channels.end()) {
      out += "; write --channel before each channel's name: --channel public --channel text";
    }
    return out;
  }
  std::string names;
  for (const CLI::Option* option : positionals) names += " " + option->get_name();
  return prefix + Quoted(word) + " is one argument too many: publish " + command.get_name() + " takes" +
         (names.empty() ? " options only" : names) + " (publish " + command.get_name() + " --help lists them)";
}

std::string Explain(CLI::App& app, const CLI::ParseError& error, const std::vector<std::string>& arguments) {
  CLI::App* command = ParsedCommand(app);
  std::string prefix = command == nullptr ? "publish: " : "publish " + command->get_name() + ": ";
  std::string what = error.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    std::vector<std::string> extras = command != nullptr ? command->remaining() : app.remaining();
    // Before the command ("publish --strict build") is the top level's.
    if (command != nullptr && extras.empty()) {
      extras = app.remaining();
      command = nullptr;
    }
    if (extras.empty()) return prefix + what;
    const std::string& first = extras.front();
    if (first.size() > 1 && first.front() == '-') return UnknownOption(app, command, first);
    if (command == nullptr) return UnknownCommand(app, first);
    return UnexpectedArgument(*command, first, arguments);
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    if (command == nullptr) {
      std::vector<std::string> extras = app.remaining();
      if (!extras.empty() && (extras.front().empty() || extras.front().front() != '-'))
        return UnknownCommand(app, extras.front());
      if (!extras.empty()) return UnknownOption(app, nullptr, extras.front());
      return "publish: name a command: " + Alternatives(CommandNames(app), "or") +
             " (publish --help says what each does)";
    }
    return prefix + what + "; publish " + command->get_name() + " --help says what it takes";
  }
  // "--jobs: expects ..." from our validators reads better as "--jobs expects ...".
  if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr ||
      dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    size_t colon = what.find(": ");
    std::string name = colon == std::string::npos ? "" : what.substr(0, colon);
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && command != nullptr) {
      if (const CLI::Option* option = OptionSpelled(*command, name)) {
        return prefix + name + " needs a value: " + name + " " + option->get_type_name();
      }
    }
    if (!name.empty() && name.find(' ') == std::string::npos) return prefix + name + " " + what.substr(colon + 2);
  }
  return prefix + what;
}

}  // namespace

CLI::Validator WholeNumber(int low, int high, const std::string& example) {
  return CLI::Validator(
      [low, high, example](std::string& input) -> std::string {
        int value = 0;
        auto [end, code] = std::from_chars(input.data(), input.data() + input.size(), value);
        if (code == std::errc() && end == input.data() + input.size() && value >= low && value <= high) return "";
        return "expects a whole number from " + std::to_string(low) + " to " + std::to_string(high) + " (such as " +
               example + "), not " + Quoted(input);
      },
      "", "whole number");
}

CLI::Validator OneOf(const std::vector<std::string>& names) {
  return CLI::Validator(
      [names](std::string& input) -> std::string {
        if (std::find(names.begin(), names.end(), input) != names.end()) return "";
        return "expects " + Alternatives(names, "or") + ", not " + Quoted(input) + DidYouMean(input, names);
      },
      "", "one of");
}

int ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return -1;
  } catch (const CLI::Success& done) {
    return app.exit(done) == 0 ? kExitSuccess : kExitUsage;  // --help, --version
  } catch (const CLI::ParseError& error) {
    std::vector<std::string> arguments(argv + 1, argv + argc);
    std::fprintf(stderr, "%s\n", VisiblyEscaped(Explain(app, error, arguments)).c_str());
    return kExitUsage;
  }
}

}  // namespace publish::cli
