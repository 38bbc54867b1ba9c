#include "libpublish/content/site.h"

#include <algorithm>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"

namespace publish {
namespace {

constexpr const char* kContentFolder = "content/";
constexpr size_t kMaxPageBytes = 32 * 1024 * 1024;

std::string TitleFromFolder(const std::string& folder) {
  std::string name = FileName(folder);
  for (auto& c : name) {
    if (c == '-' || c == '_') c = ' ';
  }
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::unique_ptr<Page> GeneratedIndex(const std::string& folder, const Site& site) {
  auto page = std::make_unique<Page>();
  page->content_path = folder.empty() ? "_index.md" : folder + "/_index.md";
  page->source_path = kContentFolder + page->content_path;
  page->folder = folder;
  page->is_section_index = true;
  page->is_generated = true;
  page->language = site.config.language;
  page->meta.title = folder.empty() ? site.config.title : TitleFromFolder(folder);
  return page;
}

void SortChildren(Site& site) {
  Collator collator(site.config.language);
  for (auto& page : site.pages) {
    auto& children = page->children;
    std::stable_sort(children.begin(), children.end(), [&](const Page* a, const Page* b) {
      if (a->meta.weight.has_value() != b->meta.weight.has_value()) return a->meta.weight.has_value();
      if (a->meta.weight && *a->meta.weight != *b->meta.weight) return *a->meta.weight < *b->meta.weight;
      int order = collator.Compare(a->meta.title, b->meta.title);
      if (order != 0) return order < 0;
      return a->content_path < b->content_path;
    });
  }
}

// A page is a draft when it or a landing page above it says `draft: true`;
// a generated landing page is one when every page below it is.
void MarkDrafts(Site& site) {
  for (auto& page : site.pages) {
    for (const Page* p = page.get(); p != nullptr && !page->is_draft; p = p->parent) page->is_draft = p->meta.draft;
  }
  for (auto& page : site.pages) {
    if (!page->is_generated) continue;
    const std::string prefix = page->folder.empty() ? "" : page->folder + "/";
    page->is_draft = std::none_of(site.pages.begin(), site.pages.end(), [&](const auto& p) {
      return !p->is_generated && !p->is_draft && p->content_path.rfind(prefix, 0) == 0;
    });
  }
}

// The language a file name gives: "pay.cy.md" and "_index.cy.md" -> "cy",
// when cy is one of the site's languages other than its own; else "".
std::string LanguageOfFileName(const std::string& content_path, const SiteConfig& config) {
  std::string name = FileName(content_path);
  if (name.size() < 3) return "";
  std::string stem = name.substr(0, name.size() - 3);
  size_t dot = stem.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  std::string tag = stem.substr(dot + 1);
  return tag != config.language && FindSiteLanguage(config, tag) != nullptr ? tag : "";
}

// "bins/pay.cy.md" -> "bins/pay.md": the path its language's copy of the
// site has it at.
std::string WithoutLanguage(const std::string& content_path, const std::string& tag) {
  if (tag.empty()) return content_path;
  return content_path.substr(0, content_path.size() - 3 - tag.size() - 1) + ".md";
}

}  // namespace

std::string PageLanguageFileTag(const Page& page, const SiteConfig& config) {
  return LanguageOfFileName(page.content_path, config);
}

std::string UrlPathForContent(const std::string& content_path) {
  std::string folder = ParentFolder(content_path);
  std::string name = FileName(content_path);
  if (name == "_index.md") return folder.empty() ? "" : folder + "/";
  std::string stem = name.substr(0, name.size() - 3);
  return (folder.empty() ? "" : folder + "/") + stem + "/";
}

const Page* Site::FindPage(std::string_view content_path) const {
  auto it = by_content_path.find(content_path);
  return it == by_content_path.end() ? nullptr : it->second;
}

const ChannelInfo* Site::FindChannel(std::string_view name) const {
  for (const auto& channel : channels) {
    if (channel.name == name) return &channel;
  }
  return nullptr;
}

const ChannelInfo* Site::PublicWebsite() const {
  for (const auto& channel : channels) {
    if (channel.is_public_website) return &channel;
  }
  return nullptr;
}

bool Site::Holds(std::string_view channel_name, const Page& page) const {
  const ChannelInfo* channel = FindChannel(channel_name);
  if (channel == nullptr) return false;
  if (page.is_draft && !include_drafts) return false;
  if (channel->audience == Audience::kPublic && !page.IsPublic()) return false;
  if (page.meta.channels) {
    const auto& list = *page.meta.channels;
    if (std::find(list.begin(), list.end(), channel->name) == list.end()) return false;
  }
  auto limited = channel_sections.find(channel_name);
  if (limited == channel_sections.end() || IsHome(page)) return true;
  std::string_view top = std::string_view(page.content_path).substr(0, page.content_path.find('/'));
  if (top == page.content_path) return false;  // a page at the top, outside every section
  return std::find(limited->second.begin(), limited->second.end(), top) != limited->second.end();
}

bool Site::IsInternalAsset(std::string_view content_path) const {
  auto in_internal_section = [&](std::string_view path) {
    std::string folder = ParentFolder(path);
    while (true) {
      const Page* landing = FindPage(folder.empty() ? "_index.md" : folder + "/_index.md");
      if (landing != nullptr && !landing->IsPublic()) return true;
      if (folder.empty()) return false;
      folder = ParentFolder(folder);
    }
  };
  if (in_internal_section(content_path)) return true;
  auto link = link_targets.find(kContentFolder + std::string(content_path));
  if (link == link_targets.end()) return false;
  std::string_view target = link->second;
  return target.rfind(kContentFolder, 0) == 0 &&
         in_internal_section(target.substr(std::char_traits<char>::length(kContentFolder)));
}

const Page* Site::HomeFor(std::string_view language) const {
  for (const auto& page : pages) {
    if (IsHome(*page) && page->language == language) return page.get();
  }
  return home;
}

std::vector<const Page*> Site::Breadcrumbs(const Page& page) const {
  std::vector<const Page*> trail;
  for (const Page* p = page.parent; p != nullptr; p = p->parent) trail.push_back(p);
  std::reverse(trail.begin(), trail.end());
  return trail;
}

std::optional<std::string> ReadPageSource(const SiteFiles& files, const std::string& source_path,
                                          Diagnostics& diagnostics) {
  // Read in pieces and stop past the limit, so a huge file is never held.
  std::string text, error;
  bool too_large = false;
  bool read = files.ReadInChunks(
      source_path,
      [&](std::string_view chunk) {
        too_large = text.size() + chunk.size() > kMaxPageBytes;
        if (!too_large) text.append(chunk);
        return !too_large;
      },
      error);
  if (too_large) {
    diagnostics.Error({source_path, 1, 1}, "the page is larger than 32 MB; split it into several pages",
                      checks::kPageTooLarge);
    return std::nullopt;
  }
  if (!read) {
    diagnostics.Error({source_path}, "cannot read the file: " + error, checks::kUnreadableFile);
    return std::nullopt;
  }
  return text;
}

std::unique_ptr<Site> LoadSite(const SiteFiles& files, const SiteLoadOptions& options, Diagnostics& diagnostics,
                               bool* environment_error) {
  if (environment_error != nullptr) *environment_error = false;
  bool missing = false;
  auto config = LoadSiteConfig(files, diagnostics, &missing);
  if (!config) {
    if (environment_error != nullptr) *environment_error = missing;
    return nullptr;
  }
  // Before any page is read, so every later diagnostic takes the site's severities.
  diagnostics.SetSeverityOverrides(config->check_severities);
  auto site = std::make_unique<Site>();
  site->config = std::move(*config);
  site->today = options.today;
  site->include_drafts = options.include_drafts;
  site->channels = options.channels;
  for (const auto& channel : site->channels) {
    if (!channel.sections) continue;
    if (auto sections = channel.sections(site->config)) site->channel_sections[channel.name] = std::move(*sections);
  }

  std::vector<std::string> page_paths;
  for (auto& entry : files.ListEntries(diagnostics)) {
    if (entry.path.rfind(kContentFolder, 0) == 0 && Extension(entry.path) == ".md") page_paths.push_back(entry.path);
    if (!entry.link_target.empty()) site->link_targets[entry.path] = std::move(entry.link_target);
    site->files.insert(std::move(entry.path));
  }
  if (page_paths.empty()) {
    diagnostics.Error({"content"}, "there are no pages: add content/_index.md for the home page",
                      checks::kMissingContent);
  }

  // Parse pages in parallel; keep them in path order.
  std::vector<std::unique_ptr<Page>> loaded(page_paths.size());
  ParallelFor(page_paths.size(), options.jobs, [&](size_t i) {
    if (options.load_page) {
      loaded[i] = options.load_page(page_paths[i], site->config, diagnostics);
      return;
    }
    auto text = ReadPageSource(files, page_paths[i], diagnostics);
    if (!text) return;
    auto page = LoadPage(page_paths[i], std::move(*text), site->config.language, options.channels, diagnostics,
                         options.reserved_ids);
    if (page) loaded[i] = std::make_unique<Page>(std::move(*page));
  });
  for (auto& page : loaded) {
    if (!page) continue;
    page->content_path = page->source_path.substr(std::char_traits<char>::length(kContentFolder));
    page->folder = ParentFolder(page->content_path);
    // On a bilingual site "pay.cy.md" is the Welsh page of pay.md.
    std::string tag = LanguageOfFileName(page->content_path, site->config);
    if (!tag.empty()) page->language = tag;
    page->is_section_index = FileName(WithoutLanguage(page->content_path, tag)) == "_index.md";
    site->pages.push_back(std::move(page));
  }

  // Every folder holding pages needs a landing page; make the missing ones.
  std::set<std::string> folders{""};
  std::set<std::string> indexed;
  for (const auto& page : site->pages) {
    for (std::string folder = page->folder; !folder.empty(); folder = ParentFolder(folder)) folders.insert(folder);
    if (page->is_section_index && LanguageOfFileName(page->content_path, site->config).empty()) {
      indexed.insert(page->folder);
    }
  }
  for (const auto& folder : folders) {
    if (indexed.count(folder)) continue;
    if (folder.empty() && site->pages.empty()) continue;
    auto page = GeneratedIndex(folder, *site);
    // A folder of internal pages only gets an internal landing page.
    bool any_public = std::any_of(site->pages.begin(), site->pages.end(), [&](const auto& p) {
      return p->IsPublic() && (p->folder == folder || p->folder.rfind(folder + "/", 0) == 0 || folder.empty());
    });
    if (!any_public) page->meta.visibility = Visibility::kInternal;
    if (folder.empty()) {
      diagnostics.Warning({"content/_index.md"},
                          "there is no home page; add content/_index.md (a plain one is generated)",
                          checks::kMissingIndex);
    } else {
      diagnostics.Warning({kContentFolder + folder},
                          "the folder has no _index.md, so its landing page is generated with the title '" +
                              page->meta.title + "'; add " + kContentFolder + folder + "/_index.md",
                          checks::kMissingIndex);
    }
    site->pages.push_back(std::move(page));
  }
  std::sort(site->pages.begin(), site->pages.end(),
            [](const auto& a, const auto& b) { return a->content_path < b->content_path; });

  for (auto& page : site->pages) {
    // A language other than the site's lives below its prefix ("cy/").
    const SiteLanguage* language = FindSiteLanguage(site->config, page->language);
    std::string tag = LanguageOfFileName(page->content_path, site->config);
    page->url_path =
        (language != nullptr ? language->prefix : "") + UrlPathForContent(WithoutLanguage(page->content_path, tag));
    site->by_content_path[page->content_path] = page.get();
    auto [it, inserted] = site->by_url.emplace(page->url_path, page.get());
    if (!inserted) {
      // Report at a file the editor can rename: never at a generated page.
      const Page* reported = page->is_generated ? it->second : page.get();
      const Page* other = reported == page.get() ? it->second : page.get();
      std::string other_name = other->is_generated ? "the folder content/" + other->folder + "/" : other->source_path;
      diagnostics.Error(
          {reported->source_path, 1, 1},
          "this page has the same address /" + page->url_path + " as " + other_name + "; rename one of them",
          checks::kUrlConflict);
    }
  }
  site->home = site->FindPage("_index.md");
  // Parents and children: a page's parent is its folder's landing page; a
  // landing page's parent is the landing page of the folder above. On a
  // bilingual site, the one in the page's language when there is one, so
  // each language has its own breadcrumbs and listings.
  bool bilingual = !site->config.languages.empty();
  auto language_key = [&](const Page& page) { return bilingual ? page.language : std::string(); };
  std::map<std::pair<std::string, std::string>, Page*> landing_pages;
  for (auto& page : site->pages) {
    if (page->is_section_index) landing_pages.emplace(std::make_pair(page->folder, language_key(*page)), page.get());
  }
  for (auto& page : site->pages) {
    if (site->IsHome(*page)) continue;
    std::string parent_folder = page->is_section_index ? ParentFolder(page->folder) : page->folder;
    auto parent = landing_pages.find({parent_folder, language_key(*page)});
    if (parent == landing_pages.end())
      parent = landing_pages.find({parent_folder, bilingual ? site->config.language : ""});
    if (parent == landing_pages.end()) continue;
    page->parent = parent->second;
    parent->second->children.push_back(page.get());
  }
  MarkDrafts(*site);
  SortChildren(*site);
  return site;
}

}  // namespace publish
