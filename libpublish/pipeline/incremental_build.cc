#include "libpublish/pipeline/incremental_build.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/sha256.h"
#include "libpublish/checks/content_checks.h"
#include "libpublish/links/link_resolver.h"

namespace publish {

// The public face and the reset below name every field of a page; a new
// field must be added to them (or said to need neither) before this builds.
static_assert(sizeof(FrontMatter) == 824, "a new front matter field: add it to PublicFace");
static_assert(sizeof(ServiceInfo) == 352, "a new service field: add it to PublicFace");
static_assert(sizeof(OpeningHours) == 88, "a new opening hours field: add it to PublicFace");
static_assert(sizeof(Page) == 1376, "a new page field: add it to PublicFace, or to ForgetStructure if set by LoadSite");
static_assert(sizeof(PageLink) == 184, "a new link field: add it to the resolver's ForgetLinks and the page signature");

namespace {

// Field by field into one 64-bit hash, each field mixed in on its own so
// that no two field lists run together into the same value; no text is
// built (the world of a 10,000-page site is hashed on every rebuild).
class Fingerprint {
 public:
  Fingerprint& Add(std::string_view text) { return Mix(std::hash<std::string_view>{}(text) ^ text.size()); }
  Fingerprint& Add(long number) { return Mix(static_cast<uint64_t>(number) * 0x9e3779b97f4a7c15ULL + 1); }
  Fingerprint& Add(const std::optional<Date>& date) {
    return date ? Add(date->year * 10000L + date->month * 100L + date->day) : Add(-1L);
  }
  Fingerprint& AddHash(uint64_t hash) { return Mix(hash); }
  uint64_t Hash() const { return hash_; }

