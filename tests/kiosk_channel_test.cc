// The kiosk channel: which pages it holds, no way off it (every address it
// cannot open is a QR code that reads back as that address), nothing it
// needs outside OUT/kiosk/, and its controls and idle settings.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "channels/registry.h"
#include "test_support.h"

using publish::test::Count;
using publish::test::SiteBuilder;

namespace {

struct KioskBuilt {
  publish::MemoryOutput output;
  publish::Diagnostics diagnostics;
  publish::BuildResult result;
  std::string File(const std::string& path) const {
    auto it = output.files().find("kiosk/" + path);
    return it == output.files().end() ? "" : it->second;
  }
  bool Has(const std::string& path) const { return output.files().count("kiosk/" + path) > 0; }
  std::vector<std::string> Pages() const {
    std::vector<std::string> pages;
    for (const auto& [path, contents] : output.files()) {
      if (path.rfind("kiosk/", 0) == 0 && path.size() > 11 && path.compare(path.size() - 5, 5, ".html") == 0) {
        pages.push_back(path.substr(6));
      }
    }
    return pages;
  }
};

std::unique_ptr<KioskBuilt> BuildKiosk(const SiteBuilder& site, const publish::ChannelOptions& channel_options = {}) {
  auto built = std::make_unique<KioskBuilt>();
  auto channel = publish::MakeChannel("kiosk", channel_options);
  publish::BuildOptions options;
  options.known_channels = publish::AvailableChannels();
  options.today = publish::test::kToday;
  options.jobs = 2;
  built->result = publish::BuildSite(site.files(), {channel.get()}, options, built->output, built->diagnostics);
  return built;
}

SiteBuilder Council(const std::string& kiosk = "kiosk:\n  idle_seconds: 90\n  sections: [bins, tax]\n") {
  SiteBuilder site;
  site.SiteYaml("title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\nlanguage: en-GB\n" + kiosk);
  site.Page("content/_index.md", "title: Testshire Council",
            "See [bins](bins/_index.md), [parking](parking/_index.md) and [help](help.md).\n");
  site.Page("content/help.md", "title: Help using this website", "Help.\n");
  site.Page("content/bins/_index.md", "title: Bins", "All about bins.\n");
  site.Page("content/bins/bulky.md",
            "title: Book a bulky collection\ntype: service\n"
            "service:\n  department: Waste\n  online: yes\n  apply_url: https://forms.testshire.example.gov.uk/bulky\n"
            "  contact:\n    phone: 01632 960 000\n    email: waste@testshire.example.gov.uk",
            "Read the [price list](prices.pdf) or the [national guidance](https://www.gov.uk/bulky-waste), "
            "or write to [us](mailto:waste@testshire.example.gov.uk) or phone [01632 960 000](tel:+441632960000). "
            "The [guidance](https://www.gov.uk/bulky-waste) again, and [permits](../parking/permits.md) too. "
            "See [the bins page](_index.md) and ![a map](https://maps.example.com/tile.png).\n\n"
            "![Bin sizes](sizes.png)\n");
  site.File("content/bins/prices.pdf", "%PDF-1.4 prices");
  site.File("content/bins/sizes.png", "png");
  site.Page("content/bins/web-only.md", "title: Web only\nchannels: [public]", "Not on the kiosk.\n");
  site.Page("content/tax/_index.md", "title: Council tax", "Tax.\n");
  site.Page("content/tax/talu.md", "title: Talu treth y cyngor\nlang: cy", "Talwch [ar-lein](https://pay.example/).\n");
  site.Page("content/parking/_index.md", "title: Parking", "Parking.\n");
  site.Page("content/parking/permits.md", "title: Parking permits", "Permits.\n");
  site.Page("content/staff/_index.md", "title: Staff\nvisibility: internal", "Staff.\n");
  return site;
}

struct Panel {
  std::string id, svg, sentence, shown;
};

std::vector<Panel> Panels(const std::string& html) {
  static const std::regex panel(
      "<li class=\"take-away__item\" id=\"([^\"]+)\" tabindex=\"-1\">\n<div class=\"take-away__code\">(<svg[^]*?</svg>)"
      "</div>\n<div class=\"take-away__words\">\n<p class=\"take-away__sentence\">([^<]*)</p>\n"
      "<p class=\"take-away__address\">([^<]*)</p>");
  std::vector<Panel> panels;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), panel); it != std::sregex_iterator(); ++it) {
    panels.push_back({(*it)[1], (*it)[2], (*it)[3], (*it)[4]});
  }
  return panels;
}

