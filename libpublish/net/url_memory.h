// What the URL checker remembers between runs, kept by the caller in files:
// a cache of verdicts (so a second run within the age limit asks the web
// nothing), and a history of failures in a row (so one flaky night does not
// fail a scheduled run). Both are JSON; a damaged or foreign file is read
// as empty, with the reason, never as an error that stops a check.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "libpublish/net/url_checker.h"

namespace publish {

// The settings that can change the verdict on `url` (accepted statuses,
// fragments, redirects, the headers sent to its host), as a short key: a
// cached verdict counts only for the same key.
std::string VerdictSettingsKey(const UrlCheckSettings& settings, const std::string& url);

class UrlResultCache {
 public:
  // `text` is a cache file's contents ("" for none). On a problem the cache
  // starts empty and `problem` says why.
  static UrlResultCache FromJson(std::string_view text, std::string* problem = nullptr);
  std::string ToJson() const;

  // The verdict on `url` checked under `settings_key` at most `max_age`
  // seconds before `now` (Unix seconds), if any.
  std::optional<UrlCheckResult> Find(const std::string& url, const std::string& settings_key, int64_t now,
                                     int64_t max_age) const;
  // Keeps `result` unless it came from a failure that may pass (timeouts,
  // resets, 5xx, no such host, rate limits): those are asked again next time.
  void Store(const UrlCheckResult& result, const std::string& settings_key, int64_t now);
  // Forgets entries older than `max_age`, so the file does not grow forever.
  void DropOlderThan(int64_t now, int64_t max_age);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string settings_key;
    int64_t checked = 0;
    UrlCheckResult result;
  };
  std::map<std::string, Entry> entries_;
};

class UrlFailureHistory {
 public:
  static UrlFailureHistory FromJson(std::string_view text, std::string* problem = nullptr);
  std::string ToJson() const;

  // Records this run's outcome for `url` and returns how many runs in a row,
  // this one included, it has failed (0 when it worked: it is forgotten).
  int Record(const std::string& url, bool failed, int64_t now);
  // Runs in a row `url` has failed, as last recorded.
  int FailuresInARow(const std::string& url) const;
  // When the current run of failures began (Unix seconds), or 0.
  int64_t FailingSince(const std::string& url) const;
  // Forgets every address not in `urls` (no longer linked: if it comes
  // back, its failures count from one again).
  void KeepOnly(const std::vector<std::string>& urls);

 private:
  struct Entry {
    int failures = 0;
    int64_t since = 0;
    int64_t last = 0;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace publish
