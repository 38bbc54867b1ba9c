// Incremental rebuilds against clean full builds: random edit sequences
// on the sample site, every output file of every channel and every
// diagnostic compared after each edit.
#include "libpublish/pipeline/incremental_build.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include "channels/registry.h"
#include "libpublish/base/output.h"
#include "tests/test_support.h"

namespace publish {
namespace {

namespace fs = std::filesystem;

// The sample site (site.yaml and content/) as files in memory.
std::map<std::string, std::string> SampleSite() {
  std::map<std::string, std::string> files;
  auto read = [](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  files["site.yaml"] = read(test::SourceDir() / "site.yaml");
  for (const auto& entry : fs::recursive_directory_iterator(test::SourceDir() / "content")) {
    if (!entry.is_regular_file()) continue;
    files["content/" + entry.path().lexically_relative(test::SourceDir() / "content").generic_string()] =
        read(entry.path());
  }
  return files;
}

// A small deterministic generator (std's distributions differ between
// libraries; this does not).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  size_t Below(size_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>((state_ >> 33) % n);
  }
  bool OneIn(size_t n) { return Below(n) == 0; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  uint64_t state_;
};

struct Channels {
  std::vector<std::unique_ptr<Channel>> owned;
  std::vector<Channel*> pointers;
  Channels() {
    for (const auto& name : AvailableChannelNames()) {
      owned.push_back(MakeChannel(name));
      pointers.push_back(owned.back().get());
    }
  }
};

BuildOptions Options() {
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = test::kToday;
  options.jobs = 2;
  return options;
}

// The site being edited: the files, and what an edit touched.
class EditedSite {
 public:
  explicit EditedSite(std::map<std::string, std::string> files) : contents_(std::move(files)), original_(contents_) {
    for (const auto& [path, text] : contents_) files_.Add(path, text);
  }
  const MemorySiteFiles& files() const { return files_; }
  std::vector<std::string> TakeTouched() { return std::exchange(touched_, {}); }

  std::vector<std::string> Pages() const {
    return Matching([](const std::string& p) { return IsPage(p); });
  }
  std::vector<std::string> Assets() const {
    return Matching([](const std::string& p) { return p.rfind("content/", 0) == 0 && !IsPage(p); });
  }
  std::vector<std::string> Folders() const {
    std::set<std::string> folders{"content"};
    for (const auto& path : Pages()) folders.insert(path.substr(0, path.rfind('/')));
    return {folders.begin(), folders.end()};
  }
  const std::string& Text(const std::string& path) const { return contents_.at(path); }
  bool Has(const std::string& path) const { return contents_.count(path) != 0; }
  const std::map<std::string, std::string>& original() const { return original_; }

  void Write(const std::string& path, std::string text) {
    contents_[path] = text;
    files_.Add(path, std::move(text));
    touched_.push_back(path);
  }
  void Remove(const std::string& path) {
    contents_.erase(path);
    files_.Remove(path);
    touched_.push_back(path);
  }
  void Rename(const std::string& from, const std::string& to) {
    std::string text = contents_.at(from);
    Remove(from);
    Write(to, std::move(text));
  }
  // Replaces the value of a front matter key at the top level, or adds it.
  void SetKey(const std::string& path, const std::string& key, const std::string& value) {
    std::string text = Text(path);
    size_t end = text.find("\n---", 3);
    if (text.rfind("---\n", 0) != 0 || end == std::string::npos) return;
    size_t at = text.find("\n" + key + ":");
    if (at != std::string::npos && at < end) {
      size_t line_end = text.find('\n', at + 1);
      text.replace(at + 1, line_end - at - 1, key + ": " + value);
    } else {
      text.insert(end, "\n" + key + ": " + value);
    }
    Write(path, std::move(text));
  }

  static bool IsPage(const std::string& path) {
    return path.rfind("content/", 0) == 0 && path.size() > 3 && path.substr(path.size() - 3) == ".md";
  }

 private:
  template <typename F>
  std::vector<std::string> Matching(F keep) const {
    std::vector<std::string> out;
    for (const auto& [path, text] : contents_) {
      if (keep(path)) out.push_back(path);
    }
    return out;
  }

