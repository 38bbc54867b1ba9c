// The text channel and its writer: wrapping by display columns with ICU
// line breaking, addresses kept whole, headings, lists, tables, numbered
// references, service lines, what the channel holds, and golden files of
// sample-site pages at 72 and 40 columns.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include "channels/registry.h"
#include "channels/text/text_channel.h"
#include "channels/text/text_writer.h"
#include "libpublish/base/text.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::Count;
using publish::test::SiteBuilder;
using publish::test::SplitLines;
using Strings = std::vector<std::string>;

namespace {

const std::string kLongParagraph =
    "Your collection day depends on the area you live in. Put your bins out by 7am on your collection day. "
    "Bring them back in by the end of the day. Food caddies are collected every week on the same day as your "
    "other bins, and brown garden waste bins every 2 weeks if you have a subscription.";

std::string Wrapped(const InlineText& text, int width, const std::string& language = "en-GB") {
  TextWriter writer(width, language);
  writer.Paragraph(text);
  return writer.Finish();
}

int WidestLine(const std::string& text) {
  int widest = 0;
  for (const auto& line : SplitLines(text)) widest = std::max(widest, DisplayWidth(line));
  return widest;
}

// The lines joined back into one paragraph.
std::string Rejoined(const std::string& text) {
  std::string joined;
  for (const auto& line : SplitLines(text)) joined += (joined.empty() ? "" : " ") + line;
  return joined;
}

// Output rules every text file keeps.
void CheckWellFormed(const std::string& name, const std::string& text) {
  INFO(name);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  CHECK(text.find("\n\n\n") == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.substr(text.size() - std::min<size_t>(2, text.size())) != "\n\n");
  CHECK(FindInvalidUtf8(text) == std::string_view::npos);
  for (const auto& line : SplitLines(text)) {
    INFO(line);
    CHECK((line.empty() || (line.back() != ' ' && line.back() != '\t')));
  }
}

struct TextBuild {
  MemoryOutput output;
  Diagnostics diagnostics;
  BuildResult result;
  std::string File(const std::string& path) const {
    auto it = output.files().find("text/" + path);
    return it == output.files().end() ? std::string() : it->second;
  }
  bool Has(const std::string& path) const { return output.files().count("text/" + path) > 0; }
};

std::unique_ptr<TextBuild> BuildText(const SiteFiles& files, int width = 72) {
  auto built = std::make_unique<TextBuild>();
  ChannelOptions channel_options;
  channel_options.text.width = width;
  auto channel = MakeChannel("text", channel_options);
  REQUIRE(channel);
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = test::kToday;
  built->result = BuildSite(files, {channel.get()}, options, built->output, built->diagnostics);
  return built;
}

const std::string kSecret = "Zebra secret";

SiteBuilder CouncilSite() {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\nsummary: Council services in Testshire.\n",
            "Welcome. See [bins](bins/_index.md).\n");
  site.Page("content/bins/_index.md", "title: Bins and recycling\nsummary: Collections and recycling.\n",
            "Everything about bins.\n");
  site.Page("content/bins/collection-days.md",
            "title: Check your collection day\nsummary: Find your day.\nweight: 10\nupdated: 2026-03-02\n",
            "## Bank holidays\n\n"
            "Collections move by a day. See the [map](/images/map.png) and ![Sizes of bins](bin-sizes.png).\n\n"
            "Read [GOV.UK](https://www.gov.uk/) or [book a bulky collection](bulky-waste.md#what-we-take). "
            "Read [GOV.UK again](https://www.gov.uk/).\n\n"
            "Email [waste@testshire.example.gov.uk](mailto:waste@testshire.example.gov.uk), "
            "[write to us](mailto:post@testshire.example.gov.uk), call [01632 960 000](tel:+441632960000) or "
            "[our helpline](tel:+441632960001). Visit <https://www.testshire.example.gov.uk/bins/>.\n\n"
            "### Christmas\n\nSee [below](#christmas).\n");
  site.File("content/bins/bin-sizes.png", "PNGDATA");
  site.File("static/images/map.png", "MAPDATA");
  site.Page("content/bins/bulky-waste.md",
            "title: Book a bulky waste collection\n"
            "summary: We collect large items for a fee.\n"
            "type: service\n"
            "weight: 20\n"
            "service:\n"
            "  department: Waste services\n"
            "  online: yes\n"
            "  apply_url: https://forms.testshire.example.gov.uk/bulky\n"
            "  cost: £25 for up to 3 items\n"
            "  eligibility: [You live in Testshire]\n"
            "  contact:\n"
            "    phone: 01632 960 000\n"
            "    email: waste@testshire.example.gov.uk\n"
            "    address: Town Hall, Testshire TE1 1ST\n"
            "  hours:\n"
            "    - {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}\n"
            "    - {days: Saturday, opens: \"09:30\", closes: \"12:00\"}\n"
            "  related: [collection-days.md, assisted.md]\n",
            "## What we take\n\nSofas and fridges.\n");
  site.Page("content/bins/assisted.md",
            "title: Assisted bin collections\n"
            "type: service\n"
            "weight: 30\n"
            "service:\n"
            "  online: no\n"
            "  eligibility: [You cannot move your bin, Nobody in your home can help]\n",
            "Ask us to collect your bins from your door.\n");
  site.Page("content/bins/web-only.md", "title: Web only page\nchannels: [public]\nweight: 40\n", "Only on the web.\n");
  site.Page("content/bins/secret-rota.md", "title: " + kSecret + " rota\nvisibility: internal\n", "Crews only.\n");
  site.Page("content/staff/_index.md", "title: " + kSecret + " staff\nvisibility: internal\n", "Staff things.\n");
  site.Page("content/staff/leave.md", "title: " + kSecret + " leave\nvisibility: internal\n", "Book leave.\n");
  return site;
}

}  // namespace

