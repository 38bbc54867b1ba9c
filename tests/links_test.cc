// Link resolution over a whole in-memory site: page links, fragments,
// related entries, assets, site paths, mailto:/tel: forms, visibility, and
// aliases. Every diagnostic is asserted exactly.
#include <catch2/catch.hpp>

#include "libpublish/links/link_resolver.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::Checked;
using publish::test::Lines;
using publish::test::SiteBuilder;
using Strings = std::vector<std::string>;

namespace {

// A small council: bins, council tax, an internal staff section, a static
// map and an image asset. Clean on its own.
SiteBuilder BaseSite() {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\n", "Welcome.\n");
  site.Page("content/bins/_index.md", "title: Bins and recycling\n", "All about bins.\n");
  site.Page("content/bins/collection-days.md", "title: Collection days\n",
            "\n## Bank holidays\n\nLater.\n\n## Missed bins\n\nReport it.\n");
  site.File("content/bins/bin-sizes.png", "not really a png");
  site.Page("content/council-tax/_index.md", "title: Council tax\n");
  site.Page("content/council-tax/pay.md", "title: Pay your council tax\n", "## Pay\n\n## Pay\n\n## Pay\n");
  site.Page("content/staff/_index.md", "title: Staff\nvisibility: internal\n");
  site.Page("content/staff/leave.md", "title: Book annual leave\nvisibility: internal\n",
            "See [pay](../council-tax/pay.md) and [staff](_index.md).\n");
  site.File("static/images/map.png", "map");
  return site;
}

// The base site plus one page; the diagnostics of the whole check.
Checked With(const std::string& path, const std::string& front, const std::string& body) {
  SiteBuilder site = BaseSite();
  site.Page(path, front, body);
  return publish::test::CheckSite(site);
}

Strings LinesWith(const std::string& path, const std::string& front, const std::string& body) {
  return Lines(With(path, front, body).diagnostics);
}

const PageLink& LinkOf(const Checked& checked, const std::string& content_path, size_t index) {
  const Page* page = checked.site->FindPage(content_path);
  REQUIRE(page != nullptr);
  REQUIRE(index < page->links.size());
  return page->links[index];
}

}  // namespace

TEST_CASE("Links: the base site is clean", "[links]") {
  auto checked = publish::test::CheckSite(BaseSite());
  CHECK(Lines(checked.diagnostics) == Strings{});
  CHECK(checked.outcome == Outcome::kSuccess);
  REQUIRE(checked.site);
  const PageLink& link = LinkOf(checked, "staff/leave.md", 0);
  CHECK(link.kind == PageLink::Kind::kPage);
  CHECK(link.target == checked.site->FindPage("council-tax/pay.md"));
}

TEST_CASE("Links: a broken .md link suggests the nearest page", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "See [days](collection-day.md).\n") ==
        Strings{"content/bins/extra.md:4:12: error: link target 'collection-day.md' does not exist (did you mean "
                "'collection-days.md'?) [broken-link]"});
  CHECK(LinesWith("content/council-tax/extra.md", "title: Extra\n", "See [days](../bins/colection-days.md).\n") ==
        Strings{"content/council-tax/extra.md:4:12: error: link target '../bins/colection-days.md' does not exist "
                "(did you mean '../bins/collection-days.md'?) [broken-link]"});
  // The same file name in another folder is a likely meaning too.
  CHECK(LinesWith("content/council-tax/extra.md", "title: Extra\n", "See [days](collection-days.md).\n") ==
        Strings{"content/council-tax/extra.md:4:12: error: link target 'collection-days.md' does not exist (did "
                "you mean '../bins/collection-days.md'?) [broken-link]"});
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "See [it](nothing-like-this-at-all.md).\n") ==
        Strings{"content/bins/extra.md:4:10: error: link target 'nothing-like-this-at-all.md' does not exist "
                "[broken-link]"});
}

