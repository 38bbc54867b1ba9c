// What a reader finds in a page a channel rendered: its words, its element
// ids and the addresses it links to. Channels fill it from the files they
// wrote, so it tells the truth about the output, not about the source.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace publish {

struct RenderedContents {
  // The words of the page's main content, one block (paragraph, heading,
  // list item, table row) per line, spaces collapsed.
  std::string text;
  // Every element id, in document order (duplicates kept, so a check can
  // find them).
  std::vector<std::string> ids;
  // Every address the page links to or loads (href, src, action), decoded,
  // in document order.
  std::vector<std::string> links;
};

// Reads markup this project wrote (HTML pages, SSML scripts): every `<`
// opens a tag, comment or declaration, attribute values are quoted, and
// text holds only the entities our escapers and templates make (named
// amp, lt, gt, quot, apos, nbsp, and numeric ones). Not a general HTML
// parser: it is for reading back our own output.
enum class MarkupKind {
  kHtmlPage,  // the words are those of <main>; script and style are never text
  kSsml,      // the words are those of <speak>; <p> and <s> start lines
};
RenderedContents ReadRenderedMarkup(std::string_view markup, MarkupKind kind);

}  // namespace publish
