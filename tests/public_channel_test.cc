// The public channel built into memory: page chrome and accessibility
// structure, service panels, listings, A to Z, sitemap, redirects, theme
// overrides, and the rule that nothing internal ever reaches it.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "channels/registry.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::BuildPublic;
using publish::test::Count;
using publish::test::Lines;
using publish::test::SiteBuilder;
using Strings = std::vector<std::string>;

namespace {

const std::string kSecret = "Zebra secret";  // in every internal title

SiteBuilder CouncilSite() {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\nsummary: Council services in Testshire.\n",
            "Welcome to [bins](bins/_index.md).\n");
  site.Page("content/help.md", "title: Help using this website\n", "Call us.\n");
  site.Page("content/accessibility.md", "title: Accessibility statement\n", "We aim for WCAG 2.2 AA.\n");
  site.Page("content/bins/_index.md", "title: Bins and recycling\nsummary: Collections and recycling.\n",
            "Everything about bins.\n");
  site.Page("content/bins/collection-days.md",
            "title: Check your collection day\nsummary: Find your day.\nweight: 20\nupdated: 2026-03-02\n",
            "## Bank holidays\n\nCollections move by a day. See the [map](/images/map.png) and "
            "![Sizes of bins](bin-sizes.png).\n\n"
            "Read [GOV.UK](https://www.gov.uk/) or [book a bulky collection](bulky-waste.md#what-we-take).\n");
  site.File("content/bins/bin-sizes.png", "PNGDATA");
  site.File("static/images/map.png", "MAPDATA");
  site.Page("content/bins/bulky-waste.md",
            "title: Book a bulky waste collection\n"
            "summary: We collect large items for a fee.\n"
            "type: service\n"
            "weight: 10\n"
            "service:\n"
            "  department: Waste services\n"
            "  online: yes\n"
            "  apply_url: https://forms.testshire.example.gov.uk/bulky\n"
            "  cost: £25 for up to 3 items\n"
            "  eligibility: [You live in Testshire]\n"
            "  contact:\n"
            "    phone: 01632 960 000\n"
            "    email: waste@testshire.example.gov.uk\n"
            "  hours:\n"
            "    - {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}\n"
            "    - {days: Saturday, opens: \"09:30\", closes: \"12:00\"}\n"
            "  related: [collection-days.md]\n",
            "## What we take\n\nSofas and fridges.\n");
  site.Page("content/bins/garden-waste.md",
            "title: Garden waste subscription\n"
            "type: service\n"
            "service:\n"
            "  online: partial\n"
            "  apply_url: https://forms.testshire.example.gov.uk/garden\n",
            "Subscribe each year.\n");
  site.Page("content/bins/assisted.md",
            "title: Assisted bin collections\n"
            "type: service\n"
            "service:\n"
            "  online: no\n"
            "  cost: Free\n"
            "  contact:\n"
            "    phone: 01632 960 001\n"
            "    address: Town Hall, Testshire TE1 1ST\n"
            "  hours:\n"
            "    - {days: \"Monday, Wednesday and Friday\", opens: \"08:00\", closes: \"12:00\"}\n",
            "Ask us to collect your bins from your door.\n");
  site.Page("content/bins/recycling-rates.md", "title: Recycling rates\n",
            "## Rates by year\n\n| Year | Rate | Change |\n| :--- | :---: | ---: |\n| 2025 | 48% | +2 |\n"
            "| 2026 | 51% | +3 |\n");
  site.Page("content/bins/old-name.md", "title: Old bin pages\naliases: [/bins/old.aspx, /rubbish/]\n", "Moved.\n");
  site.Page("content/news/_index.md", "title: News\n");
  site.Page("content/news/christmas.md", "title: Christmas collections\ntype: news\ndate: 2026-12-01\n",
            "Collections change over Christmas.\n");
  site.Page("content/staff/_index.md", "title: Staff pages " + kSecret + "\nvisibility: internal\n", "Internal.\n");
  site.Page("content/staff/leave.md",
            "title: Book leave " + kSecret + "\nvisibility: internal\naliases: [/staff-leave.aspx]\n",
            "[Bins](../bins/collection-days.md)\n");
  site.Page("content/staff/overtime.md",
            "title: Claim overtime " + kSecret + "\nvisibility: internal\ntype: service\nservice:\n  online: no\n",
            "Internal service.\n");
  return site;
}

