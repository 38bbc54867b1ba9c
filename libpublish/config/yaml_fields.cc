#include "libpublish/config/yaml_fields.h"

#include <algorithm>
#include <charconv>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/text.h"
#include "libpublish/base/yaml_advice.h"

namespace publish {

YamlFields::YamlFields(const YamlNode* map, std::string file, Diagnostics& diagnostics, std::string where)
    : map_(map), file_(std::move(file)), diagnostics_(diagnostics), where_(std::move(where)) {
  if (map_ != nullptr && !map_->IsMap() && !map_->IsNull()) {
    // "title:Pay" is valid YAML, but text, not a key and a value.
    auto missing_space =
        map_->kind == YamlNode::Kind::kScalar && !map_->quoted ? MissingSpaceAfterColon(map_->scalar) : std::nullopt;
    not_a_map_reported_ = true;
    if (missing_space) {
      diagnostics_.Error(PositionOf(*map_), *missing_space, checks::kYamlSyntax);
    } else {
      diagnostics_.Error(PositionOf(*map_), where_ + " must be a mapping of keys to values, not " + map_->KindName(),
                         checks::kWrongType);
    }
  }
  if (map_ != nullptr && !map_->IsMap()) map_ = nullptr;
  if (map_ == nullptr) return;
  // Duplicate keys: YAML forbids them and yaml-cpp keeps one silently.
  for (size_t i = 0; i < map_->entries.size(); ++i) {
    const YamlNode& key = map_->entries[i].first;
    for (size_t j = 0; j < i; ++j) {
      if (map_->entries[j].first.scalar == key.scalar) {
        diagnostics_.Error(PositionOf(key),
                           "key '" + key.scalar + "' appears twice in " + where_ + "; keep one (the first is on line " +
                               std::to_string(map_->entries[j].first.line) + ")",
                           checks::kDuplicateKey);
        break;
      }
    }
  }
}

const YamlNode* YamlFields::Take(std::string_view key) {
  known_.emplace_back(key);
  if (map_ == nullptr) return nullptr;
  for (const auto& [k, v] : map_->entries) {
    if (k.kind == YamlNode::Kind::kScalar && k.scalar == key) return &v;
  }
  return nullptr;
}

SourcePosition YamlFields::KeyPosition(std::string_view key) const {
  if (map_ != nullptr) {
    for (const auto& [k, v] : map_->entries) {
      if (k.scalar == key) return PositionOf(k);
    }
    return {file_, map_->line, map_->column};
  }
  return {file_, 1, 1};
}

std::optional<PositionedString> YamlFields::Text(std::string_view key, bool required) {
  const YamlNode* node = Take(key);
  std::string name(key);
  if (node == nullptr || node->IsNull() || (node->kind == YamlNode::Kind::kScalar && node->scalar.empty())) {
    if (required && !not_a_map_reported_) {
      diagnostics_.Error(node ? PositionOf(*node) : KeyPosition(key),
                         node ? "'" + name + "' is empty; give it a value"
                              : where_ + " has no '" + name + "'; add '" + name + ": ...'",
                         node ? checks::kEmptyValue : checks::kMissingKey);
    }
    return std::nullopt;
  }
  if (node->kind != YamlNode::Kind::kScalar) {
    diagnostics_.Error(PositionOf(*node), "'" + name + "' must be text, not " + node->KindName(), checks::kWrongType);
    return std::nullopt;
  }
  return PositionedString{node->scalar, PositionOf(*node)};
}

std::optional<PositionedString> YamlFields::OneOf(std::string_view key, const std::vector<std::string>& allowed) {
  auto value = Text(key);
  if (!value) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), value->value) == allowed.end()) {
    std::string list;
    for (size_t i = 0; i < allowed.size(); ++i)
      list += (i ? (i + 1 == allowed.size() ? " or " : ", ") : "") + allowed[i];
    diagnostics_.Error(
        value->position,
        "'" + std::string(key) + "' cannot be '" + value->value + "'; use " + list + DidYouMean(value->value, allowed),
        checks::kBadValue);
    return std::nullopt;
  }
  return value;
}

std::optional<Date> YamlFields::DateValue(std::string_view key) {
  auto value = Text(key);
  if (!value) return std::nullopt;
  auto date = ParseIsoDate(value->value);
  // Hugo and Zola take a date and time ("2026-09-14T10:00:00Z"); ours is a day.
  const std::string& text = value->value;
  if (!date && text.size() > 10 && (text[10] == 'T' || text[10] == ' ') && ParseIsoDate(text.substr(0, 10))) {
    diagnostics_.Error(
        value->position,
        "'" + std::string(key) + "' is a day without a time: write " + std::string(key) + ": " + text.substr(0, 10),
        checks::kBadDate);
    return std::nullopt;
  }
  if (!date) {
    diagnostics_.Error(value->position,
                       "'" + std::string(key) + "' is not a valid date: '" + value->value +
                           "'; write it as YYYY-MM-DD, for example 2026-09-14",
                       checks::kBadDate);
  }
  return date;
}

std::optional<ClockTime> YamlFields::TimeValue(std::string_view key, bool required) {
  auto value = Text(key, required);
  if (!value) return std::nullopt;
  auto time = ParseClockTime(value->value);
  if (!time) {
    diagnostics_.Error(value->position,
                       "'" + std::string(key) + "' is not a valid time: '" + value->value +
                           "'; write a 24-hour time in quotes, for example \"09:00\"",
                       checks::kBadTime);
  }
  return time;
}