// The writer -------------------------------------------------------------------

TEST_CASE("Text channel: paragraphs wrap at 72 and 40 columns without losing words", "[text]") {
  for (int width : {72, 40}) {
    INFO("width " << width);
    std::string text = Wrapped(InlineText().Words(kLongParagraph), width);
    CHECK(WidestLine(text) <= width);
    CHECK(WidestLine(text) >= width - 12);  // lines are filled, not cut short
    CHECK(Rejoined(text) == kLongParagraph);
    CheckWellFormed("paragraph", text);
  }
  CHECK(SplitLines(Wrapped(InlineText().Words(kLongParagraph), 72)).size() == 5);
  CHECK(SplitLines(Wrapped(InlineText().Words(kLongParagraph), 40)).size() == 8);
}

TEST_CASE("Text channel: width 0 does not wrap", "[text]") {
  std::string text = Wrapped(InlineText().Words(kLongParagraph), 0);
  CHECK(text == kLongParagraph + "\n");
}

TEST_CASE("Text channel: a hard line break ends the line", "[text]") {
  InlineText text;
  text.Words("Town Hall").LineBreak().Words("High Street").LineBreak().Words(" Northbridge");
  CHECK(Wrapped(text, 40) == "Town Hall\nHigh Street\nNorthbridge\n");
}

TEST_CASE("Text channel: URLs and email addresses are never broken", "[text]") {
  const std::string url = "https://www.northbridge.example.gov.uk/bins-and-recycling/collection-days/";
  const std::string email = "council.tax-enquiries@northbridge.example.gov.uk";
  for (int width : {72, 40, 30}) {
    INFO("width " << width);
    InlineText text;
    text.Words("For the full list of days see ")
        .Unbreakable(url)
        .Words(" or write to ")
        .Unbreakable(email)
        .Words(" and we will reply within 5 working days.");
    std::string wrapped = Wrapped(text, width);
    Strings lines = SplitLines(wrapped);
    // Each address is whole on one line, alone when it is wider than the width.
    bool url_whole = false, email_whole = false;
    for (const auto& line : lines) {
      if (line.find(url) != std::string::npos) url_whole = true;
      if (line.find(email) != std::string::npos) email_whole = true;
      if (DisplayWidth(line) > width) CHECK((line == url || line == email + "," || line == email));
    }
    CHECK(url_whole);
    CHECK(email_whole);
  }
  // Found in running words too, where nobody marked them.
  std::string plain = Wrapped(InlineText().Words("Go to https://www.gov.uk/council-tax-bands/check-your-band-online "
                                                 "or email band.checks@voa.example.gov.uk today."),
                              30);
  CHECK(Count(plain, "https://www.gov.uk/council-tax-bands/check-your-band-online") == 1);
  CHECK(Count(plain, "band.checks@voa.example.gov.uk") == 1);
}

