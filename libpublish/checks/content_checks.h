// Content and accessibility checks over loaded pages: heading structure,
// image alt text, link text, plain English (English pages), titles and
// summaries, service contacts, review dates.
#pragma once

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"

namespace publish {

// With the default plain English settings.
void CheckPage(const Page& page, const Date& today, Diagnostics& diagnostics);
// `severities` (site.yaml `checks:`) turns on the opt-in checks
// missing-summary and offline-service-no-contact.
void CheckPage(const Page& page, const Date& today, const PlainEnglishConfig& plain_english, Diagnostics& diagnostics,
               const SeverityOverrides& severities = {});
// Every page (in parallel over `jobs` threads), then the titles across the site.
void CheckSite(const Site& site, Diagnostics& diagnostics, int jobs = 1);

}  // namespace publish
