// The staff intranet: every page, public and internal, at intranet_url, in
// a staff theme, with the editorial team's two pages: content due for
// review, and which services residents can use online.
#pragma once

#include <memory>

#include "libpublish/channel/channel.h"

namespace publish {

// `base_path`: see HtmlSiteConfig::base_path ("" for intranet_url's own).
std::unique_ptr<Channel> MakeIntranetChannel(const std::string& base_path = "");

}  // namespace publish
