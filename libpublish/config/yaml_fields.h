// Reads one YAML mapping against the keys its caller asks for: typed
// values, positioned errors for wrong types, and unknown keys reported with
// "did you mean". The schema is the sequence of calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/yaml.h"

namespace publish {

struct PositionedString {
  std::string value;
  SourcePosition position;
};

class YamlFields {
 public:
  // `map` may be null or not a mapping: then every read finds nothing and
  // the problem is reported once, at `where`.
  YamlFields(const YamlNode* map, std::string file, Diagnostics& diagnostics, std::string where);

  // The raw node for `key` (registers the key as known), or null.
  const YamlNode* Take(std::string_view key);
  SourcePosition KeyPosition(std::string_view key) const;
  SourcePosition PositionOf(const YamlNode& node) const { return {file_, node.line, node.column}; }

  std::optional<PositionedString> Text(std::string_view key, bool required = false);
  std::optional<PositionedString> OneOf(std::string_view key, const std::vector<std::string>& allowed);
  std::optional<Date> DateValue(std::string_view key);
  std::optional<ClockTime> TimeValue(std::string_view key, bool required = false);
  std::optional<long> Integer(std::string_view key);
  // A list of text (a lone text value is taken as a list of one).
  std::vector<PositionedString> TextList(std::string_view key);
  // true or false (YAML 1.2 core: not yes or no).
  std::optional<bool> Boolean(std::string_view key);

  // What to say instead of "did you mean" when `key` turns up unknown: the
  // key another tool (Hugo, Zola) uses, and ours or why we have none.
  void ExplainUnknownKey(std::string key, std::string advice);

  // Errors for every key that no call asked for.
  void ReportUnknownKeys();

  Diagnostics& diagnostics() { return diagnostics_; }
  const std::string& file() const { return file_; }

 private:
  const YamlNode* map_;
  std::string file_;
  Diagnostics& diagnostics_;
  std::string where_;
  std::vector<std::string> known_;
  bool not_a_map_reported_ = false;  // then a missing required key is no second error
  std::vector<std::pair<std::string, std::string>> explained_;
};

// Keys Hugo and Zola use in front matter that publish does not, with what
// to write instead, for ExplainUnknownKey.
const std::vector<std::pair<std::string, std::string>>& OtherToolsFrontMatterKeys();

}  // namespace publish
