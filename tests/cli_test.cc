// The publish binary: exit codes, stderr, reproducible output, the staged
// swap that leaves old output alone on failure, render, check reports,
// --strict, and refusing to read or write outside the site.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <regex>

#include "tests/test_support.h"

namespace fs = std::filesystem;
using publish::test::ProcessResult;
using publish::test::ReadTree;
using publish::test::RunPublish;
using publish::test::SourceDir;
using publish::test::SplitLines;
using publish::test::TempDir;
using publish::test::WriteFile;
using Strings = std::vector<std::string>;

namespace {

const std::string kSummary =
    R"(publish: built \d+ pages? \([a-z]+ \d+(, [a-z]+ \d+)*\) into .+ in \d+\.\d\d s: 0 errors, \d+ warnings?)";

// A small good site on disk.
void WriteSmallSite(const fs::path& site) {
  WriteFile(site / "site.yaml", "title: Smallton Council\nbase_url: https://www.smallton.example.gov.uk/\n");
  WriteFile(site / "content/_index.md", "---\ntitle: Smallton Council\n---\n\nSee [bins](bins/_index.md).\n");
  WriteFile(site / "content/bins/_index.md", "---\ntitle: Bins\n---\n\n[Days](days.md)\n");
  WriteFile(site / "content/bins/days.md", "---\ntitle: Collection days\n---\n\n## Monday\n\nBins go out.\n");
}

// Anything of the tool's beyond its lock and marker: staging folders, a
// swap journal, temporary files (or an older version's .publish-* folders).
bool HasStagingLeftovers(const fs::path& out) {
  if (!fs::exists(out)) return false;
  for (const auto& entry : fs::directory_iterator(out)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(".publish-", 0) == 0) return true;
  }
  if (!fs::exists(out / ".publish")) return false;
  for (const auto& entry : fs::directory_iterator(out / ".publish")) {
    std::string name = entry.path().filename().string();
    if (name != "lock" && name != "output" && name != "recordings") return true;  // the kiosk's cache stays
  }
  return false;
}

}  // namespace

TEST_CASE("CLI: building the sample site exits 0 with only the summary line", "[cli]") {
  TempDir out;
  ProcessResult result = RunPublish({"build", SourceDir().string(), "--out", out.path().string()}, {}, 60);
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  Strings lines = SplitLines(result.err);
  REQUIRE(lines.size() == 1);
  CHECK(std::regex_match(lines[0], std::regex(kSummary)));
  CHECK_THAT(lines[0], Catch::EndsWith(": 0 errors, 0 warnings"));
  CHECK(result.err.find("warning:") == std::string::npos);
  CHECK(result.out.empty());
  CHECK(fs::exists(out / "public/index.html"));
  CHECK(fs::exists(out / "public/sitemap.xml"));
  CHECK_FALSE(HasStagingLeftovers(out.path()));
}

TEST_CASE("CLI: two builds with the same SOURCE_DATE_EPOCH are byte-identical", "[cli]") {
  TempDir first;
  TempDir second;
  ProcessResult a = RunPublish({"build", SourceDir().string(), "--out", first.path().string(), "--jobs", "1"}, {}, 60);
  ProcessResult b = RunPublish({"build", SourceDir().string(), "--out", second.path().string(), "--jobs", "2"}, {}, 60);
  INFO(a.Describe() << "\n" << b.Describe());
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  auto tree_a = ReadTree(first.path());
  auto tree_b = ReadTree(second.path());
  CHECK(tree_a.size() > 40);
  CHECK(publish::test::TreeDifference(tree_a, tree_b) == "");
}

