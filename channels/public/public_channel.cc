#include "channels/public/public_channel.h"

#include "channels/html/html_site.h"

namespace publish {

// The public website: every public page at base_url, with a sitemap,
// _redirects and structured data for search engines.
std::unique_ptr<Channel> MakePublicChannel(const std::string& base_path) {
  HtmlSiteConfig config;
  config.base_path = base_path;
  config.channel.name = "public";
  config.channel.audience = Audience::kPublic;
  config.channel.takes_assets = true;
  config.channel.is_public_website = true;
  config.channel.writes_aliases = true;
  config.base_url = [](const SiteConfig& site) { return site.base_url; };
  config.structured_data = true;
  config.sitemap = true;
  config.redirects_file = true;
  return std::make_unique<HtmlChannel>(std::move(config));
}

}  // namespace publish