// One build of the council site shared by the read-only tests.
const publish::test::Built& Council() {
  static std::unique_ptr<publish::test::Built> built = [] {
    auto result = BuildPublic(CouncilSite().files(), 2);
    return result;
  }();
  return *built;
}

Strings HtmlPaths(const publish::test::Built& built) {
  Strings paths;
  for (const auto& [path, contents] : built.AllPublic()) {
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0) paths.push_back(path);
  }
  return paths;
}

Strings Hrefs(const std::string& html) {
  Strings hrefs;
  static const std::regex kHref("(?:href|src)=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kHref); it != std::sregex_iterator(); ++it) {
    hrefs.push_back((*it)[1].str());
  }
  return hrefs;
}

// The first element a keyboard user can reach.
size_t FirstFocusable(const std::string& html) {
  size_t body = html.find("<body");
  size_t best = std::string::npos;
  for (const char* tag : {"<a ", "<button", "<input", "<select", "<textarea", "tabindex=\"0\""}) {
    best = std::min(best, html.find(tag, body));
  }
  return best;
}

}  // namespace

TEST_CASE("Public channel: the council site builds cleanly", "[public-channel]") {
  const auto& built = Council();
  CHECK(Lines(built.diagnostics) == Strings{});
  CHECK(built.result.outcome == Outcome::kSuccess);
  CHECK(built.result.pages_per_channel.at("public") == 12);
}

TEST_CASE("Public channel: pretty URLs and the files beside them", "[public-channel]") {
  const auto& built = Council();
  for (const char* path : {"index.html", "help/index.html", "bins/index.html", "bins/collection-days/index.html",
                           "bins/bulky-waste/index.html", "news/christmas/index.html", "a-to-z/index.html", "404.html",
                           "sitemap.xml", "_redirects", "assets/publish.css", "bins/bin-sizes.png", "images/map.png"}) {
    INFO(path);
    CHECK(built.HasPublic(path));
  }
  CHECK(built.Public("bins/bin-sizes.png") == "PNGDATA");
  CHECK(built.Public("images/map.png") == "MAPDATA");
}

TEST_CASE("Public channel: every page has a language, a title and one main and h1", "[public-channel]") {
  const auto& built = Council();
  Strings paths = HtmlPaths(built);
  REQUIRE(paths.size() >= 12);
  for (const auto& path : paths) {
    INFO(path);
    std::string html = built.Public(path);
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    CHECK(Count(html, "<title>") == 1);
    CHECK(Count(html, "<main") == 1);
    CHECK(Count(html, "</main>") == 1);
    CHECK(Count(html, "<h1") == 1);
    CHECK(Count(html, "id=\"main-content\"") == 1);
  }
}

TEST_CASE("Public channel: titles read 'Page – Council'", "[public-channel]") {
  const auto& built = Council();
  CHECK_THAT(built.Public("bins/collection-days/index.html"),
             Catch::Contains("<title>Check your collection day – Testshire Council</title>"));
  CHECK_THAT(built.Public("bins/index.html"), Catch::Contains("<title>Bins and recycling – Testshire Council</title>"));
  // The home page is named after the council already.
  CHECK_THAT(built.Public("index.html"), Catch::Contains("<title>Testshire Council</title>"));
  CHECK_THAT(built.Public("404.html"), Catch::Contains("<title>Page not found – Testshire Council</title>"));
}

TEST_CASE("Public channel: the skip link is the first focusable element, before the header", "[public-channel]") {
  const auto& built = Council();
  for (const auto& path : HtmlPaths(built)) {
    INFO(path);
    std::string html = built.Public(path);
    size_t skip = html.find("<a class=\"skip-link\" href=\"#main-content\">Skip to main content</a>");
    REQUIRE(skip != std::string::npos);
    CHECK(FirstFocusable(html) == skip);
    CHECK(skip < html.find("<header"));
  }
}