TEST_CASE("Links: a good .md link resolves to its page", "[links]") {
  auto checked = With("content/bins/extra.md", "title: Extra\n",
                      "[Days](collection-days.md), [pay](../council-tax/pay.md), [home](../_index.md), "
                      "[bins](./_index.md)\n");
  CHECK(Lines(checked.diagnostics) == Strings{});
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "bins/extra.md", 0).target == checked.site->FindPage("bins/collection-days.md"));
  CHECK(LinkOf(checked, "bins/extra.md", 1).target == checked.site->FindPage("council-tax/pay.md"));
  CHECK(LinkOf(checked, "bins/extra.md", 2).target == checked.site->home);
  CHECK(LinkOf(checked, "bins/extra.md", 3).target == checked.site->FindPage("bins/_index.md"));
}

TEST_CASE("Links: a link without .md or to a folder says what to write", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "[Days](collection-days)\n\n[Tax](../council-tax/)\n") ==
        Strings{
            "content/bins/extra.md:4:8: error: link 'collection-days' has no .md ending (did you mean "
            "'collection-days.md'?) [broken-link]",
            "content/bins/extra.md:6:7: error: link '../council-tax/' names a folder; link to "
            "'../council-tax/_index.md' [broken-link]",
        });
}

TEST_CASE("Links: fragments are checked against the target's heading ids", "[links]") {
  auto checked = With("content/bins/extra.md", "title: Extra\n",
                      "[a](collection-days.md#bank-holidays) [b](collection-days.md#bank-holiday) "
                      "[c](collection-days.md#nothing-similar-here)\n");
  CHECK(Lines(checked.diagnostics) ==
        Strings{
            "content/bins/extra.md:4:43: error: 'bins/collection-days.md' has no heading with the id 'bank-holiday' "
            "(did you mean 'bank-holidays'?) [missing-fragment]",
            "content/bins/extra.md:4:80: error: 'bins/collection-days.md' has no heading with the id "
            "'nothing-similar-here' [missing-fragment]",
        });
  REQUIRE(checked.site);
  const PageLink& good = LinkOf(checked, "bins/extra.md", 0);
  CHECK(good.kind == PageLink::Kind::kPage);
  CHECK(good.fragment == "bank-holidays");
}

TEST_CASE("Links: same-page fragments", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n",
                  "[Hours](#opening-times) [typo](#opening-time)\n\n## Opening times\n") ==
        Strings{"content/bins/extra.md:4:32: error: 'bins/extra.md' has no heading with the id 'opening-time' (did "
                "you mean 'opening-times'?) [missing-fragment]"});
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "[Top](#top)\n") ==
        Strings{"content/bins/extra.md:4:7: error: 'bins/extra.md' has no heading with the id 'top'; it has no "
                "headings [missing-fragment]"});
}

TEST_CASE("Links: duplicate heading ids get -1 and -2 and can be linked", "[links]") {
  auto checked = With("content/council-tax/extra.md", "title: Extra\n",
                      "[1](pay.md#pay) [2](pay.md#pay-1) [3](pay.md#pay-2) [4](pay.md#pay-3)\n");
  CHECK(Lines(checked.diagnostics) ==
        Strings{"content/council-tax/extra.md:4:57: error: 'council-tax/pay.md' has no heading with the id 'pay-3' "
                "(did you mean 'pay-1'?) [missing-fragment]"});
  REQUIRE(checked.site);
  CHECK(checked.site->FindPage("council-tax/pay.md")->heading_ids == Strings{"pay", "pay-1", "pay-2"});
}

TEST_CASE("Links: related entries are links to pages", "[links][service]") {
  auto checked = With("content/bins/report.md",
                      "title: Report a missed bin\n"
                      "type: service\n"
                      "service:\n"
                      "  online: no\n"
                      "  related: [collection-days.md, colection-days.md, ../staff/leave.md, ../../../x.md]\n",
                      "");
  CHECK(Lines(checked.diagnostics) ==
        Strings{
            "content/bins/report.md:6:33: error: related page 'colection-days.md' does not exist (did you mean "
            "'collection-days.md'?) [broken-link]",
            "content/bins/report.md:6:52: error: public page links to internal page 'staff/leave.md'; the public "
            "cannot see it, so remove the link or make the target public [internal-link]",
            "content/bins/report.md:6:71: error: related entry '../../../x.md' leads outside the site folder "
            "[path-outside-site]",
        });
  REQUIRE(checked.site);
  const Page* page = checked.site->FindPage("bins/report.md");
  REQUIRE(page != nullptr);
  REQUIRE_FALSE(page->related.empty());
  CHECK(page->related.front() == checked.site->FindPage("bins/collection-days.md"));
}