TEST_CASE("Text channel: phone numbers, postcodes, dates and ranges stay on one line", "[text]") {
  for (int width = 20; width <= 60; ++width) {
    INFO("width " << width);
    std::string text = Wrapped(InlineText().Words("Call 01632 960 000 or write to Town Hall, Northbridge NB1 1AA. "
                                                  "Lines are open 9am to 5pm and 9:30am to midday. From 1 April 2026 "
                                                  "to 31 March, and on 3 Mawrth 2027, Monday to Saturday."),
                               width);
    CHECK(Count(text, "01632 960 000") == 1);
    CHECK(Count(text, "NB1 1AA") == 1);
    CHECK(Count(text, "9am to 5pm") == 1);
    CHECK(Count(text, "9:30am to midday") == 1);
    CHECK(Count(text, "1 April 2026") == 1);
    CHECK(Count(text, "31 March,") == 1);
    CHECK(Count(text, "3 Mawrth 2027,") == 1);
    CHECK(Count(text, "Monday to Saturday.") == 1);
  }
}

TEST_CASE("Text channel: wide characters count as two columns, combining marks as none", "[text]") {
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("東京都庁") == 8);
  CHECK(DisplayWidth("ＡＢＣ") == 6);     // fullwidth
  CHECK(DisplayWidth("e\xCC\x81") == 1);  // e + combining acute
  CHECK(DisplayWidth("Ŵyl") == 3);
  CHECK(DisplayWidth("a\xE2\x80\x8B"
                     "b") == 2);                   // zero width space
  CHECK(PrefixWithinWidth("東京都庁", 5) == 6);    // two ideographs, three bytes each
  CHECK(PrefixWithinWidth("e\xCC\x81x", 1) == 3);  // the mark stays with its letter

  const std::string cjk =
      "東京都庁は、日本の首都である東京都の行政機関です。都庁舎は新宿区にあり、"
      "展望室は無料で公開されています。";
  std::string text = Wrapped(InlineText().Words(cjk), 40, "ja");
  Strings lines = SplitLines(text);
  REQUIRE(lines.size() >= 3);
  for (size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i]);
    CHECK(DisplayWidth(lines[i]) <= 40);
    if (i + 1 < lines.size()) CHECK(DisplayWidth(lines[i]) >= 36);  // filled by columns, not code points
    CHECK(lines[i].rfind("、", 0) != 0);                            // no line starts with a comma
  }
  std::string joined;
  for (const auto& line : lines) joined += line;
  CHECK(joined == cjk);
}

TEST_CASE("Text channel: a word wider than the line is cut, an address is not", "[text]") {
  std::string word(50, 'x');
  Strings lines = SplitLines(Wrapped(InlineText().Words("a " + word), 20));
  CHECK(lines == Strings{"a", std::string(20, 'x'), std::string(20, 'x'), std::string(10, 'x')});
  std::string url = "https://example.gov.uk/" + std::string(40, 'a');
  Strings lines_with_url = SplitLines(Wrapped(InlineText().Words("see ").Unbreakable(url).Words(" now"), 20));
  CHECK(lines_with_url == Strings{"see", url, "now"});
}