TEST_CASE("Public channel: breadcrumbs lead from Home to the parent", "[public-channel]") {
  const auto& built = Council();
  std::string page = built.Public("bins/collection-days/index.html");
  CHECK_THAT(page,
             Catch::Contains("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol class=\"breadcrumbs__list\">\n"
                             "<li class=\"breadcrumbs__item\"><a class=\"breadcrumbs__link\" href=\"/\">Home</a></li>\n"
                             "<li class=\"breadcrumbs__item\"><a class=\"breadcrumbs__link\" href=\"/bins/\">Bins and "
                             "recycling</a></li>\n</ol>\n</nav>"));
  CHECK_THAT(built.Public("bins/index.html"),
             Catch::Contains(
                 "<li class=\"breadcrumbs__item\"><a class=\"breadcrumbs__link\" href=\"/\">Home</a></li>\n</ol>"));
  CHECK(built.Public("index.html").find("breadcrumbs") == std::string::npos);
  // The breadcrumbs come before main, inside no other landmark.
  CHECK(page.find("class=\"breadcrumbs\"") < page.find("<main"));
}

TEST_CASE("Public channel: the footer has the same support links on every page", "[public-channel]") {
  const auto& built = Council();
  const std::string footer_links =
      "<ul class=\"site-footer__links\">\n"
      "<li><a href=\"/help/\">Help using this website</a></li>\n"
      "<li><a href=\"/accessibility/\">Accessibility statement</a></li>\n"
      "<li><a href=\"/a-to-z/\">A to Z of services</a></li>\n"
      "</ul>";
  for (const auto& path : HtmlPaths(built)) {
    INFO(path);
    std::string html = built.Public(path);
    CHECK(Count(html, footer_links) == 1);
    CHECK(html.find("<footer") > html.find("</main>"));
  }
}

TEST_CASE("Public channel: tables have column headers with scope and no align attribute", "[public-channel]") {
  std::string html = Council().Public("bins/recycling-rates/index.html");
  CHECK(Count(html, "<th scope=\"col\"") == 3);
  CHECK(html.find("align=") == std::string::npos);
  CHECK(html.find("<td") != std::string::npos);
  CHECK_THAT(html,
             Catch::Contains("<caption id=\"table-caption-1\" class=\"visually-hidden\">Rates by year</caption>"));
  CHECK_THAT(html, Catch::Contains("<th scope=\"col\" class=\"align-centre\">Rate</th>"));
  CHECK_THAT(html, Catch::Contains("<td class=\"align-right\">+2</td>"));
  CHECK_THAT(html, Catch::Contains("<thead>"));
  CHECK_THAT(html, Catch::Contains("<tbody>"));
}

TEST_CASE("Public channel: a service done online gets a start link", "[public-channel][service]") {
  std::string html = Council().Public("bins/bulky-waste/index.html");
  CHECK_THAT(html, Catch::Contains("You can do this online."));
  CHECK_THAT(html, Catch::Contains("<a href=\"https://forms.testshire.example.gov.uk/bulky\" role=\"button\" "
                                   "draggable=\"false\" class=\"button button--start\">Start now"));
  CHECK_THAT(html, Catch::Contains("<dt>Cost</dt><dd>£25 for up to 3 items</dd>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"tel:+441632960000\">01632 960 000</a>"));
  CHECK_THAT(html,
             Catch::Contains("<a href=\"mailto:waste@testshire.example.gov.uk\">waste@testshire.example.gov.uk</a>"));
  CHECK_THAT(html, Catch::Contains("<li>Monday to Friday, 9am to 5pm</li>"));
  CHECK_THAT(html, Catch::Contains("<li>Saturday, 9:30am to midday</li>"));
  CHECK_THAT(html, Catch::Contains("<li><a href=\"/bins/collection-days/\">Check your collection day</a></li>"));
}

TEST_CASE("Public channel: a service done partly online gets a start link", "[public-channel][service]") {
  std::string html = Council().Public("bins/garden-waste/index.html");
  CHECK_THAT(html, Catch::Contains("You can do part of this online."));
  CHECK_THAT(html, Catch::Contains("href=\"https://forms.testshire.example.gov.uk/garden\" role=\"button\""));
}

