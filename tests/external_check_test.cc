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

TEST_CASE("Check --external: a second run is served from the cache, temporary failures asked again", "[net][cli]") {
  LoopbackServer server;
  TempDir dir;
  WriteFile(dir / "site.yaml",
            "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
            "link_check:\n  retries: 0\n  per_host: {connections: 4, interval_ms: 0}\n");
  WriteFile(dir / "content/_index.md", "---\ntitle: Testshire Council\n---\n\n## Welcome\n\n[A](" + server.Url("/ok") +
                                           ") [B](" + server.Url("/missing") + ") [C](" + server.Url("/unavailable") +
                                           ").\n");
  std::string cache = (dir / "links.json").string();
  ProcessResult first = RunPublish({"check", dir.path().string(), "--external", "--cache", cache}, {}, 60);
  INFO(first.Describe());
  CHECK(first.exit_code == 1);
  CHECK_THAT(first.err, Catch::Contains("2 broken, 0 moved, 0 could not be verified, 0 from the cache"));
  size_t requests = server.Log().size();
  ProcessResult second = RunPublish({"check", dir.path().string(), "--external", "--cache", cache}, {}, 60);
  INFO(second.Describe());
  CHECK(second.exit_code == 1);
  CHECK(second.ReportLines() == first.ReportLines());
  CHECK_THAT(second.err, Catch::Contains("2 from the cache"));
  auto log = server.Log();
  // Only the 503 (a failure that may pass) was asked again.
  Strings asked;
  for (size_t i = requests; i < log.size(); ++i) asked.push_back(log[i].path);
  CHECK(asked == Strings{"/unavailable"});
  // Another setting that changes verdicts makes the cached ones stale.
  WriteFile(dir / "site.yaml",
            "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
            "link_check:\n  retries: 0\n  accept: [404]\n");
  ProcessResult third = RunPublish({"check", dir.path().string(), "--external", "--cache", cache}, {}, 60);
  CHECK_THAT(third.err, Catch::Contains("1 broken, 0 moved, 0 could not be verified, 0 from the cache"));
  // A damaged cache is started afresh, not an error.
  WriteFile(dir / "links.json", "{not json");
  ProcessResult damaged = RunPublish({"check", dir.path().string(), "--external", "--cache", cache}, {}, 60);
  CHECK(damaged.exit_code == 1);
  CHECK_THAT(damaged.err, Catch::Contains("is not a link cache file (not JSON); starting it afresh"));
}

TEST_CASE("Check --external --history: broken only after failing runs in a row", "[net][cli]") {
  LoopbackServer server;
  TempDir dir;
  WriteFile(dir / "site.yaml",
            "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
            "link_check:\n  fail_after_runs: 2\n");
  auto page = [&](const std::string& path) {
    WriteFile(dir / "content/_index.md",
              "---\ntitle: Testshire Council\n---\n\n## Welcome\n\nRead [the rules](" + server.Url(path) + ").\n");
  };
  page("/missing");
  std::string history = (dir / "history.json").string();
  std::vector<std::string> command = {"check", dir.path().string(), "--external", "--history", history};
  ProcessResult first = RunPublish(command, {}, 60);
  INFO(first.Describe());
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("failed (HTTP 404 Not Found) in 1 run; it counts as broken after 2 "
                                        "(link_check: fail_after_runs) [external-link-failing]"));
  ProcessResult second = RunPublish(command, {}, 60);
  CHECK(second.exit_code == 1);
  CHECK_THAT(second.out, Catch::Contains("is broken (HTTP 404 Not Found, in 2 runs in a row)"));
  // Fixed: forgotten, so a new failure starts counting again.
  page("/ok");
  CHECK(RunPublish(command, {}, 60).exit_code == 0);
  page("/missing");
  ProcessResult again = RunPublish(command, {}, 60);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("in 1 run;"));
  // Without --history the contract's rule holds: broken at once.
  CHECK(RunPublish({"check", dir.path().string(), "--external"}, {}, 60).exit_code == 1);
}

