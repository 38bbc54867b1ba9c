#include "channels/public/public_channel.h"

#include "channels/html/html_site.h"

namespace publish {
namespace {

const ChannelInfo kInfo{
    .name = "public", .audience = Audience::kPublic, .takes_assets = true, .is_public_website = true};

}  // namespace

// The public website: every public page at base_url, with a sitemap,
// _redirects and structured data for search engines.
std::unique_ptr<Channel> MakePublicChannel() {
  HtmlSiteConfig config;
  config.channel = &kInfo;
  config.base_url = [](const SiteConfig& site) { return site.base_url; };
  config.structured_data = true;
  config.sitemap = true;
  config.redirects_file = true;
  return std::make_unique<HtmlChannel>(std::move(config));
}

}  // namespace publish