std::optional<long> YamlFields::Integer(std::string_view key) {
  auto value = Text(key);
  if (!value) return std::nullopt;
  long number = 0;
  const std::string& text = value->value;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) {
    diagnostics_.Error(value->position, "'" + std::string(key) + "' must be a whole number, not '" + text + "'",
                       checks::kWrongType);
    return std::nullopt;
  }
  return number;
}

std::vector<PositionedString> YamlFields::TextList(std::string_view key) {
  std::vector<PositionedString> out;
  const YamlNode* node = Take(key);
  if (node == nullptr || node->IsNull()) return out;
  if (node->kind == YamlNode::Kind::kScalar) {
    out.push_back({node->scalar, PositionOf(*node)});
    return out;
  }
  if (node->kind != YamlNode::Kind::kSequence) {
    diagnostics_.Error(PositionOf(*node), "'" + std::string(key) + "' must be a list, not " + node->KindName(),
                       checks::kWrongType);
    return out;
  }
  for (const auto& item : node->items) {
    // "- You live: in the borough" is a key and a value to YAML.
    if (item.IsMap() && item.entries.size() == 1 && item.entries[0].first.kind == YamlNode::Kind::kScalar &&
        item.entries[0].second.kind == YamlNode::Kind::kScalar) {
      std::string written = item.entries[0].first.scalar + ": " + item.entries[0].second.scalar;
      diagnostics_.Error(PositionOf(item),
                         "this entry of '" + std::string(key) +
                             "' holds ': ', which YAML reads as a key and its value; put the entry in quotes: - " +
                             QuoteForYaml(written),
                         checks::kWrongType);
      continue;
    }
    if (item.kind != YamlNode::Kind::kScalar || item.scalar.empty()) {
      diagnostics_.Error(PositionOf(item),
                         "each entry of '" + std::string(key) + "' must be text, not " + item.KindName(),
                         checks::kWrongType);
      continue;
    }
    out.push_back({item.scalar, PositionOf(item)});
  }
  return out;
}

std::optional<bool> YamlFields::Boolean(std::string_view key) {
  auto value = Text(key);
  if (!value) return std::nullopt;
  std::string lower = ToLower(value->value);
  if (lower == "true" || lower == "false") return lower == "true";
  diagnostics_.Error(value->position, "'" + std::string(key) + "' is true or false, not '" + value->value + "'",
                     checks::kBadValue);
  return std::nullopt;
}

void YamlFields::ExplainUnknownKey(std::string key, std::string advice) {
  explained_.emplace_back(std::move(key), std::move(advice));
}

void YamlFields::ReportUnknownKeys() {
  if (map_ == nullptr) return;
  for (const auto& [k, v] : map_->entries) {
    if (k.kind != YamlNode::Kind::kScalar) {
      diagnostics_.Error(PositionOf(k), "keys in " + where_ + " must be plain names", checks::kUnknownKey);
      continue;
    }
    if (std::find(known_.begin(), known_.end(), k.scalar) != known_.end()) continue;
    const std::string& name = k.scalar;  // clang 14 cannot capture a structured binding
    auto explained =
        std::find_if(explained_.begin(), explained_.end(), [&](const auto& entry) { return entry.first == name; });
    if (explained != explained_.end()) {
      diagnostics_.Error(PositionOf(k), "unknown key '" + k.scalar + "' in " + where_ + "; " + explained->second,
                         checks::kUnknownKey);
      continue;
    }
    std::string hint = DidYouMean(k.scalar, known_);
    diagnostics_.Error(
        PositionOf(k),
        "unknown key '" + k.scalar + "' in " + where_ + (hint.empty() ? "; remove it or check the spelling" : hint),
        checks::kUnknownKey);
  }
}

const std::vector<std::pair<std::string, std::string>>& OtherToolsFrontMatterKeys() {
  static const auto keys = [] {
    std::vector<std::pair<std::string, std::string>> entries;
    auto* list = &entries;
    const std::string summary = "publish calls the short description 'summary'";
    const std::string updated = "publish calls the date of the last substantive change 'updated' (YYYY-MM-DD)";
    const std::string date = "publish calls the publication date 'date' (YYYY-MM-DD)";
    const std::string address =
        "a page's address comes from its file name, so rename the file instead, and list the old address in "
        "'aliases' so it redirects";
    const std::string tags =
        "publish has no tags or categories: pages are grouped by their folder (keep the words under 'extra:' "
        "if you need them)";
    const std::string owner = "publish calls who maintains the page 'owner'";
    const std::string layout = "a channel chooses its templates; override them in themes/<channel>/";
    for (const char* key : {"description"}) list->emplace_back(key, summary);
    for (const char* key : {"lastmod", "last_modified", "modified"}) list->emplace_back(key, updated);
    for (const char* key : {"publishDate", "publishdate", "pubdate"}) list->emplace_back(key, date);
    for (const char* key : {"slug", "url", "permalink", "path"}) list->emplace_back(key, address);
    for (const char* key : {"tags", "categories", "keywords", "taxonomies", "series"}) list->emplace_back(key, tags);
    for (const char* key : {"author", "authors"}) list->emplace_back(key, owner);
    for (const char* key : {"layout", "template"}) list->emplace_back(key, layout);
    list->emplace_back("expiryDate",
                       "publish has no expiry date; 'review_by' (YYYY-MM-DD) warns when the page is due a check");
    return entries;
  }();
  return keys;
}

}  // namespace publish
