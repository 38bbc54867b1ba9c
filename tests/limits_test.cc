// Limits that keep memory bounded: the WAV header's 32-bit sizes, tables,
// and the length of the script recorded per page.
#include <catch2/catch.hpp>

#include <filesystem>

#include "channels/audio/espeak_synthesizer.h"
#include "libpublish/markdown/markdown.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::Lines;
using Strings = std::vector<std::string>;

namespace {

uint32_t U32At(const std::string& bytes, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3])) << 24;
}

std::string Repeat(const std::string& text, size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// A table of `rows` rows (the header row included) and `columns` columns.
std::string Table(size_t rows, size_t columns, const std::string& indent = "") {
  std::string out = indent + "|" + Repeat(" h |", columns) + "\n" + indent + "|" + Repeat(" - |", columns) + "\n";
  std::string row = indent + "|" + Repeat(" c |", columns) + "\n";
  out.reserve(out.size() + row.size() * rows);
  for (size_t i = 1; i < rows; ++i) out += row;
  return out;
}

struct Parsed {
  MdNode root;
  Diagnostics diagnostics;
};

std::unique_ptr<Parsed> Parse(const std::string& body) {
  auto parsed = std::make_unique<Parsed>();
  parsed->root = ParseMarkdown(body, "content/a.md", 5, parsed->diagnostics);
  return parsed;
}

size_t CountNodes(const MdNode& node, MdType type) {
  size_t count = node.type == type ? 1 : 0;
  for (const auto& child : node.children) count += CountNodes(child, type);
  return count;
}

const std::string kFix =
    "; split it into several tables, or publish the data as a CSV file and link to it [table-too-large]";

}  // namespace

TEST_CASE("WAV: the largest recording the header can hold is written, one sample more is refused", "[limits][wav]") {
  std::string error;
  auto largest = WavHeader(kMaxWavSamples, 22050, error);
  REQUIRE(largest);
  CHECK(largest->size() == 44);
  CHECK(U32At(*largest, 40) == uint64_t{2} * kMaxWavSamples);  // data bytes
  CHECK(U32At(*largest, 4) == 0xFFFFFFFEu);                    // RIFF size: 36 + data, no wrap
  CHECK(U32At(*largest, 24) == 22050u);
  CHECK(U32At(*largest, 28) == 44100u);

  auto over = WavHeader(kMaxWavSamples + 1, 22050, error);
  CHECK_FALSE(over);
  CHECK(error == "the recording would be longer than a WAV file can hold (2147483630 samples; at most 2147483629)");
  // Counts whose byte size would wrap 32 or 64 bits are refused, not wrapped.
  CHECK_FALSE(WavHeader(uint64_t{1} << 31, 22050, error));
  CHECK_FALSE(WavHeader(uint64_t{1} << 32, 22050, error));
  CHECK_FALSE(WavHeader(uint64_t{1} << 63, 22050, error));
  CHECK_FALSE(WavHeader(~uint64_t{0}, 22050, error));
}

TEST_CASE("WAV: sample rates the header cannot hold are refused", "[limits][wav]") {
  std::string error;
  CHECK_FALSE(WavHeader(10, 0, error));
  CHECK_FALSE(WavHeader(10, -1, error));
  // The byte rate (rate x 2) must fit in 32 bits.
  CHECK(WavHeader(10, 0x7FFFFFFF, error));
  CHECK(U32At(*WavHeader(10, 0x7FFFFFFF, error), 28) == 0xFFFFFFFEu);
}

TEST_CASE("WAV: a short recording is a well-formed file", "[limits][wav]") {
  std::string error;
  auto wav = WavFile({1, -1, 0x1234}, 16000, error);
  REQUIRE(wav);
  CHECK(wav->size() == 44 + 6);
  CHECK(wav->substr(0, 4) == "RIFF");
  CHECK(U32At(*wav, 4) == 36 + 6);
  CHECK(U32At(*wav, 40) == 6);
  CHECK(wav->substr(44) == std::string("\x01\x00\xff\xff\x34\x12", 6));
}

TEST_CASE("Tables: a 1,000,000-row table is refused before cmark-gfm parses it", "[limits][table]") {
  // Parsed, it took 2.4 GB; refused, the tree holds none of it.
  auto parsed = Parse("## Data\n\n" + Table(1'000'000, 2) + "\nSee [x](nope.md).\n");
  CHECK(Lines(parsed->diagnostics) ==
        Strings{"content/a.md:7:1: error: the table has 1000000 rows; a table may have at most 100000 rows" + kFix});
  CHECK(CountNodes(parsed->root, MdType::kTable) == 0);
  CHECK(CountNodes(parsed->root, MdType::kTableCell) == 0);
  // The rest of the page is still read, at its own lines.
  REQUIRE(CountNodes(parsed->root, MdType::kLink) == 1);
  CHECK(parsed->root.children.back().line == 1'000'009);
}

