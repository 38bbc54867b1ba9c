// The C API (include/publish/publish.h): every channel, diagnostics as
// data, bad arguments, the options struct, and renders from 8 threads.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "publish/publish.h"

namespace {

const std::string kNotice =
    "---\ntitle: Road closure on High Street\n---\n\n"
    "High Street is closed from **3 March** while the water main is replaced.\n\n"
    "## Diversions\n\nFollow the signs along Station Road.\n";

const std::vector<std::string> kChannels = {"public", "intranet", "kiosk", "text", "audio"};

struct Rendered {
  publish_status status = PUBLISH_INTERNAL_ERROR;
  std::string text;
  std::vector<std::string> diagnostics;  // "line:column: severity: message [check-id]"
};

Rendered Render(const std::string& markdown, const std::string& channel, const publish_options* options = nullptr) {
  Rendered rendered;
  publish_document* doc = nullptr;
  rendered.status = publish_render(markdown.data(), markdown.size(), channel.c_str(), options, &doc);
  if (doc == nullptr) return rendered;
  size_t length = 0;
  const char* text = publish_document_text(doc, &length);
  rendered.text.assign(text, length);
  for (size_t i = 0; i < publish_document_diagnostic_count(doc); ++i) {
    publish_severity severity = PUBLISH_WARNING;
    int line = -1;
    int column = -1;
    const char* message = nullptr;
    const char* check_id = nullptr;
    REQUIRE(publish_document_diagnostic(doc, i, &severity, &line, &column, &message, &check_id) == PUBLISH_OK);
    rendered.diagnostics.push_back(std::to_string(line) + ":" + std::to_string(column) + ": " +
                                   (severity == PUBLISH_ERROR ? "error" : "warning") + ": " + message + " [" +
                                   check_id + "]");
  }
  publish_document_free(doc);
  return rendered;
}

}  // namespace

TEST_CASE("C API: one document renders to every channel", "[c_api]") {
  for (const auto& channel : kChannels) {
    INFO(channel);
    Rendered rendered = Render(kNotice, channel);
    CHECK(rendered.status == PUBLISH_OK);
    CHECK(rendered.diagnostics.empty());
    CHECK(rendered.text.find("Station Road") != std::string::npos);
    if (channel == "text") {
      CHECK(rendered.text.find("<") == std::string::npos);
    } else if (channel == "audio") {
      CHECK(rendered.text.find("<speak") != std::string::npos);
    } else {
      CHECK(rendered.text.find("<!DOCTYPE html>") != std::string::npos);
      CHECK(rendered.text.find("<strong>3 March</strong>") != std::string::npos);
    }
  }
}

TEST_CASE("C API: a document without front matter renders, titled by its heading", "[c_api]") {
  Rendered rendered = Render("# Opening hours\n\nThe library opens at 9am.\n", "public");
  std::string all;
  for (const auto& line : rendered.diagnostics) all += line + "\n";
  INFO(all);
  CHECK(rendered.status == PUBLISH_OK);
  CHECK(rendered.text.find("The library opens at 9am.") != std::string::npos);
  CHECK(rendered.text.find("<h1") != std::string::npos);
  CHECK(rendered.text.find("Opening hours</h1>") != std::string::npos);
  CHECK(Render("The library opens at 9am.\n", "text").status == PUBLISH_OK);
}

TEST_CASE("C API: diagnostics of a document without front matter give its own lines", "[c_api]") {
  Rendered rendered = Render("# Bins\n\nIntro.\n\n# Collection days\n", "text");
  CHECK(rendered.status == PUBLISH_CONTENT_ERRORS);
  REQUIRE(rendered.diagnostics.size() == 1);
  CHECK(rendered.diagnostics.front().rfind("5:1: error: ", 0) == 0);
  CHECK(rendered.diagnostics.front().find("[body-h1]") != std::string::npos);
}

TEST_CASE("C API: a body level 1 heading is an error with its line and check id", "[c_api]") {
  Rendered rendered = Render("---\ntitle: Bins\n---\n\nIntro.\n\n# Collection days\n\nText.\n", "public");
  CHECK(rendered.status == PUBLISH_CONTENT_ERRORS);
  CHECK(rendered.text.empty());
  REQUIRE(rendered.diagnostics.size() == 1);
  CHECK(rendered.diagnostics.front().rfind("7:1: error: ", 0) == 0);
  CHECK(rendered.diagnostics.front().find("level 1 heading") != std::string::npos);
  CHECK(rendered.diagnostics.front().find("[body-h1]") != std::string::npos);
}

