// Fixture sites for bad input, one folder per class under
// tests/fixtures/bad/<class>/. Each holds `expected.txt`: the exact
// diagnostic lines `publish build` prints to stderr, in the order it prints
// them. The real binary runs on each; stderr and the exit code must match.
//
// After an intended change to messages, regenerate with
//   UPDATE_GOLDEN=1 build/tests/unit_tests '[fixtures]'
// and review `git diff tests/fixtures` line by line before committing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "tests/test_support.h"

namespace fs = std::filesystem;
using publish::test::ProcessResult;
using publish::test::RunPublish;
using publish::test::SplitLines;
using publish::test::TempDir;
using Strings = std::vector<std::string>;

namespace {

fs::path BadDir() { return publish::test::TestsDir() / "fixtures" / "bad"; }

const std::set<std::string>& TestedClasses() {
  static const std::set<std::string> classes{"front-matter", "service",  "links",     "markdown",  "visibility",
                                             "aliases",      "encoding", "structure", "site-yaml", "site-yaml-unusable",
                                             "output-paths", "bilingual"};
  return classes;
}

void CheckFixture(const std::string& name) {
  fs::path site = BadDir() / name;
  REQUIRE(fs::is_directory(site));
  TempDir out;
  ProcessResult result = RunPublish({"build", site.string(), "--out", out.path().string(), "--jobs", "2"});
  INFO("fixture " << name << "\n" << result.Describe());
  REQUIRE_FALSE(result.timed_out);
  Strings lines = result.DiagnosticLines();
  fs::path expected_file = site / "expected.txt";
  if (publish::test::UpdateGolden()) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    publish::test::WriteFile(expected_file, text);
    WARN("rewrote " << expected_file.string() << "; review it with git diff");
  }
  REQUIRE(fs::exists(expected_file));
  Strings expected = SplitLines(publish::test::ReadFile(expected_file));
  CHECK(lines == expected);
  CHECK(result.exit_code == 1);
  REQUIRE_FALSE(SplitLines(result.err).empty());
  CHECK_THAT(SplitLines(result.err).back(), Catch::StartsWith("publish: build failed in "));
  CHECK_THAT(SplitLines(result.err).back(), Catch::EndsWith("; the previous output is unchanged"));
  // Nothing is written for a failed build.
  CHECK(publish::test::ReadTree(out.path()).empty());
  // The site folder is left as it was: no _site inside it.
  CHECK_FALSE(fs::exists(site / "_site"));

  // `publish check` reports the same problems on stdout.
  ProcessResult check = RunPublish({"check", site.string(), "--all"});
  INFO("publish check\n" << check.Describe());
  CHECK(check.ReportLines() == expected);
  CHECK(check.exit_code == 1);
}

}  // namespace

TEST_CASE("Fixtures: every bad-input folder has a test", "[fixtures]") {
  std::set<std::string> found;
  for (const auto& entry : fs::directory_iterator(BadDir())) {
    if (entry.is_directory()) found.insert(entry.path().filename().string());
  }
  CHECK(found == TestedClasses());
}

TEST_CASE("Fixtures: front-matter", "[fixtures]") { CheckFixture("front-matter"); }
TEST_CASE("Fixtures: service", "[fixtures]") { CheckFixture("service"); }
TEST_CASE("Fixtures: links", "[fixtures]") { CheckFixture("links"); }
TEST_CASE("Fixtures: markdown", "[fixtures]") { CheckFixture("markdown"); }
TEST_CASE("Fixtures: visibility", "[fixtures]") { CheckFixture("visibility"); }
TEST_CASE("Fixtures: aliases", "[fixtures]") { CheckFixture("aliases"); }
TEST_CASE("Fixtures: encoding", "[fixtures]") { CheckFixture("encoding"); }
TEST_CASE("Fixtures: structure", "[fixtures]") { CheckFixture("structure"); }
TEST_CASE("Fixtures: site-yaml", "[fixtures]") { CheckFixture("site-yaml"); }
TEST_CASE("Fixtures: site-yaml-unusable", "[fixtures]") { CheckFixture("site-yaml-unusable"); }
TEST_CASE("Fixtures: output-paths", "[fixtures]") { CheckFixture("output-paths"); }

TEST_CASE("Fixtures: a missing site folder is a usage error", "[fixtures][cli]") {
  TempDir out;
  ProcessResult result = RunPublish({"build", (BadDir() / "no-such-site").string(), "--out", out.path().string()});
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("the site folder does not exist"));
  CHECK(publish::test::ReadTree(out.path()).empty());
}

TEST_CASE("Fixtures: a folder without site.yaml is a usage error", "[fixtures][cli]") {
  TempDir site;
  TempDir out;
  publish::test::WriteFile(site / "content/_index.md", "---\ntitle: Home\n---\n");
  ProcessResult result = RunPublish({"build", site.path().string(), "--out", out.path().string()});
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("[missing-site-config]"));
}

TEST_CASE("Fixtures: an unknown option is a usage error", "[fixtures][cli]") {
  for (const Strings& arguments : {Strings{"build", "--frobnicate"}, Strings{"check", "--format", "yaml"},
                                   Strings{"build", "--jobs", "0"}, Strings{"nosuchcommand"}, Strings{}}) {
    ProcessResult result = RunPublish(arguments);
    INFO(result.Describe());
    CHECK(result.exit_code == 2);
  }
}

TEST_CASE("Fixtures: an unknown channel is a usage error", "[fixtures][cli]") {
  TempDir out;
  ProcessResult result =
      RunPublish({"build", (BadDir() / "links").string(), "--out", out.path().string(), "--channel", "nosuch"});
  INFO(result.Describe());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Catch::Contains("unknown channel 'nosuch'"));
  ProcessResult typo =
      RunPublish({"build", (BadDir() / "links").string(), "--out", out.path().string(), "--channel", "pubic"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("(did you mean 'public'?)"));
}
TEST_CASE("Fixtures: bilingual", "[fixtures]") { CheckFixture("bilingual"); }
