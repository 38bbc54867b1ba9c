// publish new: each type of page passes publish check as written, today's
// date for news, never overwriting, and paths checked against the site.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/test_support.h"

namespace fs = std::filesystem;
using publish::test::ProcessResult;
using publish::test::ReadFile;
using publish::test::ReadTree;
using publish::test::RunPublish;
using publish::test::SplitLines;
using publish::test::TempDir;
using publish::test::WriteFile;

namespace {

void WriteSmallSite(const fs::path& site, const std::string& extra_settings = "") {
  WriteFile(site / "site.yaml",
            "title: Smallton Council\nbase_url: https://www.smallton.example.gov.uk/\n" + extra_settings);
  WriteFile(site / "content/_index.md", "---\ntitle: Smallton Council\n---\n\nSee [bins](bins/_index.md).\n");
  WriteFile(site / "content/bins/_index.md", "---\ntitle: Bins\n---\n\n[Days](days.md)\n");
  WriteFile(site / "content/bins/days.md",
            "---\ntitle: Collection days\naliases: [/bins/old-days/]\n---\n\n## Monday\n\nBins go out.\n");
}

ProcessResult New(const fs::path& site, const std::vector<std::string>& arguments) {
  std::vector<std::string> all{"new"};
  all.insert(all.end(), arguments.begin(), arguments.end());
  return RunPublish(all, {}, 30, site);
}

// A clean check: exit 0 and the summary alone.
void CheckPasses(const fs::path& site) {
  ProcessResult check = RunPublish({"check", site.string(), "--strict"}, {}, 60);
  INFO(check.Describe());
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::EndsWith(": 0 errors, 0 warnings\n"));
  CHECK(SplitLines(check.out).size() == 1);
}

}  // namespace

TEST_CASE("New: a page, a service and a news item each pass publish check as written", "[new][cli]") {
  TempDir site;
  WriteSmallSite(site.path());
  ProcessResult page = New(site.path(), {"page", "content/bins/garden-waste.md", "--title", "Garden waste"});
  INFO(page.Describe());
  REQUIRE(page.exit_code == 0);
  CHECK(SplitLines(page.err) ==
        std::vector<std::string>{"publish: wrote content/bins/garden-waste.md, a page for "
                                 "https://www.smallton.example.gov.uk/bins/garden-waste/; fill it in, then run "
                                 "publish check"});
  ProcessResult service = New(site.path(), {"service", "content/bins/new-bin", "--title", "Order a new bin"});
  INFO(service.Describe());
  REQUIRE(service.exit_code == 0);
  CHECK_THAT(service.err, Catch::Contains("(.md added)"));
  ProcessResult news = New(site.path(), {"news", "content/bin-strike.md", "--title", "Bin strike: what to do"});
  INFO(news.Describe());
  REQUIRE(news.exit_code == 0);
  CheckPasses(site.path());

  std::string page_text = ReadFile(site / "content/bins/garden-waste.md");
  CHECK_THAT(page_text, Catch::StartsWith("---\ntitle: Garden waste\n"));
  CHECK_THAT(page_text, Catch::Contains("\n## "));
  CHECK_THAT(page_text, Catch::Contains("# review_by: 2027-06-01"));  // a year after SOURCE_DATE_EPOCH's day
  std::string service_text = ReadFile(site / "content/bins/new-bin.md");
  CHECK_THAT(service_text, Catch::Contains("\ntype: service "));
  CHECK_THAT(service_text, Catch::Contains("\nservice:\n"));
  CHECK_THAT(service_text, Catch::Contains("\n  online: no "));
  CHECK_THAT(service_text, Catch::Contains("# apply_url:"));
  std::string news_text = ReadFile(site / "content/bin-strike.md");
  CHECK_THAT(news_text, Catch::StartsWith("---\ntitle: \"Bin strike: what to do\"\n"));
  CHECK_THAT(news_text, Catch::Contains("\ndate: 2026-06-01 "));  // SOURCE_DATE_EPOCH, as every command's "today"

  // The pages render too: a strict build of every channel succeeds.
  TempDir out;
  ProcessResult build = RunPublish({"build", site.path().string(), "--out", out.path().string(), "--strict"}, {}, 60);
  INFO(build.Describe());
  CHECK(build.exit_code == 0);
  CHECK(fs::exists(out / "public/bins/garden-waste/index.html"));
}

