// Control characters and noncharacters: an error at each one in a page or
// site.yaml, and never a raw one in any channel's output, even when a page
// is rendered despite its errors or an embedder puts one in by hand.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

#include "channels/registry.h"
#include "libpublish/base/escape.h"
#include "libpublish/base/json.h"
#include "libpublish/base/text.h"
#include "libpublish/content/site.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace publish;
using publish::test::SiteBuilder;
using Strings = std::vector<std::string>;

namespace {

// ESC with an ANSI colour, BEL, NEL (a C1 control) and two noncharacters,
// in the title, the summary, body text, link text and a code block.
const std::string kFront =
    "title: Red \x1b[31mAlert\n"                 // ESC at 2:12
    "summary: Bell\x07 and next\xC2\x85line\n";  // BEL at 3:14, U+0085 at 3:24
const std::string kBody =
    "\n"
    "Body \x1b[31mred\x1b[0m text \xEF\xBF\xBE here.\n"  // 6:6, 6:14, U+FFFE at 6:24
    "\n"
    "See [the \x07"
    "bins page](_index.md).\n"  // BEL at 8:10
    "\n"
    "```\n"
    "code \x1b[2J and \xEF\xBF\xBF\n"  // ESC at 11:6, U+FFFF at 11:15
    "```\n";

SiteBuilder HostileSite() {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Welcome. See [the page](hostile.md).\n");
  site.Page("content/hostile.md", kFront, kBody);
  return site;
}

// Anything a terminal or an XML parser would choke on.
void CheckClean(const std::string& name, const std::string& text) {
  INFO(name << ":\n" << text);
  CHECK(FindInvalidUtf8(text) == std::string::npos);
  CHECK(FindForbiddenCharacters(text, 1).empty());
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
}

// Every channel's rendering of `page`.
std::map<std::string, std::string> RenderEverywhere(const Site& site, const SiteFiles& files, const Page& page) {
  std::map<std::string, std::string> rendered;
  for (const char* name : {"public", "text", "audio"}) {
    auto channel = MakeChannel(name);
    REQUIRE(channel);
    Diagnostics diagnostics;
    auto build = channel->Begin(site, files, diagnostics);
    REQUIRE(build);
    RenderedPage out = build->RenderPage(page, diagnostics);
    REQUIRE_FALSE(out.files.empty());
    rendered[name] = out.files.front().contents;
  }
  return rendered;
}

bool XmllintAccepts(const std::string& xml, std::string& complaint) {
  REQUIRE(fs::exists("/usr/bin/xmllint"));  // scripts/setup installs it
  test::TempDir dir;
  test::WriteFile(dir / "file.xml", xml);
  auto result = test::Run({"/usr/bin/xmllint", "--noout", (dir / "file.xml").string()});
  complaint = result.Describe();
  return result.exit_code == 0;
}

}  // namespace

TEST_CASE("Control characters: each in a page is an error at its line and column", "[control]") {
  auto checked = test::CheckSite(HostileSite());
  CHECK(test::LinesWith(checked.diagnostics, "control-character") ==
        Strings{
            "content/hostile.md:2:12: error: control character U+001B is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:3:14: error: control character U+0007 is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:3:24: error: control character U+0085 is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:6:6: error: control character U+001B is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:6:14: error: control character U+001B is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:6:24: error: noncharacter U+FFFE is not allowed; delete it (most editors do not show "
            "it) [control-character]",
            "content/hostile.md:8:10: error: control character U+0007 is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:11:6: error: control character U+001B is not allowed; delete it (most editors do not "
            "show it) [control-character]",
            "content/hostile.md:11:15: error: noncharacter U+FFFF is not allowed; delete it (most editors do not show "
            "it) [control-character]",
        });
  CHECK(checked.outcome == Outcome::kContentErrors);
}

