// Unicode text helpers: heading slugs, edit distance and suggestions, and
// the calendar and clock words service pages use.
#include <catch2/catch.hpp>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/text.h"

using namespace publish;

TEST_CASE("Text: heading slugs are GitHub-style", "[text]") {
  CHECK(HeadingSlug("Pay your council tax") == "pay-your-council-tax");
  CHECK(HeadingSlug("What's new?") == "whats-new");
  CHECK(HeadingSlug("Bins, boxes & bags!") == "bins-boxes--bags");
  CHECK(HeadingSlug("2026/27 charges") == "202627-charges");
  CHECK(HeadingSlug("Council tax: bands A–H") == "council-tax-bands-ah");  // en dash dropped
  CHECK(HeadingSlug("snake_case and kebab-case") == "snake_case-and-kebab-case");
  CHECK(HeadingSlug("Two  spaces") == "two--spaces");
  CHECK(HeadingSlug("(Brackets) [and] {braces}") == "brackets-and-braces");
  CHECK(HeadingSlug("Quotes “curly” and \"straight\"") == "quotes-curly-and-straight");
  CHECK(HeadingSlug("") == "");
  CHECK(HeadingSlug("???") == "");
}

TEST_CASE("Text: heading slugs keep Unicode letters and lower-case them", "[text]") {
  CHECK(HeadingSlug("Café menu") == "café-menu");
  CHECK(HeadingSlug("ÉCOLE") == "école");
  CHECK(HeadingSlug("Ŵyl Dewi") == "ŵyl-dewi");
  CHECK(HeadingSlug("Talu treth y cyngor – ar-lein") == "talu-treth-y-cyngor--ar-lein");
  CHECK(HeadingSlug("Straße") == "straße");
  CHECK(HeadingSlug("Numbers ٣ and ½") == "numbers-٣-and-½");
}

TEST_CASE("Text: code points are counted, not bytes", "[text]") {
  CHECK(CodePointCount("") == 0);
  CHECK(CodePointCount("abc") == 3);
  CHECK(CodePointCount("café") == 4);
  CHECK(CodePointCount("Ŵyl") == 3);
  CHECK(CodePointCount("😀") == 1);
}

TEST_CASE("Text: invalid UTF-8 is found at its byte offset", "[text]") {
  CHECK(FindInvalidUtf8("plain ascii") == std::string_view::npos);
  CHECK(FindInvalidUtf8("café") == std::string_view::npos);
  CHECK(FindInvalidUtf8("caf\xE9") == 3);   // Latin-1 é
  CHECK(FindInvalidUtf8("ab\xC3") == 2);    // truncated sequence
  CHECK(FindInvalidUtf8("\xC0\xAF") == 0);  // overlong '/'
  CHECK(FindInvalidUtf8("é\xFF") == 2);
  CHECK(FindInvalidUtf8("\xED\xA0\x80") == 0);  // UTF-16 surrogate
}

TEST_CASE("Text: edit distance counts code points", "[text]") {
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("same", "same") == 0);
  CHECK(EditDistance("Monday", "Munday") == 1);
  CHECK(EditDistance("café", "cafe") == 1);
  CHECK(EditDistance("ŵyl", "wyl") == 1);
  CHECK(EditDistance("summary", "sumary") == 1);
  CHECK(EditDistance("ab", "ba") == 2);
}