 private:
  // splitmix64's finaliser over the running value and the field.
  Fingerprint& Mix(uint64_t field) {
    uint64_t z = hash_ + 0x9e3779b97f4a7c15ULL + field;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    hash_ = z ^ (z >> 31);
    return *this;
  }
  uint64_t hash_ = 0x84222325cbf29ce4ULL;
};

// Everything of a page that another page's output, or a site-wide file,
// may read: all of it but the body and what is worked out from it.
uint64_t PublicFace(const Page& page) {
  Fingerprint f;
  f.Add(page.source_path).Add(page.content_path).Add(page.url_path).Add(page.folder);
  f.Add(page.is_section_index ? 1 : 0).Add(page.is_generated ? 1 : 0).Add(page.language);
  f.Add(page.front_matter_failed ? 1 : 0).Add(page.is_draft ? 1 : 0).Add(page.meta.draft ? 1 : 0);
  const FrontMatter& meta = page.meta;
  f.Add(meta.title).Add(meta.summary).Add(static_cast<long>(meta.type)).Add(static_cast<long>(meta.visibility));
  f.Add(meta.channels ? static_cast<long>(meta.channels->size()) : -1L);
  if (meta.channels) {
    for (const auto& name : *meta.channels) f.Add(name);
  }
  f.Add(meta.lang).Add(meta.date).Add(meta.updated).Add(meta.review_by).Add(meta.owner);
  f.Add(meta.weight ? std::to_string(*meta.weight) : "-");
  f.Add(static_cast<long>(meta.aliases.size()));
  for (const auto& alias : meta.aliases) f.Add(alias.value);
  f.Add(meta.translation_of ? meta.translation_of->value : "-");
  f.Add(meta.service ? 1 : 0);
  if (meta.service) {
    const ServiceInfo& service = *meta.service;
    f.Add(service.department).Add(static_cast<long>(service.online)).Add(service.apply_url).Add(service.cost);
    f.Add(static_cast<long>(service.eligibility.size()));
    for (const auto& item : service.eligibility) f.Add(item);
    f.Add(service.contact.phone).Add(service.contact.email).Add(service.contact.address);
    f.Add(static_cast<long>(service.hours.size()));
    for (const auto& hours : service.hours) {
      f.Add(static_cast<long>(hours.days.size()));
      for (int day : hours.days) f.Add(day);
      f.Add(hours.is_range ? 1 : 0).Add(hours.opens.hour).Add(hours.opens.minute);
      f.Add(hours.closes.hour).Add(hours.closes.minute);
    }
    f.Add(static_cast<long>(service.related.size()));
    for (const auto& entry : service.related) f.Add(entry.value);
  }
  return f.Hash();
}

// What the output path check reads of a page: its addresses, aliases and
// the channels that hold it, not its title or words.
void AddOutputPathFace(const Page& page, Fingerprint& f) {
  f.Add(page.source_path).Add(page.url_path).Add(page.folder);
  f.Add(page.is_section_index ? 1 : 0).Add(page.is_generated ? 1 : 0).Add(page.is_draft ? 1 : 0);
  f.Add(static_cast<long>(page.meta.visibility))
      .Add(page.meta.channels ? static_cast<long>(page.meta.channels->size()) : -1L);
  if (page.meta.channels) {
    for (const auto& name : *page.meta.channels) f.Add(name);
  }
  f.Add(static_cast<long>(page.meta.aliases.size()));
  for (const auto& alias : page.meta.aliases) f.Add(alias.value).Add(alias.position.line).Add(alias.position.column);
}

// What LoadSite fills in, undone, so a kept page can go into the next
// site as if just parsed. Its links keep their resolution: ResolveLinks
// starts each page it resolves from nothing, and the link hook below
// decides which pages it may skip.
void ForgetStructure(Page& page) {
  page.parent = nullptr;
  page.is_draft = false;  // worked out again by LoadSite from the landing pages above
  page.children.clear();
}

// What resolving links reads of a page that others may link to: its
// addresses, channels, draft state, headings and furniture ids.
void AddLinkTargetFace(const Page& page, const Site& site, Fingerprint& f) {
  AddOutputPathFace(page, f);
  f.Add(static_cast<long>(page.heading_ids.size()));
  for (const auto& id : page.heading_ids) f.Add(id);
  for (const auto& channel : site.channels) {
    if (!channel.furniture_ids) continue;
    for (const auto& id : channel.furniture_ids(page)) f.Add(id);
    f.Add("|");
  }
}

// The listing of the last rebuild, with its diagnostics, until something
// may have been added or removed; reads go to the real files.
class ListedFiles : public SiteFiles {
 public:
  explicit ListedFiles(const SiteFiles& files) : files_(files) {}
  void Forget() { listed_ = false; }
  bool Lists(std::string_view path) const {
    auto found = std::lower_bound(entries_.begin(), entries_.end(), path,
                                  [](const SiteFileEntry& entry, std::string_view p) { return entry.path < p; });
    return listed_ && found != entries_.end() && found->path == path;
  }
  std::vector<SiteFileEntry> ListEntries(Diagnostics& diagnostics) const override {
    if (!listed_) {
      Diagnostics found;
      entries_ = files_.ListEntries(found);
      diagnostics_ = found;
      listed_ = true;
    }
    diagnostics.Append(diagnostics_);
    return entries_;
  }
  std::vector<std::string> ListFiles(Diagnostics& diagnostics) const override {
    std::vector<std::string> names;
    for (auto& entry : ListEntries(diagnostics)) names.push_back(std::move(entry.path));
    return names;
  }
  std::optional<std::string> ReadFile(std::string_view path, std::string* error = nullptr) const override {
    return files_.ReadFile(path, error);
  }
  bool ReadInChunks(std::string_view path, const std::function<bool(std::string_view)>& chunk,
                    std::string& error) const override {
    return files_.ReadInChunks(path, chunk, error);
  }
  // Whether the file can still be opened (without reading it whole).
  bool Readable(std::string_view path) const {
    std::string error;
    return files_.ReadInChunks(
        path, [](std::string_view) { return false; }, error);
  }

 private:
  const SiteFiles& files_;
  mutable bool listed_ = false;
  mutable std::vector<SiteFileEntry> entries_;
  mutable Diagnostics diagnostics_;
};

// Catches what a channel writes, for comparing with the last output.
class CollectingSink : public OutputSink {
 public:
  bool Write(std::string_view path, std::string_view contents, Diagnostics&) override {
    std::lock_guard lock(mutex_);
    files_.emplace_back(std::string(path), std::string(contents));
    return true;
  }
  std::vector<std::pair<std::string, std::string>>& files() { return files_; }

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> files_;
};

}  // namespace

struct IncrementalBuild::State {
  explicit State(const SiteFiles& files) : listing(files) {}

