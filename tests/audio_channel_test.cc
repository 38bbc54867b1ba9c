// The audio channel: the normaliser (written text to spoken words), the
// SSML writer's rules, the channel over the sample site (golden files,
// well-formed SSML, only public pages), and what espeak-ng actually says
// (phoneme assertions from the research notes, section 6.4).
//
// Golden files are rewritten with
//   UPDATE_GOLDEN=1 build/tests/unit_tests '[audio]'
// and reviewed with `git diff tests/golden/audio`.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <regex>
#include <set>

#include "channels/audio/audio_channel.h"
#include "channels/audio/espeak_synthesizer.h"
#include "channels/audio/spoken_words.h"
#include "channels/audio/ssml_writer.h"
#include "channels/registry.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace publish;
using publish::test::Count;
using publish::test::SiteBuilder;

namespace {

// -- helpers -----------------------------------------------------------------

std::string Ssml(std::string_view text, const std::string& language = "en-GB") {
  return SpokenWords(language).SayAsSsml(text);
}

// A program the tests need (scripts/setup installs them all).
std::string Program(const std::string& name) {
  for (const char* folder : {"/usr/bin/", "/usr/local/bin/", "/bin/"}) {
    std::string path = std::string(folder) + name;
    if (fs::exists(path)) return path;
  }
  FAIL(name + " is not installed: run scripts/setup");
  return "";
}

std::string Wrap(const std::string& fragment, const std::string& language = "en-GB") {
  return "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"" + language + "\">" +
         fragment + "</speak>";
}

// espeak-ng's phonemes with spaces, newlines and pause marks removed, as in
// the research notes: ph(x) = `espeak-ng -v en-gb -m -q -x`.
std::string Phonemes(const std::string& ssml, const std::string& voice = "en-gb") {
  auto result = publish::test::Run({Program("espeak-ng"), "-v", voice, "-m", "-q", "-x", ssml});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  std::string out;
  for (size_t i = 0; i < result.out.size(); ++i) {
    char c = result.out[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '_' && i + 1 < result.out.size() &&
        (result.out[i + 1] == ':' || result.out[i + 1] == '!' || result.out[i + 1] == '|')) {
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

// The phonemes of text after our normaliser, spoken as one sentence.
std::string Said(std::string_view text, const std::string& language = "en-GB") {
  SsmlWriter writer(language);
  writer.Sentences(SpokenWords(language).Say(text));
  return Phonemes(writer.Finish(), language == "cy" ? "cy" : "en-gb");
}

bool WellFormed(const std::string& ssml, std::string& error) {
  publish::test::TempDir folder;
  fs::path file = folder / "script.ssml";
  publish::test::WriteFile(file, ssml);
  auto result = publish::test::Run({Program("xmllint"), "--noout", file.string()});
  error = result.err;
  return result.exit_code == 0;
}

// Only the portable subset: speak, p, s, break, sub, say-as characters.
std::string DisallowedMarkup(const std::string& ssml) {
  static const std::regex tag("<(/?)([A-Za-z:-]+)([^>]*)>");
  static const std::regex attribute("([A-Za-z:-]+)=\"([^\"]*)\"");
  static const std::map<std::string, std::set<std::string>> allowed{{"speak", {"version", "xmlns", "xml:lang"}},
                                                                    {"p", {}},
                                                                    {"s", {}},
                                                                    {"break", {"time"}},
                                                                    {"sub", {"alias"}},
                                                                    {"say-as", {"interpret-as"}}};
  for (auto it = std::sregex_iterator(ssml.begin(), ssml.end(), tag); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[2];
    auto found = allowed.find(name);
    if (found == allowed.end()) return "element <" + name + ">";
    std::string attributes = (*it)[3];
    for (auto a = std::sregex_iterator(attributes.begin(), attributes.end(), attribute); a != std::sregex_iterator();
         ++a) {
      std::string key = (*a)[1], value = (*a)[2];
      if (found->second.count(key) == 0) return "attribute " + key + " on <" + name + ">";
      if (key == "interpret-as" && value != "characters") return "say-as " + value;
      if (key == "time" && !std::regex_match(value, std::regex("[0-9]+ms"))) return "break time " + value;
      if (key == "alias" && value.find_first_of("&<>\"") != std::string::npos) return "alias " + value;
    }
  }
  return "";
}

// The sample site (site.yaml, content/, themes/, static/) in memory.
MemorySiteFiles SampleSite() {
  MemorySiteFiles files;
  fs::path root = publish::test::SourceDir();
  files.Add("site.yaml", publish::test::ReadFile(root / "site.yaml"));
  for (const char* folder : {"content", "themes", "static"}) {
    if (!fs::exists(root / folder)) continue;
    for (const auto& [path, contents] : publish::test::ReadTree(root / folder)) {
      files.Add(std::string(folder) + "/" + path, contents);
    }
  }
  return files;
}

struct AudioBuild {
  MemoryOutput output;
  Diagnostics diagnostics;
  BuildResult result;
  std::map<std::string, std::string> Scripts() const {  // path below audio/ -> SSML
    std::map<std::string, std::string> scripts;
    for (const auto& [path, contents] : output.files()) {
      if (path.rfind("audio/", 0) == 0 && path.size() > 5 && path.compare(path.size() - 5, 5, ".ssml") == 0) {
        scripts[path.substr(6)] = contents;
      }
    }
    return scripts;
  }
  std::string File(const std::string& path) const {
    auto it = output.files().find("audio/" + path);
    return it == output.files().end() ? "" : it->second;
  }
};

std::unique_ptr<AudioBuild> BuildAudio(const SiteFiles& files, ChannelOptions channel_options = {}) {
  auto built = std::make_unique<AudioBuild>();
  auto channel = MakeChannel("audio", channel_options);
  REQUIRE(channel);
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = publish::test::kToday;
  options.jobs = 4;
  built->result = BuildSite(files, {channel.get()}, options, built->output, built->diagnostics);
  return built;
}

const AudioBuild& SampleBuild() {
  static std::unique_ptr<AudioBuild> built = [] {
    MemorySiteFiles files = SampleSite();
    return BuildAudio(files);
  }();
  return *built;
}

// Seconds of speech in a RIFF/WAVE file of 16-bit mono samples.
double WavSeconds(const std::string& wav) {
  REQUIRE(wav.size() >= 44);
  auto u32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(wav[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 3])) << 24;
  };
  uint32_t rate = u32(24);
  uint32_t data = u32(40);
  REQUIRE(rate > 0);
  return static_cast<double>(data) / 2.0 / rate;
}

double Speak(const std::string& ssml, const std::string& voice = "en-gb") {
  std::string error;
  auto synthesizer = EspeakSynthesizer::Create(error);
  INFO(error);
  REQUIRE(synthesizer);
  std::string wav;
  REQUIRE(synthesizer->SynthesizeWav(ssml, voice, wav, error));
  return WavSeconds(wav);
}

}  // namespace

// -- the normaliser -------------------------------------------------------------

TEST_CASE("Audio channel: money is read in pounds and pence", "[audio]") {
  CHECK(Ssml("It costs £25.50.") == "It costs twenty-five pounds fifty.");
  CHECK(Ssml("£1") == "one pound");
  CHECK(Ssml("50p") == "fifty pence");
  CHECK(Ssml("1p") == "one penny");
  CHECK(Ssml("£0.50") == "fifty pence");
  CHECK(Ssml("£1,250") == "one thousand two hundred and fifty pounds");
  CHECK(Ssml("£2,214.90") == "two thousand two hundred and fourteen pounds ninety");
  CHECK(Ssml("£1.5 million") == "one point five million pounds");
  CHECK(Ssml("£2m") == "two million pounds");
  CHECK(Ssml("£48/year") == "forty-eight pounds per year");
  CHECK(Ssml("£40,001 to £52,000") == "forty thousand and one pounds to fifty-two thousand pounds");
  CHECK(Ssml("£40,001-£52,000") == "forty thousand and one pounds to fifty-two thousand pounds");
}

TEST_CASE("Audio channel: times are read on the 12-hour clock with to between them", "[audio]") {
  CHECK(Ssml("9am to 5pm") == "nine AM to five PM");
  CHECK(Ssml("9am-5pm") == "nine AM to five PM");
  CHECK(Ssml("9am\u20135pm") == "nine AM to five PM");
  CHECK(Ssml("9am \u2013 5pm") == "nine AM to five PM");
  CHECK(Ssml("5:30pm") == "five thirty PM");
  CHECK(Ssml("9.30am") == "nine thirty AM");
  CHECK(Ssml("9:05am") == "nine oh five AM");
  CHECK(Ssml("17:30") == "five thirty PM");
  CHECK(Ssml("10:00") == "ten AM");
  CHECK(Ssml("12pm") == "midday");
  CHECK(Ssml("12 noon") == "midday");
  CHECK(Ssml("midday") == "midday");
  CHECK(Ssml("9 a.m. to 5 p.m. every day") == "nine AM to five PM every day");
  CHECK(Ssml("Open until 5 p.m. Closed on Sundays.") == "Open until five PM. Closed on Sundays.");
}

TEST_CASE("Audio channel: dates, years and ranges are read in words", "[audio]") {
  CHECK(Ssml("14 September 2026") == "the fourteenth of September, twenty twenty-six");
  CHECK(Ssml("2026-09-14") == "the fourteenth of September, twenty twenty-six");
  CHECK(Ssml("14/09/2026") == "the fourteenth of September, twenty twenty-six");
  CHECK(Ssml("Monday 5 January 2026") == "Monday the fifth of January, twenty twenty-six");
  CHECK(Ssml("on 25 and 26 December") == "on the twenty-fifth and the twenty-sixth of December");
  CHECK(Ssml("from 25 to 28 December") == "from the twenty-fifth to the twenty-eighth of December");
  CHECK(Ssml("1\u20133 March") == "the first to the third of March");
  CHECK(Ssml("1 April to 30 September") == "the first of April to the thirtieth of September");
  CHECK(Ssml("in September 2026") == "in September twenty twenty-six");
  CHECK(Ssml("in 1999") == "in nineteen ninety-nine");
  CHECK(Ssml("in 2005") == "in two thousand and five");
  CHECK(Ssml("2024-25") == "twenty twenty-four to twenty twenty-five");
  CHECK(Ssml("2024/25") == "twenty twenty-four to twenty twenty-five");
  CHECK(Ssml("the 1st, 8th or 22nd") == "the first, eighth or twenty-second");
  CHECK(Ssml("1-3 weeks") == "one to three weeks");
  CHECK(Ssml("open 24/7") == "open twenty-four seven");
}

TEST_CASE("Audio channel: day ranges and day abbreviations are read in full", "[audio]") {
  CHECK(Ssml("Mon-Fri") == "<sub alias=\"Monday to Friday\">Mon-Fri</sub>");
  CHECK(Ssml("Mon\u2013Fri, 9am to 5pm") == "<sub alias=\"Monday to Friday\">Mon\u2013Fri</sub>, nine AM to five PM");
  CHECK(Ssml("Mon to Sat") == "<sub alias=\"Monday to Saturday\">Mon to Sat</sub>");
  CHECK(Ssml("Monday to Friday") == "Monday to Friday");
  CHECK(Ssml("Tue 3 March") == "<sub alias=\"Tuesday\">Tue</sub> the third of March");
  // "Sat" and "Sun" are words unless a date or another day is next to them.
  CHECK(Ssml("The Sun is out") == "The Sun is out");
  CHECK(Ssml("Sat 7 March") == "<sub alias=\"Saturday\">Sat</sub> the seventh of March");
}

TEST_CASE("Audio channel: phone numbers are read digit by digit in their written groups", "[audio]") {
  std::string pause = "<break time=\"300ms\"/>";
  CHECK(Ssml("01632 960 100") == "zero one six three two " + pause + " nine six zero " + pause + " one zero zero");
  CHECK(Ssml("Call 029 2087 2087.") ==
        "Call zero two nine " + pause + " two zero eight seven " + pause + " two zero eight seven.");
  // Written without spaces: grouped the UK way.
  CHECK(Ssml("03001234567") == "zero three zero zero " + pause + " one two three " + pause + " four five six seven");
  CHECK(Ssml("07700900123") == "zero seven seven zero zero " + pause + " nine zero zero one two three");
  CHECK(Ssml("+44 1632 960100") ==
        "plus four four " + pause + " one six three two " + pause + " nine six zero one zero zero");
  // Short numbers after "call" or "dial".
  CHECK(Ssml("call 999") == "call nine nine nine");
  CHECK(Ssml("Dial 18001 then 0800 111 999") == "Dial one eight zero zero one then zero eight zero zero " + pause +
                                                    " one one one " + pause + " nine nine nine");
  // The phone hint from a tel: link reads any layout.
  CHECK(InlineSsml(SpokenWords("en-GB").Say("(01632) 960-100", TextHint::kPhone)) ==
        "zero one six three two " + pause + " nine six zero " + pause + " one zero zero");
  CHECK(Ssml("101 items") == "one hundred and one items");
}

TEST_CASE("Audio channel: postcodes are spelt out in two parts", "[audio]") {
  CHECK(Ssml("Northbridge NB1 1AA") ==
        "Northbridge <say-as interpret-as=\"characters\">NB1</say-as> <break time=\"200ms\"/> "
        "<say-as interpret-as=\"characters\">1AA</say-as>");
  // No full stop after the closing tag: espeak-ng would read it "dot".
  CHECK(Ssml("Write to CF10 4UW.") ==
        "Write to <say-as interpret-as=\"characters\">CF10</say-as> <break time=\"200ms\"/> "
        "<say-as interpret-as=\"characters\">4UW</say-as>");
}

TEST_CASE("Audio channel: e-mail and web addresses are said the way people say them", "[audio]") {
  CHECK(Ssml("council.tax@northbridge.example.gov.uk") == "council dot tax at northbridge dot example dot gov dot U K");
  CHECK(Ssml("Email bins@northbridge.example.gov.uk.") == "Email bins at northbridge dot example dot gov dot U K.");
  CHECK(Ssml("https://www.stepchange.org/") == "stepchange dot org");
  CHECK(Ssml("www.gov.uk/council-tax") == "gov dot U K slash council tax");
  // A long path is not listenable: the domain only.
  CHECK(Ssml("https://england.shelter.org.uk/housing_advice/homelessness") == "england dot shelter dot org dot U K");
  CHECK(Ssml("https://www.w3.org/TR/WCAG22/") == "W three dot org");
  CHECK(Ssml("GOV.UK") == "gov dot U K");
  CHECK(Ssml("https://mcmw.abilitynet.org.uk/") == "M C M W dot abilitynet dot org dot U K");
  CHECK(InlineSsml(SpokenWords("en-GB").Email("mailto:home.library@northbridge.example.gov.uk")) ==
        "home dot library at northbridge dot example dot gov dot U K");
}

TEST_CASE("Audio channel: abbreviations are expanded", "[audio]") {
  CHECK(Ssml("bring ID, e.g. a passport") == "bring ID, <sub alias=\"for example\">eg</sub> a passport");
  CHECK(Ssml("i.e. the same") == "<sub alias=\"that is\">ie</sub> the same");
  {
    // "etc." may end a sentence: the writer then ends the <s> at the tag.
    SsmlWriter writer("en-GB");
    writer.Sentences(SpokenWords("en-GB").Say("cans, bottles etc. Then go"));
    CHECK(Count(writer.Finish(),
                "<s>cans, bottles <sub alias=\"et cetera\">etc</sub></s>\n</p>\n<p>\n<s>Then go</s>") == 1);
  }
  CHECK(Ssml("12 High St") == "twelve High <sub alias=\"Street\">St</sub>");
  CHECK(Ssml("St Mary's Rd") == "<sub alias=\"Saint\">St</sub> Mary&apos;s <sub alias=\"Road\">Rd</sub>");
  CHECK(Ssml("Cllr Jones") == "<sub alias=\"Councillor\">Cllr</sub> Jones");
  CHECK(Ssml("Regulations (No. 2) 2018") == "Regulations, <sub alias=\"number\">No</sub> two, twenty eighteen");
  CHECK(Ssml("Ask the DWP or the NHS") ==
        "Ask the <say-as interpret-as=\"characters\">DWP</say-as> or the <say-as "
        "interpret-as=\"characters\">NHS</say-as>");
  CHECK(Ssml("bands A to H") ==
        "bands <say-as interpret-as=\"characters\">A</say-as> to <say-as interpret-as=\"characters\">H</say-as>");
  CHECK(Ssml("A bin costs money") == "A bin costs money");
  CHECK(Ssml("Mr. Jones called") == "Mr Jones called");
}

TEST_CASE("Audio channel: symbols become words or go", "[audio]") {
  CHECK(Ssml("Food & drink") == "Food and drink");
  CHECK(Ssml("up to 85% off") == "up to eighty-five per cent off");
  CHECK(Ssml("4.99%") == "four point nine nine per cent");
  CHECK(Ssml("a van/pick-up") == "a van or pick-up");
  CHECK(Ssml("and/or") == "and or");
  CHECK(Ssml("\u2192 Next \u2713 done \xF0\x9F\x98\x80 *now* #1") == "Next done now number one");
  CHECK(Ssml("A&E") ==
        "<say-as interpret-as=\"characters\">A</say-as> and <say-as interpret-as=\"characters\">E</say-as>");
  CHECK(Ssml("Open+ access") == "Open plus access");
  CHECK(Ssml("branches, less than 10cm across") == "branches, less than ten centimetres across");
  CHECK(Ssml("a 24-hour line") == "a twenty-four-hour line");
  CHECK(Ssml("Green bin (general waste)") == "Green bin, general waste");
  CHECK(Ssml("\u201Creminder\u201D") == "reminder");
  CHECK(Ssml("5 < 6") == "five less than six");
  CHECK(Ssml("Tom's \u2018bin\u2019") == "Tom&apos;s bin");
}

TEST_CASE("Audio channel: Welsh pages are read with Welsh numbers, best effort", "[audio]") {
  std::string pause = "<break time=\"300ms\"/>";
  CHECK(Ssml("01632 960 101", "cy") == "dim un chwech tri dau " + pause + " naw chwech dim " + pause + " un dim un");
  CHECK(Ssml("24 awr", "cy") == "dau ddeg pedwar awr");
  CHECK(Ssml("£85", "cy") == "wyth deg pump o bunnoedd");
  CHECK(Ssml("9am tan 4pm", "cy") == "naw y bore tan pedwar y prynhawn");
  CHECK(Ssml("yr 8fed", "cy") == "yr wythfed");
  OpeningHours hours;
  hours.days = {0, 4};
  hours.is_range = true;
  hours.opens = {9, 0};
  hours.closes = {17, 0};
  CHECK(SpokenWords("cy").Hours(hours) == "Dydd Llun i ddydd Gwener, naw y bore tan pump y prynhawn");
  CHECK(SpokenWords("en-GB").Hours(hours) == "Monday to Friday, nine AM to five PM");
}

// -- the writer -------------------------------------------------------------------

TEST_CASE("Audio channel: the writer avoids the espeak-ng pitfalls by construction", "[audio]") {
  SECTION("no break before anything is spoken, never two in a row") {
    SsmlWriter writer("en-GB");
    writer.Pause(500);
    writer.Sentence({SpokenPiece::Break(300), SpokenPiece::Words("One"), SpokenPiece::Break(300),
                     SpokenPiece::Words(" , "), SpokenPiece::Break(400), SpokenPiece::Words("two"),
                     SpokenPiece::Break(300)});
    writer.Pause(500);
    writer.Pause(1000);
    writer.Sentence({SpokenPiece::Words("Three.")});
    writer.Pause(500);
    std::string ssml = writer.Finish();
    CHECK(ssml ==
          "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-GB\">\n"
          "<p>\n<s>One <break time=\"400ms\"/> two</s>\n</p>\n"
          "<break time=\"1000ms\"/>\n"
          "<p>\n<s>Three.</s>\n</p>\n"
          "</speak>\n");
  }
  SECTION("no full stop right after a closing tag, none inside one") {
    CHECK(InlineSsml({SpokenPiece::Words("Open "), SpokenPiece::Sub("Mon.", "Monday"), SpokenPiece::Words(".")}) ==
          "Open <sub alias=\"Monday\">Mon</sub>");
    CHECK(InlineSsml({SpokenPiece::Characters("NB1"), SpokenPiece::Words(". then")}) ==
          "<say-as interpret-as=\"characters\">NB1</say-as> then");
    CHECK(InlineSsml({SpokenPiece::Sub("A&E", "Accident & Emergency"), SpokenPiece::Words(", now")}) ==
          "<sub alias=\"Accident and Emergency\">A&amp;E</sub>, now");
  }
  SECTION("alias values never need an entity") {
    CHECK(InlineSsml({SpokenPiece::Sub("x", "say \"<hello>\" & go")}) == "<sub alias=\"say hello and go\">x</sub>");
  }
  SECTION("break times are whole milliseconds between 100 and 3000") {
    CHECK(InlineSsml({SpokenPiece::Words("a"), SpokenPiece::Break(20000), SpokenPiece::Words("b")}) ==
          "a <break time=\"3000ms\"/> b");
    CHECK(InlineSsml({SpokenPiece::Words("a"), SpokenPiece::Break(5), SpokenPiece::Words("b")}) ==
          "a <break time=\"100ms\"/> b");
  }
  SECTION("sentences split after a full stop and a space; empty ones are left out") {
    SsmlWriter writer("en-GB");
    writer.StartParagraph();
    writer.Sentences({SpokenPiece::Words("First one. Second one? "), SpokenPiece::Words(" . , "),
                      SpokenPiece::Words("Version 2.2 here.")});
    writer.EndParagraph();
    writer.StartParagraph();
    writer.Sentences({SpokenPiece::Words(" ... ")});
    writer.EndParagraph();
    CHECK(writer.Finish() ==
          "<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-GB\">\n"
          "<p>\n<s>First one.</s>\n<s>Second one?</s>\n<s>Version 2.2 here.</s>\n</p>\n"
          "</speak>\n");
  }
  SECTION("text is escaped") {
    CHECK(InlineSsml({SpokenPiece::Words("Fish & chips <cheap>")}) == "Fish &amp; chips &lt;cheap&gt;");
  }
}

TEST_CASE("Audio channel: any text gives well-formed portable SSML", "[audio]") {
  // Pieces that trip normalisers up, shuffled together with a fixed seed.
  const std::vector<std::string> pieces{"\xC2\xA3",
                                        "25",
                                        ".",
                                        "50",
                                        "p",
                                        "9",
                                        "am",
                                        "pm",
                                        ":",
                                        "30",
                                        "-",
                                        "\u2013",
                                        "/",
                                        "01632",
                                        "960",
                                        "100",
                                        " ",
                                        "  ",
                                        "NB1",
                                        "1AA",
                                        "@",
                                        "e.g.",
                                        "etc.",
                                        "(",
                                        ")",
                                        "&",
                                        "<",
                                        ">",
                                        "\"",
                                        "'",
                                        "Mon",
                                        "Fri",
                                        "Sat",
                                        "2026",
                                        "-25",
                                        "St",
                                        "No.",
                                        "%",
                                        "+",
                                        "#",
                                        "*",
                                        "_",
                                        "\xC3\xA9",
                                        "\xFF",
                                        "\xE2\x86\x92",
                                        "https://",
                                        "www.",
                                        "gov.uk",
                                        "December",
                                        "14",
                                        "th",
                                        "A",
                                        "DWP",
                                        ",",
                                        "!",
                                        "?",
                                        "\n",
                                        "0",
                                        "24/7",
                                        "...",
                                        "\xE2\x80\x94",
                                        "cy",
                                        std::string(1, '\0'),
                                        "\x01",
                                        "\x1B",
                                        "\xC2\x85"};
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (int round = 0; round < 600; ++round) {
    std::string text;
    size_t length = 1 + next() % 14;
    for (size_t k = 0; k < length; ++k) text += pieces[next() % pieces.size()];
    INFO(text);
    for (const char* language : {"en-GB", "cy"}) {
      SsmlWriter writer(language);
      writer.StartParagraph();
      writer.Sentences(SpokenWords(language).Say(text));
      writer.EndParagraph();
      std::string ssml = writer.Finish();
      std::string error;
      INFO(ssml);
      CHECK(publish::test::IsWellFormedXml(ssml, &error));
      CHECK(DisallowedMarkup(ssml) == "");
      CHECK_FALSE(std::regex_search(ssml, std::regex("</(sub|say-as)>\\s*\\.")));
      CHECK_FALSE(std::regex_search(ssml, std::regex("<break[^>]*/>(\\s|</?[ps]>)*<break")));
      CHECK_FALSE(std::regex_search(ssml, std::regex("<s>\\s*<break")));
      CHECK_FALSE(std::regex_search(ssml, std::regex("<break[^>]*/>\\s*</s>")));
    }
  }
}

// -- the channel ------------------------------------------------------------------

TEST_CASE("Audio channel: holds every public page only, and listings show only what it holds", "[audio]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\nsummary: Council services.\n", "Welcome.\n");
  site.Page("content/bins/_index.md", "title: Bins\nsummary: All about bins.\n", "Bins.\n");
  site.Page("content/bins/collection-days.md", "title: Collection days\nsummary: Find your day.\n",
            "## Days\n\nMon-Fri.\n");
  site.Page("content/bins/web-only.md", "title: Web only page\nchannels: [public, text]\n", "Not for audio.\n");
  site.Page("content/bins/secret.md", "title: Zebra secret\nvisibility: internal\nchannels: [intranet]\n",
            "Internal.\n");
  auto built = BuildAudio(site.files());
  INFO(publish::test::Lines(built->diagnostics).size());
  REQUIRE_FALSE(built->diagnostics.HasErrors());
  auto scripts = built->Scripts();
  CHECK(scripts.count("index.ssml") == 1);
  CHECK(scripts.count("bins/index.ssml") == 1);
  CHECK(scripts.count("bins/collection-days.ssml") == 1);
  CHECK(scripts.count("bins/web-only.ssml") == 0);
  CHECK(scripts.count("bins/secret.ssml") == 0);
  CHECK(built->output.files().size() == scripts.size());  // no WAV unless asked
  for (const auto& [path, ssml] : scripts) {
    INFO(path);
    CHECK(Count(ssml, "Zebra") == 0);
    CHECK(Count(ssml, "Web only") == 0);
  }
  const std::string& landing = scripts["bins/index.ssml"];
  CHECK(Count(landing, "<s>A list of one page.</s>") == 1);
  CHECK(Count(landing, "<s>Collection days.</s>") == 1);
  CHECK(Count(scripts["index.ssml"], "<s>Bins.</s>") == 1);
  CHECK(Count(scripts["bins/collection-days.ssml"], "<sub alias=\"Monday to Friday\">Mon-Fri</sub></s>") == 1);
}

