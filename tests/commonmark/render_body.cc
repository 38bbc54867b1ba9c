// Renders one Markdown document (stdin) with the HTML channels' body
// renderer and writes the body to stdout, for the CommonMark spec run
// (tests/commonmark/run_spec.py). Every link and image is taken as the
// address written, as an external link is, since spec examples have no site.
// Exit 3 when the document holds raw HTML (which the product refuses, so
// the example is not comparable), else 0.
#include <iostream>
#include <iterator>
#include <string>

#include "channels/html/html_body.h"
#include "channels/registry.h"
#include "libpublish/content/page.h"

namespace {

class AsWritten : public publish::HtmlLinkPolicy {
 public:
  std::string PageUrl(const publish::Page&, const std::string&) const override { return ""; }
  std::string AssetUrl(const std::string&) const override { return ""; }
};

}  // namespace

int main() {
  std::string markdown((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  publish::Diagnostics diagnostics;
  auto page = publish::LoadPage("content/example.md", "---\ntitle: Example\n---\n" + markdown, "en-GB",
                                publish::AvailableChannels(), diagnostics);
  if (!page) return 2;
  for (const auto& diagnostic : diagnostics.items()) {
    if (diagnostic.check_id == "raw-html") return 3;
  }
  for (auto& link : page->links) link.kind = publish::PageLink::Kind::kExternal;
  AsWritten links;
  std::cout << publish::RenderHtmlBody(*page, links, publish::HtmlBodyOptions{});
  return 0;
}
