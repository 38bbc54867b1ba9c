// Content and accessibility checks over loaded pages: heading structure,
// image alt text, link text, plain English (English pages), titles and
// summaries, service contacts, review dates.
#pragma once

#include <functional>

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"

namespace publish {

// With the default plain English settings.
void CheckPage(const Page& page, const Date& today, Diagnostics& diagnostics);
// `severities` (site.yaml `checks:`) turns on the opt-in checks
// missing-summary and offline-service-no-contact.
void CheckPage(const Page& page, const Date& today, const PlainEnglishConfig& plain_english, Diagnostics& diagnostics,
               const SeverityOverrides& severities = {});
// Stands in for checking one page: `check` adds the page's diagnostics to
// the Diagnostics it is given. An incremental build keeps them and replays
// them while the page and its links stay the same.
using PageCheckHook =
    std::function<void(const Page& page, const std::function<void(Diagnostics&)>& check, Diagnostics& diagnostics)>;
// Every page (in parallel over `jobs` threads), then the titles across the site.
void CheckSite(const Site& site, Diagnostics& diagnostics, int jobs = 1, const PageCheckHook& hook = {});

}  // namespace publish
