// `publish check --external` on a terminal and in CI.
#pragma once

#include <string>

#include "libpublish/base/diagnostics.h"
#include "libpublish/content/site.h"

namespace publish::cli {

struct ExternalCheckFiles {
  std::string cache;    // --cache FILE: verdicts kept between runs ("" for none)
  std::string history;  // --history FILE: failures in a row, for scheduled runs
};

// Checks the site's web addresses, showing progress on a terminal (checked,
// remaining, the busiest hosts' queues) and nothing when stderr is not one.
// Reads and then rewrites the cache and history files; false, after a
// message, when one cannot be written (an environment error).
bool RunExternalCheck(const Site& site, const ExternalCheckFiles& files, Diagnostics& diagnostics);

}  // namespace publish::cli
