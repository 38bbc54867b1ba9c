#include "libpublish/net/url_checker.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace publish {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// RAII for libcurl's handles.
struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

void InitialiseCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// Keeps what a server sends in a form safe to show: printable ASCII only.
std::string Printable(std::string_view text, size_t limit = 80) {
  std::string out;
  for (char c : text) {
    if (out.size() >= limit) break;
    if (c >= 0x20 && c < 0x7f) out += c;
  }
  return out;
}

struct ParsedUrl {
  std::string without_fragment;
  std::string host;  // lower case
  std::string fragment;
};

// libcurl's own parser, so the address we check is the one it would fetch.
std::optional<ParsedUrl> ParseUrl(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return std::nullopt;
  auto part = [&](CURLUPart which, unsigned flags = 0) -> std::optional<std::string> {
    char* text = nullptr;
    if (curl_url_get(handle.get(), which, &text, flags) != CURLUE_OK || text == nullptr) return std::nullopt;
    CurlString owned(text);
    return std::string(text);
  };
  auto scheme = part(CURLUPART_SCHEME);
  auto host = part(CURLUPART_HOST);
  if (!scheme || !host || (*scheme != "http" && *scheme != "https") || host->empty()) return std::nullopt;
  ParsedUrl parsed;
  parsed.host = Lowered(*host);
  parsed.fragment = part(CURLUPART_FRAGMENT, CURLU_URLDECODE).value_or("");
  curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0);
  auto whole = part(CURLUPART_URL);
  if (!whole) return std::nullopt;
  parsed.without_fragment = *whole;
  return parsed;
}

std::string Seconds(milliseconds duration) {
  long long tenths = (duration.count() + 50) / 100;
  std::string text = std::to_string(tenths / 10);
  if (tenths % 10 != 0) text += "." + std::to_string(tenths % 10);
  return text + " s";
}

std::string Times(int attempts) {
  return attempts == 1 ? "once" : attempts == 2 ? "twice" : std::to_string(attempts) + " times";
}

// Whether a fetched HTML page has an element with this id (or an <a name>,
// which older pages use for anchors). Tolerant on purpose: any quoting.
bool HtmlHasAnchor(std::string_view html, const std::string& fragment) {
  for (std::string_view attribute : {"id", "name"}) {
    for (std::string_view quote : {"\"", "'", ""}) {
      std::string needle = std::string(attribute) + "=" + std::string(quote) + fragment;
      for (size_t at = html.find(needle); at != std::string_view::npos; at = html.find(needle, at + 1)) {
        char before = at > 0 ? html[at - 1] : ' ';
        if (std::isalnum(static_cast<unsigned char>(before)) || before == '-' || before == '_' || before == ':') {
          continue;  // "data-id=", "aria-name="
        }
        size_t end = at + needle.size();
        if (end >= html.size()) continue;
        char next = html[end];
        if (quote.empty() ? (next == ' ' || next == '>' || next == '/' || next == '\t' || next == '\n')
                          : next == quote[0]) {
          return true;
        }
      }
    }
  }
  return false;
}

// One address to fetch: the URLs given that differ only in fragment.
struct Target {
  std::string url;  // without fragment
  std::string host;
  std::vector<size_t> inputs;  // indexes into the results
  bool wants_body = false;     // fragments to look for in the page
  bool use_get = false;        // HEAD first, unless the body is wanted
  int attempts = 0;            // requests made, HEAD included
  int retries_used = 0;
  Clock::time_point not_before{};
  bool done = false;
  UrlCheckResult result;
  std::string body;  // wants_body: the page as fetched
  std::string content_type;
};

struct HostQueue {
  HostLimits limits;
  std::deque<size_t> waiting;  // targets
  int active = 0;
  Clock::time_point next_start{};
};

