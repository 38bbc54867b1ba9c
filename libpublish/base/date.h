// Calendar dates (ISO YYYY-MM-DD) and clock times (24-hour HH:MM).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace publish {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
  std::string ToIso() const;
  // Days since 1970-01-01 to a date, for SOURCE_DATE_EPOCH and the clock.
  static Date FromUnixSeconds(int64_t seconds);
};

// Strict: exactly "YYYY-MM-DD" naming a real day.
std::optional<Date> ParseIsoDate(std::string_view text);

struct ClockTime {
  int hour = 0;
  int minute = 0;
  auto operator<=>(const ClockTime&) const = default;
};

// Strict: "HH:MM", 00:00 to 24:00.
std::optional<ClockTime> ParseClockTime(std::string_view text);

}  // namespace publish