TEST_CASE("CLI: a failed build leaves the previous output untouched", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  fs::path out = work / "out";
  publish::test::CopySampleSite(site);
  ProcessResult good = RunPublish({"build", site.string(), "--out", out.string()}, {}, 60);
  INFO(good.Describe());
  REQUIRE(good.exit_code == 0);
  auto before = ReadTree(out);
  REQUIRE_FALSE(before.empty());

  // One broken link, plus a change a successful build would have written.
  fs::path page = site / "content/bins-and-recycling/collection-days.md";
  WriteFile(page, publish::test::ReadFile(page) + "\nSee [the new page](no-such-page.md).\n");
  fs::path home = site / "content/_index.md";
  WriteFile(home, publish::test::ReadFile(home) + "\nA brand new paragraph Okapi.\n");
  ProcessResult bad = RunPublish({"build", site.string(), "--out", out.string()}, {}, 60);
  INFO(bad.Describe());
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("content/bins-and-recycling/collection-days.md:"));
  CHECK_THAT(bad.err, Catch::Contains("[broken-link]"));
  CHECK_THAT(bad.err, Catch::Contains("the previous output is unchanged"));
  CHECK(publish::test::TreeDifference(before, ReadTree(out)) == "");
  CHECK_FALSE(HasStagingLeftovers(out));
}

TEST_CASE("CLI: a successful build replaces each channel folder and keeps other files", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  fs::path out = work / "out";
  WriteSmallSite(site);
  ProcessResult first = RunPublish({"build", site.string(), "--out", out.string(), "--channel", "public"});
  INFO(first.Describe());
  REQUIRE(first.exit_code == 0);
  WriteFile(out / "public/stale.html", "old");
  WriteFile(out / "README.txt", "not ours");
  ProcessResult result = RunPublish({"build", site.string(), "--out", out.string(), "--channel", "public"});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  CHECK_FALSE(fs::exists(out / "public/stale.html"));
  CHECK(fs::exists(out / "public/bins/days/index.html"));
  CHECK(publish::test::ReadFile(out / "README.txt") == "not ours");
  CHECK_FALSE(HasStagingLeftovers(out));
}

TEST_CASE("CLI: the output folder defaults to SITE/_site and is not read as content", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  for (int run = 0; run < 2; ++run) {
    ProcessResult result = RunPublish({"build", "--channel", "public"}, {}, 30, site);
    INFO("run " << run << "\n" << result.Describe());
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.find("warning:") == std::string::npos);
  }
  CHECK(fs::exists(site / "_site/public/index.html"));
  CHECK_FALSE(fs::exists(site / "_site/public/_site"));
}

TEST_CASE("CLI: render prints one page's HTML, the same as the build writes", "[cli][render]") {
  fs::path page = SourceDir() / "content/bins-and-recycling/collection-days.md";
  ProcessResult rendered = RunPublish({"render", page.string(), "--channel", "public"});
  INFO(rendered.Describe());
  REQUIRE(rendered.exit_code == 0);
  CHECK_THAT(rendered.out, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
  CHECK(publish::test::Count(rendered.out, "<h1") == 1);
  CHECK(rendered.err.empty());

  TempDir out;
  ProcessResult built =
      RunPublish({"build", SourceDir().string(), "--out", out.path().string(), "--channel", "public"}, {}, 60);
  REQUIRE(built.exit_code == 0);
  CHECK(rendered.out == publish::test::ReadFile(out / "public/bins-and-recycling/collection-days/index.html"));
}

TEST_CASE("CLI: render finds the site above the file and takes --site", "[cli][render]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  ProcessResult relative = RunPublish({"render", "content/bins/days.md", "--channel", "public"}, {}, 30, site);
  INFO(relative.Describe());
  CHECK(relative.exit_code == 0);
  CHECK_THAT(relative.out, Catch::Contains("<h1 class=\"page-title\">Collection days</h1>"));
  ProcessResult with_site =
      RunPublish({"render", (site / "content/bins/days.md").string(), "--channel", "public", "--site", site.string()});
  CHECK(with_site.exit_code == 0);
  CHECK(with_site.out == relative.out);
}

TEST_CASE("CLI: render reports the page's own errors and exits 1", "[cli][render]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / "content/bins/broken.md", "---\ntitle: Broken\nsumary: x\n---\n\n[x](council-tax-bands-2027.md)\n");
  WriteFile(site / "content/bins/other.md", "---\ntitle: Other\n---\n\n[y](elsewhere.md)\n");
  ProcessResult result = RunPublish({"render", (site / "content/bins/broken.md").string(), "--channel", "public"});
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK(SplitLines(result.err) ==
        Strings{"content/bins/broken.md:3:1: error: unknown key 'sumary' in front matter (did you mean 'summary'?) "
                "[unknown-key]",
                "content/bins/broken.md:6:5: error: link target 'council-tax-bands-2027.md' does not exist "
                "[broken-link]"});
  // Another page's problems do not stop this one.
  ProcessResult fine = RunPublish({"render", (site / "content/bins/days.md").string(), "--channel", "public"});
  CHECK(fine.exit_code == 0);
}

TEST_CASE("CLI: render refuses an internal page on the public channel", "[cli][render]") {
  ProcessResult result =
      RunPublish({"render", (SourceDir() / "content/staff/annual-leave.md").string(), "--channel", "public"});
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("is not in the public channel"));
}