struct Transfer {
  size_t target = 0;
  std::unique_ptr<CURL, EasyDeleter> easy;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  std::vector<std::pair<int, std::string>> statuses;  // every status line: code, reason
  std::vector<std::string> wall_signs;                // headers that say a bot wall answered
  std::string body;
  size_t body_limit = 0;
  bool cut_on_purpose = false;
  char error[CURL_ERROR_SIZE] = {};
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      int code = std::atoi(std::string(line.substr(space + 1, 3)).c_str());
      size_t reason = line.find(' ', space + 1);
      transfer->statuses.emplace_back(code, reason == std::string_view::npos ? "" : Printable(line.substr(reason + 1)));
      transfer->wall_signs.clear();  // a new response: its own headers
    }
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name = Lowered(line.substr(0, colon));
  std::string value = Printable(line.substr(colon + 1));
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  std::string lowered_value = Lowered(value);
  if (name == "cf-mitigated" || name == "x-amzn-waf-action" || name == "x-datadome" || name == "x-sucuri-block" ||
      (name == "server" && (lowered_value.find("cloudflare") != std::string::npos ||
                            lowered_value.find("akamaighost") != std::string::npos ||
                            lowered_value.find("ddos-guard") != std::string::npos))) {
    transfer->wall_signs.push_back(name + ": " + value);
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  size_t room = transfer->body_limit - std::min(transfer->body_limit, transfer->body.size());
  transfer->body.append(data, std::min(room, bytes));
  if (bytes > room) {
    transfer->cut_on_purpose = true;  // enough read: stop the transfer
    return 0;
  }
  return bytes;
}

// Signs in a page that it is a challenge for robots, not the page itself.
std::vector<std::string> WallWords(const std::string& body) {
  std::string lowered = Lowered(std::string_view(body).substr(0, 64 << 10));
  std::vector<std::string> found;
  for (const char* word : {"captcha", "are you a robot", "are you human", "checking your browser", "access denied",
                           "bot detection", "just a moment"}) {
    if (lowered.find(word) != std::string::npos) found.push_back(std::string("'") + word + "' in the page");
  }
  return found;
}

class CheckRun {
 public:
  CheckRun(const UrlCheckSettings& settings, const std::function<void(const UrlCheckProgress&)>& progress,
           const std::atomic<bool>* cancel)
      : settings_(settings), progress_(progress), cancel_(cancel), multi_(curl_multi_init()) {}
  CheckRun(const CheckRun&) = delete;
  CheckRun& operator=(const CheckRun&) = delete;
  // Requests still running (a cancelled run) leave the multi handle before
  // either is cleaned up.
  ~CheckRun() {
    for (auto& transfer : transfers_) curl_multi_remove_handle(multi_.get(), transfer->easy.get());
    transfers_.clear();
  }

  std::vector<UrlCheckResult> Run(const std::vector<std::string>& urls) {
    std::vector<UrlCheckResult> results;
    std::unordered_map<std::string, size_t> result_of_url;
    std::unordered_map<std::string, size_t> target_of_url;
    std::vector<std::string> fragments;  // per result
    for (const auto& url : urls) {
      if (!result_of_url.emplace(url, results.size()).second) continue;
      UrlCheckResult result;
      result.url = url;
      result.final_url = url;
      auto parsed = ParseUrl(url);
      if (!parsed) {
        result.evidence = "not a web address that starts with http:// or https://";
        results.push_back(std::move(result));
        fragments.emplace_back();
        continue;
      }
      auto [it, added] = target_of_url.emplace(parsed->without_fragment, targets_.size());
      if (added) {
        Target target;
        target.url = parsed->without_fragment;
        target.host = parsed->host;
        targets_.push_back(std::move(target));
        Queue(parsed->host).waiting.push_back(it->second);
      }
      Target& target = targets_[it->second];
      target.inputs.push_back(results.size());
      if (settings_.check_fragments && !parsed->fragment.empty()) target.wants_body = target.use_get = true;
      fragments.push_back(settings_.check_fragments ? parsed->fragment : "");
      results.push_back(std::move(result));
    }
    progress_state_.total = targets_.size();
    if (!multi_) {
      for (auto& target : targets_)
        Conclude(target, UrlVerdict::kUnverified, "not checked: libcurl did not start", true);
    } else {
      Loop();
    }
    for (auto& target : targets_) {
      for (size_t input : target.inputs) {
        UrlCheckResult& result = results[input];
        std::string url = std::move(result.url);
        result = target.result;
        result.url = std::move(url);
        const std::string& fragment = fragments[input];
        if (fragment.empty() || (result.verdict != UrlVerdict::kWorks && result.verdict != UrlVerdict::kRedirected)) {
          continue;
        }
        if (Lowered(target.content_type).find("html") == std::string::npos) continue;  // no ids to look for
        if (!HtmlHasAnchor(target.body, fragment)) {
          result.verdict =
              target.body.size() >= settings_.longest_page_bytes ? UrlVerdict::kUnverified : UrlVerdict::kBroken;
          result.evidence = target.body.size() >= settings_.longest_page_bytes
                                ? "the page is longer than the " + std::to_string(settings_.longest_page_bytes >> 20) +
                                      " MB read, and no element with id '" + Printable(fragment) + "' came before"
                                : "the page has no element with id '" + Printable(fragment) + "'";
        }
      }
    }
    return results;
  }

