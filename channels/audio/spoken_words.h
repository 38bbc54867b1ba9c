// The audio channel's normaliser: written council text to the words a
// listener hears (money, times, dates, ranges, phone numbers, postcodes,
// e-mail and web addresses, abbreviations, symbols), as SSML-ready pieces.
#pragma once

#include <string>
#include <string_view>

#include "channels/audio/ssml_writer.h"
#include "libpublish/content/page.h"

namespace publish {

// What a run of text is known to be, from its link (tel:, mailto:, an
// autolink) or its metadata field. A hint that does not fit is ignored.
enum class TextHint { kNone, kPhone, kEmail, kUrl };

// We expand everything to words ourselves rather than rely on say-as
// date/time/telephone: engines disagree on those (espeak-ng ignores most
// of them), and words sound the same on espeak-ng, Polly, Azure and Google.
//
// English (en-GB) is the reference. Welsh (cy) is BEST EFFORT: ICU's Welsh
// cardinals, our own short tables for digits, ordinals 1 to 31, times and
// money, and no mutations beyond a few fixed phrases. It needs review by
// a Welsh speaker. Any other language is read with the English rules.
class SpokenWords {
 public:
  explicit SpokenWords(std::string language_tag);

  bool welsh() const { return welsh_; }
  const std::string& language() const { return language_; }

  // Running text: finds and expands every token it knows.
  Spoken Say(std::string_view text, TextHint hint = TextHint::kNone) const;
  // As Say, then the pieces as inline SSML (what goes inside an <s>).
  std::string SayAsSsml(std::string_view text, TextHint hint = TextHint::kNone) const;

  // "01632 960 100": digit by digit, a pause between the written groups
  // (numbers written without spaces are grouped the UK way). Not say-as
  // "telephone": espeak-ng reads that in pairs whatever the written groups
  // ("zero three / zero zero / ..."), and Polly, Azure and Google each
  // group differently; digit words with breaks sound the same everywhere
  // and follow the groups the listener sees on a letter. Zero is "zero",
  // the formal reading.
  Spoken Phone(std::string_view number) const;
  // "council.tax@northbridge.example.gov.uk": "council dot tax at ...".
  Spoken Email(std::string_view address) const;
  // Without scheme or "www."; a path only when it is one short word.
  Spoken Url(std::string_view url) const;
  // Outward and inward code spelt out, with a short pause between.
  Spoken Postcode(std::string_view outward, std::string_view inward) const;

  std::string Number(long long number) const;
  std::string Year(int year) const;
  // pounds and pence: "twenty-five pounds fifty", "fifty pence".
  std::string Money(long long pounds, int pence) const;
  // 24-hour clock to the 12-hour words people say: "nine AM", "five
  // thirty PM", "midday".
  std::string Time(int hour, int minute) const;
  // weekday 0 = Monday, or -1 for none: "Monday the fifth of January,
  // twenty twenty-six".
  std::string Date(int year, int month, int day, int weekday = -1) const;
  // "Monday to Friday, nine AM to five PM".
  std::string Hours(const OpeningHours& hours) const;

 private:
  friend class Sayer;
  std::string Digits(std::string_view digits) const;
  std::string Ordinal(long long number) const;
  std::string RangeWord() const;

  std::string language_;
  bool welsh_ = false;
};

}  // namespace publish
