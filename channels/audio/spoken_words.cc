#include "channels/audio/spoken_words.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

#include "libpublish/base/text.h"

namespace publish {
namespace {

// ---------------------------------------------------------------------------
// Small ASCII helpers. Words in other scripts pass through untouched.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsLetter(char c) { return IsUpper(c) || IsLower(c); }
bool IsAlnum(char c) { return IsLetter(c) || IsDigit(c); }

bool AllOf(std::string_view s, bool (*predicate)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), predicate);
}
bool IsDigits(std::string_view s) { return AllOf(s, IsDigit); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

long long ToNumber(std::string_view digits) {
  long long value = 0;
  for (char c : digits) {
    if (IsDigit(c)) value = value * 10 + (c - '0');
  }
  return value;
}

bool HasVowel(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::string_view("aeiouyAEIOUY").find(c) != std::string_view::npos; });
}

// A number as written: "58,000", "25.50", "2.1.1" (more than one point
// is read "two point one point one").
struct WrittenNumber {
  std::string integer;                 // digits only, commas removed
  std::vector<std::string> fractions;  // digit groups after each point
  bool commas = false;
  size_t length = 0;  // characters of the token used
};

// Parses a number at the start of `s`; nullopt when `s` does not start with one.
std::optional<WrittenNumber> ParseNumberPrefix(std::string_view s) {
  WrittenNumber number;
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) number.integer += s[i++];
  if (number.integer.empty()) return std::nullopt;
  // Thousands separators: a comma followed by exactly three digits.
  while (i + 3 < s.size() && s[i] == ',' && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) &&
         (i + 4 == s.size() || !IsDigit(s[i + 4]))) {
    number.integer += std::string(s.substr(i + 1, 3));
    number.commas = true;
    i += 4;
  }
  while (i + 1 < s.size() && s[i] == '.' && IsDigit(s[i + 1])) {
    std::string fraction;
    ++i;
    while (i < s.size() && IsDigit(s[i])) fraction += s[i++];
    number.fractions.push_back(fraction);
  }
  number.length = i;
  return number;
}

// The whole of `s` is a number.
std::optional<WrittenNumber> ParseNumber(std::string_view s) {
  auto number = ParseNumberPrefix(s);
  if (!number || number->length != s.size()) return std::nullopt;
  return number;
}

// ---------------------------------------------------------------------------
// Words that never change.

constexpr std::array<const char*, 7> kDays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};

struct DayAbbreviation {
  const char* written;
  int day;
  bool ambiguous;  // also an ordinary word ("Sat", "Sun", "Wed")
};
constexpr std::array<DayAbbreviation, 11> kDayAbbreviations{{
    {"Mon", 0, false},
    {"Tue", 1, false},
    {"Tues", 1, false},
    {"Wed", 2, true},
    {"Thu", 3, false},
    {"Thur", 3, false},
    {"Thurs", 3, false},
    {"Fri", 4, false},
    {"Sat", 5, true},
    {"Sun", 6, true},
    {"Weds", 2, false},
}};

