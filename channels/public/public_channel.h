// The public website: every public page as accessible HTML5 with pretty
// URLs, plus listings, an A to Z of services, sitemap, 404 and redirects.
#pragma once

#include <memory>

#include "libpublish/channel/channel.h"

namespace publish {

std::unique_ptr<Channel> MakePublicChannel();

}  // namespace publish
