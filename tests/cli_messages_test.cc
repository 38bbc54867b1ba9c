// The command line as a newcomer meets it: each mistake gives one line that
// says what to write instead; check finds its site as render does; on a
// terminal diagnostics show their source line, piped the contract's line.
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli/common.h"
#include "libpublish/base/text.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using publish::test::ProcessResult;
using publish::test::ReadTree;
using publish::test::RunPublish;
using publish::test::SplitLines;
using publish::test::TempDir;
using publish::test::WriteFile;
using Strings = std::vector<std::string>;

namespace {

void WriteSmallSite(const fs::path& site) {
  WriteFile(site / "site.yaml", "title: Smallton Council\nbase_url: https://www.smallton.example.gov.uk/\n");
  WriteFile(site / "content/_index.md", "---\ntitle: Smallton Council\n---\n\nSee [bins](bins/_index.md).\n");
  WriteFile(site / "content/bins/_index.md", "---\ntitle: Bins\n---\n\n[Days](days.md)\n");
  WriteFile(site / "content/bins/days.md", "---\ntitle: Collection days\n---\n\n## Monday\n\nBins go out.\n");
}

// A page with two errors: a body h1 (line 5) and, after a tab, a broken link (line 7, column 24).
void WriteBrokenPage(const fs::path& site) {
  WriteFile(site / "content/bins/bad.md",
            "---\ntitle: Bad\n---\n\n# Top heading\n\nSee [the\tmissing page](nowhere.md) for more.\n");
}

// Runs publish on a pseudo-terminal (util-linux script), as a person would;
// the terminal's CRLF line ends become LF.
ProcessResult RunOnTerminal(const std::string& command_line, std::map<std::string, std::string> env) {
  env.emplace("SOURCE_DATE_EPOCH", publish::test::kSourceDateEpoch);
  ProcessResult result = publish::test::Run(
      {"/usr/bin/script", "-qec", publish::test::PublishBinary().string() + " " + command_line, "/dev/null"}, env);
  std::string clean;
  for (char c : result.out) {
    if (c != '\r') clean += c;
  }
  result.out = clean;
  return result;
}

}  // namespace

TEST_CASE("CLI messages: each command-line mistake gives one line that says what to write", "[cli][messages]") {
  TempDir site;
  WriteSmallSite(site.path());
  auto before = ReadTree(site.path());
  struct Case {
    Strings arguments;
    std::string message;
  };
  const std::vector<Case> cases{
      {{"buidl"},
       "publish: unknown command 'buidl' (did you mean 'build'?); the commands are build, check, render, "
       "new and serve (publish --help says what each does)"},
      {{"chek", "."},
       "publish: unknown command 'chek' (did you mean 'check'?); the commands are build, check, render, "
       "new and serve (publish --help says what each does)"},
      {{"serv"},
       "publish: unknown command 'serv' (did you mean 'serve'?); the commands are build, check, render, "
       "new and serve (publish --help says what each does)"},
      {{"serve", "--prot", "8080"}, "publish serve: unknown option '--prot' (did you mean '--port'?)"},
      {{}, "publish: name a command: build, check, render, new or serve (publish --help says what each does)"},
      {{"build", "--chanel", "public"}, "publish build: unknown option '--chanel' (did you mean '--channel'?)"},
      {{"build", "--frobnicate"},
       "publish build: unknown option '--frobnicate'; publish build --help lists the options"},
      {{"check", "--formt", "json"}, "publish check: unknown option '--formt' (did you mean '--format'?)"},
      {{"build", "--jobs", "abc"},
       "publish build: --jobs expects a whole number from 1 to 256 (such as --jobs 2), not 'abc'"},
      {{"build", "--jobs", "0"},
       "publish build: --jobs expects a whole number from 1 to 256 (such as --jobs 2), not '0'"},
      {{"build", "--jobs"}, "publish build: --jobs needs a value: --jobs N"},
      {{"check", "--format", "yaml"}, "publish check: --format expects text, json, junit, sarif or github, not 'yaml'"},
      {{"check", "--format", "jsn"},
       "publish check: --format expects text, json, junit, sarif or github, not 'jsn' (did you mean 'json'?)"},
      {{"check", "--jobs", "2"}, "publish check: --jobs is an option of publish build, not of publish check"},
      {{"--strict", "build"},
       "publish: --strict is an option of publish build and check; write it after the command: publish build --strict"},
      {{"build", "--channel", "public", "text"},
       "publish: the site folder does not exist: text; 'text' is a channel: write --channel before each channel's "
       "name (--channel public --channel text)"},
      {{"check", "content/bins/days.md"},
       "publish: content/bins/days.md is a file; publish check takes the site folder: publish check " +
           site.path().string()},
      {{"build", "one", "two"}, "publish build: 'two' is one argument too many: the SITE is 'one' already"},
      {{"new", "page", "content/bins/garden-waste.md", "--title", "Garden", "waste"},
       "publish new: 'waste' is one argument too many; a title with spaces goes in quotes: --title \"Garden waste\""},
      {{"new", "page", "content/bins/garden-waste.md", "extra", "--title", "Garden"},
       "publish new: 'extra' is one argument too many: publish new takes TYPE PATH (publish new --help lists them)"},
      {{"render", "content/_index.md", "more.md", "--channel", "public"},
       "publish render: 'more.md' is one argument too many: the FILE is 'content/_index.md' already"},
      {{"render", "content/_index.md"},
       "publish render: --channel is required; publish render --help says what it takes"},
  };
  for (const auto& [arguments, message] : cases) {
    ProcessResult result = RunPublish(arguments, {}, 30, site.path());
    INFO(result.Describe());
    CHECK(result.exit_code == 2);
    CHECK(SplitLines(result.err) == Strings{message});
    CHECK(result.out.empty());
  }
  CHECK(publish::test::TreeDifference(before, ReadTree(site.path())) == "");
}