TEST_CASE("Text: closest match suggests only near misses", "[text]") {
  const std::vector<std::string> days{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  CHECK(ClosestMatch("Munday", days) == "Monday");
  CHECK(ClosestMatch("Wensday", days) == "Wednesday");
  CHECK(ClosestMatch("Thurdsay", days) == "Thursday");
  CHECK(ClosestMatch("Holiday", days) == "");  // too far from every day
  CHECK(ClosestMatch("xyz", days) == "");
  CHECK(ClosestMatch("Monday", days) == "");  // an exact match is no suggestion
  CHECK(ClosestMatch("anything", {}) == "");

  const std::vector<std::string> keys{"title", "summary", "type", "visibility"};
  CHECK(ClosestMatch("titel", keys) == "title");
  CHECK(ClosestMatch("sumary", keys) == "summary");
  CHECK(ClosestMatch("visiblity", keys) == "visibility");
}

TEST_CASE("Text: did-you-mean wraps the closest match in words", "[text]") {
  CHECK(DidYouMean("titel", {"title", "summary"}) == " (did you mean 'title'?)");
  CHECK(DidYouMean("colour", {"title", "summary"}) == "");
  CHECK(DidYouMean("pubic", {"public", "intranet", "kiosk", "text", "audio"}) == " (did you mean 'public'?)");
}

TEST_CASE("Text: weekday names in English", "[text]") {
  CHECK(WeekdayName(0, "en-GB") == "Monday");
  CHECK(WeekdayName(1, "en-GB") == "Tuesday");
  CHECK(WeekdayName(4, "en-GB") == "Friday");
  CHECK(WeekdayName(5, "en-GB") == "Saturday");
  CHECK(WeekdayName(6, "en-GB") == "Sunday");
}

TEST_CASE("Text: weekday names in Welsh", "[text]") {
  CHECK(WeekdayName(0, "cy") == "Dydd Llun");
  CHECK(WeekdayName(1, "cy") == "Dydd Mawrth");
  CHECK(WeekdayName(2, "cy") == "Dydd Mercher");
  CHECK(WeekdayName(3, "cy") == "Dydd Iau");
  CHECK(WeekdayName(4, "cy") == "Dydd Gwener");
  CHECK(WeekdayName(5, "cy") == "Dydd Sadwrn");
  CHECK(WeekdayName(6, "cy") == "Dydd Sul");
  CHECK(WeekdayName(0, "cy-GB") == "Dydd Llun");
}

TEST_CASE("Text: clock times in the words people use", "[text]") {
  CHECK(ClockTimeWords(9, 0, "en-GB") == "9am");
  CHECK(ClockTimeWords(17, 30, "en-GB") == "5:30pm");
  CHECK(ClockTimeWords(17, 0, "en-GB") == "5pm");
  CHECK(ClockTimeWords(12, 0, "en-GB") == "midday");
  CHECK(ClockTimeWords(12, 30, "en-GB") == "12:30pm");
  CHECK(ClockTimeWords(0, 0, "en-GB") == "midnight");
  CHECK(ClockTimeWords(24, 0, "en-GB") == "midnight");
  CHECK(ClockTimeWords(0, 30, "en-GB") == "12:30am");
  CHECK(ClockTimeWords(9, 5, "en-GB") == "9:05am");
  CHECK(ClockTimeWords(23, 59, "en") == "11:59pm");
}

TEST_CASE("Text: clock times in Welsh keep the minutes", "[text][welsh]") {
  CHECK_THAT(ClockTimeWords(17, 30, "cy"), Catch::Contains("30"));
  CHECK_THAT(ClockTimeWords(9, 5, "cy"), Catch::Contains("05"));
}

TEST_CASE("Text: Welsh times on the hour are not a bare hour", "[text][welsh]") {
  // ICU's 24-hour cy pattern for a time on the hour is a bare "09", which
  // made opening hours read "09 i 17:30". Either "09:00" or "9yb" will do.
  std::string words = ClockTimeWords(9, 0, "cy");
  CHECK(words != "09");
  CHECK((words.find(":00") != std::string::npos || words.find("yb") != std::string::npos));
}

TEST_CASE("Text: lists joined with the locale's own pattern", "[text]") {
  CHECK(JoinAsList({"Monday", "Wednesday", "Friday"}, "en-GB") == "Monday, Wednesday and Friday");
  CHECK(JoinAsList({"Monday", "Friday"}, "en-GB") == "Monday and Friday");
  CHECK(JoinAsList({"Monday"}, "en-GB") == "Monday");
  CHECK(JoinAsList({}, "en-GB") == "");
}

TEST_CASE("Text: Welsh lists read 'X, Y a Z'", "[text][welsh]") {
  // text.cc JoinAsList hands ICU's cy list pattern through as it is, which
  // gives "Dydd Llun, Dydd Mercher, a(c) Dydd Gwener": the "a(c)" is CLDR's
  // placeholder for the a/ac alternation, not Welsh a reader expects.
  CHECK(JoinAsList({"Dydd Llun", "Dydd Mercher", "Dydd Gwener"}, "cy") == "Dydd Llun, Dydd Mercher a Dydd Gwener");
}

TEST_CASE("Text: range words and long dates in the page's language", "[text]") {
  CHECK(RangeWord("en-GB") == "to");
  CHECK(RangeWord("cy") == "i");
  CHECK(LongDate(2026, 9, 14, "en-GB") == "14 September 2026");
  CHECK(LongDate(2026, 1, 1, "en-GB") == "1 January 2026");
  CHECK(LongDate(2026, 9, 14, "cy") == "14 Medi 2026");
}

TEST_CASE("Text: language tags must be well formed and known", "[text]") {
  CHECK(IsKnownLanguageTag("en-GB"));
  CHECK(IsKnownLanguageTag("en"));
  CHECK(IsKnownLanguageTag("cy"));
  CHECK(IsKnownLanguageTag("cy-GB"));
  CHECK(IsKnownLanguageTag("gd"));
  CHECK_FALSE(IsKnownLanguageTag(""));
  CHECK_FALSE(IsKnownLanguageTag("en_GB"));
  CHECK_FALSE(IsKnownLanguageTag("english"));
  CHECK_FALSE(IsKnownLanguageTag("xx"));
  CHECK_FALSE(IsKnownLanguageTag("en GB"));
}

TEST_CASE("Text: lower-casing is Unicode-aware", "[text]") {
  CHECK(ToLower("MONDAY") == "monday");
  CHECK(ToLower("ÉCOLE") == "école");
  CHECK(ToLower("ŴYL") == "ŵyl");
}

TEST_CASE("Text: collation sorts the way people expect", "[text]") {
  Collator collator("en-GB");
  CHECK(collator.Compare("apple", "Banana") < 0);  // case does not decide first
  CHECK(collator.Compare("école", "zebra") < 0);   // accents sort with their letter
  CHECK(collator.Compare("same", "same") == 0);
}

TEST_CASE("Text: alphabetic index labels group by first letter", "[text]") {
  AlphabeticIndex index("en-GB");
  CHECK(index.LabelFor("Apply for a parking permit") == "A");
  CHECK(index.LabelFor("bins") == "B");
  CHECK(index.LabelFor("École") == "E");
  CHECK(index.LabelFor("24-hour helpline") == "#");
}

TEST_CASE("Text: the bounded edit distance agrees with the full one up to its limit", "[text]") {
  // Every pair of short words over a small alphabet (Welsh letters too),
  // every limit: the exact distance when within it, limit + 1 beyond.
  std::vector<std::string> letters{"a", "b", "c", "ŵ"};
  std::vector<std::string> words{""};
  for (size_t length = 1; length <= 4; ++length) {
    size_t start = words.size();
    for (size_t i = 0; i < start; ++i) {
      if (CodePointCount(words[i]) != length - 1) continue;
      for (const auto& letter : letters) words.push_back(words[i] + letter);
    }
  }
  REQUIRE(words.size() == 1 + 4 + 16 + 64 + 256);
  size_t pairs = 0;
  for (size_t i = 0; i < words.size(); i += 3) {
    for (size_t j = 0; j < words.size(); j += 2) {
      size_t exact = EditDistance(words[i], words[j]);
      for (size_t limit = 0; limit <= 5; ++limit) {
        INFO(words[i] << " / " << words[j] << " limit " << limit);
        CHECK(BoundedEditDistance(words[i], words[j], limit) == std::min(exact, limit + 1));
        ++pairs;
      }
    }
  }
  CHECK(pairs > 60'000);
  CHECK(BoundedEditDistance("content/bins/collection-days.md", "content/bins/collection-dayz.md", 2) == 1);
  CHECK(BoundedEditDistance("content/bins/collection-days.md", "content/parking/permits.md", 3) == 4);
}
