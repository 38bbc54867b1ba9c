// Diagnostics and reports stay well-formed whatever the input: one line per
// diagnostic with nothing a terminal obeys, JSON a strict parser takes, and
// JUnit that is XML 1.0, for any bytes in file names, keys and values.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>

#include "cli/check_reports.h"
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
  Strings lines = text.ReportLines();
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
  // The summary, last on stdout and nowhere else, counts exactly the lines above it.
  CHECK(text.err.empty());
  CHECK_THAT(test::SplitLines(text.out).back(),
             Catch::EndsWith(": " + std::to_string(lines.size()) + " errors, 0 warnings"));

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
  REQUIRE(lines.size() == check.ReportLines().size() + 1);
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

namespace {

cli::CheckResult ResultOf(std::vector<Diagnostic> diagnostics, size_t pages = 3) {
  Diagnostics collected;
  for (auto& d : diagnostics) collected.Add(std::move(d));
  cli::CheckResult result;
  result.diagnostics = collected.Sorted();
  result.files = {"site.yaml", "content/_index.md"};
  result.pages = pages;
  return result;
}

Diagnostic Warned(const std::string& file, int line, std::string_view check) {
  return {Severity::kWarning, {file, line, 1}, "a warning", std::string(check)};
}

// Hostile parts in every field a report carries.
std::vector<Diagnostic> HostileDiagnostics() {
  return {
      {Severity::kError, {"content/a\nb\x1b[2J\xff,:%.md", 3, 4}, "bad \r\n::error::forged %0A \x07 \xC3", "raw-html"},
      {Severity::kWarning, {"content/q\"<]]>&.md", 0, 0}, "quote \" and </script>", "insecure-link"},
      {Severity::kError, {"", 0, 0}, "site-wide \xE2\x80\xAE", "missing-content"},
      {Severity::kError, {"content/x.md", 1, 1}, "not in the registry", "made-up"}};
}

}  // namespace

TEST_CASE("Reports: the text report ends with the summary line", "[reports]") {
  std::string text = cli::RenderCheckReport(cli::ReportFormat::kText, ResultOf(HostileDiagnostics()), {});
  CheckInert("text", text);
  Strings lines = test::SplitLines(text);
  REQUIRE(lines.size() == 5);
  // One line per diagnostic (the hostile file name holds a ':', so no regex).
  for (size_t i = 0; i + 1 < lines.size(); ++i)
    CHECK(lines[i] == FormatDiagnostic(ResultOf(HostileDiagnostics()).diagnostics[i]));
  CHECK(lines.back() == "publish: checked 3 pages: 3 errors, 1 warning");
  CHECK(cli::RenderCheckReport(cli::ReportFormat::kText, ResultOf({}, 1), {}) ==
        "publish: checked 1 page: 0 errors, 0 warnings\n");
}

TEST_CASE("Reports: a person sees ten warnings of one check and a note for the rest", "[reports]") {
  std::vector<Diagnostic> many;
  for (int i = 1; i <= 1000; ++i) many.push_back(Warned("content/a.md", i, checks::kInsecureLink.id));
  for (int i = 1; i <= 12; ++i) many.push_back({Severity::kError, {"content/b.md", i, 1}, "an error", "raw-html"});
  many.push_back(Warned("content/c.md", 1, checks::kReviewOverdue.id));
  auto result = ResultOf(many);
  std::string text = cli::RenderCheckReport(cli::ReportFormat::kText, result, {});
  Strings lines = test::SplitLines(text);
  // 10 + 12 errors (never hidden) + 1 + one note + the summary.
  REQUIRE(lines.size() == 10 + 12 + 1 + 1 + 1);
  CHECK(lines[lines.size() - 2] ==
        "<site>: note: 990 more warnings of this check not shown; run publish check --all to see them "
        "[insecure-link]");
  CHECK(std::regex_match(lines[lines.size() - 2], std::regex(R"(^[^:]+: note: .+ \[[a-z0-9-]+\]$)")));
  CHECK(lines.back() == "publish: checked 3 pages: 12 errors, 1001 warnings");
  CHECK(std::count_if(lines.begin(), lines.end(),
                      [](const std::string& l) { return l.find("error:") != std::string::npos; }) == 12);

  cli::ReportOptions all;
  all.show_all = true;
  CHECK(test::SplitLines(cli::RenderCheckReport(cli::ReportFormat::kText, result, all)).size() == 1013 + 1);

  Strings github = test::SplitLines(cli::RenderCheckReport(cli::ReportFormat::kGithub, result, {}));
  REQUIRE(github.size() == 10 + 12 + 1 + 1 + 1);
  CHECK(
      github[github.size() - 2] ==
      "::notice title=insecure-link::990 more warnings [insecure-link] not shown; run publish check --all to see them");
  // The machine formats carry everything.
  auto json = test::ParseJson(cli::RenderCheckReport(cli::ReportFormat::kJson, result, {}));
  REQUIRE(json);
  CHECK(json->at("diagnostics").size() == 1013);
  auto sarif = test::ParseJson(cli::RenderCheckReport(cli::ReportFormat::kSarif, result, {}));
  REQUIRE(sarif);
  CHECK(sarif->at("runs")[0].at("results").size() == 1013);
}

