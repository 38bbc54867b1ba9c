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
                                        const std::function<void(const UrlCheckProgress&)>& progress,
                                        const std::atomic<bool>* cancel) {
  ExternalCheckSummary summary;
  std::vector<ExternalLink> links = CollectExternalLinks(site);
  std::vector<ExternalLink> checked;
  std::vector<std::string> urls;
  for (auto& link : links) {
    bool excluded = false;
    for (const auto& pattern : site.config.link_check.exclude)
      excluded = excluded || MatchesUrlPattern(link.url, pattern.value);
    if (excluded) {
      ++summary.excluded;
      continue;
    }
    urls.push_back(link.url);
    checked.push_back(std::move(link));
  }
  summary.addresses = checked.size();
  std::vector<UrlCheckResult> results = UrlChecker(UrlCheckSettingsFor(site.config)).Check(urls, progress, cancel);
  for (size_t i = 0; i < checked.size() && i < results.size(); ++i) {
    const UrlCheckResult& result = results[i];
    for (const auto& position : checked[i].positions) {
      switch (result.verdict) {
        case UrlVerdict::kWorks:
          break;
        case UrlVerdict::kBroken:
          diagnostics.Error(position,
                            "the link to " + result.url + " is broken (" + result.evidence +
                                "); correct the address or remove the link",
                            checks::kExternalLinkBroken);
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
    if (result.verdict == UrlVerdict::kBroken) ++summary.broken;
    if (result.verdict == UrlVerdict::kRedirected) ++summary.moved;
    if (result.verdict == UrlVerdict::kUnverified) ++summary.unverified;
  }
  return summary;
}

}  // namespace publish