  struct CachedPage {
    bool loaded = false;         // `digest` and `diagnostics` are those of the file as it is
    std::string digest;          // SHA-256 of its bytes
    uint64_t version = 0;        // new whenever the bytes change
    std::unique_ptr<Page> page;  // parsed; empty while the site holds it
    // Its links as last resolved: for `resolved_version`, in a site whose
    // link targets had `State::link_world`.
    uint64_t resolved_version = 0;
    uint64_t listed_in = 0;           // the last rebuild whose site listed the file
    bool links_to_generated = false;  // generated pages are made anew each time: resolve again
    Diagnostics link_diagnostics;
    bool lent = false;        // given to the current site
    Diagnostics diagnostics;  // reading and parsing it
    struct Faces {
      uint64_t page = 0;   // PublicFace
      uint64_t links = 0;  // AddLinkTargetFace
      uint64_t paths = 0;  // AddOutputPathFace
    };
    Faces faces;  // of the page at face_version
    uint64_t face_version = 0;
    bool face_draft = false;
    bool checked = false;    // check_key and check_diagnostics are set
    uint64_t check_key = 0;  // version and link targets its checks ran on
    Diagnostics check_diagnostics;
  };
  // One page's output in one channel, as of the last good rebuild.
  struct Record {
    uint64_t signature = 0;
    std::vector<std::string> paths;  // below the output folder
    std::string kept;                // RenderedPage::kept, for Finish
    Diagnostics diagnostics;         // rendering it
    uint64_t held_in = 0;            // the last rebuild whose site holds this pair
  };
  struct Asset {
    std::vector<std::string> targets;
  };

  ListedFiles listing;
  std::string settings_digest;  // site.yaml and every theme file
  bool started = false;
  // By source path; an element stays where it is while others come and go.
  std::unordered_map<std::string, CachedPage> pages;
  uint64_t next_version = 1;
  // Per channel (in the order of channels_), by the page's content path.
  std::vector<std::unordered_map<std::string, Record>> records;
  uint64_t generation = 0;  // this rebuild's number (Record::held_in, CachedPage::listed_in)
  std::map<std::string, std::vector<std::string>> finish_paths;  // by channel
  // What the channels' Finish read, and what it reported, last time.
  uint64_t finish_key = 0;
  Diagnostics finish_diagnostics;
  // What every page's link resolution read of the others, and whether a
  // page object was made or dropped since (links point at page objects).
  uint64_t link_world = 0;
  std::atomic<bool> pages_replaced{true};
  // The output path check's findings, and the files and faces it read.
  uint64_t paths_key = 0;
  Diagnostics paths_diagnostics;
  std::map<std::string, Asset, std::less<>> assets;  // by source path
  // What changed since the last rebuild that succeeded: a failed rebuild
  // stops before it copies assets or renders, so the next one must still
  // treat these as changed.
  std::vector<std::string> unfinished_paths;
  bool unfinished_scan = false;  // a rebuild that compared everything failed
};

IncrementalBuild::IncrementalBuild(const SiteFiles& files, std::vector<Channel*> channels, BuildOptions options)
    : files_(files),
      channels_(std::move(channels)),
      options_(std::move(options)),
      state_(std::make_unique<State>(files)) {}

IncrementalBuild::~IncrementalBuild() { FinishDiscarding(); }

void IncrementalBuild::FinishDiscarding() {
  if (discarding_.joinable()) discarding_.join();
}

RebuildResult IncrementalBuild::Rebuild(Diagnostics& diagnostics, const std::vector<std::string>* changed_paths) {
  try {
    State& state = *state_;
    bool scan = changed_paths == nullptr || state.unfinished_scan;
    if (!scan) {
      state.unfinished_paths.insert(state.unfinished_paths.end(), changed_paths->begin(), changed_paths->end());
    }
    FinishDiscarding();
    RebuildResult result = RebuildSite(diagnostics, scan ? nullptr : &state.unfinished_paths);
    if (retired_) discarding_ = std::thread([old = std::move(retired_)]() mutable { old.reset(); });
    if (result.outcome == Outcome::kSuccess) {
      state.unfinished_paths.clear();
      state.unfinished_scan = false;
    } else {
      state.unfinished_scan = scan;
    }
    return result;
  } catch (const std::exception& error) {
    diagnostics.Error({}, std::string("internal error: ") + error.what(), checks::kInternalError);
    // Nothing kept can be trusted now; the last good output stays.
    site_.reset();
    state_ = std::make_unique<State>(files_);
    RebuildResult result;
    result.outcome = Outcome::kEnvironmentError;
    return result;
  }
}

RebuildResult IncrementalBuild::RebuildSite(Diagnostics& diagnostics, const std::vector<std::string>* changed_paths) {
  RebuildResult result;
  State& state = *state_;
  auto step_start = std::chrono::steady_clock::now();
  auto timed = [&](const char* step) {
    auto now = std::chrono::steady_clock::now();
    result.timings.emplace_back(step, std::chrono::duration<double, std::milli>(now - step_start).count());
    step_start = now;
  };
  auto cancelled = [&] { return options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed); };
  const uint64_t generation = ++state.generation;