TEST_CASE("Control characters: the columns after one stay right", "[control]") {
  // A broken link after an ESC and a C1 control on the same line is at the
  // column it has with plain letters in their place: each counts as one
  // code point, as in an editor.
  auto broken_link = [](const std::string& line) {
    SiteBuilder site;
    site.Page("content/_index.md", "title: Home\n", line + "\n");
    auto checked = test::CheckSite(site);
    Strings broken = test::LinesWith(checked.diagnostics, "broken-link");
    REQUIRE(broken.size() == 1);
    return broken[0].substr(0, broken[0].find(": error"));
  };
  CHECK(broken_link("\x1b[1m \xC2\x9B [x](missing.md)") == broken_link("E[1m C [x](missing.md)"));
  CHECK(broken_link("\x1b[1m \xC2\x9B [x](missing.md)") == "content/_index.md:4:12");
}

TEST_CASE("Control characters: the other noncharacters and DEL are errors, tab and CR are not", "[control]") {
  SiteBuilder site;
  site.Page(
      "content/_index.md", "title: Home\n",
      "a\x7f b\xEF\xB7\x90 c\xEF\xB7\xAF d\xF0\x9F\xBF\xBE e\xF4\x8F\xBF\xBF f\tg\r\nh \xEF\xB7\x8F \xEF\xB7\xB0\n");
  auto checked = test::CheckSite(site);
  Strings lines = test::LinesWith(checked.diagnostics, "control-character");
  REQUIRE(lines.size() == 5);
  CHECK_THAT(lines[0], Catch::StartsWith("content/_index.md:4:2: error: control character U+007F "));
  CHECK_THAT(lines[1], Catch::StartsWith("content/_index.md:4:5: error: noncharacter U+FDD0 "));
  CHECK_THAT(lines[2], Catch::StartsWith("content/_index.md:4:8: error: noncharacter U+FDEF "));
  CHECK_THAT(lines[3], Catch::StartsWith("content/_index.md:4:11: error: noncharacter U+1FFFE "));
  CHECK_THAT(lines[4], Catch::StartsWith("content/_index.md:4:14: error: noncharacter U+10FFFF "));
}

TEST_CASE("Control characters: a binary file gives a handful of errors, not thousands", "[control]") {
  std::string junk;
  for (int i = 0; i < 5000; ++i) junk += "\x01\x02\x1b";
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", junk + "\n");
  auto checked = test::CheckSite(site);
  Strings lines = test::LinesWith(checked.diagnostics, "control-character");
  REQUIRE(lines.size() == kMaxForbiddenCharacterReports + 1);
  CHECK_THAT(lines.front(), Catch::StartsWith("content/_index.md:4:1: error: control character U+0001 "));
  CHECK(lines.back() ==
        "content/_index.md:4:11: error: control character U+0002 and 14989 more control characters or "
        "noncharacters after it are not allowed; delete them, or if this is not a text file, move it out of the site "
        "[control-character]");
}

TEST_CASE("Control characters: YAML escapes and character references are caught too", "[control]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: \"Bell\\a and \\e[31m\"\nsummary: \"\\uFFFE\"\n",
            "An &#x1b;[31m entity, &#7; and &#xFFFF;.\n\n[&#x85;](https://example.com/)\n");
  auto checked = test::CheckSite(site);
  CHECK(test::LinesWith(checked.diagnostics, "control-character") ==
        Strings{
            "content/_index.md:2:8: error: this value holds the control character or noncharacter U+0007 (written as "
            "a YAML escape); delete it [control-character]",
            "content/_index.md:3:10: error: this value holds the control character or noncharacter U+FFFE (written as "
            "a YAML escape); delete it [control-character]",
            "content/_index.md:5:1: error: a character reference here makes the control character or noncharacter "
            "U+001B; delete it [control-character]",
            "content/_index.md:7:10: error: a character reference here makes the control character or noncharacter "
            "U+0085; delete it [control-character]",
        });
  const Page* page = checked.site->FindPage("_index.md");
  REQUIRE(page != nullptr);
  CheckClean("title", page->meta.title);
  CheckClean("summary", page->meta.summary);
  for (const auto& [name, text] : RenderEverywhere(*checked.site, site.files(), *page)) CheckClean(name, text);
}

