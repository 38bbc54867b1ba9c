// What a build says it rendered (RenderedPage::contents, shown to
// BuildOptions::on_rendered), and what that record proves about the output
// of two whole sites: no element id twice on a page, and every link inside
// the output leading to a file the build wrote and, with a fragment, to an
// id on it.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "channels/registry.h"
#include "libpublish/base/rendered_contents.h"
#include "libpublish/checks/external_links.h"
#include "libpublish/pipeline/pipeline.h"
#include "tests/test_support.h"

using namespace publish;
using Strings = std::vector<std::string>;

TEST_CASE("Rendered contents: the words of <main>, ids and addresses of a page", "[rendered]") {
  RenderedContents contents = ReadRenderedMarkup(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Not text</title>"
      "<link rel=\"stylesheet\" href=\"/style.css\">"
      "<script type=\"application/ld+json\">{\"a\": \"</p><main>\"}</script></head>"
      "<body><a id=\"skip\" href=\"#main\">Skip</a><!-- <main> -->"
      "<main id=\"main\">\n  <h1 id=\"pay\">Pay &amp; display</h1>\n"
      "<p>Costs &pound; <strong>&#163;2</strong>&nbsp;a day, &#x201C;quoted&#x201d; and &apos;single&#39;.</p>"
      "<ul><li><a href=\"/bins/?a=1&amp;b=2#when\">Bins</a></li><li>Two   words</li></ul>"
      "<img src='/map.png' alt=\"map\"/><form action=\"/search/\"></form>"
      "</main><footer><p>Not text either</p></footer></body></html>",
      MarkupKind::kHtmlPage);
  CHECK(contents.text ==
        "Pay & display\n"
        "Costs &pound; \xC2\xA3"
        "2\xC2\xA0"
        "a day, \xE2\x80\x9Cquoted\xE2\x80\x9D and 'single'.\n"
        "Bins\n"
        "Two words");
  CHECK(contents.ids == Strings{"skip", "main", "pay"});
  CHECK(contents.links == Strings{"/style.css", "#main", "/bins/?a=1&b=2#when", "/map.png", "/search/"});
}

TEST_CASE("Rendered contents: the words of a spoken script, a sentence a line", "[rendered]") {
  RenderedContents contents = ReadRenderedMarkup(
      "<?xml version=\"1.0\"?>\n<speak version=\"1.1\" xml:lang=\"en-GB\">\n<p>\n<s>Bins &amp; recycling.</s>\n"
      "<s>Call <say-as interpret-as=\"telephone\">01632 960000</say-as>.</s><break time=\"500ms\"/>\n</p>\n"
      "<p><s>Open 9am.</s></p>\n</speak>\n",
      MarkupKind::kSsml);
  CHECK(contents.text == "Bins & recycling.\nCall 01632 960000.\nOpen 9am.");
  CHECK(contents.ids.empty());
  CHECK(contents.links.empty());
}

TEST_CASE("Rendered contents: markup cut short or odd still ends", "[rendered]") {
  for (std::string markup : {"<main><p>a <", "<main a=\"b", "<main>&#xFFFFFFFFFF; &#0; &bogus; & x</main>",
                             "<main><script>never closed", "<", "<!--", "<main id='x' id=y data>t</main>"}) {
    RenderedContents contents = ReadRenderedMarkup(markup, MarkupKind::kHtmlPage);
    CHECK(contents.text.size() <= markup.size() * 3);
  }
  CHECK(ReadRenderedMarkup("<main>&#0; &bogus; & x</main>", MarkupKind::kHtmlPage).text == "\xEF\xBF\xBD &bogus; & x");
  CHECK(ReadRenderedMarkup("<main id='x' id=y data>t</main>", MarkupKind::kHtmlPage).ids == Strings{"x", "y"});
}

