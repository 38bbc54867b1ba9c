#include "libpublish/base/text.h"

#include <unicode/alphaindex.h>
#include <unicode/brkiter.h>
#include <unicode/coll.h>
#include <unicode/datefmt.h>
#include <unicode/dtfmtsym.h>
#include <unicode/gregocal.h>
#include <unicode/listformatter.h>
#include <unicode/locid.h>
#include <unicode/rbnf.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>
#include <numeric>
#include <unordered_map>

namespace publish {
namespace {

icu::UnicodeString FromUtf8(std::string_view text) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

std::string ToUtf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::vector<UChar32> CodePoints(std::string_view text) {
  std::vector<UChar32> points;
  points.reserve(text.size());
  int32_t i = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    points.push_back(c < 0 ? 0xFFFD : c);
  }
  return points;
}

icu::Locale LocaleFor(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
  if (U_FAILURE(status) || locale.isBogus()) return icu::Locale("en", "GB");
  return locale;
}

bool IsEnglish(const std::string& tag) { return tag.empty() || tag.rfind("en", 0) == 0; }
bool IsWelsh(const std::string& tag) { return tag == "cy" || tag.rfind("cy-", 0) == 0; }

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::string_view::npos;
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

DecodedCodePoint DecodeCodePoint(std::string_view text, size_t offset) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  unsigned char first = bytes[offset];
  if (first < 0x80) return {first, 1};
  // U8_NEXT takes int32_t lengths: look at no more than one sequence.
  int32_t length = static_cast<int32_t>(std::min<size_t>(text.size() - offset, 4));
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(bytes + offset, i, length, c);
  return {c < 0 ? -1 : c, static_cast<size_t>(std::max(i, 1))};
}

bool IsForbiddenCharacter(int32_t c) {
  if (c < 0) return false;  // not a code point: invalid UTF-8 has its own check
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
  if (c < 0x7F) return false;
  if (c <= 0x9F) return true;  // DEL and the C1 controls
  if (c >= 0xFDD0 && c <= 0xFDEF) return true;
  return (c & 0xFFFE) == 0xFFFE;
}

std::vector<ForbiddenCharacter> FindForbiddenCharacters(std::string_view text, size_t limit, size_t* total) {
  std::vector<ForbiddenCharacter> found;
  size_t count = 0;
  int line = 1;
  int column = 1;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++column;
      ++i;
      continue;
    }
    if (byte == '\n' || byte == '\r') {
      if (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      column = 1;
      ++i;
      continue;
    }
    DecodedCodePoint decoded = DecodeCodePoint(text, i);
    if (IsForbiddenCharacter(decoded.code_point)) {
      if (found.size() < limit) found.push_back({i, decoded.code_point, line, column});
      ++count;
    }
    ++column;
    i += decoded.length;
  }
  if (total != nullptr) *total = count;
  return found;
}

std::string CodePointName(int32_t code_point) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(code_point));
  return buffer;
}

std::string WithoutForbiddenCharacters(std::string_view text, std::string_view replacement) {
  auto plain = [](unsigned char byte) {
    return (byte >= 0x20 && byte < 0x7F) || byte == '\t' || byte == '\n' || byte == '\r';
  };
  size_t i = 0;
  while (i < text.size() && plain(static_cast<unsigned char>(text[i]))) ++i;
  std::string out;
  out.reserve(text.size());
  out.append(text.substr(0, i));
  while (i < text.size()) {
    if (plain(static_cast<unsigned char>(text[i]))) {
      out += text[i++];
      continue;
    }
    DecodedCodePoint decoded = DecodeCodePoint(text, i);
    if (decoded.code_point < 0) {
      out += "\xEF\xBF\xBD";
    } else if (IsForbiddenCharacter(decoded.code_point)) {
      out += replacement;
    } else {
      out.append(text.substr(i, decoded.length));
    }
    i += decoded.length;
  }
  return out;
}

