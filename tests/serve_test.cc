// publish serve, run as a person would: every channel and preview served
// from memory, an edit reaching the browser's event stream only once its
// output is served, a broken edit shown over the last good page, deleted
// pages gone, and requests for anything else refused.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/serve/serve_process.h"
#include "tests/test_support.h"

using publish::test::Count;
using publish::test::EventStream;
using publish::test::Get;
using publish::test::HttpReply;
using publish::test::SendRaw;
using publish::test::ServeProcess;

namespace {

std::filesystem::path CopyGoldenSite(const publish::test::TempDir& temp) {
  std::filesystem::path site = temp / "site";
  publish::test::CopyTree(publish::test::TestsDir() / "fixtures/golden-site", site);
  return site;
}

// Rewrites a file the way an editor saves it: the whole file at once.
void Save(const std::filesystem::path& path, const std::string& contents) {
  publish::test::WriteFile(path.string() + ".tmp", contents);
  std::filesystem::rename(path.string() + ".tmp", path);
}

const char kOverlay[] = "id=\"publish-preview-errors\"";

}  // namespace

TEST_CASE("Serve: every channel, the text and audio previews and speech, from memory", "[serve]") {
  publish::test::TempDir temp;
  auto site = CopyGoldenSite(temp);
  ServeProcess server(site);
  INFO(server.Stderr());
  REQUIRE(server.port() > 0);
  // The address is the first line, so scripts find it.
  CHECK(server.Stderr().rfind("publish: serving http://127.0.0.1:", 0) == 0);
  const int port = server.port();

  HttpReply home = Get(port, "/");
  CHECK(home.status == 200);
  CHECK(home.Header("Content-Type") == "text/html; charset=utf-8");
  CHECK(home.body.find("Lowfield District Council") != std::string::npos);
  // The reload script, same-origin, knows the build the page came from.
  CHECK(home.body.find("<script src=\"/.preview/live.js\" data-generation=\"1\"></script>\n</body>") !=
        std::string::npos);
  CHECK(home.body.find(kOverlay) == std::string::npos);
  CHECK(Get(port, "/.preview/live.js").body.find("new EventSource(\"/.preview/events") != std::string::npos);

  // Staff pages are on the intranet only, and its addresses start at /intranet/.
  HttpReply intranet = Get(port, "/intranet/staff/rota/");
  CHECK(intranet.status == 200);
  CHECK(Get(port, "/staff/rota/").status == 404);
  CHECK(Count(intranet.body, "href=\"/intranet/") > 3);
  CHECK(Count(intranet.body, "href=\"/waste/") == 0);
  CHECK(Get(port, "/intranet").status == 301);
  CHECK(Get(port, "/intranet").Header("Location") == "/intranet/");
  HttpReply kiosk = Get(port, "/kiosk/");
  CHECK(kiosk.status == 200);
  CHECK(kiosk.body.find("data-home=\"/kiosk/\"") != std::string::npos);
  CHECK(Get(port, "/kiosk/assets/kiosk.css").Header("Content-Type") == "text/css; charset=utf-8");
  CHECK(Get(port, "/waste/bin-types.svg").Header("Content-Type") == "image/svg+xml");

  // The text channel as it reads, in monospace inside a page; the file itself beside.
  HttpReply text_file = Get(port, "/.preview/raw/text/waste/collection-days.txt");
  REQUIRE(text_file.status == 200);
  CHECK(text_file.Header("Content-Type") == "text/plain; charset=utf-8");
  HttpReply text = Get(port, "/.preview/text/waste/collection-days.txt");
  CHECK(text.status == 200);
  CHECK(text.body.find("<pre class=\"text-at-width\">") != std::string::npos);
  std::string first_line = text_file.body.substr(0, text_file.body.find('\n'));
  REQUIRE_FALSE(first_line.empty());
  CHECK(text.body.find(first_line) != std::string::npos);
  CHECK(Get(port, "/.preview/text/").body.find("href=\"/.preview/text/waste/collection-days.txt\"") !=
        std::string::npos);

  // The SSML shown with a play control whose speech espeak-ng makes on demand.
  HttpReply audio = Get(port, "/.preview/audio/waste/collection-days.ssml");
  CHECK(audio.status == 200);
  CHECK(audio.body.find("<audio controls preload=\"none\" src=\"/.preview/speech/waste/collection-days.wav\"") !=
        std::string::npos);
  CHECK(audio.body.find("&lt;speak version=&quot;1.1&quot;") != std::string::npos);
  HttpReply speech = Get(port, "/.preview/speech/waste/collection-days.wav");
  CHECK(speech.status == 200);
  CHECK(speech.Header("Content-Type") == "audio/wav");
  REQUIRE(speech.body.size() > 10000);
  CHECK(speech.body.substr(0, 4) == "RIFF");
  CHECK(speech.body.substr(8, 4) == "WAVE");
  CHECK(Get(port, "/.preview/speech/no-such-page.wav").status == 404);

  // Ctrl-C stops it cleanly, and the process ends by the signal.
  CHECK(server.Stop(SIGINT) == SIGINT);
  CHECK(server.Stderr().find("publish: stopped serving") != std::string::npos);
}