TEST_CASE("Text channel: very long paragraphs wrap quickly", "[text]") {
  auto started = std::chrono::steady_clock::now();
  InlineText links;
  for (int i = 0; i < 5000; ++i) {
    links.Words("see page").Glued(" [" + std::to_string(i) + "]").Words(" or ");
    links.Unbreakable("https://example.gov.uk/" + std::to_string(i));
    links.Words(" or call 01632 960 000, ");
  }
  std::string wrapped = Wrapped(links, 72);
  CHECK(WidestLine(wrapped) <= 72);
  std::string word = Wrapped(InlineText().Words(std::string(200000, 'x')), 40);
  CHECK(SplitLines(word).size() == 5000);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("Text channel: a glued reference marker stays with the word before it", "[text]") {
  for (int width = 10; width <= 40; ++width) {
    InlineText text;
    text.Words("Read about bulky waste collections").Glued(" [12]").Words(" before you book.");
    std::string wrapped = Wrapped(text, width);
    INFO(wrapped);
    CHECK(Count(wrapped, "collections [12]") == 1);
  }
}

TEST_CASE("Text channel: prefixes give list markers, hanging indents and quotes", "[text]") {
  TextWriter writer(30, "en-GB");
  writer.PushPrefix("- ", "  ");
  writer.Paragraph(InlineText().Words("the name and address of your bank or building society"));
  writer.PopPrefix();
  writer.BlankLine();
  writer.PushPrefix("> ", "> ");
  writer.Paragraph(InlineText().Words("First quoted paragraph."));
  writer.BlankLine();
  writer.Paragraph(InlineText().Words("Second."));
  writer.PopPrefix();
  writer.BlankLine();
  writer.PushPrefix("- ", "  ");
  writer.PopPrefix();  // an empty item keeps its marker
  CHECK(writer.Finish() ==
        "- the name and address of your\n"
        "  bank or building society\n"
        "\n"
        "> First quoted paragraph.\n"
        ">\n"
        "> Second.\n"
        "\n"
        "-\n");
}

TEST_CASE("Text channel: headings are underlined to their display width, capped at the width", "[text]") {
  TextWriter writer(40, "en-GB");
  writer.Heading(InlineText().Words("Pay"), '=');
  writer.BlankLine();
  writer.Heading(InlineText().Words("東京"), '-');
  writer.BlankLine();
  writer.Heading(InlineText().Words("Apply for a council tax reduction if you are on a low income"), '~');
  CHECK(writer.Finish() ==
        "Pay\n===\n\n"
        "東京\n----\n\n"
        "Apply for a council tax reduction if you\n"
        "are on a low income\n"
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
  TextWriter narrow(20, "en-GB");
  std::string url = "https://www.northbridge.example.gov.uk/";
  narrow.Heading(InlineText().Unbreakable(url), '=');
  CHECK(narrow.Finish() == url + "\n" + std::string(20, '=') + "\n");
}

TEST_CASE("Text channel: tables are aligned columns when they fit", "[text]") {
  TextWriter writer(40, "en-GB");
  std::vector<std::vector<InlineText>> rows(3);
  for (const char* cell : {"Year", "Rate", "Change"}) rows[0].push_back(InlineText().Words(cell));
  for (const char* cell : {"2025", "48%", "+2"}) rows[1].push_back(InlineText().Words(cell));
  for (const char* cell : {"2026", "51.5%", "+3.5"}) rows[2].push_back(InlineText().Words(cell));
  writer.Table(rows, {ColumnAlign::kLeft, ColumnAlign::kCentre, ColumnAlign::kRight});
  CHECK(writer.Finish() ==
        "Year  Rate   Change\n"
        "----  -----  ------\n"
        "2025   48%       +2\n"
        "2026  51.5%    +3.5\n");
}

TEST_CASE("Text channel: tables too wide for the line become Header: value records", "[text]") {
  TextWriter writer(40, "en-GB");
  std::vector<std::vector<InlineText>> rows(3);
  for (const char* cell : {"Area", "Collection day", "Week 1"}) rows[0].push_back(InlineText().Words(cell));
  for (const char* cell : {"Riverside and Ashby Green", "Friday", "Green bin (general waste)"}) {
    rows[1].push_back(InlineText().Words(cell));
  }
  for (const char* cell : {"Old Town", "", "Blue bin (recycling) and the food caddy for kitchen scraps"}) {
    rows[2].push_back(InlineText().Words(cell));
  }
  writer.Table(rows, {});
  CHECK(writer.Finish() ==
        "Area: Riverside and Ashby Green\n"
        "Collection day: Friday\n"
        "Week 1: Green bin (general waste)\n"
        "\n"
        "Area: Old Town\n"
        "Week 1: Blue bin (recycling) and the\n"
        "  food caddy for kitchen scraps\n");
  // The same table fits on a wider line.
  TextWriter wide(120, "en-GB");
  wide.Table(rows, {});
  CHECK(SplitLines(wide.Finish()).size() == 4);
}

// The channel -------------------------------------------------------------------

TEST_CASE("Text channel: registered, holding every public page and writing .txt files", "[text]") {
  auto channel = MakeChannel("text");
  REQUIRE(channel);
  CHECK(channel->Name() == "text");
  auto built = BuildText(CouncilSite().files());
  INFO(test::Lines(built->diagnostics).size());
  REQUIRE(built->result.outcome == Outcome::kSuccess);
  Strings paths;
  for (const auto& [path, contents] : built->output.files()) paths.push_back(path);
  CHECK(paths == Strings{"text/bins/assisted.txt", "text/bins/bulky-waste.txt", "text/bins/collection-days.txt",
                         "text/bins/index.txt", "text/index.txt"});
  for (const auto& [path, contents] : built->output.files()) CheckWellFormed(path, contents);
}

TEST_CASE("Text channel: internal pages never appear, not even in listings", "[text]") {
  auto built = BuildText(CouncilSite().files());
  REQUIRE(built->result.outcome == Outcome::kSuccess);
  for (const auto& [path, contents] : built->output.files()) {
    INFO(path);
    CHECK(contents.find(kSecret) == std::string::npos);
    CHECK(contents.find("/staff/") == std::string::npos);
    CHECK(contents.find("secret-rota") == std::string::npos);
  }
  // Listings skip pages the channel leaves out by `channels:` too.
  std::string section = built->File("bins/index.txt");
  CHECK(section.find("Web only page") == std::string::npos);
  CHECK(section.find("- Check your collection day [1]\n  Find your day.\n") != std::string::npos);
  CHECK(section.find("- Assisted bin collections [3]\n") != std::string::npos);
  std::string home = built->File("index.txt");
  CHECK(home.find("Sections\n--------\n\n- Bins and recycling [1]\n  Collections and recycling.\n") !=
        std::string::npos);
}

TEST_CASE("Text channel: the title and summary come first, the title underlined with '='", "[text]") {
  auto built = BuildText(CouncilSite().files());
  std::string text = built->File("bins/collection-days.txt");
  CHECK(text.rfind("Check your collection day\n=========================\n\n"
                   "Find your day.\n\n"
                   "Bank holidays\n-------------\n\n",
                   0) == 0);
  CHECK(text.find("\nChristmas\n~~~~~~~~~\n") != std::string::npos);
  CHECK(text.find("\nLast updated: 2 March 2026\n") != std::string::npos);
}

TEST_CASE("Text channel: links become numbered references listed at the end", "[text]") {
  auto built = BuildText(CouncilSite().files());
  std::string text = built->File("bins/collection-days.txt");
  INFO(text);
  // Numbered by first appearance; a URL seen twice keeps its number.
  CHECK(text.find("See the map [1] and [Image: Sizes of bins].") != std::string::npos);
  CHECK(text.find("Read GOV.UK [2] or book a bulky collection [3]. Read GOV.UK again [2].") != std::string::npos);
  // Words that already are the address need no reference.
  CHECK(text.find("Email waste@testshire.example.gov.uk, write to us [4], call\n01632 960 000 or our helpline [5]. "
                  "Visit\nhttps://www.testshire.example.gov.uk/bins/.\n") != std::string::npos);
  CHECK(text.find("See below [6].") != std::string::npos);
  std::string references = text.substr(text.find("\nReferences\n----------\n\n"));
  CHECK(references ==
        "\nReferences\n----------\n\n"
        "[1] https://www.testshire.example.gov.uk/images/map.png\n"
        "[2] https://www.gov.uk/\n"
        "[3] https://www.testshire.example.gov.uk/bins/bulky-waste/#what-we-take\n"
        "[4] post@testshire.example.gov.uk\n"
        "[5] +441632960001\n"
        "[6] https://www.testshire.example.gov.uk/bins/collection-days/#christmas\n");
}

TEST_CASE("Text channel: reference numbers line up past 9", "[text]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  std::string body;
  for (int i = 1; i <= 11; ++i) {
    body += "- [Link " + std::to_string(i) + "](https://example.gov.uk/" + std::to_string(i) + ")\n";
  }
  site.Page("content/links.md", "title: Links\n", body);
  auto built = BuildText(site.files());
  std::string text = built->File("links.txt");
  CHECK(text.find("\n [9] https://example.gov.uk/9\n[10] https://example.gov.uk/10\n") != std::string::npos);
  CHECK(text.find("\n- Link 11 [11]\n") != std::string::npos);
}

TEST_CASE("Text channel: service metadata as labelled lines after the summary", "[text]") {
  auto built = BuildText(CouncilSite().files());
  std::string text = built->File("bins/bulky-waste.txt");
  CHECK(text.rfind("Book a bulky waste collection\n"
                   "=============================\n"
                   "\n"
                   "We collect large items for a fee.\n"
                   "\n"
                   "You can do this online.\n"
                   "Start now: https://forms.testshire.example.gov.uk/bulky\n"
                   "\n"
                   "Cost: £25 for up to 3 items\n"
                   "Who can use this service: You live in Testshire\n"
                   "Department: Waste services\n"
                   "\n"
                   "Phone: 01632 960 000\n"
                   "Email: waste@testshire.example.gov.uk\n"
                   "Address: Town Hall, Testshire TE1 1ST\n"
                   "Opening hours:\n"
                   "- Monday to Friday, 9am to 5pm\n"
                   "- Saturday, 9:30am to midday\n"
                   "\n"
                   "What we take\n"
                   "------------\n",
                   0) == 0);
  CHECK(text.find("Related services\n"
                  "----------------\n"
                  "\n"
                  "- Check your collection day [1]\n"
                  "- Assisted bin collections [2]\n"
                  "\n"
                  "References\n"
                  "----------\n"
                  "\n"
                  "[1] https://www.testshire.example.gov.uk/bins/collection-days/\n"
                  "[2] https://www.testshire.example.gov.uk/bins/assisted/\n") != std::string::npos);
  std::string offline = built->File("bins/assisted.txt");
  CHECK(offline.find("You cannot do this online.\n\nWho can use this service:\n- You cannot move your bin\n"
                     "- Nobody in your home can help\n") != std::string::npos);
  CHECK(offline.find("Start now") == std::string::npos);
}

TEST_CASE("Text channel: service lines wrap with a hanging indent at 40", "[text]") {
  auto built = BuildText(CouncilSite().files(), 40);
  std::string text = built->File("bins/bulky-waste.txt");
  CHECK(text.find("\nStart now:\n  https://forms.testshire.example.gov.uk/bulky\n") != std::string::npos);
  CHECK(text.find("\nWho can use this service: You live in\n  Testshire\n") != std::string::npos);
}

TEST_CASE("Text channel: lists, tasks, code, quotes, rules and tables in a page body", "[text]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/page.md", "title: Blocks\n",
            "Before.\n\n"
            "- one\n- two\n  - nested two\n"
            "  - nested three with enough words to wrap past the fortieth column\n- three\n\n"
            "1. first\n2. second\n   1. inner\n\n"
            "- [x] Done thing\n- [ ] Thing to do\n\n"
            "```\ncode  line\n\tindented   \n```\n\n"
            "> Quoted advice that is long enough to wrap onto a second line.\n>\n> Second paragraph.\n\n"
            "---\n\n"
            "| Band | Charge |\n|:-----|-------:|\n| A | £1,476.60 |\n| H | £4,429.80 |\n\n"
            "~~£20~~ £25 *now* **only** `CT1`.\n\n"
            "After.\n");
  auto built = BuildText(site.files(), 40);
  CHECK(built->File("page.txt") ==
        "Blocks\n"
        "======\n"
        "\n"
        "Before.\n"
        "\n"
        "- one\n"
        "- two\n"
        "  - nested two\n"
        "  - nested three with enough words to\n"
        "    wrap past the fortieth column\n"
        "- three\n"
        "\n"
        "1. first\n"
        "2. second\n"
        "   1. inner\n"
        "\n"
        "[x] Done thing\n"
        "[ ] Thing to do\n"
        "\n"
        "    code  line\n"
        "        indented\n"
        "\n"
        "> Quoted advice that is long enough to\n"
        "> wrap onto a second line.\n"
        ">\n"
        "> Second paragraph.\n"
        "\n"
        "----------------------------------------\n"
        "\n"
        "Band     Charge\n"
        "----  ---------\n"
        "A     £1,476.60\n"
        "H     £4,429.80\n"
        "\n"
        "[deleted: £20] £25 now only CT1.\n"
        "\n"
        "After.\n");
}

TEST_CASE("Text channel: loose lists keep a blank line between items", "[text]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/page.md", "title: Steps\n",
            "1. Fill in the form.\n\n   Keep a copy.\n\n2. Send it to us.\n\n"
            "8) Eighth\n9) Ninth\n10) Tenth\n");
  auto built = BuildText(site.files(), 40);
  CHECK(built->File("page.txt") ==
        "Steps\n=====\n\n"
        "1. Fill in the form.\n\n   Keep a copy.\n\n2. Send it to us.\n\n"
        " 8. Eighth\n 9. Ninth\n10. Tenth\n");
}

