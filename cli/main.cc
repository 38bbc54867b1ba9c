// publish: the command line over libpublish. Parses arguments with CLI11
// and hands each command to its own file; exit codes follow the contract.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "cli/check_reports.h"
#include "cli/commands.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  using namespace publish::cli;
  CLI::App app{"publish: one source of truth for every channel a council uses", "publish"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "publish " PUBLISH_VERSION);

  BuildArguments build;
  CLI::App* build_command = app.add_subcommand("build", "build the site into OUT/<channel>/");
  build_command->add_option("SITE", build.site, "the site folder (default: the current folder)");
  build_command->add_option("--out", build.out, "the output folder (default: SITE/_site)");
  std::string channel_names;
  for (const auto& name : publish::AvailableChannelNames()) channel_names += (channel_names.empty() ? "" : ", ") + name;
  build_command->add_option("--channel", build.channels,
                            "build only this channel (repeatable; channels: " + channel_names + ")");
  build_command->add_option("--jobs,-j", build.jobs, "threads to use (default: all cores)")->check(CLI::Range(1, 256));
  build_command->add_flag("--strict", build.strict, "treat warnings as errors");
  build_command->add_flag("--drafts", build.drafts, "also build pages with 'draft: true'");
  build_command
      ->add_option("--text-width", build.options.text.width, "text channel: wrap at this many columns (0: no wrapping)")
      ->check(CLI::Range(0, 1000));
  build_command->add_flag("--audio-wav", build.options.audio.record_wav,
                          "audio channel: also write a WAV file beside each SSML file");
  build_command->add_flag("--kiosk-listen", build.options.kiosk.record,
                          "kiosk: record every page read aloud for its Listen control (slow the first time; kept "
                          "for the next build in OUT/.publish/recordings/)");

  CheckArguments check;
  CLI::App* check_command = app.add_subcommand("check", "check the site's content and links without building");
  check_command->add_option("SITE", check.site, "the site folder (default: the current folder)");
  check_command->add_option("--format", check.format, "report format: text (default), json, junit, sarif or github")
      ->check(CLI::IsMember(ReportFormatNames()));
  check_command->add_option("--out", check.out, "write the report to this file");
  check_command->add_flag("--strict", check.strict, "treat warnings as errors");
  check_command->add_flag("--drafts", check.drafts, "check as if pages with 'draft: true' were published");
  check_command->add_flag("--external", check.external,
                          "also check every http: and https: address on the web (see link_check: in site.yaml)");
  check_command->add_option("--cache", check.cache,
                            "with --external: keep verdicts in this file and reuse those younger than "
                            "link_check: cache_hours (temporary failures are never kept)");
  check_command->add_option("--history", check.history,
                            "with --external, for scheduled runs: a broken address is a warning until it has "
                            "failed link_check: fail_after_runs runs in a row (kept in this file)");
  check_command->add_flag("--all", check.all,
                          "text and github reports: show every warning, not only the first 10 of each check");

  RenderArguments render;
  CLI::App* render_command = app.add_subcommand("render", "render one page to standard output");
  render_command->add_option("FILE", render.file, "a page under SITE/content/")->required();
  render_command->add_option("--channel", render.channel, "the channel to render for")->required();
  render_command->add_option("--site", render.site, "the site folder (default: found above FILE)");
  render_command
      ->add_option("--width", render.options.text.width, "text channel: wrap at this many columns (0: no wrapping)")
      ->check(CLI::Range(0, 1000));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitSuccess : kExitUsage;
  }
  try {
    if (*build_command) return RunBuild(build);
    if (*check_command) return RunCheck(check);
    if (*render_command) return RunRender(render);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "publish: internal error: %s\n", error.what());
    return kExitUsage;
  }
  return kExitUsage;
}