  // What may have changed. Without a list, everything may have.
  bool scan_all = changed_paths == nullptr || !state.started;
  std::set<std::string, std::less<>> hinted;
  bool settings_touched = scan_all;
  if (scan_all) {
    state.listing.Forget();
  } else {
    for (const auto& path : *changed_paths) {
      hinted.insert(path);
      // Something new, gone, or a folder: list the site again.
      if (!state.listing.Lists(path) || !state.listing.Readable(path)) state.listing.Forget();
      if (path == "site.yaml" || path.rfind("themes", 0) == 0) settings_touched = true;
    }
  }
  auto may_have_changed = [&](std::string_view path) { return scan_all || hinted.count(path) != 0; };

  // site.yaml and the themes shape every page: when they change, start afresh.
  if (settings_touched) {
    Diagnostics ignored;  // LoadSite lists again, reporting for real
    std::string settings = "site.yaml:" + files_.ReadFile("site.yaml").value_or("\x01") + "\n";
    for (const auto& entry : state.listing.ListEntries(ignored)) {
      if (entry.path.rfind("themes/", 0) != 0) continue;
      settings += entry.path + ":" + Sha256Hex(files_.ReadFile(entry.path).value_or("\x01")) + "\n";
    }
    std::string digest = Sha256Hex(settings);
    if (!state.started || digest != state.settings_digest) {
      state.pages.clear();
      state.records.clear();
      state.records.resize(channels_.size());
      state.assets.clear();
      state.finish_key = 0;
      state.settings_digest = digest;
      result.everything = true;
    }
  }
  state.started = true;
  bool read_everything = scan_all || result.everything;

  timed("settings");
  // Pages the last site holds go back to the cache, as if just parsed.
  if (site_) {
    for (auto& page : site_->pages) {
      if (page->is_generated) continue;
      auto cached = state.pages.find(page->source_path);
      if (cached == state.pages.end() || !cached->second.lent) continue;
      ForgetStructure(*page);
      cached->second.page = std::move(page);
      cached->second.lent = false;
    }
    // What is left of the last site (its file list, indexes, generated
    // pages) is freed once this rebuild's output is ready (Rebuild).
    retired_ = std::move(site_);
  }
  // A page lent and not given back (the site left it out) is parsed again.
  for (auto& [path, cached] : state.pages) {
    if (cached.lent) {
      cached.loaded = false;
      state.pages_replaced = true;
    }
    cached.lent = false;
  }

  timed("reclaim");
  // Load: the cache gives back every page whose bytes did not change.
  SiteLoadOptions load_options = LoadOptionsFor(options_, channels_);
  std::mutex cache_mutex;
  std::atomic<size_t> parsed{0};
  load_options.load_page = [&](const std::string& path, const SiteConfig& config,
                               Diagnostics& site_diagnostics) -> std::unique_ptr<Page> {
    State::CachedPage* cached;
    {
      std::lock_guard lock(cache_mutex);
      cached = &state.pages[path];
    }
    cached->listed_in = generation;
    if (read_everything || !cached->loaded || may_have_changed(path)) {
      Diagnostics fresh;
      auto text = ReadPageSource(state.listing, path, fresh);
      std::string digest = text ? Sha256Hex(*text) : "";
      if (!text || !cached->loaded || digest != cached->digest) {
        cached->loaded = text.has_value();
        cached->digest = digest;
        {
          std::lock_guard lock(cache_mutex);
          cached->version = state.next_version++;
        }
        std::optional<Page> page;
        if (text) {
          page = LoadPage(path, std::move(*text), config.language, load_options.channels, fresh,
                          load_options.reserved_ids);
        }
        if (page && cached->page) {
          *cached->page = std::move(*page);  // the same object: links to it stay good
        } else {
          if (page || cached->page) state.pages_replaced = true;
          cached->page = page ? std::make_unique<Page>(std::move(*page)) : nullptr;
        }
        cached->diagnostics = fresh;
        cached->checked = false;
        ++parsed;
      }
    }
    site_diagnostics.Append(cached->diagnostics);
    std::unique_ptr<Page> page = std::move(cached->page);
    cached->lent = page != nullptr;
    return page;
  };
  bool environment_error = false;
  site_ = LoadSite(state.listing, load_options, diagnostics, &environment_error);
  result.pages_parsed = parsed;
  if (!site_) {
    state.pages_replaced = true;  // the pages lent to it went with it
    result.outcome = environment_error ? Outcome::kEnvironmentError : Outcome::kContentErrors;
    return result;
  }
  timed("load");
  Site& site = *site_;
  // Files gone from the site leave the cache.
  for (auto it = state.pages.begin(); it != state.pages.end();) {
    if (it->second.listed_in == generation) {
      ++it;
    } else {
      it = state.pages.erase(it);
      state.pages_replaced = true;
    }
  }
  if (cancelled()) {
    result.outcome = Outcome::kCancelled;
    return result;
  }