constexpr std::array<const char*, 12> kMonths{"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 12> kMonthAbbreviations{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Welsh month names, also after the soft mutation ("o Fawrth").
struct WelshMonth {
  const char* name;
  int month;
};
constexpr std::array<WelshMonth, 17> kWelshMonths{{
    {"Ionawr", 1},
    {"Chwefror", 2},
    {"Mawrth", 3},
    {"Fawrth", 3},
    {"Ebrill", 4},
    {"Mai", 5},
    {"Fai", 5},
    {"Mehefin", 6},
    {"Fehefin", 6},
    {"Gorffennaf", 7},
    {"Awst", 8},
    {"Medi", 9},
    {"Fedi", 9},
    {"Hydref", 10},
    {"Tachwedd", 11},
    {"Dachwedd", 11},
    {"Rhagfyr", 12},
}};

// BEST EFFORT Welsh ordinals for the days of a month (ICU has none).
constexpr std::array<const char*, 31> kWelshOrdinals{"cyntaf",
                                                     "ail",
                                                     "trydydd",
                                                     "pedwerydd",
                                                     "pumed",
                                                     "chweched",
                                                     "seithfed",
                                                     "wythfed",
                                                     "nawfed",
                                                     "degfed",
                                                     "unfed ar ddeg",
                                                     "deuddegfed",
                                                     "trydydd ar ddeg",
                                                     "pedwerydd ar ddeg",
                                                     "pymthegfed",
                                                     "unfed ar bymtheg",
                                                     "ail ar bymtheg",
                                                     "deunawfed",
                                                     "pedwerydd ar bymtheg",
                                                     "ugeinfed",
                                                     "unfed ar hugain",
                                                     "ail ar hugain",
                                                     "trydydd ar hugain",
                                                     "pedwerydd ar hugain",
                                                     "pumed ar hugain",
                                                     "chweched ar hugain",
                                                     "seithfed ar hugain",
                                                     "wythfed ar hugain",
                                                     "nawfed ar hugain",
                                                     "degfed ar hugain",
                                                     "unfed ar ddeg ar hugain"};

struct Abbreviation {
  const char* written;  // as it appears, without a final full stop
  const char* alias;
};
// Read as the words they stand for, wherever they appear (English pages).
constexpr std::array<Abbreviation, 13> kAbbreviations{{
    {"e.g", "for example"},
    {"eg", "for example"},
    {"i.e", "that is"},
    {"ie", "that is"},
    {"etc", "et cetera"},
    {"approx", "approximately"},
    {"Rd", "Road"},
    {"Ave", "Avenue"},
    {"Ln", "Lane"},
    {"Sq", "Square"},
    {"Cllr", "Councillor"},
    {"Tel", "Telephone"},
    {"vs", "versus"},
}};
// After a number only: "30 mins".
constexpr std::array<Abbreviation, 8> kUnitsAfterNumber{{
    {"min", "minutes"},
    {"mins", "minutes"},
    {"hr", "hours"},
    {"hrs", "hours"},
    {"yr", "years"},
    {"yrs", "years"},
    {"wk", "weeks"},
    {"wks", "weeks"},
}};
// Written straight after a number: "10cm".
constexpr std::array<Abbreviation, 8> kUnitSuffixes{{
    {"cm", "centimetres"},
    {"mm", "millimetres"},
    {"km", "kilometres"},
    {"kg", "kilograms"},
    {"mph", "miles per hour"},
    {"ml", "millilitres"},
    {"kWh", "kilowatt hours"},
    {"sq m", "square metres"},
}};
// Capitals that are said as a word, not letter by letter.
constexpr std::array<const char*, 14> kAcronymWords{"NATO",   "UNESCO", "UNICEF", "COVID", "PIN",  "SIM", "ASBO",
                                                    "OFSTED", "SEND",   "SENCO",  "NEET",  "AIDS", "LOL", "ISA"};
// Letters people also say as words (the engines read these well).
constexpr std::array<const char*, 4> kReadAsWritten{"OK", "TV", "ID", "I"};

const char* DayAbbreviationName(std::string_view written, bool* ambiguous = nullptr) {
  for (const auto& abbreviation : kDayAbbreviations) {
    if (written == abbreviation.written) {
      if (ambiguous) *ambiguous = abbreviation.ambiguous;
      return kDays[static_cast<size_t>(abbreviation.day)];
    }
  }
  return nullptr;
}

int DayIndex(std::string_view word) {
  for (size_t i = 0; i < kDays.size(); ++i) {
    if (word == kDays[i]) return static_cast<int>(i);
  }
  return -1;
}

// 1-12, or 0 when `word` names no month. Abbreviations only when allowed.
int MonthIndex(std::string_view word, bool welsh, bool abbreviations) {
  if (welsh) {
    for (const auto& month : kWelshMonths) {
      if (word == month.name) return month.month;
    }
    return 0;
  }
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (word == kMonths[i]) return static_cast<int>(i) + 1;
    if (abbreviations && (word == kMonthAbbreviations[i] || (i == 8 && word == "Sept"))) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool IsRealDate(int year, int month, int day) {
  static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > kDaysIn[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

// ---------------------------------------------------------------------------
// Step 1: characters. Decorative symbols go, quotes go, spaces become one
// kind; what is left is ASCII punctuation we know how to read.

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Decodes one code point at `i`, advancing it; invalid bytes become U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || i + static_cast<size_t>(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return extra == 0 ? b : 0xFFFD;
  }
  char32_t c = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k <= extra; ++k) {
    if (i + static_cast<size_t>(k) >= s.size() || (byte(i + static_cast<size_t>(k)) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (byte(i + static_cast<size_t>(k)) & 0x3F);
  }
  i += static_cast<size_t>(extra) + 1;
  return c;
}

bool IsDecorative(char32_t c) {
  return (c >= 0x2190 && c <= 0x21FF) ||    // arrows
         (c >= 0x2500 && c <= 0x25FF) ||    // box drawing, blocks, geometric shapes (bullets)
         (c >= 0x2600 && c <= 0x27BF) ||    // symbols and dingbats (ticks, stars)
         (c >= 0x2B00 && c <= 0x2BFF) ||    // more arrows
         (c >= 0x1F000 && c <= 0x1FAFF) ||  // emoji
         c == 0x2022 || c == 0x2023 || c == 0x2043 || c == 0x00B7 || c == 0xFE0F || c == 0x200B || c == 0x200C ||
         c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0xFFFD;
}

std::string CleanCharacters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t c = NextCodePoint(text, i);
    char next = i < text.size() ? text[i] : '\0';
    switch (c) {
      case '\t':
      case '\n':
      case '\r':
      case 0x00A0:
      case 0x2007:
      case 0x202F:
      case 0x2009:
      case 0x2002:
      case 0x2003:
        out += ' ';
        continue;
      case 0x2018:
      case 0x2019:
      case 0x02BC:
        out += '\'';
        continue;
      case '"':
      case 0x201C:
      case 0x201D:
      case 0x201E:
      case 0x00AB:
      case 0x00BB:
      case '`':
        continue;
      case 0x2014:
      case 0x2015:
        AppendUtf8(out, 0x2013);
        continue;  // em dash: read as an en dash
      case 0x2026:
        out += "...";
        continue;
      case 0x00BD:
        out += IsDigit(out.empty() ? '\0' : out.back()) ? " and a half" : "a half";
        continue;
      case 0x00BC:
        out += IsDigit(out.empty() ? '\0' : out.back()) ? " and a quarter" : "a quarter";
        continue;
      case 0x00D7:
        out += " by ";
        continue;
      case '[':
      case '{':
        out += '(';
        continue;
      case ']':
      case '}':
        out += ')';
        continue;
      case '*':
      case '|':
      case '\\':
      case '^':
        out += ' ';
        continue;
      // Inside a word (an address, "housing_advice") these stay for the
      // address readers; elsewhere they are Markdown left-overs.
      case '_':
        out += !out.empty() && IsAlnum(out.back()) && IsAlnum(next) ? '_' : ' ';
        continue;
      case '#':
        out += IsDigit(next) ? "number " : !out.empty() && out.back() != ' ' ? "#" : " ";
        continue;
      case '~':
        out += IsDigit(next) ? "about " : " ";
        continue;
      default:
        break;
    }
    // Control characters are not allowed in XML at all.
    if (IsDecorative(c) || c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      out += ' ';
      continue;
    }
    AppendUtf8(out, c);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Step 2: tokens, with their surrounding punctuation kept apart.

struct Token {
  std::string lead;  // "(" before the word
  std::string core;
  std::string trail;   // ".", ",", ")." after it
  bool range = false;  // a "to" we put in place of a range dash
};

const std::string kEnDash = "\xE2\x80\x93";

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (start == i) break;
    std::string_view word = text.substr(start, i - start);
    Token token;
    size_t a = 0, b = word.size();
    while (a < b && (word[a] == '(' || word[a] == '\'')) ++a;
    while (b > a && std::string_view(".,;:!?)'").find(word[b - 1]) != std::string_view::npos) --b;
    token.lead = std::string(word.substr(0, a));
    token.core = std::string(word.substr(a, b - a));
    token.trail = std::string(word.substr(b));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Recognisers for single tokens.

struct ClockTime12 {
  int hour = 0;  // 0-24
  int minute = 0;
};

// "9am", "5:30pm", "9.30am", "12pm", "9a.m"; with `suffix` false, a bare
// hour or "9:30" that a following "am" token qualifies.
std::optional<ClockTime12> ParseTime(std::string_view core) {
  std::string lower = Lower(core);
  std::string digits;
  size_t i = 0;
  while (i < lower.size() && IsDigit(lower[i]) && digits.size() < 2) digits += lower[i++];
  if (digits.empty()) return std::nullopt;
  int hour = static_cast<int>(ToNumber(digits));
  int minute = 0;
  bool has_minutes = false;
  if (i + 2 < lower.size() && (lower[i] == ':' || lower[i] == '.') && IsDigit(lower[i + 1]) && IsDigit(lower[i + 2])) {
    minute = static_cast<int>(ToNumber(lower.substr(i + 1, 2)));
    has_minutes = true;
    i += 3;
  }
  std::string suffix = lower.substr(i);
  if (suffix == "am" || suffix == "a.m" || suffix == "a.m.") {
    if (hour < 1 || hour > 12 || minute > 59) return std::nullopt;
    return ClockTime12{hour == 12 ? 0 : hour, minute};
  }
  if (suffix == "pm" || suffix == "p.m" || suffix == "p.m.") {
    if (hour < 1 || hour > 12 || minute > 59) return std::nullopt;
    return ClockTime12{hour == 12 ? 12 : hour + 12, minute};
  }
  // 24-hour "17:30" (a colon only: "9.30" is a decimal).
  if (suffix.empty() && has_minutes && core.find(':') != std::string_view::npos && digits.size() >= 1 && hour <= 24 &&
      minute <= 59 && !(hour == 24 && minute > 0)) {
    return ClockTime12{hour, minute};
  }
  return std::nullopt;
}

bool IsAmPm(std::string_view core, bool* pm) {
  std::string lower = Lower(core);
  if (lower == "am" || lower == "a.m") {
    *pm = false;
    return true;
  }
  if (lower == "pm" || lower == "p.m") {
    *pm = true;
    return true;
  }
  return false;
}

bool LooksLikeEmail(std::string_view core) {
  size_t at = core.find('@');
  return at != std::string_view::npos && at > 0 && core.find('.', at) != std::string_view::npos &&
         core.find('@', at + 1) == std::string_view::npos;
}

bool LooksLikeUrl(std::string_view core) {
  std::string lower = Lower(core);
  if (StartsWith(lower, "http://") || StartsWith(lower, "https://") || StartsWith(lower, "www.")) return true;
  if (core.find('@') != std::string_view::npos) return false;
  // A bare domain: letters, digits and hyphens in dotted labels ending in a
  // well-known top-level domain ("gov.uk", "example.org/path").
  std::string host = lower.substr(0, lower.find('/'));
  size_t dot = host.rfind('.');
  if (dot == std::string::npos || dot == 0) return false;
  std::string tld = host.substr(dot + 1);
  static constexpr std::array<const char*, 10> kTlds{"uk",    "com",   "org",  "net", "gov",
                                                     "wales", "cymru", "scot", "eu",  "io"};
  if (std::find(kTlds.begin(), kTlds.end(), tld) == kTlds.end()) return false;
  return std::all_of(host.begin(), host.end(), [](char c) { return IsAlnum(c) || c == '.' || c == '-'; });
}

// Outward code "NB1", "SW1A", "CF10".
bool IsOutwardCode(std::string_view s) {
  if (s.size() < 2 || s.size() > 4) return false;
  size_t i = 0;
  while (i < s.size() && IsUpper(s[i])) ++i;
  if (i < 1 || i > 2 || i >= s.size() || !IsDigit(s[i])) return false;
  ++i;
  if (i < s.size() && !(IsDigit(s[i]) || IsUpper(s[i]))) return false;
  return i + (i < s.size() ? 1 : 0) == s.size();
}

// Inward code "1AA".
bool IsInwardCode(std::string_view s) { return s.size() == 3 && IsDigit(s[0]) && IsUpper(s[1]) && IsUpper(s[2]); }

// ---------------------------------------------------------------------------
// Step 3: range dashes and slashes, decided by what stands either side.

enum class Kind { kOther, kNumber, kMoney, kTime, kYear, kDay, kMonth, kWord };

Kind KindOf(std::string_view core, bool welsh) {
  if (core.empty()) return Kind::kOther;
  if (ParseTime(core)) return Kind::kTime;
  if (StartsWith(core, "\xC2\xA3")) return Kind::kMoney;
  if (auto number = ParseNumberPrefix(core)) {
    std::string_view rest = core.substr(number->length);
    if (rest.empty() && !number->commas && number->fractions.empty() && number->integer.size() == 4) return Kind::kYear;
    if (rest.empty() || rest == "%" || rest == "p" || rest == "st" || rest == "nd" || rest == "rd" || rest == "th") {
      return rest == "p" ? Kind::kMoney : Kind::kNumber;
    }
    return Kind::kOther;
  }
  if (DayAbbreviationName(core) || DayIndex(core) >= 0) return Kind::kDay;
  if (MonthIndex(core, welsh, true) > 0) return Kind::kMonth;
  if (AllOf(core, IsLetter)) return Kind::kWord;
  return Kind::kOther;
}

bool Rangeable(Kind kind) {
  return kind == Kind::kNumber || kind == Kind::kMoney || kind == Kind::kTime || kind == Kind::kYear ||
         kind == Kind::kDay || kind == Kind::kMonth;
}

// Units after a slash read "per": "£48/year".
bool IsPerUnit(std::string_view word) {
  static constexpr std::array<const char*, 12> kUnits{"hour", "hr", "day",    "week", "wk",  "month",
                                                      "year", "yr", "person", "item", "bin", "night"};
  std::string lower = Lower(word);
  return std::find(kUnits.begin(), kUnits.end(), lower) != kUnits.end();
}

bool IsAtomic(std::string_view core) {
  if (LooksLikeUrl(core) || LooksLikeEmail(core)) return true;
  // ISO dates and dd/mm/yyyy are read whole.
  if (core.size() == 10 && IsDigits(core.substr(0, 4)) && core[4] == '-' && IsDigits(core.substr(5, 2)) &&
      core[7] == '-' && IsDigits(core.substr(8, 2))) {
    return true;
  }
  size_t first = core.find('/');
  if (first != std::string_view::npos && core.find('/', first + 1) != std::string_view::npos) return true;
  if (core == "24/7") return true;
  return false;
}

std::vector<Token> SplitRanges(std::vector<Token> tokens, bool welsh, const std::string& range_word) {
  std::vector<Token> out;
  for (size_t t = 0; t < tokens.size(); ++t) {
    Token& token = tokens[t];
    // A dash standing alone between two rangeable words: "9am – 5pm".
    if (token.core.empty() && token.lead.empty() && token.trail.empty()) continue;
    if (token.core == kEnDash || token.core == "-" || token.core == "--") {
      bool range = !out.empty() && t + 1 < tokens.size() && Rangeable(KindOf(out.back().core, welsh)) &&
                   Rangeable(KindOf(tokens[t + 1].core, welsh)) && out.back().trail.empty();
      if (range) {
        out.push_back({"", range_word, token.trail, true});
      } else if (!out.empty()) {
        out.back().trail += ",";  // a dash as a parenthesis: a short pause
      }
      continue;
    }
    if (IsAtomic(token.core)) {
      out.push_back(std::move(token));
      continue;
    }
    std::string& core = token.core;
    size_t split = std::string::npos;
    size_t width = 0;
    for (size_t i = 1; i + 1 < core.size(); ++i) {
      if (core[i] == '-' || core[i] == '/') {
        split = i;
        width = 1;
        break;
      }
      if (core.compare(i, kEnDash.size(), kEnDash) == 0 && i + kEnDash.size() < core.size()) {
        split = i;
        width = kEnDash.size();
        break;
      }
    }
    if (split == std::string::npos) {
      out.push_back(std::move(token));
      continue;
    }
    std::string left = core.substr(0, split);
    std::string right = core.substr(split + width);
    char mark = core[split];
    Kind left_kind = KindOf(left, welsh);
    Kind right_kind = KindOf(right, welsh);
    bool days = left_kind == Kind::kDay && right_kind == Kind::kDay;
    if (days && !welsh) {
      out.push_back(std::move(token));  // "Mon-Fri" is read whole, with its written form
      continue;
    }
    // Financial years: "2024-25", "2024/25" are "2024 to 2025".
    if (left_kind == Kind::kYear && right.size() == 2 && IsDigits(right) && (mark == '-' || mark == '/' || width > 1)) {
      long long year = ToNumber(left);
      if ((year + 1) % 100 == ToNumber(right)) {
        right = std::to_string(year + 1);
        right_kind = Kind::kYear;
      }
    }
    Token first{token.lead, left, "", false};
    Token last{"", right, token.trail, false};
    if (mark == '/') {
      if ((left_kind == Kind::kMoney || left_kind == Kind::kNumber) && IsPerUnit(right)) {
        out.push_back(first);
        out.push_back({"", welsh ? "y" : "per", "", true});
        out.push_back(last);
        continue;
      }
      if (left_kind == Kind::kYear && right_kind == Kind::kYear) {
        out.push_back(first);
        out.push_back({"", range_word, "", true});
        out.push_back(last);
        continue;
      }
      if (left_kind == Kind::kWord && right_kind == Kind::kWord) {
        out.push_back(first);
        if (Lower(left) == "or" || Lower(right) == "or") {  // "and/or"
          out.push_back(last);
          continue;
        }
        out.push_back({"", welsh ? "neu" : "or", "", true});
        out.push_back(last);
        continue;
      }
      out.push_back(std::move(token));
      continue;
    }
    if ((Rangeable(left_kind) && Rangeable(right_kind)) ||
        (width > 1 && left_kind == Kind::kWord && right_kind == Kind::kWord)) {
      out.push_back(first);
      out.push_back({"", range_word, "", true});
      out.push_back(last);
      continue;
    }
    out.push_back(std::move(token));
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Step 4: reading the tokens.

class Sayer {
 public:
  Sayer(const SpokenWords& words, std::vector<Token> tokens) : w_(words), tokens_(std::move(tokens)) {}

  Spoken Run() {
    for (size_t i = 0; i < tokens_.size();) {
      const Token& token = tokens_[i];
      out_.push_back(SpokenPiece::Words(" "));
      if (!token.lead.empty()) out_.push_back(SpokenPiece::Words(LeadWords(token.lead)));
      drop_dot_ = false;
      size_t used = Match(i);
      if (used == 0) {
        Plain(token.core);
        used = 1;
      }
      std::string trail = tokens_[i + used - 1].trail;
      if (drop_dot_ && !trail.empty() && trail.front() == '.') trail.erase(0, 1);
      if (!trail.empty()) out_.push_back(SpokenPiece::Words(TrailWords(trail)));
      i += used;
    }
    return std::move(out_);
  }

 private:
  static std::string LeadWords(const std::string& lead) { return lead.find('(') != std::string::npos ? ", " : ""; }
  static std::string TrailWords(const std::string& trail) {
    std::string out;
    for (char c : trail) {
      if (c == ')') {
        out += ',';
      } else if (c != '\'') {
        out += c;
      }
    }
    return out + " ";
  }

  const Token* At(size_t i) const { return i < tokens_.size() ? &tokens_[i] : nullptr; }
  bool Unpunctuated(size_t i) const {  // no punctuation inside a multi-token match
    const Token* token = At(i);
    return token != nullptr && token->lead.empty() && token->trail.empty();
  }
  bool SentenceStart(size_t i) const {
    if (i == 0) return true;
    const std::string& trail = tokens_[i - 1].trail;
    return trail.find_first_of(".!?") != std::string::npos;
  }
  std::string PreviousWord(size_t i) const { return i == 0 ? "" : Lower(tokens_[i - 1].core); }
  // The full stop of an abbreviation at token i also ends the sentence
  // only when the text ends there or a capital follows.
  bool AbbreviationDotIsNotSentenceEnd(size_t i) const { return i + 1 < tokens_.size() && !CapitalisedAt(i + 1); }

  void Say(const std::string& words) { out_.push_back(SpokenPiece::Words(words)); }

  size_t Match(size_t i) {
    const std::string& core = tokens_[i].core;
    if (core.empty()) return 1;
    if (tokens_[i].range) {
      Say(core);
      return 1;
    }
    if (LooksLikeEmail(core)) {
      Append(out_, w_.Email(core));
      return 1;
    }
    if (LooksLikeUrl(core)) {
      Append(out_, w_.Url(core));
      return 1;
    }
    for (auto matcher : {&Sayer::PhoneNumber, &Sayer::PostcodeAt, &Sayer::DateAt, &Sayer::TimeAt, &Sayer::MoneyAt,
                         &Sayer::DaysAt, &Sayer::AbbreviationAt, &Sayer::NumberAt, &Sayer::LettersAt}) {
      if (size_t used = (this->*matcher)(i)) return used;
    }
    return 0;
  }

  // -- phone numbers -------------------------------------------------------

  size_t PhoneNumber(size_t i) {
    std::string first = tokens_[i].core;
    if (first.size() > 10 && first.front() == '0' && first.find('-') != std::string::npos) {
      std::string digits = first;
      digits.erase(std::remove(digits.begin(), digits.end(), '-'), digits.end());
      if (IsDigits(digits) && (digits.size() == 10 || digits.size() == 11)) {
        std::replace(first.begin(), first.end(), '-', ' ');
        Append(out_, w_.Phone(first));
        return 1;
      }
    }
    bool plus = StartsWith(first, "+");
    std::string bare = plus ? first.substr(1) : first;
    if (!IsDigits(bare)) return 0;
    // Short numbers said digit by digit after "call": 999, 111, 101, 18001.
    std::string before = PreviousWord(i);
    bool after_call = before == "call" || before == "dial" || before == "ring" || before == "phone" ||
                      before == "number" || before == "text" || before == "on";
    if (!plus && bare.front() != '0') {
      if (after_call && (bare.size() == 3 || bare.size() == 5) &&
          (bare == "999" || bare == "111" || bare == "101" || bare == "112" || bare == "105" || bare == "119" ||
           bare == "18001")) {
        Say(w_.Digits(bare));
        return 1;
      }
      return 0;
    }
    size_t total = bare.size();
    std::vector<std::string> groups{first};
    size_t j = i + 1;
    bool open = tokens_[i].trail.empty() || tokens_[i].trail == ")";
    while (open && total < 10 + (plus ? 2 : 0) && j < tokens_.size() && tokens_[j].lead.empty() &&
           IsDigits(tokens_[j].core) && tokens_[j].core.size() >= 2 && tokens_[j].core.size() <= 8 &&
           total + tokens_[j].core.size() <= 11 + (plus ? 2 : 0)) {
      total += tokens_[j].core.size();
      groups.push_back(tokens_[j].core);
      open = tokens_[j].trail.empty();
      ++j;
    }
    size_t need_min = plus ? 11 : 10;
    size_t need_max = plus ? 13 : 11;
    if (total < need_min || total > need_max) return 0;
    std::string joined;
    for (const auto& group : groups) joined += (joined.empty() ? "" : " ") + group;
    Append(out_, w_.Phone(joined));
    return groups.size();
  }

  // -- postcodes -----------------------------------------------------------

  size_t PostcodeAt(size_t i) {
    if (!IsOutwardCode(tokens_[i].core) || !tokens_[i].trail.empty()) return 0;
    const Token* next = At(i + 1);
    if (next == nullptr || !next->lead.empty() || !IsInwardCode(next->core)) return 0;
    Append(out_, w_.Postcode(tokens_[i].core, next->core));
    return 2;
  }

  // -- dates ---------------------------------------------------------------

  std::optional<int> DayOfMonth(size_t i) const {
    const Token* token = At(i);
    if (token == nullptr || !token->lead.empty()) return std::nullopt;
    std::string core = token->core;
    for (const char* suffix : {"st", "nd", "rd", "th"}) {
      if (!w_.welsh() && EndsWith(core, suffix)) core = core.substr(0, core.size() - 2);
    }
    if (!IsDigits(core) || core.size() > 2) return std::nullopt;
    int day = static_cast<int>(ToNumber(core));
    if (day < 1 || day > 31) return std::nullopt;
    return day;
  }

  std::optional<int> YearAt(size_t i) const {
    const Token* token = At(i);
    if (token == nullptr || !token->lead.empty() || token->core.size() != 4 || !IsDigits(token->core))
      return std::nullopt;
    return static_cast<int>(ToNumber(token->core));
  }

  std::string DayWords(int day) const {
    if (w_.welsh()) return w_.Number(day);
    return "the " + w_.Ordinal(day);
  }

  size_t DateAt(size_t i) {
    const std::string& core = tokens_[i].core;
    // ISO "2026-09-14" and UK "14/09/2026".
    if (core.size() == 10 && core[4] == '-' && core[7] == '-' && IsDigits(core.substr(0, 4)) &&
        IsDigits(core.substr(5, 2)) && IsDigits(core.substr(8, 2))) {
      int year = static_cast<int>(ToNumber(core.substr(0, 4)));
      int month = static_cast<int>(ToNumber(core.substr(5, 2)));
      int day = static_cast<int>(ToNumber(core.substr(8, 2)));
      if (!IsRealDate(year, month, day)) return 0;
      Say(w_.Date(year, month, day));
      return 1;
    }
    {
      size_t a = core.find('/');
      size_t b = a == std::string::npos ? a : core.find('/', a + 1);
      if (b != std::string::npos && IsDigits(core.substr(0, a)) && IsDigits(core.substr(a + 1, b - a - 1)) &&
          IsDigits(core.substr(b + 1)) && core.size() - b - 1 == 4) {
        int day = static_cast<int>(ToNumber(core.substr(0, a)));
        int month = static_cast<int>(ToNumber(core.substr(a + 1, b - a - 1)));
        int year = static_cast<int>(ToNumber(core.substr(b + 1)));
        if (!IsRealDate(year, month, day)) return 0;
        Say(w_.Date(year, month, day));
        return 1;
      }
    }
    // [Weekday] Day [conj Day]... Month [Year]
    size_t j = i;
    std::string weekday;
    if (!w_.welsh() && DayIndex(core) >= 0 && tokens_[i].trail.empty() && DayOfMonth(i + 1)) {
      weekday = core;
      ++j;
    }
    std::vector<std::pair<int, std::string>> days;  // day, the word joining it to the next
    while (true) {
      auto day = DayOfMonth(j);
      if (!day) break;
      const Token& token = tokens_[j];
      if (token.trail == "," && DayOfMonth(j + 1)) {
        days.push_back({*day, ","});
        ++j;
        continue;
      }
      if (!token.trail.empty()) {
        days.push_back({*day, ""});
        ++j;
        break;
      }
      const Token* next = At(j + 1);
      std::string joiner = next ? Lower(next->core) : "";
      bool conjunction = next && next->lead.empty() && next->trail.empty() &&
                         (next->range || joiner == "and" || joiner == "or" || joiner == "to" || joiner == "&" ||
                          (w_.welsh() && (joiner == "a" || joiner == "i" || joiner == "neu")));
      if (conjunction && DayOfMonth(j + 2)) {
        days.push_back({*day, joiner == "&" ? "and" : next->core});
        j += 2;
        continue;
      }
      days.push_back({*day, ""});
      ++j;
      break;
    }
    if (!days.empty() && tokens_[j - 1].trail.empty() && At(j) != nullptr && At(j)->lead.empty()) {
      int month = MonthIndex(tokens_[j].core, w_.welsh(), true);
      if (month > 0) {
        std::string words = weekday.empty() ? "" : weekday + " ";
        for (size_t k = 0; k < days.size(); ++k) {
          words += DayWords(days[k].first);
          if (days[k].second == ",") {
            words += ", ";
          } else if (!days[k].second.empty()) {
            words += " " + days[k].second + " ";
          }
        }
        std::string month_name = w_.welsh() ? tokens_[j].core : kMonths[static_cast<size_t>(month - 1)];
        words += w_.welsh() ? " " + month_name : " of " + month_name;
        size_t used = j + 1 - i;
        if (tokens_[j].trail.empty()) {
          if (auto year = YearAt(j + 1)) {
            words += (w_.welsh() ? " " : ", ") + w_.Year(*year);
            ++used;
          }
        }
        Say(words);
        return used;
      }
    }
    // Month Year: "September 2026".
    if (int month = MonthIndex(core, w_.welsh(), false); month > 0 && tokens_[i].trail.empty()) {
      if (auto year = YearAt(i + 1)) {
        Say(core + " " + w_.Year(*year));
        return 2;
      }
    }
    return 0;
  }

  // -- times ---------------------------------------------------------------

  size_t TimeAt(size_t i) {
    const std::string& core = tokens_[i].core;
    if (auto time = ParseTime(core)) {
      Say(w_.Time(time->hour, time->minute));
      // "9a.m." keeps its last full stop in the trail; it ends no sentence.
      if (EndsWith(Lower(core), ".m")) drop_dot_ = AbbreviationDotIsNotSentenceEnd(i);
      return 1;
    }
    // "9 am", "12 noon".
    const Token* next = At(i + 1);
    if (next == nullptr || !tokens_[i].trail.empty() || !next->lead.empty()) return 0;
    std::optional<ClockTime12> bare;
    if (IsDigits(core) && core.size() <= 2) {
      bare = ClockTime12{static_cast<int>(ToNumber(core)), 0};
    } else if (auto with_minutes = ParseTime(core + "am")) {
      bare = ClockTime12{with_minutes->hour == 0 ? 12 : with_minutes->hour, with_minutes->minute};
    }
    if (!bare) return 0;
    bool pm = false;
    if (IsAmPm(next->core, &pm) && bare->hour >= 1 && bare->hour <= 12) {
      int hour = bare->hour % 12 + (pm ? 12 : 0);
      Say(w_.Time(hour, bare->minute));
      // "a.m." leaves its last full stop in the trail; it ends no sentence.
      if (Lower(next->core).find('.') != std::string::npos) drop_dot_ = AbbreviationDotIsNotSentenceEnd(i + 1);
      return 2;
    }
    std::string word = Lower(next->core);
    if (bare->hour == 12 && bare->minute == 0 && (word == "noon" || word == "midday")) {
      Say(w_.Time(12, 0));
      return 2;
    }
    if (bare->hour == 12 && bare->minute == 0 && word == "midnight") {
      Say(w_.Time(0, 0));
      return 2;
    }
    return 0;
  }

  // -- money ---------------------------------------------------------------

  size_t MoneyAt(size_t i) {
    const std::string& core = tokens_[i].core;
    static const std::string kPound = "\xC2\xA3";
    if (StartsWith(core, kPound)) {
      std::string amount = core.substr(kPound.size());
      auto number = ParseNumberPrefix(amount);
      if (!number || number->fractions.size() > 1) return 0;
      std::string rest = amount.substr(number->length);
      std::string scale;
      size_t used = 1;
      if (rest == "m") scale = "million";
      if (rest == "bn") scale = "billion";
      if (rest == "k") scale = "thousand";
      if (!rest.empty() && scale.empty()) return 0;
      if (scale.empty() && tokens_[i].trail.empty()) {
        if (const Token* next = At(i + 1);
            next && next->lead.empty() && (next->core == "million" || next->core == "billion")) {
          scale = next->core;
          used = 2;
        }
      }
      if (number->integer.size() > 15) return 0;
      long long pounds = ToNumber(number->integer);
      std::string fraction = number->fractions.empty() ? "" : number->fractions.front();
      if (!scale.empty()) {
        // "£1.5 million" is "one point five million pounds".
        std::string words = w_.Number(pounds);
        if (!fraction.empty()) words += (w_.welsh() ? " pwynt " : " point ") + w_.Digits(fraction);
        Say(words + " " + scale + (w_.welsh() ? " o bunnoedd" : " pounds"));
        return used;
      }
      if (fraction.size() > 2) {
        Say(w_.Number(pounds) + (w_.welsh() ? " pwynt " : " point ") + w_.Digits(fraction) +
            (w_.welsh() ? " o bunnoedd" : " pounds"));
        return used;
      }
      int pence = fraction.empty() ? 0 : static_cast<int>(ToNumber(fraction)) * (fraction.size() == 1 ? 10 : 1);
      Say(w_.Money(pounds, pence));
      return used;
    }
    // "50p".
    if (core.size() >= 2 && core.back() == 'p' && IsDigits(core.substr(0, core.size() - 1)) && core.size() <= 4) {
      Say(w_.Money(0, static_cast<int>(ToNumber(core.substr(0, core.size() - 1)))));
      return 1;
    }
    return 0;
  }

  // -- days of the week ----------------------------------------------------

  // The full name of a day written in short or in full; nullptr otherwise.
  const char* DayName(size_t i, bool* ambiguous) const {
    const Token* token = At(i);
    if (token == nullptr) return nullptr;
    *ambiguous = false;
    if (const char* name = DayAbbreviationName(token->core, ambiguous)) return name;
    int index = DayIndex(token->core);
    return index >= 0 ? kDays[static_cast<size_t>(index)] : nullptr;
  }

  size_t DaysAt(size_t i) {
    if (w_.welsh()) return 0;
    const std::string& core = tokens_[i].core;
    // "Mon-Fri", "Mon–Fri" in one token.
    for (const std::string& dash : {std::string("-"), kEnDash}) {
      size_t at = core.find(dash);
      if (at == std::string::npos || at == 0) continue;
      std::string left = core.substr(0, at), right = core.substr(at + dash.size());
      const char* from = DayAbbreviationName(left);
      const char* to = DayAbbreviationName(right);
      if (!from && DayIndex(left) >= 0) from = kDays[static_cast<size_t>(DayIndex(left))];
      if (!to && DayIndex(right) >= 0) to = kDays[static_cast<size_t>(DayIndex(right))];
      if (from && to) {
        out_.push_back(SpokenPiece::Sub(core, std::string(from) + " to " + to));
        drop_dot_ = AbbreviationDotIsNotSentenceEnd(i);
        return 1;
      }
    }
    bool ambiguous = false;
    const char* name = DayAbbreviationName(core, &ambiguous);
    if (name == nullptr) return 0;
    // "Mon to Fri".
    bool second_ambiguous = false;
    if (tokens_[i].trail.empty() && At(i + 1) && (tokens_[i + 1].range || tokens_[i + 1].core == "to") &&
        Unpunctuated(i + 1) && DayName(i + 2, &second_ambiguous)) {
      std::string last = tokens_[i + 2].core;
      const char* last_name = DayName(i + 2, &second_ambiguous);
      out_.push_back(SpokenPiece::Sub(core + " to " + last, std::string(name) + " to " + last_name));
      drop_dot_ = DayAbbreviationName(last) != nullptr && AbbreviationDotIsNotSentenceEnd(i + 2);
      return 3;
    }
    if (ambiguous) {
      // "Sat" and "Sun" are days only next to a date or another day.
      const Token* next = At(i + 1);
      bool beside_day = false;
      bool dummy = false;
      if (i > 0 && DayName(i - 1, &dummy)) beside_day = true;
      if (next && (IsDigit(next->core.empty() ? '\0' : next->core.front()) || DayName(i + 1, &dummy)))
        beside_day = true;
      if (next && (next->core == "and" || next->core == "to") && DayName(i + 2, &dummy)) beside_day = true;
      if (!beside_day) return 0;
    }
    out_.push_back(SpokenPiece::Sub(core, name));
    drop_dot_ = AbbreviationDotIsNotSentenceEnd(i);
    return 1;
  }

  // -- abbreviations ------------------------------------------------------

  bool CapitalisedAt(size_t i) const {
    const Token* token = At(i);
    return token != nullptr && !token->core.empty() && IsUpper(token->core.front());
  }

  size_t AbbreviationAt(size_t i) {
    if (w_.welsh()) return 0;
    const Token& token = tokens_[i];
    const std::string& core = token.core;
    bool dot = !token.trail.empty() && token.trail.front() == '.';
    // etc. may end a sentence: keep its full stop when a capital follows.
    auto sub = [&](const std::string& written, const std::string& alias, bool may_end_sentence) {
      out_.push_back(SpokenPiece::Sub(written, alias));
      drop_dot_ = dot && (!may_end_sentence || AbbreviationDotIsNotSentenceEnd(i));
      return size_t{1};
    };
    for (size_t k = 0; k < kAbbreviations.size(); ++k) {
      const Abbreviation& abbreviation = kAbbreviations[k];
      // The Latin ones may start a sentence with a capital ("E.g.").
      bool latin = k < 5;
      if (core == abbreviation.written || (latin && Lower(core) == abbreviation.written)) {
        std::string written = core;
        written.erase(std::remove(written.begin(), written.end(), '.'), written.end());
        return sub(written, abbreviation.alias, std::string_view(abbreviation.written) == "etc" || !latin);
      }
    }
    if (i > 0 && ParseNumber(tokens_[i - 1].core)) {
      for (const auto& unit : kUnitsAfterNumber) {
        if (core == unit.written) return sub(core, unit.alias, false);
      }
    }
    // "No. 2", "Nos. 3 and 4": number.
    const Token* next = At(i + 1);
    bool number_follows = next && !next->core.empty() && IsDigit(next->core.front());
    if ((core == "No" || core == "no") && number_follows && (dot || core == "No")) return sub(core, "number", false);
    if ((core == "Nos" || core == "nos") && number_follows) return sub(core, "numbers", false);
    // "St Mary's Road" (Saint) and "High St" (Street); "Dr Patel" and "Elm Dr".
    if (core == "St" || core == "Dr") {
      bool name_follows = CapitalisedAt(i + 1) && token.trail.find(',') == std::string::npos;
      bool name_before = i > 0 && CapitalisedAt(i - 1) && tokens_[i - 1].trail.empty() && !SentenceStart(i);
      bool title = name_follows && !name_before;
      if (core == "St") return sub(core, title ? "Saint" : "Street", !title);
      return sub(core, title ? "Doctor" : "Drive", !title);
    }
    // Titles keep no full stop: "Mr. Jones" is one sentence.
    if ((core == "Mr" || core == "Mrs" || core == "Ms" || core == "Mx" || core == "Prof") && dot &&
        CapitalisedAt(i + 1)) {
      Say(core == "Prof" ? "Professor" : core);
      drop_dot_ = true;
      return 1;
    }
    if (core == "&") {
      Say("and");
      return 1;
    }
    return 0;
  }

  // -- numbers -------------------------------------------------------------

  size_t NumberAt(size_t i) {
    const std::string& core = tokens_[i].core;
    if (core == "24/7") {
      Say(w_.Number(24) + " " + w_.Number(7));
      return 1;
    }
    auto number = ParseNumberPrefix(core);
    if (!number) return 0;
    std::string rest = core.substr(number->length);
    std::string words;
    bool plain_integer = !number->commas && number->fractions.empty();
    if (number->integer.size() > 15 ||
        (plain_integer && number->integer.size() > 1 && number->integer.front() == '0') ||
        (plain_integer && number->integer.size() > 6)) {
      words = w_.Digits(number->integer);  // a reference, not a quantity
    } else if (plain_integer && number->integer.size() == 4 && rest.empty() && ToNumber(number->integer) >= 1100 &&
               ToNumber(number->integer) <= 2099) {
      // GOV.UK style writes quantities over 999 with a comma, so a bare
      // four-digit number is a year.
      words = w_.Year(static_cast<int>(ToNumber(number->integer)));
    } else {
      words = w_.Number(ToNumber(number->integer));
    }
    for (const auto& fraction : number->fractions) words += (w_.welsh() ? " pwynt " : " point ") + w_.Digits(fraction);
    if (rest.empty()) {
      Say(words);
      return 1;
    }
    if (rest == "%") {
      Say(words + (w_.welsh() ? " y cant" : " per cent"));
      return 1;
    }
    if (plain_integer && !w_.welsh() && (rest == "st" || rest == "nd" || rest == "rd" || rest == "th")) {
      Say(w_.Ordinal(ToNumber(number->integer)));
      return 1;
    }
    if (plain_integer && w_.welsh() &&
        (rest == "af" || rest == "il" || rest == "ydd" || rest == "edd" || rest == "ed" || rest == "fed" ||
         rest == "ain" || rest == "eg" || rest == "ed")) {
      Say(w_.Ordinal(ToNumber(number->integer)));
      return 1;
    }
    if (rest == "s" && plain_integer && number->integer.size() == 4) {
      std::string year = w_.Year(static_cast<int>(ToNumber(number->integer)));
      Say(EndsWith(year, "y") ? year.substr(0, year.size() - 1) + "ies" : year + "s");  // "the 1990s"
      return 1;
    }
    if (rest == "+") {
      Say(words + (w_.welsh() ? " a mwy" : " plus"));
      return 1;
    }
    for (const auto& unit : kUnitSuffixes) {
      if (rest == unit.written && !w_.welsh()) {
        Say(words + " " + unit.alias);
        return 1;
      }
    }
    if (rest.size() > 1 && rest.front() == '-' && AllOf(rest.substr(1), IsLetter)) {
      Say(words + rest);  // "24-hour"
      return 1;
    }
    return 0;
  }

  // -- capitals and codes -------------------------------------------------

  size_t LettersAt(size_t i) {
    const std::string& core = tokens_[i].core;
    if (std::find(kReadAsWritten.begin(), kReadAsWritten.end(), core) != kReadAsWritten.end()) return 0;
    if (std::find(kAcronymWords.begin(), kAcronymWords.end(), core) != kAcronymWords.end()) return 0;
    // "A&E".
    if (core.size() <= 5 && core.find('&') != std::string::npos &&
        std::all_of(core.begin(), core.end(), [](char c) { return IsUpper(c) || c == '&'; })) {
      std::string letters;
      for (char c : core) {
        if (c == '&') {
          if (!letters.empty()) out_.push_back(SpokenPiece::Characters(letters));
          Say(w_.welsh() ? "a" : "and");
          letters.clear();
        } else {
          letters += c;
        }
      }
      if (!letters.empty()) out_.push_back(SpokenPiece::Characters(letters));
      return 1;
    }
    if (core.size() == 1 && IsUpper(core[0])) {
      // "A" is usually the article; a letter only as a band, grade or in a
      // range ("bands A to H"), or standing alone.
      if (core == "A") {
        std::string before = PreviousWord(i);
        const Token* next = At(i + 1);
        std::string after = next ? Lower(next->core) : "";
        bool letter = tokens_.size() == 1 || (next == nullptr && !SentenceStart(i)) || !tokens_[i].trail.empty() ||
                      after == "to" || (next && next->range) || before == "band" || before == "bands" ||
                      before == "grade" || before == "type" || before == "plan" || before == "to" || before == "and" ||
                      before == "or" || before == "class" || before == "category" || before == "option" ||
                      (next && next->core.size() == 1 && IsUpper(next->core[0]));
        if (!letter) return 0;
      }
      out_.push_back(SpokenPiece::Characters(core));
      return 1;
    }
    // NHS, DWP; CF10, A470; DVDs.
    std::string stem = core;
    if (stem.size() >= 3 && stem.back() == 's' && AllOf(stem.substr(0, stem.size() - 1), IsUpper)) stem.pop_back();
    bool capitals = stem.size() >= 2 && stem.size() <= 6 && IsUpper(stem.front()) &&
                    std::all_of(stem.begin(), stem.end(), [](char c) { return IsUpper(c) || IsDigit(c); }) &&
                    !AllOf(stem, IsDigit);
    if (!capitals) return 0;
    if (AllOf(stem, IsUpper) && std::find(kAcronymWords.begin(), kAcronymWords.end(), stem) != kAcronymWords.end()) {
      return 0;
    }
    out_.push_back(SpokenPiece::Characters(core));
    return 1;
  }

  // -- anything else: symbols inside words --------------------------------

  void Plain(std::string core) {
    // A dash left inside a word is a pause, not "en dash".
    for (size_t at = core.find(kEnDash); at != std::string::npos; at = core.find(kEnDash))
      core.replace(at, kEnDash.size(), ", ");
    std::string words;
    for (size_t k = 0; k < core.size(); ++k) {
      char c = core[k];
      switch (c) {
        case '&':
          words += w_.welsh() ? " a " : " and ";
          break;
        case '+':
          words += w_.welsh() ? " a mwy " : " plus ";
          break;
        case '=':
          words += w_.welsh() ? " hafal i " : " equals ";
          break;
        case '@':
          words += " at ";
          break;
        case '%':
          words += w_.welsh() ? " y cant " : " per cent ";
          break;
        case '<':
          words += w_.welsh() ? " llai na " : " less than ";
          break;
        case '>':
          words += w_.welsh() ? " mwy na " : " more than ";
          break;
        case '/':
          words += w_.welsh() ? " neu " : " or ";
          break;
        case '(':
        case ')':
          words += ", ";
          break;
        case '_':
        case '#':
          words += ' ';
          break;
        default:
          words += c;
      }
    }
    Say(words);
  }

  const SpokenWords& w_;
  std::vector<Token> tokens_;
  Spoken out_;
  bool drop_dot_ = false;
};

// ---------------------------------------------------------------------------

SpokenWords::SpokenWords(std::string language_tag) : language_(std::move(language_tag)) {
  welsh_ = language_ == "cy" || StartsWith(language_, "cy-");
}

std::string SpokenWords::RangeWord() const { return welsh_ ? "i" : "to"; }

// Numbers go through ICU in the page's language, except English variants
// other than en-GB and languages we have no rules for, which use en-GB.
std::string SpokenWords::Number(long long number) const { return SpellCardinal(number, welsh_ ? "cy" : "en-GB"); }

std::string SpokenWords::Year(int year) const { return SpellYear(year, welsh_ ? "cy" : "en-GB"); }

std::string SpokenWords::Ordinal(long long number) const {
  if (welsh_) {
    // BEST EFFORT: a table for the days of the month, cardinals beyond.
    if (number >= 1 && number <= 31) return kWelshOrdinals[static_cast<size_t>(number - 1)];
    return Number(number);
  }
  std::string words = SpellOrdinal(number, "en-GB");
  return words.empty() ? Number(number) : words;
}

std::string SpokenWords::Digits(std::string_view digits) const {
  std::string out;
  for (char c : digits) {
    if (!IsDigit(c)) continue;
    out += (out.empty() ? "" : " ") + Number(c - '0');
  }
  return out;
}

std::string SpokenWords::Money(long long pounds, int pence) const {
  if (welsh_) {
    // BEST EFFORT: "o bunnoedd" avoids the mutations a bare "punt" needs.
    std::string out;
    if (pounds > 0) out = pounds == 1 ? "un bunt" : Number(pounds) + " o bunnoedd";
    if (pence > 0) {
      if (pounds > 0) {
        out += " " + Number(pence);
      } else {
        out = pence == 1 ? "un geiniog" : Number(pence) + " o geiniogau";
      }
    }
    return out.empty() ? "dim punnoedd" : out;
  }
  if (pounds == 0 && pence == 0) return "zero pounds";
  if (pounds == 0) return Number(pence) + (pence == 1 ? " penny" : " pence");
  std::string out = Number(pounds) + (pounds == 1 ? " pound" : " pounds");
  if (pence > 0) out += " " + Number(pence);
  return out;
}

std::string SpokenWords::Time(int hour, int minute) const {
  if (welsh_) {
    // BEST EFFORT: "naw y bore", "pump y prynhawn", "canol dydd".
    if (minute == 0 && hour == 12) return "canol dydd";
    if (minute == 0 && (hour == 0 || hour == 24)) return "hanner nos";
    int twelve = hour % 12 == 0 ? 12 : hour % 12;
    std::string out = Number(twelve);
    if (minute != 0) out += " " + Number(minute);
    const char* part = hour < 12 || hour == 24 ? "y bore" : hour < 18 ? "y prynhawn" : "yr hwyr";
    return out + " " + part;
  }
  if (minute == 0 && hour == 12) return "midday";
  if (minute == 0 && (hour == 0 || hour == 24)) return "midnight";
  int twelve = hour % 12 == 0 ? 12 : hour % 12;
  std::string out = Number(twelve);
  if (minute != 0) out += (minute < 10 ? " oh " : " ") + Number(minute);
  // "AM" in capitals: espeak-ng says "a m" with a weak vowel, "AM" as letters.
  return out + (hour < 12 || hour == 24 ? " AM" : " PM");
}

std::string SpokenWords::Date(int year, int month, int day, int weekday) const {
  std::string out;
  if (weekday >= 0 && weekday < 7) out = WeekdayName(weekday, welsh_ ? "cy" : "en-GB") + " ";
  if (welsh_) {
    // BEST EFFORT: "dau Mawrth dau dim dau chwech"; no mutation after "o".
    return out + Number(day) + " " + MonthName(month, "cy") + " " + Year(year);
  }
  return out + "the " + Ordinal(day) + " of " + kMonths[static_cast<size_t>(std::clamp(month, 1, 12) - 1)] + ", " +
         Year(year);
}

std::string SpokenWords::Hours(const OpeningHours& hours) const {
  std::string tag = welsh_ ? "cy" : "en-GB";
  std::string days;
  if (hours.is_range && hours.days.size() > 1) {
    std::string last = WeekdayName(hours.days.back(), tag);
    // BEST EFFORT Welsh: "i" softens "Dydd" to "ddydd".
    if (welsh_ && StartsWith(last, "Dydd ")) last = "ddydd " + last.substr(5);
    days = WeekdayName(hours.days.front(), tag) + " " + RangeWord() + " " + last;
  } else {
    std::vector<std::string> names;
    for (int day : hours.days) names.push_back(WeekdayName(day, tag));
    if (welsh_) {
      // ICU's Welsh list pattern gives a literal "a(c)".
      for (size_t k = 0; k < names.size(); ++k) {
        days += (k == 0 ? "" : k + 1 == names.size() ? " a " : ", ") + names[k];
      }
    } else {
      days = JoinAsList(names, tag);
    }
  }
  return days + ", " + Time(hours.opens.hour, hours.opens.minute) + " " + (welsh_ ? "tan" : "to") + " " +
         Time(hours.closes.hour, hours.closes.minute);
}

Spoken SpokenWords::Phone(std::string_view number) const {
  std::vector<std::string> groups;
  std::string current;
  for (char c : number) {
    if (IsDigit(c) || (c == '+' && groups.empty() && current.empty())) {
      current += c;
    } else if (!current.empty()) {
      groups.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) groups.push_back(current);
  Spoken out;
  if (groups.empty()) return out;
  if (StartsWith(groups.front(), "+")) {
    std::string country = groups.front().substr(1);
    // +44 written whole: the country code, then the rest regrouped.
    if (groups.size() == 1 && StartsWith(country, "44") && country.size() > 4) {
      groups = {"+44", "0" + country.substr(2)};
    }
  }
  // Written without spaces: group it the UK way (02x xxxx xxxx,
  // 011x xxx xxxx, 01xxx xxxxxx, 03xx xxx xxxx, 07xxx xxxxxx ...).
  std::vector<std::string> regrouped;
  for (const std::string& group : groups) {
    if (group.size() < 10 || group.front() != '0') {
      regrouped.push_back(group);
      continue;
    }
    std::vector<size_t> sizes;
    if (StartsWith(group, "02")) {
      sizes = {3, 4};
    } else if (StartsWith(group, "011") || (group.size() > 3 && StartsWith(group, "01") && group[3] == '1')) {
      sizes = {4, 3};
    } else if (StartsWith(group, "01") || StartsWith(group, "07")) {
      sizes = {5};
    } else {
      sizes = {4, 3};
    }
    size_t at = 0;
    for (size_t size : sizes) {
      regrouped.push_back(group.substr(at, size));
      at += size;
    }
    regrouped.push_back(group.substr(at));
  }
  bool first = true;
  for (const std::string& group : regrouped) {
    if (group == "+44" && regrouped.size() > 1) {
      // Said from abroad: "plus four four", and the trunk zero goes.
      out.push_back(SpokenPiece::Words((welsh_ ? "plws " : "plus ") + Digits("44")));
      first = false;
      continue;
    }
    if (!first) out.push_back(SpokenPiece::Break(kGroupPauseMs));
    std::string digits = group;
    if (StartsWith(digits, "+")) {
      out.push_back(SpokenPiece::Words((welsh_ ? "plws " : "plus ") + Digits(digits.substr(1))));
    } else {
      out.push_back(SpokenPiece::Words(Digits(digits)));
    }
    first = false;
  }
  return out;
}

namespace {

// One part of a host name or e-mail address, as people say it.
std::string AddressPart(std::string_view part, const SpokenWords& words) {
  std::string lower = Lower(part);
  std::string out;
  bool has_digit = std::any_of(lower.begin(), lower.end(), IsDigit);
  bool letters = AllOf(lower, [](char c) { return IsLower(c) || c == '-'; });
  if (letters && (lower.size() == 2 || !HasVowel(lower))) {
    // "uk", "mcmw": letter by letter.
    for (char c : lower) {
      if (c == '-') continue;
      out += (out.empty() ? "" : " ") + std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out;
  }
  if (has_digit) {
    for (char c : lower) {
      std::string piece = IsDigit(c) ? words.Number(c - '0')
                          : c == '-' ? (words.welsh() ? "llinell doriad" : "dash")
                                     : std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      out += (out.empty() ? "" : " ") + piece;
    }
    return out;
  }
  for (char c : lower) {
    if (c == '-') {
      out += words.welsh() ? " llinell doriad " : " dash ";
    } else if (c == '_') {
      out += words.welsh() ? " tanlinell " : " underscore ";
    } else {
      out += c;
    }
  }
  return out;
}

std::string DottedWords(std::string_view dotted, const SpokenWords& words) {
  std::string out;
  size_t start = 0;
  while (start <= dotted.size()) {
    size_t dot = dotted.find('.', start);
    std::string_view part = dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!part.empty()) out += (out.empty() ? "" : " dot ") + AddressPart(part, words);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

}  // namespace

Spoken SpokenWords::Email(std::string_view address) const {
  std::string text(address);
  if (StartsWith(Lower(text), "mailto:")) text = text.substr(7);
  text = text.substr(0, text.find('?'));
  size_t at = text.find('@');
  if (at == std::string::npos) return Say(text);
  return {
      SpokenPiece::Words(DottedWords(text.substr(0, at), *this) + " at " + DottedWords(text.substr(at + 1), *this))};
}

Spoken SpokenWords::Url(std::string_view url) const {
  std::string text(url);
  std::string lower = Lower(text);
  for (const char* scheme : {"https://", "http://"}) {
    if (StartsWith(lower, scheme)) {
      text = text.substr(std::string_view(scheme).size());
      lower = lower.substr(std::string_view(scheme).size());
    }
  }
  if (StartsWith(lower, "www.")) text = text.substr(4);
  text = text.substr(0, text.find_first_of("?#"));
  size_t slash = text.find('/');
  std::string host = text.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : text.substr(slash + 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::string words = DottedWords(host, *this);
  // A path is listenable only when it is one short word or two
  // ("gov.uk/council-tax"); otherwise the domain alone.
  bool short_path = !path.empty() && path.size() <= 24 && path.find('/') == std::string::npos &&
                    AllOf(path, [](char c) { return IsLetter(c) || c == '-'; });
  if (short_path) {
    // Each word of the path as a host label is read: "pcn" letter by letter.
    std::string spoken;
    size_t start = 0;
    while (start <= path.size()) {
      size_t dash = path.find('-', start);
      std::string part = path.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
      if (!part.empty()) spoken += (spoken.empty() ? "" : " ") + AddressPart(part, *this);
      if (dash == std::string::npos) break;
      start = dash + 1;
    }
    words += (welsh_ ? " slaes " : " slash ") + spoken;
  }
  return {SpokenPiece::Words(words)};
}

Spoken SpokenWords::Postcode(std::string_view outward, std::string_view inward) const {
  return {SpokenPiece::Characters(std::string(outward)), SpokenPiece::Break(kPostcodePauseMs),
          SpokenPiece::Characters(std::string(inward))};
}

Spoken SpokenWords::Say(std::string_view text, TextHint hint) const {
  auto digits = std::count_if(text.begin(), text.end(), IsDigit);
  if (hint == TextHint::kPhone && digits >= 7 &&
      text.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos) {
    return Phone(text);
  }
  std::string trimmed(text);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
  while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(0, 1);
  if (hint == TextHint::kEmail && LooksLikeEmail(trimmed) && trimmed.find(' ') == std::string::npos)
    return Email(trimmed);
  if (hint == TextHint::kUrl && LooksLikeUrl(trimmed) && trimmed.find(' ') == std::string::npos) return Url(trimmed);
  std::vector<Token> tokens = SplitRanges(Tokenize(CleanCharacters(text)), welsh_, RangeWord());
  return Sayer(*this, std::move(tokens)).Run();
}

std::string SpokenWords::SayAsSsml(std::string_view text, TextHint hint) const { return InlineSsml(Say(text, hint)); }

}  // namespace publish
