// YAML as a small positioned tree: positions are 1-based and count code
// points, every scalar stays a string, and hostile documents are refused.
#include <catch2/catch.hpp>

#include "libpublish/base/yaml.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::Lines;

namespace {

YamlNode MustParse(const std::string& text, int first_line = 1) {
  Diagnostics diagnostics;
  auto root = ParseYaml(text, "content/page.md", first_line, diagnostics);
  INFO(text);
  REQUIRE(root.has_value());
  REQUIRE(diagnostics.items().empty());
  return *root;
}

std::vector<std::string> ParseErrors(const std::string& text, int first_line = 2) {
  Diagnostics diagnostics;
  auto root = ParseYaml(text, "content/page.md", first_line, diagnostics);
  CHECK_FALSE(root.has_value());
  return Lines(diagnostics);
}

std::string RepeatText(const std::string& text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

}  // namespace

TEST_CASE("Yaml: positions are 1-based and offset by the first line", "[yaml]") {
  YamlNode root = MustParse("title: Pay\nsummary: Pay online\n", 2);
  REQUIRE(root.IsMap());
  REQUIRE(root.entries.size() == 2);
  CHECK(root.line == 2);
  CHECK(root.column == 1);
  const auto& [title_key, title] = root.entries[0];
  CHECK(title_key.scalar == "title");
  CHECK(title_key.line == 2);
  CHECK(title_key.column == 1);
  CHECK(title.scalar == "Pay");
  CHECK(title.line == 2);
  CHECK(title.column == 8);
  const auto& [summary_key, summary] = root.entries[1];
  CHECK(summary_key.line == 3);
  CHECK(summary.line == 3);
  CHECK(summary.column == 10);
}

TEST_CASE("Yaml: columns count code points, not bytes", "[yaml]") {
  YamlNode root = MustParse("näme: välue\nŵ: [a, b]\n");
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].second.scalar == "välue");
  CHECK(root.entries[0].second.column == 7);  // bytes would say 8
  const YamlNode& list = root.entries[1].second;
  REQUIRE(list.kind == YamlNode::Kind::kSequence);
  CHECK(list.column == 4);
  REQUIRE(list.items.size() == 2);
  CHECK(list.items[0].column == 5);
  CHECK(list.items[1].column == 8);
}

TEST_CASE("Yaml: the core schema keeps yes, no, on and numbers as strings", "[yaml]") {
  YamlNode root = MustParse("online: yes\noff: no\nflag: on\nweight: 010\nratio: 1.50\nhex: 0x1F\nquoted: \"yes\"\n");
  REQUIRE(root.entries.size() == 7);
  for (const auto& [key, value] : root.entries) {
    INFO(key.scalar);
    CHECK(value.kind == YamlNode::Kind::kScalar);
  }
  CHECK(root.entries[0].second.scalar == "yes");
  CHECK_FALSE(root.entries[0].second.quoted);
  CHECK(root.entries[1].first.scalar == "off");
  CHECK(root.entries[1].second.scalar == "no");
  CHECK(root.entries[2].second.scalar == "on");
  CHECK(root.entries[3].second.scalar == "010");
  CHECK(root.entries[4].second.scalar == "1.50");
  CHECK(root.entries[5].second.scalar == "0x1F");
  CHECK(root.entries[6].second.scalar == "yes");
  CHECK(root.entries[6].second.quoted);
}

TEST_CASE("Yaml: plain null and ~ are null, quoted and block scalars are text", "[yaml]") {
  YamlNode root = MustParse("a: null\nb: ~\nc:\nd: 'null'\ne: |\n  line one\n  line two\nf: >\n  folded\n  text\n");
  REQUIRE(root.entries.size() == 6);
  CHECK(root.entries[0].second.IsNull());
  CHECK(root.entries[1].second.IsNull());
  CHECK(root.entries[2].second.IsNull());
  // An empty value sits where its key is, so errors about it have a place.
  CHECK(root.entries[2].second.line == 3);
  CHECK(root.entries[2].second.column == 1);
  CHECK(root.entries[3].second.kind == YamlNode::Kind::kScalar);
  CHECK(root.entries[3].second.scalar == "null");
  CHECK(root.entries[3].second.quoted);
  CHECK(root.entries[4].second.scalar == "line one\nline two\n");
  CHECK(root.entries[4].second.quoted);
  CHECK(root.entries[5].second.scalar == "folded text\n");
  CHECK(root.entries[5].second.quoted);
}

TEST_CASE("Yaml: maps keep file order and duplicate keys", "[yaml]") {
  YamlNode root = MustParse("b: 1\na: 2\nb: 3\n");
  REQUIRE(root.entries.size() == 3);
  CHECK(root.entries[0].first.scalar == "b");
  CHECK(root.entries[1].first.scalar == "a");
  CHECK(root.entries[2].first.scalar == "b");
  CHECK(root.entries[2].first.line == 3);
}

TEST_CASE("Yaml: an empty document is null at the first line", "[yaml]") {
  YamlNode root = MustParse("", 2);
  CHECK(root.IsNull());
  CHECK(root.line == 2);
  CHECK(root.column == 1);
  CHECK(MustParse("# only a comment\n").IsNull());
}

