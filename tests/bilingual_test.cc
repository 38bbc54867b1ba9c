// Bilingual sites: pairs of pages in English and Welsh, built from the
// tests/fixtures/bilingual-site fixture and read as a browser and a search
// engine would.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "tests/test_support.h"

namespace {

using publish::test::ReadTree;
using publish::test::RunPublish;
using publish::test::TempDir;

const std::string kBase = "https://www.northbridge.example.gov.uk/";

struct BilingualBuild {
  BilingualBuild() {
    auto result = RunPublish(
        {"build", (publish::test::TestsDir() / "fixtures" / "bilingual-site").string(), "--out", out.path().string()});
    INFO(result.Describe());
    REQUIRE(result.exit_code == 0);
    files = ReadTree(out.path());
  }
  const std::string& At(const std::string& path) const {
    auto found = files.find(path);
    INFO(path);
    REQUIRE(found != files.end());
    return found->second;
  }
  TempDir out;
  std::map<std::string, std::string> files;
};

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("Bilingual: a page and its translation name each other in hreflang, both ways", "[bilingual]") {
  BilingualBuild build;
  const std::string& english = build.At("public/council-tax/pay/index.html");
  const std::string& welsh = build.At("public/cy/treth-y-cyngor/talu/index.html");
  for (const std::string* page : {&english, &welsh}) {
    CHECK(Has(*page, "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"" + kBase + "council-tax/pay/\">"));
    CHECK(Has(*page, "<link rel=\"alternate\" hreflang=\"cy\" href=\"" + kBase + "cy/treth-y-cyngor/talu/\">"));
    CHECK(Has(*page, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"" + kBase + "council-tax/pay/\">"));
  }
  CHECK(Has(english, "<html lang=\"en-GB\""));
  CHECK(Has(welsh, "<html lang=\"cy\""));
}

TEST_CASE("Bilingual: the language switch leads to the counterpart page, named in its own language", "[bilingual]") {
  BilingualBuild build;
  CHECK(Has(build.At("public/council-tax/pay/index.html"),
            "href=\"/cy/treth-y-cyngor/talu/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"));
  CHECK(Has(build.At("public/cy/treth-y-cyngor/talu/index.html"),
            "href=\"/council-tax/pay/\" hreflang=\"en-GB\" lang=\"en-GB\">English</a>"));
  // help.cy.md beside help.md: the file name alone pairs them.
  CHECK(Has(build.At("public/help/index.html"), "href=\"/cy/help/\""));
  CHECK(Has(build.At("public/cy/index.html"), ">English</a>"));
}

TEST_CASE("Bilingual: the sitemap lists every page with its alternates", "[bilingual]") {
  BilingualBuild build;
  const std::string& sitemap = build.At("public/sitemap.xml");
  CHECK(Has(sitemap, "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
  CHECK(Has(sitemap, "<url><loc>" + kBase + "cy/treth-y-cyngor/talu/</loc>"));
  CHECK(Has(sitemap, "<xhtml:link rel=\"alternate\" hreflang=\"en-GB\" href=\"" + kBase + "council-tax/pay/\"/>"));
  CHECK(Has(sitemap, "<xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"" + kBase + "cy/treth-y-cyngor/talu/\"/>"));
}