TEST_CASE("Links: assets under content/ resolve to their path", "[links]") {
  auto checked = With("content/bins/extra.md", "title: Extra\n",
                      "![Bin sizes](bin-sizes.png)\n\n[Sizes](../bins/bin-sizes.png)\n");
  CHECK(Lines(checked.diagnostics) == Strings{});
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "bins/extra.md", 0).kind == PageLink::Kind::kAsset);
  CHECK(LinkOf(checked, "bins/extra.md", 0).asset_path == "bins/bin-sizes.png");
  CHECK(LinkOf(checked, "bins/extra.md", 1).asset_path == "bins/bin-sizes.png");
}

TEST_CASE("Links: a missing asset is a broken link", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "![Bin sizes](bin-size.png)\n") ==
        Strings{"content/bins/extra.md:4:14: error: link target 'bin-size.png' does not exist (did you mean "
                "'bin-sizes.png'?) [broken-link]"});
}

TEST_CASE("Links: a missing asset suggests the nearest asset", "[links]") {
  // link_resolver.cc Nearest() only looks at pages, so a one-letter typo in
  // an image name gets no suggestion.
  auto lines = LinesWith("content/bins/extra.md", "title: Extra\n", "![Bin sizes](bin-size.png)\n");
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::Contains("did you mean 'bin-sizes.png'?"));
}

TEST_CASE("Links: an image cannot show a page", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "![Days](collection-days.md)\n") ==
        Strings{"content/bins/extra.md:4:9: error: an image cannot show a page; link to it instead [broken-link]"});
}

TEST_CASE("Links: site paths name pages, static files and content assets", "[links]") {
  auto checked = With("content/extra.md", "title: Extra\n",
                      "[a](/bins/collection-days/) [b](/images/map.png) [c](/bins/bin-sizes.png) [d](/) "
                      "[e](/bins/collection-days/#missed-bins)\n");
  CHECK(Lines(checked.diagnostics) == Strings{});
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "extra.md", 0).target == checked.site->FindPage("bins/collection-days.md"));
  CHECK(LinkOf(checked, "extra.md", 1).kind == PageLink::Kind::kAsset);
  CHECK(LinkOf(checked, "extra.md", 1).asset_path == "images/map.png");
  CHECK(LinkOf(checked, "extra.md", 2).asset_path == "bins/bin-sizes.png");
  CHECK(LinkOf(checked, "extra.md", 3).target == checked.site->home);
  CHECK(LinkOf(checked, "extra.md", 4).fragment == "missed-bins");
}

TEST_CASE("Links: bad site paths", "[links]") {
  CHECK(LinesWith("content/extra.md", "title: Extra\n",
                  "[a](/bins/collection-days)\n\n[b](/bins/colection-days/)\n\n[c](/images/mpa.png)\n\n"
                  "[d](/bins/collection-days/#nope)\n") ==
        Strings{
            "content/extra.md:4:5: error: site path '/bins/collection-days' needs a slash at the end: "
            "'/bins/collection-days/' [broken-link]",
            "content/extra.md:6:5: error: site path '/bins/colection-days/' is not a page or file of this site (did "
            "you mean '/bins/collection-days/'?) [broken-link]",
            "content/extra.md:8:5: error: site path '/images/mpa.png' is not a page or file of this site "
            "[broken-link]",
            "content/extra.md:10:5: error: 'bins/collection-days.md' has no heading with the id 'nope' "
            "[missing-fragment]",
        });
}