TEST_CASE("CLI: render usage errors exit 2", "[cli][render]") {
  CHECK(RunPublish({"render", (SourceDir() / "content/no-such-page.md").string(), "--channel", "public"}).exit_code ==
        2);
  CHECK(RunPublish({"render", (SourceDir() / "site.yaml").string(), "--channel", "public"}).exit_code == 2);
  CHECK(RunPublish({"render", (SourceDir() / "content/_index.md").string(), "--channel", "nosuch"}).exit_code == 2);
  CHECK(RunPublish({"render", (SourceDir() / "content/_index.md").string()}).exit_code == 2);
}

TEST_CASE("CLI: check --format json is well formed and counts the problems", "[cli][check]") {
  ProcessResult clean = RunPublish({"check", SourceDir().string(), "--format", "json"}, {}, 60);
  INFO(clean.Describe());
  CHECK(clean.exit_code == 0);
  std::string error;
  auto json = publish::test::ParseJson(clean.out, &error);
  INFO(error);
  REQUIRE(json);
  CHECK(json->at("version") == 1);
  CHECK(json->at("errors") == 0);
  CHECK(json->at("warnings") == 0);
  CHECK(json->at("pages") > 40);
  CHECK(json->at("diagnostics").empty());

  fs::path bad = publish::test::TestsDir() / "fixtures/bad/links";
  ProcessResult broken = RunPublish({"check", bad.string(), "--format", "json"});
  INFO(broken.Describe());
  CHECK(broken.exit_code == 1);
  auto report = publish::test::ParseJson(broken.out, &error);
  INFO(error);
  REQUIRE(report);
  Strings expected = SplitLines(publish::test::ReadFile(bad / "expected.txt"));
  const auto& diagnostics = report->at("diagnostics");
  REQUIRE(diagnostics.size() == expected.size());
  int errors = 0;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const auto& d = diagnostics[i];
    INFO(expected[i]);
    for (const char* key : {"file", "line", "column", "severity", "check", "message"}) REQUIRE(d.contains(key));
    std::string line = d["file"].get<std::string>() + ":" + std::to_string(d["line"].get<int>()) + ":" +
                       std::to_string(d["column"].get<int>()) + ": " + d["severity"].get<std::string>() + ": " +
                       d["message"].get<std::string>() + " [" + d["check"].get<std::string>() + "]";
    CHECK(line == expected[i]);
    errors += d["severity"] == "error";
  }
  CHECK(report->at("errors") == errors);
  CHECK(errors > 0);
}

TEST_CASE("CLI: check --format junit is well-formed XML", "[cli][check]") {
  ProcessResult clean = RunPublish({"check", SourceDir().string(), "--format", "junit"}, {}, 60);
  CHECK(clean.exit_code == 0);
  std::string error;
  CHECK(publish::test::IsWellFormedXml(clean.out, &error));
  INFO(error);
  CHECK_THAT(clean.out, Catch::Contains("failures=\"0\""));

  fs::path bad = publish::test::TestsDir() / "fixtures/bad/links";
  ProcessResult broken = RunPublish({"check", bad.string(), "--format", "junit"});
  INFO(broken.Describe());
  CHECK(broken.exit_code == 1);
  CHECK(publish::test::IsWellFormedXml(broken.out, &error));
  INFO(error);
  CHECK_THAT(broken.out, Catch::Contains("<testcase classname=\"publish.check\" name=\"content/bins/broken.md\">"));
  CHECK_THAT(broken.out, Catch::Contains("<failure message=\""));
  CHECK(broken.out.find("failures=\"0\"") == std::string::npos);
}