TEST_CASE("New: today's date for news follows SOURCE_DATE_EPOCH", "[new][cli]") {
  TempDir site;
  WriteSmallSite(site.path());
  ProcessResult news = RunPublish({"new", "news", "content/late.md", "--title", "Late news"},
                                  {{"SOURCE_DATE_EPOCH", "1800000000"}}, 30, site.path());  // 2027-01-15
  INFO(news.Describe());
  REQUIRE(news.exit_code == 0);
  CHECK_THAT(ReadFile(site / "content/late.md"), Catch::Contains("\ndate: 2027-01-15 "));
}

TEST_CASE("New: titles YAML would misread are quoted and read back the same", "[new][cli]") {
  TempDir site;
  WriteSmallSite(site.path());
  int n = 0;
  for (std::string title : {"true", "2026 budget", "Say \"yes\" \\ or no", "Parks #1", "- Dashes", "Café opening"}) {
    std::string path = "content/bins/title-" + std::to_string(++n) + ".md";
    ProcessResult made = New(site.path(), {"page", path, "--title", title});
    INFO(title << "\n" << made.Describe());
    CHECK(made.exit_code == 0);
  }
  CheckPasses(site.path());
  CHECK_THAT(ReadFile(site / "content/bins/title-1.md"), Catch::StartsWith("---\ntitle: \"true\"\n"));
  CHECK_THAT(ReadFile(site / "content/bins/title-6.md"), Catch::StartsWith("---\ntitle: Café opening\n"));
}

TEST_CASE("New: a site that requires summaries gets one", "[new][cli]") {
  TempDir site;
  WriteSmallSite(site.path(), "checks:\n  missing-summary: error\n");
  // The small site's own pages have none: give them one, so only the new page is judged.
  for (const char* page : {"content/_index.md", "content/bins/_index.md", "content/bins/days.md"}) {
    std::string text = ReadFile(site / page);
    WriteFile(site / page, text.insert(4, "summary: What the council does.\n"));
  }
  ProcessResult made = New(site.path(), {"service", "content/bins/repair.md", "--title", "Repair a bin"});
  INFO(made.Describe());
  REQUIRE(made.exit_code == 0);
  CHECK_THAT(ReadFile(site / "content/bins/repair.md"), Catch::Contains("\nsummary: "));
  CheckPasses(site.path());
}

TEST_CASE("New: a section's landing page makes its folder, and a page needs its folder", "[new][cli]") {
  TempDir site;
  WriteSmallSite(site.path());
  ProcessResult early = New(site.path(), {"page", "content/parking/permits.md", "--title", "Permits"});
  INFO(early.Describe());
  CHECK(early.exit_code == 2);
  CHECK(SplitLines(early.err) ==
        std::vector<std::string>{"publish: there is no folder content/parking/ yet; start the section with its "
                                 "landing page first: publish new page content/parking/_index.md --title \"Parking\""});
  ProcessResult section = New(site.path(), {"page", "content/parking/_index.md", "--title", "Parking"});
  INFO(section.Describe());
  REQUIRE(section.exit_code == 0);
  // From inside the folder, as an editor in a terminal there would.
  ProcessResult page =
      RunPublish({"new", "page", "permits.md", "--title", "Permits"}, {}, 30, site / "content/parking");
  INFO(page.Describe());
  REQUIRE(page.exit_code == 0);
  CHECK(fs::exists(site / "content/parking/permits.md"));
  CheckPasses(site.path());
}