TEST_CASE("Links: mailto and tel links are checked for form", "[links]") {
  auto checked = With("content/extra.md", "title: Extra\n",
                      "[a](mailto:bins@testshire.example.gov.uk) [b](mailto:bins) [c](mailto:bins@localhost)\n\n"
                      "[d](mailto:bins@testshire.example.gov.uk?subject=Missed%20bin)\n\n"
                      "[e](tel:+441632960000) [f](tel:01632960000) [g](tel:+44-1632-960000) [h](tel:+12)\n");
  CHECK(Lines(checked.diagnostics) ==
        Strings{
            "content/extra.md:4:47: error: 'mailto:bins' is not a valid email link; write "
            "mailto:name@example.gov.uk [bad-mailto]",
            "content/extra.md:4:64: error: 'mailto:bins@localhost' is not a valid email link; write "
            "mailto:name@example.gov.uk [bad-mailto]",
            "content/extra.md:8:28: error: 'tel:01632960000' is not in international form; write tel:+441632960000 "
            "[bad-tel]",
            "content/extra.md:8:74: error: 'tel:+12' has 2 digits, but an international number has 4 to 15; check "
            "the number [bad-tel]",
        });
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "extra.md", 0).kind == PageLink::Kind::kMailto);
  CHECK(LinkOf(checked, "extra.md", 3).kind == PageLink::Kind::kMailto);
  CHECK(LinkOf(checked, "extra.md", 4).kind == PageLink::Kind::kTel);
  CHECK(LinkOf(checked, "extra.md", 6).kind == PageLink::Kind::kTel);
}

TEST_CASE("Links: tel: links to UK numbers are checked as UK numbers", "[links]") {
  auto checked = With("content/extra.md", "title: Extra\n",
                      "[a](tel:+4401632960000) [b](tel:+44163296) [c](tel:+441632960000123) [d](tel:+444632960000)\n\n"
                      "[e](tel:+447700900123) [f](tel:999) [g](tel:111) [h](tel:+33142685300) [i](tel:+44(0)1632)\n\n"
                      "[j](tel:+44-1632-96000x)\n");
  CHECK(Lines(checked.diagnostics) ==
        Strings{
            "content/extra.md:4:5: error: 'tel:+4401632960000' keeps the 0 after +44, which callers from abroad must "
            "not dial; write tel:+441632960000 [bad-tel]",
            "content/extra.md:4:29: error: 'tel:+44163296' has 6 digits after +44, but a UK number has 10 (a few "
            "have 9); check the number [bad-tel]",
            "content/extra.md:4:48: error: 'tel:+441632960000123' has 13 digits after +44, but a UK number has 10 (a "
            "few have 9); check the number [bad-tel]",
            "content/extra.md:4:74: error: 'tel:+444632960000' is not a UK number: none start +444; check the number "
            "[bad-tel]",
            "content/extra.md:6:76: error: 'tel:+44(0)1632' keeps the 0 after +44, which callers from abroad must "
            "not dial; write tel:+441632 [bad-tel]",
            "content/extra.md:8:5: error: 'tel:+44-1632-96000x' is not a valid phone link: it may hold only '+', "
            "digits and - . ( ) [bad-tel]",
        });
}

TEST_CASE("Links: http: links get a warning, https: links none", "[links]") {
  auto checked = With("content/extra.md", "title: Extra\n", "[a](https://www.gov.uk/) [b](http://example.com/page)\n");
  CHECK(Lines(checked.diagnostics) ==
        Strings{"content/extra.md:4:30: warning: link uses http:, which is not secure; use https: if the site "
                "supports it [insecure-link]"});
  CHECK(checked.outcome == Outcome::kSuccess);
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "extra.md", 0).kind == PageLink::Kind::kExternal);
  CHECK(LinkOf(checked, "extra.md", 1).kind == PageLink::Kind::kExternal);
}

TEST_CASE("Links: other schemes and scheme-relative links are refused", "[links]") {
  CHECK(LinesWith("content/extra.md", "title: Extra\n",
                  "[a](javascript:alert(1)) [b](//evil.example/) [c](ftp://files.example/)\n") ==
        Strings{
            "content/extra.md:4:5: error: links cannot use 'javascript:'; use https:, http:, mailto:, tel: or a "
            "path to a page or file [bad-scheme]",
            "content/extra.md:4:30: error: link '//evil.example/' has no scheme; write the full address, starting "
            "https:// [bad-scheme]",
            "content/extra.md:4:51: error: links cannot use 'ftp:'; use https:, http:, mailto:, tel: or a path to "
            "a page or file [bad-scheme]",
        });
}

