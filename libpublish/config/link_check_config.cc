#include "libpublish/config/link_check_config.h"

#include <algorithm>

namespace publish {

namespace {

// An integer setting within [low, high], or `fallback` after an error.
int Bounded(YamlFields& fields, std::string_view key, int low, int high, int fallback) {
  auto value = fields.Integer(key);
  if (!value) return fallback;
  if (*value < low || *value > high) {
    fields.diagnostics().Error(fields.KeyPosition(key),
                               "'" + std::string(key) + "' must be from " + std::to_string(low) + " to " +
                                   std::to_string(high) + ", not " + std::to_string(*value),
                               checks::kBadValue);
    return fallback;
  }
  return static_cast<int>(*value);
}

void ReadHostLimits(const YamlNode* node, const std::string& file, Diagnostics& diagnostics, std::string where,
                    bool headers_allowed, LinkCheckHost& host) {
  YamlFields fields(node, file, diagnostics, where);
  host.connections = Bounded(fields, "connections", 1, 64, host.connections);
  host.interval_ms = Bounded(fields, "interval_ms", 0, 60'000, host.interval_ms);
  if (headers_allowed) {
    if (const YamlNode* headers = fields.Take("headers")) {
      if (!headers->IsMap()) {
        diagnostics.Error(fields.PositionOf(*headers),
                          "'headers' must be a mapping of header names to values, not " + headers->KindName(),
                          checks::kWrongType);
      } else {
        for (const auto& entry : headers->entries) {
          const std::string& name = entry.first.scalar;
          bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
          });
          bool clean = entry.second.kind == YamlNode::Kind::kScalar &&
                       entry.second.scalar.find_first_of("\r\n") == std::string::npos;
          if (!token) {
            diagnostics.Error(fields.PositionOf(entry.first),
                              "'" + name + "' is not a header name: use letters, digits and '-'", checks::kBadValue);
          } else if (!clean) {
            diagnostics.Error(fields.PositionOf(entry.second),
                              "the value of header '" + name + "' must be one line of text", checks::kBadValue);
          } else {
            host.headers.emplace_back(name, entry.second.scalar);
          }
        }
      }
    }
  }
  fields.ReportUnknownKeys();
}

}  // namespace

LinkCheckConfig ReadLinkCheckConfig(const YamlNode* node, const std::string& file, Diagnostics& diagnostics) {
  LinkCheckConfig config;
  if (node == nullptr) return config;
  YamlFields fields(node, file, diagnostics, "link_check");
  for (const auto& status : fields.TextList("accept")) {
    bool digits = status.value.size() == 3 &&
                  std::all_of(status.value.begin(), status.value.end(), [](char c) { return c >= '0' && c <= '9'; });
    int code = digits ? std::stoi(status.value) : 0;
    if (code < 100 || code > 599) {
      diagnostics.Error(status.position, "'" + status.value + "' is not an HTTP status code (100 to 599)",
                        checks::kBadValue);
    } else {
      config.accept.push_back(code);
    }
  }
  config.exclude = fields.TextList("exclude");
  if (auto fragments = fields.OneOf("check_fragments", {"true", "false"})) {
    config.check_fragments = fragments->value == "true";
  }
  config.timeout_seconds = Bounded(fields, "timeout_seconds", 1, 300, config.timeout_seconds);
  config.retries = Bounded(fields, "retries", 0, 10, config.retries);
  config.connections = Bounded(fields, "connections", 1, 256, config.connections);
  config.cache_hours = Bounded(fields, "cache_hours", 0, 24 * 365, config.cache_hours);
  config.fail_after_runs = Bounded(fields, "fail_after_runs", 1, 100, config.fail_after_runs);
  if (const YamlNode* per_host = fields.Take("per_host")) {
    ReadHostLimits(per_host, file, diagnostics, "per_host", false, config.per_host);
  }
  if (const YamlNode* hosts = fields.Take("hosts")) {
    if (!hosts->IsMap()) {
      diagnostics.Error(fields.PositionOf(*hosts),
                        "'hosts' must be a mapping of host names to settings, not " + hosts->KindName(),
                        checks::kWrongType);
    } else {
      for (const auto& entry : hosts->entries) {
        LinkCheckHost host = config.per_host;
        host.headers.clear();
        host.host = entry.first.scalar;
        std::transform(host.host.begin(), host.host.end(), host.host.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        ReadHostLimits(&entry.second, file, diagnostics, "hosts: " + entry.first.scalar, true, host);
        config.hosts.push_back(std::move(host));
      }
    }
  }
  fields.ReportUnknownKeys();
  return config;
}

}  // namespace publish