TEST_CASE("Audio channel: structure is made audible", "[audio]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Hello.\n");
  site.Page("content/page.md", "title: Structure\n",
            "## Steps\n\n"
            "1. Fill in the form.\n2. Send it.\n\n"
            "- one\n- two\n- three\n\n"
            "| Area | Day |\n|------|-----|\n| Cathays | Monday |\n| Splott | |\n\n"
            "![A map of the areas](map.png)\n\n"
            "```\nrm -rf /\n```\n\n"
            "> Quoted words.\n\n"
            "Read [the help page](help.md) or call [01632 960 000](tel:+441632960000).\n");
  site.File("content/map.png", "PNG");
  site.Page("content/help.md", "title: Help\n", "Help.\n");
  auto built = BuildAudio(site.files());
  REQUIRE_FALSE(built->diagnostics.HasErrors());
  std::string ssml = built->File("page.ssml");
  CHECK(Count(ssml, "<s>Steps</s>\n</p>\n<break time=\"500ms\"/>") == 1);
  CHECK(Count(ssml, "<s>A numbered list of two items.</s>\n<s>One: Fill in the form.</s>\n<s>Two: Send it.</s>") == 1);
  CHECK(Count(ssml, "<s>A list of three items.</s>\n<s>one</s>\n<s>two</s>\n<s>three</s>") == 1);
  CHECK(Count(ssml, "<s>A table with two rows and two columns.</s>") == 1);
  CHECK(Count(ssml, "<s>Row one.</s>\n<s>Area: Cathays.</s>\n<s>Day: Monday.</s>") == 1);
  CHECK(Count(ssml, "<s>Row two.</s>\n<s>Area: Splott.</s>\n</p>") == 1);
  CHECK(Count(ssml, "<s>Image: A map of the areas.</s>") == 1);
  CHECK(Count(ssml, "<s>Code sample omitted.</s>") == 1);
  CHECK(Count(ssml, "rm -rf") == 0);
  CHECK(Count(ssml, "<s>Quote.</s>") == 1);
  CHECK(Count(ssml, "<s>End of quote.</s>") == 1);
  // Links are spoken as their text only.
  CHECK(Count(ssml, "Read the help page or call zero one six three two <break time=\"300ms\"/>") == 1);
  CHECK(Count(ssml, "help.md") == 0);
  std::string error;
  CHECK(WellFormed(ssml, error));
  CHECK(DisallowedMarkup(ssml) == "");
}