  timed("forget");
  // Public faces: what of each page another page's output, or a site-wide
  // file or check, may read.
  std::vector<State::CachedPage*> cached_of(site.pages.size(), nullptr);
  for (size_t i = 0; i < site.pages.size(); ++i) {
    if (site.pages[i]->is_generated) continue;
    auto found = state.pages.find(site.pages[i]->source_path);
    if (found != state.pages.end()) cached_of[i] = &found->second;
  }
  std::unordered_map<const Page*, State::CachedPage*> cached_by_page;
  cached_by_page.reserve(site.pages.size());
  for (size_t i = 0; i < site.pages.size(); ++i) {
    if (cached_of[i] != nullptr) cached_by_page.emplace(site.pages[i].get(), cached_of[i]);
  }
  std::unordered_map<const Page*, uint64_t> faces;
  // The same for the link resolver and the output path check.
  std::vector<uint64_t> link_faces(site.pages.size()), path_faces(site.pages.size());
  {
    std::vector<uint64_t> computed(site.pages.size());
    auto face_now = [&](const Page& page, State::CachedPage::Faces& out) {
      out.page = PublicFace(page);
      Fingerprint links, paths;
      AddLinkTargetFace(page, site, links);
      AddOutputPathFace(page, paths);
      out.links = links.Hash();
      out.paths = paths.Hash();
    };
    ParallelFor(site.pages.size(), options_.jobs, [&](size_t i) {
      State::CachedPage* cached = cached_of[i];
      State::CachedPage::Faces fresh;
      const State::CachedPage::Faces* now = &fresh;
      if (cached == nullptr) {
        face_now(*site.pages[i], fresh);
      } else {
        // A page's faces change only with its bytes, and with whether a
        // landing page above it makes it a draft.
        if (cached->face_version != cached->version || cached->face_draft != site.pages[i]->is_draft) {
          face_now(*site.pages[i], cached->faces);
          cached->face_version = cached->version;
          cached->face_draft = site.pages[i]->is_draft;
        }
        now = &cached->faces;
      }
      computed[i] = now->page;
      link_faces[i] = now->links;
      path_faces[i] = now->paths;
    });
    for (size_t i = 0; i < site.pages.size(); ++i) faces[site.pages[i].get()] = computed[i];
  }
  Fingerprint files_face;
  for (const auto& file : site.files) files_face.Add(file);
  for (const auto& [link, target] : site.link_targets) files_face.Add(link).Add(target);
  timed("faces");
  // Links: a page's resolution holds while its bytes, and everything it
  // read of the other pages and files, stay the same; otherwise, and for
  // the whole site when any page others may link to changed, afresh.
  Fingerprint world;
  world.AddHash(files_face.Hash());
  for (uint64_t face : link_faces) world.AddHash(face);
  uint64_t world_hash = world.Hash();
  bool world_kept = !result.everything && !state.pages_replaced && world_hash == state.link_world;
  state.link_world = world_hash;
  state.pages_replaced = false;
  std::atomic<size_t> resolved{0};
  auto link_hook = [&](Page& page, const std::function<void(Diagnostics&)>& resolve, Diagnostics& out) {
    auto found = cached_by_page.find(&page);
    State::CachedPage* cached = found == cached_by_page.end() ? nullptr : found->second;
    if (cached == nullptr) {
      resolve(out);
      return;
    }
    if (!world_kept || cached->links_to_generated || cached->resolved_version != cached->version) {
      Diagnostics fresh;
      resolve(fresh);
      cached->link_diagnostics = fresh;
      cached->resolved_version = cached->version;
      cached->links_to_generated =
          std::any_of(page.links.begin(), page.links.end(),
                      [](const PageLink& link) { return link.target != nullptr && link.target->is_generated; }) ||
          std::any_of(page.related.begin(), page.related.end(),
                      [](const Page* target) { return target->is_generated; });
      ++resolved;
    }
    out.Append(cached->link_diagnostics);
  };
  timed("world");
  ResolveLinks(site, diagnostics, options_.jobs, link_hook);
  timed("links");
  result.pages_resolved = resolved;
  // Output paths read only the files and the pages' faces: while those
  // stay, so do its findings.
  Fingerprint paths_key;
  paths_key.AddHash(files_face.Hash());
  for (uint64_t face : path_faces) paths_key.AddHash(face);
  uint64_t paths_hash = paths_key.Hash();
  if (result.everything || state.paths_key != paths_hash) {
    Diagnostics found;
    CheckOutputPaths(site, found);
    state.paths_key = paths_hash;
    state.paths_diagnostics = std::move(found);
  }
  diagnostics.Append(state.paths_diagnostics);

