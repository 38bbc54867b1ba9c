// Hostile and huge input through the real binary: each page either builds
// or gets a positioned error, and nothing crashes or hangs.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <regex>

#include "tests/test_support.h"

namespace fs = std::filesystem;
using publish::test::ProcessResult;
using publish::test::RunPublish;
using publish::test::TempDir;
using publish::test::WriteFile;
using Strings = std::vector<std::string>;

namespace {

// A hang is far past either: sanitized builds run several times slower.
#ifdef PUBLISH_SANITIZED
constexpr int kTimeoutSeconds = 100;
#else
constexpr int kTimeoutSeconds = 30;
#endif

std::string Repeat(const std::string& text, size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// Builds a site holding a home page and `page` at content/<name>; returns
// the run after checking it neither crashed nor hung, and that every
// diagnostic it printed is positioned in a file.
ProcessResult BuildWith(const std::string& name, const std::string& page) {
  TempDir work;
  WriteFile(work / "site/site.yaml", "title: Edgeton Council\nbase_url: https://www.edgeton.example.gov.uk/\n");
  WriteFile(work / "site/content/_index.md", "---\ntitle: Edgeton Council\n---\n\nWelcome.\n");
  WriteFile(work / "site/content" / name, page);
  auto started = std::chrono::steady_clock::now();
  ProcessResult result = RunPublish(
      {"build", (work / "site").string(), "--out", (work / "out").string(), "--jobs", "2"}, {}, kTimeoutSeconds);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(name << " took " << seconds << " s\n" << result.Describe().substr(0, 4000));
  CHECK_FALSE(result.timed_out);
  CHECK(result.signal == 0);
  CHECK((result.exit_code == 0 || result.exit_code == 1));
  static const std::regex kPositioned(R"(content/[^:]+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\])");
  for (const auto& line : result.DiagnosticLines()) {
    INFO(line.substr(0, 300));
    CHECK(std::regex_match(line, kPositioned));
  }
  if (result.exit_code == 0) CHECK(fs::exists(work / "out/public/index.html"));
  return result;
}

std::string Page(const std::string& body) { return "---\ntitle: Edge case\n---\n\n" + body; }

}  // namespace

TEST_CASE("Robustness: a 5 MB page builds", "[robustness]") {
  std::string paragraph =
      Repeat("Residents can check bin days, pay council tax and report problems online. ", 12) + "\n\n";
  std::string body;
  for (int section = 1; body.size() < 5 * 1024 * 1024; ++section) {
    body += "## Section " + std::to_string(section) + "\n\n" + Repeat(paragraph, 5) + "- a list item\n- another\n\n";
  }
  ProcessResult result = BuildWith("big.md", Page(body));
  CHECK(result.exit_code == 0);
}

TEST_CASE("Robustness: 10,000-deep nested lists get a positioned error", "[robustness]") {
  ProcessResult result = BuildWith("lists.md", Page(Repeat("- ", 10000) + "deep\n"));
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{"content/lists.md:5:199: error: content is nested more than 200 levels deep; flatten the lists or "
                "quotes [too-deep]"});
}

TEST_CASE("Robustness: 10,000-deep nested lists by indentation", "[robustness]") {
  // Each level indented two more spaces: about 100 MB would be too much, so
  // 2,000 levels (4 MB) make the same point.
  std::string body;
  for (size_t level = 0; level < 2000; ++level) body += std::string(level * 2, ' ') + "- item\n";
  ProcessResult result = BuildWith("indented.md", Page(body));
  CHECK(result.exit_code == 1);
  REQUIRE(result.DiagnosticLines().size() == 1);
  CHECK_THAT(result.DiagnosticLines()[0], Catch::EndsWith("[too-deep]"));
}

TEST_CASE("Robustness: 10,000-deep blockquotes get a positioned error", "[robustness]") {
  ProcessResult result = BuildWith("quotes.md", Page(Repeat("> ", 10000) + "deep\n"));
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{"content/quotes.md:5:399: error: content is nested more than 200 levels deep; flatten the lists or "
                "quotes [too-deep]"});
}

TEST_CASE("Robustness: blockquotes nested one per line", "[robustness]") {
  std::string body;
  for (size_t level = 1; level <= 3000; ++level) body += std::string(level, '>') + " line\n";
  ProcessResult result = BuildWith("quote-lines.md", Page(body));
  CHECK(result.exit_code == 1);
}