// Blocks inside lists are sentences of the list's paragraph, whatever
// holds them; quotes pass that on. The scripts are whole, as first written.
TEST_CASE("Audio channel: lists, quotes and tables inside one another", "[audio]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Hello.\n");
  site.Page("content/quoted.md", "title: Quoted lists\n",
            "> Before the list.\n>\n"
            "> 1. First step\n>    - sub one\n>    - sub two\n> 2. Second step\n>\n"
            "> After the list.\n>\n"
            "> | Area | Day |\n> |------|-----|\n> | Cathays | Monday |\n");
  site.Page("content/items.md", "title: List blocks\n",
            "3. ## Heading item\n   more text\n"
            "4. ```\n   code\n   ```\n"
            "5.\n"
            "6. > quoted in item\n   >\n   > - deeper\n"
            "7. ***\n"
            "8. - nested first\n   - nested second\n\n"
            "- [x] done task\n"
            "- [ ] open task\n  with a soft break\n  and a line break\\\n  here\n\n"
            "- | Area | Day |\n  |------|-----|\n  | Cathays | *Monday* |\n  | Splott | |\n\n"
            "Last words.\n\n***\n\nAfter the break.\n");
  auto built = BuildAudio(site.files());
  REQUIRE_FALSE(built->diagnostics.HasErrors());
  const std::string quoted =
      "<p>\n"
      "<s>Quoted lists</s>\n"
      "</p>\n"
      "<break time=\"500ms\"/>\n"
      "<p>\n"
      "<s>Quote.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Before the list.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>A numbered list of two items.</s>\n"
      "<s>One: First step</s>\n"
      "<s>A list of two items.</s>\n"
      "<s>sub one</s>\n"
      "<s>sub two</s>\n"
      "<s>Two: Second step</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>After the list.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>A table with one row and two columns.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Row one.</s>\n"
      "<s>Area: Cathays.</s>\n"
      "<s>Day: Monday.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>End of quote.</s>\n"
      "</p>\n";
  CHECK(built->File("quoted.ssml") == Wrap("\n" + quoted) + "\n");
  const std::string items =
      "<p>\n"
      "<s>List blocks</s>\n"
      "</p>\n"
      "<break time=\"500ms\"/>\n"
      "<p>\n"
      "<s>A numbered list of six items.</s>\n"
      "<s>Three</s>\n"
      "<s>Heading item</s>\n"
      "<s>more text</s>\n"
      "<s>Four</s>\n"
      "<s>Code sample omitted.</s>\n"
      "<s>Six</s>\n"
      "<s>Quote.</s>\n"
      "<s>quoted in item</s>\n"
      "<s>A list of one item.</s>\n"
      "<s>deeper</s>\n"
      "<s>End of quote.</s>\n"
      "<s>Seven</s>\n"
      "<s>Eight</s>\n"
      "<s>A list of two items.</s>\n"
      "<s>nested first</s>\n"
      "<s>nested second</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>A list of three items.</s>\n"
      "<s>Done: done task</s>\n"
      "<s>To do: open task with a soft break and a line break, here</s>\n"
      "<s>A table with two rows and two columns.</s>\n"
      "<s>Row one.</s>\n"
      "<s>Area: Cathays.</s>\n"
      "<s>Day: Monday.</s>\n"
      "<s>Row two.</s>\n"
      "<s>Area: Splott.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Last words.</s>\n"
      "</p>\n"
      "<break time=\"1000ms\"/>\n"
      "<p>\n"
      "<s>After the break.</s>\n"
      "</p>\n";
  CHECK(built->File("items.ssml") == Wrap("\n" + items) + "\n");
}

