#include "cli/external_check.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "cli/common.h"
#include "cli/stop_signals.h"
#include "libpublish/base/text.h"
#include "libpublish/checks/external_links.h"

namespace publish::cli {

namespace {

// The file's text, "" when it does not exist yet; false when it cannot be read.
bool ReadIfThere(const std::string& path, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return true;
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

}  // namespace

bool RunExternalCheck(const Site& site, const ExternalCheckFiles& files, Diagnostics& diagnostics) {
  ExternalCheckOptions options;
  options.now = static_cast<int64_t>(std::time(nullptr));
  UrlResultCache cache;
  UrlFailureHistory history;
  for (const auto* path : {&files.cache, &files.history}) {
    if (path->empty()) continue;
    std::string text, error, problem;
    if (!ReadIfThere(*path, text, error)) {
      std::fprintf(stderr, "publish: cannot read %s: %s\n", VisiblyEscaped(*path).c_str(), error.c_str());
      return false;
    }
    if (path == &files.cache) {
      cache = UrlResultCache::FromJson(text, &problem);
      options.cache = &cache;
    } else {
      history = UrlFailureHistory::FromJson(text, &problem);
      options.history = &history;
    }
    if (!problem.empty()) {
      std::fprintf(stderr, "publish: %s is %s; starting it afresh\n", VisiblyEscaped(*path).c_str(), problem.c_str());
    }
  }
  bool terminal = ::isatty(STDERR_FILENO) != 0;
  std::function<void(const UrlCheckProgress&)> progress;
  if (terminal) {
    progress = [](const UrlCheckProgress& state) {
      std::vector<std::pair<size_t, std::string>> busiest;
      for (const auto& [host, waiting] : state.waiting_per_host) busiest.emplace_back(waiting, host);
      std::sort(busiest.rbegin(), busiest.rend());
      std::string queues;
      for (size_t i = 0; i < busiest.size() && i < 3; ++i) {
        queues += (i ? ", " : "") + VisiblyEscaped(busiest[i].second) + " " + std::to_string(busiest[i].first);
      }
      std::string line = "publish: checked " + std::to_string(state.checked) + " of " + std::to_string(state.total) +
                         " web addresses" + (queues.empty() ? "" : "; waiting: " + queues);
      // \r and clear-to-end: one line that updates in place.
      std::fprintf(stderr, "\r%s\x1b[K", line.substr(0, 160).c_str());
      std::fflush(stderr);
    };
  }
  options.progress = progress;
  // On a signal the check stops asking, keeps what it learnt in the cache
  // and history files, and the process then dies by the same signal.
  StopSignals stop;
  options.cancel = &stop.flag();
  ExternalCheckSummary summary = CheckExternalLinks(site, diagnostics, options);
  if (terminal) std::fprintf(stderr, "\r\x1b[K");
  std::string line = "publish: checked " + PluralCount(summary.addresses, "web address", "web addresses") + ": " +
                     std::to_string(summary.broken) + " broken, ";
  if (options.history != nullptr) line += std::to_string(summary.failing) + " failing, ";
  line += std::to_string(summary.moved) + " moved, " + std::to_string(summary.unverified) + " could not be verified";
  if (summary.excluded > 0) line += ", " + std::to_string(summary.excluded) + " excluded by site.yaml";
  if (options.cache != nullptr) line += ", " + std::to_string(summary.from_cache) + " from the cache";
  if (summary.not_checked > 0) line += "; cancelled with " + std::to_string(summary.not_checked) + " not checked";
  std::fprintf(stderr, "%s\n", line.c_str());
  for (const auto& [path, text] : {std::pair{&files.cache, options.cache ? cache.ToJson() : std::string()},
                                   std::pair{&files.history, options.history ? history.ToJson() : std::string()}}) {
    if (path->empty()) continue;
    if (std::string error; !WriteWholeFile(*path, text, error)) {
      std::fprintf(stderr, "publish: cannot write %s: %s\n", VisiblyEscaped(*path).c_str(), error.c_str());
      return false;
    }
  }
  stop.RaiseIfStopped();
  return true;
}

}  // namespace publish::cli
