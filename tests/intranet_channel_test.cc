// The intranet channel: every page in the staff theme, page facts, the two
// editorial pages, and nothing of it in any other channel.
#include <catch2/catch.hpp>

#include "channels/registry.h"
#include "test_support.h"

using publish::test::Count;
using publish::test::SiteBuilder;

namespace {

struct AllChannels {
  publish::MemoryOutput output;
  publish::Diagnostics diagnostics;
  publish::BuildResult result;
  std::string File(const std::string& path) const {
    auto it = output.files().find(path);
    return it == output.files().end() ? "" : it->second;
  }
};

std::unique_ptr<AllChannels> BuildAll(const SiteBuilder& site) {
  auto built = std::make_unique<AllChannels>();
  std::vector<std::unique_ptr<publish::Channel>> channels;
  std::vector<publish::Channel*> pointers;
  for (const auto& name : publish::AvailableChannelNames()) {
    channels.push_back(publish::MakeChannel(name));
    pointers.push_back(channels.back().get());
  }
  publish::BuildOptions options;
  options.known_channels = publish::AvailableChannels();
  options.today = publish::test::kToday;  // 2026-06-01
  options.jobs = 2;
  built->result = publish::BuildSite(site.files(), pointers, options, built->output, built->diagnostics);
  return built;
}

// A council with public and internal pages; every internal thing carries
// the marker "Quagga".
SiteBuilder Council() {
  SiteBuilder site;
  site.SiteYaml(
      "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
      "intranet_url: https://intranet.testshire.example.gov.uk/staff-site/\nlanguage: en-GB\n");
  site.Page("content/_index.md", "title: Testshire Council\nowner: Digital team\nreview_by: 2027-01-01",
            "## Welcome\n\nSee [bins](bins/_index.md).\n");
  site.Page("content/bins/_index.md", "title: Bins\nowner: Waste team\nreview_by: 2026-05-01\naliases: [/rubbish/]",
            "## Bins\n\nAll about bins.\n");
  site.Page("content/bins/bulky.md",
            "title: Book a bulky collection\ntype: service\nowner: Waste team\nreview_by: 2026-03-01\n"
            "service:\n  department: Waste\n  online: yes\n  apply_url: https://forms.testshire.example.gov.uk/bulky",
            "## How it works\n\nBook online.\n");
  site.Page("content/bins/clinical.md",
            "title: Clinical waste collection\ntype: service\nowner: Waste team\n"
            "service:\n  department: Waste\n  online: no\n  contact:\n    phone: 01632 960 000",
            "## How it works\n\nPhone us.\n");
  site.Page("content/staff/_index.md", "title: Quagga staff area\nvisibility: internal\nowner: HR team",
            "## Staff\n\nFor staff. See [leave](leave.md).\n");
  site.Page("content/staff/leave.md",
            "title: Quagga annual leave\nvisibility: internal\nowner: HR team\nreview_by: 2026-01-15\n"
            "updated: 2025-01-15",
            "## Booking\n\nBook leave with [the bins team](../bins/_index.md).\n");
  site.Page("content/staff/payroll.md",
            "title: Quagga payroll helpdesk\ntype: service\nvisibility: internal\n"
            "service:\n  department: Finance\n  online: partial\n  apply_url: https://hr.testshire.example.gov.uk/pay",
            "## Help\n\nAsk payroll.\n");
  return site;
}

}  // namespace

TEST_CASE("Intranet: holds every page, public and internal, under intranet_url", "[intranet]") {
  auto built = BuildAll(Council());
  INFO(publish::test::Lines(built->diagnostics).size());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  CHECK(built->result.pages_per_channel.at("intranet") == 7);
  CHECK(built->result.pages_per_channel.at("public") == 4);
  std::string leave = built->File("intranet/staff/leave/index.html");
  REQUIRE_FALSE(leave.empty());
  // Links stay inside the intranet, below its path.
  CHECK_THAT(leave, Catch::Contains("<a href=\"/staff-site/bins/\">the bins team</a>"));
  CHECK_THAT(leave, Catch::Contains("<link rel=\"canonical\" href=\"https://intranet.testshire.example.gov.uk/"
                                    "staff-site/staff/leave/\">"));
  CHECK_THAT(leave, Catch::Contains("<link rel=\"stylesheet\" href=\"/staff-site/assets/intranet.css\">"));
  CHECK(leave.find("www.testshire.example.gov.uk") == std::string::npos);
  CHECK(built->File("intranet/assets/intranet.css").size() > 100);
}

