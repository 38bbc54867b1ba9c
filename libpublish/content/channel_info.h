// What the rest of the library knows of a channel, as data: its name, who
// it is for, which pages it holds and which files it writes of its own.
// The channels fill these in (channels/registry.cc is the one list); the
// content, links and pipeline layers read them and never spell a channel's
// name or file names themselves.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libpublish/config/site_config.h"

namespace publish {

struct Page;

// Who a channel is for. A public channel never holds an internal page.
enum class Audience { kPublic, kStaff };

// A file a channel writes that belongs to no page (sitemap, 404 page, the
// theme's stylesheet). No page, file or alias may take its place.
struct GeneratedFile {
  std::string path;  // below the channel's folder: "404.html", "a-to-z/index.html"
  std::string what;  // for messages: "the generated sitemap"
  // A page at this URL ("a-to-z/") replaces the generated one instead of
  // clashing with it; "" when no page may.
  std::string page_may_replace;
  // The site's own copy of this theme file (themes/<channel>/assets/x.css)
  // replaces it; "" when there is none.
  std::string site_file_may_replace;
};

struct ChannelInfo {
  std::string name;  // the output folder OUT/<name>/ and the word in `channels:`
  Audience audience = Audience::kPublic;
  // static/ files and content assets are copied into it (HTML channels).
  bool takes_assets = false;
  // Every file its pages need is under OUT/<name>/, and no page makes a
  // request outside it (kiosk).
  bool self_contained = false;
  // The public website: where any other channel sends a link to a page it
  // does not hold itself.
  bool is_public_website = false;
  // Pages become `<url>/index.html` (HTML) when empty; otherwise a file
  // named after the page's content path with this extension (".txt").
  std::string page_extension;
  // Each alias gets a redirect page (HTML channels the public arrive at
  // from old addresses).
  bool writes_aliases = false;
  // The top-level section folders the site limits the channel to (the
  // kiosk's `kiosk.sections`); unset, or nullopt for a site: every
  // section. The home page is always held.
  std::function<std::optional<std::vector<std::string>>(const SiteConfig&)> sections;
  std::vector<GeneratedFile> generated;
  // Ids the channel's page furniture gives a page besides its headings
  // ("contact" on a service page with contact details), which a link's
  // fragment may name; unset: none.
  std::function<std::vector<std::string>(const Page&)> furniture_ids;
};

}  // namespace publish
