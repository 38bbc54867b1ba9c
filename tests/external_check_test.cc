// `publish check --external` over a council site whose links point at a
// real server on loopback: every verdict reported at every place the
// address is written, once per place, and site.yaml's link_check: obeyed.
#include <catch2/catch.hpp>

#include "libpublish/checks/external_links.h"
#include "tests/net/loopback_server.h"
#include "tests/test_support.h"

using publish::test::LoopbackServer;
using publish::test::ProcessResult;
using publish::test::RunPublish;
using publish::test::TempDir;
using publish::test::WriteFile;
using Strings = std::vector<std::string>;

namespace {

void WriteSite(const TempDir& dir, const LoopbackServer& server, const std::string& link_check) {
  WriteFile(dir / "site.yaml",
            "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n" + link_check);
  WriteFile(dir / "content/_index.md", "---\ntitle: Testshire Council\n---\n\n## Welcome\n\nSee [the guide](" +
                                           server.Url("/ok") + ") and [old news](" + server.Url("/gone") + ").\n");
  WriteFile(dir / "content/bins.md",
            "---\ntitle: Bins\ntype: service\nservice:\n  online: yes\n  apply_url: " + server.Url("/moved") +
                "\n---\n\n## Bins\n\nRead [the guide](" + server.Url("/ok") + "), [the rules](" +
                server.Url("/missing") + ") and [more rules](" + server.Url("/missing") + ").\n\n" + "A [survey](" +
                server.Url("/bot-wall") + "), a [part](" + server.Url("/page#nothing") +
                ") and [social](https://social.invalid/testshire).\n");
}

}  // namespace

TEST_CASE("Check --external: each broken address at every place it is written", "[net][cli]") {
  LoopbackServer server;
  TempDir dir;
  WriteSite(dir, server,
            "link_check:\n  timeout_seconds: 2\n  retries: 1\n  check_fragments: true\n"
            "  exclude: [\"https://social.invalid/*\"]\n  per_host: {connections: 4, interval_ms: 0}\n");
  ProcessResult result = RunPublish({"check", dir.path().string(), "--external"}, {}, 60);
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  std::string ok = server.Url("/ok"), missing = server.Url("/missing");
  // Positions are those of the addresses, lines counted from the front matter's "---".
  auto column = [](size_t before) { return std::to_string(before + 1); };
  Strings expected = {
      "content/_index.md:7:" + column(16 + ok.size() + 17) + ": error: the link to " + server.Url("/gone") +
          " is broken (HTTP 410 Gone); correct the address or remove the link [external-link-broken]",
      "content/bins.md:6:14: warning: " + server.Url("/moved") + " has moved for good to " + ok +
          "; link to the new address [external-link-moved]",
      "content/bins.md:11:" + column(17 + ok.size() + 15) + ": error: the link to " + missing +
          " is broken (HTTP 404 Not Found); correct the address or remove the link [external-link-broken]",
      "content/bins.md:11:" + column(17 + ok.size() + 15 + missing.size() + 19) + ": error: the link to " + missing +
          " is broken (HTTP 404 Not Found); correct the address or remove the link [external-link-broken]",
  };
  Strings lines = publish::test::SplitLines(result.out);
  for (const auto& line : expected) CHECK(std::count(lines.begin(), lines.end(), line) == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
          return line.find("[external-link-unverified]") != std::string::npos &&
                 line.find("bot wall") != std::string::npos;
        }) == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
          return line.find("no element with id 'nothing'") != std::string::npos;
        }) == 1);
  CHECK(result.out.find("social.invalid") == std::string::npos);  // excluded
  CHECK_THAT(result.err, Catch::Contains("checked 6 web addresses: 3 broken, 1 moved, 1 could not be verified, "
                                         "1 excluded by site.yaml"));
  // Each address fetched once for all the places it is written.
  auto log = server.Log();
  CHECK(std::count_if(log.begin(), log.end(), [](const auto& r) { return r.path == "/ok"; }) == 2);       // + /moved
  CHECK(std::count_if(log.begin(), log.end(), [](const auto& r) { return r.path == "/missing"; }) == 2);  // HEAD, GET
}

TEST_CASE("Check --external: link_check settings are checked like every other key", "[net][cli]") {
  LoopbackServer server;
  TempDir dir;
  WriteSite(dir, server,
            "link_check:\n  accept: [4040, abc]\n  timeout_seconds: 0\n  hosts:\n    example.org: {headers: "
            "{\"Bad Name\": x}, speed: 3}\n  check_fragments: maybe\n");
  ProcessResult result = RunPublish({"check", dir.path().string()}, {}, 60);
  CHECK(result.exit_code == 1);
  Strings lines = publish::test::SplitLines(result.out);
  auto has = [&](const std::string& text) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const auto& line) { return line.find(text) != std::string::npos; });
  };
  CHECK(has("'4040' is not an HTTP status code"));
  CHECK(has("'abc' is not an HTTP status code"));
  CHECK(has("'timeout_seconds' must be from 1 to 300, not 0"));
  CHECK(has("'Bad Name' is not a header name"));
  CHECK(has("speed"));
  CHECK(has("check_fragments"));
  // Without --external nothing is fetched.
  CHECK(server.Log().empty());
}

TEST_CASE("Check --external: exclude patterns", "[net]") {
  using publish::MatchesUrlPattern;
  CHECK(MatchesUrlPattern("https://www.facebook.com/council", "https://www.facebook.com/*"));
  CHECK(MatchesUrlPattern("https://a.example.net/x", "https://*.example.net/*"));
  CHECK_FALSE(MatchesUrlPattern("https://example.org/", "https://www.example.org/*"));
  CHECK(MatchesUrlPattern("https://x/", "*"));
  CHECK(MatchesUrlPattern("abc", "a*b*c"));
  CHECK_FALSE(MatchesUrlPattern("abcd", "a*b*c"));
  // Linear, not exponential, on a pattern that defeats naive backtracking.
  CHECK_FALSE(MatchesUrlPattern(std::string(5000, 'a'), std::string(50, '*') + "b"));
}