TEST_CASE("C API: an internal document is refused by the public channel only", "[c_api]") {
  const std::string internal = "---\ntitle: Staff parking\nvisibility: internal\n---\n\nUse the rear car park.\n";
  Rendered refused = Render(internal, "public");
  CHECK(refused.status == PUBLISH_CONTENT_ERRORS);
  CHECK(refused.text.empty());
  REQUIRE(refused.diagnostics.size() == 1);
  CHECK(refused.diagnostics.front().find("[not-in-channel]") != std::string::npos);
  Rendered staff = Render(internal, "intranet");
  CHECK(staff.status == PUBLISH_OK);
  CHECK(staff.text.find("Use the rear car park.") != std::string::npos);
}

TEST_CASE("C API: bad arguments are refused and the out handle cleared", "[c_api]") {
  publish_document* doc = reinterpret_cast<publish_document*>(&doc);
  CHECK(publish_render(kNotice.data(), kNotice.size(), "fax", nullptr, &doc) == PUBLISH_BAD_ARGUMENTS);
  CHECK(doc == nullptr);
  CHECK(publish_render(kNotice.data(), kNotice.size(), nullptr, nullptr, &doc) == PUBLISH_BAD_ARGUMENTS);
  CHECK(publish_render(nullptr, 5, "public", nullptr, &doc) == PUBLISH_BAD_ARGUMENTS);
  CHECK(publish_render(kNotice.data(), kNotice.size(), "public", nullptr, nullptr) == PUBLISH_BAD_ARGUMENTS);
  publish_options too_small{};
  too_small.struct_size = 1;
  CHECK(publish_render(kNotice.data(), kNotice.size(), "public", &too_small, &doc) == PUBLISH_BAD_ARGUMENTS);
  CHECK(doc == nullptr);
  CHECK(publish_document_diagnostic(nullptr, 0, nullptr, nullptr, nullptr, nullptr, nullptr) == PUBLISH_BAD_ARGUMENTS);
  CHECK(publish_document_diagnostic_count(nullptr) == 0);
  size_t length = 99;
  CHECK(std::string(publish_document_text(nullptr, &length)).empty());
  CHECK(length == 0);
  publish_document_free(nullptr);
  REQUIRE(publish_render(kNotice.data(), kNotice.size(), "text", nullptr, &doc) == PUBLISH_OK);
  CHECK(publish_document_diagnostic(doc, 0, nullptr, nullptr, nullptr, nullptr, nullptr) == PUBLISH_BAD_ARGUMENTS);
  publish_document_free(doc);
}

TEST_CASE("C API: options set the title, base URL, language and text width", "[c_api]") {
  publish_options options{};
  options.struct_size = sizeof options;
  options.site_title = "Riverside \"Borough\" Council";
  options.base_url = "https://riverside.example.gov.uk/";
  options.language = "cy";
  options.text_width = 30;
  Rendered page = Render(kNotice, "public", &options);
  REQUIRE(page.status == PUBLISH_OK);
  CHECK(page.text.find("Riverside &quot;Borough&quot; Council") != std::string::npos);
  CHECK(page.text.find("https://riverside.example.gov.uk/") != std::string::npos);
  CHECK(page.text.find("lang=\"cy\"") != std::string::npos);
  Rendered narrow = Render(kNotice, "text", &options);
  REQUIRE(narrow.status == PUBLISH_OK);
  Rendered wide = Render(kNotice, "text");
  REQUIRE(wide.status == PUBLISH_OK);
  size_t longest = 0;
  size_t start = 0;
  while (start < narrow.text.size()) {
    size_t end = narrow.text.find('\n', start);
    if (end == std::string::npos) end = narrow.text.size();
    longest = std::max(longest, end - start);
    start = end + 1;
  }
  CHECK(longest <= 30);
  CHECK(narrow.text != wide.text);
  CHECK(std::string(publish_version()) == PUBLISH_EXPECTED_VERSION);
}

TEST_CASE("C API: 8 threads rendering at once get identical results", "[c_api]") {
  std::vector<std::string> expected;
  for (const auto& channel : kChannels) expected.push_back(Render(kNotice, channel).text);
  std::vector<std::vector<std::string>> results(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&results, t] {
      for (int round = 0; round < 3; ++round) {
        for (const auto& channel : kChannels) results[t].push_back(Render(kNotice, channel).text);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) {
    REQUIRE(result.size() == 3 * kChannels.size());
    for (size_t i = 0; i < result.size(); ++i) CHECK(result[i] == expected[i % kChannels.size()]);
  }
}
