// A whole site in memory: settings, pages in a fixed order, assets, and the
// section structure. Immutable once links are resolved.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libpublish/base/date.h"
#include "libpublish/base/site_files.h"
#include "libpublish/config/site_config.h"
#include "libpublish/content/page.h"

namespace publish {

// Pages by a name (content path or URL path), found by string_view too.
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
};
using PagesByName = std::unordered_map<std::string, const Page*, NameHash, std::equal_to<>>;

struct SiteLoadOptions {
  Date today;  // for review dates; from SOURCE_DATE_EPOCH or the clock
  // Every channel pages may name in `channels:`, built or not.
  std::vector<ChannelInfo> channels;
  // Ids the themes' page furniture uses (main-content, contact...), which
  // headings yield to; the pipeline reads them from the built-in themes.
  std::vector<std::string> reserved_ids;
  int jobs = 1;
  // When set, gives the page of each Markdown file instead of LoadSite
  // reading and parsing it, reporting the page's diagnostics itself: an
  // incremental build hands back the pages of files that did not change.
  // Called from several threads at once. The site takes the page object
  // itself, so a page handed back later keeps its address.
  std::function<std::unique_ptr<Page>(const std::string& source_path, const SiteConfig& config,
                                      Diagnostics& diagnostics)>
      load_page;
  // Build `draft: true` pages too (publish build/check --drafts; serve's
  // default). Off: drafts stay loaded and checked, in no channel.
  bool include_drafts = false;
};

struct Site {
  SiteConfig config;
  std::vector<ChannelInfo> channels;  // SiteLoadOptions::channels
  // The top-level folders a channel is limited to (ChannelInfo::sections),
  // read from the settings once.
  std::map<std::string, std::vector<std::string>, std::less<>> channel_sections;
  Date today;
  bool include_drafts = false;               // SiteLoadOptions::include_drafts
  std::vector<std::unique_ptr<Page>> pages;  // sorted by content path
  std::set<std::string, std::less<>> files;  // every site file, site-relative
  // A listed symbolic link -> the file it points to, both site-relative.
  std::map<std::string, std::string, std::less<>> link_targets;
  PagesByName by_content_path;  // "bins/_index.md"
  PagesByName by_url;           // "bins/"
  const Page* home = nullptr;
  const Page* help_page = nullptr;
  const Page* accessibility_page = nullptr;

  // The home page, or on a bilingual site a language's own ("_index.cy.md").
  bool IsHome(const Page& page) const { return page.is_section_index && page.folder.empty(); }
  // The home page in `language`, else the site's.
  const Page* HomeFor(std::string_view language) const;
  bool HasFile(std::string_view site_path) const { return files.count(site_path) > 0; }
  const Page* FindPage(std::string_view content_path) const;
  // True for a file below content/ ("staff/bands.csv", relative to
  // content/) inside a section whose landing page is internal: its own
  // folder or any folder above it, generated landing pages included (a
  // folder of internal pages only is internal). A symbolic link is also
  // internal when the file it points to is. Such a file reaches the
  // intranet only; every channel asks here.
  bool IsInternalAsset(std::string_view content_path) const;
  // The contract's rule for which pages a channel holds: `channels:` only
  // takes a page out of a channel, an internal page is never in a public
  // one, and a channel limited to some sections holds the home page and
  // those sections only; a draft is in none unless drafts are built. False
  // for a channel the site does not know.
  bool Holds(std::string_view channel, const Page& page) const;
  const ChannelInfo* FindChannel(std::string_view name) const;
  // The public website (ChannelInfo::is_public_website), or nullptr.
  const ChannelInfo* PublicWebsite() const;
  // Ancestors from the home page down to the page's parent.
  std::vector<const Page*> Breadcrumbs(const Page& page) const;
};

// Loads settings and every page, builds the structure (generated landing
// pages for folders without _index.md). nullptr when the site cannot be
// loaded at all; `environment_error` then tells whether it was a missing
// or unreadable site rather than bad content.
std::unique_ptr<Site> LoadSite(const SiteFiles& files, const SiteLoadOptions& options, Diagnostics& diagnostics,
                               bool* environment_error = nullptr);

// The text of the page file `source_path`, read the way LoadSite reads it
// (never more than a page may hold); nullopt after a diagnostic.
std::optional<std::string> ReadPageSource(const SiteFiles& files, const std::string& source_path,
                                          Diagnostics& diagnostics);

// The language a page's file name gives on a bilingual site ("cy" for
// "pay.cy.md"), or "".
std::string PageLanguageFileTag(const Page& page, const SiteConfig& config);

// "bins/collection-days.md" -> "bins/collection-days/"; "bins/_index.md" ->
// "bins/"; "_index.md" -> "".
std::string UrlPathForContent(const std::string& content_path);

}  // namespace publish
