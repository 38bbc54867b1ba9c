// Checking web addresses: does each http: or https: URL still lead
// somewhere? It knows nothing of sites, pages or diagnostics: it takes
// URLs and settings and returns one verdict per URL, with the evidence.
// libcurl's multi interface does the network work, behind this header.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace publish {

// How hard to press one host.
struct HostLimits {
  int max_connections = 2;                                   // at once
  std::chrono::milliseconds min_interval{100};               // between the starts of two requests
  std::vector<std::pair<std::string, std::string>> headers;  // sent with every request to it
};

struct UrlCheckSettings {
  int max_connections = 16;                 // at once, over every host
  HostLimits host;                          // for any host not in `hosts`
  std::map<std::string, HostLimits> hosts;  // by lower-case host name
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{20'000};  // per request
  // Temporary failures (timeouts, resets, 5xx, 429) are tried again this
  // many times, waiting `retry_wait`, then twice that, and so on, or what
  // the server's Retry-After asks, up to `longest_retry_after`; a server
  // that asks for longer is taken to be blocking us.
  int retries = 2;
  std::chrono::milliseconds retry_wait{1'000};
  std::chrono::milliseconds longest_retry_after{60'000};
  int max_redirects = 10;
  // Statuses that count as working besides 2xx (a site may accept 403
  // from a host it knows to wall off robots, say).
  std::vector<int> accepted_statuses;
  // With a fragment ("https://x/page#part"), fetch the page and look for
  // the id; otherwise fragments are ignored.
  bool check_fragments = false;
  size_t longest_page_bytes = 8u << 20;  // read for fragments, at most
  std::string user_agent = "publish-link-checker/1";
};

enum class UrlVerdict {
  kWorks,       // answered 2xx (or an accepted status), after any redirects
  kRedirected,  // works, but the address moved for good (301, 308): use the new one
  kBroken,      // 404, 410, no such host, or a failure that persisted after retries
  kUnverified,  // blocked (401, 403, 429: a bot wall or a login), so neither broken nor working
};

struct UrlCheckResult {
  std::string url;
  UrlVerdict verdict = UrlVerdict::kBroken;
  int status = 0;          // the last HTTP status seen; 0 when none came
  std::string final_url;   // where redirects led (kRedirected: the new address)
  std::string evidence;    // in plain words: "HTTP 404 Not Found", "no such host", "timed out after 20 s, 3 times"
  int attempts = 0;        // requests made for this URL
  bool temporary = false;  // the verdict came from a failure that may pass (never cache it)
  bool cancelled = false;  // not checked: the run was cancelled first (no verdict at all)
};

struct UrlCheckProgress {
  size_t checked = 0;
  size_t total = 0;
  std::map<std::string, size_t> waiting_per_host;
};

class UrlChecker {
 public:
  explicit UrlChecker(UrlCheckSettings settings);

  // Checks every URL (each once, however often it is listed) and returns
  // the results in the order of first appearance. URLs that differ only in
  // their fragment share one request. Only http: and https: are fetched,
  // redirects included; anything else is kBroken at once. `progress`, if
  // set, is called now and then from this thread; `cancel`, if set and
  // true, ends the run early with what is known (the rest kUnverified,
  // "not checked: cancelled").
  std::vector<UrlCheckResult> Check(const std::vector<std::string>& urls,
                                    const std::function<void(const UrlCheckProgress&)>& progress = {},
                                    const std::atomic<bool>* cancel = nullptr) const;

 private:
  UrlCheckSettings settings_;
};

}  // namespace publish
