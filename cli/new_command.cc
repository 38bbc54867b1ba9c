// publish new: writes a page ready to fill in that passes publish check as
// it is. The path is checked against the site before anything is written,
// and the page is checked with the site around it (in memory) so a clash
// with another page's address or alias is found before the file exists.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/common.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"
#include "libpublish/config/site_config.h"

namespace fs = std::filesystem;

namespace publish::cli {
namespace {

// The site's files with the new page added, so the whole site is checked
// as it would be once the page is written.
class SiteFilesWithPage : public SiteFiles {
 public:
  SiteFilesWithPage(const SiteFiles& base, std::string path, std::string contents)
      : base_(base), path_(std::move(path)), contents_(std::move(contents)) {}

  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override {
    std::vector<std::string> files = base_.ListFiles(diagnostics);
    if (std::find(files.begin(), files.end(), path_) == files.end()) files.push_back(path_);
    std::sort(files.begin(), files.end());
    return files;
  }
  std::vector<SiteFileEntry> ListEntries(Diagnostics& diagnostics) const override {
    std::vector<SiteFileEntry> entries = base_.ListEntries(diagnostics);
    entries.push_back({path_, ""});
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return entries;
  }
  std::optional<std::string> ReadFile(std::string_view relative_path, std::string* error) const override {
    if (relative_path == path_) return contents_;
    return base_.ReadFile(relative_path, error);
  }
  bool ReadInChunks(std::string_view relative_path, const std::function<bool(std::string_view)>& chunk,
                    std::string& error) const override {
    if (relative_path == path_) return chunk(contents_);
    return base_.ReadInChunks(relative_path, chunk, error);
  }