TEST_CASE("Control characters: in site.yaml each is an error at its place", "[control]") {
  SiteBuilder site;
  site.SiteYaml("title: Testshire \x1b]0;pwned\x07 Council\nbase_url: https://www.testshire.example.gov.uk/\n");
  site.Page("content/_index.md", "title: Home\n");
  auto checked = test::CheckSite(site);
  Strings lines = test::LinesWith(checked.diagnostics, "control-character");
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::StartsWith("site.yaml:1:18: error: control character U+001B is not allowed"));
  CHECK_THAT(lines[1], Catch::StartsWith("site.yaml:1:27: error: control character U+0007 is not allowed"));
  REQUIRE(checked.site);
  CheckClean("site title", checked.site->config.title);
}

TEST_CASE("Control characters: a page rendered despite them carries none, in every channel", "[control]") {
  SiteBuilder site = HostileSite();
  auto checked = test::CheckSite(site);
  REQUIRE(checked.site);
  const Page* page = checked.site->FindPage("hostile.md");
  REQUIRE(page != nullptr);
  auto rendered = RenderEverywhere(*checked.site, site.files(), *page);
  for (const auto& [name, text] : rendered) CheckClean(name, text);
  // The words around them are all still there.
  CHECK_THAT(rendered["text"], Catch::Contains("[31mred"));
  CHECK_THAT(rendered["public"], Catch::Contains("[2J and"));
  std::string complaint;
  bool valid = XmllintAccepts(rendered["audio"], complaint);
  INFO(complaint);
  CHECK(valid);
}

TEST_CASE("Control characters: the writers drop what an embedder passes in by hand", "[control]") {
  // Past the loader's own clean-up: the escaping each writer uses is the
  // last line of defence.
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\nsummary: Plain.\n",
            "Body text.\n\nSee [the home page](_index.md).\n\n```\ncode\n```\n");
  auto checked = test::CheckSite(site);
  REQUIRE(checked.site);
  REQUIRE_FALSE(checked.diagnostics.HasErrors());
  Page* page = checked.site->pages.front().get();
  REQUIRE(page->source_path == "content/_index.md");
  const std::string hostile = "\x1b[31m\x07\xC2\x85\xEF\xBF\xBE\xFF";
  std::function<void(MdNode&)> poison = [&](MdNode& node) {
    if (node.type == MdType::kText || node.type == MdType::kCode || node.type == MdType::kCodeBlock) {
      node.literal += hostile;
    }
    for (auto& child : node.children) poison(child);
  };
  poison(page->body);
  std::map<std::string, std::string> rendered = RenderEverywhere(*checked.site, site.files(), *page);
  // The title and summary go through each channel's own escaping too: the
  // HTML channels' theme templates escape with EscapeXml.
  page->meta.title += hostile + "\rOver";
  page->meta.summary += hostile;
  rendered = RenderEverywhere(*checked.site, site.files(), *page);
  for (const auto& [name, text] : rendered) CheckClean(name, text);
  CHECK_THAT(rendered["text"], Catch::Contains("Home[31m"));
  CHECK(rendered["text"].find('\r') == std::string::npos);
  CHECK_THAT(rendered["public"], Catch::Contains("Body text.[31m"));
  std::string complaint;
  bool valid = XmllintAccepts(rendered["audio"], complaint);
  INFO(complaint);
  CHECK(valid);
}

