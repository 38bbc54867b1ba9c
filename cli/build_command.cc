#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/common.h"

namespace publish::cli {
namespace {

// Set by SIGINT/SIGTERM: the build stops, removes what it staged, and the
// process then dies by the same signal, as a shell expects. A second
// signal kills at once (the next build cleans up after it).
std::atomic<bool> g_cancel{false};
volatile std::sig_atomic_t g_signal = 0;

void OnSignal(int signal) {
  g_signal = signal;
  g_cancel.store(true);
}

void CatchSignals() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

}  // namespace

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
  std::filesystem::path site = arguments.site;
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
  static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
  options.cancel = &g_cancel;
  CatchSignals();
  BuildResult result = BuildSiteToFolder(site, out, pointers, options, diagnostics);
  PrintDiagnostics(diagnostics);
  if (result.outcome == Outcome::kCancelled) {
    if (show_progress) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "publish: build interrupted; the previous output is unchanged\n");
    if (g_signal != 0) {
      std::signal(g_signal, SIG_DFL);
      std::raise(g_signal);
    }
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