  timed("paths");
  // Content checks: a page's findings hold while it and its links' targets stay.
  std::atomic<size_t> checked{0};
  auto check_hook = [&](const Page& page, const std::function<void(Diagnostics&)>& check, Diagnostics& out) {
    auto found = cached_by_page.find(&page);
    State::CachedPage* cached = found == cached_by_page.end() ? nullptr : found->second;
    if (cached == nullptr) {
      check(out);
      return;
    }
    // The page's version and where each of its links leads, as one hash.
    uint64_t key = std::hash<uint64_t>{}(cached->version);
    for (const auto& link : page.links) {
      uint64_t target = link.target != nullptr ? std::hash<std::string_view>{}(link.target->source_path) : 0;
      key = (key ^ (target + static_cast<uint64_t>(link.kind))) * 0x100000001b3ULL;
    }
    if (!cached->checked || cached->check_key != key) {
      Diagnostics fresh;
      check(fresh);
      cached->check_diagnostics = fresh;
      cached->check_key = key;
      cached->checked = true;
      ++checked;
    }
    out.Append(cached->check_diagnostics);
  };
  CheckSite(site, diagnostics, options_.jobs, check_hook);
  result.pages_checked = checked;
  if (options_.strict) diagnostics.PromoteWarnings();
  if (diagnostics.HasErrors()) {
    result.outcome = Outcome::kContentErrors;
    return result;
  }

  timed("checks");
  // Signatures: a page's own bytes and the public faces of what its output reads.
  auto face_of = [&](const Page* page) { return page == nullptr ? 0 : faces.at(page); };
  Fingerprint global;
  for (const Page* page : {site.home, site.help_page, site.accessibility_page}) {
    global.AddHash(face_of(page));
  }
  for (const auto& channel : site.channels) {
    for (const auto& file : channel.generated) {
      if (file.page_may_replace.empty()) continue;
      auto taken = site.by_url.find(file.page_may_replace);
      global.AddHash(taken == site.by_url.end() ? 0 : face_of(taken->second));
    }
  }
  uint64_t global_face = global.Hash();
  std::vector<uint64_t> signatures(site.pages.size());
  ParallelFor(site.pages.size(), options_.jobs, [&](size_t i) {
    const Page& page = *site.pages[i];
    Fingerprint f;
    uint64_t version = cached_of[i] != nullptr ? cached_of[i]->version : 0;
    f.AddHash(global_face).AddHash(version).AddHash(face_of(&page));
    f.Add("ancestors");
    for (const Page* crumb : site.Breadcrumbs(page)) f.AddHash(face_of(crumb));
    f.Add("children");
    for (const Page* child : page.children) f.AddHash(face_of(child));
    f.Add("related");
    for (const Page* target : page.related) f.AddHash(face_of(target));
    f.Add("translations");
    for (const Page* translation : page.translations) f.AddHash(face_of(translation));
    f.Add("links");
    for (const auto& link : page.links) {
      f.Add(static_cast<long>(link.kind)).AddHash(face_of(link.target));
      f.Add(link.fragment).Add(link.asset_path).Add(link.asset_suffix);
    }
    signatures[i] = f.Hash();
  });