TEST_CASE("Intranet: a link to a page the intranet leaves out goes to the public site", "[intranet][links]") {
  SiteBuilder site = Council();
  site.Page("content/bins/survey.md", "title: Bins survey\nchannels: [public, text]", "## Questions\n\nTell us.\n");
  site.Page("content/bins/_index.md", "title: Bins\nowner: Waste team\nreview_by: 2026-05-01",
            "## Bins\n\nAll about bins. Answer [the survey](survey.md#questions).\n");
  auto built = BuildAll(site);
  INFO(publish::test::Lines(built->diagnostics).size());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  CHECK(built->File("intranet/bins/survey/index.html").empty());
  CHECK_THAT(built->File("intranet/bins/index.html"),
             Catch::Contains("<a href=\"https://www.testshire.example.gov.uk/bins/survey/#questions\">the survey</a>"));
  CHECK_THAT(built->File("public/bins/index.html"),
             Catch::Contains("<a href=\"/bins/survey/#questions\">the survey</a>"));
}

TEST_CASE("Intranet: every page says it is internal, shows its owner and review date, overdue ones stand out",
          "[intranet]") {
  auto built = BuildAll(Council());
  for (const char* path : {"intranet/index.html", "intranet/bins/bulky/index.html", "intranet/staff/leave/index.html",
                           "intranet/content-review/index.html", "intranet/404.html"}) {
    std::string html = built->File(path);
    INFO(path);
    CHECK_THAT(html, Catch::Contains("<p class=\"audience-band__text\">Internal: for council staff only."));
    CHECK(Count(html, "<meta name=\"robots\" content=\"noindex") == 1);
  }
  std::string leave = built->File("intranet/staff/leave/index.html");
  CHECK_THAT(leave, Catch::Contains("<section class=\"page-facts page-facts--overdue\""));
  CHECK_THAT(leave, Catch::Contains("<p class=\"tag tag--internal\">Internal page</p>"));
  CHECK_THAT(leave, Catch::Contains("<dt>Owner</dt><dd>HR team</dd>"));
  CHECK_THAT(leave, Catch::Contains("<time datetime=\"2026-01-15\">15 January 2026</time> <strong "
                                    "class=\"page-facts__overdue\">Review overdue</strong>"));
  std::string home = built->File("intranet/index.html");
  CHECK_THAT(home, Catch::Contains("<section class=\"page-facts\""));
  CHECK(home.find("tag--internal") == std::string::npos);
  CHECK(home.find("Review overdue</strong>") == std::string::npos);
  std::string payroll = built->File("intranet/staff/payroll/index.html");
  CHECK_THAT(payroll, Catch::Contains("<dt>Owner</dt><dd>No owner named</dd>"));
  CHECK_THAT(payroll, Catch::Contains("<dt>Review by</dt><dd>No review date</dd>"));
  // None of it on the public site.
  std::string public_home = built->File("public/index.html");
  CHECK(public_home.find("page-facts") == std::string::npos);
  CHECK(public_home.find("audience-band") == std::string::npos);
  CHECK(public_home.find("noindex") == std::string::npos);
}

TEST_CASE("Intranet: content due for review, by owner, overdue first", "[intranet]") {
  auto built = BuildAll(Council());
  std::string html = built->File("intranet/content-review/index.html");
  REQUIRE_FALSE(html.empty());
  CHECK_THAT(html, Catch::Contains("<h1 class=\"page-title\">Content due for review</h1>"));
  // Owners with overdue pages first: HR (1 overdue), Waste (2), then the
  // others by name, the nameless last.
  size_t hr = html.find(">HR team");
  size_t waste = html.find(">Waste team");
  size_t digital = html.find(">Digital team");
  size_t nameless = html.find(">No owner named");
  REQUIRE(hr != std::string::npos);
  REQUIRE(waste != std::string::npos);
  CHECK(hr < waste);
  CHECK(waste < digital);
  CHECK(digital < nameless);
  CHECK_THAT(html, Catch::Contains("<dt>Review overdue</dt><dd>3</dd>"));
  CHECK_THAT(html, Catch::Contains("<dt>No review date</dt><dd>3</dd>"));
  // Within an owner, the longest overdue first.
  size_t bulky = html.find(">Book a bulky collection</a>");
  size_t bins = html.find(">Bins</a>");
  size_t clinical = html.find(">Clinical waste collection</a>");
  CHECK(bulky < bins);
  CHECK(bins < clinical);
  CHECK_THAT(html, Catch::Contains("<th scope=\"col\">Page</th>"));
  // Every page of the intranet links to it from the footer.
  CHECK_THAT(built->File("intranet/bins/index.html"),
             Catch::Contains("<li><a href=\"/staff-site/content-review/\">Content due for review</a></li>"));
}

