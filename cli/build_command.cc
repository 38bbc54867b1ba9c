#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/stop_signals.h"

namespace publish::cli {

int RunBuild(const BuildArguments& arguments) {
  auto started = std::chrono::steady_clock::now();
  BuildOptions options;
  options.known_channels = AvailableChannels();
  std::string error;
  if (!Today(options.today, error)) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }
  options.jobs = arguments.jobs > 0 ? arguments.jobs : DefaultJobs();
  options.strict = arguments.strict;
  options.include_drafts = arguments.drafts;
  std::filesystem::path site;
  if (!FindSite("build", arguments.site, site, error)) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }
  std::filesystem::path out = arguments.out.empty() ? site / "_site" : std::filesystem::path(arguments.out);
  ChannelOptions channel_options = arguments.options;
  // Recordings outlive a build in the tool's own folder of the output.
  channel_options.kiosk.recordings_cache = (out / ".publish" / "recordings").string();
  std::vector<std::unique_ptr<Channel>> channels;
  if (!MakeChannels(arguments.channels, channel_options, channels, error)) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }
  std::vector<Channel*> pointers;
  for (auto& channel : channels) pointers.push_back(channel.get());

  bool show_progress = ::isatty(STDERR_FILENO) != 0;
  if (show_progress) {
    options.progress = [started](size_t done, size_t total) {
      if (std::chrono::steady_clock::now() - started < std::chrono::seconds(1)) return;
      std::fprintf(stderr, "\rrendering %zu of %zu pages", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
    };
  }
  Diagnostics diagnostics;
  // On a signal the build stops, removes what it staged, and the process
  // then dies by the same signal; a second one kills at once (the next
  // build cleans up after it).
  StopSignals stop;
  options.cancel = &stop.flag();
  BuildResult result = BuildSiteToFolder(site, out, pointers, options, diagnostics);
  PrintDiagnostics(diagnostics, site);
  if (result.outcome == Outcome::kCancelled) {
    if (show_progress) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "publish: build interrupted; the previous output is unchanged\n");
    stop.RaiseIfStopped();
    return kExitUsage;
  }

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  size_t pages = 0;
  std::string per_channel;
  for (const auto& [name, count] : result.pages_per_channel) {
    pages += count;
    per_channel += (per_channel.empty() ? "" : ", ") + name + " " + std::to_string(count);
  }
  std::string errors = PluralCount(static_cast<size_t>(diagnostics.ErrorCount()), "error", "errors");
  std::string warnings = PluralCount(static_cast<size_t>(diagnostics.WarningCount()), "warning", "warnings");
  if (result.outcome == Outcome::kSuccess) {
    std::fprintf(stderr, "publish: built %s (%s) into %s in %.2f s: %s, %s\n",
                 PluralCount(pages, "page", "pages").c_str(), per_channel.c_str(), out.string().c_str(), seconds,
                 errors.c_str(), warnings.c_str());
  } else {
    std::fprintf(stderr, "publish: build failed in %.2f s: %s, %s; the previous output is unchanged\n", seconds,
                 errors.c_str(), warnings.c_str());
  }
  return ExitCodeFor(result.outcome);
}

}  // namespace publish::cli
