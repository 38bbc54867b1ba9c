#include "libpublish/net/url_memory.h"

#include <algorithm>

#include "libpublish/base/json.h"
#include "libpublish/base/sha256.h"

namespace publish {

namespace {

constexpr int kCacheVersion = 1;
constexpr int kHistoryVersion = 1;

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (!host.empty() && host.front() != '[') host = host.substr(0, host.find(':'));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return host;
}

const char* VerdictName(UrlVerdict verdict) {
  switch (verdict) {
    case UrlVerdict::kWorks:
      return "works";
    case UrlVerdict::kRedirected:
      return "moved";
    case UrlVerdict::kBroken:
      return "broken";
    case UrlVerdict::kUnverified:
      return "unverified";
  }
  return "broken";
}

std::optional<UrlVerdict> VerdictNamed(const std::string& name) {
  for (UrlVerdict verdict :
       {UrlVerdict::kWorks, UrlVerdict::kRedirected, UrlVerdict::kBroken, UrlVerdict::kUnverified}) {
    if (name == VerdictName(verdict)) return verdict;
  }
  return std::nullopt;
}

// The document's `entries` object, or null after setting `problem`.
const Json* Entries(const Json& document, int version, const char* kind, std::string* problem) {
  auto fail = [&](const std::string& why) -> const Json* {
    if (problem != nullptr) *problem = why;
    return nullptr;
  };
  if (document.is_discarded() || !document.is_object()) return fail(std::string("not a ") + kind + " file (not JSON)");
  auto version_it = document.find("version");
  if (version_it == document.end() || !version_it->is_number_integer() || version_it->get<int>() != version) {
    return fail(std::string("a ") + kind + " file of another version");
  }
  auto entries = document.find("entries");
  if (entries == document.end() || !entries->is_object())
    return fail(std::string("a ") + kind + " file without entries");
  return &*entries;
}

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Number(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

std::string VerdictSettingsKey(const UrlCheckSettings& settings, const std::string& url) {
  Json key = Json::object();
  std::vector<int> accepted = settings.accepted_statuses;
  std::sort(accepted.begin(), accepted.end());
  key["accept"] = accepted;
  key["fragments"] = settings.check_fragments;
  key["redirects"] = settings.max_redirects;
  key["agent"] = settings.user_agent;
  std::string host = HostOf(url);
  auto limits = settings.hosts.find(host);
  const HostLimits& host_limits = limits == settings.hosts.end() ? settings.host : limits->second;
  Json headers = Json::array();
  for (const auto& [name, value] : host_limits.headers) headers.push_back({name, value});
  key["headers"] = headers;
  return Sha256Hex(JsonText(key)).substr(0, 16);
}

UrlResultCache UrlResultCache::FromJson(std::string_view text, std::string* problem) {
  UrlResultCache cache;
  if (text.empty()) return cache;
  Json document = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  const Json* entries = Entries(document, kCacheVersion, "link cache", problem);
  if (entries == nullptr) return cache;
  for (const auto& [url, value] : entries->items()) {
    if (!value.is_object()) continue;
    auto verdict = VerdictNamed(Text(value, "verdict"));
    if (!verdict) continue;
    Entry entry;
    entry.settings_key = Text(value, "settings");
    entry.checked = Number(value, "checked");
    entry.result.url = url;
    entry.result.verdict = *verdict;
    entry.result.status = static_cast<int>(Number(value, "status"));
    entry.result.final_url = Text(value, "final_url");
    entry.result.evidence = Text(value, "evidence");
    if (entry.result.final_url.empty()) entry.result.final_url = url;
    cache.entries_[url] = std::move(entry);
  }
  return cache;
}

std::string UrlResultCache::ToJson() const {
  Json entries = Json::object();
  for (const auto& [url, entry] : entries_) {
    Json value = Json::object();
    value["settings"] = entry.settings_key;
    value["checked"] = entry.checked;
    value["verdict"] = VerdictName(entry.result.verdict);
    value["status"] = entry.result.status;
    if (entry.result.final_url != url) value["final_url"] = entry.result.final_url;
    value["evidence"] = entry.result.evidence;
    entries[url] = std::move(value);
  }
  Json document = Json::object();
  document["version"] = kCacheVersion;
  document["entries"] = std::move(entries);
  return JsonText(document, JsonLayout::kIndented);
}

std::optional<UrlCheckResult> UrlResultCache::Find(const std::string& url, const std::string& settings_key, int64_t now,
                                                   int64_t max_age) const {
  auto it = entries_.find(url);
  if (it == entries_.end() || it->second.settings_key != settings_key) return std::nullopt;
  if (it->second.checked > now || now - it->second.checked > max_age) return std::nullopt;
  UrlCheckResult result = it->second.result;
  result.attempts = 0;
  return result;
}

void UrlResultCache::Store(const UrlCheckResult& result, const std::string& settings_key, int64_t now) {
  if (result.temporary) {
    entries_.erase(result.url);  // an older verdict is no longer to be trusted
    return;
  }
  entries_[result.url] = Entry{settings_key, now, result};
}

void UrlResultCache::DropOlderThan(int64_t now, int64_t max_age) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = (it->second.checked > now || now - it->second.checked > max_age) ? entries_.erase(it) : std::next(it);
  }
}

UrlFailureHistory UrlFailureHistory::FromJson(std::string_view text, std::string* problem) {
  UrlFailureHistory history;
  if (text.empty()) return history;
  Json document = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  const Json* entries = Entries(document, kHistoryVersion, "link history", problem);
  if (entries == nullptr) return history;
  for (const auto& [url, value] : entries->items()) {
    if (!value.is_object()) continue;
    Entry entry{static_cast<int>(Number(value, "failures_in_a_row")), Number(value, "failing_since"),
                Number(value, "last_checked")};
    if (entry.failures > 0) history.entries_[url] = entry;
  }
  return history;
}

std::string UrlFailureHistory::ToJson() const {
  Json entries = Json::object();
  for (const auto& [url, entry] : entries_) {
    Json value = Json::object();
    value["failures_in_a_row"] = entry.failures;
    value["failing_since"] = entry.since;
    value["last_checked"] = entry.last;
    entries[url] = std::move(value);
  }
  Json document = Json::object();
  document["version"] = kHistoryVersion;
  document["entries"] = std::move(entries);
  return JsonText(document, JsonLayout::kIndented);
}

int UrlFailureHistory::Record(const std::string& url, bool failed, int64_t now) {
  if (!failed) {
    entries_.erase(url);
    return 0;
  }
  Entry& entry = entries_[url];
  if (entry.failures == 0) entry.since = now;
  ++entry.failures;
  entry.last = now;
  return entry.failures;
}

void UrlFailureHistory::KeepOnly(const std::vector<std::string>& urls) {
  std::map<std::string, Entry> kept;
  for (const auto& url : urls) {
    auto it = entries_.find(url);
    if (it != entries_.end()) kept.insert(*it);
  }
  entries_ = std::move(kept);
}

int UrlFailureHistory::FailuresInARow(const std::string& url) const {
  auto it = entries_.find(url);
  return it == entries_.end() ? 0 : it->second.failures;
}

int64_t UrlFailureHistory::FailingSince(const std::string& url) const {
  auto it = entries_.find(url);
  return it == entries_.end() ? 0 : it->second.since;
}

}  // namespace publish
