// What must not be published, decided on the whole site in memory: files
// of internal sections, links to them, and files, pages and aliases that
// would take a path the build writes something else to.
#include <catch2/catch.hpp>

#include <set>

#include "channels/audio/audio_channel.h"
#include "channels/registry.h"
#include "channels/text/text_channel.h"
#include "libpublish/links/link_resolver.h"
#include "libpublish/template/template.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::BuildPublic;
using publish::test::Checked;
using publish::test::Lines;
using publish::test::LinesWith;
using publish::test::SiteBuilder;
using Strings = std::vector<std::string>;

namespace {

// A council with an internal staff section, a folder of internal pages
// only (its landing page is generated, and internal), and public bins.
SiteBuilder StaffSite() {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\n", "Welcome.\n");
  site.Page("content/bins/_index.md", "title: Bins\n", "All about bins.\n");
  site.File("content/bins/map.png", "public map");
  site.Page("content/staff/_index.md", "title: Staff\nvisibility: internal\n",
            "See [the bands](salary-bands.csv), [the form](forms/leave.pdf) and ![a chart](chart.png).\n");
  site.File("content/staff/salary-bands.csv", "grade,pay");
  site.File("content/staff/chart.png", "chart");
  site.File("content/staff/forms/leave.pdf", "form");
  site.Page("content/hr/policy.md", "title: Policy\nvisibility: internal\n");
  site.File("content/hr/handbook.pdf", "handbook");
  site.File("static/robots.txt", "User-agent: *\n");
  return site;
}

const std::string kHrWarning =
    "content/hr: warning: the folder has no _index.md, so its landing page is generated with the title 'Hr'; add "
    "content/hr/_index.md [missing-index]";

Checked CheckFiles(const SiteFiles& files) {
  Checked checked;
  BuildOptions options;
  options.known_channels = publish::AvailableChannels();
  options.today = publish::test::kToday;
  checked.site = LoadCheckedSite(files, options, checked.diagnostics, checked.outcome);
  return checked;
}

}  // namespace

TEST_CASE("Visibility: a file in an internal section is internal", "[visibility]") {
  auto checked = publish::test::CheckSite(StaffSite());
  REQUIRE(checked.site);
  const Site& site = *checked.site;
  CHECK(site.IsInternalAsset("staff/salary-bands.csv"));
  CHECK(site.IsInternalAsset("staff/forms/leave.pdf"));  // a folder above is internal
  CHECK(site.IsInternalAsset("hr/handbook.pdf"));        // a generated, internal landing page
  CHECK_FALSE(site.IsInternalAsset("bins/map.png"));
  CHECK_FALSE(site.IsInternalAsset("map.png"));
}

TEST_CASE("Visibility: files of internal sections are not copied to the public site", "[visibility]") {
  auto built = BuildPublic(StaffSite().files());
  INFO(publish::test::Lines(built->diagnostics).size());
  REQUIRE(built->result.outcome == Outcome::kSuccess);
  CHECK(built->Public("bins/map.png") == "public map");
  CHECK(built->Public("robots.txt") == "User-agent: *\n");
  for (const auto& [path, contents] : built->AllPublic()) {
    INFO(path);
    CHECK(path.rfind("staff/", 0) != 0);
    CHECK(path.rfind("hr/", 0) != 0);
  }
}

TEST_CASE("Visibility: a public page may not link to a file of an internal section", "[visibility]") {
  SiteBuilder site = StaffSite();
  site.Page("content/bins/days.md", "title: Days\n",
            "Pay is in [the bands](../staff/salary-bands.csv), [at /staff/](/staff/salary-bands.csv) and\n"
            "![a chart](../staff/chart.png); the [handbook](../hr/handbook.pdf) too.\n");
  auto checked = publish::test::CheckSite(site);
  auto message = [](const std::string& file) {
    return "public page links to internal file '" + file +
           "', which is in an internal section; the public cannot see it, so remove the link or move the file "
           "out of the internal section [internal-link]";
  };
  CHECK(Lines(checked.diagnostics) == Strings{
                                          "content/bins/days.md:4:23: error: " + message("staff/salary-bands.csv"),
                                          "content/bins/days.md:4:64: error: " + message("staff/salary-bands.csv"),
                                          "content/bins/days.md:5:12: error: " + message("staff/chart.png"),
                                          "content/bins/days.md:5:48: error: " + message("hr/handbook.pdf"),
                                          kHrWarning,
                                      });
}

