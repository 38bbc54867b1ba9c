#include "cli/external_check.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "libpublish/base/text.h"
#include "libpublish/checks/external_links.h"

namespace publish::cli {

void RunExternalCheck(const Site& site, Diagnostics& diagnostics) {
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
  ExternalCheckSummary summary = CheckExternalLinks(site, diagnostics, progress);
  if (terminal) std::fprintf(stderr, "\r\x1b[K");
  std::fprintf(
      stderr, "publish: checked %zu web addresses: %zu broken, %zu moved, %zu could not be verified%s\n",
      summary.addresses, summary.broken, summary.moved, summary.unverified,
      summary.excluded > 0 ? (", " + std::to_string(summary.excluded) + " excluded by site.yaml").c_str() : "");
}

}  // namespace publish::cli