TEST_CASE("Serve: an edit reaches the browser after its rebuild, and a broken one shows over the last good page",
          "[serve]") {
  publish::test::TempDir temp;
  auto site = CopyGoldenSite(temp);
  ServeProcess server(site);
  INFO(server.Stderr());
  REQUIRE(server.port() > 0);
  const int port = server.port();
  const auto help = site / "content/help.md";
  const std::string original = publish::test::ReadFile(help);
  EventStream events(port, 1);

  // An edit: the reload event comes only when the new page is what is served.
  Save(help, original + "\nA sentence added while serving.\n");
  uint64_t build = events.NextReload();
  CHECK(build == 2);
  CHECK(Get(port, "/help/").body.find("A sentence added while serving.") != std::string::npos);
  CHECK(Get(port, "/.preview/text/help.txt").body.find("A sentence added while serving.") != std::string::npos);

  // A broken edit: the last good page stays, with the error over it.
  std::string broken = original;
  broken.insert(broken.find('\n') + 1, "colour: blue\n");
  Save(help, broken + "\nA sentence that never shows.\n");
  CHECK(events.NextReload() == 3);
  HttpReply page = Get(port, "/help/");
  CHECK(page.status == 200);
  CHECK(page.body.find("A sentence added while serving.") != std::string::npos);
  CHECK(page.body.find("A sentence that never shows.") == std::string::npos);
  CHECK(page.body.find(kOverlay) != std::string::npos);
  CHECK(page.body.find("role=\"region\" aria-labelledby=\"publish-preview-errors-title\"") != std::string::npos);
  CHECK(page.body.find("<code>content/help.md:2:1</code> unknown key 'colour'") != std::string::npos);
  CHECK(page.body.find("[unknown-key]") != std::string::npos);
  // The error is the help page's: other pages show none; the text preview of it does.
  CHECK(Get(port, "/").body.find(kOverlay) == std::string::npos);
  CHECK(Get(port, "/.preview/text/help.txt").body.find(kOverlay) != std::string::npos);
  CHECK(Get(port, "/.preview/status").body.find("\"latest_failed\":true") != std::string::npos);
  // Diagnostics go to stderr too, as `build` prints them.
  CHECK(server.WaitForStderr("content/help.md:2:1: error: unknown key 'colour'", 1, std::chrono::seconds(5)));

  // A site-wide error shows on every page.
  const auto site_yaml = site / "site.yaml";
  const std::string settings = publish::test::ReadFile(site_yaml);
  Save(help, original);
  CHECK(events.NextReload() == 4);
  CHECK(Get(port, "/help/").body.find(kOverlay) == std::string::npos);
  Save(site_yaml, settings + "colour: blue\n");
  CHECK(events.NextReload() == 5);
  CHECK(Get(port, "/").body.find(kOverlay) != std::string::npos);
  CHECK(Get(port, "/waste/").body.find("<code>site.yaml:") != std::string::npos);

  // Fixed: the overlay goes.
  Save(site_yaml, settings);
  CHECK(events.NextReload() == 6);
  CHECK(Get(port, "/").body.find(kOverlay) == std::string::npos);
  CHECK(Get(port, "/.preview/status").body.find("\"latest_failed\":false") != std::string::npos);

  // A deleted page is no longer served, in any channel; a new folder is watched.
  std::filesystem::remove(site / "content/accessibility.md");
  CHECK(events.NextReload() == 7);
  HttpReply gone = Get(port, "/accessibility/");
  CHECK(gone.status == 404);
  CHECK(gone.body.find("<html") != std::string::npos);  // the site's own 404 page
  CHECK(Get(port, "/intranet/accessibility/").status == 404);
  CHECK(Get(port, "/.preview/text/accessibility.txt").status == 404);
  std::filesystem::create_directories(site / "content/parks");
  CHECK(events.NextReload(std::chrono::seconds(2)) <= 8);  // a folder alone may or may not rebuild
  Save(site / "content/parks/_index.md", "---\ntitle: Parks\n---\n\nOur parks.\n");
  uint64_t latest = events.NextReload();
  while (latest != 0 && Get(port, "/parks/").status != 200) latest = events.NextReload(std::chrono::seconds(2));
  CHECK(Get(port, "/parks/").status == 200);
}