TEST_CASE("Robustness: 100,000 open brackets build", "[robustness]") {
  CHECK(BuildWith("brackets.md", Page(Repeat("[", 100000) + "\n")).exit_code == 0);
  CHECK(BuildWith("pairs.md", Page(Repeat("[", 50000) + Repeat("]", 50000) + "\n")).exit_code == 0);
  CHECK(BuildWith("links.md", Page(Repeat("[a](", 30000) + "\n")).exit_code == 0);
  CHECK(BuildWith("images.md", Page(Repeat("![", 50000) + "\n")).exit_code == 0);
}

TEST_CASE("Robustness: pathological inline markup builds", "[robustness]") {
  CHECK(BuildWith("emphasis.md", Page(Repeat("*a **a ", 30000) + "\n")).exit_code == 0);
  CHECK(BuildWith("backticks.md", Page(Repeat("`", 50000) + "x\n")).exit_code == 0);
  CHECK(BuildWith("underscores.md", Page(Repeat("_", 100000) + "\n")).exit_code == 0);
  CHECK(BuildWith("angles.md", Page(Repeat("&lt;", 20000) + Repeat("\\<", 20000) + "\n")).exit_code == 0);
  CHECK(BuildWith("long-line.md", Page(std::string(2 * 1024 * 1024, 'x') + "\n")).exit_code == 0);
}

TEST_CASE("Robustness: a wide and a long table build", "[robustness]") {
  std::string wide = "|" + Repeat(" h |", 2000) + "\n|" + Repeat(" - |", 2000) + "\n|" + Repeat(" c |", 2000) + "\n";
  CHECK(BuildWith("wide.md", Page("## Wide\n\n" + wide)).exit_code == 0);
  std::string tall = "| a | b |\n| - | - |\n" + Repeat("| 1 | 2 |\n", 50000);
  CHECK(BuildWith("tall.md", Page("## Tall\n\n" + tall)).exit_code == 0);
}

TEST_CASE("Robustness: many headings with the same name get distinct ids", "[robustness]") {
  CHECK(BuildWith("headings.md", Page(Repeat("## Same\n\n", 5000))).exit_code == 0);
}

TEST_CASE("Robustness: hostile front matter gets a positioned error", "[robustness]") {
  ProcessResult deep = BuildWith("deep-yaml.md", "---\ntitle: x\nextra: " + Repeat("[", 100000) + "\n---\n");
  CHECK(deep.exit_code == 1);
  CHECK(deep.DiagnosticLines() ==
        Strings{"content/deep-yaml.md:2:1: error: yaml is nested more than 64 levels deep [yaml-too-deep]"});
  ProcessResult huge = BuildWith("huge-yaml.md", "---\ntitle: x\nextra: " + std::string(300 * 1024, 'y') + "\n---\n");
  CHECK(huge.exit_code == 1);
  ProcessResult unclosed = BuildWith("unclosed.md", "---\n" + Repeat("title: x\n", 10000));
  CHECK(unclosed.exit_code == 1);
}

TEST_CASE("Robustness: a page that is only front matter builds", "[robustness]") {
  CHECK(BuildWith("only.md", "---\ntitle: Only front matter\n---\n").exit_code == 0);
  CHECK(BuildWith("only-no-newline.md", "---\ntitle: Only front matter\n---").exit_code == 0);
}

TEST_CASE("Robustness: an empty file gets a positioned error", "[robustness]") {
  ProcessResult result = BuildWith("empty.md", "");
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{"content/empty.md:1:1: error: the page is empty; start it with front matter: ---, title: ..., --- "
                "[empty-page]"});
}

TEST_CASE("Robustness: binary junk as a page gets a positioned error", "[robustness]") {
  std::string junk;
  for (int i = 0; i < 65536; ++i) junk += static_cast<char>((i * 7919) & 0xFF);
  ProcessResult result = BuildWith("junk.md", junk);
  CHECK(result.exit_code == 1);
  REQUIRE(result.DiagnosticLines().size() == 1);
  CHECK_THAT(result.DiagnosticLines()[0],
             Catch::EndsWith("[missing-front-matter]") || Catch::EndsWith("[invalid-utf8]"));
}
