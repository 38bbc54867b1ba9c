// Templates: the limits checked before the Mustache library sees a theme
// (size, section depth, partials), the budget of one render, and a hostile
// site override through the real binary.
#include <catch2/catch.hpp>

#include "libpublish/template/template.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::Lines;
using publish::test::ProcessResult;
using publish::test::RunPublish;
using publish::test::TempDir;
using publish::test::WriteFile;
using Strings = std::vector<std::string>;

namespace {

std::string Repeat(const std::string& text, size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

std::string Nested(int depth, const std::string& inside = "x") {
  return Repeat("{{#a}}", static_cast<size_t>(depth)) + inside + Repeat("{{/a}}", static_cast<size_t>(depth));
}

// Compiles `text` as "page.mustache" and returns the diagnostics as lines.
Strings CompileLines(const std::string& text, const TemplateLimits& limits = {}) {
  Diagnostics diagnostics;
  auto compiled = Template::Compile(text, "themes/public/page.mustache", Escaping::kHtml, diagnostics, limits);
  CHECK((compiled != nullptr) == !diagnostics.HasErrors());
  return Lines(diagnostics);
}

const std::string kTooDeep =
    "error: sections are nested more than 50 levels deep; close some sections before "
    "opening more [template-too-deep]";

}  // namespace

TEST_CASE("Template: 50 nested sections compile, 51 do not", "[template]") {
  CHECK(CompileLines(Nested(50)).empty());
  // The 51st "{{#a}}" starts at byte 300.
  CHECK(CompileLines(Nested(51)) == Strings{"themes/public/page.mustache:1:301: " + kTooDeep});
  // Inverted sections nest the same way; closed ones do not add up.
  CHECK(CompileLines(Repeat("{{^a}}", 51) + Repeat("{{/a}}", 51)) ==
        Strings{"themes/public/page.mustache:1:301: " + kTooDeep});
  CHECK(CompileLines(Repeat(Nested(50), 100)).empty());
}

TEST_CASE("Template: the too-deep position counts lines and code points", "[template]") {
  std::string text = "<p>é</p>\n  ✓ " + Nested(51);
  // Line 2: two spaces, a check mark and a space (4 code points), then 50
  // sections of 6 bytes.
  CHECK(CompileLines(text) == Strings{"themes/public/page.mustache:2:305: " + kTooDeep});
}

TEST_CASE("Template: tags that are not sections do not count as depth", "[template]") {
  // Comments, triple mustaches, variables and ampersands never open a section.
  CHECK(CompileLines(Repeat("{{! {{#a}} }}", 100)).empty());
  CHECK(CompileLines(Repeat("{{{#a}}}", 100)).empty());
  CHECK(CompileLines(Repeat("{{&a}}{{a}}", 100)).empty());
}

TEST_CASE("Template: set-delimiter tags are followed, so depth cannot hide behind them", "[template]") {
  // Under "<% %>", "{{#a}}" is plain text and "<%#a%>" opens a section.
  CHECK(CompileLines("{{=<% %>=}}" + Repeat("{{#a}}", 100)).empty());
  CHECK(CompileLines("{{=<% %>=}}" + Repeat("<%#a%>", 51) + Repeat("<%/a%>", 51)) ==
        Strings{"themes/public/page.mustache:1:312: " + kTooDeep});
  // And back to braces.
  CHECK(CompileLines("{{=<% %>=}}<%={{ }}=%>" + Nested(51)) ==
        Strings{"themes/public/page.mustache:1:323: " + kTooDeep});
}

TEST_CASE("Template: partials are refused", "[template]") {
  // kainjow fills a partial from any data value of that name, so a page's
  // title would be run as a template.
  CHECK(CompileLines("<h1>\n  {{> title }}</h1>") ==
        Strings{"themes/public/page.mustache:2:3: error: partials ('{{>name}}') are not supported; write the text "
                "into this template instead [template-partial]"});
}

TEST_CASE("Template: a template over the size limit is refused before it is parsed", "[template]") {
  TemplateLimits limits;
  limits.max_bytes = 1000;
  CHECK(CompileLines(std::string(1000, ' '), limits).empty());
  CHECK(CompileLines(std::string(1001, ' '), limits) ==
        Strings{"themes/public/page.mustache:1:1: error: the template is larger than 1000 bytes; put long text in "
                "pages, not in the theme [template-too-large]"});
  CHECK(CompileLines(std::string(256 * 1024, ' ')).empty());
  CHECK(CompileLines(std::string(256 * 1024 + 1, ' ')) ==
        Strings{"themes/public/page.mustache:1:1: error: the template is larger than 262144 bytes; put long text "
                "in pages, not in the theme [template-too-large]"});
}

TEST_CASE("Template: a list section nested in itself stops at the render budget", "[template]") {
  TemplateValue value;
  TemplateValue items = TemplateValue::List();
  for (int i = 0; i < 10; ++i) items.Push(TemplateValue());
  value.Set("items", items);
  // 10^20 passes without the budget.
  std::string text = Repeat("{{#items}}", 20) + Repeat("{{/items}}", 20);
  Diagnostics diagnostics;
  auto compiled = Template::Compile(text, "themes/public/page.mustache", Escaping::kHtml, diagnostics);
  REQUIRE(compiled);
  std::string out;
  CHECK_FALSE(compiled->Render(value, out, diagnostics));
  CHECK(Lines(diagnostics) ==
        Strings{"themes/public/page.mustache:1:1: error: rendering this template entered more than 10000000 "
                "sections or wrote more than 268435456 bytes; a list section is probably nested inside itself "
                "[template-render-too-large]"});
  CHECK(out.empty());
  // The same template over a short list renders.
  TemplateValue small;
  small.Set("items", TemplateValue::List().Push(TemplateValue()).Push(TemplateValue()));
  Diagnostics fine;
  CHECK(compiled->Render(small, out, fine));
  CHECK_FALSE(fine.HasErrors());
}

TEST_CASE("Template: a render that writes too much stops at the output budget", "[template]") {
  TemplateLimits limits;
  limits.max_render_bytes = 10000;
  TemplateValue value;
  value.Set("body", std::string(1000, 'x'));
  Diagnostics diagnostics;
  auto ten = Template::Compile(Repeat("{{{body}}}", 10), "t.mustache", Escaping::kHtml, diagnostics, limits);
  auto eleven = Template::Compile(Repeat("{{{body}}}", 11), "t.mustache", Escaping::kHtml, diagnostics, limits);
  REQUIRE(ten);
  REQUIRE(eleven);
  std::string out;
  CHECK(ten->Render(value, out, diagnostics));
  CHECK(out.size() == 10000);
  CHECK_FALSE(diagnostics.HasErrors());
  CHECK_FALSE(eleven->Render(value, out, diagnostics));
  CHECK(publish::test::LinesWith(diagnostics, "template-render-too-large").size() == 1);
}

TEST_CASE("Template: a 20,000-deep site override is an error, not a crash", "[template][cli]") {
  TempDir work;
  WriteFile(work / "site/site.yaml", "title: Edgeton Council\nbase_url: https://www.edgeton.example.gov.uk/\n");
  WriteFile(work / "site/content/_index.md", "---\ntitle: Edgeton Council\n---\n\nWelcome.\n");
  // "title" is always set, so without the limit kainjow recurses 20,000
  // levels deep while rendering (and keeps 2 GB of section copies).
  WriteFile(work / "site/themes/public/page.mustache", Repeat("{{#title}}", 20000) + "x" + Repeat("{{/title}}", 20000));
  ProcessResult result =
      RunPublish({"build", (work / "site").string(), "--out", (work / "out").string(), "--channel", "public"});
  INFO(result.Describe().substr(0, 4000));
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{"themes/public/page.mustache:1:1: error: the template is larger than 262144 bytes; put long text in "
                "pages, not in the theme [template-too-large]",
                "themes/public/page.mustache:1:501: " + kTooDeep});
}

TEST_CASE("Template: a partial naming a page's own title is refused, not run", "[template][cli]") {
  // Without the refusal kainjow renders the title "{{>title}}" as a
  // template, which names itself: unbounded recursion.
  TempDir work;
  WriteFile(work / "site/site.yaml", "title: Edgeton Council\nbase_url: https://www.edgeton.example.gov.uk/\n");
  WriteFile(work / "site/content/_index.md", "---\ntitle: \"{{>title}}\"\n---\n\nWelcome.\n");
  WriteFile(work / "site/themes/public/page.mustache", "<h1>{{>title}}</h1>\n");
  ProcessResult result =
      RunPublish({"build", (work / "site").string(), "--out", (work / "out").string(), "--channel", "public"});
  INFO(result.Describe().substr(0, 4000));
  CHECK(result.signal == 0);
  CHECK(result.exit_code == 1);
  CHECK(result.DiagnosticLines() ==
        Strings{"themes/public/page.mustache:1:5: error: partials ('{{>name}}') are not supported; write the text "
                "into this template instead [template-partial]"});
}
