// site.yaml: the settings of one site, validated.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/site_files.h"
#include "libpublish/config/content_check_config.h"
#include "libpublish/config/link_check_config.h"
#include "libpublish/config/yaml_fields.h"

namespace publish {

inline constexpr const char* kSiteConfigFile = "site.yaml";

struct KioskConfig {
  int idle_seconds = 120;
  std::vector<PositionedString> sections;  // top-level section folders
  bool sections_given = false;             // without them, every section
};

struct SiteConfig {
  std::string title;
  std::string base_url;      // absolute, ends with '/'
  std::string base_path;     // the path part of base_url: "/" or "/council/"
  std::string intranet_url;  // absolute, ends with '/', or empty
  std::string language = "en-GB";
  KioskConfig kiosk;
  LinkCheckConfig link_check;
  SeverityOverrides check_severities;  // `checks:`
  PlainEnglishConfig plain_english;
  // Footer pages, as content paths ("help.md"); found by name when not set.
  std::optional<PositionedString> help_page;
  std::optional<PositionedString> accessibility_page;
};

// Reads and validates site.yaml. nullopt when it is missing or unusable;
// every problem is a diagnostic. `missing` is set when there is no file
// (an environment error rather than a content error).
std::optional<SiteConfig> LoadSiteConfig(const SiteFiles& files, Diagnostics& diagnostics, bool* missing = nullptr);

// Errors (check "control-character") for the control characters and
// noncharacters that YAML escapes such as "\e", "\x07" or "\uFFFE" put
// into the keys and values under `node`, at the key or value; each becomes
// U+FFFD. Those written raw are found in the source text by
// ReportForbiddenCharacters.
void CheckEscapedCharacters(YamlNode& node, const std::string& file, Diagnostics& diagnostics);

// Parses an absolute http(s) URL's path part; nullopt when not such a URL.
std::optional<std::string> UrlPath(const std::string& url);

}  // namespace publish