TEST_CASE("Serve: requests for anything but the output are refused cleanly", "[serve]") {
  publish::test::TempDir temp;
  auto site = CopyGoldenSite(temp);
  const std::string secret = "the-secret-in-the-site-folder-7f3a";
  publish::test::WriteFile(site / "secret.txt", secret);
  publish::test::WriteFile(temp / "outside.txt", secret);
  ServeProcess server(site);
  INFO(server.Stderr());
  REQUIRE(server.port() > 0);
  const int port = server.port();

  const std::vector<std::string> attempts{"/../secret.txt",
                                          "/../../outside.txt",
                                          "/%2e%2e/secret.txt",
                                          "/%2E%2E%2Fsecret.txt",
                                          "/waste/..%2f..%2fsecret.txt",
                                          "/..%5csecret.txt",
                                          "/\\..\\secret.txt",
                                          "/secret.txt%00.html",
                                          "/%00",
                                          "/a%zz",
                                          "/./secret.txt",
                                          "//secret.txt",
                                          "/secret.txt",
                                          "/site.yaml",
                                          "/content/help.md",
                                          "/.preview/raw/../site.yaml",
                                          "/.preview/raw/text/../../site.yaml",
                                          "http://127.0.0.1/../secret.txt",
                                          "*"};
  for (const auto& target : attempts) {
    INFO(target);
    HttpReply reply = SendRaw(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(reply.status >= 400);
    CHECK(reply.status < 500);
    CHECK(reply.body.find(secret) == std::string::npos);
    CHECK(reply.body.find("title: Lowfield") == std::string::npos);
  }
  // A NUL byte on the wire is refused too.
  CHECK(SendRaw(port, std::string("GET /a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 47)).status == 400);
  CHECK(Get(port, "/").status == 200);

  // Huge headers, too many of them, a huge address, other methods.
  HttpReply huge = SendRaw(port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  CHECK(huge.status >= 400);
  CHECK(huge.status < 500);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 300; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  CHECK(SendRaw(port, many + "\r\n").status == 431);
  CHECK(SendRaw(port, "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n").status == 414);
  HttpReply post = SendRaw(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab");
  CHECK(post.status == 405);
  CHECK(post.Header("Allow") == "GET, HEAD");

  // Many connections at once that send nothing: beyond what the server
  // queues, a request gets a quick 503 rather than waiting.
  std::vector<int> idle;
  for (int i = 0; i < 130; ++i) {  // beyond 48 served and 64 waiting
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) idle.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto started = std::chrono::steady_clock::now();
  HttpReply busy = Get(port, "/");
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(busy.status == 503);
  CHECK(busy.Header("Retry-After") == "1");
  CHECK(waited < std::chrono::seconds(3));
  for (int fd : idle) ::close(fd);
  // The silent ones time out and the server serves again.
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    served = Get(port, "/").status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(served);
  CHECK(server.Stop(SIGTERM) == SIGTERM);
}

TEST_CASE("Serve: the public site is served at / even when base_url has a path", "[serve]") {
  publish::test::TempDir temp;
  auto site = CopyGoldenSite(temp);
  std::string settings = publish::test::ReadFile(site / "site.yaml");
  const std::string base = "base_url: https://www.lowfield.example.gov.uk/";
  REQUIRE(settings.find(base) != std::string::npos);
  settings.replace(settings.find(base), base.size(), base + "council/");
  publish::test::WriteFile(site / "site.yaml", settings);
  ServeProcess server(site);
  INFO(server.Stderr());
  REQUIRE(server.port() > 0);
  HttpReply home = Get(server.port(), "/");
  CHECK(home.status == 200);
  CHECK(Count(home.body, "href=\"/council/") == 0);
  CHECK(home.body.find("href=\"/waste/\"") != std::string::npos);
  CHECK(Get(server.port(), "/waste/").status == 200);
  // Absolute addresses still name the real site.
  CHECK(home.body.find("https://www.lowfield.example.gov.uk/council/") != std::string::npos);
}