TEST_CASE("Yaml: kind names for messages", "[yaml]") {
  YamlNode root = MustParse("a: x\nb: [1]\nc: {d: e}\nf:\n");
  CHECK(root.KindName() == "a mapping");
  CHECK(root.entries[0].second.KindName() == "text");
  CHECK(root.entries[1].second.KindName() == "a list");
  CHECK(root.entries[2].second.KindName() == "a mapping");
  CHECK(root.entries[3].second.KindName() == "empty");
}

TEST_CASE("Yaml: syntax errors are positioned and say what to write instead", "[yaml]") {
  CHECK(ParseErrors("a: b\n  c: d\n") ==
        std::vector<std::string>{"content/page.md:3:3: error: 'c' is indented more than 'a' on line 2, so YAML reads "
                                 "it as more of the value of 'a'; start 'c' in the same column as 'a' (column 1) "
                                 "[yaml-syntax]"});
  CHECK(ParseErrors("title: @bad\n") ==
        std::vector<std::string>{"content/page.md:2:8: error: a value cannot start with @ unless it is in quotes: "
                                 "title: \"@bad\" [yaml-syntax]"});
  // Columns after non-ASCII text still count code points.
  CHECK(ParseErrors("tïtle: x\nsüm: a: b\n") ==
        std::vector<std::string>{"content/page.md:3:7: error: the value of 'süm' holds ': ', which YAML reads as the "
                                 "start of another key; put the whole value in quotes: süm: \"a: b\" [yaml-syntax]"});
  CHECK(ParseErrors("key: value\n- item\n") ==
        std::vector<std::string>{"content/page.md:3:1: error: a list item here, where YAML expects another key; a "
                                 "list belongs under a key with nothing after its colon, such as 'aliases:', with its "
                                 "items indented below it [yaml-syntax]"});
}

TEST_CASE("Yaml: an unclosed flow list is reported where it opens", "[yaml]") {
  auto lines = ParseErrors("aliases: [/old/one.aspx, /old/two.aspx\n");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "content/page.md:2:10: error: the list that opens with '[' here is not closed; end it with ']', and put any "
        "entry that holds a comma or ': ' in quotes [yaml-syntax]");
}

TEST_CASE("Yaml: an unterminated quoted scalar is reported at its quote", "[yaml]") {
  // yaml-cpp took "'Pay your council tax" as text; libyaml refuses it.
  CHECK(ParseErrors("title: 'Pay your council tax\n") ==
        std::vector<std::string>{"content/page.md:2:8: error: the quote ' that starts this value is never closed; end "
                                 "the value with ' on the same line (title: 'Pay your council tax') or remove the "
                                 "quote [yaml-syntax]"});
}

TEST_CASE("Yaml: flow nesting deeper than 64 levels is refused before parsing", "[yaml]") {
  MustParse("a: " + RepeatText("[", 64) + RepeatText("]", 64) + "\n");
  CHECK(
      ParseErrors("a: " + RepeatText("[", 65) + RepeatText("]", 65) + "\n") ==
      std::vector<std::string>{"content/page.md:2:1: error: yaml is nested more than 64 levels deep [yaml-too-deep]"});
  // Unbalanced and huge: refused fast, not handed to the recursive parser.
  CHECK(
      ParseErrors("a: " + RepeatText("{", 100000) + "\n") ==
      std::vector<std::string>{"content/page.md:2:1: error: yaml is nested more than 64 levels deep [yaml-too-deep]"});
  CHECK(ParseErrors(RepeatText("- [", 5000)).size() == 1);
}

TEST_CASE("Yaml: block nesting deeper than 64 levels is refused", "[yaml]") {
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += std::string(static_cast<size_t>(i) * 2, ' ') + "k:\n";
  deep += std::string(140, ' ') + "v\n";
  auto lines = ParseErrors(deep);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "content/page.md:2:1: error: yaml is too large or too deeply nested (aliases expand too far) [yaml-too-deep]");
}

TEST_CASE("Yaml: an alias bomb is refused instead of expanded", "[yaml]") {
  // Nine levels of ten aliases each: a billion leaves if expanded.
  std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  const std::string names = "abcdefghij";
  for (size_t i = 1; i < names.size(); ++i) {
    bomb += names.substr(i, 1) + ": &" + names.substr(i, 1) + " [";
    for (int j = 0; j < 10; ++j) bomb += std::string(j ? "," : "") + "*" + names.substr(i - 1, 1);
    bomb += "]\n";
  }
  auto lines = ParseErrors(bomb);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "content/page.md:2:1: error: yaml is too large or too deeply nested (aliases expand too far) [yaml-too-deep]");
}

TEST_CASE("Yaml: a few aliases are fine", "[yaml]") {
  YamlNode root = MustParse("base: &hours {opens: \"09:00\"}\ncopy: *hours\n");
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[1].second.IsMap());
}

TEST_CASE("Yaml: documents over 256 KB are refused", "[yaml]") {
  std::string big = "summary: " + std::string(300 * 1024, 'x') + "\n";
  CHECK(
      ParseErrors(big) ==
      std::vector<std::string>{
          "content/page.md:2:1: error: yaml is longer than 256 KB; move long content into the body [yaml-too-large]"});
}
