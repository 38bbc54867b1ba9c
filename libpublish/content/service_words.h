// Service metadata in the words people use, shared by every channel:
// opening hours, phone links.
#pragma once

#include <string>

#include "libpublish/content/page.h"

namespace publish {

// "Monday to Friday, 9am to 5pm" in the page's language.
std::string HoursInWords(const OpeningHours& hours, const std::string& language);
// "01632 960 000" -> "tel:+441632960000" (UK numbers to international form).
std::string TelUri(const std::string& phone);
// "Monday" for schema.org dayOfWeek.
std::string EnglishDayName(int weekday);

}  // namespace publish