TEST_CASE("Text channel: lists inside quotes inside lists keep their markers, prefixes and blank lines", "[text]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/page.md", "title: Nesting\n",
            "Before.\n\n"
            "- Bring:\n"
            "  > Check the list:\n"
            "  > - proof of address\n"
            "  > - one of these:\n"
            "  >   1. a passport with enough words to wrap past the fortieth column\n"
            "  >   2. a [driving licence](https://example.com/licence)\n"
            "- Then come in.\n\n"
            "1. Loose:\n\n"
            "   > - quoted item\n"
            "   >\n"
            "   >   - inner loose\n"
            "   >\n"
            "   >   - inner too\n\n"
            "2. Last.\n\n"
            "After.\n");
  auto built = BuildText(site.files(), 40);
  // A quote keeps its blank lines even in a tight list's item.
  CHECK(built->File("page.txt") ==
        "Nesting\n"
        "=======\n"
        "\n"
        "Before.\n"
        "\n"
        "- Bring:\n"
        "\n"
        "  > Check the list:\n"
        "  >\n"
        "  > - proof of address\n"
        "  > - one of these:\n"
        "  >   1. a passport with enough words to\n"
        "  >      wrap past the fortieth column\n"
        "  >   2. a driving licence [1]\n"
        "\n"
        "- Then come in.\n"
        "\n"
        "1. Loose:\n"
        "\n"
        "   > - quoted item\n"
        "   >\n"
        "   >   - inner loose\n"
        "   >\n"
        "   >   - inner too\n"
        "\n"
        "2. Last.\n"
        "\n"
        "After.\n"
        "\n"
        "References\n"
        "----------\n"
        "\n"
        "[1] https://example.com/licence\n");
}

