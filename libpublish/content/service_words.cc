#include "libpublish/content/service_words.h"

#include "libpublish/base/text.h"

namespace publish {

std::string EnglishDayName(int weekday) {
  static const char* kNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  return weekday >= 0 && weekday < 7 ? kNames[weekday] : "";
}

std::string HoursInWords(const OpeningHours& hours, const std::string& language) {
  std::string days;
  if (hours.is_range && hours.days.size() > 1) {
    std::string last = WeekdayName(hours.days.back(), language);
    // Welsh mutates after "i": "Dydd Llun i ddydd Gwener" (best effort: the
    // only mutation we make).
    if ((language == "cy" || language.rfind("cy-", 0) == 0) && last.rfind("Dydd ", 0) == 0)
      last = "ddydd " + last.substr(5);
    days = WeekdayName(hours.days.front(), language) + " " + RangeWord(language) + " " + last;
  } else {
    std::vector<std::string> names;
    for (int day : hours.days) names.push_back(WeekdayName(day, language));
    days = JoinAsList(names, language);
  }
  return days + ", " + ClockTimeWords(hours.opens.hour, hours.opens.minute, language) + " " + RangeWord(language) +
         " " + ClockTimeWords(hours.closes.hour, hours.closes.minute, language);
}

std::string TelUri(const std::string& phone) {
  std::string digits;
  // "+44 (0)1632 ..." : the bracketed 0 is dialled only from inside the UK.
  std::string written = phone;
  for (size_t at = written.find("(0)"); at != std::string::npos; at = written.find("(0)")) written.erase(at, 3);
  for (char c : written) {
    if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) digits += c;
  }
  if (digits.rfind("+", 0) == 0) return "tel:" + digits;
  if (digits.rfind("0", 0) == 0) return "tel:+44" + digits.substr(1);
  return "tel:" + digits;
}

}  // namespace publish