TEST_CASE("Audio channel: links inside emphasis inside table cells keep their hints", "[audio]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Hello.\n");
  site.Page(
      "content/table.md", "title: Table inline\n",
      "| Service | Contact |\n|---------|---------|\n"
      "| *Bins via [the bins page](https://example.com/bins)* | **Call [01632 960 000](tel:+441632960000) or "
      "[bins@example.gov.uk](mailto:bins@example.gov.uk)** |\n"
      "| `code` and ![a bin](https://example.com/bin.png) | [https://example.com](https://example.com) then text |\n"
      "| | ~~gone~~ |\n"
      "| *[01632 960 001](tel:+441632960001)* text after | line `one` x |\n");
  auto built = BuildAudio(site.files());
  REQUIRE_FALSE(built->diagnostics.HasErrors());
  const std::string table =
      "<p>\n"
      "<s>Table inline</s>\n"
      "</p>\n"
      "<break time=\"500ms\"/>\n"
      "<p>\n"
      "<s>A table with four rows and two columns.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Row one.</s>\n"
      "<s>Service: Bins via the bins page.</s>\n"
      "<s>Contact: Call zero one six three two <break time=\"300ms\"/> nine six zero <break time=\"300ms\"/> "
      "zero zero zero or bins at example dot gov dot U K.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Row two.</s>\n"
      "<s>Service: code and Image: a bin.</s>\n"
      "<s>Contact: example dot com then text.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Row three.</s>\n"
      "<s>Contact: gone.</s>\n"
      "</p>\n"
      "<p>\n"
      "<s>Row four.</s>\n"
      "<s>Service: zero one six three two <break time=\"300ms\"/> nine six zero <break time=\"300ms\"/> zero "
      "zero one text after.</s>\n"
      "<s>Contact: line one x.</s>\n"
      "</p>\n";
  CHECK(built->File("table.ssml") == Wrap("\n" + table) + "\n");
}

