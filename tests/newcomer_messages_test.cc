// The mistakes a newcomer makes in front matter, made the way a newcomer
// makes them: each gives exactly one message, at the right place, that says
// what to write instead. Also drafts, and Hugo's and Zola's habits.
#include <catch2/catch.hpp>

#include "channels/registry.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::Lines;
using Strings = std::vector<std::string>;

namespace {

// A small site: a home page and a bins section whose pages link to
// content/bins/collection-days.md, which holds `page` as written.
test::SiteBuilder SiteWith(const std::string& page) {
  test::SiteBuilder site;
  site.Page("content/_index.md", "title: Home\nsummary: The council.\n",
            "\nSee [collection days](bins/collection-days.md#monday).\n");
  site.Page("content/bins/_index.md", "title: Bins\nsummary: Bins and recycling.\n",
            "\nRead [when we collect](collection-days.md).\n");
  site.Page("content/bins/sizes.md", "title: Bin sizes\nsummary: The sizes.\n",
            "\nSee [the Monday round](collection-days.md#monday).\n");
  site.File("content/bins/collection-days.md", page);
  return site;
}

// Every diagnostic of checking the site with `page`.
Strings Messages(const std::string& page) {
  auto checked = test::CheckSite(SiteWith(page));
  return Lines(checked.diagnostics);
}

const std::string kBody = "\n## Monday\n\nWe collect on Monday.\n";

}  // namespace

TEST_CASE("Newcomer: a key indented under the one above", "[newcomer]") {
  CHECK(Messages("---\ntitle: Collection days\n  summary: When we collect.\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:3:3: error: 'summary' is indented more than 'title' on line 2, so "
                "YAML reads it as more of the value of 'title'; start 'summary' in the same column as 'title' "
                "(column 1) [yaml-syntax]"});
}

TEST_CASE("Newcomer: a key indented between two blocks", "[newcomer]") {
  CHECK(Messages("---\ntitle: Collection days\ntype: service\nservice:\n    online: no\n  cost: Free\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:6:3: error: 'cost' is indented 2 spaces, which lines it up with no "
                "key above; keys of one block start in the same column: move it to column 5 with 'online' (line 5), "
                "or to column 1 with 'service' (line 4) [yaml-syntax]"});
}

TEST_CASE("Newcomer: a colon in an unquoted value", "[newcomer]") {
  CHECK(Messages("---\ntitle: Bins: when we collect\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:2:12: error: the value of 'title' holds ': ', which YAML reads as the "
                "start of another key; put the whole value in quotes: title: \"Bins: when we collect\" "
                "[yaml-syntax]"});
}

TEST_CASE("Newcomer: no space after the colon", "[newcomer]") {
  CHECK(Messages("---\ntitle: Collection days\nsummary:When we collect.\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:3:8: error: put a space after the colon: write 'summary: When we "
                "collect.'; without the space YAML reads 'summary:When we collect.' as text, not as a key and its "
                "value [yaml-syntax]"});
  // Alone, "title:Collection days" is valid YAML: text where keys belong.
  CHECK(Messages("---\ntitle:Collection days\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:2:1: error: put a space after the colon: write 'title: Collection "
                "days'; without the space YAML reads it as text, not as a key and its value [yaml-syntax]"});
}

TEST_CASE("Newcomer: a tab for indentation", "[newcomer]") {
  CHECK(Messages("---\ntitle: Collection days\ntype: service\nservice:\n\tonline: no\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:5:1: error: this line is indented with a tab; YAML indents with "
                "spaces only, so replace the tab with spaces [yaml-syntax]"});
}

