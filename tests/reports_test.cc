// Diagnostics and reports stay well-formed whatever the input: one line per
// diagnostic with nothing a terminal obeys, JSON a strict parser takes, and
// JUnit that is XML 1.0, for any bytes in file names, keys and values.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/text.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace publish;
using Strings = std::vector<std::string>;

namespace {

// A site whose file names, keys and values hold newlines, escapes, invalid
// UTF-8 and the characters that end JSON strings and XML markup.
void WriteHostileSite(const fs::path& site) {
  test::WriteFile(site / "site.yaml", "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n");
  test::WriteFile(site / "content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
  const std::string page = "---\ntitle: A page\n---\n\nText.\n";
  test::WriteFile(site / "content/new\nline.md", page);
  test::WriteFile(site / "content/esc\x1b[31m.md", page);
  test::WriteFile(site / "content/bad\xff.md", page);
  test::WriteFile(site / "content/next\xC2\x85line.md", page);
  test::WriteFile(site / "content/q\"<]]>&.md", page);
  test::WriteFile(site / "content/keys.md",
                  "---\ntitle: Keys\n"
                  "\"bad\\ekey\\ncontent/forged.md:1:1: error: forged [x]\": 1\n"
                  "\"]]><x>\\\"&\": 2\n"
                  "type: \"serv\\nice\\e[2J\"\n"
                  "---\n\nText \x1b[31mred\x1b[0m.\n");
}

bool IsOneDiagnosticLine(const std::string& line) {
  static const std::regex kLine(R"(^[^:]+(:\d+:\d+)?: (error|warning): .+ \[[a-z0-9-]+\]$)");
  return std::regex_match(line, kLine);
}

// Nothing that moves a terminal's cursor or colours its text, and valid UTF-8.
void CheckInert(const std::string& name, const std::string& text) {
  INFO(name << ":\n" << text);
  CHECK(FindInvalidUtf8(text) == std::string::npos);
  CHECK(FindForbiddenCharacters(text, 1).empty());
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') FAIL("control character " << int(c));
  }
}

}  // namespace

TEST_CASE("Reports: a diagnostic is one line whatever its parts hold", "[reports]") {
  Diagnostic d{
      Severity::kError,
      {"content/a\nb\x1b[2J\xff\xC3.md", 3, 4},
      "unknown key 'k\r\ncontent/x.md:1:1: error: forged'\t\x07 \xC2\x85 \xE2\x80\xAE \xE2\x80\xA8 \xEF\xBF\xBE ok",
      "id\n"};
  CHECK(FormatDiagnostic(d) ==
        "content/a\\nb\\x1b[2J\\xff\\xc3.md:3:4: error: unknown key 'k\\r\\ncontent/x.md:1:1: error: forged'\\t\\x07 "
        "\\u0085 \\u202e \\u2028 \\ufffe ok [id\\n]");
  // Ordinary text, Welsh and emoji included, is shown as it is.
  Diagnostic plain{Severity::kWarning, {"content/gwasanaethau.md", 1, 1}, "'Dydd Llun' – ŵ 😀 \\ ok", "x"};
  CHECK(FormatDiagnostic(plain) == "content/gwasanaethau.md:1:1: warning: 'Dydd Llun' – ŵ 😀 \\ ok [x]");
}

TEST_CASE("Reports: text, JSON and JUnit stay well-formed for hostile names and keys", "[reports][cli]") {
  test::TempDir work;
  fs::path site = work / "site";
  WriteHostileSite(site);

  auto text = test::RunPublish({"check", site.string()});
  INFO(text.Describe());
  CHECK(text.exit_code == 1);
  CheckInert("text report", text.out);
  CheckInert("stderr", text.err);
  Strings lines = test::SplitLines(text.out);
  for (const auto& line : lines) {
    INFO(line);
    CHECK(IsOneDiagnosticLine(line));
  }
  // The forged line stays inside its diagnostic.
  for (const auto& line : lines) CHECK(line.rfind("content/forged.md", 0) != 0);
  CHECK_THAT(text.out, Catch::Contains("content/new\\nline.md: error:"));
  CHECK_THAT(text.out, Catch::Contains("content/esc\\x1b[31m.md: error:"));
  CHECK_THAT(text.out, Catch::Contains("content/bad\\xff.md: error: the file name is not valid UTF-8"));
  CHECK_THAT(text.out, Catch::Contains("content/next\\u0085line.md: error: the file name holds the control character"));
  CHECK_THAT(text.out, Catch::Contains("\\ncontent/forged.md:1:1: error: forged [x]' in front matter"));
  // The summary on stderr counts exactly the lines of the report.
  REQUIRE(test::SplitLines(text.err).size() == 1);
  CHECK_THAT(text.err, Catch::Contains(": " + std::to_string(lines.size()) + " errors, 0 warnings"));

  fs::path json = work / "report.json";
  auto json_run = test::RunPublish({"check", site.string(), "--format", "json", "--out", json.string()});
  INFO(json_run.Describe());
  CHECK(json_run.exit_code == 1);
  std::string report = test::ReadFile(json);
  CheckInert("JSON report", report);
  // A strict parser: Python's, reading the bytes as UTF-8.
  auto parsed = test::Run({"/usr/bin/python3", "-c",
                           "import json,sys\n"
                           "d = json.load(open(sys.argv[1], encoding='utf-8', errors='strict'))\n"
                           "print(len(d['diagnostics']))\n"
                           "for x in d['diagnostics']: print(ascii(x['file']))\n",
                           json.string()});
  INFO(parsed.Describe());
  REQUIRE(parsed.exit_code == 0);
  Strings parsed_lines = test::SplitLines(parsed.out);
  REQUIRE_FALSE(parsed_lines.empty());
  CHECK(parsed_lines.front() == std::to_string(lines.size()));
  // A file name the listing refuses is shown as the text report shows it.
  CHECK(std::count(parsed_lines.begin(), parsed_lines.end(), "'content/new\\\\nline.md'") == 1);
  CHECK(std::count(parsed_lines.begin(), parsed_lines.end(), "'content/bad\\\\xff.md'") == 1);
  auto ours = test::ParseJson(report);
  CHECK(ours.has_value());

  fs::path junit = work / "report.xml";
  auto junit_run = test::RunPublish({"check", site.string(), "--format", "junit", "--out", junit.string()});
  INFO(junit_run.Describe());
  CHECK(junit_run.exit_code == 1);
  std::string xml = test::ReadFile(junit);
  CheckInert("JUnit report", xml);
  CHECK(xml.find("&#x1b;") == std::string::npos);
  CHECK(xml.find("]]>") == std::string::npos);
  REQUIRE(fs::exists("/usr/bin/xmllint"));  // scripts/setup installs it
  auto lint = test::Run({"/usr/bin/xmllint", "--noout", junit.string()});
  INFO(lint.Describe());
  CHECK(lint.exit_code == 0);
  CHECK_THAT(xml, Catch::Contains("name=\"content/q&quot;&lt;]]&gt;&amp;.md\""));
  CHECK_THAT(xml, Catch::Contains("name=\"content/esc\\x1b[31m.md\""));
}

