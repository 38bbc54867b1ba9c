// The URL checker against a real HTTP server on loopback
// (tests/net/loopback_server.py): every kind of answer a council's links
// meet, and the limits that keep the checker polite.
#include <catch2/catch.hpp>

#include <map>

#include "libpublish/net/url_checker.h"
#include "tests/net/loopback_server.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::LoopbackServer;
using std::chrono::milliseconds;

namespace {

UrlCheckSettings QuickSettings() {
  UrlCheckSettings settings;
  settings.connect_timeout = milliseconds(1000);
  settings.total_timeout = milliseconds(1000);
  settings.retry_wait = milliseconds(50);
  settings.host.min_interval = milliseconds(0);
  settings.host.max_connections = 4;
  return settings;
}

std::map<std::string, UrlCheckResult> ByPath(const LoopbackServer& server, const std::vector<UrlCheckResult>& results) {
  std::map<std::string, UrlCheckResult> by_path;
  std::string prefix = server.Url("");
  for (const auto& result : results) {
    by_path[result.url.rfind(prefix, 0) == 0 ? result.url.substr(prefix.size()) : result.url] = result;
  }
  return by_path;
}

size_t RequestsFor(const std::vector<publish::test::LoopbackServer::Request>& log, const std::string& path) {
  return static_cast<size_t>(std::count_if(log.begin(), log.end(), [&](const auto& r) { return r.path == path; }));
}

}  // namespace

TEST_CASE("URL checker: verdicts people can trust, with the evidence", "[net]") {
  LoopbackServer server;
  std::vector<std::string> paths = {"/ok",
                                    "/moved",
                                    "/found",
                                    "/permanent",
                                    "/moved-to-missing",
                                    "/missing",
                                    "/gone",
                                    "/flaky",
                                    "/unavailable",
                                    "/slow",
                                    "/drop",
                                    "/lying-head",
                                    "/no-head",
                                    "/bot-wall",
                                    "/login",
                                    "/loop",
                                    "/to-ftp",
                                    "/rate-limited-long",
                                    "/text"};
  std::vector<std::string> urls;
  for (const auto& path : paths) urls.push_back(server.Url(path));
  urls.push_back("http://no-such-host.invalid/");
  urls.push_back("ftp://127.0.0.1/file");
  auto results = UrlChecker(QuickSettings()).Check(urls);
  REQUIRE(results.size() == urls.size());
  auto r = ByPath(server, results);
  auto verdict = [&](const std::string& path) { return r.at(path).verdict; };
  CHECK(verdict("/ok") == UrlVerdict::kWorks);
  CHECK(r.at("/ok").evidence == "HTTP 200 OK");
  CHECK(verdict("/moved") == UrlVerdict::kRedirected);
  CHECK(r.at("/moved").final_url == server.Url("/ok"));
  CHECK(r.at("/moved").evidence == "moved permanently (HTTP 301) to " + server.Url("/ok"));
  CHECK(verdict("/found") == UrlVerdict::kWorks);  // a temporary redirect is not news
  CHECK(verdict("/permanent") == UrlVerdict::kRedirected);
  CHECK(verdict("/moved-to-missing") == UrlVerdict::kBroken);
  CHECK(verdict("/missing") == UrlVerdict::kBroken);
  CHECK(r.at("/missing").evidence == "HTTP 404 Not Found");
  CHECK_FALSE(r.at("/missing").temporary);
  CHECK(verdict("/gone") == UrlVerdict::kBroken);
  CHECK(verdict("/flaky") == UrlVerdict::kWorks);
  CHECK(verdict("/unavailable") == UrlVerdict::kBroken);
  CHECK(r.at("/unavailable").evidence == "HTTP 503 Service Unavailable, 3 times");
  CHECK(r.at("/unavailable").temporary);
  CHECK(verdict("/slow") == UrlVerdict::kBroken);
  CHECK(r.at("/slow").evidence == "timed out after 1 s, 3 times");  // HEAD, and two retries
  CHECK(r.at("/slow").temporary);
  CHECK(verdict("/drop") == UrlVerdict::kBroken);
  CHECK_THAT(r.at("/drop").evidence, Catch::StartsWith("the server dropped the connection"));
  CHECK(verdict("/lying-head") == UrlVerdict::kWorks);
  CHECK(verdict("/no-head") == UrlVerdict::kWorks);
  CHECK(verdict("/bot-wall") == UrlVerdict::kUnverified);
  CHECK_THAT(r.at("/bot-wall").evidence, Catch::Contains("HTTP 403") && Catch::Contains("bot wall") &&
                                             Catch::Contains("cf-mitigated: challenge") &&
                                             Catch::Contains("'captcha' in the page"));
  CHECK(verdict("/login") == UrlVerdict::kUnverified);
  CHECK(verdict("/loop") == UrlVerdict::kBroken);
  CHECK_THAT(r.at("/loop").evidence, Catch::Contains("redirects"));
  CHECK(verdict("/to-ftp") == UrlVerdict::kBroken);
  CHECK(verdict("/rate-limited-long") == UrlVerdict::kUnverified);
  CHECK_THAT(r.at("/rate-limited-long").evidence, Catch::Contains("HTTP 429") && Catch::Contains("3600 s"));
  CHECK(verdict("/text") == UrlVerdict::kWorks);
  CHECK(verdict("http://no-such-host.invalid/") == UrlVerdict::kBroken);
  CHECK(r.at("http://no-such-host.invalid/").evidence == "no such host: no-such-host.invalid");
  CHECK(verdict("ftp://127.0.0.1/file") == UrlVerdict::kBroken);
  CHECK(r.at("ftp://127.0.0.1/file").attempts == 0);

  auto log = server.Log();
  CHECK(RequestsFor(log, "/text") == 1);               // HEAD answered it
  CHECK(RequestsFor(log, "/lying-head") == 2);         // HEAD, then GET
  CHECK(RequestsFor(log, "/unavailable") == 3);        // HEAD, then two retries (as GET)
  CHECK(RequestsFor(log, "/rate-limited-long") == 1);  // asked to wait an hour: no retry
}

