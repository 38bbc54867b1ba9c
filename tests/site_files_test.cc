// The disk walk (DiskSiteFiles::ListEntries) over real folders: hidden files
// and folders, symbolic links inside the site and as its top-level folders,
// names that are not UTF-8 or hold control characters, pipes, paths longer
// than the system allows; and the CLI on the same attacks, check and build
// alike.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "libpublish/base/site_files.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using publish::Diagnostics;
using publish::DiskSiteFiles;
using publish::SiteFileEntry;
using publish::test::Lines;
using publish::test::ProcessResult;
using publish::test::RunPublish;
using publish::test::SplitLines;
using publish::test::TempDir;
using publish::test::WriteFile;
using Strings = std::vector<std::string>;

namespace {

void WriteSmallSite(const fs::path& site) {
  WriteFile(site / "site.yaml", "title: Smallton Council\nbase_url: https://www.smallton.example.gov.uk/\n");
  WriteFile(site / "content/_index.md", "---\ntitle: Smallton Council\n---\n\nWelcome.\n");
}

Strings Paths(const std::vector<SiteFileEntry>& entries) {
  Strings paths;
  for (const auto& entry : entries) paths.push_back(entry.path);
  return paths;
}

struct Listing {
  std::vector<SiteFileEntry> entries;
  Strings lines;
};

Listing List(const fs::path& site, std::vector<fs::path> excluded = {}) {
  Diagnostics diagnostics;
  Listing listing;
  listing.entries = DiskSiteFiles(site, std::move(excluded)).ListEntries(diagnostics);
  listing.lines = Lines(diagnostics);
  return listing;
}

// `depth` folders called `name`, one in another, below `base`, and a file at
// the bottom: made one level at a time, since the whole path is longer
// than the system lets a program name.
void MakeDeepTree(const fs::path& base, const std::string& name, int depth) {
  int folder = ::open(base.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  REQUIRE(folder >= 0);
  for (int i = 0; i < depth; ++i) {
    REQUIRE(::mkdirat(folder, name.c_str(), 0755) == 0);
    int next = ::openat(folder, name.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    ::close(folder);
    REQUIRE(next >= 0);
    folder = next;
  }
  int file = ::openat(folder, "deep.txt", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  REQUIRE(file >= 0);
  REQUIRE(::write(file, "deep", 4) == 4);
  ::close(file);
  ::close(folder);
}

// Removes what MakeDeepTree made, the same way, so TempDir can remove the rest.
void RemoveDeepTree(int parent, const std::string& name) {
  int folder = ::openat(parent, name.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (folder < 0) {
    ::unlinkat(parent, name.c_str(), 0);
    return;
  }
  DIR* listing = ::fdopendir(::dup(folder));
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(listing)) {
    std::string child = entry->d_name;
    if (child != "." && child != "..") names.push_back(child);
  }
  ::closedir(listing);
  for (const auto& child : names) RemoveDeepTree(folder, child);
  ::close(folder);
  ::unlinkat(parent, name.c_str(), AT_REMOVEDIR);
}

}  // namespace

TEST_CASE("Site files: hidden files and folders are never listed, each named once", "[site-files]") {
  TempDir site;
  WriteSmallSite(site.path());
  WriteFile(site / "static/.env", "SECRET=1");
  WriteFile(site / "static/.htpasswd", "admin:x");
  WriteFile(site / "static/.ssh/id_rsa", "KEY");
  WriteFile(site / "static/.ssh/known_hosts", "KEY");
  WriteFile(site / "static/.DS_Store", "junk");
  WriteFile(site / "static/robots.txt", "User-agent: *\n");
  WriteFile(site / "static/.well-known/security.txt", "Contact: mailto:security@smallton.example.gov.uk\n");
  WriteFile(site / "static/.well-known/.secret", "x");
  WriteFile(site / "static/images/.well-known/x.txt", "only static/.well-known is published");
  WriteFile(site / "content/.git/config", "[core]");
  WriteFile(site / "content/bins/.notes.md", "---\ntitle: Notes\n---\n");
  WriteFile(site / "themes/public/.DS_Store", "junk");
  // Never read: a folder nobody may open gives no "cannot read" error.
  fs::permissions(site / "static/.ssh", fs::perms::none);
  Listing listing = List(site.path());
  fs::permissions(site / "static/.ssh", fs::perms::owner_all);
  CHECK(Paths(listing.entries) ==
        Strings{"content/_index.md", "site.yaml", "static/.well-known/security.txt", "static/robots.txt"});
  CHECK(listing.lines ==
        Strings{
            "content/.git: warning: hidden folder is never published and nothing in it is read; remove it from "
            "content/ [hidden-file]",
            "content/bins/.notes.md: warning: hidden file is never published; remove it from content/ [hidden-file]",
            "static/.DS_Store: warning: hidden file is never published; remove it from static/ [hidden-file]",
            "static/.env: warning: hidden file is never published; remove it from static/ [hidden-file]",
            "static/.htpasswd: warning: hidden file is never published; remove it from static/ [hidden-file]",
            "static/.ssh: warning: hidden folder is never published and nothing in it is read; remove it from "
            "static/ [hidden-file]",
            "static/.well-known/.secret: warning: hidden file is never published; remove it from static/ "
            "[hidden-file]",
            "static/images/.well-known: warning: hidden folder is never published and nothing in it is read (a "
            "site publishes .well-known/ from static/.well-known/); remove it from static/ [hidden-file]",
            "themes/public/.DS_Store: warning: hidden file is never published; remove it from themes/ [hidden-file]",
        });
}

TEST_CASE("Site files: a symbolic link is followed only to a publishable file in the same folder", "[site-files]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  WriteFile(site / ".env", "SECRET=1");
  WriteFile(site / "content/staff/page.md", "---\ntitle: Staff\nvisibility: internal\n---\n");
  WriteFile(site / "content/staff/bands.csv", "grade,pay");
  WriteFile(site / "static/real.txt", "real");
  WriteFile(site / "static/.hidden.txt", "hidden");
  WriteFile(work / "outside.txt", "outside");
  fs::create_directories(site / "static/sub");
  fs::create_symlink("../content/staff/page.md", site / "static/x.md");
  fs::create_symlink("../.env", site / "static/y");
  fs::create_symlink("../site.yaml", site / "static/site.yaml");
  fs::create_symlink(".hidden.txt", site / "static/shown.txt");
  fs::create_symlink("real.txt", site / "static/ok.txt");
  fs::create_symlink("sub", site / "static/folder");
  fs::create_symlink("missing.txt", site / "static/dangling.txt");
  fs::create_symlink("loop-b", site / "static/loop-a");
  fs::create_symlink("loop-a", site / "static/loop-b");
  fs::create_symlink("../../outside.txt", site / "static/outside.txt");
  fs::create_symlink("../static/real.txt", site / "content/real.txt");
  fs::create_symlink("staff/bands.csv", site / "content/bands.md");
  fs::create_symlink("staff/page.md", site / "content/page.csv");
  fs::create_symlink("staff/bands.csv", site / "content/bands.csv");
  fs::create_symlink("staff/page.md", site / "content/copy.md");
  Listing listing = List(site);
  CHECK(listing.lines ==
        Strings{
            "content/bands.md: error: symbolic link points to 'staff/bands.csv', which is not a page; a page must be "
            "a Markdown file [bad-symlink]",
            "content/page.csv: error: symbolic link points to 'staff/page.md', a page's source; link to the page "
            "with a Markdown link instead of copying it [bad-symlink]",
            "content/real.txt: error: symbolic link points to '../static/real.txt', which is not under content/; a "
            "link there may only point to a file under content/, so it is not published: copy the file instead "
            "[bad-symlink]",
            "static/.hidden.txt: warning: hidden file is never published; remove it from static/ [hidden-file]",
            "static/dangling.txt: error: symbolic link points to 'missing.txt', which does not exist; fix or remove "
            "the link [bad-symlink]",
            "static/folder: warning: symbolic link points to 'sub', a folder; links to folders are not followed, so "
            "move the folder here [symlink-folder]",
            "static/loop-a: error: symbolic link points to 'loop-b', which leads round in a loop; fix or remove the "
            "link [bad-symlink]",
            "static/loop-b: error: symbolic link points to 'loop-a', which leads round in a loop; fix or remove the "
            "link [bad-symlink]",
            "static/outside.txt: error: symbolic link points to '../../outside.txt', outside the site folder; it is "
            "not published: copy the file into static/ instead [path-outside-site]",
            "static/shown.txt: error: symbolic link points to '.hidden.txt', a file under the hidden or unusable "
            "name '.hidden.txt', which is never published [bad-symlink]",
            "static/site.yaml: error: symbolic link points to '../site.yaml', which is not under static/; a link "
            "there may only point to a file under static/, so it is not published: copy the file instead "
            "[bad-symlink]",
            "static/x.md: error: symbolic link points to '../content/staff/page.md', which is not under static/; a "
            "link there may only point to a file under static/, so it is not published: copy the file instead "
            "[bad-symlink]",
            "static/y: error: symbolic link points to '../.env', which is not under static/; a link there may only "
            "point to a file under static/, so it is not published: copy the file instead [bad-symlink]",
        });
  CHECK(listing.entries == std::vector<SiteFileEntry>{
                               {"content/_index.md", ""},
                               {"content/bands.csv", "content/staff/bands.csv"},
                               {"content/copy.md", "content/staff/page.md"},
                               {"content/staff/bands.csv", ""},
                               {"content/staff/page.md", ""},
                               {"site.yaml", ""},
                               {"static/ok.txt", "static/real.txt"},
                               {"static/real.txt", ""},
                           });
  // Reads keep to the same rule, whatever asks.
  DiskSiteFiles files(site);
  CHECK(files.ReadFile("static/ok.txt") == "real");
  std::string error;
  CHECK_FALSE(files.ReadFile("static/y", &error).has_value());
  CHECK_FALSE(files.ReadFile("static/x.md").has_value());
  CHECK_FALSE(files.ReadFile("content/real.txt").has_value());
}

TEST_CASE("Site files: names that are not UTF-8 or hold control characters are refused, shown escaped",
          "[site-files]") {
  TempDir site;
  WriteSmallSite(site.path());
  WriteFile(site / "content/bad\x1b[31mname.md", "---\ntitle: Bad\n---\n");
  WriteFile(site / "static/caf\xff.txt", "x");
  WriteFile(site / "static/c1-\xc2\x9b.txt", "x");
  WriteFile(site / "static/line\nbreak.txt", "x");
  WriteFile(site / "static/bad\x7f-folder/inner.txt", "x");
  WriteFile(site / "static/nonchar-\xef\xbf\xbe.txt", "x");
  WriteFile(site / "static/back\\slash.txt", "fine");
  WriteFile(site / "static/café.txt", "fine");
  Listing listing = List(site.path());
  CHECK(Paths(listing.entries) ==
        Strings{"content/_index.md", "site.yaml", "static/back\\slash.txt", "static/café.txt"});
  CHECK(listing.lines ==
        Strings{
            "content/bad\\x1b[31mname.md: error: the file name holds the control character U+001B, so the file is "
            "not used; rename it with printable UTF-8 characters [bad-file-name]",
            "static/bad\\x7f-folder: error: the folder name holds the control character U+007F, so the folder and "
            "everything in it are not used; rename it with printable UTF-8 characters [bad-file-name]",
            "static/c1-\\u009b.txt: error: the file name holds the control character U+009B, so the file is not "
            "used; rename it with printable UTF-8 characters [bad-file-name]",
            "static/caf\\xff.txt: error: the file name is not valid UTF-8 (\\xff), so the file is not used; rename "
            "it with printable UTF-8 characters [bad-file-name]",
            "static/line\\nbreak.txt: error: the file name holds the control character U+000A, so the file is not "
            "used; rename it with printable UTF-8 characters [bad-file-name]",
            "static/nonchar-\\ufffe.txt: error: the file name holds the non-character U+FFFE, so the file is not "
            "used; rename it with printable UTF-8 characters [bad-file-name]",
        });
  for (const auto& line : listing.lines) {
    for (unsigned char c : line) CHECK((c >= 0x20 && c != 0x7f));
  }
  CHECK(publish::EscapedPath("a\\b\x01\xc3") == "a\\b\\x01\\xc3");
}

TEST_CASE("Site files: pipes are never listed or read", "[site-files]") {
  TempDir site;
  WriteSmallSite(site.path());
  fs::create_directories(site / "static");
  REQUIRE(::mkfifo((site / "content/page.md").c_str(), 0644) == 0);
  REQUIRE(::mkfifo((site / "static/pipe.txt").c_str(), 0644) == 0);
  fs::create_symlink("pipe.txt", site / "static/to-pipe.txt");
  Listing listing = List(site.path());
  CHECK(Paths(listing.entries) == Strings{"content/_index.md", "site.yaml"});
  CHECK(listing.lines ==
        Strings{
            "content/page.md: error: this is a named pipe, not a regular file, so it is never read or published; "
            "replace it with a regular file [special-file]",
            "static/pipe.txt: error: this is a named pipe, not a regular file, so it is never read or published; "
            "replace it with a regular file [special-file]",
            "static/to-pipe.txt: error: symbolic link points to 'pipe.txt', which is a named pipe, not a regular "
            "file, so it is never read or published [special-file]",
        });
}

TEST_CASE("Site files: a path longer than the system allows is reported and the walk goes on", "[site-files]") {
  TempDir site;
  WriteSmallSite(site.path());
  fs::create_directories(site / "content/a");
  std::string name(200, 'd');
  MakeDeepTree(site / "content/a", name, 25);
  WriteFile(site / "content/z.md", "---\ntitle: After\n---\n");
  Listing listing = List(site.path());
  {
    int folder = ::open((site / "content/a").c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    RemoveDeepTree(folder, name);
    ::close(folder);
  }
  CHECK(Paths(listing.entries) == Strings{"content/_index.md", "content/z.md", "site.yaml"});
  REQUIRE(listing.lines.size() == 1);
  CHECK_THAT(listing.lines[0], Catch::StartsWith("content/a/" + name + "/"));
  CHECK_THAT(listing.lines[0], Catch::Contains(": error: the path is "));
  CHECK_THAT(listing.lines[0],
             Catch::EndsWith("bytes long, more than the system allows (" + std::to_string(PATH_MAX - 1) +
                             "), so the file is not used; shorten the names of its folders "
                             "[path-too-long]"));
}

TEST_CASE("Site files: a top-level folder may link to a folder elsewhere, never to the site or above it",
          "[site-files]") {
  struct Case {
    std::string folder;
    std::string target;
    std::string line;  // "" when the link is fine
  };
  std::vector<Case> cases{
      {"static", "/",
       "static: error: static/ is a symbolic link to '/', a folder that holds the whole site, "
       "site.yaml and all; point it at a folder that holds only the files to publish [bad-symlink]"},
      {"static", "..",
       "static: error: static/ is a symbolic link to '..', a folder that holds the whole site, "
       "site.yaml and all; point it at a folder that holds only the files to publish [bad-symlink]"},
      {"themes", ".",
       "themes: error: themes/ is a symbolic link to '.', a folder that holds the whole site, "
       "site.yaml and all; point it at a folder that holds only the files to publish [bad-symlink]"},
      {"static", "content",
       "static: error: static/ is a symbolic link to 'content', which overlaps content/; "
       "pages, static files and themes must be kept in separate folders [bad-symlink]"},
      {"static", "content/images",
       "static: error: static/ is a symbolic link to 'content/images', which "
       "overlaps content/; pages, static files and themes must be kept in separate "
       "folders [bad-symlink]"},
      {"static", ".git",
       "static: error: static/ is a symbolic link to '.git', inside the hidden folder '.git', "
       "which is never published [bad-symlink]"},
      {"static", "missing",
       "static: error: static/ is a symbolic link to 'missing', which does not exist; point "
       "it at a folder of the site's files [bad-symlink]"},
      {"static", "../shared/static", ""},
      {"static", "src/static", ""},
  };
  for (const auto& c : cases) {
    INFO(c.folder << " -> " << c.target);
    TempDir work;
    fs::path site = work / "site";
    WriteSmallSite(site);
    WriteFile(site / "content/images/map.png", "map");
    WriteFile(site / ".git/config", "[core]");
    WriteFile(site / "src/static/robots.txt", "User-agent: *\n");
    WriteFile(work / "shared/static/robots.txt", "User-agent: *\n");
    fs::create_symlink(c.target, site / c.folder);
    Listing checked = List(site, {site / "_site"});
    Listing built = List(site, {work / "out"});
    CHECK(checked.lines == built.lines);
    CHECK(checked.entries == built.entries);
    if (c.line.empty()) {
      CHECK(checked.lines == Strings{});
      CHECK(Paths(checked.entries) ==
            Strings{"content/_index.md", "content/images/map.png", "site.yaml", "static/robots.txt"});
      CHECK(DiskSiteFiles(site).ReadFile("static/robots.txt") == "User-agent: *\n");
    } else {
      CHECK(checked.lines == Strings{c.line});
      CHECK(Paths(checked.entries) == Strings{"content/_index.md", "content/images/map.png", "site.yaml"});
    }
  }
}

TEST_CASE("Site files: the output folder is left out by where it really is", "[site-files]") {
  // content/ is a checkout elsewhere and the output goes inside it: the
  // walk sees the output through the link, and must still leave it out.
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(work / "checkout");
  fs::create_directories(site);
  fs::copy_file(work / "checkout/site.yaml", site / "site.yaml");
  fs::create_symlink(work / "checkout/content", site / "content");
  WriteFile(work / "checkout/content/_out/public/index.html", "old output");
  Listing listing = List(site, {work / "checkout/content/_out"});
  CHECK(listing.lines == Strings{});
  CHECK(Paths(listing.entries) == Strings{"content/_index.md", "site.yaml"});
}

// The CLI on the same attacks.

TEST_CASE("CLI: check and build agree on a site whose folders are links", "[cli][site-files]") {
  TempDir work;
  fs::path site = work / "site";
  WriteFile(site / "site.yaml", "title: Smallton Council\nbase_url: https://www.smallton.example.gov.uk/\n");
  WriteFile(work / "checkout/content/_index.md", "---\ntitle: Smallton Council\n---\n\nSee [the map](map.png).\n");
  WriteFile(work / "checkout/content/map.png", "map");
  WriteFile(work / "shared/static/robots.txt", "User-agent: *\n");
  WriteFile(work / "shared/themes/public/extra.css", "body{}");
  fs::create_symlink(work / "checkout/content", site / "content");
  fs::create_symlink("../shared/static", site / "static");
  fs::create_symlink("../shared/themes", site / "themes");
  ProcessResult check = RunPublish({"check", site.string()});
  ProcessResult build = RunPublish({"build", site.string(), "--out", (work / "out").string()});
  ProcessResult build_default = RunPublish({"build", site.string()});
  INFO(check.Describe() << "\n" << build.Describe() << "\n" << build_default.Describe());
  CHECK(check.exit_code == 0);
  CHECK(build.exit_code == 0);
  CHECK(build_default.exit_code == 0);
  CHECK(check.ReportLines().empty());
  CHECK(build.DiagnosticLines() == Strings{});
  for (const fs::path& out : {work / "out", site / "_site"}) {
    CHECK(publish::test::ReadFile(out / "public/map.png") == "map");
    CHECK(publish::test::ReadFile(out / "public/robots.txt") == "User-agent: *\n");
    CHECK(publish::test::ReadFile(out / "public/extra.css") == "body{}");
  }
  // A second build does not take the first one's output for content.
  ProcessResult again = RunPublish({"build", site.string()});
  INFO(again.Describe());
  CHECK(again.exit_code == 0);
  CHECK(again.DiagnosticLines() == Strings{});

  // static -> / is refused at once by both, never walked.
  fs::remove(site / "static");
  fs::create_symlink("/", site / "static");
  auto started = std::chrono::steady_clock::now();
  ProcessResult check_root = RunPublish({"check", site.string()}, {}, 20);
  ProcessResult build_root = RunPublish({"build", site.string(), "--out", (work / "out2").string()}, {}, 20);
  INFO(check_root.Describe() << "\n" << build_root.Describe());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  Strings expected{
      "static: error: static/ is a symbolic link to '/', a folder that holds the whole site, site.yaml and all; "
      "point it at a folder that holds only the files to publish [bad-symlink]"};
  CHECK(check_root.ReportLines() == expected);
  CHECK(check_root.exit_code == 1);
  // The build refuses too: an output folder anywhere is "inside static/",
  // which the output's own check turns down first.
  CHECK(build_root.exit_code == 2);
  CHECK_THAT(build_root.err, Catch::Contains("[output-folder]"));
  CHECK_FALSE(fs::exists(work / "out2/public"));
}

TEST_CASE("CLI: a site.yaml that is a pipe is an environment error, at once", "[cli][site-files]") {
  TempDir site;
  WriteFile(site / "content/_index.md", "---\ntitle: Home\n---\n");
  REQUIRE(::mkfifo((site / "site.yaml").c_str(), 0644) == 0);
  for (const Strings& arguments : {Strings{"check", site.path().string()},
                                   Strings{"build", site.path().string(), "--out", (site / "out").string()}}) {
    auto started = std::chrono::steady_clock::now();
    ProcessResult result = RunPublish(arguments, {}, 10);
    INFO(result.Describe());
    CHECK_FALSE(result.timed_out);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK(result.exit_code == 2);
    std::string all = result.out + result.err;
    CHECK_THAT(all, Catch::Contains("site.yaml: error: cannot read site.yaml: it is not a regular file (a pipe, "
                                    "device or socket is never read); make it a regular file [missing-site-config]"));
  }
}

TEST_CASE("CLI: a page that is a pipe is an error, at once", "[cli][site-files]") {
  TempDir work;
  fs::path site = work / "site";
  WriteSmallSite(site);
  fs::create_directories(site / "static");
  REQUIRE(::mkfifo((site / "content/news.md").c_str(), 0644) == 0);
  REQUIRE(::mkfifo((site / "static/feed.xml").c_str(), 0644) == 0);
  for (const Strings& arguments :
       {Strings{"check", site.string()}, Strings{"build", site.string(), "--out", (work / "out").string()}}) {
    auto started = std::chrono::steady_clock::now();
    ProcessResult result = RunPublish(arguments, {}, 10);
    INFO(result.Describe());
    CHECK_FALSE(result.timed_out);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK(result.exit_code == 1);
    Strings lines = arguments[0] == "check" ? result.ReportLines() : result.DiagnosticLines();
    CHECK(lines == Strings{
                       "content/news.md: error: this is a named pipe, not a regular file, so it is never read or "
                       "published; replace it with a regular file [special-file]",
                       "static/feed.xml: error: this is a named pipe, not a regular file, so it is never read or "
                       "published; replace it with a regular file [special-file]",
                   });
  }
  CHECK_FALSE(fs::exists(work / "out/public"));
}

TEST_CASE("CLI: nothing internal, hidden or linked in reaches public, text or audio output", "[cli][site-files]") {
  const std::string marker = "WOMBAT-INTERNAL-7731";
  TempDir work;
  fs::path site = work / "site";
  fs::path out = work / "out";
  WriteSmallSite(site);
  WriteFile(site / "content/_index.md",
            "---\ntitle: Smallton Council\n---\n\nSee [bins](bins/_index.md) and [the map](bins/map.png).\n");
  WriteFile(site / "content/bins/_index.md", "---\ntitle: Bins\n---\n\nBins go out on Monday.\n");
  WriteFile(site / "content/bins/map.png", "public map");
  WriteFile(site / "content/staff/_index.md",
            "---\ntitle: Staff " + marker + "\nvisibility: internal\n---\n\nSee [the bands](salary-bands.csv).\n");
  WriteFile(site / "content/staff/page.md", "---\ntitle: Staff page\nvisibility: internal\n---\n\n" + marker + "\n");
  WriteFile(site / "content/staff/salary-bands.csv", "grade,pay," + marker + "\n");
  WriteFile(site / ("content/staff/forms/" + marker + ".pdf"), marker);
  WriteFile(site / "content/hr/leave.md", "---\ntitle: Leave\nvisibility: internal\n---\n\n" + marker + "\n");
  WriteFile(site / ("content/hr/" + marker + ".docx"), marker);
  WriteFile(site / ".env", "SECRET=" + marker + "\n");
  WriteFile(site / "static/.env", "SECRET=" + marker + "\n");
  WriteFile(site / "static/.git/config", marker);
  WriteFile(site / "static/robots.txt", "User-agent: *\n");
  fs::create_symlink("../content/staff/page.md", site / "static/x.md");
  fs::create_symlink("../.env", site / "static/y");
  fs::create_symlink("staff/salary-bands.csv", site / "content/bands.csv");

  ProcessResult refused = RunPublish({"build", site.string(), "--out", out.string()});
  INFO(refused.Describe());
  CHECK(refused.exit_code == 1);
  CHECK(refused.DiagnosticLines() ==
        Strings{
            "content/hr: warning: the folder has no _index.md, so its landing page is generated with the title "
            "'Hr'; add content/hr/_index.md [missing-index]",
            "static/.env: warning: hidden file is never published; remove it from static/ [hidden-file]",
            "static/.git: warning: hidden folder is never published and nothing in it is read; remove it from "
            "static/ [hidden-file]",
            "static/x.md: error: symbolic link points to '../content/staff/page.md', which is not under static/; a "
            "link there may only point to a file under static/, so it is not published: copy the file instead "
            "[bad-symlink]",
            "static/y: error: symbolic link points to '../.env', which is not under static/; a link there may only "
            "point to a file under static/, so it is not published: copy the file instead [bad-symlink]",
        });
  CHECK_FALSE(fs::exists(out / "public"));

  // Without the links the build succeeds; the hidden and internal files
  // are still left out.
  fs::remove(site / "static/x.md");
  fs::remove(site / "static/y");
  ProcessResult built = RunPublish({"build", site.string(), "--out", out.string()});
  INFO(built.Describe());
  REQUIRE(built.exit_code == 0);
  CHECK(publish::test::ReadFile(out / "public/bins/map.png") == "public map");
  CHECK(publish::test::ReadFile(out / "public/robots.txt") == "User-agent: *\n");
  size_t files = 0;
  for (const char* channel : {"public", "text", "audio"}) {
    REQUIRE(fs::is_directory(out / channel));
    for (const auto& [path, contents] : publish::test::ReadTree(out / channel)) {
      INFO(channel << "/" << path);
      CHECK(path.find(marker) == std::string::npos);
      CHECK(contents.find(marker) == std::string::npos);
      CHECK(path.find("salary-bands") == std::string::npos);
      CHECK(path.find("bands.csv") == std::string::npos);
      CHECK(path.find(".env") == std::string::npos);
      CHECK(path.find(".git") == std::string::npos);
      ++files;
    }
  }
  CHECK(files > 8);
}
