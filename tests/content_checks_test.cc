// The content checks: plain English (sentence length, reading ease, words
// to avoid), link text, alt text, titles and summaries, offline services,
// and the site's own severities (site.yaml `checks:`). Each check fires on
// its example with the exact message and position, and not on near misses.
#include <catch2/catch.hpp>

#include "channels/registry.h"
#include "libpublish/base/text.h"
#include "libpublish/checks/content_checks.h"
#include "libpublish/content/page.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::kToday;
using publish::test::LinesWith;
using Strings = std::vector<std::string>;

namespace {

struct Loaded {
  std::optional<Page> page;
  Diagnostics diagnostics;
};

// Loads content/x.md (front matter lines, then a body) and runs the page checks.
Loaded CheckText(const std::string& front, const std::string& body = "",
                 const PlainEnglishConfig& plain_english = PlainEnglishConfig{}) {
  // The opt-in checks on, as a site turns them on.
  SeverityOverrides severities{{"missing-summary", Severity::kWarning},
                               {"offline-service-no-contact", Severity::kWarning}};
  Loaded loaded;
  loaded.page =
      LoadPage("content/x.md", "---\n" + front + "---\n" + body, "en-GB", AvailableChannels(), loaded.diagnostics);
  if (loaded.page) CheckPage(*loaded.page, kToday, plain_english, loaded.diagnostics, severities);
  return loaded;
}

Strings Found(const std::string& body, const std::string& check_id) {
  return LinesWith(CheckText("title: Bins\nsummary: When we collect bins.\n", body).diagnostics, check_id);
}

std::string Words(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += i == 0 ? "Residents" : " can";
  return out + ".";
}

}  // namespace

TEST_CASE("Text segmenter: sentences and their words", "[content-checks]") {
  TextSegmenter segmenter("en");
  SegmentedText out;
  // A postcode's full stop ends a sentence; "e.g." before a lower-case word does not.
  segmenter.Segment("Post it to NB1 9ZZ. Then wait, e.g. till 7am!", out);
  REQUIRE(out.sentences.size() == 2);
  CHECK(out.sentences[0].begin == 0);
  CHECK(out.sentences[1].begin == 20);
  REQUIRE(out.words.size() == 10);  // "e.g." is one word
  CHECK(out.words[4].sentence == 0);
  CHECK(out.words[5].sentence == 1);
}

TEST_CASE("Content checks: a sentence over 25 words", "[content-checks]") {
  // Line 5 is the body's first line; the sentence starts on line 6.
  CHECK(Found("Short one.\n" + Words(26) + "\n", "long-sentence") ==
        Strings{"content/x.md:6:1: warning: the sentence starting 'Residents can can can can can...' has 26 "
                "words; split it (25 words at most) or make it a list [long-sentence]"});
  CHECK(Found("- Short one. " + Words(30) + "\n", "long-sentence") ==
        Strings{"content/x.md:5:3: warning: the sentence starting 'Residents can can can can can...' has 30 "
                "words; split it (25 words at most) or make it a list [long-sentence]"});
  CHECK(Found(Words(25) + " " + Words(25) + "\n", "long-sentence").empty());
  // Punctuation, alt text and a web address are not words.
  CHECK(Found(Words(24) + " - ! ![a b c d e](m.png) <https://a.example/b/c/d/e/f>\n", "long-sentence").empty());
  // Welsh pages have their own rules.
  auto welsh = CheckText("title: Biniau\nsummary: Pryd.\nlang: cy\n", Words(40) + "\n");
  CHECK(LinesWith(welsh.diagnostics, "long-sentence").empty());
}

TEST_CASE("Content checks: words to avoid", "[content-checks]") {
  CHECK(Found("We Utilise the form.\n\nThe utility room.\n", "word-to-avoid") ==
        Strings{"content/x.md:5:1: warning: 'Utilise' is on the list of words to avoid; write 'use' instead, or "
                "say exactly what you mean [word-to-avoid]"});
  CHECK(Found("Call us in order to\nbook. Ring-fencing money.\n", "word-to-avoid") ==
        Strings{"content/x.md:5:1: warning: 'in order to' is on the list of words to avoid; write 'to' instead, or "
                "say exactly what you mean [word-to-avoid]",
                "content/x.md:6:1: warning: 'Ring-fencing' is on the list of words to avoid; write 'setting aside' "
                "instead, or say exactly what you mean [word-to-avoid]"});
  CHECK(Found("In order, to the left. The agenda for the meeting. `leverage` is code.\n", "word-to-avoid") ==
        Strings{"content/x.md:5:1: warning: 'leverage' is on the list of words to avoid; write 'use' instead, or "
                "say exactly what you mean [word-to-avoid]"});
}