TEST_CASE("Text channel: content nested 150 levels deep renders", "[text]") {
  // 150 quotes; 75 lists (a list and its item are two levels); quotes and
  // lists in turn. The parser stops at 200 levels.
  std::string quotes;
  for (int level = 0; level < 150; ++level) quotes += "> ";
  quotes += "Deep quote.\n";
  std::string lists;
  for (size_t level = 0; level < 75; ++level)
    lists += std::string(level * 2, ' ') + "- level " + std::to_string(level) + "\n";
  std::string mixed;
  for (int level = 0; level < 50; ++level) mixed += "> - ";
  mixed += "Deep mix.\n";
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/quotes.md", "title: Quotes\n", quotes);
  site.Page("content/lists.md", "title: Lists\n", lists);
  site.Page("content/mixed.md", "title: Mixed\n", mixed);
  // Unwrapped, each comes out as written.
  auto built = BuildText(site.files(), 0);
  REQUIRE(built->result.outcome == Outcome::kSuccess);
  CHECK(built->File("quotes.txt") == "Quotes\n======\n\n" + quotes);
  CHECK(built->File("lists.txt") == "Lists\n=====\n\n" + lists);
  CHECK(built->File("mixed.txt") == "Mixed\n=====\n\n" + mixed);
  // Prefixes wider than the page still leave room for the words.
  auto narrow = BuildText(site.files(), 40);
  REQUIRE(narrow->result.outcome == Outcome::kSuccess);
  CHECK(narrow->File("quotes.txt").find("Deep") != std::string::npos);
  CHECK(narrow->File("lists.txt").find("level 74") != std::string::npos);
  CHECK(narrow->File("mixed.txt").find("Deep") != std::string::npos);
}