TEST_CASE("Public channel: a service not done online says so and points to contact", "[public-channel][service]") {
  std::string html = Council().Public("bins/assisted/index.html");
  CHECK_THAT(html, Catch::Contains("You cannot do this online."));
  CHECK(html.find("button--start") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("<a href=\"#contact\">Other ways to do this</a>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"tel:+441632960001\">01632 960 001</a>"));
  CHECK_THAT(html, Catch::Contains("<li>Monday, Wednesday and Friday, 8am to midday</li>"));
  CHECK_THAT(html, Catch::Contains("id=\"contact\""));
}

TEST_CASE("Public channel: service pages carry GovernmentService JSON-LD", "[public-channel][service]") {
  std::string html = Council().Public("bins/bulky-waste/index.html");
  const std::string open = "<script type=\"application/ld+json\">";
  size_t start = html.find(open);
  REQUIRE(start != std::string::npos);
  start += open.size();
  size_t end = html.find("</script>", start);
  REQUIRE(end != std::string::npos);
  std::string error;
  auto json = publish::test::ParseJson(html.substr(start, end - start), &error);
  INFO(error);
  REQUIRE(json);
  CHECK(json->at("@type") == "GovernmentService");
  CHECK(json->at("@context") == "https://schema.org");
  CHECK(json->at("name") == "Book a bulky waste collection");
  CHECK(json->at("url") == "https://www.testshire.example.gov.uk/bins/bulky-waste/");
  CHECK(json->at("provider").at("name") == "Testshire Council");
  REQUIRE(json->at("availableChannel").size() == 2);
  CHECK(json->at("availableChannel")[0].at("serviceUrl") == "https://forms.testshire.example.gov.uk/bulky");
  // Pages that are not services have none.
  CHECK(Council().Public("bins/collection-days/index.html").find("ld+json") == std::string::npos);
}

TEST_CASE("Public channel: text is escaped in HTML and in JSON-LD", "[public-channel][service]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/fish.md",
            "title: \"Fish & chips <script>alert(1)</script>\"\nsummary: \"Say \\\"hi\\\" & go\"\ntype: service\n"
            "service:\n  online: no\n  department: \"</script><b>Waste</b>\"\n",
            "Text with a < and an & in it.\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  std::string html = built->Public("fish/index.html");
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<b>Waste") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(html, Catch::Contains("Text with a &lt; and an &amp; in it."));
  CHECK(Count(html, "</script>") == 1);  // only the JSON-LD's own end tag
}

TEST_CASE("Public channel: section listings are ordered by weight, then title", "[public-channel]") {
  std::string html = Council().Public("bins/index.html");
  Strings order;
  static const std::regex kItem("<a class=\"page-list__link\" href=\"([^\"]*)\">");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kItem); it != std::sregex_iterator(); ++it) {
    order.push_back((*it)[1].str());
  }
  CHECK(order == Strings{"/bins/bulky-waste/", "/bins/collection-days/", "/bins/assisted/", "/bins/garden-waste/",
                         "/bins/old-name/", "/bins/recycling-rates/"});
  CHECK_THAT(html, Catch::Contains("<h2 id=\"section-list-heading\">In this section</h2>"));
}

TEST_CASE("Public channel: the home page lists the public sections only", "[public-channel][visibility]") {
  std::string html = Council().Public("index.html");
  CHECK_THAT(html, Catch::Contains("<h2 id=\"section-list-heading\">Sections</h2>"));
  CHECK_THAT(html, Catch::Contains("href=\"/bins/\">Bins and recycling</a>"));
  CHECK_THAT(html, Catch::Contains("href=\"/news/\">News</a>"));
  CHECK(html.find("/staff/") == std::string::npos);
}

