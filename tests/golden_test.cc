// Golden files: the public output of tests/fixtures/golden-site compared
// byte for byte with tests/golden/public/.
//
// After an intended change to the output, regenerate the files with
//   UPDATE_GOLDEN=1 build/tests/unit_tests '[golden]'
// (or UPDATE_GOLDEN=1 ctest --test-dir build -R Golden), read the diff with
// `git diff tests/golden`, and check the HTML by eye before committing it.
#include <catch2/catch.hpp>

#include <filesystem>

#include "channels/registry.h"
#include "tests/test_support.h"

using namespace publish;
namespace fs = std::filesystem;
using publish::test::Lines;

namespace {

fs::path GoldenSite() { return publish::test::TestsDir() / "fixtures" / "golden-site"; }
fs::path GoldenDir() { return publish::test::TestsDir() / "golden"; }

// The stylesheet is the built-in theme's file copied as it is: compare it
// with its source instead of keeping a second copy among the goldens.
constexpr const char* kStylesheet = "assets/publish.css";

template <typename Tree>
Tree WithoutStylesheet(Tree tree) {
  auto it = tree.find(kStylesheet);
  if (it != tree.end()) {
    CHECK(it->second == publish::test::ReadFile(fs::path(PUBLISH_SOURCE_DIR) / "themes" / "html" / kStylesheet));
    tree.erase(it);
  }
  return tree;
}

}  // namespace

TEST_CASE("Golden: the public output of the golden site matches the checked-in files", "[golden]") {
  DiskSiteFiles files(GoldenSite());
  auto built = publish::test::BuildPublic(files, 2);
  REQUIRE(Lines(built->diagnostics) == std::vector<std::string>{});
  REQUIRE(built->result.outcome == Outcome::kSuccess);
  auto actual = WithoutStylesheet(built->AllPublic());
  REQUIRE_FALSE(actual.empty());

  fs::path golden = GoldenDir() / "public";
  if (publish::test::UpdateGolden()) {
    fs::remove_all(golden);
    for (const auto& [path, contents] : actual) publish::test::WriteFile(golden / path, contents);
    WARN("rewrote " << actual.size() << " golden files under " << golden.string() << "; review them with git diff");
    return;
  }
  auto expected = publish::test::ReadTree(golden);
  REQUIRE_FALSE(expected.empty());
  for (const auto& [path, contents] : actual) {
    INFO("public/" << path << " (UPDATE_GOLDEN=1 rewrites the golden files)");
    REQUIRE(expected.count(path) == 1);
    CHECK(contents == expected.at(path));
  }
  for (const auto& [path, contents] : expected) {
    INFO("golden file public/" << path << " is no longer produced");
    CHECK(actual.count(path) == 1);
  }
}

TEST_CASE("Golden: the CLI writes the same public output as the library", "[golden][cli]") {
  if (publish::test::UpdateGolden()) return;
  publish::test::TempDir out;
  auto result = publish::test::RunPublish(
      {"build", GoldenSite().string(), "--out", out.path().string(), "--channel", "public", "--jobs", "2"});
  INFO(result.Describe());
  REQUIRE(result.exit_code == 0);
  CHECK(publish::test::TreeDifference(WithoutStylesheet(publish::test::ReadTree(out / "public")),
                                      publish::test::ReadTree(GoldenDir() / "public")) == "");
}
