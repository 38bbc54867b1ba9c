// StagedDiskOutput: staged writes, the all-or-nothing swap, the lock, and
// recovery from what a killed build leaves.
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>

#include "channels/registry.h"
#include "libpublish/base/output.h"
#include "libpublish/base/site_files.h"
#include "libpublish/pipeline/pipeline.h"
#include "test_support.h"

namespace fs = std::filesystem;
using publish::Diagnostics;
using publish::StagedDiskOutput;
using publish::test::ReadFile;
using publish::test::ReadTree;
using publish::test::TempDir;
using publish::test::WriteFile;

namespace {

// A build of `channels`, each holding one file saying `text`.
bool BuildOnce(const fs::path& out, const std::vector<std::string>& channels, const std::string& text,
               Diagnostics& diagnostics) {
  StagedDiskOutput output(out, channels);
  if (!output.Open(diagnostics) || !output.Begin(diagnostics)) return false;
  for (const auto& channel : channels) {
    if (!output.Write(channel + "/index.html", text, diagnostics)) return false;
    if (!output.Write(channel + "/deep/er/page.html", text + " deep", diagnostics)) return false;
  }
  return output.Commit(diagnostics);
}

std::vector<std::string> ToolFiles(const fs::path& out) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out / ".publish")) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

ino_t Inode(const fs::path& path) {
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_ino;
}

}  // namespace

TEST_CASE("Output: a commit swaps every channel in and leaves only the lock and the marker", "[output]") {
  TempDir out;
  Diagnostics diagnostics;
  REQUIRE(BuildOnce(out.path(), {"public", "text"}, "one", diagnostics));
  REQUIRE(BuildOnce(out.path(), {"public", "text"}, "two", diagnostics));
  INFO(publish::test::Lines(diagnostics).size());
  CHECK(ReadFile(out / "public/index.html") == "two");
  CHECK(ReadFile(out / "text/deep/er/page.html") == "two deep");
  CHECK(ToolFiles(out.path()) == std::vector<std::string>{"lock", "output"});
  CHECK(ReadFile(out / ".publish/output") ==
        "# the folders publish wrote here; a build replaces only these\npublic\ntext\n");
  // A later build of one channel keeps the others and the marker's list.
  REQUIRE(BuildOnce(out.path(), {"audio"}, "three", diagnostics));
  CHECK(ReadFile(out / "public/index.html") == "two");
  CHECK(ReadFile(out / ".publish/output") ==
        "# the folders publish wrote here; a build replaces only these\naudio\npublic\ntext\n");
}

TEST_CASE("Output: an abandoned build removes its staging folder and changes nothing", "[output]") {
  TempDir out;
  Diagnostics diagnostics;
  REQUIRE(BuildOnce(out.path(), {"public"}, "one", diagnostics));
  auto before = ReadTree(out.path());
  {
    StagedDiskOutput output(out.path(), {"public"});
    REQUIRE(output.Open(diagnostics));
    REQUIRE(output.Begin(diagnostics));
    REQUIRE(output.Write("public/index.html", "never", diagnostics));
  }
  CHECK(publish::test::TreeDifference(before, ReadTree(out.path())) == "");
}

TEST_CASE("Output: a second build of the same folder is refused while the first holds it", "[output]") {
  TempDir out;
  Diagnostics first_diagnostics;
  StagedDiskOutput first(out.path(), {"public"});
  REQUIRE(first.Begin(first_diagnostics));
  Diagnostics second_diagnostics;
  StagedDiskOutput second(out.path(), {"public"});
  CHECK_FALSE(second.Open(second_diagnostics));
  auto lines = publish::test::Lines(second_diagnostics);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::Contains("another publish build is writing to"));
  CHECK_THAT(lines[0], Catch::EndsWith("[output-locked]"));
}

TEST_CASE("Output: writes outside the output folder are refused", "[output]") {
  TempDir out;
  Diagnostics diagnostics;
  StagedDiskOutput output(out.path(), {"public"});
  REQUIRE(output.Begin(diagnostics));
  CHECK_FALSE(output.Write("../escape.html", "x", diagnostics));
  CHECK_FALSE(output.Write("/etc/passwd", "x", diagnostics));
  CHECK_FALSE(fs::exists(out.path().parent_path() / "escape.html"));
  CHECK(publish::test::LinesWith(diagnostics, "path-outside-output").size() == 2);
}