TEST_CASE("Visibility: a broken link from a public page is never pointed at an internal file", "[visibility]") {
  SiteBuilder site = StaffSite();
  site.Page("content/bins/days.md", "title: Days\n", "See [the bands](salary-band.csv).\n");
  CHECK(Lines(publish::test::CheckSite(site).diagnostics) ==
        Strings{"content/bins/days.md:4:17: error: link target 'salary-band.csv' does not exist [broken-link]",
                kHrWarning});
}

TEST_CASE("Visibility: a link to a file of an internal section is internal too", "[visibility]") {
  MemorySiteFiles files = StaffSite().files();
  files.AddLink("content/bins/bands.csv", "content/staff/salary-bands.csv");
  files.Add("content/bins/days.md", "---\ntitle: Days\n---\n\nSee [the bands](bands.csv).\n");
  auto checked = CheckFiles(files);
  REQUIRE(checked.site);
  CHECK(checked.site->IsInternalAsset("bins/bands.csv"));
  CHECK(Lines(checked.diagnostics) ==
        Strings{"content/bins/days.md:5:17: error: public page links to internal file 'bins/bands.csv' (a link to "
                "content/staff/salary-bands.csv), which is in an internal section; the public cannot see it, so "
                "remove the link or move the file out of the internal section [internal-link]",
                kHrWarning});
  files.Add("content/bins/days.md", "---\ntitle: Days\n---\n\nNo links.\n");
  auto built = BuildPublic(files);
  REQUIRE(built->result.outcome == Outcome::kSuccess);
  CHECK_FALSE(built->HasPublic("bins/bands.csv"));
}

TEST_CASE("Visibility: a site in memory lists what the same site on disk would", "[visibility]") {
  MemorySiteFiles files;
  files.Add("site.yaml", "title: T\n");
  files.Add("static/.env", "SECRET");
  files.Add("static/.git/config", "x");
  files.Add("static/.git/HEAD", "x");
  files.Add("static/.well-known/security.txt", "Contact: x");
  files.Add("content/bad\x1b.md", "x");
  files.Add("content/_index.md", "x");
  files.AddLink("static/x.md", "content/_index.md");
  Diagnostics diagnostics;
  CHECK(files.ListFiles(diagnostics) == Strings{"content/_index.md", "site.yaml", "static/.well-known/security.txt"});
  CHECK(Lines(diagnostics) ==
        Strings{
            "content/bad\\x1b.md: error: the file name holds the control character U+001B, so the file is not used; "
            "rename it with printable UTF-8 characters [bad-file-name]",
            "static/.env: warning: hidden file is never published; remove it from static/ [hidden-file]",
            "static/.git: warning: hidden folder is never published and nothing in it is read; remove it from "
            "static/ [hidden-file]",
            "static/x.md: error: symbolic link points to 'content/_index.md', which is not a file it may point to; "
            "it is not published [bad-symlink]",
        });
}

