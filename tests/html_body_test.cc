// The HTML body renderer the HTML channels share: what the CommonMark spec
// run (tests/commonmark/) found, pinned here in the unit suite.
#include <catch2/catch.hpp>

#include "test_support.h"

using publish::test::BuildPublic;
using publish::test::SiteBuilder;

namespace {

std::string RenderBody(const std::string& body) {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home", "## Home\n\n[Page](page.md)\n");
  site.Page("content/page.md", "title: Page", body);
  auto built = BuildPublic(site.files());
  INFO(publish::test::Lines(built->diagnostics).size());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  return built->Public("page/index.html");
}

}  // namespace

TEST_CASE("HTML body: link and inline image titles are kept", "[html-body]") {
  std::string html = RenderBody(
      "## Links\n\nSee [the rates](https://www.gov.uk/rates \"Business rates\") and "
      "![a map](https://maps.example.gov.uk/x.png \"Depot map\") here.\n");
  CHECK_THAT(html, Catch::Contains("<a href=\"https://www.gov.uk/rates\" title=\"Business rates\" class=\"external\""));
  CHECK_THAT(html, Catch::Contains("alt=\"a map\" title=\"Depot map\">"));
}

TEST_CASE("HTML body: external addresses are percent-encoded, keeping their escapes", "[html-body]") {
  std::string html = RenderBody(
      "## Links\n\n[odd](https://example.gov.uk/a\\\\b%20c/d%zz \"x\") and "
      "[wide](https://example.gov.uk/f&ouml;o?q=1&r=2#top)\n");
  // A raw backslash would send a browser to another path.
  CHECK_THAT(html, Catch::Contains("href=\"https://example.gov.uk/a%5Cb%20c/d%25zz\""));
  CHECK_THAT(html, Catch::Contains("href=\"https://example.gov.uk/f%C3%B6o?q=1&amp;r=2#top\""));
}

TEST_CASE("HTML body: left-aligned table columns say so", "[html-body]") {
  std::string html = RenderBody("## Rates\n\n| Band | Rate |\n|:--|--:|\n| A | 1 |\n");
  CHECK_THAT(html, Catch::Contains("<th scope=\"col\" class=\"align-left\">Band</th>"));
  CHECK_THAT(html, Catch::Contains("<td class=\"align-left\">A</td>"));
}

TEST_CASE("HTML body: a code block's language ends at a tab as at a space", "[html-body]") {
  std::string html = RenderBody("## Code\n\n```yaml\tsome notes\ntitle: x\n```\n\n```sh more\nls\n```\n");
  CHECK_THAT(html, Catch::Contains("<pre><code class=\"language-yaml\">title: x"));
  CHECK_THAT(html, Catch::Contains("<pre><code class=\"language-sh\">ls"));
}

TEST_CASE("HTML body: a table's caption id never takes a heading's id", "[html-body]") {
  std::string html = RenderBody(
      "## Table caption 1\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n## Table caption 1 1\n\nText.\n\n"
      "[up](#table-caption-1)\n");
  CHECK(publish::test::Count(html, "id=\"table-caption-1\"") == 1);
  CHECK_THAT(html, Catch::Contains("<h2 id=\"table-caption-1\">"));
  CHECK_THAT(html, Catch::Contains("<h2 id=\"table-caption-1-1\">"));
  CHECK_THAT(html, Catch::Contains("<caption id=\"table-caption-1-2\""));
  CHECK_THAT(html, Catch::Contains("aria-labelledby=\"table-caption-1-2\""));
}