TEST_CASE("URL checker: each address once, however often it is listed, and 429 waits as asked", "[net]") {
  LoopbackServer server;
  auto start = std::chrono::steady_clock::now();
  auto results = UrlChecker(QuickSettings())
                     .Check({server.Url("/rate-limited"), server.Url("/a"), server.Url("/a"),
                             server.Url("/rate-limited"), server.Url("/a#x")});
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(results.size() == 3);  // /rate-limited, /a and /a#x
  CHECK(results[0].verdict == UrlVerdict::kWorks);
  CHECK(results[0].attempts == 2);
  CHECK(took >= milliseconds(1000));  // Retry-After: 1
  CHECK(results[2].url == server.Url("/a#x"));
  CHECK(results[2].verdict == UrlVerdict::kWorks);  // fragments are not checked unless asked
  auto log = server.Log();
  CHECK(RequestsFor(log, "/a") == 1);
}

TEST_CASE("URL checker: fragments of external pages, when asked", "[net]") {
  LoopbackServer server;
  UrlCheckSettings settings = QuickSettings();
  settings.check_fragments = true;
  auto results =
      UrlChecker(settings).Check({server.Url("/page#part"), server.Url("/page#top"), server.Url("/page#old-anchor"),
                                  server.Url("/page#fake"), server.Url("/page#nothing"), server.Url("/text#x")});
  auto r = ByPath(server, results);
  CHECK(r.at("/page#part").verdict == UrlVerdict::kWorks);
  CHECK(r.at("/page#top").verdict == UrlVerdict::kWorks);
  CHECK(r.at("/page#old-anchor").verdict == UrlVerdict::kWorks);
  CHECK(r.at("/page#fake").verdict == UrlVerdict::kBroken);  // data-id is not an id
  CHECK(r.at("/page#nothing").verdict == UrlVerdict::kBroken);
  CHECK(r.at("/page#nothing").evidence == "the page has no element with id 'nothing'");
  CHECK(r.at("/text#x").verdict == UrlVerdict::kWorks);  // not HTML: nothing to look in
  auto log = server.Log();
  REQUIRE(RequestsFor(log, "/page") == 1);
  CHECK(log.front().method == "GET");
}

TEST_CASE("URL checker: politeness per host, and headers per host", "[net]") {
  LoopbackServer server(3);
  UrlCheckSettings settings = QuickSettings();
  settings.host.max_connections = 1;
  settings.host.min_interval = milliseconds(150);
  HostLimits council;
  council.max_connections = 1;
  council.min_interval = milliseconds(0);
  council.headers = {{"X-Council", "yes"}};
  settings.hosts["127.0.0.3"] = council;
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) {
    urls.push_back(server.Url("/many/" + std::to_string(i), 1));
    urls.push_back(server.Url("/many/" + std::to_string(i), 2));
  }
  urls.push_back(server.Url("/headers", 3));
  urls.push_back(server.Url("/headers", 1));
  auto results = UrlChecker(settings).Check(urls);
  for (size_t i = 0; i < 8; ++i) CHECK(results[i].verdict == UrlVerdict::kWorks);
  CHECK(results[8].verdict == UrlVerdict::kWorks);
  CHECK(results[9].verdict == UrlVerdict::kUnverified);  // 403 without the header
  std::map<std::string, std::vector<double>> starts;
  for (const auto& request : server.Log()) {
    if (request.path.rfind("/many/", 0) == 0) starts[request.host].push_back(request.at);
  }
  REQUIRE(starts.size() == 2);
  for (const auto& [host, times] : starts) {
    REQUIRE(times.size() == 4);
    for (size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 0.14);
  }
  // The two hosts were asked side by side, not one after the other.
  CHECK(std::abs(starts["127.0.0.1"].front() - starts["127.0.0.2"].front()) < 0.1);
}

TEST_CASE("URL checker: accepted statuses and cancelling", "[net]") {
  LoopbackServer server;
  UrlCheckSettings settings = QuickSettings();
  settings.accepted_statuses = {401};
  auto results = UrlChecker(settings).Check({server.Url("/login")});
  CHECK(results[0].verdict == UrlVerdict::kWorks);

  std::atomic<bool> cancel{true};
  results = UrlChecker(settings).Check({server.Url("/ok"), server.Url("/slow")}, {}, &cancel);
  REQUIRE(results.size() == 2);
  CHECK(results[0].verdict == UrlVerdict::kUnverified);
  CHECK(results[0].evidence == "not checked: cancelled");
}