TEST_CASE("Reports: build prints one line per diagnostic and the summary", "[reports][cli]") {
  test::TempDir work;
  fs::path site = work / "site";
  WriteHostileSite(site);
  auto check = test::RunPublish({"check", site.string()});
  auto build = test::RunPublish({"build", site.string(), "--out", (work / "out").string()});
  INFO(build.Describe());
  CHECK(build.exit_code == 1);
  CheckInert("stderr", build.err);
  Strings lines = test::SplitLines(build.err);
  REQUIRE(lines.size() == test::SplitLines(check.out).size() + 1);
  for (size_t i = 0; i + 1 < lines.size(); ++i) CHECK(IsOneDiagnosticLine(lines[i]));
  CHECK_THAT(lines.back(), Catch::StartsWith("publish: build failed"));
}

TEST_CASE("Reports: check echoes its arguments and environment escaped", "[reports][cli]") {
  auto missing = test::RunPublish({"check", "/no/such\x1b[31m\nsite"});
  INFO(missing.Describe());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "publish: the site folder does not exist: /no/such\\x1b[31m\\nsite\n");
  auto epoch = test::RunPublish({"check", test::SourceDir().string()}, {{"SOURCE_DATE_EPOCH", "1\x1b[2J"}});
  INFO(epoch.Describe());
  CHECK(epoch.exit_code == 2);
  CheckInert("stderr", epoch.err);
  CHECK_THAT(epoch.err, Catch::Contains("not '1\\x1b[2J'"));
}

TEST_CASE("Reports: every check id in the registry is unique, well-formed and described", "[reports][checks]") {
  static const std::regex kId("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  std::set<std::string_view> ids;
  std::string_view previous;
  for (const Check* check : AllChecks()) {
    INFO(check->id);
    CHECK(std::regex_match(std::string(check->id), kId));
    CHECK(ids.insert(check->id).second);
    CHECK(previous < check->id);  // sorted: FindCheck searches it
    previous = check->id;
    CHECK_FALSE(check->description.empty());
    CHECK_FALSE(check->help.empty());
    CHECK(FindCheck(check->id) == check);
  }
  CHECK(FindCheck("no-such-check") == nullptr);
  // Every constant the header defines is in the list.
  std::string header = test::ReadFile(test::SourceDir() / "libpublish/base/check_ids.h");
  static const std::regex kConstant(R"re(inline constexpr Check k\w+\s*\{\s*"([^"]+)")re");
  size_t constants = 0;
  for (std::sregex_iterator it(header.begin(), header.end(), kConstant), end; it != end; ++it, ++constants) {
    INFO((*it)[1].str());
    CHECK(FindCheck((*it)[1].str()) != nullptr);
  }
  CHECK(constants == AllChecks().size());
}

TEST_CASE("Reports: no call site names a check by a bare string", "[reports][checks]") {
  // Diagnostics::Error and Warning take a Check, which a string literal does
  // not convert to; this catches a Check made up on the spot instead.
  static const std::regex kMadeUp(R"re(Check\s*\{\s*"|Check\s*\(\s*")re");
  for (const char* folder : {"libpublish", "channels", "cli"}) {
    for (const auto& entry : fs::recursive_directory_iterator(test::SourceDir() / folder)) {
      std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.rfind("check_ids.", 0) == 0) continue;
      std::string source = test::ReadFile(entry.path());
      INFO(entry.path().string());
      CHECK_FALSE(std::regex_search(source, kMadeUp));
    }
  }
}