std::string VisiblyEscaped(std::string_view text) {
  static const char* kHex = "0123456789abcdef";
  auto hidden = [](int32_t c) {
    return IsForbiddenCharacter(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
  };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      out += text[i++];
      continue;
    }
    if (byte < 0x20 || byte == 0x7F) {
      switch (byte) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\x";
          out += kHex[byte >> 4];
          out += kHex[byte & 15];
      }
      ++i;
      continue;
    }
    DecodedCodePoint decoded = DecodeCodePoint(text, i);
    if (decoded.code_point < 0) {
      for (size_t j = 0; j < decoded.length; ++j) {
        unsigned char bad = static_cast<unsigned char>(text[i + j]);
        out += "\\x";
        out += kHex[bad >> 4];
        out += kHex[bad & 15];
      }
    } else if (hidden(decoded.code_point)) {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, decoded.code_point > 0xFFFF ? "\\U%08x" : "\\u%04x",
                    static_cast<unsigned>(decoded.code_point));
      out += buffer;
    } else {
      out.append(text.substr(i, decoded.length));
    }
    i += decoded.length;
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  auto left = CodePoints(a);
  auto right = CodePoints(b);
  std::vector<size_t> row(right.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= left.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= right.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (left[i - 1] == right[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[right.size()];
}

namespace {

// Levenshtein distance of two code point sequences when at most `limit`,
// else limit + 1, over the band |i - j| <= limit only.
size_t BoundedDistance(const std::vector<UChar32>& left, const std::vector<UChar32>& right, size_t limit) {
  size_t over = limit + 1;
  size_t difference = left.size() > right.size() ? left.size() - right.size() : right.size() - left.size();
  if (difference > limit) return over;
  if (left.empty() || right.empty()) return std::max(left.size(), right.size());
  // row[j]: the distance of left[0, i) to right[0, j), capped at `over`;
  // cells outside the band are `over` by definition.
  std::vector<size_t> row(right.size() + 1, over);
  for (size_t j = 0; j <= std::min(right.size(), limit); ++j) row[j] = j;
  for (size_t i = 1; i <= left.size(); ++i) {
    size_t from = i > limit ? i - limit : 1;
    size_t to = std::min(right.size(), i + limit);
    size_t diagonal = row[from - 1];  // row i-1, column from-1
    row[from - 1] = from == 1 && i <= limit ? i : over;
    size_t smallest = row[from - 1];
    for (size_t j = from; j <= to; ++j) {
      size_t above = row[j];
      size_t cell = std::min({above + 1, row[j - 1] + 1, diagonal + (left[i - 1] == right[j - 1] ? 0 : 1)});
      row[j] = std::min(cell, over);
      smallest = std::min(smallest, row[j]);
      diagonal = above;
    }
    if (to < right.size()) row[to + 1] = over;  // it leaves the band on the next row
    if (smallest > limit) return over;
  }
  return std::min(row[right.size()], over);
}

}  // namespace

size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit) {
  return BoundedDistance(CodePoints(a), CodePoints(b), limit);
}

NameIndex::NameIndex(std::vector<std::string> names) : names_(std::move(names)) {
  points_.reserve(names_.size());
  for (const auto& name : names_) points_.push_back(CodePoints(name));
}

std::pair<std::string, size_t> NameIndex::Nearest(std::string_view wanted, size_t max_distance) const {
  std::vector<UChar32> target = CodePoints(wanted);
  size_t longest = target.size();
  for (const auto& points : points_) longest = std::max(longest, points.size());
  max_distance = std::min(max_distance, longest);  // no two names are further apart
  for (size_t limit = std::min<size_t>(1, max_distance);; limit = std::min(limit * 4, max_distance)) {
    // Within `limit`, the nearest of all: each name needs only to beat the
    // best so far, so the band narrows as the search goes.
    size_t best = std::string::npos;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < points_.size() && best_distance > 0; ++i) {
      size_t distance = BoundedDistance(target, points_[i], best_distance - 1);
      if (distance < best_distance) {
        best_distance = distance;
        best = i;
      }
    }
    if (best != std::string::npos) return {names_[best], best_distance};
    if (limit >= max_distance) return {"", std::string::npos};
  }
}

std::string ToLower(std::string_view text) {
  // ASCII lowers the same in every Unicode case mapping, without ICU's copies.
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string lower(text);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
  }
  icu::UnicodeString s = FromUtf8(text);
  s.toLower(icu::Locale::getRoot());
  return ToUtf8(s);
}