TEST_CASE("Links: an empty destination is a broken link", "[links]") {
  CHECK(LinesWith("content/extra.md", "title: Extra\n", "[Nothing]()\n") ==
        Strings{"content/extra.md:4:1: error: link has no destination [broken-link]"});
}

TEST_CASE("Links: a query-only destination is reported, not a crash", "[links]") {
  auto lines = LinesWith("content/bins/extra.md", "title: Extra\n", "[Next page](?page=2)\n");
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("content/bins/extra.md:4:13: error: "));
  CHECK_THAT(lines[0], Catch::EndsWith("[broken-link]"));
}

TEST_CASE("Links: a public page may not link to an internal page", "[links][visibility]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n",
                  "[Leave](../staff/leave.md) and [staff](/staff/) and [leave](/staff/leave/#x)\n") ==
        Strings{
            "content/bins/extra.md:4:9: error: public page links to internal page 'staff/leave.md'; the public "
            "cannot see it, so remove the link or make the target public [internal-link]",
            "content/bins/extra.md:4:40: error: public page links to internal page 'staff/_index.md'; the public "
            "cannot see it, so remove the link or make the target public [internal-link]",
            "content/bins/extra.md:4:61: error: 'staff/leave.md' has no heading with the id 'x'; it has no "
            "headings [missing-fragment]",
            "content/bins/extra.md:4:61: error: public page links to internal page 'staff/leave.md'; the public "
            "cannot see it, so remove the link or make the target public [internal-link]",
        });
}

TEST_CASE("Links: internal pages may link anywhere", "[links][visibility]") {
  CHECK(LinesWith("content/staff/more.md", "title: More\nvisibility: internal\n",
                  "[Leave](leave.md) [Bins](../bins/collection-days.md) [Staff](/staff/)\n") == Strings{});
}

TEST_CASE("Links: a link may not leave the site folder", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n",
                  "[a](../../etc/passwd)\n\n[b](/../etc/passwd)\n\n[c](%2e%2e/%2e%2e/etc/passwd)\n\n"
                  "[d](../../site.yaml)\n\n[e](bad%zzescape.md)\n") ==
        Strings{
            "content/bins/extra.md:4:5: error: link '../../etc/passwd' leads outside the site folder "
            "[path-outside-site]",
            "content/bins/extra.md:6:5: error: link '/../etc/passwd' leads outside the site folder "
            "[path-outside-site]",
            "content/bins/extra.md:8:5: error: link '%2e%2e/%2e%2e/etc/passwd' leads outside the site folder "
            "[path-outside-site]",
            "content/bins/extra.md:10:5: error: link '../../site.yaml' leads outside the site folder "
            "[path-outside-site]",
            "content/bins/extra.md:12:5: error: link 'bad%zzescape.md' has a malformed %-escape or a control "
            "character [broken-link]",
        });
}

TEST_CASE("Links: link columns count code points and follow each other on a line", "[links]") {
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n",
                  "Café [a](no-such-page-here.md) and Ŵyl [b](no-such-page-here.md)\n") ==
        Strings{
            "content/bins/extra.md:4:10: error: link target 'no-such-page-here.md' does not exist [broken-link]",
            "content/bins/extra.md:4:44: error: link target 'no-such-page-here.md' does not exist [broken-link]",
        });
}

TEST_CASE("Links: an unrelated page name gets no suggestion", "[links]") {
  // link_resolver.cc Nearest() measures the edit distance over whole content
  // paths, so the shared folder and ".md" make 'nope.md' look close to
  // '_index.md' (distance 5 of 14) and the message suggests it.
  CHECK(LinesWith("content/bins/extra.md", "title: Extra\n", "[a](nope.md)\n") ==
        Strings{"content/bins/extra.md:4:5: error: link target 'nope.md' does not exist [broken-link]"});
}

