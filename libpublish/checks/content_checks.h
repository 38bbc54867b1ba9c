// Content and accessibility checks over loaded pages: heading structure,
// image alt text, link text, review dates.
#pragma once

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"

namespace publish {

void CheckPage(const Page& page, const Date& today, Diagnostics& diagnostics);
void CheckSite(const Site& site, Diagnostics& diagnostics, int jobs = 1);

}  // namespace publish