std::string HeadingSlug(std::string_view text) {
  icu::UnicodeString lower = FromUtf8(text);
  lower.toLower(icu::Locale::getRoot());
  icu::UnicodeString slug;
  for (int32_t i = 0; i < lower.length();) {
    UChar32 c = lower.char32At(i);
    i += U16_LENGTH(c);
    if (c == ' ') {
      slug.append(UChar32('-'));
      continue;
    }
    int8_t type = u_charType(c);
    bool word = (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0 ||
                type == U_CONNECTOR_PUNCTUATION || c == '-';
    if (word) slug.append(c);
  }
  return ToUtf8(slug);
}

bool IsKnownLanguageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  for (char c : tag) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(std::string(tag), status);
  if (U_FAILURE(status) || locale.isBogus() || std::string(locale.getLanguage()).empty()) return false;
  // ICU accepts any syntactically valid tag; require a language it has a name for.
  icu::UnicodeString name;
  locale.getDisplayLanguage(icu::Locale("en"), name);
  return name != FromUtf8(locale.getLanguage());
}

std::string LanguageNameInItself(std::string_view tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(std::string(tag), status);
  if (U_FAILURE(status) || locale.isBogus()) return std::string(tag);
  icu::UnicodeString name;
  icu::Locale language(locale.getLanguage());
  language.getDisplayLanguage(language, name);
  if (name.isEmpty()) return std::string(tag);
  name.replace(0, 1, icu::UnicodeString(name, 0, 1).toTitle(nullptr, language));
  std::string text;
  name.toUTF8String(text);
  return text;
}

struct Collator::Impl {
  std::unique_ptr<icu::Collator> collator;
};

Collator::Collator(const std::string& language_tag) : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->collator.reset(icu::Collator::createInstance(LocaleFor(language_tag), status));
  if (U_FAILURE(status)) impl_->collator.reset();
}

Collator::~Collator() = default;

int Collator::Compare(std::string_view a, std::string_view b) const {
  if (!impl_->collator) return a.compare(b);
  UErrorCode status = U_ZERO_ERROR;
  UCollationResult result =
      impl_->collator->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                   icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  if (U_FAILURE(status)) return a.compare(b);
  return static_cast<int>(result);
}

struct AlphabeticIndex::Impl {
  std::unique_ptr<icu::AlphabeticIndex::ImmutableIndex> index;
};

AlphabeticIndex::AlphabeticIndex(const std::string& language_tag) : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  icu::AlphabeticIndex builder(LocaleFor(language_tag), status);
  if (U_SUCCESS(status)) impl_->index.reset(builder.buildImmutableIndex(status));
  if (U_FAILURE(status)) impl_->index.reset();
}

AlphabeticIndex::~AlphabeticIndex() = default;

std::string AlphabeticIndex::LabelFor(std::string_view name) const {
  if (impl_->index) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t bucket = impl_->index->getBucketIndex(FromUtf8(name), status);
    const icu::AlphabeticIndex::Bucket* found = impl_->index->getBucket(bucket);
    if (U_SUCCESS(status) && found != nullptr) {
      std::string label = ToUtf8(found->getLabel());
      // Overflow and underflow buckets have symbolic labels; group them as "#".
      if (found->getLabelType() == U_ALPHAINDEX_NORMAL) return label;
      return "#";
    }
  }
  return name.empty() ? "#" : std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(name[0]))));
}