TEST_CASE("Reports: github workflow commands, escaped", "[reports]") {
  std::string out = cli::RenderCheckReport(cli::ReportFormat::kGithub, ResultOf(HostileDiagnostics()), {});
  CheckInert("github", out);
  Strings lines = test::SplitLines(out);
  REQUIRE(lines.size() == 5);
  // Sorted: the site-wide error first (no file), then by file name.
  CHECK(lines[0] == "::error title=missing-content::site-wide \\u202e");
  CHECK(lines[1] ==
        "::error file=content/a\\nb\\x1b[2J\\xff%2C%3A%25.md,line=3,col=4,title=raw-html::bad \\r\\n::error::forged "
        "%250A \\x07 \\xc3");
  CHECK(lines[2] == "::warning file=content/q\"<]]>&.md,title=insecure-link::quote \" and </script>");
  CHECK(lines[3] == "::error file=content/x.md,line=1,col=1,title=made-up::not in the registry");
  CHECK(lines[4] == "::notice::publish: checked 3 pages: 3 errors, 1 warning");
  for (const auto& line : lines) CHECK(line.rfind("::", 0) == 0);
}

TEST_CASE("Reports: SARIF 2.1.0 with a rule for every check", "[reports]") {
  cli::ReportOptions options;
  options.tool_version = "9.8.7";
  std::string out = cli::RenderCheckReport(cli::ReportFormat::kSarif, ResultOf(HostileDiagnostics()), options);
  CheckInert("sarif", out);
  std::string error;
  auto sarif = test::ParseJson(out, &error);
  INFO(error);
  REQUIRE(sarif);
  CHECK(sarif->at("$schema") == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(sarif->at("version") == "2.1.0");
  REQUIRE(sarif->at("runs").size() == 1);
  const Json& run = sarif->at("runs")[0];
  CHECK(run.at("columnKind") == "unicodeCodePoints");
  const Json& driver = run.at("tool").at("driver");
  CHECK(driver.at("name") == "publish");
  CHECK(driver.at("version") == "9.8.7");
  const Json& rules = driver.at("rules");
  REQUIRE(rules.size() == AllChecks().size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const Json& rule = rules[i];
    CHECK(rule.at("id") == AllChecks()[i]->id);
    CHECK_FALSE(rule.at("shortDescription").at("text").get<std::string>().empty());
    CHECK_FALSE(rule.at("fullDescription").at("text").get<std::string>().empty());
    CHECK_FALSE(rule.at("help").at("text").get<std::string>().empty());
    std::string level = rule.at("defaultConfiguration").at("level");
    CHECK((level == "error" || level == "warning"));
  }
  const Json& results = run.at("results");
  REQUIRE(results.size() == 4);
  for (const Json& result : results) {
    INFO(result.dump());
    std::string level = result.at("level");
    CHECK((level == "error" || level == "warning"));
    CHECK(result.at("message").contains("text"));
    if (result.contains("ruleIndex")) {
      CHECK(rules.at(result.at("ruleIndex").get<size_t>()).at("id") == result.at("ruleId"));
    } else {
      CHECK(FindCheck(result.at("ruleId").get<std::string>()) == nullptr);
    }
    if (!result.contains("locations")) continue;
    const Json& physical = result.at("locations")[0].at("physicalLocation");
    std::string uri = physical.at("artifactLocation").at("uri");
    // A relative reference: no scheme, no leading '/', ASCII only.
    CHECK(std::regex_match(uri, std::regex("[A-Za-z0-9._~/%-]+")));
    CHECK(uri.front() != '/');
    if (physical.contains("region")) {
      CHECK(physical.at("region").at("startLine").get<int>() >= 1);
      CHECK(physical.at("region").at("startColumn").get<int>() >= 1);
    }
  }
  // Site-wide: no location; whole-file: no region; the rest: both.
  CHECK_FALSE(results[0].contains("locations"));
  CHECK(results[1].at("locations")[0].at("physicalLocation").at("artifactLocation").at("uri") ==
        "content/a%0Ab%1B%5B2J%FF%2C%3A%25.md");
  CHECK(results[1].at("locations")[0].at("physicalLocation").at("region") ==
        Json{{"startLine", 3}, {"startColumn", 4}});
  CHECK_FALSE(results[2].at("locations")[0].at("physicalLocation").contains("region"));
  CHECK(results[3].at("ruleId") == "made-up");
  CHECK(run.at("properties").at("errors") == 3);
  CHECK(run.at("properties").at("warnings") == 1);
}

TEST_CASE("Reports: JSON and JUnit carry the counts", "[reports]") {
  auto result = ResultOf(HostileDiagnostics());
  auto json = test::ParseJson(cli::RenderCheckReport(cli::ReportFormat::kJson, result, {}));
  REQUIRE(json);
  CHECK(json->at("version") == 1);
  CHECK(json->at("pages") == 3);
  CHECK(json->at("errors") == 3);
  CHECK(json->at("warnings") == 1);
  CHECK(json->at("diagnostics").size() == 4);
  std::string xml = cli::RenderCheckReport(cli::ReportFormat::kJunit, result, {});
  CheckInert("junit", xml);
  std::string error;
  CHECK(test::IsWellFormedXml(xml, &error));
  INFO(error);
  CHECK_THAT(xml, Catch::Contains("<property name=\"errors\" value=\"3\"/>"));
  CHECK_THAT(xml, Catch::Contains("<property name=\"warnings\" value=\"1\"/>"));
  CHECK_THAT(xml, Catch::Contains("<property name=\"pages\" value=\"3\"/>"));
}

TEST_CASE("Reports: check --format sarif and github from the binary, --all shows every warning", "[reports][cli]") {
  test::TempDir work;
  fs::path site = work / "site";
  WriteHostileSite(site);
  std::string many;
  for (int i = 0; i < 15; ++i) many += "See [the old site " + std::to_string(i) + "](http://old.example.org/).\n\n";
  test::WriteFile(site / "content/old.md", "---\ntitle: Old links\n---\n\n" + many);

  auto sarif_run = test::RunPublish({"check", site.string(), "--format", "sarif"});
  INFO(sarif_run.Describe());
  CHECK(sarif_run.exit_code == 1);
  CheckInert("SARIF report", sarif_run.out);
  auto sarif = test::ParseJson(sarif_run.out);
  REQUIRE(sarif);
  const Json& run = sarif->at("runs")[0];
  CHECK(run.at("tool").at("driver").at("version") == "0.1.0");
  const Json& rules = run.at("tool").at("driver").at("rules");
  size_t warnings = 0;
  for (const Json& result : run.at("results")) {
    CHECK(rules.at(result.at("ruleIndex").get<size_t>()).at("id") == result.at("ruleId"));
    warnings += result.at("level") == "warning";
  }
  CHECK(warnings == 15);
  CHECK_THAT(sarif_run.err, Catch::StartsWith("publish: checked "));

  auto github = test::RunPublish({"check", site.string(), "--format", "github"});
  INFO(github.Describe());
  CHECK(github.exit_code == 1);
  CheckInert("github report", github.out);
  Strings lines = test::SplitLines(github.out);
  for (const auto& line : lines) CHECK(std::regex_match(line, std::regex("^::(error|warning|notice)( [^:]+)?::.+$")));
  CHECK(std::count_if(lines.begin(), lines.end(),
                      [](const std::string& line) { return line.rfind("::warning ", 0) == 0; }) == 10);
  CHECK_THAT(github.out, Catch::Contains("::notice title=insecure-link::5 more warnings [insecure-link] not shown"));
  CHECK_THAT(lines.back(), Catch::StartsWith("::notice::publish: checked "));
  CHECK(github.err.empty());

  auto text = test::RunPublish({"check", site.string()});
  CHECK_THAT(text.out, Catch::Contains("<site>: note: 5 more warnings of this check not shown"));
  auto all = test::RunPublish({"check", site.string(), "--all"});
  CHECK(all.out.find("note:") == std::string::npos);
  CHECK(test::SplitLines(all.out).size() == test::SplitLines(text.out).size() + 4);  // 5 more, one note fewer
}