TEST_CASE("Content checks: the site adds and removes words to avoid", "[content-checks]") {
  test::SiteBuilder site;
  site.SiteYaml(
          "title: Testshire Council\n"
          "base_url: https://www.testshire.example.gov.uk/\n"
          "plain_english:\n"
          "  words_to_avoid:\n"
          "    add: {Synergy: working together}\n"
          "    remove: [utilise, utilize-it]\n")
      .Page("content/_index.md", "title: Home\nsummary: Testshire.\n", "Synergy is how we utilise it.\n");
  auto checked = test::CheckSite(site);
  CHECK(LinesWith(checked.diagnostics, "word-to-avoid") ==
        Strings{"content/_index.md:5:1: warning: 'Synergy' is on the list of words to avoid; write 'working "
                "together' instead, or say exactly what you mean [word-to-avoid]"});
  CHECK(LinesWith(checked.diagnostics, "bad-value") ==
        Strings{"site.yaml:6:23: error: 'utilize-it' is not on the built-in list of words to avoid (did you mean "
                "'utilize'?) [bad-value]"});
}

TEST_CASE("Content checks: reading ease", "[content-checks]") {
  std::string hard;
  for (int i = 0; i < 15; ++i)
    hard += "Municipal administrative responsibilities necessitate considerable organisational capability. ";
  std::string easy;
  for (int i = 0; i < 20; ++i) easy += "We take your bins on a Monday. ";
  CHECK(Found(hard + "\n", "hard-to-read") ==
        Strings{"content/x.md:5:1: warning: the page is hard to read: its reading ease is -223 (Flesch; the site "
                "asks for 50 or more) with 7 words a sentence and 5.0 syllables a word; use shorter sentences and "
                "everyday words [hard-to-read]"});
  CHECK(Found(easy + "\n", "hard-to-read").empty());
  // Under 100 words the score means little.
  CHECK(Found(hard.substr(0, hard.size() / 2) + "\n", "hard-to-read").empty());
  std::string fair;
  for (int i = 0; i < 13; ++i) fair += "Residents can apply for the scheme online today. ";
  CHECK(Found(fair + "\n", "hard-to-read").empty());
  PlainEnglishConfig strict;
  strict.reading_ease_minimum = 70;
  CHECK(LinesWith(CheckText("title: A\nsummary: B.\n", fair + "\n", strict).diagnostics, "hard-to-read") ==
        Strings{"content/x.md:5:1: warning: the page is hard to read: its reading ease is 61 (Flesch; the site asks "
                "for 70 or more) with 8 words a sentence and 1.6 syllables a word; use shorter sentences and "
                "everyday words [hard-to-read]"});
}

TEST_CASE("Content checks: link text", "[content-checks]") {
  // Resolved first: a link that does not resolve has its own error.
  test::SiteBuilder site;
  site.Page("content/_index.md", "title: Home\nsummary: Testshire.\n",
            "[Bin days](https://a.example/one) and [bin days](https://a.example/two).\n"
            "[Bin days](https://a.example/one/)\n");
  CHECK(LinesWith(test::CheckSite(site).diagnostics, "ambiguous-link-text") ==
        Strings{"content/_index.md:5:50: warning: the link text 'bin days' is also used on line 5 for a link to "
                "'https://a.example/one'; links with the same words must go to the same place, so say where each "
                "goes [ambiguous-link-text]"});
  CHECK(Found("See [https://a.example/b](https://a.example/b) or <https://a.example/c>, www.a.example and "
              "<bins@a.example>.\n",
              "bare-url-link-text") ==
        Strings{"content/x.md:5:27: warning: the link text is the web address 'https://a.example/b', which screen "
                "readers read out character by character; write words that say where it goes, such as [the page's "
                "name](https://a.example/b) [bare-url-link-text]",
                "content/x.md:5:52: warning: the link text is the web address 'https://a.example/c', which screen "
                "readers read out character by character; write words that say where it goes, such as [the page's "
                "name](https://a.example/c) [bare-url-link-text]",
                "content/x.md:5:74: warning: the link text is the web address 'www.a.example', which screen "
                "readers read out character by character; write words that say where it goes, such as [the page's "
                "name](http://www.a.example) [bare-url-link-text]"});
}

TEST_CASE("Content checks: alt text", "[content-checks]") {
  CHECK(Found("![IMG_1234.jpg](a.jpg) ![DSC01234](b.jpg) ![map](map.png)\n", "alt-text-file-name") ==
        Strings{"content/x.md:5:17: warning: the alt text 'IMG_1234.jpg' is a file name, which tells nobody what "
                "the image shows; describe it: ![what the image shows](a.jpg) [alt-text-file-name]",
                "content/x.md:5:36: warning: the alt text 'DSC01234' is a file name, which tells nobody what the "
                "image shows; describe it: ![what the image shows](b.jpg) [alt-text-file-name]"});
  CHECK(Found("![Photo of bins on the kerb](a.jpg) ![Photographs of the 1920s](b.jpg)\n", "alt-text-image-of") ==
        Strings{"content/x.md:5:30: warning: the alt text starts 'Photo of'; screen readers already say it is an "
                "image, so start with what it shows: 'Bins on the kerb' [alt-text-image-of]"});
  std::string long_alt(151, 'a');
  CHECK(Found("![" + long_alt + "](a.jpg) ![" + std::string(150, 'b') + "](b.jpg)\n", "alt-text-too-long") ==
        Strings{"content/x.md:5:156: warning: the alt text is 151 characters long; keep it under 150 and put the "
                "detail in a caption or the text next to the image [alt-text-too-long]"});
}