 private:
  const SiteFiles& base_;
  std::string path_;
  std::string contents_;
};

bool IsSlug(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos)
    return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// "Garden Waste (2027)" -> "garden-waste-2027"; ASCII letters and digits only.
std::string SlugFrom(std::string_view text) {
  std::string slug;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

// The title as a YAML scalar that reads back as the same string: plain
// when nothing in it means something to YAML, else double-quoted.
std::string YamlString(const std::string& text) {
  unsigned char first = static_cast<unsigned char>(text.front());
  bool starts_well = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first >= 0x80;
  std::string lower = ToLower(text);
  bool keyword = lower == "true" || lower == "false" || lower == "null";
  bool plain = starts_well && !keyword && text.find(": ") == std::string::npos &&
               text.find(" #") == std::string::npos && text.back() != ':' && text.back() != ' ' &&
               text.find_first_of("\"\\") == std::string::npos;
  if (plain) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// One line of front matter and what it is for, comments lined up.
struct FrontLine {
  std::string yaml;
  std::string comment;
};

std::string Aligned(const std::vector<FrontLine>& lines) {
  // Comments line up after the short lines; a long line just gets its own.
  constexpr size_t kLongLine = 32;
  size_t column = 0;
  for (const auto& line : lines) {
    size_t width = static_cast<size_t>(DisplayWidth(line.yaml));
    if (!line.comment.empty() && width <= kLongLine) column = std::max(column, width);
  }
  std::string out;
  for (const auto& line : lines) {
    out += line.yaml;
    if (!line.comment.empty()) {
      size_t width = static_cast<size_t>(DisplayWidth(line.yaml));
      out += std::string(width > column ? 2 : column - width + 2, ' ') + "# " + line.comment;
    }
    out += "\n";
  }
  return out;
}

Date YearLater(const Date& today) {
  Date later{today.year + 1, today.month, today.day};
  if (later.month == 2 && later.day == 29) later.day = 28;
  return later;
}

struct PageSettings {
  std::string type;
  std::string title;
  Date today;
  std::string site_language;
  bool summary_required = false;  // the site turned missing-summary on
};

std::string PageText(const PageSettings& page) {
  std::string later = YearLater(page.today).ToIso();
  std::vector<FrontLine> lines{{"---", ""}, {"title: " + YamlString(page.title), ""}};
  // The site may require a summary (checks: missing-summary); else it is a hint.
  lines.push_back({page.summary_required ? "summary: Say in one sentence what this page helps people do."
                                         : "# summary: One sentence for search results, up to 160 characters.",
                   ""});
  lines.push_back({"type: " + page.type, "page, service or news"});
  if (page.type == "news") lines.push_back({"date: " + page.today.ToIso(), "the day it is published (YYYY-MM-DD)"});
  lines.push_back({"# visibility: internal", "staff only: the intranet, never the public website"});
  lines.push_back({"# channels: [public, text]", "only these channels (leave out for every channel)"});
  lines.push_back({"# lang: cy", "only when the page is not in the site's language (" + page.site_language + ")"});
  lines.push_back({"# updated: " + page.today.ToIso(), "the last change that matters to readers"});
  lines.push_back({"# review_by: " + later, "after this day publish check reminds you to review the page"});
  lines.push_back({"# owner: Waste team", "who keeps the page up to date"});
  lines.push_back({"# weight: 10", "its place in its section: lower first, then by title"});
  lines.push_back({"# aliases: [/old/address/]", "old addresses that should lead here"});
  lines.push_back({"# draft: true", "not published yet: left out unless built with --drafts (serve shows it)"});
  if (page.type == "service") {
    lines.push_back({"service:", ""});
    lines.push_back({"  # department: Environmental services", "who runs the service"});
    lines.push_back({"  online: no", "can people do it online? yes, partial or no"});
    lines.push_back({"  # apply_url: https://", "where people start online; needed for online: yes or partial"});
    lines.push_back({"  # cost: Free", ""});
    lines.push_back({"  # eligibility:", "who can use it, one line each"});
    lines.push_back({"  #   - You live in the borough", ""});
    lines.push_back({"  # contact:", "how to get in touch; a service that is not online should say"});
    lines.push_back({"  #   phone: 01632 960 000", ""});
    lines.push_back({"  #   email: name@example.gov.uk", ""});
    lines.push_back({"  #   address: Town Hall, High Street", ""});
    lines.push_back({"  # hours:", "when people can call or visit; quote a list of days (it holds commas)"});
    lines.push_back({"  #   - {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}", ""});
    lines.push_back({"  #   - {days: \"Tuesday, Thursday and Saturday\", opens: \"18:00\", closes: \"20:00\"}", ""});
    lines.push_back({"  # related: [../other-section/a-page.md]", "pages to read next, relative to this file"});
  }
  lines.push_back({"---", ""});
  std::string text = Aligned(lines) + "\n";
  // Plain English as the checks want it: short sentences, everyday words,
  // headings from level 2 (the title is the only level 1).
  if (page.type == "service") {
    text +=
        "Say in one or two short sentences what this service lets people do.\n\n"
        "## Who can use this service\n\n"
        "Say who can use it and who cannot.\n\n"
        "## How to apply\n\n"
        "Say what people need to have ready. Then list the steps they follow.\n\n"
        "## What happens next\n\n"
        "Say how long it takes and how people will hear back.\n";
  } else if (page.type == "news") {
    text +=
        "Say what has happened, who it affects and when, in one or two short sentences.\n\n"
        "## What this means for you\n\n"
        "Say what people need to do, if anything, and by when.\n\n"
        "## Find out more\n\n"
        "Link to the pages that give the details.\n";
  } else {
    text +=
        "Start with what readers need to know most, in one or two short sentences.\n\n"
        "## A heading that says what this part is about\n\n"
        "Write each part under its own heading. Keep sentences short and use everyday words.\n";
  }
  return text;
}

// Diagnostics in `with` that `without` does not have: what the new page causes.
std::vector<Diagnostic> Added(const Diagnostics& without, const Diagnostics& with) {
  std::multiset<std::string> before;
  for (const auto& d : without.items()) before.insert(FormatDiagnostic(d));
  std::vector<Diagnostic> added;
  for (const auto& d : with.Sorted()) {
    auto found = before.find(FormatDiagnostic(d));
    if (found != before.end()) {
      before.erase(found);
    } else {
      added.push_back(d);
    }
  }
  return added;
}

// Writes the file whole, and only where nothing is: a page that appeared
// meanwhile is never replaced. The temporary name is hidden, so a build
// running now never reads it as a page.
bool WriteNewFile(const fs::path& path, const std::string& contents, bool& existed, std::string& error) {
  fs::path temporary = path.parent_path() / ("." + path.filename().string() + ".publish-" + std::to_string(::getpid()));
  existed = false;
  if (!WriteWholeFile(temporary.string(), contents, error)) return false;
  int moved = ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
  if (moved != 0 && (errno == EINVAL || errno == ENOSYS)) {
    // A file system without RENAME_NOREPLACE: a hard link refuses to replace too.
    moved = ::link(temporary.c_str(), path.c_str());
    ::unlink(temporary.c_str());
  }
  if (moved != 0) {
    existed = errno == EEXIST;
    error = std::strerror(errno);
    ::unlink(temporary.c_str());
    return false;
  }
  return true;
}

int Refuse(const std::string& message) {
  std::fprintf(stderr, "publish: %s\n", message.c_str());
  return kExitUsage;
}

}  // namespace

int RunNew(const NewArguments& arguments) {
  std::string title = arguments.title;
  title.erase(0, title.find_first_not_of(" \t"));
  title.erase(title.find_last_not_of(" \t") + 1);
  if (title.empty()) return Refuse("--title needs words: --title \"Garden waste collections\"");
  if (FindInvalidUtf8(title) != std::string::npos || !FindForbiddenCharacters(title, 1).empty() ||
      title.find_first_of("\t\n") != std::string::npos) {
    return Refuse("the title " + VisiblyEscaped(title) + " holds characters a title cannot; write it on one line");
  }

  std::string shown_path = VisiblyEscaped(arguments.path);
  std::string slug = SlugFrom(title);
  std::error_code error;
  fs::path path = fs::absolute(arguments.path, error).lexically_normal();
  if (error) return Refuse("cannot read the path " + shown_path + ": " + error.message());
  if (!arguments.path.empty() && arguments.path.back() == '/') path = path / "";
  if (path.filename().empty() || fs::is_directory(path, error)) {
    fs::path folder = path.filename().empty() ? path.parent_path() : path;
    return Refuse(shown_path + " is a folder; name the new page's file, such as " +
                  VisiblyEscaped((fs::path(arguments.path) / (slug.empty() ? "new-page" : slug)).string()) + ".md" +
                  " (or " + VisiblyEscaped((fs::path(arguments.path) / "_index.md").string()) +
                  " for the folder's own landing page)");
  }
  bool added_extension = false;
  if (path.extension().empty()) {
    path += ".md";
    added_extension = true;
  } else if (path.extension() != ".md") {
    return Refuse("pages are Markdown files ending in .md, so " + shown_path + " cannot be one; did you mean " +
                  VisiblyEscaped(fs::path(arguments.path).replace_extension(".md").string()) + "?");
  }

  fs::path site;
  if (!arguments.site.empty()) {
    site = fs::absolute(arguments.site, error).lexically_normal();
    if (!fs::exists(site / "site.yaml", error))
      return Refuse("no site.yaml in " + VisiblyEscaped(arguments.site) + ", so it is not a site folder");
  } else if (auto found = NearestSiteAbove(path.parent_path())) {
    site = *found;
  } else {
    return Refuse("no site.yaml in any folder above " + shown_path +
                  "; write the page inside a site's content/ folder, or name the site with --site SITE");
  }
  if (!site.empty() && site.filename().empty()) site = site.parent_path();
  fs::path content = site / "content";
  std::string relative = path.lexically_relative(content).generic_string();
  if (relative.empty() || relative == "." || relative.rfind("..", 0) == 0) {
    std::string from_site = path.lexically_relative(site).generic_string();
    std::string hint =
        !from_site.empty() && from_site.rfind("..", 0) != 0
            ? "; did you mean " +
                  VisiblyEscaped((content / from_site).lexically_relative(fs::current_path(error)).string()) + "?"
            : "";
    return Refuse(shown_path + " is not inside " + VisiblyEscaped((content / "").string()) +
                  ", the folder where pages live" + hint);
  }
  std::string site_path = "content/" + relative;  // as diagnostics name it
  std::string stem = path.stem().string();
  bool is_landing_page = stem == "_index";
  if (!is_landing_page && !IsSlug(stem)) {
    std::string better = SlugFrom(stem);
    if (better.empty()) better = slug.empty() ? "new-page" : slug;
    return Refuse("'" + VisiblyEscaped(path.filename().string()) +
                  "' cannot name a page: it becomes the page's web address, so use lower-case letters, digits and "
                  "hyphens, such as '" +
                  better + ".md'");
  }

  // The folder must be there already, or be the one a landing page starts.
  fs::path folder = path.parent_path();
  bool make_folder = false;
  if (!fs::is_directory(folder, error)) {
    fs::path folder_in_site = folder.lexically_relative(site);
    if (!is_landing_page || !fs::is_directory(folder.parent_path(), error)) {
      std::string missing = VisiblyEscaped(folder_in_site.generic_string()) + "/";
      std::string section = folder.filename().string();
      if (!section.empty() && section[0] >= 'a' && section[0] <= 'z')
        section[0] = static_cast<char>(section[0] - 'a' + 'A');
      std::replace(section.begin(), section.end(), '-', ' ');
      return Refuse("there is no folder " + missing +
                    " yet; start the section with its landing page first: publish new page " + missing +
                    "_index.md --title \"" + VisiblyEscaped(section) + "\"");
    }
    if (folder != content && !IsSlug(folder.filename().string())) {
      return Refuse("'" + VisiblyEscaped(folder.filename().string()) +
                    "' cannot name a section: it becomes part of web addresses, so use lower-case letters, digits and "
                    "hyphens, such as '" +
                    SlugFrom(folder.filename().string()) + "'");
    }
    make_folder = true;
  } else {
    // A folder reached through a symbolic link out of content/ is not the site's.
    fs::path real_folder = fs::weakly_canonical(folder, error);
    fs::path real_content = fs::weakly_canonical(content, error);
    if (!IsWithin(real_folder, real_content)) {
      return Refuse(VisiblyEscaped(folder.lexically_relative(site).generic_string()) +
                    "/ leads outside the site's content/ folder; pages are written inside it");
    }
  }
  if (fs::exists(fs::symlink_status(path, error))) {
    return Refuse(site_path +
                  " already exists; publish new never replaces a page: choose another name, or edit that one");
  }

  BuildOptions options;
  options.known_channels = AvailableChannels();
  std::string message;
  if (!Today(options.today, message)) return Refuse(VisiblyEscaped(message));
  options.jobs = DefaultJobs();
  DiskSiteFiles files(site, {site / "_site"});
  // The settings decide parts of the page (its language, a required summary).
  Diagnostics settings_problems;
  auto config = LoadSiteConfig(files, settings_problems);
  if (!config) {
    PrintDiagnostics(settings_problems, site);
    return Refuse("site.yaml cannot be read, so no page was added; fix it first");
  }
  PageSettings settings{arguments.type, title, options.today, config->language};
  auto summary = config->check_severities.find("missing-summary");
  settings.summary_required = summary != config->check_severities.end() && summary->second.has_value();
  std::string text = PageText(settings);

  // The whole site checked with the page in it, in memory.
  SiteFilesWithPage with_page(files, site_path, text);
  Diagnostics after;
  Outcome outcome;
  auto checked = LoadCheckedSite(with_page, options, after, outcome);
  if (!checked) {
    PrintDiagnostics(after, site);
    return Refuse("the site cannot be loaded, so no page was added; fix the problems above first");
  }
  // Said plainly here; the checks would say it from the other page's side.
  std::string url = UrlPathForContent(relative);
  for (const auto& other : checked->pages) {
    if (other->source_path == site_path || other->url_path != url) continue;
    std::string owner = other->is_generated ? "the folder content/" + VisiblyEscaped(other->folder) + "/ has"
                                            : VisiblyEscaped(other->source_path) + " has";
    return Refuse(site_path + " would have the address /" + VisiblyEscaped(url) + ", which " + owner +
                  "; choose another name");
  }
  // What the page causes: its own diagnostics, and errors elsewhere that the
  // site without it does not have (an alias of another page that is its
  // address). The second load is only for a site with errors of its own.
  std::vector<Diagnostic> caused;
  bool errors_elsewhere = false;
  for (const auto& d : after.Sorted()) {
    if (d.position.file == site_path) {
      caused.push_back(d);
    } else {
      errors_elsewhere = errors_elsewhere || d.severity == Severity::kError;
    }
  }
  if (errors_elsewhere) {
    Diagnostics before;
    LoadCheckedSite(files, options, before, outcome);
    for (const auto& d : Added(before, after)) {
      if (d.position.file != site_path && d.severity == Severity::kError) caused.push_back(d);
    }
  }
  const Page* page = checked ? checked->FindPage(relative) : nullptr;
  if (page != nullptr && page->meta.title != title) {
    return Refuse("internal error: the title would read back as '" + VisiblyEscaped(page->meta.title) + "'");
  }
  size_t errors =
      std::count_if(caused.begin(), caused.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
  if (errors > 0 || page == nullptr) {
    if (caused.size() == 1) {
      const Diagnostic& only = caused.front();
      std::string where = only.position.file == site_path
                              ? ""
                              : FormatDiagnostic(only).substr(0, FormatDiagnostic(only).find(": error: ")) + ": ";
      return Refuse(site_path + " was not written: " + where + VisiblyEscaped(only.message) + " [" + only.check_id +
                    "]");
    }
    DiagnosticFormatter formatter({}, DiagnosticStyle{});
    for (const auto& d : caused) std::fputs(formatter.Format(d).c_str(), stderr);
    return Refuse(site_path + " was not written: the site would have " + PluralCount(errors, "error", "errors") +
                  " with it (above)");
  }

  if (make_folder && !fs::create_directory(folder, error) && error) {
    return Refuse("cannot make the folder " + VisiblyEscaped(folder.string()) + ": " + error.message());
  }
  bool existed = false;
  if (!WriteNewFile(path, text, existed, message)) {
    if (make_folder) fs::remove(folder, error);
    if (existed) return Refuse(site_path + " appeared meanwhile; publish new never replaces a page");
    return Refuse("cannot write " + site_path + ": " + message);
  }
  DiagnosticFormatter formatter(site, StyleFor(STDERR_FILENO));
  for (const auto& d : caused) std::fputs(formatter.Format(d).c_str(), stderr);
  std::string kind = arguments.type == "service" ? "a service page"
                     : arguments.type == "news"  ? "a news page"
                                                 : "a page";
  std::string address = config->base_url + UrlPathForContent(relative);
  std::fprintf(stderr, "publish: wrote %s, %s for %s%s; fill it in, then run publish check%s\n", site_path.c_str(),
               kind.c_str(), address.c_str(), added_extension ? " (.md added)" : "",
               caused.empty() ? "" : (" (" + PluralCount(caused.size(), "warning", "warnings") + " above)").c_str());
  return kExitSuccess;
}

}  // namespace publish::cli