TEST_CASE("CLI messages: --channel takes one name, so the site after it is the site", "[cli][messages]") {
  TempDir site;
  WriteSmallSite(site.path());
  ProcessResult one = RunPublish({"build", "--channel", "text", site.path().string()}, {}, 60);
  INFO(one.Describe());
  REQUIRE(one.exit_code == 0);
  CHECK(fs::exists(site / "_site/text/index.txt"));
  CHECK_FALSE(fs::exists(site / "_site/public"));
  TempDir out;
  ProcessResult two = RunPublish(
      {"build", "--channel", "text,audio", "--channel", "public", site.path().string(), "--out", out.path().string()},
      {}, 60);
  INFO(two.Describe());
  REQUIRE(two.exit_code == 0);
  CHECK(fs::exists(out / "text/index.txt"));
  CHECK(fs::exists(out / "audio/index.ssml"));
  CHECK(fs::exists(out / "public/index.html"));
  CHECK_FALSE(fs::exists(out / "kiosk"));
}

TEST_CASE("CLI messages: check and build find site.yaml in the folders above, and name the folder without one",
          "[cli][messages]") {
  TempDir site;
  WriteSmallSite(site.path());
  WriteBrokenPage(site.path());
  ProcessResult check = RunPublish({"check"}, {}, 60, site / "content/bins");
  INFO(check.Describe());
  CHECK(check.exit_code == 1);
  CHECK(check.ReportLines() == Strings{"content/bins/bad.md:5:1: error: the page title is the only level 1 heading; "
                                       "start body headings at ## (level 2) [body-h1]",
                                       "content/bins/bad.md:7:24: error: link target 'nowhere.md' does not exist "
                                       "[broken-link]"});
  fs::remove(site / "content/bins/bad.md");
  ProcessResult build = RunPublish({"build", "--channel", "public"}, {}, 60, site / "content");
  INFO(build.Describe());
  CHECK(build.exit_code == 0);
  CHECK(fs::exists(site / "_site/public/index.html"));

  TempDir nowhere;
  ProcessResult lost = RunPublish({"check"}, {}, 30, nowhere.path());
  INFO(lost.Describe());
  CHECK(lost.exit_code == 2);
  CHECK(lost.out.empty());
  CHECK(SplitLines(lost.err) ==
        Strings{"publish: no site.yaml in " + nowhere.path().string() +
                " or any folder above it; run publish check in a site folder (one holding site.yaml and content/), "
                "or name one: publish check SITE [missing-site-config]"});
  // A folder named on the command line is taken as it is, and the site above it is named.
  ProcessResult inside = RunPublish({"check", "content"}, {}, 30, site.path());
  INFO(inside.Describe());
  CHECK(inside.exit_code == 2);
  CHECK(SplitLines(inside.err) ==
        Strings{"publish: no site.yaml in content, so it is not a site folder (one holding site.yaml and content/); "
                "the site above it is " +
                site.path().string() + ": publish check " + site.path().string() + " [missing-site-config]"});
}

