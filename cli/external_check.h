// `publish check --external` on a terminal and in CI.
#pragma once

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"

namespace publish::cli {

// Checks the site's web addresses, showing progress on a terminal (checked,
// remaining, the busiest hosts' queues) and nothing when stderr is not one.
void RunExternalCheck(const Site& site, Diagnostics& diagnostics);

}  // namespace publish::cli