 private:
  HostQueue& Queue(const std::string& host) {
    auto [it, added] = hosts_.try_emplace(host);
    if (added) {
      auto limits = settings_.hosts.find(host);
      it->second.limits = limits == settings_.hosts.end() ? settings_.host : limits->second;
      it->second.limits.max_connections = std::max(1, it->second.limits.max_connections);
    }
    return it->second;
  }

  bool Cancelled() const { return cancel_ != nullptr && cancel_->load(std::memory_order_relaxed); }

  void Loop() {
    auto last_progress = Clock::now();
    while (progress_state_.checked < targets_.size()) {
      if (Cancelled()) {
        for (auto& target : targets_) {
          if (!target.done) {
            Conclude(target, UrlVerdict::kUnverified, "not checked: cancelled", true);
            target.result.cancelled = true;
          }
        }
        break;
      }
      milliseconds wait = StartWhatMay();
      int running = 0;
      curl_multi_perform(multi_.get(), &running);
      Collect();
      if (progress_state_.checked >= targets_.size()) break;
      if (progress_ && Clock::now() - last_progress > milliseconds(250)) {
        last_progress = Clock::now();
        Report();
      }
      curl_multi_poll(multi_.get(), nullptr, 0, static_cast<int>(std::clamp<long long>(wait.count(), 0, 250)), nullptr);
    }
    if (progress_) Report();
  }

  void Report() {
    progress_state_.waiting_per_host.clear();
    for (const auto& [host, queue] : hosts_) {
      if (!queue.waiting.empty() || queue.active > 0) {
        progress_state_.waiting_per_host[host] = queue.waiting.size() + static_cast<size_t>(queue.active);
      }
    }
    progress_(progress_state_);
  }

  // Starts every request the limits allow now; returns how long until the
  // next one could start.
  milliseconds StartWhatMay() {
    auto now = Clock::now();
    milliseconds wait(250);
    for (auto& [host, queue] : hosts_) {
      while (!queue.waiting.empty() && active_ < settings_.max_connections &&
             queue.active < queue.limits.max_connections) {
        if (queue.next_start > now) {
          wait = std::min(wait, std::chrono::duration_cast<milliseconds>(queue.next_start - now) + milliseconds(1));
          break;
        }
        auto ready = std::find_if(queue.waiting.begin(), queue.waiting.end(),
                                  [&](size_t index) { return targets_[index].not_before <= now; });
        if (ready == queue.waiting.end()) {
          for (size_t index : queue.waiting) {
            wait = std::min(
                wait, std::chrono::duration_cast<milliseconds>(targets_[index].not_before - now) + milliseconds(1));
          }
          break;
        }
        size_t index = *ready;
        queue.waiting.erase(ready);
        queue.next_start = now + queue.limits.min_interval;
        if (Start(index, queue)) {
          ++queue.active;
          ++active_;
        }
      }
    }
    return wait;
  }

  bool Start(size_t index, HostQueue& queue) {
    Target& target = targets_[index];
    auto transfer = std::make_unique<Transfer>();
    transfer->target = index;
    transfer->easy.reset(curl_easy_init());
    if (!transfer->easy) {
      Conclude(target, UrlVerdict::kUnverified, "not checked: libcurl could not make a request", true);
      return false;
    }
    ++target.attempts;
    CURL* easy = transfer->easy.get();
    transfer->body_limit = target.wants_body ? settings_.longest_page_bytes : 64u << 10;
    curl_easy_setopt(easy, CURLOPT_URL, target.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOBODY, target.use_get ? 0L : 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(settings_.max_redirects));
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.total_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, settings_.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(easy, CURLOPT_COOKIEFILE, "");       // cookies in memory, for this request's redirects only
    curl_easy_setopt(easy, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED));
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    curl_slist* headers = curl_slist_append(nullptr, "Accept: text/html,application/xhtml+xml,*/*;q=0.8");
    for (const auto& [name, value] : queue.limits.headers) {
      if (headers != nullptr) headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    transfer->headers.reset(headers);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    if (curl_multi_add_handle(multi_.get(), easy) != CURLM_OK) {
      Conclude(target, UrlVerdict::kUnverified, "not checked: libcurl could not start the request", true);
      return false;
    }
    transfers_.push_back(std::move(transfer));
    return true;
  }