TEST_CASE("Control characters: the escaping functions never pass one through", "[control]") {
  const std::string hostile = "a\x1b[0m\x07\x7f\xC2\x80\xC2\x9F\xEF\xB7\x90\xEF\xBF\xBE\xF4\x8F\xBF\xBF\xFF\xC3<\tb\n";
  CHECK(EscapeXml(hostile) == "a[0m\xEF\xBF\xBD\xEF\xBF\xBD&lt;\tb\n");
  CHECK(EscapeHtml(hostile) == EscapeXml(hostile));
  CHECK(WithoutForbiddenCharacters(hostile) == "a[0m\xEF\xBF\xBD\xEF\xBF\xBD<\tb\n");
  CHECK(JsonString(hostile) ==
        "\"a\\u001b[0m\\u0007\\u007f\\u0080\\u009f\\ufdd0\\ufffe\\udbff\\udfff\\ufffd\\ufffd\\u003c\\tb\\n\"");
  // Invalid UTF-8 is not counted, but columns go on past it.
  auto found = FindForbiddenCharacters("\xff\xC3\x1b\r\n\r\xC2\x85", 10);
  REQUIRE(found.size() == 2);
  CHECK((found[0].line == 1 && found[0].column == 3 && found[0].code_point == 0x1B && found[0].offset == 2));
  CHECK((found[1].line == 3 && found[1].column == 1 && found[1].code_point == 0x85 && found[1].offset == 6));
  // Ordinary text is untouched, byte for byte.
  const std::string welsh = "Gwasanaethau'r Cyngor – ŵ ŷ 日本 😀 & \"x\"";
  CHECK(WithoutForbiddenCharacters(welsh) == welsh);
  CHECK(EscapeXml(welsh) == "Gwasanaethau&apos;r Cyngor – ŵ ŷ 日本 😀 &amp; &quot;x&quot;");
}

TEST_CASE("Control characters: render shows the errors and writes no page", "[control][cli]") {
  test::TempDir site;
  test::WriteFile(site / "site.yaml", "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n");
  test::WriteFile(site / "content/_index.md", "---\ntitle: Home\n---\n\nSee [the page](hostile.md).\n");
  test::WriteFile(site / "content/hostile.md", "---\n" + kFront + "---\n" + kBody);
  for (const char* channel : {"public", "text", "audio"}) {
    auto result = test::RunPublish(
        {"render", (site / "content/hostile.md").string(), "--channel", channel, "--site", site.path().string()});
    INFO(channel << "\n" << result.Describe());
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CheckClean("stderr", result.err);
    CHECK(test::Count(result.err, "[control-character]") == 9);
    CHECK_THAT(result.err, Catch::Contains("content/hostile.md:6:24: error: noncharacter U+FFFE is not allowed"));
  }
}

TEST_CASE("Site config: a base_url or intranet_url that could break out of markup is an error at its character",
          "[control][config]") {
  struct Case {
    std::string line;
    std::string expected;
  };
  const std::string kPrefix = "site.yaml:2:";
  const std::vector<Case> cases{
      {"base_url: https://www.example.gov.uk/a\"b/", "39: error: 'base_url' must not contain '\"'"},
      {"base_url: https://www.example.gov.uk/<script>/", "38: error: 'base_url' must not contain '<'"},
      {"base_url: https://www.example.gov.uk/a>", "39: error: 'base_url' must not contain '>'"},
      {"base_url: https://www.example.gov.uk/it's/", "40: error: 'base_url' must not contain '''"},
      {"base_url: https://www.example.gov.uk/`x`/", "38: error: 'base_url' must not contain '`'"},
      {"base_url: \"https://www.example.gov.uk/my council/\"", "41: error: 'base_url' must not contain a space"},
      {"base_url: https://www.example.gov.uk/\x1b[31m/", "38: error: 'base_url' must not contain a control"},
      {"base_url: https://www.exa\xC2\x9Bmple.gov.uk/", "26: error: 'base_url' must not contain a control"},
      {"base_url: \"https://www.example.gov.uk/\\e[2J\"", "39: error: 'base_url' must not contain a control"},
      {"base_url: ftp://www.example.gov.uk/",
       "11: error: 'base_url' must be an absolute http or https address, such as https://www.example.gov.uk/, not "
       "'ftp://www.example.gov.uk/' [bad-url]"},
  };
  for (const Case& c : cases) {
    SiteBuilder site;
    site.SiteYaml("title: Testshire Council\n" + c.line + "\n");
    site.Page("content/_index.md", "title: Home\n");
    auto checked = test::CheckSite(site);
    INFO(c.line);
    Strings lines = test::LinesWith(checked.diagnostics, "bad-url");
    REQUIRE(lines.size() == 1);
    CHECK_THAT(lines[0], Catch::StartsWith(kPrefix + c.expected));
    CHECK_THAT(lines[0], Catch::EndsWith("[bad-url]"));
    CHECK(checked.outcome != Outcome::kSuccess);
  }

  SiteBuilder site;
  site.SiteYaml(
      "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
      "intranet_url: https://intranet.example/\"><script>alert(1)</script>\n");
  site.Page("content/_index.md", "title: Home\n");
  auto checked = test::CheckSite(site);
  CHECK(test::LinesWith(checked.diagnostics, "bad-url") ==
        Strings{"site.yaml:3:40: error: 'intranet_url' must not contain '\"'; write the address as plain text, such as "
                "https://www.example.gov.uk/ [bad-url]"});
  // Everyday addresses still pass.
  for (const char* good : {"https://www.testshire.example.gov.uk", "http://localhost:8000/council/",
                           "https://www.example.gov.uk/a-b_c~d/%20e/", "https://caerdydd.example.cymru/ŵ/"}) {
    SiteBuilder fine;
    fine.SiteYaml(std::string("title: Testshire Council\nbase_url: ") + good + "\n");
    fine.Page("content/_index.md", "title: Home\n");
    auto result = test::CheckSite(fine);
    INFO(good);
    CHECK(test::Lines(result.diagnostics).empty());
  }
}

