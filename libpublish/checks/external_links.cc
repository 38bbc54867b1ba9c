#include "libpublish/checks/external_links.h"

#include <unordered_map>

namespace publish {

std::vector<ExternalLink> CollectExternalLinks(const Site& site) {
  std::vector<ExternalLink> links;
  std::unordered_map<std::string, size_t> index_of;
  auto add = [&](const std::string& url, const SourcePosition& position) {
    auto [it, added] = index_of.emplace(url, links.size());
    if (added) links.push_back({url, {}});
    links[it->second].positions.push_back(position);
  };
  for (const auto& page : site.pages) {
    // The service's start address comes first in the file (front matter).
    if (page->meta.service && !page->meta.service->apply_url.empty()) {
      add(page->meta.service->apply_url, page->meta.service->apply_url_position);
    }
    for (const auto& link : page->links) {
      if (link.kind == PageLink::Kind::kExternal) add(link.destination, link.position);
    }
  }
  return links;
}

bool MatchesUrlPattern(std::string_view url, std::string_view pattern) {
  // Greedy matching with one backtrack point: linear for '*' patterns.
  size_t u = 0, p = 0, star = std::string_view::npos, resume = 0;
  while (u < url.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = u;
    } else if (p < pattern.size() && pattern[p] == url[u]) {
      ++p;
      ++u;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      u = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

UrlCheckSettings UrlCheckSettingsFor(const SiteConfig& config) {
  const LinkCheckConfig& link_check = config.link_check;
  UrlCheckSettings settings;
  settings.max_connections = link_check.connections;
  settings.total_timeout = std::chrono::seconds(link_check.timeout_seconds);
  settings.connect_timeout = std::min(settings.connect_timeout, settings.total_timeout);
  settings.retries = link_check.retries;
  settings.accepted_statuses = link_check.accept;
  settings.check_fragments = link_check.check_fragments;
  auto limits = [](const LinkCheckHost& host) {
    HostLimits out;
    out.max_connections = host.connections;
    out.min_interval = std::chrono::milliseconds(host.interval_ms);
    out.headers = host.headers;
    return out;
  };
  settings.host = limits(link_check.per_host);
  for (const auto& host : link_check.hosts) settings.hosts[host.host] = limits(host);
  return settings;
}

ExternalCheckSummary CheckExternalLinks(const Site& site, Diagnostics& diagnostics,
                                        const ExternalCheckOptions& options) {
  ExternalCheckSummary summary;
  const LinkCheckConfig& config = site.config.link_check;
  UrlCheckSettings settings = UrlCheckSettingsFor(site.config);
  int64_t max_age = int64_t{config.cache_hours} * 3600;
  std::vector<ExternalLink> checked;
  std::vector<std::optional<UrlCheckResult>> results;
  std::vector<std::string> keys;
  std::vector<std::string> to_fetch;
  for (auto& link : CollectExternalLinks(site)) {
    bool excluded = false;
    for (const auto& pattern : config.exclude) excluded = excluded || MatchesUrlPattern(link.url, pattern.value);
    if (excluded) {
      ++summary.excluded;
      continue;
    }
    keys.push_back(VerdictSettingsKey(settings, link.url));
    results.push_back(options.cache != nullptr ? options.cache->Find(link.url, keys.back(), options.now, max_age)
                                               : std::nullopt);
    if (results.back()) {
      ++summary.from_cache;
    } else {
      to_fetch.push_back(link.url);
    }
    checked.push_back(std::move(link));
  }
  summary.addresses = checked.size();
  std::vector<UrlCheckResult> fetched = UrlChecker(settings).Check(to_fetch, options.progress, options.cancel);
  size_t next_fetched = 0;
  for (size_t i = 0; i < checked.size(); ++i) {
    bool fresh = !results[i];
    if (fresh) {
      if (next_fetched >= fetched.size()) break;
      results[i] = fetched[next_fetched++];
      // Cancelled before it was asked: no verdict, so nothing to report,
      // cache or count (the cache and history keep what they knew).
      if (results[i]->cancelled) {
        ++summary.not_checked;
        continue;
      }
      if (options.cache != nullptr) options.cache->Store(*results[i], keys[i], options.now);
    }
    const UrlCheckResult& result = *results[i];
    // A verdict from the cache is no new run of the address: it does not
    // add to its failures in a row.
    int failures = 0;
    if (options.history != nullptr) {
      failures = fresh ? options.history->Record(result.url, result.verdict == UrlVerdict::kBroken, options.now)
                       : options.history->FailuresInARow(result.url);
    }
    bool failing_not_yet_broken =
        options.history != nullptr && result.verdict == UrlVerdict::kBroken && failures < config.fail_after_runs;
    for (const auto& position : checked[i].positions) {
      switch (result.verdict) {
        case UrlVerdict::kWorks:
          break;
        case UrlVerdict::kBroken:
          if (failing_not_yet_broken) {
            diagnostics.Warning(position,
                                "the link to " + result.url + " failed (" + result.evidence + ") in " +
                                    std::to_string(failures) + (failures == 1 ? " run" : " runs in a row") +
                                    "; it counts as broken after " + std::to_string(config.fail_after_runs) +
                                    " (link_check: fail_after_runs)",
                                checks::kExternalLinkFailing);
          } else {
            diagnostics.Error(position,
                              "the link to " + result.url + " is broken (" + result.evidence +
                                  (failures > 1 ? ", in " + std::to_string(failures) + " runs in a row" : "") +
                                  "); correct the address or remove the link",
                              checks::kExternalLinkBroken);
          }
          break;
        case UrlVerdict::kRedirected:
          diagnostics.Warning(position,
                              result.url + " has moved for good to " + result.final_url + "; link to the new address",
                              checks::kExternalLinkMoved);
          break;
        case UrlVerdict::kUnverified:
          diagnostics.Warning(position,
                              "could not check " + result.url + ": " + result.evidence +
                                  "; open it in a browser, and if it works add the status to 'link_check: accept' "
                                  "or the address to 'link_check: exclude' in site.yaml",
                              checks::kExternalLinkUnverified);
          break;
      }
    }
    if (result.verdict == UrlVerdict::kBroken) ++(failing_not_yet_broken ? summary.failing : summary.broken);
    if (result.verdict == UrlVerdict::kRedirected) ++summary.moved;
    if (result.verdict == UrlVerdict::kUnverified) ++summary.unverified;
  }
  if (options.cache != nullptr) options.cache->DropOlderThan(options.now, max_age);
  if (options.history != nullptr && summary.not_checked == 0) {
    std::vector<std::string> linked;
    for (const auto& link : checked) linked.push_back(link.url);
    options.history->KeepOnly(linked);
  }
  return summary;
}

}  // namespace publish