  timed("signatures");
  // Render what changed.
  std::vector<std::unique_ptr<ChannelBuild>> builds;
  for (Channel* channel : channels_) {
    builds.push_back(channel->Begin(site, files_, diagnostics));
    if (!builds.back()) {
      result.outcome = Outcome::kContentErrors;
      return result;
    }
    builds.back()->ReadBackContents(static_cast<bool>(options_.on_rendered));
  }
  timed("begin");
  struct Held {
    size_t channel;
    const Page* page;
    uint64_t signature;
    const State::Record* kept = nullptr;  // the last output, still good
  };
  std::vector<Held> held;
  std::vector<size_t> to_render;
  state.records.resize(channels_.size());
  for (size_t c = 0; c < channels_.size(); ++c) {
    auto& records = state.records[c];
    for (size_t i = 0; i < site.pages.size(); ++i) {
      const Page& page = *site.pages[i];
      if (!site.Holds(channels_[c]->Name(), page)) continue;
      Held item{c, &page, signatures[i]};
      auto record = records.find(page.content_path);
      if (record != records.end()) record->second.held_in = generation;
      if (!result.everything && record != records.end() && record->second.signature == item.signature) {
        item.kept = &record->second;
      } else {
        to_render.push_back(held.size());
      }
      held.push_back(item);
    }
  }
  timed("plan");
  std::vector<State::Record> fresh_records(to_render.size());
  std::vector<std::vector<OutputFile>> fresh_files(to_render.size());
  std::mutex observer_mutex;
  ParallelFor(to_render.size(), options_.jobs, [&](size_t n) {
    if (cancelled()) return;
    const Held& item = held[to_render[n]];
    Diagnostics found;
    RenderedPage page = builds[item.channel]->RenderPage(*item.page, found);
    if (options_.on_rendered) {
      std::lock_guard lock(observer_mutex);
      options_.on_rendered(channels_[item.channel]->Info(), page);
    }
    State::Record& record = fresh_records[n];
    record.signature = item.signature;
    record.kept = page.kept;
    record.diagnostics = found;
    for (auto& file : page.files) record.paths.push_back(channels_[item.channel]->Name() + "/" + file.path);
    fresh_files[n] = std::move(page.files);
    diagnostics.Append(found);
  });
  timed("render");
  result.pages_rendered = to_render.size();
  if (cancelled()) {
    result.outcome = Outcome::kCancelled;
    return result;
  }
  for (const auto& item : held) {
    if (item.kept != nullptr) diagnostics.Append(item.kept->diagnostics);
  }
  std::vector<const std::string*> kept_of(held.size(), nullptr);  // what each render kept, fresh or not
  for (size_t h = 0; h < held.size(); ++h) {
    if (held[h].kept != nullptr) kept_of[h] = &held[h].kept->kept;
  }
  for (size_t n = 0; n < to_render.size(); ++n) kept_of[to_render[n]] = &fresh_records[n].kept;
  // The site-wide files read every page's public face, which channels
  // hold it and what each render kept, nothing more: while those stay, so
  // do the files.
  Fingerprint finish_key;
  finish_key.AddHash(global_face);
  for (const auto& page : site.pages) finish_key.AddHash(face_of(page.get()));
  for (size_t h = 0; h < held.size(); ++h) {
    finish_key.Add(static_cast<long>(held[h].channel)).Add(held[h].page->content_path);
    finish_key.AddHash(std::hash<std::string>{}(*kept_of[h]));
  }
  bool reuse_finish = !result.everything && state.finish_key != 0 && finish_key.Hash() == state.finish_key;
  std::vector<CollectingSink> finished(channels_.size());
  std::atomic<bool> failed{false};
  Diagnostics finish_found;
  if (reuse_finish) {
    finish_found = state.finish_diagnostics;
  } else {
    // What Finish sees of every page, fresh or kept: paths and what it kept.
    std::vector<std::vector<RenderedPage>> pages_of(channels_.size());
    std::vector<size_t> fresh_of(held.size(), SIZE_MAX);
    for (size_t n = 0; n < to_render.size(); ++n) fresh_of[to_render[n]] = n;
    for (size_t h = 0; h < held.size(); ++h) {
      RenderedPage page;
      page.page = held[h].page;
      page.kept = *kept_of[h];
      if (fresh_of[h] != SIZE_MAX) {
        for (const auto& file : fresh_files[fresh_of[h]]) page.files.push_back({file.path, ""});
      } else {
        const size_t prefix = channels_[held[h].channel]->Name().size() + 1;
        for (const auto& path : held[h].kept->paths) page.files.push_back({path.substr(prefix), ""});
      }
      pages_of[held[h].channel].push_back(std::move(page));
    }
    ParallelFor(channels_.size(), options_.jobs, [&](size_t c) {
      FileWriter writer = [&, c](const OutputFile& file) {
        return finished[c].Write(channels_[c]->Name() + "/" + file.path, file.contents, finish_found);
      };
      if (!builds[c]->Finish(pages_of[c], writer, finish_found)) failed = true;
    });
  }
  diagnostics.Append(finish_found);
  timed("finish");
  // Assets: read again only when they may have changed.
  CollectingSink copied;
  std::map<std::string, State::Asset, std::less<>> assets;
  for (auto& copy : AssetCopies(site, channels_)) {
    auto known = state.assets.find(copy.source);
    bool read = read_everything || known == state.assets.end() || may_have_changed(copy.source) ||
                known->second.targets != copy.targets;
    State::Asset& asset = assets[copy.source];
    asset.targets = copy.targets;
    if (read && !copy.targets.empty() && !copied.Copy(copy.targets, files_, copy.source, diagnostics)) failed = true;
  }
  timed("assets");
  if (options_.strict) diagnostics.PromoteWarnings();
  if (failed) {
    result.outcome = Outcome::kEnvironmentError;
    return result;
  }
  if (diagnostics.HasErrors()) {
    result.outcome = Outcome::kContentErrors;
    return result;
  }