namespace {

struct Record {
  std::string channel;
  Strings paths;
  RenderedContents contents;
};

struct RecordedBuild {
  MemoryOutput output;
  Diagnostics diagnostics;
  BuildResult result;
  std::vector<Record> records;
  std::map<std::string, size_t> record_of_file;  // "channel/path" -> index in records
  // Addresses editors gave in service metadata: another system's, even on
  // the council's own host (a forms system at /forms/).
  std::set<std::string> apply_urls;
  // Every web address the source gives: what check --external checks.
  std::set<std::string> external_urls;
  std::string public_base, intranet_base;
};

std::unique_ptr<RecordedBuild> BuildRecorded(const std::filesystem::path& site_dir) {
  auto built = std::make_unique<RecordedBuild>();
  std::vector<std::unique_ptr<Channel>> owned;
  std::vector<Channel*> channels;
  for (const auto& name : AvailableChannelNames()) {
    owned.push_back(MakeChannel(name));
    channels.push_back(owned.back().get());
  }
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = publish::test::kToday;
  options.jobs = 2;
  options.on_rendered = [&](const ChannelInfo& channel, const RenderedPage& page) {
    Record record{channel.name, {}, page.contents};
    for (const auto& file : page.files) record.paths.push_back(file.path);
    built->records.push_back(std::move(record));
  };
  DiskSiteFiles files(site_dir);
  auto site = LoadCheckedSite(files, options, built->diagnostics, built->result.outcome, channels);
  if (!site || built->result.outcome != Outcome::kSuccess) return built;
  built->result = RenderSite(*site, files, channels, options, built->output, built->diagnostics);
  for (const auto& link : CollectExternalLinks(*site)) built->external_urls.insert(link.url);
  built->public_base = site->config.base_url;
  built->intranet_base = site->config.intranet_url;
  for (const auto& page : site->pages) {
    if (page->meta.service && !page->meta.service->apply_url.empty()) {
      built->apply_urls.insert(page->meta.service->apply_url);
    }
  }
  for (size_t i = 0; i < built->records.size(); ++i) {
    for (const auto& path : built->records[i].paths) built->record_of_file[built->records[i].channel + "/" + path] = i;
  }
  return built;
}

std::string PercentDecoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Every problem with the links and ids of one site's HTML output, one line
// each: a duplicate id, a link inside the output to no file, a fragment to
// no id.
Strings OutputProblems(const RecordedBuild& built, const std::string& public_base, const std::string& intranet_base) {
  Strings problems;
  const auto& files = built.output.files();
  for (const auto& record : built.records) {
    if (record.channel != "public" && record.channel != "intranet" && record.channel != "kiosk") continue;
    const std::string page = record.channel + "/" + record.paths.front();
    std::set<std::string> ids;
    for (const auto& id : record.contents.ids) {
      if (!ids.insert(id).second) problems.push_back(page + ": id '" + id + "' twice");
    }
    for (const auto& link : record.contents.links) {
      if (built.apply_urls.count(link) != 0) continue;
      std::string channel = record.channel;
      std::string path = link;
      if (!public_base.empty() && path.rfind(public_base, 0) == 0) {
        channel = "public";
        path = "/" + path.substr(public_base.size());
      } else if (!intranet_base.empty() && path.rfind(intranet_base, 0) == 0) {
        channel = "intranet";
        path = "/" + path.substr(intranet_base.size());
      }
      if (path.rfind("#", 0) == 0) {
        if (ids.count(path.substr(1)) == 0) problems.push_back(page + ": '" + link + "' names no id on the page");
        continue;
      }
      if (path.rfind("/", 0) != 0 || path.rfind("//", 0) == 0) continue;  // another site, mailto:, tel:
      std::string fragment;
      if (size_t hash = path.find('#'); hash != std::string::npos) {
        fragment = PercentDecoded(path.substr(hash + 1));
        path.erase(hash);
      }
      if (size_t query = path.find('?'); query != std::string::npos) path.erase(query);
      std::string file = channel + PercentDecoded(path);
      if (file.back() == '/') file += "index.html";
      if (files.count(file) == 0) {
        problems.push_back(page + ": '" + link + "' leads to no file of the output");
        continue;
      }
      if (fragment.empty()) continue;
      auto target = built.record_of_file.find(file);
      if (target == built.record_of_file.end()) {
        problems.push_back(page + ": '" + link + "' has a fragment on a file that is not a page");
        continue;
      }
      const Strings& target_ids = built.records[target->second].contents.ids;
      if (std::find(target_ids.begin(), target_ids.end(), fragment) == target_ids.end()) {
        problems.push_back(page + ": '" + link + "' names no id on its page");
      }
    }
  }
  return problems;
}

// Web addresses a channel gives that check --external never sees: none may
// exist, or a broken one would pass every check.
Strings UncheckedAddresses(const RecordedBuild& built) {
  Strings unchecked;
  for (const auto& record : built.records) {
    for (const auto& link : record.contents.links) {
      if (link.rfind("http://", 0) != 0 && link.rfind("https://", 0) != 0) continue;
      if (link.rfind(built.public_base, 0) == 0) continue;
      if (!built.intranet_base.empty() && link.rfind(built.intranet_base, 0) == 0) continue;
      if (built.external_urls.count(link) == 0) {
        unchecked.push_back(record.channel + "/" + record.paths.front() + ": " + link);
      }
    }
  }
  return unchecked;
}

void CheckRecords(const RecordedBuild& built) {
  INFO(publish::test::Lines(built.diagnostics).size() << " diagnostics");
  REQUIRE(built.result.outcome == Outcome::kSuccess);
  // One record for every page each channel holds, naming the files written.
  std::map<std::string, size_t> records_per_channel;
  for (const auto& record : built.records) {
    ++records_per_channel[record.channel];
    REQUIRE(!record.paths.empty());
    for (const auto& path : record.paths) CHECK(built.output.files().count(record.channel + "/" + path) == 1);
  }
  for (const auto& [channel, pages] : built.result.pages_per_channel) CHECK(records_per_channel[channel] == pages);
  for (const auto& record : built.records) {
    INFO(record.channel << "/" << record.paths.front());
    const std::string& file = built.output.files().find(record.channel + "/" + record.paths.front())->second;
    CHECK(!record.contents.text.empty());
    if (record.channel == "text") CHECK(record.contents.text == file);
    if (record.channel == "public" || record.channel == "intranet" || record.channel == "kiosk") {
      CHECK(std::find(record.contents.ids.begin(), record.contents.ids.end(), "main-content") !=
            record.contents.ids.end());
      // The title heads the main content, so it is the text's first line.
      size_t start = file.find("<h1");
      REQUIRE(start != std::string::npos);
      start = file.find('>', start) + 1;
      std::string heading =
          ReadRenderedMarkup("<main>" + file.substr(start, file.find("</h1>", start) - start) + "</main>",
                             MarkupKind::kHtmlPage)
              .text;
      CHECK(record.contents.text.substr(0, heading.size()) == heading);
    }
  }
}

}  // namespace