TEST_CASE("Newcomer: an unterminated quote", "[newcomer]") {
  // yaml-cpp took this as the title "Pay "; libyaml refuses it.
  CHECK(Messages("---\ntitle: 'Pay\nsummary: Pay online.\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:2:8: error: the quote ' that starts this value is never closed; end "
                "the value with ' on the same line (title: 'Pay') or remove the quote [yaml-syntax]"});
  CHECK(Messages("---\ntitle: 'When we collect your council's bins'\n---\n" + kBody) ==
        Strings{"content/bins/collection-days.md:2:37: error: this apostrophe ends the value in single quotes; inside "
                "single quotes write an apostrophe twice (''), or put the value in double quotes [yaml-syntax]"});
}

TEST_CASE("Newcomer: an unclosed front matter", "[newcomer]") {
  // The page keeps its body, so the links to #monday still find the heading.
  CHECK(Messages("---\ntitle: Collection days\nsummary: When we collect.\n" + kBody) ==
        Strings{"content/bins/collection-days.md:4:1: error: the front matter that starts on line 1 is not closed; "
                "add a line '---' here, after 'summary: When we collect.' (line 3) [missing-front-matter]"});
  CHECK(Messages("---\ntitle: Collection days\n----\n" + kBody) ==
        Strings{"content/bins/collection-days.md:3:1: error: the front matter ends with exactly three hyphens '---' "
                "at the start of a line, not '----'; write '---' [missing-front-matter]"});
}

TEST_CASE("Newcomer: a list of days in a flow mapping is split at the comma", "[newcomer]") {
  CHECK(Messages("---\ntitle: Collection days\ntype: service\nservice:\n  online: no\n  contact:\n"
                 "    phone: 01632 960 000\n  hours:\n"
                 "    - {days: Monday, Wednesday and Friday, opens: \"09:00\", closes: \"17:00\"}\n---\n" +
                 kBody) ==
        Strings{"content/bins/collection-days.md:9:14: error: YAML ends 'days' at the first comma, so the rest of the "
                "list became keys of their own; put the days in quotes: days: \"Monday, Wednesday and Friday\" "
                "[bad-days]"});
}

TEST_CASE("Newcomer: a broken front matter on a linked page gives one error", "[newcomer]") {
  // Three pages link to it, two to its #monday heading, and it is its
  // folder's only child page; a YAML error, a missing front matter (its
  // title written as a '# heading') and a TOML one are each one error.
  for (const std::string& page :
       {std::string("---\ntitle: Bins: when\n---\n") + kBody, std::string("# Collection days\n") + kBody,
        std::string("+++\ntitle = \"Collection days\"\n+++\n") + kBody}) {
    INFO(page);
    CHECK(Messages(page).size() == 1);
  }
  CHECK(Messages("+++\ntitle = \"Collection days\"\n+++\n" + kBody) ==
        Strings{"content/bins/collection-days.md:1:1: error: this front matter is TOML, between '+++' lines, as Hugo "
                "and Zola write it; publish reads YAML: make both '+++' lines '---' and write each 'key = value' as "
                "'key: value' [missing-front-matter]"});
}

TEST_CASE("Newcomer: Hugo's and Zola's keys name ours", "[newcomer]") {
  CHECK(Messages("---\ntitle: Collection days\ndescription: When we collect.\nlastmod: 2026-01-05\n"
                 "tags: [bins]\nslug: days\ndate: 2026-01-05T09:00:00Z\n---\n" +
                 kBody) ==
        Strings{
            "content/bins/collection-days.md:3:1: error: unknown key 'description' in front matter; publish calls the "
            "short description 'summary' [unknown-key]",
            "content/bins/collection-days.md:4:1: error: unknown key 'lastmod' in front matter; publish calls the date "
            "of the last substantive change 'updated' (YYYY-MM-DD) [unknown-key]",
            "content/bins/collection-days.md:5:1: error: unknown key 'tags' in front matter; publish has no tags or "
            "categories: pages are grouped by their folder (keep the words under 'extra:' if you need them) "
            "[unknown-key]",
            "content/bins/collection-days.md:6:1: error: unknown key 'slug' in front matter; a page's address comes "
            "from its file name, so rename the file instead, and list the old address in 'aliases' so it "
            "redirects [unknown-key]",
            "content/bins/collection-days.md:7:7: error: 'date' is a day without a time: write date: 2026-01-05 "
            "[bad-date]",
        });
}

