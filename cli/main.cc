// publish: the command line over libpublish. Parses arguments with CLI11
// and hands each command to its own file; exit codes follow the contract.
//
// A command is one Declare function below (its arguments, options and
// help, returning what runs it) and one line in `commands` in main.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <functional>
#include <memory>

#include "cli/check_reports.h"
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/common.h"

namespace publish::cli {
namespace {

struct Command {
  CLI::App* declared;
  std::function<int()> run;
};

std::string ChannelNames() {
  std::string names;
  for (const auto& name : AvailableChannelNames()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

const char* kSiteHelp = "the site folder (default: the nearest folder at or above this one with site.yaml)";

Command DeclareBuild(CLI::App& app) {
  auto build = std::make_shared<BuildArguments>();
  CLI::App* command = app.add_subcommand("build", "build the site into OUT/<channel>/");
  command->add_option("SITE", build->site, kSiteHelp);
  command->add_option("--out", build->out, "the output folder (default: SITE/_site)")->type_name("DIR");
  // One name per --channel (or a list with commas), so that in
  // "--channel public SITE" the SITE is the site, not a second channel.
  command
      ->add_option("--channel", build->channels,
                   "build only this channel (repeat it, or use commas, for more; channels: " + ChannelNames() + ")")
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->delimiter(',');
  command->add_option("--jobs,-j", build->jobs, "threads to use (default: all cores)")
      ->type_name("N")
      ->check(WholeNumber(1, 256, "--jobs 2"));
  command->add_flag("--strict", build->strict, "treat warnings as errors");
  command->add_flag("--drafts", build->drafts, "also build pages with 'draft: true'");
  command
      ->add_option("--text-width", build->options.text.width,
                   "text channel: wrap at this many columns (0: no wrapping)")
      ->type_name("N")
      ->check(WholeNumber(0, 1000, "--text-width 72"));
  command->add_flag("--audio-wav", build->options.audio.record_wav,
                    "audio channel: also write a WAV file beside each SSML file");
  command->add_flag("--kiosk-listen", build->options.kiosk.record,
                    "kiosk: record every page read aloud for its Listen control (slow the first time; kept "
                    "for the next build in OUT/.publish/recordings/)");
  return {command, [build] { return RunBuild(*build); }};
}

Command DeclareCheck(CLI::App& app) {
  auto check = std::make_shared<CheckArguments>();
  CLI::App* command = app.add_subcommand("check", "check the site's content and links without building");
  command->add_option("SITE", check->site, kSiteHelp);
  command->add_option("--format", check->format, "report format: text (default), json, junit, sarif or github")
      ->type_name("FORMAT")
      ->check(OneOf(ReportFormatNames()));
  command->add_option("--out", check->out, "write the report to this file")->type_name("FILE");
  command->add_flag("--strict", check->strict, "treat warnings as errors");
  command->add_flag("--drafts", check->drafts, "check as if pages with 'draft: true' were published");
  command->add_flag("--external", check->external,
                    "also check every http: and https: address on the web (see link_check: in site.yaml)");
  command
      ->add_option("--cache", check->cache,
                   "with --external: keep verdicts in this file and reuse those younger than "
                   "link_check: cache_hours (temporary failures are never kept)")
      ->type_name("FILE");
  command
      ->add_option("--history", check->history,
                   "with --external, for scheduled runs: a broken address is a warning until it has "
                   "failed link_check: fail_after_runs runs in a row (kept in this file)")
      ->type_name("FILE");
  command->add_flag("--all", check->all,
                    "text and github reports: show every warning, not only the first 10 of each check");
  return {command, [check] { return RunCheck(*check); }};
}

Command DeclareRender(CLI::App& app) {
  auto render = std::make_shared<RenderArguments>();
  CLI::App* command = app.add_subcommand("render", "render one page to standard output");
  command->add_option("FILE", render->file, "a page under SITE/content/")->required();
  command->add_option("--channel", render->channel, "the channel to render for (" + ChannelNames() + ")")
      ->type_name("NAME")
      ->required();
  command->add_option("--site", render->site, "the site folder (default: found above FILE)")->type_name("SITE");
  command->add_option("--width", render->options.text.width, "text channel: wrap at this many columns (0: no wrapping)")
      ->type_name("N")
      ->check(WholeNumber(0, 1000, "--width 72"));
  return {command, [render] { return RunRender(*render); }};
}

Command DeclareNew(CLI::App& app) {
  auto scaffold = std::make_shared<NewArguments>();
  CLI::App* command = app.add_subcommand("new", "write a new page, ready to fill in, that passes publish check");
  command->footer("Example: publish new page content/bins/garden-waste.md --title \"Garden waste\"");
  command->add_option("TYPE", scaffold->type, "page, service or news")
      ->required()
      ->check(OneOf({"page", "service", "news"}));
  command->add_option("PATH", scaffold->path, "the new file, such as content/bins/garden-waste.md")->required();
  command->add_option("--title", scaffold->title, "the page's title")->type_name("TITLE")->required();
  command->add_option("--site", scaffold->site, "the site folder (default: found above PATH)")->type_name("SITE");
  return {command, [scaffold] { return RunNew(*scaffold); }};
}

Command DeclareServe(CLI::App& app) {
  auto serve = std::make_shared<ServeArguments>();
  CLI::App* command =
      app.add_subcommand("serve", "preview every channel in a browser, rebuilt and reloaded on each save");
  command->add_option("SITE", serve->site, kSiteHelp);
  command->add_option("--port", serve->port, "the port to listen on (default: 1313; 0: any free one)")
      ->type_name("N")
      ->check(WholeNumber(0, 65535, "--port 8080"));
  command
      ->add_option("--bind", serve->bind,
                   "the address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 or :: for "
                   "every network, with care: anyone there can read the intranet)")
      ->type_name("ADDR");
  command
      ->add_option("--text-width", serve->options.text.width,
                   "text channel: wrap at this many columns (0: no wrapping)")
      ->type_name("N")
      ->check(WholeNumber(0, 1000, "--text-width 72"));
  return {command, [serve] { return RunServe(*serve); }};
}

}  // namespace
}  // namespace publish::cli

int main(int argc, char** argv) {
  using namespace publish::cli;
  CLI::App app{"publish: one source of truth for every channel a council uses", "publish"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "publish " PUBLISH_VERSION);
  std::vector<Command> commands{DeclareBuild(app), DeclareCheck(app), DeclareRender(app), DeclareNew(app),
                                DeclareServe(app)};
  if (int exit_code = ParseCommandLine(app, argc, argv); exit_code >= 0) return exit_code;
  try {
    for (const Command& command : commands) {
      if (*command.declared) return command.run();
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "publish: internal error: %s\n", error.what());
    return kExitUsage;
  }
  return kExitUsage;
}