TEST_CASE("Links: an alias claimed by two pages is a conflict", "[links][aliases]") {
  SiteBuilder site = BaseSite();
  site.Page("content/bins/a.md", "title: A\naliases: [/old/bins.aspx, /old/]\n");
  site.Page("content/bins/b.md", "title: B\naliases:\n  - /old/bins.aspx\n  - /old\n");
  CHECK(Lines(publish::test::CheckSite(site).diagnostics) ==
        Strings{
            "content/bins/b.md:4:5: error: alias '/old/bins.aspx' is claimed by content/bins/a.md too "
            "[alias-conflict]",
            "content/bins/b.md:5:5: error: alias '/old' is claimed by content/bins/a.md too [alias-conflict]",
        });
}

TEST_CASE("Links: an alias equal to a real page URL is a conflict", "[links][aliases]") {
  CHECK(LinesWith("content/bins/a.md", "title: A\naliases: [/bins/, /bins/collection-days, /]\n", "") ==
        Strings{
            "content/bins/a.md:3:11: error: alias '/bins/' is the address of a real page (content/bins/_index.md) "
            "[alias-conflict]",
            "content/bins/a.md:3:19: error: alias '/bins/collection-days' is the address of a real page "
            "(content/bins/collection-days.md) [alias-conflict]",
            "content/bins/a.md:3:42: error: alias '/' is not a usable site path; write it from the site root, such "
            "as /council-tax/pay.aspx [bad-alias]",
        });
}

TEST_CASE("Links: aliases must be safe site paths", "[links][aliases]") {
  CHECK(LinesWith("content/bins/a.md", "title: A\naliases:\n  - /../../etc/passwd\n  - old/page.aspx\n  - /a?b=c\n",
                  "") ==
        Strings{
            "content/bins/a.md:4:5: error: alias '/../../etc/passwd' is not a usable site path; write it from the "
            "site root, such as /council-tax/pay.aspx [bad-alias]",
            "content/bins/a.md:5:5: error: alias 'old/page.aspx' is not a usable site path; write it from the site "
            "root, such as /council-tax/pay.aspx [bad-alias]",
            "content/bins/a.md:6:5: error: alias '/a?b=c' is not a usable site path; write it from the site root, "
            "such as /council-tax/pay.aspx [bad-alias]",
        });
  CHECK(NormalizeAlias("/counciltax/pay.aspx") == "/counciltax/pay.aspx");
  CHECK(NormalizeAlias("/old//page/") == "/old/page/");
  CHECK(NormalizeAlias("/a/../b") == "/b");
  CHECK_FALSE(NormalizeAlias("/%2e%2e/x").has_value());
  CHECK_FALSE(NormalizeAlias("").has_value());
}

TEST_CASE("Links: an alias may not take the address of a generated or copied file", "[links][aliases]") {
  // link_resolver.cc CheckAliases compares aliases with page URLs only, so
  // these pass and public_channel.cc RenderRedirects then writes a redirect
  // page over the A to Z, the sitemap, the 404 page, a static file, or a
  // page's own index.html.
  auto lines = LinesWith("content/bins/a.md",
                         "title: A\n"
                         "aliases: [/a-to-z/, /sitemap.xml, /404.html, /images/map.png, /bins/index.html]\n",
                         "");
  CHECK(lines.size() == 5);
  for (const auto& line : lines) CHECK_THAT(line, Catch::EndsWith("[alias-conflict]"));
}

TEST_CASE("Links: footer pages named in site.yaml must exist and be public", "[links]") {
  SiteBuilder site = BaseSite();
  site.SiteYaml(
      "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
      "help_page: hepl.md\naccessibility_page: staff/leave.md\n");
  site.Page("content/help.md", "title: Help\n");
  CHECK(Lines(publish::test::CheckSite(site).diagnostics) ==
        Strings{
            "site.yaml:3:12: error: no page 'hepl.md' under content/ (did you mean 'help.md'?) [broken-link]",
            "site.yaml:4:21: error: the footer page 'staff/leave.md' must be public [internal-link]",
        });
}

