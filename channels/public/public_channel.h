// The public website: every public page as accessible HTML5 with pretty
// URLs, plus listings, an A to Z of services, sitemap, 404 and redirects.
#pragma once

#include <memory>

#include "libpublish/channel/channel.h"

namespace publish {

// `base_path`: see HtmlSiteConfig::base_path ("" for the site's own).
std::unique_ptr<Channel> MakePublicChannel(const std::string& base_path = "");

}  // namespace publish