TEST_CASE("Output: the next build undoes a swap a crash cut short, then removes the leftovers", "[output]") {
  TempDir out;
  Diagnostics diagnostics;
  REQUIRE(BuildOnce(out.path(), {"public", "text"}, "old", diagnostics));
  // What a build killed between its two exchanges leaves: public is new,
  // the old public waits in the staging folder, text is still old and its
  // new copy is staged; the journal names the new folders by inode.
  fs::path staging = out / ".publish/staging-999999";
  WriteFile(staging / "text/index.html", "new");
  fs::rename(out / "public", staging / "old-public");
  WriteFile(out / "public/index.html", "new");
  fs::rename(staging / "old-public", staging / "public");
  std::string journal = "staging staging-999999\n";
  struct stat info {};
  REQUIRE(::lstat((out / "public").c_str(), &info) == 0);
  journal += "channel " + std::to_string(info.st_dev) + " " + std::to_string(Inode(out / "public")) + " 1 public\n";
  journal += "channel " + std::to_string(info.st_dev) + " " + std::to_string(Inode(staging / "text")) + " 1 text\n";
  WriteFile(out / ".publish/swap", journal);

  StagedDiskOutput next(out.path(), {"public"});
  REQUIRE(next.Open(diagnostics));
  CHECK(ReadFile(out / "public/index.html") == "old");
  CHECK(ReadFile(out / "public/deep/er/page.html") == "old deep");
  CHECK(ReadFile(out / "text/index.html") == "old");
  CHECK(ToolFiles(out.path()) == std::vector<std::string>{"lock", "output"});
}

TEST_CASE("Output: a journal whose staging folder is gone means the swap had finished", "[output]") {
  TempDir out;
  Diagnostics diagnostics;
  REQUIRE(BuildOnce(out.path(), {"public"}, "new", diagnostics));
  struct stat info {};
  REQUIRE(::lstat((out / "public").c_str(), &info) == 0);
  WriteFile(out / ".publish/swap", "staging staging-999999\nchannel " + std::to_string(info.st_dev) + " " +
                                       std::to_string(info.st_ino) + " 1 public\n");
  StagedDiskOutput next(out.path(), {"public"});
  REQUIRE(next.Open(diagnostics));
  CHECK(ReadFile(out / "public/index.html") == "new");
  CHECK(ToolFiles(out.path()) == std::vector<std::string>{"lock", "output"});
}

TEST_CASE(
    "Output: a streamed copy is read once, written whole to each target, and a file that cannot be read whole fails "
    "the copy",
    "[output]") {
  TempDir site;
  std::string big(3 * 1024 * 1024 + 17, 'x');
  for (size_t i = 0; i < big.size(); i += 4093) big[i] = static_cast<char>('a' + i % 26);
  WriteFile(site / "static/big.bin", big);
  REQUIRE(::mkfifo((site / "static/pipe").c_str(), 0666) == 0);
  publish::DiskSiteFiles files(site.path());
  TempDir out;
  Diagnostics diagnostics;
  StagedDiskOutput output(out.path(), {"public", "kiosk"});
  REQUIRE(output.Begin(diagnostics));
  REQUIRE(output.Copy({"public/big.bin", "kiosk/big.bin"}, files, "static/big.bin", diagnostics));
  CHECK_FALSE(output.Copy({"public/pipe"}, files, "static/pipe", diagnostics));
  auto lines = publish::test::LinesWith(diagnostics, "unreadable-file");
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("static/pipe: error: cannot read the file to copy it: it is not a regular"));
  REQUIRE(output.Commit(diagnostics));
  CHECK(ReadFile(out / "public/big.bin") == big);
  CHECK(ReadFile(out / "kiosk/big.bin") == big);
}

TEST_CASE("Output: a cancelled build writes nothing and says so", "[output][build]") {
  TempDir work;
  publish::test::CopySampleSite(work / "site");
  std::atomic<bool> cancel{true};
  publish::BuildOptions options;
  options.known_channels = publish::AvailableChannels();
  options.today = publish::test::kToday;
  options.cancel = &cancel;
  Diagnostics diagnostics;
  auto result = publish::BuildSiteToFolder(work / "site", work / "out", {}, options, diagnostics);
  CHECK(result.outcome == publish::Outcome::kCancelled);
  CHECK_FALSE(fs::exists(work / "out"));
}