TEST_CASE("Output paths: files that would replace generated output are errors at the file", "[visibility][output]") {
  SiteBuilder site = StaffSite();
  site.File("static/index.html", "<h1>raw</h1>");
  site.File("static/404.html", "x");
  site.File("static/sitemap.xml", "x");
  site.File("static/_redirects", "x");
  site.File("static/bins/index.html", "x");
  site.File("static/a-to-z/index.html", "x");
  site.File("content/assets/publish.css", "x");
  site.File("static/staff", "a file where the section's folder is");
  site.File("themes/public/bins/index.html", "x");
  site.File("content/x/index.html", "<h1>raw</h1>");
  site.File("content/docs/INDEX.HTM", "<h1>raw</h1>");
  site.Page("content/_redirects.md", "title: Redirects\n");
  auto lines = Lines(publish::test::CheckSite(site).diagnostics);
  CHECK(lines ==
        Strings{
            "content/_redirects.md: error: this page would be written inside /_redirects/, but /_redirects is the "
            "generated list of redirects, a file; rename it [output-conflict]",
            "content/assets/publish.css: error: this file would be written to /assets/publish.css, where the site "
            "already writes the theme's own assets/publish.css; to change the theme's file, put yours at "
            "themes/public/assets/publish.css [output-conflict]",
            "content/docs/INDEX.HTM: error: an index.htm under content/ would be served as a page that no check has "
            "seen, and raw HTML is not allowed; write the page in Markdown as content/docs/_index.md instead "
            "[raw-html]",
            kHrWarning,
            "content/x/index.html: error: an index.html under content/ would be served as a page that no check has "
            "seen, and raw HTML is not allowed; write the page in Markdown as content/x/_index.md instead "
            "[raw-html]",
            "static/404.html: error: this file would be written to /404.html, where the site already writes the "
            "generated not-found page; rename, move or remove it [output-conflict]",
            "static/_redirects: error: this file would be written to /_redirects, where the site already writes the "
            "generated list of redirects; rename, move or remove it [output-conflict]",
            "static/a-to-z/index.html: error: this file would be written to /a-to-z/index.html, where the site "
            "already writes the generated A to Z of services; rename, move or remove it [output-conflict]",
            "static/bins/index.html: error: this file would be written to /bins/index.html, where the site already "
            "writes the page content/bins/_index.md; rename, move or remove it [output-conflict]",
            "static/index.html: error: this file would be written to /index.html, where the site already writes the "
            "page content/_index.md; rename, move or remove it [output-conflict]",
            "static/sitemap.xml: error: this file would be written to /sitemap.xml, where the site already writes "
            "the generated sitemap; rename, move or remove it [output-conflict]",
            "static/staff: error: this file would be written to the file /staff, where the page "
            "content/staff/_index.md needs a folder (/staff/index.html); rename, move or remove it "
            "[output-conflict]",
            "themes/public/bins/index.html: error: this theme file would be written to /bins/index.html, where the "
            "site already writes the page content/bins/_index.md; rename, move or remove it [output-conflict]",
        });
}

TEST_CASE("Output paths: pages and aliases may not take a path the build writes", "[visibility][output]") {
  SiteBuilder site = StaffSite();
  site.Page("content/help/_index.md", "title: Help\n");
  site.Page("content/index.html.md", "title: Index\n");
  site.Page("content/sitemap.xml.md", "title: Sitemap\n");
  site.Page("content/404.html.md", "title: Not found\n");
  site.Page("content/bins/index.md", "title: Bins index\n");
  site.Page("content/bins/old.md",
            "title: Old\naliases: [/help/index.html/, /sitemap.xml/x, /_redirects, /404.html]\n");
  auto lines = Lines(publish::test::CheckSite(site).diagnostics);
  CHECK(lines ==
        Strings{
            "content/404.html.md: error: this page would be written inside /404.html/, but /404.html is the "
            "generated not-found page, a file; rename it [output-conflict]",
            "content/bins/index.md: error: this page would be written to bins/index.txt in the text and audio "
            "channels, where the site already writes the page content/bins/_index.md; rename it [output-conflict]",
            "content/bins/old.md:3:11: error: alias '/help/index.html/' would write its redirect page inside "
            "/help/index.html/, but /help/index.html is the page content/help/_index.md, a file; remove the alias "
            "or choose another [alias-conflict]",
            "content/bins/old.md:3:30: error: alias '/sitemap.xml/x' would write its redirect page inside "
            "/sitemap.xml/, but /sitemap.xml is the generated sitemap, a file; remove the alias or choose another "
            "[alias-conflict]",
            "content/bins/old.md:3:46: error: alias '/_redirects' would write its redirect page inside "
            "/_redirects/, but /_redirects is the generated list of redirects, a file; remove the alias or choose "
            "another [alias-conflict]",
            "content/bins/old.md:3:59: error: alias '/404.html' would replace the file /404.html the site already "
            "has (the generated not-found page); remove the alias or choose another [alias-conflict]",
            kHrWarning,
            "content/index.html.md: error: this page would be written inside /index.html/, but /index.html is the "
            "page content/_index.md, a file; rename it [output-conflict]",
            "content/sitemap.xml.md: error: this page would be written inside /sitemap.xml/, but /sitemap.xml is "
            "the generated sitemap, a file; rename it [output-conflict]",
        });
}

