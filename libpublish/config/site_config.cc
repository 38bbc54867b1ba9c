#include "libpublish/config/site_config.h"

#include <algorithm>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/text.h"
#include "libpublish/base/yaml.h"

namespace publish {

std::optional<std::string> UrlPath(const std::string& url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") return std::nullopt;
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find('/', host_start);
  std::string host =
      url.substr(host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  if (host.empty() || host.find_first_of(" \t?#") != std::string::npos) return std::nullopt;
  if (path_start == std::string::npos) return std::string("/");
  std::string path = url.substr(path_start);
  if (path.find_first_of("?# \t") != std::string::npos) return std::nullopt;
  return path;
}

void CheckEscapedCharacters(YamlNode& node, const std::string& file, Diagnostics& diagnostics) {
  if (node.kind == YamlNode::Kind::kScalar) {
    auto found = FindForbiddenCharacters(node.scalar, 1);
    if (found.empty()) return;
    diagnostics.Error({file, node.line, node.column},
                      "this value holds the control character or noncharacter " +
                          CodePointName(found.front().code_point) + " (written as a YAML escape); delete it",
                      checks::kControlCharacter);
    node.scalar = WithoutForbiddenCharacters(node.scalar, "\xEF\xBF\xBD");
    return;
  }
  for (YamlNode& item : node.items) CheckEscapedCharacters(item, file, diagnostics);
  for (YamlEntry& entry : node.entries) {
    CheckEscapedCharacters(entry.first, file, diagnostics);
    CheckEscapedCharacters(entry.second, file, diagnostics);
  }
}

namespace {

// Characters that end an attribute, start markup or a script string
// wherever the address is pasted (templates, sitemaps, redirects), or are
// not allowed in a URL at all.
bool IsUnsafeInUrl(int32_t c) {
  return c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xFFFD || c == '"' || c == '<' || c == '>' ||
         c == '\'' || c == '`' || c == '\\' || IsForbiddenCharacter(c);
}

std::string DescribeCharacter(int32_t c) {
  if (c == ' ') return "a space";
  if (c == 0xFFFD) return "a control character or invalid character";
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return "the control character " + CodePointName(c);
  if (IsForbiddenCharacter(c)) return "the noncharacter " + CodePointName(c);
  return std::string("'") + static_cast<char>(c) + "'";
}

std::optional<std::string> ReadBaseUrl(YamlFields& fields, std::string_view key, bool required) {
  auto value = fields.Text(key, required);
  if (!value) return std::nullopt;
  std::string url = value->value;
  // Plain scalars map text to columns one to one; for a quoted one the
  // character is at least on that line, and its opening quote is skipped.
  int column = 0;
  for (size_t i = 0; i < url.size();) {
    DecodedCodePoint decoded = DecodeCodePoint(url, i);
    int32_t c = decoded.code_point < 0 ? 0xFFFD : decoded.code_point;
    if (IsUnsafeInUrl(c)) {
      SourcePosition at = value->position;
      const YamlNode* node = fields.Take(key);
      if (at.line > 0) at.column += column + (node != nullptr && node->quoted ? 1 : 0);
      fields.diagnostics().Error(at,
                                 "'" + std::string(key) + "' must not contain " + DescribeCharacter(c) +
                                     "; write the address as plain text, such as https://www.example.gov.uk/",
                                 checks::kBadUrl);
      return std::nullopt;
    }
    ++column;
    i += decoded.length;
  }
  if (!UrlPath(url)) {
    fields.diagnostics().Error(value->position,
                               "'" + std::string(key) +
                                   "' must be an absolute http or https address, such as "
                                   "https://www.example.gov.uk/, not '" +
                                   url + "'",
                               checks::kBadUrl);
    return std::nullopt;
  }
  if (url.back() != '/') url += '/';
  return url;
}

// "/cy/" or "cy" -> "cy/": folders of lower-case letters, digits and
// hyphens; nullopt for anything else.
std::optional<std::string> NormalizeLanguagePrefix(std::string prefix) {
  if (!prefix.empty() && prefix.front() == '/') prefix.erase(0, 1);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  if (prefix.empty()) return std::nullopt;
  bool segment_start = true;
  for (char c : prefix) {
    if (c == '/') {
      if (segment_start) return std::nullopt;
      segment_start = true;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return std::nullopt;
    segment_start = false;
  }
  return prefix;
}

std::string LowerAscii(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// `languages:` maps each language tag to where its pages live; the site's
// own language lives at the root, every other one below a prefix.
void ReadLanguages(const YamlNode* node, SiteConfig& config, Diagnostics& diagnostics) {
  if (node == nullptr) return;
  if (!node->IsMap()) {
    diagnostics.Error({kSiteConfigFile, node->line, node->column},
                      "'languages' must be a mapping of language tags, such as "
                      "'languages: {en-GB: {}, cy: {prefix: /cy/}}'",
                      checks::kBadValue);
    return;
  }
  std::vector<SiteLanguage> others;
  bool has_site_language = false;
  for (const YamlEntry& entry : node->entries) {
    const std::string& tag = entry.first.scalar;
    SourcePosition at{kSiteConfigFile, entry.first.line, entry.first.column};
    if (!IsKnownLanguageTag(tag)) {
      diagnostics.Error(at, "'" + tag + "' is not a known language tag; use a BCP 47 tag such as en-GB or cy",
                        checks::kBadLanguage);
      continue;
    }
    SiteLanguage language{tag, "", at};
    YamlFields fields(entry.second.IsNull() ? nullptr : &entry.second, kSiteConfigFile, diagnostics,
                      "languages: " + tag);
    auto prefix = entry.second.IsNull() ? std::nullopt : fields.Text("prefix");
    if (!entry.second.IsNull()) fields.ReportUnknownKeys();
    bool is_site_language = tag == config.language;
    if (is_site_language) {
      has_site_language = true;
      if (prefix && prefix->value != "/") {
        diagnostics.Error(
            prefix->position,
            "the site's own language (" + tag + ", from 'language') lives at the root of the site; remove its 'prefix'",
            checks::kBadValue);
      }
      config.languages.insert(config.languages.begin(), language);
      continue;
    }
    auto normalized = NormalizeLanguagePrefix(prefix ? prefix->value : "/" + LowerAscii(tag) + "/");
    if (!normalized) {
      diagnostics.Error(prefix ? prefix->position : at,
                        "'prefix' must be a folder of lower-case letters, digits and hyphens, such as /cy/, not '" +
                            (prefix ? prefix->value : tag) + "'",
                        checks::kBadValue);
      continue;
    }
    language.prefix = *normalized;
    bool taken = false;
    for (const auto& other : others) taken = taken || other.prefix == language.prefix;
    if (taken) {
      diagnostics.Error(prefix ? prefix->position : at,
                        "two languages have the prefix /" + language.prefix + "; give each its own", checks::kBadValue);
      continue;
    }
    others.push_back(language);
  }
  if (!has_site_language) {
    diagnostics.Error({kSiteConfigFile, node->line, node->column},
                      "'languages' must include the site's own language, " + config.language +
                          " (from 'language'): add '" + config.language + ": {}'",
                      checks::kBadValue);
    config.languages.clear();
    return;
  }
  config.languages.insert(config.languages.end(), others.begin(), others.end());
}

}  // namespace

const SiteLanguage* FindSiteLanguage(const SiteConfig& config, std::string_view tag) {
  for (const auto& language : config.languages) {
    if (language.tag == tag) return &language;
  }
  return nullptr;
}

std::optional<SiteConfig> LoadSiteConfig(const SiteFiles& files, Diagnostics& diagnostics, bool* missing) {
  std::string error;
  auto text = files.ReadFile(kSiteConfigFile, &error);
  if (missing != nullptr) *missing = !text.has_value();
  if (!text) {
    // A pipe or device is never read; say so rather than "no site.yaml".
    bool exists = !error.empty() && error != "no such file" && error != "No such file or directory";
    diagnostics.Error({kSiteConfigFile},
                      exists ? "cannot read site.yaml: " + error + "; make it a regular file"
                             : "no site.yaml in the site folder; is this the right folder?",
                      checks::kMissingSiteConfig);
    return std::nullopt;
  }
  size_t bad = FindInvalidUtf8(*text);
  if (bad != std::string::npos) {
    std::string_view before = std::string_view(*text).substr(0, bad);
    size_t line_start = before.find_last_of("\r\n");
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    diagnostics.Error({kSiteConfigFile, line, static_cast<int>(CodePointCount(before.substr(line_start))) + 1},
                      "site.yaml is not valid UTF-8 (bad byte at offset " + std::to_string(bad) +
                          "); save it as UTF-8 in your editor",
                      checks::kInvalidUtf8);
    return std::nullopt;
  }
  // Reported at their places; then U+FFFD (same columns) so none reaches a
  // title, a URL or an output.
  if (ReportForbiddenCharacters(kSiteConfigFile, *text, diagnostics) > 0) {
    *text = WithoutForbiddenCharacters(*text, "\xEF\xBF\xBD");
  }
  auto root = ParseYaml(*text, kSiteConfigFile, 1, diagnostics);
  if (!root) return std::nullopt;
  CheckEscapedCharacters(*root, kSiteConfigFile, diagnostics);
  int errors_before = diagnostics.ErrorCount();
  SiteConfig config;
  YamlFields fields(&*root, kSiteConfigFile, diagnostics, "site.yaml");
  if (auto title = fields.Text("title", true)) config.title = title->value;
  if (auto url = ReadBaseUrl(fields, "base_url", true)) {
    config.base_url = *url;
    config.base_path = *UrlPath(*url);
  }
  if (auto url = ReadBaseUrl(fields, "intranet_url", false)) config.intranet_url = *url;
  if (auto language = fields.Text("language")) {
    if (IsKnownLanguageTag(language->value)) {
      config.language = language->value;
    } else {
      diagnostics.Error(
          language->position,
          "'language' is not a known language tag: '" + language->value + "'; use a BCP 47 tag such as en-GB or cy",
          checks::kBadLanguage);
    }
  }
  ReadLanguages(fields.Take("languages"), config, diagnostics);
  if (auto bilingual = fields.OneOf("bilingual", {"required", "optional"})) {
    config.bilingual_required = bilingual->value == "required";
    if (config.languages.size() < 2) {
      diagnostics.Error(bilingual->position,
                        "'bilingual' needs two languages in 'languages', such as "
                        "'languages: {en-GB: {}, cy: {prefix: /cy/}}'",
                        checks::kBadValue);
    }
  }
  config.bilingual_exempt = fields.TextList("bilingual_exempt");
  config.help_page = fields.Text("help_page");
  config.accessibility_page = fields.Text("accessibility_page");
  config.link_check = ReadLinkCheckConfig(fields.Take("link_check"), kSiteConfigFile, diagnostics);
  config.check_severities = ReadCheckSeverities(fields.Take("checks"), kSiteConfigFile, diagnostics);
  config.plain_english = ReadPlainEnglishConfig(fields.Take("plain_english"), kSiteConfigFile, diagnostics);
  if (const YamlNode* kiosk = fields.Take("kiosk")) {
    YamlFields kiosk_fields(kiosk, kSiteConfigFile, diagnostics, "kiosk");
    if (auto idle = kiosk_fields.Integer("idle_seconds")) {
      if (*idle < 20 || *idle > 86400) {
        diagnostics.Error(kiosk_fields.KeyPosition("idle_seconds"),
                          "'idle_seconds' must be between 20 and 86400; people need at least 20 seconds to respond",
                          checks::kBadValue);
      } else {
        config.kiosk.idle_seconds = static_cast<int>(*idle);
      }
    }
    config.kiosk.sections_given = kiosk_fields.Take("sections") != nullptr;
    config.kiosk.sections = kiosk_fields.TextList("sections");
    kiosk_fields.ReportUnknownKeys();
  }
  fields.ReportUnknownKeys();
  if (diagnostics.ErrorCount() > errors_before && (config.title.empty() || config.base_url.empty())) {
    return std::nullopt;
  }
  return config;
}

}  // namespace publish