namespace {

std::array<std::string, 7> LoadWeekdayNames(const std::string& language_tag) {
  std::array<std::string, 7> out;
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = LocaleFor(language_tag);
  icu::DateFormatSymbols symbols(locale, status);
  int32_t count = 0;
  const icu::UnicodeString* names =
      symbols.getWeekdays(count, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
  if (U_FAILURE(status) || names == nullptr) return out;
  for (int weekday = 0; weekday < 7; ++weekday) {
    // ICU numbers weekdays from Sunday = 1.
    int32_t index = (weekday + 1) % 7 + 1;
    if (index >= count) continue;
    icu::UnicodeString name = names[index];
    // Day names start with a capital in running text.
    if (!name.isEmpty()) name.replace(0, 1, icu::UnicodeString(name.tempSubString(0, 1)).toUpper(locale));
    out[static_cast<size_t>(weekday)] = ToUtf8(name);
  }
  return out;
}

}  // namespace

std::string WeekdayName(int weekday, const std::string& language_tag) {
  if (weekday < 0 || weekday > 6) return "";
  // Loading ICU's calendar data is slow; names are asked for on every service page.
  static std::mutex mutex;
  static std::map<std::string, std::array<std::string, 7>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(language_tag);
  if (it == cache.end()) it = cache.emplace(language_tag, LoadWeekdayNames(language_tag)).first;
  return it->second[static_cast<size_t>(weekday)];
}

std::string JoinAsList(const std::vector<std::string>& items, const std::string& language_tag) {
  if (IsWelsh(language_tag) && items.size() > 1) {
    // ICU's Welsh pattern prints "a(c)"; the choice is ours: "ac" before a vowel.
    std::string out;
    for (size_t i = 0; i + 1 < items.size(); ++i) out += (i ? ", " : "") + items[i];
    const std::string& last = items.back();
    bool vowel = !last.empty() && std::string("AEIOUWYaeiouwy").find(last[0]) != std::string::npos;
    return out + (vowel ? " ac " : " a ") + last;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::ListFormatter> formatter(icu::ListFormatter::createInstance(LocaleFor(language_tag), status));
  if (U_FAILURE(status) || !formatter) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
  }
  std::vector<icu::UnicodeString> parts;
  for (const auto& item : items) parts.push_back(FromUtf8(item));
  icu::UnicodeString result;
  formatter->format(parts.data(), static_cast<int32_t>(parts.size()), result, status);
  return ToUtf8(result);
}

std::string ClockTimeWords(int hour, int minute, const std::string& language_tag) {
  if (IsEnglish(language_tag)) {
    if (minute == 0 && hour == 12) return "midday";
    if (minute == 0 && (hour == 0 || hour == 24)) return "midnight";
    int twelve = hour % 12 == 0 ? 12 : hour % 12;
    std::string out = std::to_string(twelve);
    if (minute != 0) out += (minute < 10 ? ":0" : ":") + std::to_string(minute);
    return out + (hour < 12 || hour == 24 ? "am" : "pm");
  }
  UErrorCode status = U_ZERO_ERROR;
  // Welsh style follows English: "9yb", "5:30yh". Elsewhere the locale's own
  // clock ("09:00"), always with minutes so a bare "09" is never shown.
  std::unique_ptr<icu::DateFormat> format;
  if (IsWelsh(language_tag)) {
    format = std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString(minute == 0 ? u"ha" : u"h:mma"),
                                                     LocaleFor(language_tag), status);
  } else {
    format.reset(icu::DateFormat::createInstanceForSkeleton("jmm", LocaleFor(language_tag), status));
  }
  if (U_FAILURE(status) || !format)
    return std::to_string(hour) + ":" + (minute < 10 ? "0" : "") + std::to_string(minute);
  format->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  icu::UnicodeString out;
  format->format(static_cast<UDate>((hour * 60 + minute) * 60 * 1000.0), out);
  return ToUtf8(out);
}

std::string RangeWord(const std::string& language_tag) {
  if (IsWelsh(language_tag)) return "i";
  if (IsEnglish(language_tag)) return "to";
  return "–";
}

std::string LongDate(int year, int month, int day, const std::string& language_tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar calendar(icu::TimeZone::createTimeZone("UTC"), status);
  calendar.clear();
  calendar.set(year, month - 1, day);
  UDate date = calendar.getTime(status);
  std::unique_ptr<icu::DateFormat> format(
      icu::DateFormat::createInstanceForSkeleton("dMMMMy", LocaleFor(language_tag), status));
  if (U_FAILURE(status) || !format) {
    return std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day);
  }
  format->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  icu::UnicodeString out;
  format->format(date, out);
  return ToUtf8(out);
}

namespace {

int CodePointWidth(UChar32 c) {
  int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR || type == U_CONTROL_CHAR) {
    return 0;
  }
  // Hangul medial vowels and final consonants join the syllable before them.
  if (c >= 0x1160 && c <= 0x11FF) return 0;
  int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

}  // namespace

int DisplayWidth(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  int width = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    width += CodePointWidth(c < 0 ? 0xFFFD : c);
  }
  return width;
}

size_t PrefixWithinWidth(std::string_view text, int columns) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  int width = 0;
  while (i < length) {
    int32_t next = i;
    UChar32 c;
    U8_NEXT(bytes, next, length, c);
    int w = CodePointWidth(c < 0 ? 0xFFFD : c);
    if (w > 0 && width + w > columns) break;
    width += w;
    i = next;
  }
  return static_cast<size_t>(i);
}

namespace {

struct UTextCloser {
  void operator()(UText* text) const { utext_close(text); }
};

}  // namespace

struct LineBreaker::Impl {
  std::unique_ptr<icu::BreakIterator> iterator;
};

