// Site-relative paths: joining, normalising, decoding, and refusing any path
// that would leave its root.
#include <catch2/catch.hpp>

#include "libpublish/base/paths.h"

using namespace publish;

TEST_CASE("Paths: join resolves . and .. inside the root", "[paths]") {
  CHECK(JoinAndNormalize("bins", "collection-days.md") == "bins/collection-days.md");
  CHECK(JoinAndNormalize("bins", "../council-tax/pay.md") == "council-tax/pay.md");
  CHECK(JoinAndNormalize("a/b", "./c/../d") == "a/b/d");
  CHECK(JoinAndNormalize("a/b", "..") == "a");
  CHECK(JoinAndNormalize("a/b", "../..") == "");
  CHECK(JoinAndNormalize("", "x.md") == "x.md");
  CHECK(JoinAndNormalize("", "") == "");
  CHECK(JoinAndNormalize("a", "") == "a");
  CHECK(JoinAndNormalize("a//b/", "c//d/") == "a/b/c/d");
}

TEST_CASE("Paths: a leading slash starts from the root, not the base", "[paths]") {
  CHECK(JoinAndNormalize("bins", "/council-tax/pay.md") == "council-tax/pay.md");
  CHECK(JoinAndNormalize("a/b/c", "/") == "");
  CHECK(JoinAndNormalize("a/b/c", "/x/../y") == "y");
}

TEST_CASE("Paths: join refuses to climb above the root", "[paths]") {
  CHECK_FALSE(JoinAndNormalize("", "..").has_value());
  CHECK_FALSE(JoinAndNormalize("", "../x.md").has_value());
  CHECK_FALSE(JoinAndNormalize("bins", "../../etc/passwd").has_value());
  CHECK_FALSE(JoinAndNormalize("a/b", "../../../x").has_value());
  CHECK_FALSE(JoinAndNormalize("a", "/../x").has_value());
  CHECK_FALSE(JoinAndNormalize("a", "x/../../..").has_value());
  // Climbing out and back in is still climbing out.
  CHECK_FALSE(JoinAndNormalize("bins", "../../content/bins/x.md").has_value());
  CHECK_FALSE(JoinAndNormalize("..", "x").has_value());
}

TEST_CASE("Paths: parent folder, file name and extension", "[paths]") {
  CHECK(ParentFolder("a/b/c.md") == "a/b");
  CHECK(ParentFolder("c.md") == "");
  CHECK(FileName("a/b/c.md") == "c.md");
  CHECK(FileName("c.md") == "c.md");
  CHECK(Extension("c.md") == ".md");
  CHECK(Extension("a/b.tar.gz") == ".gz");
  CHECK(Extension("dir.d/file") == "");
  CHECK(Extension(".htaccess") == "");
  CHECK(Extension("noext") == "");
}

TEST_CASE("Paths: percent-decoding", "[paths]") {
  CHECK(PercentDecode("plain/path.md") == "plain/path.md");
  CHECK(PercentDecode("a%20b") == "a b");
  CHECK(PercentDecode("caf%C3%A9") == "café");
  CHECK(PercentDecode("caf%c3%a9") == "café");
  CHECK(PercentDecode("%2e%2e/x") == "../x");
  CHECK(PercentDecode("100%25") == "100%");
  CHECK(PercentDecode("") == "");
}

TEST_CASE("Paths: percent-decoding refuses malformed escapes and control characters", "[paths]") {
  CHECK_FALSE(PercentDecode("%").has_value());
  CHECK_FALSE(PercentDecode("%2").has_value());
  CHECK_FALSE(PercentDecode("100%").has_value());
  CHECK_FALSE(PercentDecode("%zz").has_value());
  CHECK_FALSE(PercentDecode("%g1").has_value());
  CHECK_FALSE(PercentDecode("a%00b").has_value());
  CHECK_FALSE(PercentDecode("a%0Ab").has_value());
  CHECK_FALSE(PercentDecode("a%7Fb").has_value());
  CHECK_FALSE(PercentDecode(std::string("a\nb")).has_value());
}

TEST_CASE("Paths: percent-encoding keeps what a URL path can carry", "[paths]") {
  CHECK(PercentEncodePath("bins/collection-days/") == "bins/collection-days/");
  CHECK(PercentEncodePath("a b/c") == "a%20b/c");
  CHECK(PercentEncodePath("café/") == "café/");
  CHECK(PercentEncodePath("a#b?c") == "a%23b%3Fc");
  CHECK(PercentEncodePath("100%") == "100%25");
  CHECK(PercentEncodePath("\"<x>\"") == "%22%3Cx%3E%22");
}

TEST_CASE("Paths: safe relative paths are normalised and stay below the root", "[paths]") {
  CHECK(IsSafeRelativePath("index.html"));
  CHECK(IsSafeRelativePath("bins/collection-days/index.html"));
  CHECK(IsSafeRelativePath("café/index.html"));
  CHECK_FALSE(IsSafeRelativePath(""));
  CHECK_FALSE(IsSafeRelativePath("/etc/passwd"));
  CHECK_FALSE(IsSafeRelativePath("../x"));
  CHECK_FALSE(IsSafeRelativePath("a/../../x"));
  CHECK_FALSE(IsSafeRelativePath("a/../b"));  // not normalised
  CHECK_FALSE(IsSafeRelativePath("a/./b"));
  CHECK_FALSE(IsSafeRelativePath("a//b"));
  CHECK_FALSE(IsSafeRelativePath("a/b/"));
  CHECK_FALSE(IsSafeRelativePath("."));
  CHECK_FALSE(IsSafeRelativePath(".."));
  CHECK_FALSE(IsSafeRelativePath("a\\..\\b"));
  CHECK_FALSE(IsSafeRelativePath(std::string("a\0b", 3)));
  CHECK_FALSE(IsSafeRelativePath("a\nb"));
  CHECK_FALSE(IsSafeRelativePath("a\x7f"));
}