  // A good build: it becomes the output. Paths that may no longer be
  // written are those of what was made again or dropped.
  std::set<std::string> maybe_removed;
  std::unordered_set<std::string> written;
  auto write = [&](std::string path, std::string contents) {
    auto [at, added] = output_.try_emplace(path);
    if (added || at->second != contents) {
      at->second = std::move(contents);
      result.changed.push_back(path);
    }
    written.insert(std::move(path));
  };
  for (auto& records : state.records) {
    for (auto it = records.begin(); it != records.end();) {
      bool dropped = it->second.held_in != generation;
      if (dropped) maybe_removed.insert(it->second.paths.begin(), it->second.paths.end());
      it = dropped ? records.erase(it) : std::next(it);
    }
  }
  for (size_t n = 0; n < to_render.size(); ++n) {
    const Held& item = held[to_render[n]];
    auto& records = state.records[item.channel];
    if (auto old = records.find(item.page->content_path); old != records.end()) {
      maybe_removed.insert(old->second.paths.begin(), old->second.paths.end());
    }
    const std::string prefix = channels_[item.channel]->Name() + "/";
    for (auto& file : fresh_files[n]) write(prefix + file.path, std::move(file.contents));
    fresh_records[n].held_in = generation;
    records[item.page->content_path] = std::move(fresh_records[n]);
  }
  if (!reuse_finish) {
    for (size_t c = 0; c < channels_.size(); ++c) {
      auto& old_paths = state.finish_paths[channels_[c]->Name()];
      maybe_removed.insert(old_paths.begin(), old_paths.end());
      old_paths.clear();
      for (auto& [path, contents] : finished[c].files()) {
        old_paths.push_back(path);
        write(path, std::move(contents));
      }
    }
    state.finish_key = finish_key.Hash();
    state.finish_diagnostics = finish_found;
  }
  for (const auto& [source, asset] : state.assets) {
    auto now = assets.find(source);
    if (now == assets.end() || now->second.targets != asset.targets) {
      maybe_removed.insert(asset.targets.begin(), asset.targets.end());
    }
  }
  for (auto& [path, contents] : copied.files()) write(path, std::move(contents));
  state.assets = std::move(assets);
  for (const auto& path : maybe_removed) {
    if (written.count(path) != 0) continue;
    if (output_.erase(path) != 0) result.removed.push_back(path);
  }
  std::sort(result.changed.begin(), result.changed.end());
  result.changed.erase(std::unique(result.changed.begin(), result.changed.end()), result.changed.end());
  timed("output");
  return result;
}

}  // namespace publish