TEST_CASE("CLI: check --out writes the report to a file", "[cli][check]") {
  TempDir out;
  fs::path report = out / "report.json";
  ProcessResult result = RunPublish({"check", (publish::test::TestsDir() / "fixtures/bad/markdown").string(),
                                     "--format", "json", "--out", report.string()});
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());
  REQUIRE(fs::exists(report));
  CHECK(publish::test::ParseJson(publish::test::ReadFile(report)).has_value());
  CHECK_THAT(result.err, Catch::StartsWith("publish: checked "));
}

TEST_CASE("CLI: --strict turns a warning into an error and exit 1", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / "content/bins/days.md",
            "---\ntitle: Collection days\n---\n\nRead [the old site](http://old.smallton.example.gov.uk/).\n");
  const std::string line =
      "content/bins/days.md:5:21: %s: link uses http:, which is not secure; use https: if the "
      "site supports it [insecure-link]";
  auto with = [&](const char* severity) {
    std::string text = line;
    return text.replace(text.find("%s"), 2, severity);
  };
  ProcessResult lenient = RunPublish({"build", site.string(), "--out", (work / "a").string()});
  INFO(lenient.Describe());
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.DiagnosticLines() == Strings{with("warning")});
  CHECK_THAT(lenient.err, Catch::Contains(": 0 errors, 1 warning\n"));

  ProcessResult strict = RunPublish({"build", site.string(), "--out", (work / "b").string(), "--strict"});
  INFO(strict.Describe());
  CHECK(strict.exit_code == 1);
  CHECK(strict.DiagnosticLines() == Strings{with("error")});
  CHECK_FALSE(fs::exists(work / "b/public"));

  ProcessResult check = RunPublish({"check", site.string(), "--strict"});
  CHECK(check.exit_code == 1);
  CHECK(check.ReportLines() == Strings{with("error")});
  CHECK(RunPublish({"check", site.string()}).exit_code == 0);
}

TEST_CASE("CLI: SOURCE_DATE_EPOCH decides which reviews are overdue", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / "content/bins/days.md", "---\ntitle: Collection days\nreview_by: 2026-06-01\n---\n\nText.\n");
  // 2026-06-01 itself: not yet overdue. 2026-06-02: overdue.
  ProcessResult on_the_day = RunPublish({"check", site.string()}, {{"SOURCE_DATE_EPOCH", "1780272000"}});
  CHECK(on_the_day.exit_code == 0);
  CHECK(on_the_day.ReportLines().empty());
  ProcessResult day_after = RunPublish({"check", site.string()}, {{"SOURCE_DATE_EPOCH", "1780358400"}});
  CHECK(day_after.exit_code == 0);
  CHECK(day_after.ReportLines() ==
        Strings{"content/bins/days.md:3:1: warning: the page was due for review on 2026-06-01; check it is still "
                "right, then set a new 'review_by' date [review-overdue]"});
}

TEST_CASE("CLI: a malformed SOURCE_DATE_EPOCH is a usage error", "[cli]") {
  TempDir out;
  for (const char* value : {"garbage", "-5", "12abc", "1.5"}) {
    INFO(value);
    ProcessResult build =
        RunPublish({"build", SourceDir().string(), "--out", out.path().string()}, {{"SOURCE_DATE_EPOCH", value}});
    CHECK(build.exit_code == 2);
    CHECK_THAT(build.err, Catch::Contains("SOURCE_DATE_EPOCH must be a whole number of seconds"));
    CHECK(RunPublish({"check", SourceDir().string()}, {{"SOURCE_DATE_EPOCH", value}}).exit_code == 2);
    CHECK(RunPublish({"render", (SourceDir() / "content/_index.md").string(), "--channel", "public"},
                     {{"SOURCE_DATE_EPOCH", value}})
              .exit_code == 2);
  }
  CHECK(ReadTree(out.path()).empty());
}