LineBreaker::LineBreaker(const std::string& language_tag) : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->iterator.reset(icu::BreakIterator::createLineInstance(LocaleFor(language_tag), status));
  if (U_FAILURE(status)) impl_->iterator.reset();
}

LineBreaker::~LineBreaker() = default;

std::vector<LineBreakOpportunity> LineBreaker::Opportunities(std::string_view text) {
  std::vector<LineBreakOpportunity> out;
  if (text.empty()) return out;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> utext;
  if (impl_->iterator) {
    // Over the UTF-8 bytes themselves, so offsets come back as byte offsets.
    utext.reset(utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
    if (U_SUCCESS(status)) impl_->iterator->setText(utext.get(), status);
  }
  if (!impl_->iterator || U_FAILURE(status)) {
    for (size_t i = 0; i < text.size(); ++i) {
      bool end_of_spaces = text[i] == ' ' && (i + 1 == text.size() || text[i + 1] != ' ');
      if (text[i] == '\n' || end_of_spaces) out.push_back({i + 1, text[i] == '\n'});
    }
    if (out.empty() || out.back().offset != text.size()) out.push_back({text.size(), false});
    return out;
  }
  icu::BreakIterator& iterator = *impl_->iterator;
  iterator.first();
  for (int32_t at = iterator.next(); at != icu::BreakIterator::DONE; at = iterator.next()) {
    int32_t rule = iterator.getRuleStatus();
    out.push_back({static_cast<size_t>(at), rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT});
  }
  return out;
}

struct TextSegmenter::Impl {
  std::unique_ptr<icu::BreakIterator> sentences;
  std::unique_ptr<icu::BreakIterator> words;
};

TextSegmenter::TextSegmenter(const std::string& language_tag) : impl_(std::make_unique<Impl>()) {
  // Plain UAX #29 rules, without ICU's abbreviation list ("ss=standard"):
  // that list also keeps a postcode's full stop ("NB1 9ZZ. Write") from
  // ending the sentence. "e.g. this" stays one sentence either way (a
  // lower-case word follows); "Mr. Smith" splits, which only undercounts.
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = LocaleFor(language_tag);
  impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status)) impl_->sentences.reset();
  status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(locale, status));
  if (U_FAILURE(status)) impl_->words.reset();
}

TextSegmenter::~TextSegmenter() = default;

namespace {

bool IsAsciiWordByte(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80 || c == '\''; }

// Without ICU data: '.', '!' or '?' ends a sentence, letters and digits make words.
void SegmentSimply(std::string_view text, SegmentedText& out) {
  size_t sentence_start = 0;
  for (size_t i = 0; i < text.size();) {
    if (IsAsciiWordByte(static_cast<unsigned char>(text[i]))) {
      size_t end = i;
      while (end < text.size() && IsAsciiWordByte(static_cast<unsigned char>(text[end]))) ++end;
      out.words.push_back({{i, end}, out.sentences.size()});
      i = end;
      continue;
    }
    if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
      size_t end = i + 1;
      while (end < text.size() && text[end] == ' ') ++end;
      out.sentences.push_back({sentence_start, end});
      sentence_start = end;
      i = end;
      continue;
    }
    ++i;
  }
  if (sentence_start < text.size()) out.sentences.push_back({sentence_start, text.size()});
}

}  // namespace

