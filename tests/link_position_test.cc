// Link destination positions computed from the source (cmark's inline
// columns are unreliable), whatever escapes the destination is written with.
#include <catch2/catch.hpp>

#include "channels/registry.h"
#include "libpublish/content/page.h"
#include "tests/test_support.h"

using namespace publish;
using Strings = std::vector<std::string>;

namespace {

// "url line:col" for every link and image of a page whose body starts on
// line 4.
Strings Positions(const std::string& body) {
  Diagnostics diagnostics;
  auto page =
      LoadPage("content/a.md", "---\ntitle: A\n---\n" + body, "en-GB", publish::AvailableChannels(), diagnostics);
  REQUIRE(page);
  Strings out;
  for (const auto& link : page->links) {
    out.push_back(link.destination + " " + std::to_string(link.position.line) + ":" +
                  std::to_string(link.position.column));
  }
  return out;
}

}  // namespace

TEST_CASE("Link positions: plain destinations", "[links][positions]") {
  CHECK(Positions("See [a](nope.md) and ![b](c.png).\n") == Strings{"nope.md 4:9", "c.png 4:27"});
}

TEST_CASE("Link positions: a destination written with an entity", "[links][positions]") {
  CHECK(Positions("[a](&#x6e;ope.md)\n") == Strings{"nope.md 4:5"});
  CHECK(Positions("x [a](&#110;ope.md)\n") == Strings{"nope.md 4:7"});
  CHECK(Positions("[a](x&amp;y.md)\n") == Strings{"x&y.md 4:5"});
}

TEST_CASE("Link positions: a destination written with a backslash escape", "[links][positions]") {
  CHECK(Positions("[a](no\\_pe.md)\n") == Strings{"no_pe.md 4:5"});
  CHECK(Positions("[a](\\(x\\).md)\n") == Strings{"(x).md 4:5"});
}

TEST_CASE("Link positions: a destination in angle brackets", "[links][positions]") {
  CHECK(Positions("[a](<no pe.md>)\n") == Strings{"no pe.md 4:6"});
  CHECK(Positions("[a](<no&#x20;pe.md> \"title\")\n") == Strings{"no pe.md 4:6"});
}

TEST_CASE("Link positions: a reference link points at its definition's destination", "[links][positions]") {
  CHECK(Positions("See [a][r].\n\n[r]: &amp;x.md\n") == Strings{"&x.md 6:6"});
  CHECK(Positions("[r]:\n  no\\_pe.md\n\nSee [a][r] and [b][].\n\n[b]: <b c.md>\n") ==
        Strings{"no_pe.md 5:3", "b c.md 9:7"});
  // A definition before the paragraph, and one used twice.
  CHECK(Positions("[r]: x&amp;.md\n\n[a][r] [b][r]\n") == Strings{"x&.md 4:6", "x&.md 4:6"});
}

TEST_CASE("Link positions: a link after an escaped one on the same line", "[links][positions]") {
  // The escaped "&#x78;.md" is "x.md" too: it must not take the second
  // link's place, and the second must not lose it.
  CHECK(Positions("[a](&#x78;.md) [b](x.md)\n") == Strings{"x.md 4:5", "x.md 4:20"});
  CHECK(Positions("[a](no\\_pe.md) and [b](x.md)\n") == Strings{"no_pe.md 4:5", "x.md 4:24"});
  CHECK(Positions("[a](x&amp;.md) [b](x&amp;.md)\n") == Strings{"x&.md 4:5", "x&.md 4:20"});
}

TEST_CASE("Link positions: columns count code points before the link", "[links][positions]") {
  // "Café ✓ " is 7 code points (10 bytes).
  CHECK(Positions("Café ✓ [a](&#x6e;ope.md) [b](no\\_pe.md) [c](<d e.md>)\n") ==
        Strings{"nope.md 4:12", "no_pe.md 4:30", "d e.md 4:46"});
  CHECK(Positions("Ünïcödé\n[a][r]\n\né [q]: x\n\n[r]: wé\\_x.md\n") == Strings{"wé_x.md 9:6"});
}

TEST_CASE("Link positions: an image inside a link", "[links][positions]") {
  CHECK(Positions("[![i](a\\_.png)](b&amp;.md)\n") == Strings{"b&.md 4:17", "a_.png 4:7"});
}

TEST_CASE("Link positions: a destination on the line after the bracket", "[links][positions]") {
  CHECK(Positions("[a](\n  no\\_pe.md)\n") == Strings{"no_pe.md 5:3"});
}

TEST_CASE("Link positions: a broken link with an entity is reported at its destination", "[links][positions]") {
  publish::test::SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Café [a](&#x6e;ope.md) [b](no\\_pe.md)\n");
  auto checked = publish::test::CheckSite(site);
  CHECK(publish::test::LinesWith(checked.diagnostics, "broken-link") ==
        Strings{"content/_index.md:4:10: error: link target 'nope.md' does not exist [broken-link]",
                "content/_index.md:4:28: error: link target 'no_pe.md' does not exist [broken-link]"});
}

TEST_CASE("Link positions: a line of many brackets is read in linear time", "[links][positions]") {
  // Without a budget each "](" would be read to the end of the line:
  // 100,000 reads of up to 200 KB.
  std::string line = "[a](no\\_pe.md) ";
  for (int i = 0; i < 100000; ++i) line += "](";
  CHECK(Positions(line + "\n") == Strings{"no_pe.md 4:5"});
  // Past the budget a destination with no escapes is still found by its text.
  CHECK(Positions(line + " [b](x.md)\n") == Strings{"no_pe.md 4:5", "x.md 4:200021"});
}

TEST_CASE("Link positions: link syntax inside a code span is not a destination", "[links][positions]") {
  CHECK(Positions("Write `[x](a.md)` for [y](a.md).\n") == Strings{"a.md 4:27"});
  CHECK(Positions("``[x](`a.md)`` then [y](a.md)\n") == Strings{"a.md 4:25"});
  // An escaped backtick opens nothing; an unmatched run is literal.
  CHECK(Positions("\\`[x](a.md)` [y](b.md)\n") == Strings{"a.md 4:7", "b.md 4:18"});
  CHECK(Positions("a `` b [x](a.md) `\n") == Strings{"a.md 4:12"});
  // A code span across lines of the paragraph.
  CHECK(Positions("`one\n[x](a.md)` [y](a.md)\n") == Strings{"a.md 5:16"});
}

TEST_CASE("Link positions: links in the cells of one table row", "[links][positions]") {
  CHECK(Positions("| [a](x.md) | [b](x.md) |\n| - | - |\n| [c](&#x78;.md) | ![d](y.png) |\n") ==
        Strings{"x.md 4:7", "x.md 4:19", "x.md 6:7", "y.png 6:25"});
}