TEST_CASE("CLI: a symlink inside content/ pointing outside the site is reported and not read", "[cli][security]") {
  TempDir work;
  fs::path site = work / "site";
  fs::path outside = work / "outside";
  WriteSmallSite(site);
  WriteFile(outside / "secret.md", "---\ntitle: Secret Wombat\noutsidemarker: yes\n---\n\nSecret Wombat text.\n");
  WriteFile(outside / "folder/inner.md", "---\ntitle: Inner Wombat\n---\n");
  fs::create_symlink(outside / "secret.md", site / "content/leak.md");
  fs::create_symlink(outside / "folder", site / "content/leak-folder");
  fs::create_directories(site / "static");
  fs::create_symlink("/etc/passwd", site / "static/passwd");
  ProcessResult result = RunPublish({"build", site.string(), "--out", (work / "out").string()});
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{
            "content/leak-folder: error: symbolic link points to '" + (outside / "folder").string() +
                "', outside the site folder; it is not published: copy the file into content/ instead "
                "[path-outside-site]",
            "content/leak.md: error: symbolic link points to '" + (outside / "secret.md").string() +
                "', outside the site folder; it is not published: copy the file into content/ instead "
                "[path-outside-site]",
            "static/passwd: error: symbolic link points to '/etc/passwd', outside the site folder; it is not "
            "published: copy the file into static/ instead [path-outside-site]",
        });
  CHECK(result.err.find("Wombat") == std::string::npos);
  CHECK(result.err.find("outsidemarker") == std::string::npos);
  CHECK_FALSE(fs::exists(work / "out/public"));
}

TEST_CASE("CLI: a relative symlink climbing out of the site is refused too", "[cli][security]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(work / "outside.md", "---\ntitle: Outside Wombat\n---\n");
  fs::create_symlink("../../../outside.md", site / "content/bins/up.md");
  ProcessResult result = RunPublish({"check", site.string()});
  CHECK(result.exit_code == 1);
  CHECK(result.ReportLines() ==
        Strings{"content/bins/up.md: error: symbolic link points to '../../../outside.md', outside the site "
                "folder; it is not published: copy the file into content/ instead [path-outside-site]"});
}

TEST_CASE("CLI: an alias climbing out of the output folder is refused", "[cli][security]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / "content/bins/days.md",
            "---\ntitle: Collection days\naliases: [/../../etc/passwd, /../escape.html]\n---\n\nText.\n");
  ProcessResult result = RunPublish({"build", site.string(), "--out", (work / "out/deep").string()});
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{
            "content/bins/days.md:3:11: error: alias '/../../etc/passwd' is not a usable site path; write it from "
            "the site root, such as /council-tax/pay.aspx [bad-alias]",
            "content/bins/days.md:3:30: error: alias '/../escape.html' is not a usable site path; write it from the "
            "site root, such as /council-tax/pay.aspx [bad-alias]",
        });
  CHECK_FALSE(fs::exists(work / "out/etc"));
  CHECK_FALSE(fs::exists(work / "out/escape.html"));
  CHECK_FALSE(fs::exists(work / "etc"));
}

TEST_CASE("CLI: an unwritable output folder is an environment error", "[cli]") {
  if (::geteuid() == 0) {
    WARN("running as root, which can write anywhere: nothing to test");
    return;
  }
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  fs::create_directories(work / "locked");
  fs::permissions(work / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  ProcessResult result = RunPublish({"build", site.string(), "--out", (work / "locked/out").string()});
  CHECK(result.exit_code == 2);
}

TEST_CASE("CLI: a file as the output folder is an environment error", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(work / "not-a-folder", "x");
  ProcessResult result = RunPublish({"build", site.string(), "--out", (work / "not-a-folder").string()});
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("is a file, not a folder"));
  CHECK_THAT(result.err, Catch::Contains("[output-folder]"));
  CHECK(publish::test::ReadFile(work / "not-a-folder") == "x");
}