TEST_CASE("Output paths: a theme override and a page at /a-to-z/ are not conflicts", "[visibility][output]") {
  SiteBuilder site = StaffSite();
  site.File("themes/public/assets/publish.css", "body{}");
  site.Page("content/a-to-z.md", "title: A to Z\n");
  site.File("static/assets/logo.png", "logo");
  site.File("static/bins.html", "not the same as bins/");
  CHECK(LinesWith(publish::test::CheckSite(site).diagnostics, "output-conflict") == Strings{});
  CHECK(publish::test::CheckSite(site).outcome == Outcome::kSuccess);
}

TEST_CASE("Output paths: the check knows every file of the built-in HTML themes", "[visibility][output]") {
  // Each HTML theme is the base theme themes/html/ with the channel's own on top.
  auto copied = [](const std::string& channel) {
    std::set<std::string> names;
    for (const auto& [path, text] : BuiltinThemeFiles()) {
      for (const std::string& layer : {std::string("html/"), channel + "/"}) {
        if (path.rfind(layer, 0) == 0 && path.compare(path.size() - 9, 9, ".mustache") != 0) {
          names.insert(path.substr(layer.size()));
        }
      }
    }
    return names;
  };
  // ...and each HTML channel claims exactly those as its own generated files.
  for (const std::string channel : {"public", "intranet"}) {
    std::set<std::string> claimed;
    auto made = publish::MakeChannel(channel);
    for (const auto& file : made->Info().generated) {
      if (!file.site_file_may_replace.empty()) claimed.insert(file.path);
    }
    CHECK(claimed == copied(channel));
  }
}

TEST_CASE("Output paths: the intranet's own files and generated pages are claimed too", "[visibility][output]") {
  SiteBuilder site = StaffSite();
  site.File("static/assets/intranet.css", "x");
  site.File("static/content-review/index.html", "x");
  site.File("themes/intranet/assets/extra.css", "x");
  site.File("themes/public/assets/extra.css", "y");  // a different tree: no clash
  CHECK(LinesWith(publish::test::CheckSite(site).diagnostics, "output-conflict") ==
        Strings{
            "static/assets/intranet.css: error: this file would be written to /assets/intranet.css, where the site "
            "already writes the theme's own assets/intranet.css; to change the theme's file, put yours at "
            "themes/intranet/assets/intranet.css [output-conflict]",
            "static/content-review/index.html: error: this file would be written to /content-review/index.html, "
            "where the site already writes the intranet's generated /content-review/ page; rename, move or remove "
            "it [output-conflict]",
        });
}

TEST_CASE("Output paths: the check's text and audio paths are the channels' own", "[visibility][output]") {
  SiteBuilder site = StaffSite();
  site.Page("content/bins/days.md", "title: Days\n");
  site.Page("content/bins/deep/_index.md", "title: Deep\n");
  auto checked = publish::test::CheckSite(site);
  REQUIRE(checked.site);
  for (const auto& page : checked.site->pages) {
    std::string path = page->url_path;
    if (page->is_section_index) {
      path += "index";
    } else {
      path.pop_back();
    }
    INFO(page->content_path);
    CHECK(TextOutputPath(*page) == path + ".txt");
    CHECK(AudioScriptPath(*page) == path + ".ssml");
  }
}