// The parser allows 200 levels; the reader keeps no call stack per level.
TEST_CASE("Audio channel: 150 levels of quotes and lists give a well-formed script", "[audio]") {
  auto repeat = [](const std::string& text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += text;
    return out;
  };
  SiteBuilder site;
  site.Page("content/_index.md", "title: Home\n", "Hello.\n");
  site.Page("content/quotes.md", "title: Deep quotes\n", repeat("> ", 150) + "deep\n");
  site.Page("content/mixed.md", "title: Deep mixed\n", repeat("> 1. ", 50) + "deep\n");
  auto built = BuildAudio(site.files());
  REQUIRE_FALSE(built->diagnostics.HasErrors());
  const std::string quotes = built->File("quotes.ssml");
  const std::string mixed = built->File("mixed.ssml");
  CHECK(quotes ==
        Wrap("\n<p>\n<s>Deep quotes</s>\n</p>\n<break time=\"500ms\"/>\n" + repeat("<p>\n<s>Quote.</s>\n</p>\n", 150) +
             "<p>\n<s>deep</s>\n</p>\n" + repeat("<p>\n<s>End of quote.</s>\n</p>\n", 150)) +
            "\n");
  CHECK(mixed == Wrap("\n<p>\n<s>Deep mixed</s>\n</p>\n<break time=\"500ms\"/>\n<p>\n<s>Quote.</s>\n</p>\n<p>\n" +
                      repeat("<s>A numbered list of one item.</s>\n<s>One</s>\n<s>Quote.</s>\n", 49) +
                      "<s>A numbered list of one item.</s>\n<s>One: deep</s>\n" + repeat("<s>End of quote.</s>\n", 49) +
                      "</p>\n<p>\n<s>End of quote.</s>\n</p>\n") +
                     "\n");
  for (const std::string* ssml : {&quotes, &mixed}) {
    std::string error;
    CHECK(publish::test::IsWellFormedXml(*ssml, &error));
    INFO(error);
    CHECK(DisallowedMarkup(*ssml) == "");
  }
}