TEST_CASE("CLI: --help and --version exit 0", "[cli]") {
  ProcessResult help = RunPublish({"--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("build"));
  ProcessResult version = RunPublish({"--version"});
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("publish "));
}

TEST_CASE("CLI: check on a missing folder is a usage error", "[cli][check]") {
  ProcessResult result = RunPublish({"check", (SourceDir() / "no-such-site").string()});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
}

TEST_CASE("CLI: an output folder inside content/ is refused, touching nothing", "[cli]") {
  // --out content/guides once dropped that section and deleted the
  // editor's content/guides/audio/*.md.
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / "content/guides/_index.md", "---\ntitle: Guides\n---\n\nGuides.\n");
  WriteFile(site / "content/guides/audio/recording.md", "---\ntitle: Recording\n---\n\nHow to record.\n");
  auto before = ReadTree(site);
  for (const char* place : {"content/guides", "content/_out", "static/out", "themes"}) {
    ProcessResult result = RunPublish({"build", site.string(), "--out", (site / place).string()});
    INFO(place << "\n" << result.Describe());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("[output-folder]"));
    CHECK(publish::test::TreeDifference(before, ReadTree(site)) == "");
  }
}

TEST_CASE("CLI: an output folder that is or holds the site is refused", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  auto before = ReadTree(work.path());
  for (const fs::path& place : {site, work.path(), fs::path("/"), site / "."}) {
    ProcessResult result = RunPublish({"build", site.string(), "--out", place.string()});
    INFO(place << "\n" << result.Describe());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains("the site folder"));
    CHECK_THAT(result.err, Catch::Contains("[output-folder]"));
  }
  CHECK(publish::test::TreeDifference(before, ReadTree(work.path())) == "");
}

TEST_CASE("CLI: an output folder holding files publish did not write is refused", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  fs::path out = work / "out";
  WriteSmallSite(site);
  WriteFile(out / "public/index.html", "someone else's site");
  WriteFile(out / "notes.txt", "mine");
  auto before = ReadTree(out);
  ProcessResult result = RunPublish({"build", site.string(), "--out", out.string()});
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("holds notes.txt, public, which publish did not write"));
  CHECK(publish::test::TreeDifference(before, ReadTree(out)) == "");

  // With the marker, a channel folder it does not list is still not ours.
  fs::path ours = work / "ours";
  REQUIRE(RunPublish({"build", site.string(), "--out", ours.string(), "--channel", "public"}).exit_code == 0);
  WriteFile(ours / "text/handmade.txt", "mine");
  auto marked = ReadTree(ours);
  ProcessResult text = RunPublish({"build", site.string(), "--out", ours.string(), "--channel", "text"});
  INFO(text.Describe());
  CHECK(text.exit_code == 2);
  CHECK_THAT(text.err, Catch::Contains("holds text, which publish did not write"));
  CHECK(publish::test::TreeDifference(marked, ReadTree(ours)) == "");
}

TEST_CASE("CLI: a new or empty output folder is fine, and a failed build leaves an empty one empty", "[cli]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  fs::create_directories(work / "empty");
  REQUIRE(RunPublish({"build", site.string(), "--out", (work / "empty").string()}).exit_code == 0);
  REQUIRE(RunPublish({"build", site.string(), "--out", (work / "new/deeper").string()}).exit_code == 0);
  CHECK(fs::exists(work / "new/deeper/public/index.html"));
  CHECK(publish::test::ReadFile(work / "new/deeper/.publish/output") ==
        "# the folders publish wrote here; a build replaces only these\naudio\nintranet\nkiosk\npublic\ntext\n");
  fs::create_directories(work / "empty-too");
  WriteFile(site / "content/bins/days.md", "---\ntitle: Days\ncolour: red\n---\n");
  ProcessResult failed = RunPublish({"build", site.string(), "--out", (work / "empty-too").string()});
  CHECK(failed.exit_code == 1);
  CHECK(fs::is_empty(work / "empty-too"));
}

TEST_CASE("CLI: files under static/ are copied as they are, .well-known/ included", "[cli]") {
  // file_system.cc DiskSiteFiles::ListFiles skips every name starting with
  // '.', so static/.well-known/security.txt (which councils are asked to
  // publish) never reaches the output, without a word. Other hidden files
  // are left out, with a warning (visibility_test.cc).
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / "static/.well-known/security.txt", "Contact: mailto:security@smallton.example.gov.uk\n");
  WriteFile(site / "static/robots.txt", "User-agent: *\n");
  ProcessResult result = RunPublish({"build", site.string(), "--out", (work / "out").string(), "--channel", "public"});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  CHECK(fs::exists(work / "out/public/robots.txt"));
  CHECK(fs::exists(work / "out/public/.well-known/security.txt"));
}

