// Unicode text helpers: the only code that includes ICU. UTF-8 in and out.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace publish {

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
size_t FindInvalidUtf8(std::string_view text);
size_t CodePointCount(std::string_view text);

// The code point that starts at byte `offset` of `text`, and how many bytes
// it takes. An invalid or cut-short sequence gives code point -1 and the
// length of its maximal bad prefix (at least 1), so a caller replacing each
// with U+FFFD follows the Unicode recommendation.
struct DecodedCodePoint {
  int32_t code_point;
  size_t length;
};
DecodedCodePoint DecodeCodePoint(std::string_view text, size_t offset);
// Appends `code_point` as UTF-8; a surrogate, zero or value beyond U+10FFFF
// becomes U+FFFD.
void AppendCodePoint(uint32_t code_point, std::string& out);

// Characters no source may hold and no output may carry: C0 controls other
// than tab, line feed and carriage return; DEL; C1 controls (U+0080 to
// U+009F); and the noncharacters (U+FDD0 to U+FDEF and the last two code
// points of every plane, U+FFFE and U+FFFF among them). Terminals obey
// them, XML 1.0 forbids or discourages them, and no editor means to write them.
bool IsForbiddenCharacter(int32_t code_point);
// One forbidden character in a text: byte offset, the code point, and its
// 1-based line and code-point column (lines end at LF, CRLF or a lone CR).
struct ForbiddenCharacter {
  size_t offset;
  int32_t code_point;
  int line;
  int column;
};
// The first `limit` forbidden characters of `text`, in order; `total`
// (when given) is set to how many there are in all. Invalid UTF-8 is
// skipped: that has its own check.
std::vector<ForbiddenCharacter> FindForbiddenCharacters(std::string_view text, size_t limit, size_t* total = nullptr);
// "U+001B", "U+FFFE", "U+10FFFF".
std::string CodePointName(int32_t code_point);
// `text` fit for any output: each forbidden character replaced by
// `replacement` (by default dropped), each invalid UTF-8 sequence by U+FFFD.
// Text with neither comes back as it was.
std::string WithoutForbiddenCharacters(std::string_view text, std::string_view replacement = {});
// `text` on one line and inert in a terminal, for diagnostics: every control
// character (tab and newline included) as \t, \n, \x1b; C1 controls,
// noncharacters, line and paragraph separators and bidirectional controls
// as \u0085, \u202e; each invalid UTF-8 byte as \xff.
std::string VisiblyEscaped(std::string_view text);
// Levenshtein distance counted in code points.
size_t EditDistance(std::string_view a, std::string_view b);
// The same when it is at most `limit`, else limit + 1: only a band of
// 2 * limit + 1 diagonals is worked out, and the work stops once every
// cell passes the limit, so "did you mean" over thousands of names stays
// fast.
size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit);

// Names to suggest from ("did you mean"), each decoded once. Nearest looks
// for a match within distance 1, then 4, 16..., so a typo among thousands
// of names costs a narrow band per name, not a whole table.
class NameIndex {
 public:
  NameIndex() = default;
  explicit NameIndex(std::vector<std::string> names);
  // The nearest name and its distance; the first of equals in order.
  // {"", npos} when there are no names or none is within `max_distance`.
  std::pair<std::string, size_t> Nearest(std::string_view wanted, size_t max_distance = std::string::npos) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<int32_t>> points_;
};
std::string ToLower(std::string_view text);
// GitHub-style heading id: lower case, punctuation dropped, each space to
// '-'; letters, marks, numbers, '_' and '-' kept.
std::string HeadingSlug(std::string_view text);
// True when the text is a well-formed BCP 47 language tag ICU knows the
// language of ("en-GB", "cy").
bool IsKnownLanguageTag(std::string_view tag);

// The name of a language in that language, as a language switch names it:
// "cy" -> "Cymraeg", "en-GB" -> "English" (ICU's names); the tag itself
// when ICU has none.
std::string LanguageNameInItself(std::string_view tag);

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

// Columns a terminal or fixed-width display gives the text: East Asian
// wide and fullwidth characters take two, combining marks and format
// characters none, everything else one. Never bytes or UTF-16 units.
int DisplayWidth(std::string_view text);
// Byte length of the longest prefix of `text` at most `columns` wide,
// ending on a code point boundary; zero-width marks stay with their base.
size_t PrefixWithinWidth(std::string_view text, int columns);

// A place where a line may end (UAX #14), as a byte offset into UTF-8 text.
struct LineBreakOpportunity {
  size_t offset;
  bool mandatory;  // after a newline or another hard break
};

// ICU's line breaking for one language. Holds an ICU iterator, so use one
// per thread; it is cheap to reuse for many paragraphs.
class LineBreaker {
 public:
  explicit LineBreaker(const std::string& language_tag);
  ~LineBreaker();
  LineBreaker(const LineBreaker&) = delete;
  LineBreaker& operator=(const LineBreaker&) = delete;
  // Every opportunity after the start, in order; the last is the end of
  // the text. Without ICU data, breaks after each run of spaces.
  std::vector<LineBreakOpportunity> Opportunities(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A run of text found by segmentation: byte offsets [begin, end) into the
// UTF-8 text given.
struct TextSpan {
  size_t begin;
  size_t end;
};
// A word (UAX #29 word with letters or digits, not spaces or punctuation)
// and the index of the sentence it is in.
struct SegmentedWord {
  TextSpan span;
  size_t sentence;
};
struct SegmentedText {
  std::vector<TextSpan> sentences;
  std::vector<SegmentedWord> words;
};

// ICU's sentence and word breaking (UAX #29) for one language. Holds ICU iterators, so
// use one per thread; reuse it for many paragraphs.
class TextSegmenter {
 public:
  explicit TextSegmenter(const std::string& language_tag);
  ~TextSegmenter();
  TextSegmenter(const TextSegmenter&) = delete;
  TextSegmenter& operator=(const TextSegmenter&) = delete;
  // Fills `out` (cleared first) with the sentences of `text` and their
  // words. Without ICU data, sentences end at '.', '!' or '?' and words are
  // runs of letters and digits.
  void Segment(std::string_view text, SegmentedText& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Numbers and calendar words said aloud, for the audio channel (ICU
// RuleBasedNumberFormat). English uses the British "verbose" rules, so 101
// is "one hundred and one". Welsh is best effort: ICU's masculine cardinal
// and no ordinals, pending a Welsh speaker's review.
std::string SpellCardinal(long long number, const std::string& language_tag);
// "twenty-first"; "" when ICU has no ordinal rules for the language (Welsh).
std::string SpellOrdinal(long long number, const std::string& language_tag);
// A year as people say it: "nineteen ninety-nine", "two thousand and five",
// "twenty twenty-six". Welsh (best effort) digit by digit, as is common.
std::string SpellYear(int year, const std::string& language_tag);
// month: 1 = January ... 12 = December; the full name in the language.
std::string MonthName(int month, const std::string& language_tag);

}  // namespace publish