TEST_CASE("Intranet: digital services by department with the online counts", "[intranet]") {
  auto built = BuildAll(Council());
  std::string html = built->File("intranet/digital-services/index.html");
  REQUIRE_FALSE(html.empty());
  CHECK_THAT(html, Catch::Contains("<dt>Online</dt><dd>1</dd>"));
  CHECK_THAT(html, Catch::Contains("<dt>Partly online</dt><dd>1</dd>"));
  CHECK_THAT(html, Catch::Contains("<dt>Not online</dt><dd>1</dd>"));
  CHECK(html.find(">Finance</h2>") < html.find(">Waste</h2>"));
  CHECK_THAT(html, Catch::Contains("online-status--no\">Not online</span>"));
  CHECK_THAT(html, Catch::Contains(">Quagga payroll helpdesk</a> <span class=\"tag tag--internal\">"));
}

TEST_CASE("Intranet: alias redirects but no sitemap or _redirects", "[intranet]") {
  auto built = BuildAll(Council());
  CHECK_FALSE(built->File("intranet/rubbish/index.html").empty());
  CHECK(built->output.files().count("intranet/sitemap.xml") == 0);
  CHECK(built->output.files().count("intranet/_redirects") == 0);
  CHECK(built->output.files().count("public/sitemap.xml") == 1);
}

TEST_CASE("Intranet: a page at an editorial page's address takes it, with a warning", "[intranet]") {
  SiteBuilder site = Council();
  site.Page("content/content-review.md", "title: Our review policy", "## Policy\n\nWe review yearly.\n");
  auto built = BuildAll(site);
  auto warnings = publish::test::LinesWith(built->diagnostics, "intranet-page-replaced");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::StartsWith("content/content-review.md: warning: this page takes the intranet "
                                            "address /content-review/"));
  CHECK_THAT(built->File("intranet/content-review/index.html"), Catch::Contains("We review yearly."));
}

TEST_CASE("Visibility: nothing internal reaches any channel but the intranet", "[intranet][visibility]") {
  auto built = BuildAll(Council());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  size_t scanned = 0;
  for (const auto& [path, contents] : built->output.files()) {
    if (path.rfind("intranet/", 0) == 0) continue;
    INFO(path);
    CHECK(path.find("staff") == std::string::npos);
    CHECK(contents.find("Quagga") == std::string::npos);
    CHECK(contents.find("payroll") == std::string::npos);
    ++scanned;
  }
  CHECK(scanned > 10);
  CHECK(Count(built->File("intranet/staff/index.html"), "Quagga") > 0);
  // The kiosk's QR codes hold addresses as pictures: read each back.
  size_t codes = 0;
  for (const auto& [path, contents] : built->output.files()) {
    if (path.rfind("kiosk/", 0) != 0) continue;
    for (size_t at = contents.find("<svg"); at != std::string::npos; at = contents.find("<svg", at + 1)) {
      size_t end = contents.find("</svg>", at);
      REQUIRE(end != std::string::npos);
      std::string svg = contents.substr(at, end + 6 - at);
      std::string read = publish::test::DecodedQrCode(svg);
      if (read.empty()) continue;  // an icon, not a code
      INFO(path << ": " << read);
      CHECK(read.find("Quagga") == std::string::npos);
      CHECK(read.find("staff") == std::string::npos);
      CHECK(read.find("payroll") == std::string::npos);
      CHECK(read.find("hr.testshire") == std::string::npos);
      ++codes;
    }
  }
  CHECK(codes >= 2);  // the bulky waste form and the clinical waste phone number
}