TEST_CASE("Text channel: a generated landing page lists its pages", "[text]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/parking/car-parks.md", "title: Car parks\nsummary: Where to park.\n", "Text.\n");
  site.Page("content/parking/rota.md", "title: " + kSecret + "\nvisibility: internal\n", "Text.\n");
  auto built = BuildText(site.files());
  std::string text = built->File("parking/index.txt");
  CHECK(text.find("In this section\n---------------\n\n- Car parks [1]\n  Where to park.\n") != std::string::npos);
  CHECK(text.find(kSecret) == std::string::npos);
}

TEST_CASE("Text channel: Welsh pages use Welsh words", "[text]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n");
  site.Page("content/talu.md",
            "title: Talu\nlang: cy\ntype: service\nservice:\n  online: yes\n  apply_url: https://pay.example.gov.uk/\n"
            "  hours:\n    - {days: Monday to Friday, opens: \"09:00\", closes: \"16:00\"}\n",
            "Gweler [y dudalen](https://example.gov.uk/) a ![Map](map.png).\n");
  site.File("content/map.png", "PNG");
  auto built = BuildText(site.files());
  std::string text = built->File("talu.txt");
  INFO(text);
  CHECK(text.find("Gallwch wneud hyn ar-lein.\nDechrau nawr: https://pay.example.gov.uk/\n") != std::string::npos);
  CHECK(text.find("\nOriau agor: ") != std::string::npos);
  CHECK(text.find("[Delwedd: Map]") != std::string::npos);
  CHECK(text.find("\nCyfeiriadau\n-----------\n\n[1] https://example.gov.uk/\n") != std::string::npos);
}