TEST_CASE("CLI messages: on a terminal a diagnostic shows its line and a caret, and piped the contract's line alone",
          "[cli][messages]") {
  TempDir site;
  WriteSmallSite(site.path());
  WriteBrokenPage(site.path());
  const Strings contract{
      "content/bins/bad.md:5:1: error: the page title is the only level 1 heading; start body headings at ## (level "
      "2) [body-h1]",
      "content/bins/bad.md:7:24: error: link target 'nowhere.md' does not exist [broken-link]"};
  const Strings excerpted{contract[0],
                          " 5 | # Top heading",
                          "   | ^",
                          contract[1],
                          " 7 | See [the missing page](nowhere.md) for more.",
                          "   |                        ^"};
  std::string site_folder = site.path().string();

  ProcessResult piped = RunPublish({"check", site_folder}, {{"TERM", "xterm"}}, 60);
  CHECK(piped.ReportLines() == contract);
  ProcessResult piped_build = RunPublish({"build", site_folder}, {{"TERM", "xterm"}}, 60);
  CHECK(piped_build.DiagnosticLines() == contract);

  ProcessResult plain = RunOnTerminal("check " + site_folder, {{"TERM", "xterm"}, {"NO_COLOR", "1"}});
  INFO(plain.Describe());
  CHECK(plain.exit_code == 1);
  Strings lines = SplitLines(plain.out);
  REQUIRE_FALSE(lines.empty());
  lines.pop_back();  // the summary
  CHECK(lines == excerpted);

  // build writes its diagnostics to stderr, which is the terminal too.
  ProcessResult build = RunOnTerminal("build " + site_folder, {{"TERM", "xterm"}, {"NO_COLOR", "1"}});
  INFO(build.Describe());
  CHECK(build.exit_code == 1);
  lines = SplitLines(build.out);
  REQUIRE_FALSE(lines.empty());
  lines.pop_back();
  CHECK(lines == excerpted);

  ProcessResult colour = RunOnTerminal("check " + site_folder, {{"TERM", "xterm"}, {"NO_COLOR", ""}});
  INFO(colour.Describe());
  CHECK_THAT(colour.out, Catch::Contains("\033[1;31merror:\033[0m"));
  CHECK_THAT(colour.out, Catch::Contains("   |                        \033[1;32m^\033[0m\n"));

  ProcessResult dumb = RunOnTerminal("check " + site_folder, {{"TERM", "dumb"}});
  INFO(dumb.Describe());
  lines = SplitLines(dumb.out);
  REQUIRE_FALSE(lines.empty());
  lines.pop_back();
  CHECK(lines == contract);
}

TEST_CASE("CLI messages: an excerpt of a long line is a window around the caret, escaped", "[cli][messages]") {
  TempDir site;
  std::string long_line = std::string(200, 'a') + "X" + std::string(200, 'b');
  WriteFile(site / "content/page.md", "---\ntitle: T\n---\n\n" + long_line + "\n\x1b[31mred\n");
  publish::cli::DiagnosticStyle style;
  style.excerpt = true;
  style.width = 60;
  publish::cli::DiagnosticFormatter formatter(site.path(), style);
  publish::Diagnostic at_x{publish::Severity::kError, {"content/page.md", 5, 201}, "here", "broken-link"};
  Strings lines = SplitLines(formatter.Format(at_x));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "content/page.md:5:201: error: here [broken-link]");
  CHECK(publish::DisplayWidth(lines[1]) <= 60);
  size_t caret = lines[2].find('^');
  REQUIRE(caret != std::string::npos);
  // The caret stands under the X, counted in columns ("…" is one column, three bytes).
  std::string shown = lines[1].substr(5);
  size_t x = shown.find('X');
  REQUIRE(x != std::string::npos);
  CHECK(publish::DisplayWidth(shown.substr(0, x)) == static_cast<int>(caret - 5));
  CHECK_THAT(lines[1], Catch::StartsWith(" 5 | …a"));
  CHECK_THAT(lines[1], Catch::EndsWith("b…"));

  publish::Diagnostic escape{publish::Severity::kWarning, {"content/page.md", 6, 2}, "here", "control-character"};
  lines = SplitLines(formatter.Format(escape));
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == " 6 | \\x1b[31mred");
  CHECK(lines[2] == "   |     ^");  // under the '[' after the escaped ESC
  // No excerpt for a whole-file diagnostic, a line past the end, or a file outside the site.
  for (const publish::SourcePosition& at :
       {publish::SourcePosition{"content/page.md", 0, 0}, publish::SourcePosition{"content/page.md", 99, 1},
        publish::SourcePosition{"../page.md", 1, 1}}) {
    CHECK(SplitLines(formatter.Format({publish::Severity::kError, at, "here", "broken-link"})).size() == 1);
  }
}