void TextSegmenter::Segment(std::string_view text, SegmentedText& out) {
  out.sentences.clear();
  out.words.clear();
  if (text.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> utext;
  if (impl_->sentences && impl_->words) {
    // Over the UTF-8 bytes themselves, so offsets come back as byte offsets.
    utext.reset(utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
    if (U_SUCCESS(status)) impl_->sentences->setText(utext.get(), status);
    if (U_SUCCESS(status)) impl_->words->setText(utext.get(), status);
  }
  if (!impl_->sentences || !impl_->words || U_FAILURE(status)) {
    SegmentSimply(text, out);
    return;
  }
  icu::BreakIterator& sentences = *impl_->sentences;
  int32_t start = sentences.first();
  for (int32_t end = sentences.next(); end != icu::BreakIterator::DONE; start = end, end = sentences.next()) {
    out.sentences.push_back({static_cast<size_t>(start), static_cast<size_t>(end)});
  }
  icu::BreakIterator& words = *impl_->words;
  size_t sentence = 0;
  start = words.first();
  for (int32_t end = words.next(); end != icu::BreakIterator::DONE; start = end, end = words.next()) {
    // Spaces and punctuation have the status UBRK_WORD_NONE; words with
    // letters, digits, kana or ideographs are above it.
    if (words.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    while (sentence + 1 < out.sentences.size() && out.sentences[sentence].end <= static_cast<size_t>(start)) {
      ++sentence;
    }
    out.words.push_back({{static_cast<size_t>(start), static_cast<size_t>(end)}, sentence});
  }
}

namespace {

// One spell-out formatter per language and thread: building one parses
// ICU's rules (slow), and sharing one across threads would need a lock.
icu::RuleBasedNumberFormat* SpelloutFor(const std::string& language_tag) {
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::RuleBasedNumberFormat>> cache;
  auto it = cache.find(language_tag);
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    auto format = std::make_unique<icu::RuleBasedNumberFormat>(icu::URBNF_SPELLOUT, LocaleFor(language_tag), status);
    if (U_FAILURE(status)) format.reset();
    it = cache.emplace(language_tag, std::move(format)).first;
  }
  return it->second.get();
}

bool HasRuleSet(const icu::RuleBasedNumberFormat& format, const char16_t* name) {
  for (int32_t i = 0; i < format.getNumberOfRuleSetNames(); ++i) {
    if (format.getRuleSetName(i) == icu::UnicodeString(name)) return true;
  }
  return false;
}

// "" when the language has no such rule set.
std::string Spell(long long number, const std::string& language_tag, const char16_t* rule_set) {
  icu::RuleBasedNumberFormat* format = SpelloutFor(language_tag);
  if (format == nullptr || !HasRuleSet(*format, rule_set)) return "";
  UErrorCode status = U_ZERO_ERROR;
  icu::FieldPosition position;
  icu::UnicodeString out;
  format->format(static_cast<int64_t>(number), icu::UnicodeString(rule_set), out, position, status);
  if (U_FAILURE(status)) return "";
  return ToUtf8(out);
}

}  // namespace

std::string SpellCardinal(long long number, const std::string& language_tag) {
  std::string out;
  if (IsEnglish(language_tag)) {
    out = Spell(number, language_tag, u"%spellout-cardinal-verbose");
  } else if (IsWelsh(language_tag)) {
    out = Spell(number, language_tag, u"%spellout-cardinal-masculine");
  } else {
    out = Spell(number, language_tag, u"%spellout-cardinal");
  }
  return out.empty() ? std::to_string(number) : out;
}

std::string SpellOrdinal(long long number, const std::string& language_tag) {
  if (IsEnglish(language_tag)) return Spell(number, language_tag, u"%spellout-ordinal-verbose");
  return Spell(number, language_tag, u"%spellout-ordinal");
}

std::string SpellYear(int year, const std::string& language_tag) {
  if (IsWelsh(language_tag)) {
    // ICU's Welsh year rules give "un mil naw cant..." (mil is feminine);
    // digit by digit is how years are commonly read aloud in Welsh.
    std::string out;
    for (char digit : std::to_string(year)) {
      if (digit < '0' || digit > '9') continue;
      out += (out.empty() ? "" : " ") + SpellCardinal(digit - '0', language_tag);
    }
    return out;
  }
  // ICU reads 2005 as "two thousand five"; British English says "and".
  if (IsEnglish(language_tag) && year >= 2000 && year <= 2009) return SpellCardinal(year, language_tag);
  std::string out = Spell(year, language_tag, u"%spellout-numbering-year");
  return out.empty() ? SpellCardinal(year, language_tag) : out;
}

std::string MonthName(int month, const std::string& language_tag) {
  if (month < 1 || month > 12) return "";
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = LocaleFor(language_tag);
  icu::DateFormatSymbols symbols(locale, status);
  int32_t count = 0;
  const icu::UnicodeString* names =
      symbols.getMonths(count, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
  if (U_FAILURE(status) || names == nullptr || month > count) return "";
  icu::UnicodeString name = names[month - 1];
  if (!name.isEmpty()) name.replace(0, 1, icu::UnicodeString(name.tempSubString(0, 1)).toUpper(locale));
  return ToUtf8(name);
}

void AppendCodePoint(uint32_t code_point, std::string& out) {
  if (code_point == 0 || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    code_point = 0xFFFD;
  }
  char buffer[4];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, code_point);
  out.append(buffer, static_cast<size_t>(length));
}

}  // namespace publish
