// The body renderer every HTML channel shares: our own HTML over the
// Markdown tree (heading ids, accessible tables, figures, resolved links).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "libpublish/base/escape.h"
#include "libpublish/content/page.h"

namespace publish {

// How a channel turns a resolved link into an address.
class HtmlLinkPolicy {
 public:
  virtual ~HtmlLinkPolicy() = default;
  virtual std::string PageUrl(const Page& target, const std::string& fragment) const = 0;
  virtual std::string AssetUrl(const std::string& asset_path) const = 0;
};

struct HtmlBodyOptions {
  std::string external_link_note = "(external site)";  // read by screen readers
  std::string task_done = "Done:";
  std::string task_to_do = "To do:";
  // A channel that cannot send a reader to some links (the kiosk, which
  // has no way off itself) returns for each such link an address on the
  // page instead ("#take-away-2"); "" keeps the link as it is. `words` are
  // the link's text.
  std::function<std::string(const PageLink& link, const std::string& words)> divert_link;
  // False: an image from another site is shown as its text alternative,
  // so that the page makes no request outside the channel.
  bool external_images = true;
};

std::string RenderHtmlBody(const Page& page, const HtmlLinkPolicy& links, const HtmlBodyOptions& options);

}  // namespace publish