TEST_CASE("Links: footer pages are found by name when not named", "[links]") {
  SiteBuilder site = BaseSite();
  site.Page("content/help.md", "title: Help\n");
  site.Page("content/accessibility.md", "title: Accessibility statement\n");
  auto checked = publish::test::CheckSite(site);
  REQUIRE(checked.site);
  CHECK(checked.site->help_page == checked.site->FindPage("help.md"));
  CHECK(checked.site->accessibility_page == checked.site->FindPage("accessibility.md"));
}

TEST_CASE("Links: one run reports every broken link", "[links]") {
  SiteBuilder site = BaseSite();
  site.Page("content/bins/one.md", "title: One\n", "[x](gone.md)\n");
  site.Page("content/council-tax/two.md", "title: Two\n", "[y](gone.md)\n");
  site.Page("content/three.md", "title: Three\n", "[z](gone.md)\n");
  auto checked = publish::test::CheckSite(site);
  CHECK(checked.outcome == Outcome::kContentErrors);
  CHECK(checked.diagnostics.ErrorCount() == 3);
}

TEST_CASE("Links: two aliases that write the same file are a conflict", "[links][aliases]") {
  // '/old/' and '/old/index.html' both become old/index.html in the public
  // output, but link_resolver.cc CheckAliases compares them as different
  // strings, so one redirect page silently overwrites the other.
  SiteBuilder site = BaseSite();
  site.Page("content/bins/a.md", "title: A\naliases: [/old/]\n");
  site.Page("content/bins/b.md", "title: B\naliases: [/old/index.html]\n");
  auto lines = Lines(publish::test::CheckSite(site).diagnostics);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::EndsWith("[alias-conflict]"));
}

TEST_CASE("Links: a www. autolink is positioned at the www", "[links]") {
  // GFM turns www.example.gov.uk into http://www.example.gov.uk, which is
  // not in the source as written, so markdown.cc PlaceDestination falls
  // back to cmark's own column, one to the left of the text.
  auto lines = LinesWith("content/extra.md", "title: Extra\n", "Visit www.example.gov.uk today.\n");
  REQUIRE(lines.size() == 2);  // http: is insecure, and an address as link text is hard to hear
  CHECK_THAT(lines[0], Catch::StartsWith("content/extra.md:4:7: "));
  CHECK_THAT(lines[1], Catch::StartsWith("content/extra.md:4:7: "));
}

TEST_CASE("Links: GFM autolinks are resolved like written links", "[links]") {
  auto checked = With("content/extra.md", "title: Extra\n",
                      "Email bins@testshire.example.gov.uk or see https://www.gov.uk/bins today.\n");
  // An email address is fine as link text; a web address is read out character by character.
  CHECK(Lines(checked.diagnostics) ==
        Strings{"content/extra.md:4:44: warning: the link text is the web address 'https://www.gov.uk/bins', which "
                "screen readers read out character by character; write words that say where it goes, such as [the "
                "page's name](https://www.gov.uk/bins) [bare-url-link-text]"});
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "extra.md", 0).kind == PageLink::Kind::kMailto);
  CHECK(LinkOf(checked, "extra.md", 1).kind == PageLink::Kind::kExternal);
  CHECK(LinkOf(checked, "extra.md", 1).position.column == 44);
}

TEST_CASE("Site: two pages at one address is a conflict", "[site]") {
  SiteBuilder site = BaseSite();
  site.Page("content/bins.md", "title: Bins page\n");
  CHECK(Lines(publish::test::CheckSite(site).diagnostics) ==
        Strings{"content/bins/_index.md:1:1: error: this page has the same address /bins/ as content/bins.md; rename "
                "one of them [url-conflict]"});
}

TEST_CASE("Site: a url conflict with a generated landing page names a file that exists", "[site]") {
  // content/bins.md and a folder content/bins/ without _index.md: site.cc
  // LoadSite reports the conflict at the generated page's path,
  // content/bins/_index.md, a file that does not exist and cannot be renamed.
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/bins.md", "title: Bins\n");
  site.Page("content/bins/days.md", "title: Days\n");
  for (const auto& line : publish::test::LinesWith(publish::test::CheckSite(site).diagnostics, "url-conflict")) {
    CHECK_THAT(line, !Catch::StartsWith("content/bins/_index.md"));
  }
}

