// publish serve: builds every channel into memory, serves it, watches the
// site and rebuilds on each save; browsers reload over Server-Sent Events.
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/serve/http_server.h"
#include "cli/serve/live_site.h"
#include "cli/serve/preview_build.h"
#include "cli/serve/preview_router.h"
#include "cli/serve/site_watcher.h"
#include "cli/stop_signals.h"
#include "libpublish/base/text.h"

namespace publish::cli {
namespace {

// "http://127.0.0.1:1313/"; an IPv6 literal goes in brackets.
std::string AddressOf(const std::string& host, int port) {
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + shown + ":" + std::to_string(port) + "/";
}

// Diagnostics as `build` prints them, then one line on the build.
void Report(const PreviewBuild& build, bool first) {
  PrintDiagnostics(build.diagnostics);
  std::string errors = PluralCount(static_cast<size_t>(build.diagnostics.ErrorCount()), "error", "errors");
  std::string warnings = PluralCount(static_cast<size_t>(build.diagnostics.WarningCount()), "warning", "warnings");
  const char* what = first ? "built" : "rebuilt";
  if (build.outcome == Outcome::kSuccess) {
    std::fprintf(stderr, "publish: %s %s in %.2f s: %s, %s\n", what, PluralCount(build.pages, "page", "pages").c_str(),
                 build.seconds, errors.c_str(), warnings.c_str());
  } else {
    std::fprintf(stderr, "publish: %s with %s, %s in %.2f s; serving the last good output with the errors shown\n",
                 what, errors.c_str(), warnings.c_str(), build.seconds);
  }
  std::fflush(stderr);
}

}  // namespace

int RunServe(const ServeArguments& arguments) {
  std::filesystem::path site;
  std::string error;
  if (!FindSite("serve", arguments.site, site, error)) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }
  PreviewSettings settings;
  settings.site = site;
  settings.jobs = DefaultJobs();
  settings.options = arguments.options;
  std::unique_ptr<PreviewBuilder> builder = PreviewBuilder::Create(settings, error);
  std::unique_ptr<SiteWatcher> watcher = builder ? SiteWatcher::Open(site, error) : nullptr;
  if (watcher == nullptr) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }

  LiveSite live(site);
  PreviewRouter router(live);
  HttpServer server([&router](const HttpRequest& request) { return router.Respond(request); });
  if (!server.Bind(arguments.bind, arguments.port, error)) {
    std::fprintf(stderr, "publish: %s\n", error.c_str());
    return kExitUsage;
  }
  // The first line, so people and scripts (--port 0) find the server.
  std::fprintf(stderr, "publish: serving %s (intranet at %s, kiosk at %s, text and audio at %s); Ctrl-C stops\n",
               AddressOf(arguments.bind, server.port()).c_str(), kIntranetPath, kKioskPath, "/.preview/");
  std::fflush(stderr);

  StopSignals stop;
  PreviewBuild first = builder->Build(&stop.flag());
  if (first.outcome != Outcome::kCancelled) {
    Report(first, true);
    live.Publish(std::move(first));
    server.Start();
  }
  while (!stop.stopped()) {
    if (!watcher->WaitForChange(std::chrono::milliseconds(200), std::chrono::milliseconds(30))) continue;
    std::vector<std::string> changed;
    bool complete = watcher->TakeChangedPaths(changed);
    PreviewBuild build = builder->Build(&stop.flag(), complete ? &changed : nullptr);
    if (build.outcome == Outcome::kCancelled) break;
    Report(build, false);
    live.Publish(std::move(build));
  }
  live.Close();
  server.Stop();
  std::fprintf(stderr, "publish: stopped serving\n");
  stop.RaiseIfStopped();
  return kExitSuccess;
}

}  // namespace publish::cli
