#include "libpublish/base/date.h"

#include <chrono>
#include <cstdio>

namespace publish {
namespace {

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::string Date::ToIso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

Date Date::FromUnixSeconds(int64_t seconds) {
  using namespace std::chrono;
  sys_days days{floor<std::chrono::days>(sys_seconds{std::chrono::seconds{seconds}})};
  year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  Date date{ToInt(y), ToInt(m), ToInt(d)};
  std::chrono::year_month_day ymd{std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
                                  std::chrono::day{static_cast<unsigned>(date.day)}};
  if (!ymd.ok()) return std::nullopt;
  return date;
}

std::optional<ClockTime> ParseClockTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  std::string_view h = text.substr(0, 2), m = text.substr(3, 2);
  if (!AllDigits(h) || !AllDigits(m)) return std::nullopt;
  ClockTime time{ToInt(h), ToInt(m)};
  if (time.hour > 24 || time.minute > 59 || (time.hour == 24 && time.minute != 0)) return std::nullopt;
  return time;
}

}  // namespace publish