TEST_CASE("Links: a link no channel of the page can follow is an error in every channel", "[links]") {
  // Two pages kept to the text channel, one linking the other: the text
  // channel holds the target, so this is fine...
  SiteBuilder site = BaseSite();
  site.Page("content/bins/a.md", "title: A\nchannels: [text]\n", "See [B](b.md).\n");
  site.Page("content/bins/b.md", "title: B\nchannels: [text]\n", "Plain.\n");
  auto fine = publish::test::CheckSite(site);
  CHECK(publish::test::LinesWith(fine.diagnostics, "channel-link").empty());
  // ...but from a page the audio channel holds too, audio has nowhere to
  // send the link: neither it nor the public website holds B.
  site.Page("content/bins/c.md", "title: C\nchannels: [text, audio]\n", "See [B](b.md).\n");
  auto broken = publish::test::CheckSite(site);
  CHECK(publish::test::LinesWith(broken.diagnostics, "channel-link") ==
        Strings{"content/bins/c.md:5:9: error: 'bins/b.md' is not in the audio channel this page is in, nor on the "
                "public website, so the link would lead nowhere there; add audio or public to its channels, or "
                "remove the link [channel-link]"});
  // An internal page reaches it on the intranet only if the intranet holds it.
  site.Page("content/staff/d.md", "title: D\nvisibility: internal\n", "See [B](../bins/b.md).\n");
  auto staff = publish::test::CheckSite(site);
  CHECK(publish::test::LinesWith(staff.diagnostics, "channel-link").size() == 2);
}

TEST_CASE("Links: a fragment may name the page furniture's contact details, where the page has them", "[links]") {
  SiteBuilder site = BaseSite();
  site.Page("content/bins/bulky.md",
            "title: Bulky waste\ntype: service\nservice:\n  online: no\n  contact:\n    phone: 01632 960 000\n",
            "Phone us.\n");
  site.Page("content/bins/clinical.md", "title: Clinical waste\ntype: service\nservice:\n  online: no\n",
            "Ask your GP.\n");
  site.Page("content/bins/extra.md", "title: Extra\n", "[Phone](bulky.md#contact) or [not](clinical.md#contact).\n");
  CHECK(publish::test::LinesWith(publish::test::CheckSite(site).diagnostics, "missing-fragment") ==
        Strings{"content/bins/extra.md:4:36: error: 'bins/clinical.md' has no heading with the id 'contact'; it has "
                "no headings [missing-fragment]"});
}

TEST_CASE("Links: a link to a file keeps its ?query and #fragment, and a '/' after a file name is an error",
          "[links]") {
  auto checked = With("content/bins/extra.md", "title: Extra\n",
                      "[a](bin-sizes.png?v=2#top) [b](/images/map.png#zoom=3) [c](bin-sizes.png/) "
                      "[d](/images/map.png/) [e](bin-sizes.png)\n");
  CHECK(Lines(checked.diagnostics) ==
        Strings{
            "content/bins/extra.md:4:60: error: link 'bin-sizes.png/' names a file, not a folder; remove the '/' "
            "after its name [broken-link]",
            "content/bins/extra.md:4:80: error: site path '/images/map.png/' names a file, not a folder; remove the "
            "'/' after its name [broken-link]",
        });
  REQUIRE(checked.site);
  CHECK(LinkOf(checked, "bins/extra.md", 0).asset_suffix == "?v=2#top");
  CHECK(LinkOf(checked, "bins/extra.md", 1).asset_suffix == "#zoom=3");
  CHECK(LinkOf(checked, "bins/extra.md", 4).asset_suffix.empty());

  SiteBuilder site = BaseSite();
  site.Page("content/bins/extra.md", "title: Extra\n", "[a](bin-sizes.png?v=2#top) and [b](/images/map.png#zoom=3)\n");
  auto built = publish::test::BuildPublic(site.files());
  CHECK_THAT(
      built->Public("bins/extra/index.html"),
      Catch::Contains("<a href=\"/bins/bin-sizes.png?v=2#top\">a</a> and <a href=\"/images/map.png#zoom=3\">b</a>"));
}