TEST_CASE("CLI: files beside the site's own folders are not the site's business", "[cli]") {
  // file_system.cc DiskSiteFiles::ListFiles walks everything under the site
  // folder, not just site.yaml, content/, static/ and themes/: a symlink in
  // a tools folder next to content/ (a build tree, a virtualenv) fails the
  // build with [path-outside-site], and a repository's build folders are
  // listed on every run.
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  fs::create_directories(site / "tools");
  fs::create_symlink("/usr/bin", site / "tools/bin");
  ProcessResult result = RunPublish({"build", site.string(), "--out", (work / "out").string(), "--channel", "public"});
  INFO(result.Describe());
  CHECK(result.exit_code == 0);
}

TEST_CASE("CLI: a check report that cannot be written whole is exit 2, never a truncated report", "[cli][check]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  fs::path broken = work / "broken";
  WriteSmallSite(broken);
  WriteFile(broken / "content/bins/days.md", "---\ntitle: Days\ncolour: red\n---\n");
  // Standard output on a full device: the error shows only when flushed.
  ProcessResult full = publish::test::Run(
      {"/bin/sh", "-c", "\"$0\" check \"$1\" > /dev/full", publish::test::PublishBinary().string(), broken.string()});
  INFO(full.Describe());
  CHECK(full.exit_code == 2);
  CHECK_THAT(full.err, Catch::Contains("publish: cannot write the report: No space left on device"));
  // A report file in a folder that does not exist: nothing left behind.
  ProcessResult missing = RunPublish({"check", site.string(), "--out", (work / "no/such/report.txt").string()});
  CHECK(missing.exit_code == 2);
  CHECK_FALSE(fs::exists(work / "no"));
  // And a report that can be written replaces the old one whole.
  WriteFile(work / "report.txt", "old report");
  REQUIRE(RunPublish({"check", site.string(), "--out", (work / "report.txt").string()}).exit_code == 0);
  CHECK_THAT(publish::test::ReadFile(work / "report.txt"), Catch::StartsWith("publish: checked "));
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(work.path())) left.push_back(entry.path().filename());
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"broken", "report.txt", "site"});
}

TEST_CASE("CLI: --kiosk-listen records each kiosk page once and keeps the recordings for the next build",
          "[cli][kiosk]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  fs::path out = work / "out";
  auto recordings = [&](const fs::path& folder) {
    std::vector<std::string> names;
    if (fs::exists(folder)) {
      for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  ProcessResult first =
      RunPublish({"build", site.string(), "--out", out.string(), "--channel", "kiosk", "--kiosk-listen"}, {}, 120);
  INFO(first.Describe());
  REQUIRE(first.exit_code == 0);
  CHECK(first.DiagnosticLines().empty());
  auto written = recordings(out / "kiosk/assets/listen");
  CHECK(written.size() == 3);  // three pages
  CHECK(recordings(out / ".publish/recordings") == written);
  CHECK_FALSE(HasStagingLeftovers(out));
  // A changed page is recorded again; the others come from the cache, and
  // the one no page uses any more leaves it.
  WriteFile(site / "content/bins/days.md", "---\ntitle: Collection days\n---\n\n## Tuesday\n\nBins go out.\n");
  ProcessResult second =
      RunPublish({"build", site.string(), "--out", out.string(), "--channel", "kiosk", "--kiosk-listen"}, {}, 120);
  REQUIRE(second.exit_code == 0);
  auto rewritten = recordings(out / "kiosk/assets/listen");
  CHECK(rewritten.size() == 3);
  CHECK(recordings(out / ".publish/recordings") == rewritten);
  std::vector<std::string> kept;
  std::set_intersection(written.begin(), written.end(), rewritten.begin(), rewritten.end(), std::back_inserter(kept));
  CHECK(kept.size() == 2);
  // Without the flag there is no Listen control and no recording.
  REQUIRE(RunPublish({"build", site.string(), "--out", out.string(), "--channel", "kiosk"}).exit_code == 0);
  CHECK_FALSE(fs::exists(out / "kiosk/assets/listen"));
  CHECK(publish::test::ReadFile(out / "kiosk/index.html").find("data-kiosk-listen") == std::string::npos);
}