TEST_CASE("Rendered contents: the sample site's output has no duplicate id and no link to nothing", "[rendered]") {
  auto built = BuildRecorded(publish::test::SourceDir());
  CheckRecords(*built);
  CHECK(OutputProblems(*built, "https://www.northbridge.example.gov.uk/",
                       "https://intranet.northbridge.example.gov.uk/") == Strings{});
  CHECK(UncheckedAddresses(*built) == Strings{});
  CHECK(built->external_urls.size() > 10);
}

TEST_CASE("Rendered contents: a second council site's output has no duplicate id and no link to nothing",
          "[rendered]") {
  auto built = BuildRecorded(publish::test::TestsDir() / "fixtures/golden-site");
  CheckRecords(*built);
  CHECK(OutputProblems(*built, "https://www.lowfield.example.gov.uk/", "") == Strings{});
  CHECK(UncheckedAddresses(*built) == Strings{});
}

TEST_CASE("Rendered contents: the text channel's record lists the addresses it gives", "[rendered]") {
  publish::test::SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\n", "Welcome.\n");
  site.Page("content/bins/_index.md", "title: Bins\n", "See [collections](collections.md).\n");
  site.Page(
      "content/bins/collections.md",
      "title: Bin collections\ntype: service\nservice:\n  online: yes\n  apply_url: https://apply.example.org/bins\n"
      "  contact:\n    email: bins@testshire.gov.uk\n",
      "Mail [us](mailto:bins@testshire.gov.uk) or read <https://example.org/guide>.\n");
  MemoryOutput output;
  Diagnostics diagnostics;
  auto text = MakeChannel("text");
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = publish::test::kToday;
  std::map<std::string, Strings> links;
  options.on_rendered = [&](const ChannelInfo&, const RenderedPage& page) {
    links[page.files.front().path] = page.contents.links;
  };
  REQUIRE(BuildSite(site.files(), {text.get()}, options, output, diagnostics).outcome == Outcome::kSuccess);
  CHECK(links["bins/collections.txt"] == Strings{"https://apply.example.org/bins", "mailto:bins@testshire.gov.uk",
                                                 "mailto:bins@testshire.gov.uk", "https://example.org/guide"});
  CHECK(links["bins/index.txt"] == Strings{"https://www.testshire.example.gov.uk/bins/collections/",
                                           "https://www.testshire.example.gov.uk/bins/collections/"});
}