TEST_CASE("Audio channel: a service page opens with what it is and ends with how to get in touch", "[audio]") {
  const std::string ssml = SampleBuild().File("council-tax/pay-your-council-tax.ssml");
  REQUIRE_FALSE(ssml.empty());
  size_t title = ssml.find("<s>Pay your council tax</s>");
  size_t online = ssml.find("<s>You can do this online.</s>");
  size_t body = ssml.find("<s>Pay online</s>");
  size_t contact = ssml.find("<s>Contact</s>");
  size_t phone = ssml.find(
      "<s>Phone: zero one six three two <break time=\"300ms\"/> nine six zero <break time=\"300ms\"/> one zero "
      "zero.</s>");
  size_t email = ssml.find("<s>Email: council dot tax at northbridge dot example dot gov dot U K.</s>");
  size_t address =
      ssml.find("<s>Address: Town Hall, High Street, Northbridge <say-as interpret-as=\"characters\">NB1</say-as>");
  size_t hours = ssml.find("<s>Opening hours: Monday to Friday, nine AM to five PM.</s>");
  REQUIRE(title != std::string::npos);
  CHECK(online != std::string::npos);
  CHECK(title < online);
  CHECK(online < body);
  CHECK(body < contact);
  CHECK(contact != std::string::npos);
  CHECK(phone > contact);
  CHECK(email > phone);
  CHECK(address > email);
  CHECK(hours > address);
  CHECK(phone != std::string::npos);
  CHECK(email != std::string::npos);
  CHECK(address != std::string::npos);
  CHECK(hours != std::string::npos);
  CHECK(Count(ssml, "<s>Go to pay dot northbridge dot example dot gov dot U K slash ctax.</s>") == 1);
}

TEST_CASE("Audio channel: script paths follow the contract", "[audio]") {
  const auto scripts = SampleBuild().Scripts();
  CHECK(scripts.count("index.ssml") == 1);
  CHECK(scripts.count("bins-and-recycling/index.ssml") == 1);
  CHECK(scripts.count("bins-and-recycling/collection-days.ssml") == 1);
  CHECK(scripts.count("staff/index.ssml") == 0);
  CHECK(scripts.count("news/parking-charges-consultation.ssml") == 0);  // channels: [public, text]
  Page page;
  page.content_path = "my_index.md";
  page.url_path = UrlPathForContent(page.content_path);
  CHECK(AudioScriptPath(page) == "my_index.ssml");
}

