// Unicode text helpers: the only code that includes ICU. UTF-8 in and out.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace publish {

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
size_t FindInvalidUtf8(std::string_view text);
size_t CodePointCount(std::string_view text);
// Levenshtein distance counted in code points.
size_t EditDistance(std::string_view a, std::string_view b);
std::string ToLower(std::string_view text);
// GitHub-style heading id: lower case, punctuation dropped, each space to
// '-'; letters, marks, numbers, '_' and '-' kept.
std::string HeadingSlug(std::string_view text);
// True when the text is a well-formed BCP 47 language tag ICU knows the
// language of ("en-GB", "cy").
bool IsKnownLanguageTag(std::string_view tag);

// Locale-aware string ordering (ICU collation). Immutable after creation,
// so one instance may be shared across threads for comparisons.
class Collator {
 public:
  explicit Collator(const std::string& language_tag);
  ~Collator();
  Collator(const Collator&) = delete;
  Collator& operator=(const Collator&) = delete;
  // Negative, zero or positive like strcmp.
  int Compare(std::string_view a, std::string_view b) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Letter headings for an A to Z list ("A", "B", ... as the locale groups
// them), ICU's AlphabeticIndex.
class AlphabeticIndex {
 public:
  explicit AlphabeticIndex(const std::string& language_tag);
  ~AlphabeticIndex();
  AlphabeticIndex(const AlphabeticIndex&) = delete;
  AlphabeticIndex& operator=(const AlphabeticIndex&) = delete;
  std::string LabelFor(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Calendar words in the page's language.
// weekday: 0 = Monday ... 6 = Sunday.
std::string WeekdayName(int weekday, const std::string& language_tag);
// "Monday, Wednesday and Friday" with the locale's own list pattern.
std::string JoinAsList(const std::vector<std::string>& items, const std::string& language_tag);
// A clock time in the words people use: English "9am", "5:30pm", "midday",
// "midnight" (GOV.UK style); other languages through ICU's own pattern.
std::string ClockTimeWords(int hour, int minute, const std::string& language_tag);
// "to" between two ends of a range, in the page's language.
std::string RangeWord(const std::string& language_tag);
// "14 September 2026" in the page's language.
std::string LongDate(int year, int month, int day, const std::string& language_tag);

}  // namespace publish