TEST_CASE("Drafts: a draft is in no channel unless drafts are built", "[newcomer][drafts]") {
  test::SiteBuilder site;
  site.Page("content/_index.md", "title: Home\nsummary: The council.\n", "\nSee [bins](bins/_index.md).\n");
  site.Page("content/bins/_index.md", "title: Bins\nsummary: Bins.\n");
  site.Page("content/bins/new-round.md", "title: New round\nsummary: Soon.\ndraft: true\n", kBody);
  site.Page("content/garden/_index.md", "title: Garden waste\nsummary: Soon.\ndraft: true\n");
  site.Page("content/garden/sacks.md", "title: Sacks\nsummary: Sacks.\n");
  auto built = test::BuildPublic(site.files());
  CHECK(Lines(built->diagnostics) == Strings{});
  CHECK(built->HasPublic("bins/index.html"));
  CHECK_FALSE(built->HasPublic("bins/new-round/index.html"));
  // A draft landing page keeps its whole section out.
  CHECK_FALSE(built->HasPublic("garden/index.html"));
  CHECK_FALSE(built->HasPublic("garden/sacks/index.html"));
  CHECK(built->Public("bins/index.html").find("New round") == std::string::npos);
  CHECK(built->Public("sitemap.xml").find("new-round") == std::string::npos);

  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = test::kToday;
  options.include_drafts = true;
  Diagnostics diagnostics;
  Outcome outcome;
  auto with_drafts = LoadCheckedSite(site.files(), options, diagnostics, outcome);
  REQUIRE(with_drafts);
  CHECK(with_drafts->Holds("public", *with_drafts->FindPage("bins/new-round.md")));
  CHECK(with_drafts->Holds("text", *with_drafts->FindPage("garden/sacks.md")));
}

TEST_CASE("Drafts: a link to a draft is one error, none with drafts built", "[newcomer][drafts]") {
  test::SiteBuilder site;
  site.Page("content/_index.md", "title: Home\nsummary: The council.\n", "\nSee [the new round](new-round.md).\n");
  site.Page("content/new-round.md", "title: New round\nsummary: Soon.\ndraft: true\n");
  CHECK(Lines(test::CheckSite(site).diagnostics) ==
        Strings{"content/_index.md:6:21: error: 'new-round.md' is a draft ('draft: true'), so it is not published and "
                "this link would lead nowhere; remove the link until the draft is ready, or check the site with "
                "--drafts [link-to-draft]"});
  site.Page("content/new-round.md", "title: New round\nsummary: Soon.\ndraft: yes\n");
  CHECK(Lines(test::CheckSite(site).diagnostics) ==
        Strings{"content/new-round.md:4:8: error: 'draft' is true or false, not 'yes' [bad-value]"});
}

TEST_CASE("Drafts: --drafts on the command line builds them", "[newcomer][drafts][cli]") {
  test::TempDir dir;
  auto root = dir.path();
  std::filesystem::create_directories(root / "content");
  test::WriteFile(root / "site.yaml", "title: Test\nbase_url: https://www.example.gov.uk/\n");
  test::WriteFile(root / "content/_index.md", "---\ntitle: Home\nsummary: The council.\n---\n");
  test::WriteFile(root / "content/soon.md", "---\ntitle: Soon\nsummary: Soon.\ndraft: true\n---\n");
  auto plain = test::RunPublish({"build", root.string(), "--channel", "text"});
  CHECK(plain.exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(root / "_site/text/soon.txt"));
  auto drafts = test::RunPublish({"build", root.string(), "--channel", "text", "--drafts"});
  CHECK(drafts.exit_code == 0);
  CHECK(std::filesystem::exists(root / "_site/text/soon.txt"));
}
