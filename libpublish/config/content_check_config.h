// The `checks:` and `plain_english:` settings of site.yaml: the site's own
// severity for warning-level checks, and its plain English rules.
//
//   checks:                      # check id -> error | warning | off
//     long-sentence: off
//     missing-summary: error
//   plain_english:
//     reading_ease_minimum: 50   # Flesch reading ease, 0 to 100
//     words_to_avoid:
//       add: {synergy: working together}   # word or phrase -> plainer words
//       remove: [focus]                    # built-in entries the site allows
#pragma once

#include <string>
#include <vector>

#include "libpublish/config/yaml_fields.h"

namespace publish {

// A word or phrase the site's writers should avoid, and what to write instead.
struct WordToAvoid {
  std::string phrase;      // lower case, words separated by single spaces
  std::string suggestion;  // "plan", "work with"
};

// GOV.UK's "words to avoid" that a word match can find without reading the
// sense: those it only warns against in one sense ("agenda" unless a
// meeting's, "key" unless it unlocks, "land" as a verb) are left out,
// because councils use them rightly all the time.
const std::vector<WordToAvoid>& BuiltInWordsToAvoid();

struct PlainEnglishConfig {
  // Pages whose Flesch reading ease is below this get a warning. 50 is the
  // foot of the "fairly difficult" band: GOV.UK-style targets are 60 to 70,
  // but the syllable count is a heuristic and council pages carry long
  // words they cannot avoid (council, information), so 50 flags pages that
  // are hard by any measure without warning on most pages.
  int reading_ease_minimum = 50;
  // The built-in list with the site's additions and removals.
  std::vector<WordToAvoid> words_to_avoid = BuiltInWordsToAvoid();
};

// Reads `checks:` (null: no overrides). Only a check whose default is a
// warning may change (to error, warning or off): an error protects the
// output's safety or correctness, so it stays an error. An unknown id is
// an error with the nearest id suggested.
SeverityOverrides ReadCheckSeverities(const YamlNode* node, const std::string& file, Diagnostics& diagnostics);

// Reads `plain_english:` (null: the defaults).
PlainEnglishConfig ReadPlainEnglishConfig(const YamlNode* node, const std::string& file, Diagnostics& diagnostics);

}  // namespace publish
