// `publish check --external`: every http: and https: address a site gives
// its readers, checked on the web once each and reported at every place it
// is written. The fetching is the URL checker's (libpublish/net); this
// part knows the site: where addresses are written and what site.yaml's
// `link_check:` says.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"
#include "libpublish/net/url_checker.h"
#include "libpublish/net/url_memory.h"

namespace publish {

// One address and every place a source file gives it.
struct ExternalLink {
  std::string url;
  std::vector<SourcePosition> positions;  // in source order
};

// Links and images in page bodies and services' apply_url, in site order.
std::vector<ExternalLink> CollectExternalLinks(const Site& site);

// Whether `url` matches a `link_check: exclude` pattern ('*' matches any
// run of characters, everything else itself).
bool MatchesUrlPattern(std::string_view url, std::string_view pattern);

// The settings the checker takes from site.yaml's `link_check:`.
UrlCheckSettings UrlCheckSettingsFor(const SiteConfig& config);

struct ExternalCheckOptions {
  std::function<void(const UrlCheckProgress&)> progress;
  const std::atomic<bool>* cancel = nullptr;
  int64_t now = 0;  // Unix seconds, for the cache and the history
  // Verdicts younger than link_check.cache_hours are taken from here, and
  // this run's are kept in it.
  UrlResultCache* cache = nullptr;
  // For scheduled runs: a broken address is a warning until it has failed
  // link_check.fail_after_runs runs in a row, then an error.
  UrlFailureHistory* history = nullptr;
};

struct ExternalCheckSummary {
  size_t addresses = 0;  // distinct, excluded ones not counted
  size_t excluded = 0;
  size_t from_cache = 0;
  size_t not_checked = 0;                                     // the run was cancelled before they were asked
  size_t broken = 0, failing = 0, moved = 0, unverified = 0;  // failing: broken, not yet for long enough
};

// Checks every address, adding for each place it is written an error when
// it is broken and a warning when it moved for good or could not be
// verified (blocked, rate limited).
ExternalCheckSummary CheckExternalLinks(const Site& site, Diagnostics& diagnostics,
                                        const ExternalCheckOptions& options = {});

}  // namespace publish