TEST_CASE("New: never overwrites, and refuses paths the site cannot take, writing nothing", "[new][cli]") {
  TempDir site;
  WriteSmallSite(site.path());
  WriteFile(site / "notes.md", "not a page\n");
  WriteFile(site / "content/guides/walks.md", "---\ntitle: Walks\n---\n\nWalk.\n");  // a folder without _index.md
  auto before = ReadTree(site.path());
  struct Case {
    std::vector<std::string> arguments;
    std::string message;
  };
  const std::vector<Case> cases{
      {{"page", "content/bins/days.md", "--title", "Days"},
       "publish: content/bins/days.md already exists; publish new never replaces a page: choose another name, or "
       "edit that one"},
      {{"page", "content/bins.md", "--title", "Bins again"},
       "publish: content/bins.md would have the address /bins/, which content/bins/_index.md has; choose another name"},
      {{"page", "content/bins/old-days.md", "--title", "Old days"},
       "publish: content/bins/old-days.md was not written: content/bins/days.md:3:11: alias '/bins/old-days/' is the "
       "address of a real page (content/bins/old-days.md) [alias-conflict]"},
      {{"page", "content/guides.md", "--title", "Guides"},
       "publish: content/guides.md would have the address /guides/, which the folder content/guides/ has; choose "
       "another name"},
      {{"page", "content/bins/Garden Waste.md", "--title", "Garden waste"},
       "publish: 'Garden Waste.md' cannot name a page: it becomes the page's web address, so use lower-case letters, "
       "digits and hyphens, such as 'garden-waste.md'"},
      {{"page", "content/bins/../../x.md", "--title", "Escape"},
       "publish: content/bins/../../x.md is not inside " + (site / "content/").string() +
           ", the folder where pages live; did you mean content/x.md?"},
      {{"page", "bins/garden.md", "--title", "Garden"},
       "publish: bins/garden.md is not inside " + (site / "content/").string() +
           ", the folder where pages live; did you mean content/bins/garden.md?"},
      {{"page", "content/bins/garden.txt", "--title", "Garden"},
       "publish: pages are Markdown files ending in .md, so content/bins/garden.txt cannot be one; did you mean "
       "content/bins/garden.md?"},
      {{"page", "content/bins", "--title", "Garden waste"},
       "publish: content/bins is a folder; name the new page's file, such as content/bins/garden-waste.md (or "
       "content/bins/_index.md for the folder's own landing page)"},
      {{"page", "content/bins/.hidden.md", "--title", "Hidden"},
       "publish: '.hidden.md' cannot name a page: it becomes the page's web address, so use lower-case letters, "
       "digits and hyphens, such as 'hidden.md'"},
      {{"page", "content/bins/x.md", "--title", "  "},
       "publish: --title needs words: --title \"Garden waste collections\""},
      {{"leaflet", "content/bins/x.md", "--title", "X"},
       "publish new: TYPE expects page, service or news, not 'leaflet'"},
      {{"servce", "content/bins/x.md", "--title", "X"},
       "publish new: TYPE expects page, service or news, not 'servce' (did you mean 'service'?)"},
      {{"page", "content/bins/x.md"}, "publish new: --title is required; publish new --help says what it takes"},
  };
  for (const auto& [arguments, message] : cases) {
    ProcessResult result = New(site.path(), arguments);
    INFO(arguments[1] << "\n" << result.Describe());
    CHECK(result.exit_code == 2);
    CHECK(SplitLines(result.err) == std::vector<std::string>{message});
    CHECK(result.out.empty());
  }
  CHECK(publish::test::TreeDifference(before, ReadTree(site.path())) == "");
}

TEST_CASE("New: outside any site it says what it looked for", "[new][cli]") {
  TempDir folder;
  ProcessResult result = New(folder.path(), {"page", "content/x.md", "--title", "X"});
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK(SplitLines(result.err) ==
        std::vector<std::string>{"publish: no site.yaml in any folder above content/x.md; write the page inside a "
                                 "site's content/ folder, or name the site with --site SITE"});
  CHECK(ReadTree(folder.path()).empty());
}