  std::map<std::string, std::string> contents_;
  std::map<std::string, std::string> original_;
  MemorySiteFiles files_;
  std::vector<std::string> touched_;
};

// Puts one changed file back as it first was (fixes most breakage).
std::string RestoreOne(EditedSite& site, Random& random) {
  std::vector<std::string> changed;
  for (const auto& [path, text] : site.original()) {
    if (!site.Has(path) || site.Text(path) != text) changed.push_back(path);
  }
  if (changed.empty()) return "nothing to restore";
  std::string path = random.Pick(changed);
  site.Write(path, site.original().at(path));
  return "restored " + path;
}

// One random edit of the kinds editors make; returns what it was, for the
// message of a failing step. An editor whose site is broken often fixes it.
std::string RandomEdit(EditedSite& site, Random& random, int step, bool broken) {
  if (broken && random.OneIn(2)) return RestoreOne(site, random);
  std::vector<std::string> pages = site.Pages();
  std::string page = random.Pick(pages);
  std::string tag = std::to_string(step);
  switch (random.Below(20)) {
    case 0:
    case 1: {  // body text
      site.Write(page, site.Text(page) + "\nA new paragraph, number " + tag + ", for residents.\n");
      return "body of " + page;
    }
    case 2:
    case 3:
      site.SetKey(page, "title", "A new title " + tag);
      return "title of " + page;
    case 4:
      site.SetKey(page, "summary", "What this page is for, version " + tag + ".");
      return "summary of " + page;
    case 5:
      site.SetKey(page, "weight", std::to_string(random.Below(5)));
      return "weight of " + page;
    case 6: {  // a new page, linking to an existing one by its address
      std::string folder = random.Pick(site.Folders());
      std::string path = folder + "/new-page-" + tag + ".md";
      std::string target = "/" + UrlPathForContent(random.Pick(pages).substr(8));
      site.Write(path, "---\ntitle: New page " + tag + "\nsummary: A page added in step " + tag +
                           ".\n---\n\n## About it\n\nRead [the page on this](" + target + ") first.\n");
      return "new page " + path;
    }
    case 7:
      site.Remove(page);
      return "deleted " + page;
    case 8: {  // rename within its folder, or move to another folder
      std::string folder = random.OneIn(2) ? page.substr(0, page.rfind('/')) : random.Pick(site.Folders());
      std::string to = folder + "/moved-" + tag + ".md";
      site.Rename(page, to);
      return "moved " + page + " to " + to;
    }
    case 9: {  // break the front matter
      std::string text = site.Text(page);
      if (random.OneIn(2)) {
        site.Write(page, "---\nbogus_key: 1\n" + text.substr(text.rfind("---\n", 0) == 0 ? 4 : 0));
      } else {
        site.Write(page, "---\ntitle: [unclosed\n" + text);
      }
      return "broke the front matter of " + page;
    }
    case 10:
    case 11:
    case 16:
      return RestoreOne(site, random);
    case 12: {  // assets: add, change or delete
      std::vector<std::string> assets = site.Assets();
      if (assets.empty() || random.OneIn(3)) {
        std::string path = random.Pick(site.Folders()) + "/file-" + tag + ".txt";
        site.Write(path, "asset " + tag + "\n");
        return "new asset " + path;
      }
      std::string asset = random.Pick(assets);
      if (random.OneIn(2)) {
        site.Remove(asset);
        return "deleted asset " + asset;
      }
      site.Write(asset, site.Text(asset) + tag);
      return "changed asset " + asset;
    }
    case 13:
      site.SetKey(page, "visibility", random.OneIn(2) ? "internal" : "public");
      return "visibility of " + page;
    case 14: {  // an alias: a new old address, or one another page already has (a clash)
      if (!random.OneIn(4)) {
        site.SetKey(page, "aliases", "[/old/page-" + tag + "/]");
        return "alias on " + page;
      }
      std::string taken = "/" + UrlPathForContent(random.Pick(pages).substr(8));
      site.SetKey(page, "aliases", "[" + (taken == "/" ? std::string("/old/") : taken) + "]");
      std::string text = site.Text(page);
      if (random.OneIn(2) && text.rfind("---\n", 0) == 0) {
        site.Write(page, "---\n# a comment " + tag + " moves the alias down a line\n" + text.substr(4));
      }
      return "alias " + taken + " on " + page;
    }
    case 17:  // a heading other pages may link to
      site.Write(page, site.Text(page) + "\n## Section " + tag + "\n\nMore about it.\n");
      return "heading 'Section " + tag + "' on " + page;
    case 18: {  // a link to a heading of another page, which may exist or not
      std::string target = "/" + UrlPathForContent(random.Pick(pages).substr(8));
      std::string section = "section-" + std::to_string(random.Below(static_cast<size_t>(step) + 1));
      site.Write(page, site.Text(page) + "\nSee [that part](" + target + "#" + section + ").\n");
      return "link to " + target + "#" + section + " from " + page;
    }
    case 15:  // a draft (a landing page's draft keeps its section out), or published again
      site.SetKey(page, "draft", random.OneIn(2) ? "true" : "false");
      return "draft of " + page;
    default: {  // rarely, the settings or a theme
      if (random.OneIn(2)) {
        std::string yaml = site.Text("site.yaml");
        size_t at = yaml.find("title: ");
        site.Write("site.yaml",
                   yaml.substr(0, at) + "title: Northbridge Council " + tag + yaml.substr(yaml.find('\n', at)));
        return "site title";
      }
      site.Write("static/robots.txt", "User-agent: *\n# " + tag + "\n");
      return "static file";
    }
  }
}

struct Full {
  MemoryOutput output;
  Diagnostics diagnostics;
  BuildResult result;
};

std::unique_ptr<Full> FullBuild(const SiteFiles& files, const std::vector<Channel*>& channels) {
  auto full = std::make_unique<Full>();
  full->result = BuildSite(files, channels, Options(), full->output, full->diagnostics);
  return full;
}

// The first path whose bytes differ, or "".
std::string FirstDifference(const std::map<std::string, std::string, std::less<>>& a,
                            const std::map<std::string, std::string, std::less<>>& b) {
  for (const auto& [path, text] : a) {
    auto other = b.find(path);
    if (other == b.end()) return path + " (only in the incremental output)";
    if (other->second != text) return path + " (different bytes)";
  }
  for (const auto& [path, text] : b) {
    if (a.count(path) == 0) return path + " (only in the full build)";
  }
  return "";
}

}  // namespace

TEST_CASE("Incremental build: random edits give a full build's output and diagnostics", "[incremental]") {
  Channels channels;
  for (uint64_t seed : {1u, 2u, 3u}) {
    EditedSite site(SampleSite());
    IncrementalBuild incremental(site.files(), channels.pointers, Options());
    Random random(seed);
    int good = 0, failed = 0;
    bool broken = false;
    std::map<std::string, std::string, std::less<>> last_good;
    for (int step = 0; step < 30; ++step) {
      std::string edit = step == 0 ? "first build" : RandomEdit(site, random, step, broken);
      std::vector<std::string> touched = site.TakeTouched();
      Diagnostics diagnostics;
      // Every third step says nothing of what changed, as after a watcher overflow.
      bool hinted = step % 3 != 0;
      RebuildResult result = incremental.Rebuild(diagnostics, hinted ? &touched : nullptr);
      auto full = FullBuild(site.files(), channels.pointers);
      INFO("seed " << seed << ", step " << step << ": " << edit << (hinted ? "" : " (no hint)"));
      REQUIRE(test::Lines(diagnostics) == test::Lines(full->diagnostics));
      REQUIRE(static_cast<int>(result.outcome) == static_cast<int>(full->result.outcome));
      broken = result.outcome != Outcome::kSuccess;
      if (result.outcome == Outcome::kSuccess) {
        ++good;
        REQUIRE(FirstDifference(incremental.files(), full->output.files()) == "");
        // What it says changed is what did.
        for (const auto& path : result.changed) {
          auto before = last_good.find(path);
          CHECK((before == last_good.end() || before->second != incremental.files().at(path)));
        }
        for (const auto& path : result.removed) CHECK(incremental.files().count(path) == 0);
        size_t kept = 0;
        for (const auto& [path, text] : incremental.files()) {
          if (std::find(result.changed.begin(), result.changed.end(), path) != result.changed.end()) continue;
          auto before = last_good.find(path);
          REQUIRE(before != last_good.end());
          REQUIRE(before->second == text);
          ++kept;
        }
        (void)kept;
        last_good = incremental.files();
      } else {
        ++failed;
        // The last good output stays.
        REQUIRE(incremental.files() == last_good);
      }
    }
    // The sequence went through good and broken states alike.
    CHECK(good >= 5);
    CHECK(failed >= 2);
  }
}

TEST_CASE("Incremental build: a body edit renders that page alone, a title edit its neighbours too", "[incremental]") {
  Channels channels;
  EditedSite site(SampleSite());
  IncrementalBuild incremental(site.files(), channels.pointers, Options());
  Diagnostics first;
  RebuildResult initial = incremental.Rebuild(first);
  REQUIRE(initial.outcome == Outcome::kSuccess);
  REQUIRE(initial.everything);

  const std::string page = "content/council-tax/pay-your-council-tax.md";
  site.Write(page, site.Text(page) + "\nOne more sentence.\n");
  auto touched = site.TakeTouched();
  Diagnostics body_diagnostics;
  RebuildResult body = incremental.Rebuild(body_diagnostics, &touched);
  REQUIRE(body.outcome == Outcome::kSuccess);
  CHECK(body.pages_parsed == 1);
  CHECK(body.pages_resolved == 1);
  CHECK(body.pages_checked == 1);
  // The page in each channel that holds it: public, intranet, kiosk, text, audio.
  CHECK(body.pages_rendered == 5);
  CHECK(std::find(body.changed.begin(), body.changed.end(), "public/council-tax/pay-your-council-tax/index.html") !=
        body.changed.end());
  CHECK(std::find(body.changed.begin(), body.changed.end(), "public/council-tax/index.html") == body.changed.end());

  site.SetKey(page, "title", "Pay council tax");
  touched = site.TakeTouched();
  Diagnostics title_diagnostics;
  RebuildResult title = incremental.Rebuild(title_diagnostics, &touched);
  REQUIRE(title.outcome == Outcome::kSuccess);
  CHECK(title.pages_resolved == 1);  // no link reads a title
  CHECK(title.pages_rendered > 5);
  for (const char* path : {"public/council-tax/pay-your-council-tax/index.html", "public/council-tax/index.html",
                           "public/a-to-z/index.html", "text/council-tax/index.txt"}) {
    CHECK(std::find(title.changed.begin(), title.changed.end(), path) != title.changed.end());
  }
  auto full = FullBuild(site.files(), channels.pointers);
  CHECK(FirstDifference(incremental.files(), full->output.files()) == "");

  // Deleting it removes its files from every channel.
  site.Remove(page);
  touched = site.TakeTouched();
  Diagnostics deleted_diagnostics;
  RebuildResult deleted = incremental.Rebuild(deleted_diagnostics, &touched);
  if (deleted.outcome == Outcome::kSuccess) {
    CHECK(std::find(deleted.removed.begin(), deleted.removed.end(),
                    "public/council-tax/pay-your-council-tax/index.html") != deleted.removed.end());
    CHECK(incremental.files().count("text/council-tax/pay-your-council-tax.txt") == 0);
  } else {
    // Other pages link to it: the old output stays until the links are fixed.
    CHECK(incremental.files().count("public/council-tax/pay-your-council-tax/index.html") == 1);
  }
}

TEST_CASE("Incremental build: an output path clash is told at the line its alias is on now", "[incremental]") {
  Channels channels;
  EditedSite site(SampleSite());
  IncrementalBuild incremental(site.files(), channels.pointers, Options());
  Diagnostics first;
  REQUIRE(incremental.Rebuild(first).outcome == Outcome::kSuccess);

  // An alias onto a real page's address, then a line added above it.
  const std::string page = "content/council-tax/pay-your-council-tax.md";
  site.SetKey(page, "aliases", "[/bins-and-recycling/collection-days/]");
  auto touched = site.TakeTouched();
  Diagnostics clash;
  REQUIRE(incremental.Rebuild(clash, &touched).outcome == Outcome::kContentErrors);
  site.Write(page, "---\n# a comment above the keys\n" + site.Text(page).substr(4));
  touched = site.TakeTouched();
  Diagnostics moved;
  REQUIRE(incremental.Rebuild(moved, &touched).outcome == Outcome::kContentErrors);
  auto full = FullBuild(site.files(), channels.pointers);
  CHECK(test::Lines(moved) == test::Lines(full->diagnostics));
  CHECK(test::Lines(moved) != test::Lines(clash));
}

TEST_CASE("Incremental build: a link to a heading follows the heading as its page changes", "[incremental]") {
  Channels channels;
  EditedSite site(SampleSite());
  IncrementalBuild incremental(site.files(), channels.pointers, Options());
  Diagnostics first;
  REQUIRE(incremental.Rebuild(first).outcome == Outcome::kSuccess);
  const std::string from = "content/council-tax/pay-your-council-tax.md";
  const std::string to = "content/bins-and-recycling/collection-days.md";
  const std::string original = site.Text(to);
  auto rebuild = [&](Outcome expected) {
    auto touched = site.TakeTouched();
    Diagnostics diagnostics;
    RebuildResult result = incremental.Rebuild(diagnostics, &touched);
    auto full = FullBuild(site.files(), channels.pointers);
    CHECK(test::Lines(diagnostics) == test::Lines(full->diagnostics));
    CHECK(static_cast<int>(result.outcome) == static_cast<int>(expected));
    return result;
  };
  site.Write(from, site.Text(from) + "\nSee [the new part](../bins-and-recycling/collection-days.md#a-new-part).\n");
  rebuild(Outcome::kContentErrors);
  // Only the target changes: the link from the unchanged page now holds.
  site.Write(to, original + "\n## A new part\n\nMore about it.\n");
  RebuildResult added = rebuild(Outcome::kSuccess);
  CHECK(added.pages_resolved > 1);
  site.Write(to, original);
  rebuild(Outcome::kContentErrors);
}

}  // namespace publish