TEST_CASE("URL memory: cache and history files round-trip, and only lasting verdicts are cached", "[net]") {
  using namespace publish;
  UrlCheckSettings settings;
  std::string key = VerdictSettingsKey(settings, "https://a.example/x");
  CHECK(key == VerdictSettingsKey(settings, "https://a.example/y"));
  settings.hosts["a.example"].headers = {{"X-Key", "1"}};
  CHECK(key != VerdictSettingsKey(settings, "https://a.example/x"));
  CHECK(key == VerdictSettingsKey(settings, "https://b.example/x"));

  UrlResultCache cache;
  UrlCheckResult gone{"https://a.example/gone", UrlVerdict::kBroken, 410, "https://a.example/gone", "HTTP 410 Gone"};
  UrlCheckResult down{"https://a.example/down", UrlVerdict::kBroken, 503, "https://a.example/down", "HTTP 503"};
  down.temporary = true;
  cache.Store(gone, key, 1000);
  cache.Store(down, key, 1000);
  CHECK(cache.size() == 1);
  UrlResultCache read = UrlResultCache::FromJson(cache.ToJson());
  auto found = read.Find(gone.url, key, 1000 + 3600, 3600);
  REQUIRE(found);
  CHECK(found->verdict == UrlVerdict::kBroken);
  CHECK(found->evidence == "HTTP 410 Gone");
  CHECK_FALSE(read.Find(gone.url, key, 1000 + 3601, 3600));  // too old
  CHECK_FALSE(read.Find(gone.url, "other", 1001, 3600));     // other settings
  CHECK_FALSE(read.Find(down.url, key, 1001, 3600));

  std::string problem;
  CHECK(UrlResultCache::FromJson("[1,2]", &problem).size() == 0);
  CHECK(problem == "not a link cache file (not JSON)");
  CHECK(UrlResultCache::FromJson("{\"version\": 99, \"entries\": {}}", &problem).size() == 0);
  CHECK(problem == "a link cache file of another version");
  // Entries of the wrong shape are skipped, not trusted.
  CHECK(UrlResultCache::FromJson("{\"version\": 1, \"entries\": {\"x\": {\"verdict\": 3}, \"y\": 1}}").size() == 0);

  UrlFailureHistory history;
  CHECK(history.Record("https://a/", true, 10) == 1);
  CHECK(history.Record("https://a/", true, 20) == 2);
  UrlFailureHistory reread = UrlFailureHistory::FromJson(history.ToJson());
  CHECK(reread.FailuresInARow("https://a/") == 2);
  CHECK(reread.FailingSince("https://a/") == 10);
  CHECK(reread.Record("https://a/", false, 30) == 0);
  CHECK(reread.FailuresInARow("https://a/") == 0);
}

TEST_CASE("Check --external: stopped by a signal, it keeps what it learnt and dies by the signal", "[net][cli]") {
  LoopbackServer server;
  TempDir dir;
  WriteFile(dir / "site.yaml",
            "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
            "link_check:\n  timeout_seconds: 3\n  retries: 0\n");
  std::string links;
  for (int i = 0; i < 8; ++i)
    links += "[slow " + std::to_string(i) + "](" + server.Url("/slow?" + std::to_string(i)) + ") ";
  WriteFile(dir / "content/_index.md",
            "---\ntitle: Testshire Council\n---\n\n## Welcome\n\n[Fine](" + server.Url("/gone") + ") " + links + "\n");
  std::string cache = (dir / "links.json").string();
  std::string command = "'" + publish::test::PublishBinary().string() + "' check '" + dir.path().string() +
                        "' --external --cache '" + cache +
                        "' & pid=$!; sleep 1.5; kill -TERM $pid; wait $pid; "
                        "echo \"status $?\"";
  ProcessResult result = publish::test::Run({"/bin/sh", "-c", command}, {}, 60);
  INFO(result.Describe());
  CHECK_THAT(result.out, Catch::EndsWith("status 143\n"));  // 128 + SIGTERM
  CHECK_THAT(result.err, Catch::Contains("; cancelled with 8 not checked"));
  std::string kept = publish::test::ReadFile(cache);
  CHECK(kept.find(server.Url("/gone")) != std::string::npos);
  CHECK(kept.find("/slow") == std::string::npos);
}

TEST_CASE("Check --external: the verdict policy is the site's checks: severities", "[net][cli]") {
  LoopbackServer server;
  TempDir dir;
  WriteFile(dir / "site.yaml",
            "title: Testshire Council\nbase_url: https://www.testshire.example.gov.uk/\n"
            "checks:\n  external-link-unverified: error\n  external-link-moved: off\n"
            "  insecure-link: off\n");
  WriteFile(dir / "content/_index.md", "---\ntitle: Testshire Council\n---\n\n## Welcome\n\n[A survey](" +
                                           server.Url("/bot-wall") + ") and [news](" + server.Url("/moved") + ").\n");
  ProcessResult result = RunPublish({"check", dir.path().string(), "--external"}, {}, 60);
  INFO(result.Describe());
  CHECK(result.exit_code == 1);
  Strings lines = result.ReportLines();
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::Contains(": error: could not check ") && Catch::EndsWith("[external-link-unverified]"));
}