std::vector<std::string> Attributes(const std::string& html, const std::string& name) {
  std::regex attribute(" " + name + "=\"([^\"]*)\"");
  std::vector<std::string> values;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), attribute); it != std::sregex_iterator(); ++it) {
    values.push_back((*it)[1]);
  }
  return values;
}

}  // namespace

TEST_CASE("Kiosk: holds the home page and the kiosk sections only", "[kiosk]") {
  auto built = BuildKiosk(Council());
  for (const auto& line : publish::test::Lines(built->diagnostics)) UNSCOPED_INFO(line);
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  CHECK(built->Has("index.html"));
  CHECK(built->Has("bins/index.html"));
  CHECK(built->Has("bins/bulky/index.html"));
  CHECK(built->Has("tax/talu/index.html"));
  CHECK_FALSE(built->Has("bins/web-only/index.html"));  // channels: [public]
  CHECK_FALSE(built->Has("parking/index.html"));        // not a kiosk section
  CHECK_FALSE(built->Has("help/index.html"));           // a page outside every section
  CHECK_FALSE(built->Has("staff/index.html"));          // internal
  CHECK(built->result.pages_per_channel.at("kiosk") == 5);
  // No sitemap, redirects or canonical addresses: a kiosk is not on the web.
  CHECK_FALSE(built->Has("sitemap.xml"));
  CHECK_FALSE(built->Has("_redirects"));
  CHECK(built->File("index.html").find("rel=\"canonical\"") == std::string::npos);
  CHECK(built->Has("ask-for-help/index.html"));
  CHECK(built->Has("assets/kiosk.css"));
  CHECK(built->Has("assets/kiosk.js"));
}

TEST_CASE("Kiosk: without kiosk.sections it holds every public page, with an empty list the home page only",
          "[kiosk]") {
  auto all = BuildKiosk(Council("kiosk:\n  idle_seconds: 60\n"));
  REQUIRE(all->result.outcome == publish::Outcome::kSuccess);
  CHECK(all->Has("parking/permits/index.html"));
  CHECK(all->Has("help/index.html"));
  CHECK(all->diagnostics.items().empty());
  auto none = BuildKiosk(Council("kiosk:\n  sections: []\n"));
  REQUIRE(none->result.outcome == publish::Outcome::kSuccess);
  CHECK(none->result.pages_per_channel.at("kiosk") == 1);
}

TEST_CASE("Kiosk: every link and file a page uses stays on the kiosk", "[kiosk]") {
  auto built = BuildKiosk(Council());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  for (const auto& page : built->Pages()) {
    const std::string html = built->File(page);
    INFO(page);
    std::set<std::string> ids;
    for (const auto& id : Attributes(html, "id")) CHECK(ids.insert(id).second);  // ids are unique
    for (const auto& href : Attributes(html, "href")) {
      INFO(href);
      REQUIRE_FALSE(href.empty());
      if (href.front() == '#') {
        CHECK(ids.count(href.substr(1)) == 1);
        continue;
      }
      REQUIRE(href.front() == '/');
      std::string path = href.substr(1, href.find('#') - 1);
      CHECK((built->Has(path) || built->Has(path + "index.html") || path.empty()));
    }
    for (const auto& src : Attributes(html, "src")) {
      INFO(src);
      REQUIRE(src.front() == '/');
      CHECK(built->Has(src.substr(1)));
    }
    CHECK(html.find("target=") == std::string::npos);
    CHECK(html.find(" download") == std::string::npos);
  }
}

