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

// One language of a bilingual site (`languages:` in site.yaml).
struct SiteLanguage {
  std::string tag;     // BCP 47, as written: "en-GB", "cy"
  std::string prefix;  // below each channel's root: "" for the site's language, "cy/"
  SourcePosition position;
};

struct SiteConfig {
  std::string title;
  std::string base_url;      // absolute, ends with '/'
  std::string base_path;     // the path part of base_url: "/" or "/council/"
  std::string intranet_url;  // absolute, ends with '/', or empty
  std::string language = "en-GB";
  // Empty: one language, every page where the contract puts it. Otherwise
  // the site's `language` first, then the others in file order.
  std::vector<SiteLanguage> languages;
  bool bilingual_required = false;                 // `bilingual: required`
  std::vector<PositionedString> bilingual_exempt;  // content paths allowed no counterpart
  KioskConfig kiosk;
  LinkCheckConfig link_check;
  SeverityOverrides check_severities;  // `checks:`
  PlainEnglishConfig plain_english;
  // Footer pages, as content paths ("help.md"); found by name when not set.
  std::optional<PositionedString> help_page;
  std::optional<PositionedString> accessibility_page;
};

// The language of `tag` in `config.languages`, or nullptr.
const SiteLanguage* FindSiteLanguage(const SiteConfig& config, std::string_view tag);

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