TEST_CASE("Audio channel: golden files for sample-site pages", "[audio]") {
  const AudioBuild& built = SampleBuild();
  REQUIRE_FALSE(built.diagnostics.HasErrors());
  fs::path golden = publish::test::TestsDir() / "golden" / "audio";
  for (const char* path : {"index.ssml", "bins-and-recycling/index.ssml", "bins-and-recycling/collection-days.ssml",
                           "council-tax/pay-your-council-tax.ssml", "council-tax/council-tax-bands.ssml",
                           "council-tax/talu-treth-y-cyngor.ssml", "news/christmas-bin-collections-2026.ssml"}) {
    INFO(path);
    std::string actual = built.File(path);
    REQUIRE_FALSE(actual.empty());
    fs::path file = golden / path;
    if (publish::test::UpdateGolden()) {
      fs::create_directories(file.parent_path());
      publish::test::WriteFile(file, actual);
      continue;
    }
    REQUIRE(fs::exists(file));
    CHECK(publish::test::ReadFile(file) == actual);
  }
}

TEST_CASE("Audio channel: every script of the sample site is well-formed portable SSML", "[audio]") {
  const auto scripts = SampleBuild().Scripts();
  REQUIRE(scripts.size() > 30);
  publish::test::TempDir folder;
  std::vector<std::string> arguments{Program("xmllint"), "--noout"};
  for (const auto& [path, ssml] : scripts) {
    INFO(path);
    CHECK(DisallowedMarkup(ssml) == "");
    CHECK(ssml.rfind("<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"", 0) == 0);
    // The pitfalls: no break first, no two breaks in a row, no full stop after a closing tag.
    CHECK_FALSE(std::regex_search(ssml, std::regex("<speak[^>]*>\\s*<break")));
    CHECK_FALSE(std::regex_search(ssml, std::regex("<break[^>]*/>(\\s|</?[ps]>)*<break")));
    CHECK_FALSE(std::regex_search(ssml, std::regex("</(sub|say-as)>\\s*\\.")));
    CHECK(Count(ssml, "&nbsp;") == 0);
    std::string file = (folder / (std::to_string(arguments.size()) + ".ssml")).string();
    publish::test::WriteFile(file, ssml);
    arguments.push_back(file);
  }
  auto result = publish::test::Run(arguments);
  INFO(result.Describe());
  CHECK(result.exit_code == 0);
}

TEST_CASE("Audio channel: the render command prints one page's SSML", "[audio]") {
  auto result = publish::test::RunPublish(
      {"render", (publish::test::SourceDir() / "content" / "bins-and-recycling" / "collection-days.md").string(),
       "--channel", "audio"});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.rfind("<speak version=\"1.1\"", 0) == 0);
  CHECK(result.out == SampleBuild().File("bins-and-recycling/collection-days.ssml"));
}

// -- what espeak-ng says ----------------------------------------------------------

TEST_CASE("Audio channel: espeak-ng reads money as pounds and pence", "[audio][espeak]") {
  std::string ph = Said("It costs £25.50 today.");
  CHECK(Count(ph, "tw'Entif'aIvp'aUndzf'Ifti") == 1);
  CHECK(Count(ph, "pOInt") == 0);
  CHECK(Count(ph, "p'aUndtw") == 0);  // never "pound twenty-five"
  CHECK(Count(Said("50p"), "f'Iftip'Ens") == 1);
  CHECK(Count(Said("£1"), "w'0np'aUnd") == 1);
}

TEST_CASE("Audio channel: espeak-ng reads times and ranges with to", "[audio][espeak]") {
  std::string ph = Said("Open 9am\u20135pm.");
  CHECK(Count(ph, "t@f'aIv") == 1);
  CHECK(Count(ph, "d'aS") == 0);
  CHECK(Count(ph, "n'aIn,eI'Em") == 1);
  CHECK(Count(Said("Lines close at 17:30."), "f'aIvT'3:ti") == 1);
  CHECK(Count(Said("Mon-Fri"), "m'VndeI") == 1);
  CHECK(Count(Said("2024/25"), "sl'aS") == 0);
}

TEST_CASE("Audio channel: espeak-ng reads phone numbers digit by digit", "[audio][espeak]") {
  std::string ph = Said("Call 0300 123 4567.");
  CHECK(Count(ph, "z'i@roUTr'i:z'i@roUz'i@roU") == 1);
  CHECK(Count(ph, "h'VndrI2d") == 0);
  CHECK(Count(ph, "T'aUz@nd") == 0);
  std::string ours = Said("Call 01632 960 100.");
  CHECK(Count(ours, "z'i@roUw'0ns'IksTr'i:t'u:") == 1);
  CHECK(Count(ours, "h'VndrI2d") == 0);
}

TEST_CASE("Audio channel: espeak-ng spells postcodes", "[audio][espeak]") {
  std::string ph = Said("Write to CF10 4UW.");
  CHECK(Count(ph, "s,i:,Efw,0nz'i@roU") == 1);
  CHECK(Count(ph, "f,o@j,u:d'Vb@Lj,u:") == 1);
  CHECK(Count(ph, "t'En") == 0);
  CHECK(Count(ph, "d'0t") == 0);
}

TEST_CASE("Audio channel: espeak-ng reads years and aliases as intended", "[audio][espeak]") {
  CHECK(Count(Said("in 2025"), "tw'Entitw'Entif'aIv") == 1);
  std::string ninety_nine = Said("in 1999");
  CHECK(Count(ninety_nine, "n'aInti:nn'aIntin'aIn") == 1);
  CHECK(Count(ninety_nine, "h'VndrI2d") == 0);
  // A sub alias sounds exactly like its words.
  CHECK(Phonemes(Wrap("<s>" + Ssml("Mon-Fri") + "</s>")) == Phonemes(Wrap("<s>Monday to Friday</s>")));
  // No "dot" after an abbreviation that ends a sentence.
  CHECK(Count(Said("Closed on Sat. Open Mon."), "d'0t") == 0);
}

TEST_CASE("Audio channel: espeak-ng honours the pauses we write", "[audio][espeak]") {
  // Phone groups: two 300ms breaks where run-on digits have no pause at
  // all (a break adds its time where no punctuation pause stands).
  SsmlWriter digits("en-GB");
  digits.Sentence({SpokenPiece::Words("Call zero one six three two nine six zero one zero zero")});
  double run_on = Speak(digits.Finish());
  SsmlWriter phone("en-GB");
  phone.Sentences(SpokenWords("en-GB").Say("Call 01632 960 100"));
  double grouped = Speak(phone.Finish());
  CHECK(grouped - run_on >= 0.4);
  CHECK(grouped - run_on <= 0.9);
  // A heading is set apart: its paragraph and 500ms pause replace no
  // punctuation in a run-on sentence (notes: paragraph +0.85 s, break
  // replaces the punctuation pause).
  double plain = Speak(Wrap("<s>Opening times the library is open</s>"));
  SsmlWriter writer("en-GB");
  writer.StartParagraph();
  writer.Sentence({SpokenPiece::Words("Opening times")});
  writer.EndParagraph();
  writer.Pause(kHeadingPauseMs);
  writer.StartParagraph();
  writer.Sentence({SpokenPiece::Words("the library is open")});
  writer.EndParagraph();
  double paused = Speak(writer.Finish());
  CHECK(paused - plain >= 0.5);
  CHECK(paused - plain <= 1.5);
}

TEST_CASE("Audio channel: espeak-ng speaks every sample-site script, none silent", "[audio][espeak]") {
  const auto scripts = SampleBuild().Scripts();
  publish::test::TempDir folder;
  std::string espeak = Program("espeak-ng");
  for (const auto& [path, ssml] : scripts) {
    INFO(path);
    bool welsh = ssml.find("xml:lang=\"cy\"") != std::string::npos;
    std::string input = (folder / "page.ssml").string();
    std::string output = (folder / "page.wav").string();
    publish::test::WriteFile(input, ssml);
    auto result = publish::test::Run({espeak, "-v", welsh ? "cy" : "en-gb", "-m", "-w", output, "-f", input}, {}, 60);
    INFO(result.Describe());
    REQUIRE(result.exit_code == 0);
    double seconds = WavSeconds(publish::test::ReadFile(output));
    // Rough sanity (notes 6.4.14): 0.25 to 0.6 s per spoken word.
    std::string words = std::regex_replace(ssml, std::regex("<[^>]*>"), " ");
    static const std::regex word("[^\\s]+");
    auto count = std::distance(std::sregex_iterator(words.begin(), words.end(), word), std::sregex_iterator());
    INFO(count << " words, " << seconds << " s");
    CHECK(seconds > 2.0);
    CHECK(seconds / static_cast<double>(count) >= 0.25);
    CHECK(seconds / static_cast<double>(count) <= 0.6);
    if (!welsh) {
      std::string ph = Phonemes(ssml);
      // Markdown and symbol leakage, "dot" after a closing tag.
      CHECK(Count(ph, "'ast@r,Isk") == 0);
      CHECK(Count(ph, "h'aS") == 0);
      CHECK(Count(ph, "r'aIt'aroU") == 0);
      CHECK(Count(ph, "d'0t") <= Count(ssml, " dot "));
    }
  }
}

TEST_CASE("Audio channel: --audio-wav writes a WAV file beside each script", "[audio][espeak]") {
  SiteBuilder site;
  site.Page("content/_index.md", "title: Testshire Council\n", "Call 01632 960 000, Monday to Friday, 9am to 5pm.\n");
  site.Page("content/croeso.md", "title: Croeso\nlang: cy\n", "Ffoniwch 01632 960 050.\n");
  ChannelOptions options;
  options.audio.record_wav = true;
  auto built = BuildAudio(site.files(), options);
  REQUIRE_FALSE(built->diagnostics.HasErrors());
  for (const char* name : {"index", "croeso"}) {
    INFO(name);
    std::string wav = built->File(std::string(name) + ".wav");
    REQUIRE(wav.size() > 44);
    CHECK(wav.substr(0, 4) == "RIFF");
    CHECK(wav.substr(8, 8) == "WAVEfmt ");
    CHECK(wav.substr(36, 4) == "data");
    CHECK(static_cast<unsigned char>(wav[22]) == 1);   // mono
    CHECK(static_cast<unsigned char>(wav[34]) == 16);  // 16-bit
    CHECK(WavSeconds(wav) > 1.0);
    bool sound = false;
    for (size_t i = 44; i + 1 < wav.size() && !sound; i += 2) {
      int sample = static_cast<short>(static_cast<unsigned char>(wav[i]) | static_cast<unsigned char>(wav[i + 1]) << 8);
      sound = sample > 1000 || sample < -1000;
    }
    CHECK(sound);
  }
  // espeak-ng carries wave-generator state from one call to the next (and
  // cannot be reset), so bytes depend on what was spoken before; the
  // length of the speech does not, to within a few milliseconds.
  auto again = BuildAudio(site.files(), options);
  CHECK(std::abs(WavSeconds(again->File("index.wav")) - WavSeconds(built->File("index.wav"))) < 0.05);
}

TEST_CASE("Audio channel: the CLI --audio-wav option reaches the channel", "[audio][espeak]") {
  publish::test::TempDir folder;
  publish::test::WriteFile(folder / "site" / "site.yaml", "title: Testshire\nbase_url: https://example.gov.uk/\n");
  publish::test::WriteFile(folder / "site" / "content" / "_index.md", "---\ntitle: Home\n---\n\nHello, 9am to 5pm.\n");
  auto result = publish::test::RunPublish(
      {"build", (folder / "site").string(), "--out", (folder / "out").string(), "--channel", "audio", "--audio-wav"});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  CHECK(fs::exists(folder / "out" / "audio" / "index.ssml"));
  CHECK(fs::file_size(folder / "out" / "audio" / "index.wav") > 10000);
}

TEST_CASE("Audio channel: two builds with recordings are byte-identical, whatever the threads", "[audio][espeak]") {
  // Recordings are made in site order in one place, so the state espeak-ng
  // carries from one utterance to the next is the same on every build.
  publish::test::TempDir folder;
  publish::test::WriteFile(folder / "site" / "site.yaml", "title: Testshire\nbase_url: https://example.gov.uk/\n");
  publish::test::WriteFile(folder / "site" / "content" / "_index.md", "---\ntitle: Home\n---\n\nHello, 9am to 5pm.\n");
  for (const char* name : {"a", "b", "c", "d"}) {
    publish::test::WriteFile(
        folder / "site" / "content" / (std::string(name) + ".md"),
        std::string("---\ntitle: Page ") + name + "\n---\n\nCall 01632 960 000 about page " + name + ".\n");
  }
  for (const char* out : {"one", "two"}) {
    auto result = publish::test::RunPublish({"build", (folder / "site").string(), "--out", (folder / out).string(),
                                             "--channel", "audio", "--audio-wav", "--jobs", "2"});
    INFO(result.Describe());
    REQUIRE(result.exit_code == 0);
  }
  for (const char* name : {"index", "a", "b", "c", "d"}) {
    INFO(name);
    auto one = publish::test::ReadFile(folder / "one" / "audio" / (std::string(name) + ".wav"));
    auto two = publish::test::ReadFile(folder / "two" / "audio" / (std::string(name) + ".wav"));
    CHECK(one.size() > 44);
    CHECK(one == two);
  }
}
