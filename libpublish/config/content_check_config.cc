#include "libpublish/config/content_check_config.h"

#include <algorithm>

#include "libpublish/base/check_ids.h"

namespace publish {

const std::vector<WordToAvoid>& BuiltInWordsToAvoid() {
  // From GOV.UK's style guide, "Words to avoid", with the forms people write.
  static const std::vector<WordToAvoid> kWords{
      {"advancing", "improving"},
      {"collaborate", "work with"},
      {"collaborating", "working with"},
      {"collaboration", "working together"},
      {"combat", "stop or reduce"},
      {"combating", "stopping or reducing"},
      {"commit to", "say what you will do"},
      {"committed to", "say what you will do"},
      {"countering", "stopping or preventing"},
      {"deploy", "use or put in place"},
      {"deploying", "using or putting in place"},
      {"dialogue", "talk or discussion"},
      {"disincentivise", "discourage"},
      {"empower", "let or help"},
      {"empowering", "letting or helping"},
      {"facilitate", "help or make possible"},
      {"facilitating", "helping"},
      {"focus", "work on or concentrate on"},
      {"focusing", "working on"},
      {"going forward", "from now on or in future"},
      {"impacted", "affected"},
      {"impacting", "affecting"},
      {"in order to", "to"},
      {"initiate", "start"},
      {"leverage", "use"},
      {"liaise", "work with or talk to"},
      {"liaising", "working with or talking to"},
      {"one stop shop", "say what people can do there"},
      {"overarching", "main or overall"},
      {"pledge", "say what you will do"},
      {"progressing", "moving forward, or say what is happening"},
      {"ring fenced", "set aside"},
      {"ring fencing", "setting aside"},
      {"robust", "strong or thorough"},
      {"slimming down", "making smaller or reducing"},
      {"streamline", "simplify"},
      {"streamlining", "simplifying"},
      {"tackling", "stopping, solving or dealing with"},
      {"transforming", "changing, or say how"},
      {"utilisation", "use"},
      {"utilise", "use"},
      {"utilising", "using"},
      {"utilize", "use"},
  };
  return kWords;
}

namespace {

// "Ring-fencing " -> "ring fencing": lower case (ASCII; the list is
// English), hyphens and runs of spaces to one space, so a phrase matches
// however it is written.
std::string NormalisedPhrase(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '-' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

SeverityOverrides ReadCheckSeverities(const YamlNode* node, const std::string& file, Diagnostics& diagnostics) {
  SeverityOverrides overrides;
  if (node == nullptr || node->IsNull()) return overrides;
  YamlFields fields(node, file, diagnostics, "checks");
  std::vector<std::string> ids;
  for (const Check* check : AllChecks()) ids.emplace_back(check->id);
  for (const auto& [key, value] : node->IsMap() ? node->entries : std::vector<YamlEntry>{}) {
    const Check* check = FindCheck(key.scalar);
    if (check == nullptr) {
      std::string hint = DidYouMean(key.scalar, ids);
      diagnostics.Error(fields.PositionOf(key),
                        "unknown check '" + key.scalar + "' in checks" +
                            (hint.empty() ? "; use a check id as the reports show it, such as long-sentence" : hint),
                        checks::kUnknownKey);
      continue;
    }
    auto severity = fields.OneOf(key.scalar, {"error", "warning", "off"});
    if (!severity) continue;
    if (check->severity == Severity::kError) {
      if (severity->value != "error") {
        diagnostics.Error(severity->position,
                          "'" + key.scalar +
                              "' is an error, which keeps the site's output correct and safe; it cannot be made a "
                              "warning or turned off: fix what it reports",
                          checks::kBadValue);
      }
      continue;
    }
    overrides[key.scalar] = severity->value == "off"     ? std::nullopt
                            : severity->value == "error" ? std::optional(Severity::kError)
                                                         : std::optional(Severity::kWarning);
  }
  // Every key was either a check (taken above) or reported as unknown.
  return overrides;
}

PlainEnglishConfig ReadPlainEnglishConfig(const YamlNode* node, const std::string& file, Diagnostics& diagnostics) {
  PlainEnglishConfig config;
  if (node == nullptr) return config;
  YamlFields fields(node, file, diagnostics, "plain_english");
  if (auto minimum = fields.Integer("reading_ease_minimum")) {
    if (*minimum < 0 || *minimum > 100) {
      diagnostics.Error(fields.KeyPosition("reading_ease_minimum"),
                        "'reading_ease_minimum' must be from 0 to 100, not " + std::to_string(*minimum) +
                            "; 60 to 70 is plain English, 50 is the default",
                        checks::kBadValue);
    } else {
      config.reading_ease_minimum = static_cast<int>(*minimum);
    }
  }
  if (const YamlNode* words = fields.Take("words_to_avoid")) {
    YamlFields word_fields(words, file, diagnostics, "words_to_avoid");
    std::vector<std::string> built_in;
    for (const auto& word : config.words_to_avoid) built_in.push_back(word.phrase);
    for (const auto& removed : word_fields.TextList("remove")) {
      std::string phrase = NormalisedPhrase(removed.value);
      auto found = std::find_if(config.words_to_avoid.begin(), config.words_to_avoid.end(),
                                [&](const WordToAvoid& word) { return word.phrase == phrase; });
      if (found == config.words_to_avoid.end()) {
        std::string hint = DidYouMean(phrase, built_in);
        diagnostics.Error(removed.position,
                          "'" + removed.value + "' is not on the built-in list of words to avoid" +
                              (hint.empty() ? "; remove it from 'remove'" : hint),
                          checks::kBadValue);
        continue;
      }
      config.words_to_avoid.erase(found);
    }
    if (const YamlNode* added = word_fields.Take("add")) {
      if (!added->IsMap()) {
        diagnostics.Error(
            word_fields.PositionOf(*added),
            "'add' must map each word to what to write instead (synergy: working together), not " + added->KindName(),
            checks::kWrongType);
      } else {
        YamlFields added_fields(added, file, diagnostics, "add");  // reports duplicate words
        for (const auto& [word, suggestion] : added->entries) {
          std::string phrase = NormalisedPhrase(word.scalar);
          if (suggestion.kind != YamlNode::Kind::kScalar || suggestion.scalar.empty() || phrase.empty()) {
            diagnostics.Error(
                added_fields.PositionOf(suggestion.IsNull() ? word : suggestion),
                "give each word to avoid the plainer words to write instead, as '" + word.scalar + ": plainer words'",
                checks::kWrongType);
            continue;
          }
          auto found = std::find_if(config.words_to_avoid.begin(), config.words_to_avoid.end(),
                                    [&](const WordToAvoid& each) { return each.phrase == phrase; });
          if (found != config.words_to_avoid.end()) {
            found->suggestion = suggestion.scalar;  // the site's own advice wins
          } else {
            config.words_to_avoid.push_back({phrase, suggestion.scalar});
          }
        }
      }
    }
    word_fields.ReportUnknownKeys();
  }
  fields.ReportUnknownKeys();
  return config;
}

}  // namespace publish