  void Collect() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      CURLcode code = message->data.result;
      Transfer* raw = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
      curl_multi_remove_handle(multi_.get(), easy);
      auto owned = std::find_if(transfers_.begin(), transfers_.end(), [&](const auto& t) { return t.get() == raw; });
      std::unique_ptr<Transfer> transfer = std::move(*owned);
      transfers_.erase(owned);
      HostQueue& queue = Queue(targets_[transfer->target].host);
      --queue.active;
      --active_;
      Judge(*transfer, code, queue);
    }
  }

  void Conclude(Target& target, UrlVerdict verdict, std::string evidence, bool temporary) {
    if (target.done) return;
    target.done = true;
    target.result.verdict = verdict;
    target.result.evidence = std::move(evidence);
    target.result.temporary = temporary;
    target.result.attempts = target.attempts;
    ++progress_state_.checked;
  }

  // Queues the target again after a temporary failure, if retries are left.
  bool Retry(Target& target, HostQueue& queue, milliseconds asked_wait) {
    if (target.retries_used >= settings_.retries) return false;
    milliseconds backoff = settings_.retry_wait * (1 << std::min(target.retries_used, 10));
    milliseconds wait = std::max(backoff, asked_wait);
    ++target.retries_used;
    target.not_before = Clock::now() + wait;
    if (asked_wait.count() > 0) queue.next_start = std::max(queue.next_start, target.not_before);  // the host asked
    queue.waiting.push_back(static_cast<size_t>(&target - targets_.data()));
    return true;
  }

  void AgainWithGet(Target& target, HostQueue& queue) {
    target.use_get = true;
    queue.waiting.push_front(static_cast<size_t>(&target - targets_.data()));
  }

  void Judge(Transfer& transfer, CURLcode code, HostQueue& queue) {
    Target& target = targets_[transfer.target];
    CURL* easy = transfer.easy.get();
    if (code == CURLE_WRITE_ERROR && transfer.cut_on_purpose) code = CURLE_OK;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    target.result.status = static_cast<int>(status);
    if (code != CURLE_OK) return JudgeFailure(transfer, code, queue);

    char* effective = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr) target.result.final_url = effective;
    std::string reason = transfer.statuses.empty() ? "" : transfer.statuses.back().second;
    std::string said = "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
    bool accepted = (status >= 200 && status < 300) ||
                    std::find(settings_.accepted_statuses.begin(), settings_.accepted_statuses.end(), status) !=
                        settings_.accepted_statuses.end();
    if (accepted) {
      char* type = nullptr;
      curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
      target.content_type = type != nullptr ? type : "";
      target.body = std::move(transfer.body);
      // Moved for good when the first answer was a permanent redirect.
      int first = transfer.statuses.empty() ? 0 : transfer.statuses.front().first;
      if ((first == 301 || first == 308) && target.result.final_url != target.url) {
        return Conclude(target, UrlVerdict::kRedirected,
                        "moved permanently (HTTP " + std::to_string(first) + ") to " + target.result.final_url, false);
      }
      return Conclude(target, UrlVerdict::kWorks, said, false);
    }
    // Servers that refuse HEAD, or lie with it, get the same question as
    // GET (after the wait a busy server asks for).
    if (!target.use_get && status != 429 && status != 503) return AgainWithGet(target, queue);
    target.use_get = true;
    std::vector<std::string> signs = transfer.wall_signs;
    for (auto& word : WallWords(transfer.body)) signs.push_back(std::move(word));
    std::string sign_text;
    for (const auto& sign : signs) sign_text += (sign_text.empty() ? "" : ", ") + sign;
    if (status == 429 || status == 503) {
      curl_off_t retry_after = 0;
      curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after);
      milliseconds asked(retry_after * 1000);
      bool walled = status == 503 && !signs.empty();
      if (!walled && asked <= settings_.longest_retry_after && Retry(target, queue, asked)) return;
      if (status == 429 || walled) {
        std::string why = said + (asked.count() > 0 ? ", asked to wait " + Seconds(asked) : "") + " after " +
                          Times(target.attempts) + (sign_text.empty() ? "" : " (" + sign_text + ")");
        return Conclude(target, UrlVerdict::kUnverified, "rate limited or blocked: " + why, true);
      }
      return Conclude(target, UrlVerdict::kBroken, said + ", " + Times(target.attempts), true);
    }
    if (status == 401 || status == 403) {
      std::string why = said + (sign_text.empty() ? "" : "; looks like a bot wall (" + sign_text + ")");
      return Conclude(target, UrlVerdict::kUnverified, "blocked: " + why, false);
    }
    if (status >= 500) {
      if (Retry(target, queue, milliseconds(0))) return;
      return Conclude(target, UrlVerdict::kBroken, said + ", " + Times(target.attempts), true);
    }
    if (status >= 300 && status < 400) {
      return Conclude(target, UrlVerdict::kBroken, said + " without a Location to go to", false);
    }
    Conclude(target, UrlVerdict::kBroken, said, false);
  }

  void JudgeFailure(Transfer& transfer, CURLcode code, HostQueue& queue) {
    Target& target = targets_[transfer.target];
    bool temporary = false;
    bool head_trouble = false;  // a failure GET may not share
    std::string why;
    switch (code) {
      case CURLE_COULDNT_RESOLVE_HOST:
        return Conclude(target, UrlVerdict::kBroken, "no such host: " + target.host, true);
      case CURLE_OPERATION_TIMEDOUT:
        temporary = true;
        why = "timed out after " + Seconds(settings_.total_timeout);
        break;
      case CURLE_COULDNT_CONNECT:
        temporary = true;
        why = "could not connect";
        break;
      case CURLE_GOT_NOTHING:
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
      case CURLE_PARTIAL_FILE:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
        temporary = head_trouble = true;
        why = "the server dropped the connection";
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        return Conclude(target, UrlVerdict::kBroken,
                        "more than " + std::to_string(settings_.max_redirects) + " redirects (a redirect loop?)",
                        false);
      case CURLE_UNSUPPORTED_PROTOCOL:
        return Conclude(target, UrlVerdict::kBroken, "redirected to an address that is not http: or https:", false);
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
        return Conclude(target, UrlVerdict::kBroken,
                        "the site's certificate is not valid: " + Printable(transfer.error, 200), false);
      case CURLE_URL_MALFORMAT:
        return Conclude(target, UrlVerdict::kBroken, "not a valid web address", false);
      default:
        temporary = head_trouble = true;
        why = Printable(transfer.error[0] != '\0' ? transfer.error : curl_easy_strerror(code), 200);
        break;
    }
    // A HEAD the server drops may be its trouble with HEAD; a timeout or a
    // refused connection would be the same for GET.
    if (!target.use_get && head_trouble) return AgainWithGet(target, queue);
    if (temporary && Retry(target, queue, milliseconds(0))) return;
    Conclude(target, UrlVerdict::kBroken, why + ", " + Times(target.attempts), temporary);
  }

  const UrlCheckSettings& settings_;
  const std::function<void(const UrlCheckProgress&)>& progress_;
  const std::atomic<bool>* cancel_;
  std::unique_ptr<CURLM, MultiDeleter> multi_;
  std::vector<Target> targets_;
  std::map<std::string, HostQueue> hosts_;
  std::vector<std::unique_ptr<Transfer>> transfers_;
  int active_ = 0;
  UrlCheckProgress progress_state_;
};

}  // namespace

UrlChecker::UrlChecker(UrlCheckSettings settings) : settings_(std::move(settings)) {
  settings_.max_connections = std::max(1, settings_.max_connections);
  settings_.retries = std::max(0, settings_.retries);
  InitialiseCurlOnce();
}

std::vector<UrlCheckResult> UrlChecker::Check(const std::vector<std::string>& urls,
                                              const std::function<void(const UrlCheckProgress&)>& progress,
                                              const std::atomic<bool>* cancel) const {
  try {
    return CheckRun(settings_, progress, cancel).Run(urls);
  } catch (const std::exception& error) {  // allocation: report every URL unverified rather than throw
    std::vector<UrlCheckResult> results;
    for (const auto& url : urls) {
      UrlCheckResult result;
      result.url = url;
      result.verdict = UrlVerdict::kUnverified;
      result.evidence = std::string("not checked: ") + error.what();
      result.temporary = true;
      results.push_back(std::move(result));
    }
    return results;
  }
}

}  // namespace publish