TEST_CASE("Kiosk: with a base path every address of its own starts there, the files stay where they were",
          "[kiosk][serve]") {
  publish::ChannelOptions options;
  options.kiosk.base_path = "/kiosk/";
  auto built = BuildKiosk(Council(), options);
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  auto at_root = BuildKiosk(Council());
  // The same files: only the addresses inside them change.
  for (const auto& page : at_root->Pages()) CHECK(built->Has(page));
  size_t addresses = 0;
  for (const auto& page : built->Pages()) {
    const std::string html = built->File(page);
    INFO(page);
    for (const auto& attribute : {"href", "src", "data-home"}) {
      for (const auto& address : Attributes(html, attribute)) {
        INFO(address);
        if (address.empty() || address.front() == '#') continue;
        REQUIRE(address.rfind("/kiosk/", 0) == 0);
        std::string path = address.substr(7, address.find('#') - 7);
        CHECK((built->Has(path) || built->Has(path + "index.html") || path.empty()));
        ++addresses;
      }
    }
  }
  CHECK(addresses > 20);
}

TEST_CASE("Kiosk: addresses it cannot open become QR codes with the address written out", "[kiosk][qr]") {
  auto built = BuildKiosk(Council());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  std::string html = built->File("bins/bulky/index.html");
  auto panels = Panels(html);
  // Apply, phone and email from the service panel first, then the body's
  // file, other site and page off the kiosk; repeats share a panel.
  REQUIRE(panels.size() == 6);
  struct Expected {
    std::string code, shown, sentence;
  };
  const std::vector<Expected> expected{
      {"https://forms.testshire.example.gov.uk/bulky", "https://forms.testshire.example.gov.uk/bulky",
       "Start “Book a bulky collection” online on your phone."},
      {"tel:+441632960000", "01632 960 000", "Phone 01632 960 000."},
      {"mailto:waste@testshire.example.gov.uk", "waste@testshire.example.gov.uk",
       "Write an email to waste@testshire.example.gov.uk."},
      {"https://www.testshire.example.gov.uk/bins/prices.pdf", "https://www.testshire.example.gov.uk/bins/prices.pdf",
       "Download “price list” to your phone."},
      {"https://www.gov.uk/bulky-waste", "https://www.gov.uk/bulky-waste", "Open “national guidance” on your phone."},
      {"https://www.testshire.example.gov.uk/parking/permits/", "https://www.testshire.example.gov.uk/parking/permits/",
       "Read “Parking permits” on your phone."},
  };
  for (size_t i = 0; i < panels.size(); ++i) {
    INFO(i);
    CHECK(panels[i].id == "take-away." + std::to_string(i + 1));
    CHECK(panels[i].shown == expected[i].shown);
    CHECK(panels[i].sentence == expected[i].sentence);
    CHECK(publish::test::DecodedQrCode(panels[i].svg) == expected[i].code);
  }
  // The links in the text lead to their panels; a page on the kiosk stays a link.
  CHECK_THAT(html, Catch::Contains("<a href=\"#take-away.1\" class=\"button button--start diverted\">"));
  CHECK_THAT(html, Catch::Contains("<a href=\"#take-away.5\" class=\"diverted\">guidance</a>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"#take-away.2\" class=\"diverted\">01632 960 000</a>"));
  CHECK_THAT(html, Catch::Contains("<a href=\"/bins/\">the bins page</a>"));
  // An image from another site shows its words; the site's own image stays.
  CHECK_THAT(html, Catch::Contains("<span class=\"image-text\">a map</span>"));
  CHECK(html.find("maps.example.com") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("src=\"/bins/sizes.png\""));
  // A page without such addresses has no panel section.
  CHECK(built->File("bins/index.html").find("take-away") == std::string::npos);
}

TEST_CASE("Kiosk: controls on every screen, the idle settings, and words in the page's language", "[kiosk]") {
  auto built = BuildKiosk(Council());
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  for (const auto& page : built->Pages()) {
    if (page == "tax/talu/index.html") continue;  // in Welsh, below
    const std::string html = built->File(page);
    INFO(page);
    CHECK_THAT(html, Catch::Contains("<nav class=\"kiosk-bar\" aria-label=\"Kiosk controls\">"));
    CHECK_THAT(html, Catch::Contains("data-kiosk-home>Home</a>"));
    CHECK_THAT(html, Catch::Contains(">Back</a>"));
    CHECK_THAT(html, Catch::Contains("<a class=\"kiosk-button kiosk-button--staff\" href=\"/ask-for-help/\">"));
    CHECK_THAT(html, Catch::Contains("data-idle-seconds=\"90\" data-warning-seconds=\"30\""));
    CHECK_THAT(html, Catch::Contains("id=\"kiosk-larger-text\""));
    CHECK_THAT(html, Catch::Contains("id=\"kiosk-high-contrast\""));
    CHECK_THAT(html, Catch::Contains(">I need more time</button>"));
    CHECK(Count(html, "<script") == 1);  // the kiosk's own script, nothing else
  }
  // Back goes one level up without the script.
  CHECK_THAT(built->File("bins/bulky/index.html"), Catch::Contains("href=\"/bins/\" data-kiosk-back"));
  std::string welsh = built->File("tax/talu/index.html");
  CHECK_THAT(welsh, Catch::Contains(">Gofyn i aelod o staff</a>"));
  CHECK_THAT(welsh, Catch::Contains(">Mae angen mwy o amser arna i</button>"));
  CHECK_THAT(welsh, Catch::Contains("Agor “ar-lein” ar eich ffôn."));
}

TEST_CASE("Kiosk: a page of the site at /ask-for-help/ takes the generated one's place", "[kiosk]") {
  SiteBuilder site = Council("kiosk:\n  sections: [bins, tax, ask-for-help]\n");
  site.Page("content/ask-for-help/_index.md", "title: Ask us", "Ring the bell at the desk.\n");
  auto built = BuildKiosk(site);
  for (const auto& line : publish::test::Lines(built->diagnostics)) UNSCOPED_INFO(line);
  REQUIRE(built->result.outcome == publish::Outcome::kSuccess);
  CHECK_THAT(built->File("ask-for-help/index.html"), Catch::Contains("Ring the bell at the desk."));
}

TEST_CASE("Kiosk: with recordings every page has a Listen control and its Ogg Opus file, kept for the next build",
          "[kiosk][recorder]") {
  publish::test::TempDir cache;
  SiteBuilder site;
  site.SiteYaml("title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\nkiosk:\n  sections: []\n");
  site.Page("content/_index.md", "title: Testshire Council", "Welcome.\n");
  auto build = [&] {
    auto built = std::make_unique<KioskBuilt>();
    publish::ChannelOptions options;
    options.kiosk.record = true;
    options.kiosk.recordings_cache = (cache / "recordings").string();
    auto channel = publish::MakeChannel("kiosk", options);
    publish::BuildOptions build_options;
    build_options.known_channels = publish::AvailableChannels();
    build_options.today = publish::test::kToday;
    built->result = publish::BuildSite(site.files(), {channel.get()}, build_options, built->output, built->diagnostics);
    return built;
  };
  auto first = build();
  REQUIRE(first->result.outcome == publish::Outcome::kSuccess);
  std::string html = first->File("index.html");
  std::smatch listen;
  REQUIRE(
      std::regex_search(html, listen, std::regex("href=\"/(assets/listen/[0-9a-f]{20}\\.opus)\" data-kiosk-listen")));
  std::string recording = first->File(listen[1]);
  CHECK(recording.rfind("OggS", 0) == 0);
  CHECK(recording.size() > 1000);
  auto cached = publish::test::ReadTree(cache / "recordings");
  REQUIRE(cached.size() == 1);
  CHECK(cached.begin()->second == recording);
  // The next build takes it from the cache: the same bytes, and a page
  // without recordings has no Listen control.
  auto second = build();
  CHECK(second->File(listen[1]) == recording);
  CHECK(BuildKiosk(site)->File("index.html").find("data-kiosk-listen") == std::string::npos);
}
