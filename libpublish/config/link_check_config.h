// The `link_check:` settings of site.yaml: how `publish check --external`
// treats the web addresses a site links to.
//
//   link_check:
//     accept: [403]                       # statuses that count as working
//     exclude: ["https://www.facebook.com/*"]   # never fetched; * is any run
//     check_fragments: true               # look for #part in linked pages
//     timeout_seconds: 20                 # per request
//     retries: 2                          # for temporary failures
//     connections: 16                     # at once, over every host
//     per_host: {connections: 2, interval_ms: 100}
//     cache_hours: 24                     # with --cache: how long a verdict holds
//     fail_after_runs: 3                  # with --history: failures in a row before an error
//     hosts:                              # overrides for some hosts
//       www.gov.uk: {connections: 1, interval_ms: 1000, headers: {X-Api-Key: abc}}
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "libpublish/config/yaml_fields.h"

namespace publish {

struct LinkCheckHost {
  std::string host;  // lower case
  int connections = 2;
  int interval_ms = 100;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct LinkCheckConfig {
  std::vector<int> accept;
  std::vector<PositionedString> exclude;
  bool check_fragments = false;
  int timeout_seconds = 20;
  int retries = 2;
  int connections = 16;
  LinkCheckHost per_host;  // any host not in `hosts`
  int cache_hours = 24;
  int fail_after_runs = 3;
  std::vector<LinkCheckHost> hosts;
};

// Reads the mapping under `link_check` (null: the defaults), reporting
// every problem at its key or value.
LinkCheckConfig ReadLinkCheckConfig(const YamlNode* node, const std::string& file, Diagnostics& diagnostics);

}  // namespace publish