TEST_CASE("Content checks: titles, summaries and offline services", "[content-checks]") {
  std::string long_title(66, 't');
  auto page = CheckText("title: " + long_title + "\n");
  CHECK(LinesWith(page.diagnostics, "title-too-long") ==
        Strings{"content/x.md:2:1: warning: the title is 66 characters long; keep it to 65 (search results cut "
                "longer titles) with the most important words first [title-too-long]"});
  CHECK(LinesWith(page.diagnostics, "missing-summary") ==
        Strings{"content/x.md:2:1: warning: the page has no 'summary'; add one sentence saying what the page is "
                "for (search results and listings show it) [missing-summary]"});
  auto summarised = CheckText("title: " + std::string(65, 't') + "\nsummary: " + std::string(161, 's') + "\n");
  CHECK(LinesWith(summarised.diagnostics, "title-too-long").empty());
  CHECK(LinesWith(summarised.diagnostics, "summary-too-long") ==
        Strings{"content/x.md:3:1: warning: the summary is 161 characters long; keep it to 160 (search results "
                "cut longer summaries) [summary-too-long]"});
  auto offline = CheckText("title: Rent a hall\nsummary: Book it.\ntype: service\nservice:\n  online: no\n");
  CHECK(LinesWith(offline.diagnostics, "offline-service-no-contact") ==
        Strings{"content/x.md:6:3: warning: the service cannot be done online and gives no phone, email or "
                "address, so residents have no way to use it; add 'contact:' with at least one of them "
                "[offline-service-no-contact]"});
  auto reachable = CheckText(
      "title: Rent a hall\nsummary: Book it.\ntype: service\nservice:\n  online: no\n  contact:\n    phone: 01632 "
      "960 000\n");
  CHECK(LinesWith(reachable.diagnostics, "offline-service-no-contact").empty());
}

TEST_CASE("Content checks: titles are unique across the site", "[content-checks]") {
  test::SiteBuilder site;
  site.Page("content/_index.md", "title: Home\nsummary: Testshire.\n")
      .Page("content/a.md", "title: Bin days\nsummary: A.\n")
      .Page("content/b.md", "title: bin days \nsummary: B.\n")
      .Page("content/c.md", "title: Bin day\nsummary: C.\n");
  CHECK(LinesWith(test::CheckSite(site).diagnostics, "duplicate-title") ==
        Strings{"content/b.md:2:1: warning: the title 'bin days' is also the title of content/a.md; give each "
                "page a title that says how it differs [duplicate-title]"});
}

TEST_CASE("Content checks: site.yaml sets the severity of warnings", "[content-checks]") {
  test::SiteBuilder site;
  site.SiteYaml(
          "title: Testshire Council\n"
          "base_url: https://www.testshire.example.gov.uk/\n"
          "checks:\n"
          "  missing-summary: error\n"
          "  long-sentence: off\n"
          "  word-to-avoid: warning\n")
      .Page("content/_index.md", "title: Home\n", Words(30) + " We utilise it.\n");
  auto checked = test::CheckSite(site);
  CHECK(LinesWith(checked.diagnostics, "missing-summary") ==
        Strings{"content/_index.md:2:1: error: the page has no 'summary'; add one sentence saying what the page is "
                "for (search results and listings show it) [missing-summary]"});
  CHECK(LinesWith(checked.diagnostics, "long-sentence").empty());
  CHECK(LinesWith(checked.diagnostics, "word-to-avoid").size() == 1);
  CHECK(checked.outcome == Outcome::kContentErrors);
}

TEST_CASE("Content checks: checks: refuses unknown ids and lowering errors", "[content-checks]") {
  test::SiteBuilder site;
  site.SiteYaml(
          "title: Testshire Council\n"
          "base_url: https://www.testshire.example.gov.uk/\n"
          "checks:\n"
          "  long-sentences: off\n"
          "  raw-html: warning\n"
          "  broken-link: error\n"
          "  title-too-long: never\n")
      .Page("content/_index.md", "title: Home\nsummary: Testshire.\n");
  auto checked = test::CheckSite(site);
  CHECK(LinesWith(checked.diagnostics, "unknown-key") ==
        Strings{"site.yaml:4:3: error: unknown check 'long-sentences' in checks (did you mean 'long-sentence'?) "
                "[unknown-key]"});
  CHECK(LinesWith(checked.diagnostics, "bad-value") ==
        Strings{"site.yaml:5:13: error: 'raw-html' is an error, which keeps the site's output correct and safe; it "
                "cannot be made a warning or turned off: fix what it reports [bad-value]",
                "site.yaml:7:19: error: 'title-too-long' cannot be 'never'; use error, warning or off [bad-value]"});
}