TEST_CASE("Control characters: a file name with a noncharacter or bad UTF-8 is an error and the sitemap stays XML",
          "[control]") {
  // One mistake, one error: the listing refuses the file, so the page is
  // never loaded and its name never reaches an address.
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Welcome.\n");
  site.Page("content/a\xEF\xBF\xBE.md", "title: One\n");
  site.Page("content/b\xC2\x85.md", "title: Two\n");
  site.Page("content/c\xFF.md", "title: Three\n");
  auto checked = test::CheckSite(site);
  CHECK(
      test::LinesWith(checked.diagnostics, "bad-file-name") ==
      Strings{"content/a\\ufffe.md: error: the file name holds the non-character U+FFFE, so the file is not used; "
              "rename it with printable UTF-8 characters [bad-file-name]",
              "content/b\\u0085.md: error: the file name holds the control character U+0085, so the file is not used; "
              "rename it with printable UTF-8 characters [bad-file-name]",
              "content/c\\xff.md: error: the file name is not valid UTF-8 (\\xff), so the file is not used; rename it "
              "with printable UTF-8 characters [bad-file-name]"});
  REQUIRE(checked.site);
  auto channel = MakeChannel("public");
  Diagnostics diagnostics;
  auto build = channel->Begin(*checked.site, site.files(), diagnostics);
  REQUIRE(build);
  std::vector<RenderedPage> pages;
  for (const auto& page : checked.site->pages) {
    if (checked.site->Holds("public", *page)) pages.push_back(build->RenderPage(*page, diagnostics));
  }
  std::vector<OutputFile> out;
  build->Finish(
      pages,
      [&](const OutputFile& file) {
        out.push_back(file);
        return true;
      },
      diagnostics);
  auto sitemap = std::find_if(out.begin(), out.end(), [](const OutputFile& f) { return f.path == "sitemap.xml"; });
  REQUIRE(sitemap != out.end());
  CheckClean("sitemap", sitemap->contents);
  CHECK(test::Count(sitemap->contents, "<url>") == 2);
  std::string complaint;
  bool valid = XmllintAccepts(sitemap->contents, complaint);
  INFO(complaint);
  CHECK(valid);
}

TEST_CASE("Site config: invalid UTF-8 in site.yaml is an error at its line and column", "[control][config]") {
  SiteBuilder site;
  site.SiteYaml("title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\nlanguage: cy\xE2\x80 x\n");
  site.Page("content/_index.md", "title: Home\n");
  auto checked = test::CheckSite(site);
  CHECK(test::LinesWith(checked.diagnostics, "invalid-utf8") ==
        Strings{"site.yaml:3:13: error: site.yaml is not valid UTF-8 (bad byte at offset 85); save it as UTF-8 in "
                "your editor [invalid-utf8]"});
}