TEST_CASE("Text channel: a page's channels: list can leave it out", "[text]") {
  auto built = BuildText(CouncilSite().files());
  CHECK_FALSE(built->Has("bins/web-only.txt"));
  auto checked = test::CheckSite(CouncilSite());
  REQUIRE(checked.site);
  const auto& site = *checked.site;
  CHECK_FALSE(site.Holds("text", *site.FindPage("bins/web-only.md")));
  CHECK_FALSE(site.Holds("text", *site.FindPage("staff/leave.md")));
  CHECK(site.Holds("text", *site.FindPage("bins/assisted.md")));
}

// Golden files ---------------------------------------------------------------

TEST_CASE("Text channel: sample-site pages match their golden files at 72 and 40", "[text]") {
  const Strings pages{"index.txt",
                      "bins-and-recycling/index.txt",
                      "bins-and-recycling/collection-days.txt",
                      "council-tax/pay-your-council-tax.txt",
                      "council-tax/talu-treth-y-cyngor.txt",
                      "council-tax/council-tax-bands.txt",
                      "libraries/library-opening-times.txt"};
  DiskSiteFiles files(test::SourceDir(), {test::SourceDir() / "_site"});
  for (int width : {72, 40}) {
    auto built = BuildText(files, width);
    REQUIRE(built->result.outcome == Outcome::kSuccess);
    for (const auto& [path, contents] : built->output.files()) {
      CheckWellFormed(path, contents);
      INFO(path);
      CHECK(contents.find("/staff/") == std::string::npos);
    }
    for (const auto& page : pages) {
      std::filesystem::path golden = test::TestsDir() / "golden/text" / std::to_string(width) / page;
      std::string actual = built->File(page);
      INFO(golden.string());
      REQUIRE(!actual.empty());
      if (test::UpdateGolden()) {
        std::filesystem::create_directories(golden.parent_path());
        test::WriteFile(golden, actual);
        continue;
      }
      REQUIRE(std::filesystem::exists(golden));
      CHECK(actual == test::ReadFile(golden));
    }
  }
}