TEST_CASE("Public channel: the A to Z lists public services by letter", "[public-channel]") {
  std::string html = Council().Public("a-to-z/index.html");
  CHECK_THAT(html, Catch::Contains("<h1 class=\"page-title\">A to Z of services</h1>"));
  size_t a = html.find("href=\"/bins/assisted/\">Assisted bin collections</a>");
  size_t b = html.find("href=\"/bins/bulky-waste/\">Book a bulky waste collection</a>");
  size_t g = html.find("href=\"/bins/garden-waste/\">Garden waste subscription</a>");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  REQUIRE(g != std::string::npos);
  CHECK(a < b);
  CHECK(b < g);
  CHECK_THAT(html, Catch::Contains("<h2 id=\"letter-1\" class=\"a-to-z__letter\">A</h2>"));
  CHECK_THAT(html, Catch::Contains("<h2 id=\"letter-2\" class=\"a-to-z__letter\">B</h2>"));
  CHECK_THAT(html, Catch::Contains("<h2 id=\"letter-3\" class=\"a-to-z__letter\">G</h2>"));
  // Pages that are not services are not in it; nor are internal services.
  CHECK(html.find("collection-days") == std::string::npos);
  CHECK(html.find("overtime") == std::string::npos);
}

TEST_CASE("Public channel: the sitemap lists public pages and never internal ones", "[public-channel][visibility]") {
  std::string xml = Council().Public("sitemap.xml");
  std::string error;
  CHECK(publish::test::IsWellFormedXml(xml, &error));
  INFO(error);
  CHECK_THAT(xml, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
                                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
  CHECK_THAT(xml, Catch::Contains("<url><loc>https://www.testshire.example.gov.uk/</loc></url>"));
  CHECK_THAT(xml, Catch::Contains("<url><loc>https://www.testshire.example.gov.uk/bins/collection-days/</loc>"
                                  "<lastmod>2026-03-02</lastmod></url>"));
  CHECK_THAT(xml, Catch::Contains("<url><loc>https://www.testshire.example.gov.uk/news/christmas/</loc>"
                                  "<lastmod>2026-12-01</lastmod></url>"));
  CHECK_THAT(xml, Catch::Contains("<loc>https://www.testshire.example.gov.uk/a-to-z/</loc>"));
  CHECK(xml.find("staff") == std::string::npos);
  CHECK(Count(xml, "<url>") == 13);  // 12 pages and the A to Z
}

TEST_CASE("Public channel: _redirects lists every public alias as /old /new 301", "[public-channel][aliases]") {
  CHECK(Council().Public("_redirects") == "/bins/old.aspx /bins/old-name/ 301\n/rubbish/ /bins/old-name/ 301\n");
}

TEST_CASE("Public channel: each alias gets a redirect page", "[public-channel][aliases]") {
  const auto& built = Council();
  // An alias with an extension is that exact file; one ending in / gets index.html.
  for (const char* path : {"bins/old.aspx", "rubbish/index.html"}) {
    INFO(path);
    std::string html = built.Public(path);
    CHECK_THAT(html, Catch::Contains("<meta http-equiv=\"refresh\" content=\"0; url=/bins/old-name/\">"));
    CHECK_THAT(html, Catch::Contains("<meta name=\"robots\" content=\"noindex\">"));
    CHECK_THAT(
        html, Catch::Contains("<link rel=\"canonical\" href=\"https://www.testshire.example.gov.uk/bins/old-name/\">"));
    CHECK_THAT(html, Catch::Contains("<a href=\"/bins/old-name/\">Old bin pages</a>"));
    CHECK(Count(html, "<h1") == 1);
  }
  // Internal pages' aliases go nowhere public.
  CHECK_FALSE(built.HasPublic("staff-leave.aspx"));
}

TEST_CASE("Public channel: no internal page or its title appears anywhere", "[public-channel][visibility]") {
  const auto& built = Council();
  for (const auto& [path, contents] : built.AllPublic()) {
    INFO(path);
    CHECK(path.find("staff") == std::string::npos);
    CHECK(contents.find(kSecret) == std::string::npos);
    CHECK(contents.find("/staff/") == std::string::npos);
    CHECK(contents.find("staff-leave") == std::string::npos);
  }
}

TEST_CASE("Public channel: a public page under an internal section stays clear of it", "[public-channel][visibility]") {
  SiteBuilder site = CouncilSite();
  site.Page("content/staff/notice.md", "title: Public notice\n", "A public page in an internal folder.\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  std::string html = built->Public("staff/notice/index.html");
  CHECK_THAT(html, Catch::Contains("<h1 class=\"page-title\">Public notice</h1>"));
  for (const auto& [path, contents] : built->AllPublic()) {
    INFO(path);
    CHECK(contents.find(kSecret) == std::string::npos);
    CHECK(contents.find("href=\"/staff/\"") == std::string::npos);
  }
}

TEST_CASE("Public channel: pages left out by channels: do not appear", "[public-channel][visibility]") {
  SiteBuilder site = CouncilSite();
  site.Page("content/bins/text-only.md", "title: Text only Quokka\nchannels: [text]\n", "Only in text.\n");
  auto built = BuildPublic(site.files());
  CHECK_FALSE(built->HasPublic("bins/text-only/index.html"));
  for (const auto& [path, contents] : built->AllPublic()) {
    INFO(path);
    CHECK(contents.find("Quokka") == std::string::npos);
  }
}

TEST_CASE("Public channel: every site link in the output leads to a file in it", "[public-channel]") {
  const auto& built = Council();
  auto files = built.AllPublic();
  for (const auto& path : HtmlPaths(built)) {
    for (std::string href : Hrefs(built.Public(path))) {
      if (href.empty() || href[0] != '/') continue;
      INFO(path << " -> " << href);
      href = href.substr(1, href.find('#') == std::string::npos ? std::string::npos : href.find('#') - 1);
      if (href.empty() || href.back() == '/') href += "index.html";
      CHECK(files.count(href) == 1);
    }
  }
}

TEST_CASE("Public channel: a link to a page kept out of the public channel is not left dangling",
          "[public-channel][visibility]") {
  // A public page may link to a public page whose channels: leave out
  // 'public'; nothing reports it and the public HTML links to an address
  // that is never written (link_resolver.cc CheckVisibility only looks at
  // visibility, not at channels).
  SiteBuilder site = CouncilSite();
  site.Page("content/bins/text-only.md", "title: Text only\nchannels: [text]\n", "Only in text.\n");
  site.Page("content/bins/points-at-it.md", "title: Points at it\n", "[Text only](text-only.md)\n");
  auto built = BuildPublic(site.files());
  bool reported = built->result.outcome != Outcome::kSuccess;
  bool dangling = built->Public("bins/points-at-it/index.html").find("href=\"/bins/text-only/\"") != std::string::npos;
  CHECK((reported || !dangling));
}

TEST_CASE("Public channel: links, images and assets use the resolved addresses", "[public-channel]") {
  std::string html = Council().Public("bins/collection-days/index.html");
  CHECK_THAT(html, Catch::Contains("<a href=\"/images/map.png\">map</a>"));
  CHECK_THAT(html, Catch::Contains("<img src=\"/bins/bin-sizes.png\" alt=\"Sizes of bins\">"));
  CHECK_THAT(html, Catch::Contains("<a href=\"https://www.gov.uk/\" class=\"external\" rel=\"external\">GOV.UK<span "
                                   "class=\"visually-hidden\"> (external site)</span></a>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"/bins/bulky-waste/#what-we-take\">book a bulky collection</a>"));
  CHECK_THAT(html, Catch::Contains("<h2 id=\"bank-holidays\">Bank holidays</h2>"));
  CHECK_THAT(html, Catch::Contains("<time datetime=\"2026-03-02\">2 March 2026</time>"));
}

TEST_CASE("Public channel: news pages show their date", "[public-channel]") {
  CHECK_THAT(
      Council().Public("news/christmas/index.html"),
      Catch::Contains("<p class=\"page-meta\">Published <time datetime=\"2026-12-01\">1 December 2026</time></p>"));
}

TEST_CASE("Public channel: a base URL with a path prefixes every address", "[public-channel]") {
  SiteBuilder site = CouncilSite();
  site.SiteYaml("title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/council\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  std::string html = built->Public("bins/collection-days/index.html");
  CHECK_THAT(html, Catch::Contains("<link rel=\"stylesheet\" href=\"/council/assets/publish.css\">"));
  CHECK_THAT(html, Catch::Contains("href=\"/council/bins/\">Bins and recycling</a>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"/council/images/map.png\">map</a>"));
  CHECK_THAT(
      html,
      Catch::Contains(
          "<link rel=\"canonical\" href=\"https://www.testshire.example.gov.uk/council/bins/collection-days/\">"));
  CHECK(built->Public("_redirects") ==
        "/council/bins/old.aspx /council/bins/old-name/ 301\n/council/rubbish/ /council/bins/old-name/ 301\n");
}

TEST_CASE("Public channel: Welsh pages get Welsh chrome and lang", "[public-channel][welsh]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Cyngor\n");
  site.Page("content/talu.md",
            "title: Talu eich treth gyngor\nlang: cy\ntype: service\nservice:\n  online: no\n  contact:\n"
            "    phone: 01632 960 000\n  hours:\n    - {days: Monday to Friday, opens: \"09:00\", closes: \"17:30\"}\n",
            "Talwch ar-lein.\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  std::string html = built->Public("talu/index.html");
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"cy\">"));
  CHECK_THAT(html, Catch::Contains(">Neidio i&apos;r prif gynnwys</a>"));
  CHECK_THAT(html, Catch::Contains("Ni allwch wneud hyn ar-lein."));
  CHECK_THAT(html, Catch::Contains("<li>Dydd Llun "));
}

TEST_CASE("Public channel: Welsh opening hours read naturally", "[public-channel][welsh]") {
  // Through ICU, cy lists come out as "Dydd Llun, Dydd Mercher, a(c) Dydd
  // Gwener" (text.cc JoinAsList uses ICU's cy list pattern as it is). A bare
  // "09" for 09:00 was the other half of this, fixed in 0ee4a95.
  SiteBuilder site;
  site.Page("content/_index.md", "title: Cyngor\n");
  site.Page("content/talu.md",
            "title: Talu\nlang: cy\ntype: service\nservice:\n  online: no\n  contact:\n    phone: 01632 960 000\n"
            "  hours:\n    - {days: \"Monday, Wednesday and Friday\", opens: \"09:00\", closes: \"17:30\"}\n"
            "    - {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}\n");
  auto built = BuildPublic(site.files());
  std::string html = built->Public("talu/index.html");
  CHECK(html.find("a(c)") == std::string::npos);
  CHECK(html.find(", 09 i ") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("Dydd Llun, Dydd Mercher a Dydd Gwener, 9yb i 5:30yh"));
  // "i" softens the day after it.
  CHECK_THAT(html, Catch::Contains("Dydd Llun i ddydd Gwener, 9yb i 5yh"));
}

TEST_CASE("Public channel: a site override of layout.mustache replaces the built-in one", "[public-channel][theme]") {
  SiteBuilder site = CouncilSite();
  site.File("themes/public/layout.mustache",
            "<!DOCTYPE html>\n<html lang=\"{{lang}}\" class=\"custom-layout\">\n<head><title>{{document_title}}</title>"
            "</head>\n<body>\n<a class=\"skip-link\" href=\"#main-content\">{{t.skip_link}}</a>\n"
            "<main id=\"main-content\">{{{content}}}</main>\n</body>\n</html>\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  for (const auto& path : HtmlPaths(*built)) {
    INFO(path);
    std::string html = built->Public(path);
    CHECK_THAT(html, Catch::Contains("class=\"custom-layout\""));
    CHECK(html.find("site-footer") == std::string::npos);
  }
  // The other templates stay built in.
  CHECK_THAT(built->Public("bins/index.html"), Catch::Contains("<h1 class=\"page-title\">Bins and recycling</h1>"));
}

TEST_CASE("Public channel: a site stylesheet overrides the built-in one", "[public-channel][theme]") {
  SiteBuilder site = CouncilSite();
  site.File("themes/public/assets/publish.css", "body { color: black; }\n");
  auto built = BuildPublic(site.files());
  CHECK(built->Public("assets/publish.css") == "body { color: black; }\n");
}

TEST_CASE("Public channel: a broken template is a positioned template error", "[public-channel][theme]") {
  SiteBuilder site = CouncilSite();
  site.File("themes/public/page.mustache",
            "<h1 class=\"page-title\">{{title}}</h1>\n<div>\n  {{#service}}\n<p>x</p>\n");
  auto built = BuildPublic(site.files());
  CHECK(publish::test::LinesWith(built->diagnostics, "template-error") ==
        Strings{"themes/public/page.mustache:3:3: error: template error: unclosed section \"service\" at 46 "
                "[template-error]"});
  CHECK(built->result.outcome == Outcome::kContentErrors);
  CHECK(built->output.files().empty());

  SiteBuilder unclosed_tag = CouncilSite();
  unclosed_tag.File("themes/public/layout.mustache", "<html>\n<title>{{title</title>\n");
  auto built2 = BuildPublic(unclosed_tag.files());
  CHECK(publish::test::LinesWith(built2->diagnostics, "template-error") ==
        Strings{"themes/public/layout.mustache:2:8: error: template error: unclosed tag at 14 [template-error]"});
  CHECK(built2->result.outcome == Outcome::kContentErrors);
}

TEST_CASE("Public channel: a broken template is reported once, not also as missing", "[public-channel][theme]") {
  // template.cc Theme::Theme drops a template that fails to compile, so
  // public_channel.cc Prepare then also reports "the public theme has no
  // template 'page.mustache'" [template-missing], which sends the editor
  // looking for a file that is there.
  SiteBuilder site = CouncilSite();
  site.File("themes/public/page.mustache",
            "<h1 class=\"page-title\">{{title}}</h1>\n<div>\n  {{#service}}\n<p>x</p>\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) ==
        Strings{"themes/public/page.mustache:3:3: error: template error: unclosed section \"service\" at 46 "
                "[template-error]"});
}

TEST_CASE("Public channel: builds are the same on one thread and on several", "[public-channel]") {
  auto one = BuildPublic(CouncilSite().files(), 1);
  auto four = BuildPublic(CouncilSite().files(), 4);
  CHECK(publish::test::TreeDifference(one->AllPublic(), four->AllPublic()) == "");
}

TEST_CASE("Public channel: a folder without _index.md gets a generated landing page", "[public-channel]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/parking-permits/residents.md", "title: Resident permits\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) ==
        Strings{"content/parking-permits: warning: the folder has no _index.md, so its landing page is generated "
                "with the title 'Parking permits'; add content/parking-permits/_index.md [missing-index]"});
  std::string html = built->Public("parking-permits/index.html");
  CHECK_THAT(html, Catch::Contains("<h1 class=\"page-title\">Parking permits</h1>"));
  CHECK_THAT(html, Catch::Contains("href=\"/parking-permits/residents/\">Resident permits</a>"));
}

TEST_CASE("Public channel: a page at /a-to-z/ replaces the generated A to Z", "[public-channel]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/a-to-z.md", "title: Our own A to Z\n");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) ==
        Strings{"content/a-to-z.md: warning: this page takes the address /a-to-z/, so the generated A to Z of "
                "services is left out [a-to-z-replaced]"});
  CHECK_THAT(built->Public("a-to-z/index.html"), Catch::Contains("Our own A to Z"));
}

TEST_CASE("Public channel: names with spaces and accents keep working addresses", "[public-channel]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n",
            "![Sizes](<bins/bin sizes.png>) and ![Again](bins/bin%20sizes.png) and [the café](bins/café.md).\n");
  site.Page("content/bins/_index.md", "title: Bins\n");
  site.Page("content/bins/café.md", "title: Depot café\n", "## Menu\n");
  site.File("content/bins/bin sizes.png", "PNG");
  auto built = BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  CHECK(built->Public("bins/bin sizes.png") == "PNG");
  CHECK(built->HasPublic("bins/café/index.html"));
  std::string html = built->Public("index.html");
  CHECK(Count(html, "<img src=\"/bins/bin%20sizes.png\"") == 2);
  CHECK_THAT(html, Catch::Contains("<a href=\"/bins/café/\">the café</a>"));
}