TEST_CASE("Tables: rows up to the limit are kept, one more is refused", "[limits][table]") {
  auto most = Parse(Table(kMaxTableRows, 1));
  CHECK(Lines(most->diagnostics).empty());
  REQUIRE(CountNodes(most->root, MdType::kTableRow) == kMaxTableRows);
  auto over = Parse("Intro.\n\n> " + Table(kMaxTableRows + 1, 1));
  CHECK(Lines(over->diagnostics) ==
        Strings{"content/a.md:7:3: error: the table has 100001 rows; a table may have at most 100000 rows" + kFix});
  CHECK(CountNodes(over->root, MdType::kTableRow) == 0);
}

TEST_CASE("Tables: columns up to the limit are kept, one more is refused before parsing", "[limits][table]") {
  // cmark-gfm takes time quadratic in the columns for each row: 3 s for
  // three rows of 20,000.
  auto most = Parse(Table(2, kMaxTableColumns));
  CHECK(Lines(most->diagnostics).empty());
  CHECK(CountNodes(most->root, MdType::kTableCell) == 2 * kMaxTableColumns);
  auto over = Parse("- item\n\n  Café ✓\n\n  " + Table(2, 20'000).substr(0) + "\n");
  CHECK(Lines(over->diagnostics) ==
        Strings{"content/a.md:9:3: error: the table has 20000 columns; a table may have at most 2000 columns" + kFix});
  CHECK(CountNodes(over->root, MdType::kTableCell) == 0);
}

TEST_CASE("Tables: cells up to the limit are kept, one row more is refused", "[limits][table]") {
  size_t rows = kMaxTableCells / 4;
  auto most = Parse(Table(rows, 4));
  CHECK(Lines(most->diagnostics).empty());
  CHECK(CountNodes(most->root, MdType::kTableCell) == kMaxTableCells);
  auto over = Parse(Table(rows + 1, 4));
  CHECK(Lines(over->diagnostics) ==
        Strings{"content/a.md:5:1: error: the table has 200004 cells; a table may have at most 200000 cells" + kFix});
}

TEST_CASE("Tables: the source check follows GFM's ends of tables", "[limits][table]") {
  // Rows run on over "#x" and "-y" (not a heading or list), and stop at a
  // blank line, a heading or a list item: two tables of 60,000 rows and
  // 3 columns (180,000 cells each) are within the limits.
  std::string half = Table(30'000, 3);
  std::string rows = Repeat("| c | c | c |\n", 30'000);
  auto parsed = Parse(half + "#x\n-y\n" + rows.substr(0, rows.size() - 2 * 14) + "\n# Next\n\n" + Table(60'000, 3));
  CHECK(Lines(parsed->diagnostics).empty());
  CHECK(CountNodes(parsed->root, MdType::kTable) == 2);
  // Text that looks like a table inside fenced code is not a table.
  auto fenced = Parse("```\n" + Table(kMaxTableRows + 1, 1) + "```\n");
  CHECK(Lines(fenced->diagnostics).empty());
  CHECK(CountNodes(fenced->root, MdType::kCodeBlock) == 1);
}

TEST_CASE("Tables: a table the source check misses is refused on cmark's tree", "[limits][table]") {
  // An indented "```" is code to cmark, not a fence; the line-based source
  // check takes it as one and skips the table, so the exact check on the
  // parsed tree is what refuses it.
  auto parsed = Parse("    ```\n\n" + Table(kMaxTableRows + 1, 1));
  CHECK(Lines(parsed->diagnostics) ==
        Strings{"content/a.md:7:1: error: the table has 100001 rows; a table may have at most 100000 rows" + kFix});
  CHECK(CountNodes(parsed->root, MdType::kTableRow) == 0);
}

TEST_CASE("Audio: a page too long to record is refused before anything is recorded", "[limits][audio][espeak]") {
  publish::test::TempDir work;
  publish::test::WriteFile(work / "site/site.yaml",
                           "title: Edgeton Council\nbase_url: https://www.edgeton.example.gov.uk/\n");
  publish::test::WriteFile(work / "site/content/_index.md", "---\ntitle: Edgeton Council\n---\n\nWelcome.\n");
  std::string paragraph = Repeat("Residents can check bin days and pay council tax online. ", 20) + "\n\n";
  publish::test::WriteFile(work / "site/content/long.md", "---\ntitle: Long\n---\n\n" + Repeat(paragraph, 120));
  auto result = publish::test::RunPublish(
      {"build", (work / "site").string(), "--out", (work / "out").string(), "--channel", "audio", "--audio-wav"});
  INFO(result.Describe().substr(0, 2000));
  CHECK(result.exit_code == 1);
  REQUIRE(result.DiagnosticLines().size() == 1);
  CHECK_THAT(result.DiagnosticLines()[0],
             Catch::StartsWith("content/long.md:1:1: error: the page is too long to record: its spoken script is "));
  CHECK_THAT(result.DiagnosticLines()[0],
             Catch::EndsWith(" bytes, at most 100000 (about 1 hour 45 minutes of speech); split it into several "
                             "pages, or build without --audio-wav [page-too-long-to-record]"));
  CHECK_FALSE(std::filesystem::exists(work / "out/audio"));
  // Without recordings the same page builds.
  auto scripts = publish::test::RunPublish(
      {"build", (work / "site").string(), "--out", (work / "out").string(), "--channel", "audio"});
  CHECK(scripts.exit_code == 0);
  CHECK(std::filesystem::file_size(work / "out/audio/long.ssml") > 100'000);
}

namespace {

// n images left open, each followed by a link: cmark-gfm 0.29 walks
// 1 + 2 + ... + n openers, the count kMaxImageBracketSteps bounds.
size_t MostStrandedImagesAllowed() {
  size_t n = 0;
  while ((n + 1) * (n + 2) / 2 <= publish::kMaxImageBracketSteps) ++n;
  return n;
}

const std::string kUnclosedFix =
    " images with '![' that it never closes, too many to read in reasonable time; finish each image as '![alt "
    "text](address)', or write '\\![' for the characters themselves [unclosed-images]";

}  // namespace

TEST_CASE("Images: a paragraph of 100,000 images left open is refused before cmark-gfm parses it", "[limits][images]") {
  // Parsed by cmark-gfm 0.29 it took over a minute (quadratic); refused,
  // the paragraph is left out and the rest of the page is read.
  auto parsed = Parse("Intro.\n\nSee " + Repeat("![[]()", 100'000) + "\nmore text\n\nSee [x](nope.md).\n");
  CHECK(Lines(parsed->diagnostics) == Strings{"content/a.md:7:5: error: the paragraph opens 100000" + kUnclosedFix});
  CHECK(CountNodes(parsed->root, MdType::kImage) == 0);
  REQUIRE(CountNodes(parsed->root, MdType::kLink) == 1);
  CHECK(CountNodes(parsed->root, MdType::kParagraph) == 2);
}

TEST_CASE("Images: images left open up to the limit are kept, one more is refused", "[limits][images]") {
  size_t most = MostStrandedImagesAllowed();
  auto kept = Parse(Repeat("![[]()", most));
  CHECK(Lines(kept->diagnostics).empty());
  CHECK(CountNodes(kept->root, MdType::kLink) == most);
  auto over = Parse("- item\n\n  x " + Repeat("![[]()", most + 1));
  CHECK(Lines(over->diagnostics) ==
        Strings{"content/a.md:7:5: error: the paragraph opens " + std::to_string(most + 1) + kUnclosedFix});
  CHECK(CountNodes(over->root, MdType::kLink) == 0);
}

TEST_CASE("Images: the count follows cmark's brackets, so ordinary long paragraphs pass", "[limits][images]") {
  // Closed images, escaped '!', code spans, separate paragraphs and many
  // reference links cost cmark no walk and are not refused.
  std::string body = Repeat("![a](b.png) ", 50'000) + "\n\n" + Repeat("\\![[]()", 50'000) + "\n\n`" +
                     Repeat("![[]()", 50'000) + "`\n\n" + Repeat(Repeat("![[]()", 1'000) + "\n\n", 20) +
                     Repeat("[link][ref] ", 40'000) + "\n\n```\n" + Repeat("![[]()", 50'000) +
                     "\n```\n\n[ref]: https://example.gov.uk/\n";
  auto parsed = Parse(body);
  CHECK(Lines(parsed->diagnostics).empty());
  CHECK(CountNodes(parsed->root, MdType::kImage) == 50'000);
}
