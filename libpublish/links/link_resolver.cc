#include "libpublish/links/link_resolver.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"

namespace publish {

namespace {

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string SchemeOf(const std::string& destination) {
  size_t colon = destination.find(':');
  if (colon == std::string::npos || colon == 0) return "";
  for (size_t i = 0; i < colon; ++i) {
    char c = destination[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')) return "";
  }
  return Lower(destination.substr(0, colon));
}

// Extension(path) == ".md", without making a string per link.
bool IsMarkdownPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name.size() > 3 && name.ends_with(".md");  // ".md" alone has no extension
}

bool ValidMailto(const std::string& destination) {
  std::string address = destination.substr(7);
  address = address.substr(0, address.find('?'));
  auto decoded = PercentDecode(address);
  if (!decoded) return false;
  size_t at = decoded->find('@');
  if (at == std::string::npos || at == 0 || decoded->find('@', at + 1) != std::string::npos) return false;
  std::string domain = decoded->substr(at + 1);
  return domain.find('.') != std::string::npos && domain.front() != '.' && domain.back() != '.' &&
         decoded->find_first_of(" <>()[],;:\"") == std::string::npos;
}

// What is wrong with a tel: link, or "" when nothing is: RFC 3966 global
// numbers ("+", digits, visual separators), UK numbers (+44) with the 9 or
// 10 digits of a UK national number and no trunk 0, and the UK's short
// service numbers (999, 112, 111, 101, 105, 119) as they are dialled.
std::string TelProblem(const std::string& destination) {
  std::string number = destination.substr(4);
  std::string digits;
  for (size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == '-' || c == '.' || c == '(' || c == ')' || (c == '+' && i == 0))) {
      return "'" + destination + "' is not a valid phone link: it may hold only '+', digits and - . ( )";
    }
  }
  bool global = !number.empty() && number.front() == '+';
  for (const char* service : {"999", "112", "111", "101", "105", "119"}) {
    if (!global && digits == service) return "";
  }
  if (!global) {
    if (digits.size() >= 10 && digits.size() <= 11 && digits.front() == '0') {
      return "'" + destination + "' is not in international form; write tel:+44" + digits.substr(1);
    }
    return "'" + destination +
           "' is not a valid phone link; write the number in international form, such as "
           "tel:+441632960000";
  }
  if (digits.rfind("44", 0) == 0) {
    std::string national = digits.substr(2);
    if (!national.empty() && national.front() == '0') {
      return "'" + destination + "' keeps the 0 after +44, which callers from abroad must not dial; write tel:+44" +
             national.substr(1);
    }
    if (national.size() < 9 || national.size() > 10) {
      return "'" + destination + "' has " + std::to_string(national.size()) +
             " digits after +44, but a UK number has 10 (a few have 9); check the number";
    }
    if (std::string("1235789").find(national.front()) == std::string::npos) {
      return "'" + destination + "' is not a UK number: none start +44" + national.substr(0, 1) + "; check the number";
    }
    return "";
  }
  if (digits.size() < 4 || digits.size() > 15) {
    return "'" + destination + "' has " + std::to_string(digits.size()) +
           " digits, but an international number has 4 to 15; check the number";
  }
  return "";
}

class Resolver {
 public:
  Resolver(Site& site, Diagnostics& diagnostics) : site_(site), diagnostics_(diagnostics) {
    for (const auto& page : site.pages) page_paths_.push_back(page->content_path);
    for (const auto& file : site.files) {
      if (file.rfind("content/", 0) == 0 && Extension(file) != ".md") {
        asset_paths_.push_back(file.substr(8));
        if (!site.IsInternalAsset(asset_paths_.back())) public_asset_paths_.push_back(asset_paths_.back());
      }
    }
  }

  void Run(int jobs, const PageLinkHook& hook) {
    // Each page's links are its own; the site around them is read only.
    ParallelFor(site_.pages.size(), jobs, [&](size_t i) {
      Page& page = *site_.pages[i];
      auto resolve = [&](Diagnostics& out) {
        page_diagnostics_ = &out;
        ForgetLinks(page);
        for (auto& link : page.links) ResolveLink(page, link);
        if (page.meta.service) {
          for (const auto& entry : page.meta.service->related) ResolveRelated(page, entry);
        }
        page_diagnostics_ = nullptr;
      };
      if (hook) {
        hook(page, resolve, diagnostics_);
      } else {
        resolve(diagnostics_);
      }
    });
    ResolveFooterPages();
    ResolveTranslations();
    CheckParity();
    CheckKioskSections();
    CheckAliases();
  }

 private:
  // Where a finding goes: the page's own diagnostics while its links are
  // resolved (one page per thread at a time), else the site's.
  Diagnostics& Out() { return page_diagnostics_ != nullptr ? *page_diagnostics_ : diagnostics_; }

  void Fail(const SourcePosition& position, const std::string& message, const Check& id) {
    Out().Error(position, message, id);
  }

  // Resolution starts from nothing, whatever an earlier one left.
  static void ForgetLinks(Page& page) {
    page.related.clear();
    for (auto& link : page.links) {
      link.kind = PageLink::Kind::kUnresolved;
      link.target = nullptr;
      link.fragment.clear();
      link.asset_path.clear();
      link.asset_suffix.clear();
    }
  }

  // The closest existing page (or asset) to a missing target. Closeness is
  // judged on the file names, so a shared folder does not make two
  // unrelated names look alike.
  std::string Nearest(const std::string& wanted, bool assets = false, bool from_public = false) const {
    // A public page is never pointed at an internal file.
    const std::vector<std::string>& candidates =
        assets ? (from_public ? public_asset_paths_ : asset_paths_) : page_paths_;
    int which = assets ? (from_public ? 2 : 1) : 0;
    // Made on the first broken link only: most builds have none.
    std::call_once(name_indexes_made_[which], [&] { name_indexes_[which] = NameIndex(candidates); });
    // A suggestion further off than the whole name is never taken below.
    auto [best, best_distance] = name_indexes_[which].Nearest(wanted, CodePointCount(wanted));
    std::string a = FileName(wanted);
    if (!best.empty()) {
      std::string b = FileName(best);
      size_t name_distance = EditDistance(a, b);
      size_t longest = std::max(CodePointCount(a), CodePointCount(b));
      if (name_distance * 3 <= longest + 1 &&
          best_distance * 2 <= std::max(CodePointCount(wanted), CodePointCount(best))) {
        return best;
      }
    }
    for (const auto& candidate : candidates) {
      if (FileName(candidate) == a) return candidate;  // right name, wrong folder
    }
    return "";
  }

  // Relative suggestion from `from`'s folder to content path `to`.
  static std::string RelativeFrom(const Page& from, const std::string& to) {
    std::string folder = from.folder;
    std::string prefix;
    while (!folder.empty() && to.rfind(folder + "/", 0) != 0) {
      folder = ParentFolder(folder);
      prefix += "../";
    }
    return prefix + (folder.empty() ? to : to.substr(folder.size() + 1));
  }

  // One rule for a link in every channel: a page the channel holds is
  // linked inside it; any other at its public address, if the public
  // website holds it; otherwise the link leads nowhere in that channel.
  void CheckVisibility(const Page& from, const Page& to, const SourcePosition& position) {
    if (from.IsPublic() && !to.IsPublic()) {
      Fail(position,
           "public page links to internal page '" + to.content_path +
               "'; the public cannot see it, so remove the link or make the target public",
           checks::kInternalLink);
      return;
    }
    if (to.is_draft && !from.is_draft && !site_.include_drafts) {
      Fail(position,
           "'" + to.content_path +
               "' is a draft ('draft: true'), so it is not published and this link would lead nowhere; remove the "
               "link until the draft is ready, or check the site with --drafts",
           checks::kLinkToDraft);
      return;
    }
    const ChannelInfo* website = site_.PublicWebsite();
    if (website != nullptr && site_.Holds(website->name, to)) return;
    std::vector<std::string> stranded;
    for (const auto& channel : site_.channels) {
      if (site_.Holds(channel.name, from) && !site_.Holds(channel.name, to)) stranded.push_back(channel.name);
    }
    if (stranded.empty()) return;
    std::string website_name = website != nullptr ? website->name : "public website";
    if (std::find(stranded.begin(), stranded.end(), website_name) != stranded.end()) {
      Fail(position,
           "'" + to.content_path + "' is left off the public website by its 'channels:', so this link would be " +
               "broken there; add " + website_name + " to its channels or remove the link",
           checks::kChannelLink);
      return;
    }
    std::string list;
    for (size_t i = 0; i < stranded.size(); ++i) {
      list += (i == 0 ? "" : i + 1 == stranded.size() ? " and " : ", ") + stranded[i];
    }
    Fail(position,
         "'" + to.content_path + "' is not in the " + list + " channel" + (stranded.size() > 1 ? "s" : "") +
             " this page is in, nor on the public website, so the link would lead nowhere there; add " +
             stranded.front() + " or " + website_name + " to its channels, or remove the link",
         checks::kChannelLink);
  }

  // Files of internal sections are the intranet's only.
  bool CheckAssetVisibility(const Page& from, const std::string& content_path, const SourcePosition& position) {
    if (!from.IsPublic() || !site_.IsInternalAsset(content_path)) return true;
    auto link = site_.link_targets.find("content/" + content_path);
    std::string through = link == site_.link_targets.end() ? "" : " (a link to " + link->second + ")";
    Fail(position,
         "public page links to internal file '" + content_path + "'" + through +
             ", which is in an internal section; the public cannot see it, so remove the link or move the file "
             "out of the internal section",
         checks::kInternalLink);
    return false;
  }

  bool CheckFragment(const Page& target, const std::string& fragment, const SourcePosition& position) {
    if (fragment.empty() || target.HasHeadingId(fragment)) return true;
    // The page furniture's own ids (a service page's contact details).
    for (const auto& channel : site_.channels) {
      if (!channel.furniture_ids || !site_.Holds(channel.name, target)) continue;
      auto ids = channel.furniture_ids(target);
      if (std::find(ids.begin(), ids.end(), fragment) != ids.end()) return true;
    }
    std::string hint = DidYouMean(fragment, target.heading_ids);
    Fail(position,
         "'" + target.content_path + "' has no heading with the id '" + fragment + "'" +
             (hint.empty() ? (target.heading_ids.empty() ? "; it has no headings" : "") : hint),
         checks::kMissingFragment);
    return false;
  }

  void ResolveLink(Page& page, PageLink& link) {
    const std::string& destination = link.destination;
    const SourcePosition& position = link.position;
    if (destination.empty()) {
      Fail(position, std::string(link.is_image ? "image" : "link") + " has no destination", checks::kBrokenLink);
      return;
    }
    if (destination.front() == '#') {
      std::string fragment = destination.substr(1);
      if (CheckFragment(page, fragment, position)) {
        link.kind = PageLink::Kind::kPage;
        link.target = &page;
        link.fragment = fragment;
      }
      return;
    }
    if (destination.rfind("//", 0) == 0) {
      Fail(position, "link '" + destination + "' has no scheme; write the full address, starting https://",
           checks::kBadScheme);
      return;
    }
    std::string scheme = SchemeOf(destination);
    if (scheme == "https" || scheme == "http") {
      link.kind = PageLink::Kind::kExternal;
      if (scheme == "http") {
        Out().Warning(position, "link uses http:, which is not secure; use https: if the site supports it",
                      checks::kInsecureLink);
      }
      return;
    }
    if (scheme == "mailto") {
      if (link.is_image || !ValidMailto(destination)) {
        Fail(position, "'" + destination + "' is not a valid email link; write mailto:name@example.gov.uk",
             checks::kBadMailto);
        return;
      }
      link.kind = PageLink::Kind::kMailto;
      return;
    }
    if (scheme == "tel") {
      std::string problem =
          link.is_image ? "an image cannot show a phone number; link to it instead" : TelProblem(destination);
      if (!problem.empty()) {
        Fail(position, problem, checks::kBadTel);
        return;
      }
      link.kind = PageLink::Kind::kTel;
      return;
    }
    if (!scheme.empty()) {
      Fail(position, "links cannot use '" + scheme + ":'; use https:, http:, mailto:, tel: or a path to a page or file",
           checks::kBadScheme);
      return;
    }
    // A path: site path ("/bins/") or relative to this page's file.
    std::string_view whole = destination;
    size_t hash = whole.find('#');
    std::string fragment = hash == std::string_view::npos ? "" : std::string(whole.substr(hash + 1));
    std::string_view path = whole.substr(0, hash);
    path = path.substr(0, path.find('?'));
    // A file keeps what follows its path ("report.pdf#page=4", "map.png?v=2").
    std::string suffix(whole.substr(path.size()));
    auto decoded = PercentDecode(path);
    if (!decoded) {
      Fail(position, "link '" + destination + "' has a malformed %-escape or a control character", checks::kBrokenLink);
      return;
    }
    if (decoded->empty()) {
      Fail(position, "link '" + destination + "' has no page or file in it", checks::kBrokenLink);
      return;
    }
    if (decoded->front() == '/') {
      ResolveSitePath(page, link, *decoded, fragment, suffix);
      return;
    }
    auto resolved = JoinAndNormalize(page.folder, *decoded);
    if (!resolved) {
      Fail(position, "link '" + destination + "' leads outside the site folder", checks::kPathOutsideSite);
      return;
    }
    if (IsMarkdownPath(*resolved)) {
      const Page* target = site_.FindPage(*resolved);
      if (target == nullptr) {
        std::string nearest = Nearest(*resolved);
        Fail(position,
             "link target '" + destination + "' does not exist" +
                 (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(page, nearest) + "'?)"),
             checks::kBrokenLink);
        return;
      }
      if (link.is_image) {
        Fail(position, "an image cannot show a page; link to it instead", checks::kBrokenLink);
        return;
      }
      CheckVisibility(page, *target, position);
      if (!CheckFragment(*target, fragment, position)) return;
      link.kind = PageLink::Kind::kPage;
      link.target = target;
      link.fragment = fragment;
      return;
    }
    if (site_.HasFile("content/" + *resolved)) {
      if (decoded->back() == '/') {
        Fail(position, "link '" + destination + "' names a file, not a folder; remove the '/' after its name",
             checks::kBrokenLink);
        return;
      }
      if (!CheckAssetVisibility(page, *resolved, position)) return;
      link.kind = PageLink::Kind::kAsset;
      link.asset_path = *resolved;
      link.asset_suffix = suffix;
      return;
    }
    // A folder link: point at its landing page.
    const std::string& folder = *resolved;
    const Page* index = site_.FindPage(folder.empty() ? "_index.md" : folder + "/_index.md");
    if (index != nullptr && !index->is_generated) {
      Fail(position,
           "link '" + destination + "' names a folder; link to '" + RelativeFrom(page, index->content_path) + "'",
           checks::kBrokenLink);
      return;
    }
    std::string as_page = *resolved + ".md";
    if (site_.FindPage(as_page) != nullptr) {
      Fail(position,
           "link '" + destination + "' has no .md ending (did you mean '" + RelativeFrom(page, as_page) + "'?)",
           checks::kBrokenLink);
      return;
    }
    std::string nearest = Nearest(*resolved, /*assets=*/true, page.IsPublic());
    Fail(position,
         "link target '" + destination + "' does not exist" +
             (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(page, nearest) + "'?)"),
         checks::kBrokenLink);
  }

  void ResolveSitePath(Page& page, PageLink& link, const std::string& path, const std::string& fragment,
                       const std::string& suffix) {
    auto normalized = JoinAndNormalize("", path);
    if (!normalized) {
      Fail(link.position, "link '" + link.destination + "' leads outside the site folder", checks::kPathOutsideSite);
      return;
    }
    bool trailing_slash = path.size() > 1 && path.back() == '/';
    std::string url = normalized->empty() ? "" : *normalized + "/";
    auto page_it = site_.by_url.find(url);
    if (page_it != site_.by_url.end() && (trailing_slash || normalized->empty())) {
      CheckVisibility(page, *page_it->second, link.position);
      if (!CheckFragment(*page_it->second, fragment, link.position)) return;
      link.kind = PageLink::Kind::kPage;
      link.target = page_it->second;
      link.fragment = fragment;
      return;
    }
    if (page_it != site_.by_url.end()) {
      Fail(link.position, "site path '" + link.destination + "' needs a slash at the end: '/" + url + "'",
           checks::kBrokenLink);
      return;
    }
    for (const char* root : {"static/", "content/"}) {
      if (!normalized->empty() && site_.HasFile(root + *normalized) && Extension(*normalized) != ".md") {
        if (trailing_slash) {
          Fail(link.position,
               "site path '" + link.destination + "' names a file, not a folder; remove the '/' after its name",
               checks::kBrokenLink);
          return;
        }
        if (root == std::string("content/") && !CheckAssetVisibility(page, *normalized, link.position)) return;
        link.kind = PageLink::Kind::kAsset;
        link.asset_path = *normalized;
        link.asset_suffix = suffix;
        return;
      }
    }
    std::vector<std::string> urls;
    for (const auto& [u, p] : site_.by_url) urls.push_back("/" + u);
    std::sort(urls.begin(), urls.end());  // the suggestion must not hang on hash order
    std::string hint = DidYouMean("/" + url, urls);
    Fail(link.position, "site path '" + link.destination + "' is not a page or file of this site" + hint,
         checks::kBrokenLink);
  }

  void ResolveRelated(Page& page, const PositionedString& entry) {
    auto decoded = PercentDecode(entry.value);
    auto resolved = decoded ? JoinAndNormalize(page.folder, *decoded) : std::nullopt;
    if (!resolved) {
      Fail(entry.position, "related entry '" + entry.value + "' leads outside the site folder",
           checks::kPathOutsideSite);
      return;
    }
    const Page* target = site_.FindPage(*resolved);
    if (target == nullptr) {
      std::string nearest = Nearest(*resolved);
      Fail(entry.position,
           "related page '" + entry.value + "' does not exist" +
               (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(page, nearest) + "'?)"),
           checks::kBrokenLink);
      return;
    }
    CheckVisibility(page, *target, entry.position);
    if (target != &page) page.related.push_back(target);
  }

  // Pairs: "pay.cy.md" with "pay.md" beside it, and every 'translation_of'.
  // Pages paired directly or through another page are translations of one
  // another, one page a language.
  void ResolveTranslations() {
    const SiteConfig& config = site_.config;
    for (auto& page : site_.pages) page->translations.clear();  // an incremental build hands pages back
    std::map<const Page*, const Page*> group_of;                // union-find over pages
    std::function<const Page*(const Page*)> root = [&](const Page* p) {
      auto it = group_of.find(p);
      if (it == group_of.end() || it->second == p) return p;
      const Page* r = root(it->second);
      group_of[p] = r;
      return r;
    };
    auto join = [&](const Page* a, const Page* b) {
      group_of.emplace(a, a);
      group_of.emplace(b, b);
      group_of[root(a)] = root(b);
    };
    for (const auto& page : site_.pages) {
      std::string tag = PageLanguageFileTag(*page, config);
      if (!tag.empty()) {
        std::string path = page->content_path.substr(0, page->content_path.size() - 3 - tag.size() - 1) + ".md";
        if (const Page* source = site_.FindPage(path)) join(page.get(), source);
      }
      if (!page->meta.translation_of) continue;
      const PositionedString& entry = *page->meta.translation_of;
      if (config.languages.empty()) {
        Fail(entry.position,
             "'translation_of' needs the site's languages in site.yaml, such as 'languages: {en-GB: {}, cy: "
             "{prefix: /cy/}}'",
             checks::kBadTranslation);
        continue;
      }
      auto decoded = PercentDecode(entry.value);
      auto resolved = decoded ? JoinAndNormalize(page->folder, *decoded) : std::nullopt;
      const Page* target = resolved ? site_.FindPage(*resolved) : nullptr;
      if (target == nullptr) {
        std::string nearest = resolved ? Nearest(*resolved) : "";
        // One mistake, one error: neither this page nor the one it most
        // likely meant is also told it has no counterpart.
        mistaken_pairs_.insert(page.get());
        if (const Page* meant = nearest.empty() ? nullptr : site_.FindPage(nearest)) mistaken_pairs_.insert(meant);
        Fail(entry.position,
             "'translation_of' names '" + entry.value + "', which is not a page of this site" +
                 (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(*page, nearest) + "'?)"),
             checks::kBadTranslation);
        continue;
      }
      if (target->language == page->language) {
        Fail(entry.position,
             "'translation_of' names '" + entry.value + "', which is in the same language (" + page->language +
                 "); name the page in the other language, or set 'lang' on this one",
             checks::kBadTranslation);
        continue;
      }
      join(page.get(), target);
    }
    std::map<const Page*, std::vector<Page*>> groups;
    for (const auto& page : site_.pages) {
      if (group_of.count(page.get())) groups[root(page.get())].push_back(page.get());
    }
    auto language_order = [&](const Page* p) {
      for (size_t i = 0; i < config.languages.size(); ++i) {
        if (config.languages[i].tag == p->language) return i;
      }
      return config.languages.size();
    };
    for (auto& entry : groups) {
      std::vector<Page*>& members = entry.second;
      std::stable_sort(members.begin(), members.end(),
                       [&](const Page* a, const Page* b) { return language_order(a) < language_order(b); });
      for (size_t i = 1; i < members.size(); ++i) {
        if (members[i]->language != members[i - 1]->language) continue;
        Fail({members[i]->source_path, 1, 1},
             "this page and " + members[i - 1]->source_path + " are both the " + members[i]->language +
                 " version of one page; keep one, or point its 'translation_of' at another page",
             checks::kBadTranslation);
      }
      for (Page* member : members) {
        for (const Page* other : members) {
          if (other != member && other->language != member->language) member->translations.push_back(other);
        }
      }
    }
  }

  // `bilingual: required`: every public page has a counterpart in each
  // language, unless exempt; a counterpart older than its source is stale.
  void CheckParity() {
    const SiteConfig& config = site_.config;
    if (config.languages.size() < 2) return;
    std::set<std::string> exempt;
    for (const auto& entry : config.bilingual_exempt) {
      if (site_.FindPage(entry.value) == nullptr) {
        diagnostics_.Warning(entry.position,
                             "'bilingual_exempt' names '" + entry.value +
                                 "', which is not a page; write its path below content/, such as news/old.md",
                             checks::kTranslationExempt);
        continue;
      }
      exempt.insert(entry.value);
    }
    for (const auto& page : site_.pages) {
      if (!page->IsPublic() || page->is_generated || page->is_draft || mistaken_pairs_.count(page.get())) continue;
      const Page* source = nullptr;
      for (const Page* other : page->translations) {
        if (other->language == config.language) source = other;
      }
      if (source != nullptr && source->meta.updated && page->meta.updated &&
          *page->meta.updated < *source->meta.updated) {
        diagnostics_.Warning({page->source_path, 1, 1},
                             "this " + page->language + " page was updated on " + page->meta.updated->ToIso() +
                                 ", before " + source->source_path + " (" + source->meta.updated->ToIso() +
                                 "); bring it up to date and set 'updated'",
                             checks::kOutdatedTranslation);
      }
      if (page->language != config.language && source != nullptr) continue;
      std::string missing;
      for (const auto& language : config.languages) {
        if (language.tag == page->language) continue;
        bool has = std::any_of(page->translations.begin(), page->translations.end(),
                               [&](const Page* other) { return other->language == language.tag; });
        if (!has) missing += (missing.empty() ? "" : ", ") + language.tag;
      }
      if (missing.empty()) continue;
      if (exempt.count(page->content_path)) {
        diagnostics_.Warning(
            {page->source_path, 1, 1},
            "published without a " + missing + " counterpart: exempt by 'bilingual_exempt' in site.yaml",
            checks::kTranslationExempt);
      } else if (config.bilingual_required) {
        diagnostics_.Error({page->source_path, 1, 1},
                           "this page has no " + missing +
                               " counterpart, and site.yaml says 'bilingual: required'; "
                               "add one, or list '" +
                               page->content_path + "' in 'bilingual_exempt'",
                           checks::kMissingTranslation);
      }
    }
  }

  void ResolveFooterPages() {
    auto find = [&](const std::optional<PositionedString>& configured, const std::vector<std::string>& defaults,
                    const Page*& out) {
      if (configured) {
        out = site_.FindPage(configured->value);
        if (out == nullptr) {
          Fail(configured->position,
               "no page '" + configured->value + "' under content/" + DidYouMean(configured->value, page_paths_),
               checks::kBrokenLink);
        } else if (!out->IsPublic()) {
          Fail(configured->position, "the footer page '" + configured->value + "' must be public",
               checks::kInternalLink);
          out = nullptr;
        }
        return;
      }
      for (const auto& name : defaults) {
        const Page* page = site_.FindPage(name);
        if (page != nullptr && page->IsPublic()) {
          out = page;
          return;
        }
      }
    };
    find(site_.config.help_page, {"help.md", "help/_index.md", "contact-us.md", "contact-us/_index.md", "contact.md"},
         site_.help_page);
    find(site_.config.accessibility_page, {"accessibility.md", "accessibility-statement.md", "accessibility/_index.md"},
         site_.accessibility_page);
  }

  // kiosk.sections names top-level section folders that hold public pages.
  void CheckKioskSections() {
    std::vector<std::string> sections;
    for (const auto& page : site_.pages) {
      if (page->is_section_index && !page->folder.empty() && page->folder.find('/') == std::string::npos) {
        sections.push_back(page->folder);
      }
    }
    for (const auto& entry : site_.config.kiosk.sections) {
      const Page* index = site_.FindPage(entry.value + "/_index.md");
      if (index == nullptr || entry.value.find('/') != std::string::npos) {
        Fail(entry.position,
             "kiosk section '" + entry.value + "' is not a top-level folder under content/" +
                 DidYouMean(entry.value, sections),
             checks::kBadKioskSection);
      } else if (!index->IsPublic()) {
        Fail(entry.position, "kiosk section '" + entry.value + "' is internal; kiosks are public",
             checks::kInternalLink);
      }
    }
  }

  // Aliases are site paths. Whether the file an alias's redirect page
  // takes is free is for CheckOutputPaths.
  void CheckAliases() {
    for (auto& page : site_.pages) {
      for (const auto& alias : page->meta.aliases) {
        auto path = NormalizeAlias(alias.value);
        if (!path) {
          Fail(alias.position,
               "alias '" + alias.value +
                   "' is not a usable site path; write it from the site root, such as /council-tax/pay.aspx",
               checks::kBadAlias);
          continue;
        }
        // The theme's folder is the theme's, whatever it holds today.
        std::string file = AliasOutputFile(*path);
        if (file.rfind("assets/", 0) == 0) {
          Fail(alias.position, "alias '" + alias.value + "' would replace the file /" + file + " the site already has",
               checks::kAliasConflict);
        }
      }
    }
  }

  Site& site_;
  Diagnostics& diagnostics_;
  static thread_local Diagnostics* page_diagnostics_;
  std::set<const Page*> mistaken_pairs_;  // a 'translation_of' that names no page, and the page it likely meant
  std::vector<std::string> page_paths_;
  std::vector<std::string> asset_paths_;
  std::vector<std::string> public_asset_paths_;
  // page_paths_, asset_paths_, public_asset_paths_ ready for "did you mean".
  mutable std::array<NameIndex, 3> name_indexes_;
  mutable std::array<std::once_flag, 3> name_indexes_made_;
};

// No two things the build writes may take one path (CheckOutputPaths).
class OutputPathChecker {
 public:
  OutputPathChecker(const Site& site, Diagnostics& diagnostics) : site_(site), diagnostics_(diagnostics) {}

  void Run() { CheckOutputPaths(); }

 private:
  void Fail(const SourcePosition& position, const std::string& message, const Check& id) {
    diagnostics_.Error(position, message, id);
  }

  // One file (or folder) of the output and who writes it.
  struct OutputClaim {
    // In the order a clash is reported: at the claim most likely to be the
    // mistake and always at one an editor can change.
    enum class Kind { kGenerated, kPage, kThemeFile, kContentFile, kStaticFile, kAlias };
    std::string path;  // below the channel's folder: "bins/index.html"
    Kind kind = Kind::kGenerated;
    SourcePosition position;  // where an editor changes it
    std::string name;         // how a message names it: "the page content/bins/_index.md"
    const Page* page = nullptr;
    std::string alias;        // as written, for aliases
    std::string replaced_by;  // a theme file: where the site puts its own
    // An earlier check already reported this claim.
    bool reported = false;
  };

  struct Clash {
    size_t reported;  // the claim the diagnostic is at
    size_t other;
    // The reported claim's path is a folder of the other's path, or the
    // other way round; otherwise the two paths are the same.
    bool prefix = false;
    bool reported_is_file = false;  // for a prefix clash: the reported claim is the file
  };

  static OutputClaim PageClaim(const Page& page, std::string path) {
    OutputClaim claim;
    claim.path = std::move(path);
    claim.page = &page;
    if (page.is_generated) {
      claim.kind = OutputClaim::Kind::kGenerated;
      claim.name = page.folder.empty() ? "the generated home page"
                                       : "the landing page generated for the folder content/" + page.folder + "/";
    } else {
      claim.kind = OutputClaim::Kind::kPage;
      claim.position = {page.source_path};
      claim.name = "the page " + page.source_path;
    }
    return claim;
  }

  static OutputClaim FileClaim(std::string path, OutputClaim::Kind kind, const std::string& source) {
    OutputClaim claim;
    claim.path = std::move(path);
    claim.kind = kind;
    claim.position = {source};
    claim.name = (kind == OutputClaim::Kind::kThemeFile ? "the theme file " : "the file ") + source;
    return claim;
  }

  static OutputClaim GeneratedClaim(const GeneratedFile& file) {
    OutputClaim claim;
    claim.path = file.path;
    claim.name = file.what;
    claim.replaced_by = file.site_file_may_replace;
    return claim;
  }

  // Everything an HTML channel writes, below its folder: the files it
  // generates (ChannelInfo::generated), pages, theme files, static files,
  // content files and the redirect pages of aliases. Every page and file
  // counts in each: a clash that only the intranet would meet is still a
  // clash.
  std::vector<OutputClaim> HtmlClaims(const ChannelInfo& channel) const {
    std::vector<OutputClaim> claims;
    for (const auto& file : channel.generated) {
      if (!file.page_may_replace.empty() && site_.by_url.count(file.page_may_replace) != 0) continue;
      if (!file.site_file_may_replace.empty() && site_.HasFile(file.site_file_may_replace)) continue;
      claims.push_back(GeneratedClaim(file));
    }
    const std::string theme = "themes/" + channel.name + "/";
    for (const auto& page : site_.pages) claims.push_back(PageClaim(*page, page->url_path + "index.html"));
    for (const auto& file : site_.files) {
      if (file.rfind("static/", 0) == 0) {
        claims.push_back(FileClaim(file.substr(7), OutputClaim::Kind::kStaticFile, file));
      } else if (file.rfind("content/", 0) == 0 && Extension(file) != ".md") {
        claims.push_back(FileClaim(file.substr(8), OutputClaim::Kind::kContentFile, file));
      } else if (file.rfind(theme, 0) == 0 && Extension(file) != ".mustache") {
        claims.push_back(FileClaim(file.substr(theme.size()), OutputClaim::Kind::kThemeFile, file));
      }
    }
    for (const auto& page : site_.pages) {
      if (!channel.writes_aliases) break;
      for (const auto& alias : page->meta.aliases) {
        auto path = NormalizeAlias(alias.value);
        if (!path) continue;
        OutputClaim claim;
        claim.path = AliasOutputFile(*path);
        claim.kind = OutputClaim::Kind::kAlias;
        claim.position = alias.position;
        claim.name = "the redirect page of the alias '" + alias.value + "' in " + page->source_path;
        claim.page = page.get();
        claim.alias = alias.value;
        claims.push_back(std::move(claim));
      }
    }
    return claims;
  }

  // What a channel of one file per page (text, audio) writes: the mapping
  // of TextOutputPath and AudioScriptPath, which a test holds to this.
  std::vector<OutputClaim> FileClaims(const ChannelInfo& channel) const {
    const std::string& extension = channel.page_extension;
    std::vector<OutputClaim> claims;
    for (const auto& page : site_.pages) {
      if (!site_.Holds(channel.name, *page)) continue;
      std::string path = page->url_path;
      if (page->is_section_index) {
        path += "index";
      } else if (!path.empty()) {
        path.pop_back();
      }
      claims.push_back(PageClaim(*page, path + extension));
    }
    return claims;
  }

  static int Rank(const OutputClaim& claim) { return static_cast<int>(claim.kind); }

  static bool PositionBefore(const OutputClaim& a, const OutputClaim& b) {
    return std::tie(a.position.file, a.position.line, a.position.column) <
           std::tie(b.position.file, b.position.line, b.position.column);
  }

  // Clashes that earlier checks already report, or that do no harm.
  static bool Expected(const OutputClaim& a, const OutputClaim& b) {
    bool pages = a.page != nullptr && b.page != nullptr && a.alias.empty() && b.alias.empty();
    if (pages && a.page->url_path == b.page->url_path) return true;   // [url-conflict]
    return !a.alias.empty() && !b.alias.empty() && a.page == b.page;  // one page, the same alias twice
  }

  // Every clash once, at the claim an editor should change, each claim at
  // most once.
  static std::vector<Clash> FindClashes(std::vector<OutputClaim>& claims) {
    std::vector<size_t> order(claims.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return claims[a].path < claims[b].path; });
    std::vector<Clash> clashes;
    std::vector<bool> done(claims.size(), false);
    auto report = [&](size_t at, size_t other, bool prefix, bool at_is_file) {
      if (done[at] || claims[at].kind == OutputClaim::Kind::kGenerated) return;
      done[at] = true;
      if (!claims[at].reported) clashes.push_back({at, other, prefix, at_is_file});
    };
    // The same path: everyone but the first in reporting order is told.
    for (size_t start = 0; start < order.size();) {
      size_t end = start + 1;
      while (end < order.size() && claims[order[end]].path == claims[order[start]].path) ++end;
      if (end - start > 1) {
        std::vector<size_t> group(order.begin() + static_cast<long>(start), order.begin() + static_cast<long>(end));
        std::sort(group.begin(), group.end(), [&](size_t a, size_t b) {
          if (Rank(claims[a]) != Rank(claims[b])) return Rank(claims[a]) < Rank(claims[b]);
          return PositionBefore(claims[a], claims[b]);
        });
        for (size_t k = 1; k < group.size(); ++k) {
          if (!Expected(claims[group[k]], claims[group[0]])) report(group[k], group[0], false, false);
        }
      }
      start = end;
    }
    // A file where another claim needs a folder: "sitemap.xml" and
    // "sitemap.xml/index.html".
    std::vector<std::string> sorted_paths;
    for (size_t index : order) sorted_paths.push_back(claims[index].path);
    for (size_t i = 0; i < order.size(); ++i) {
      const OutputClaim& file = claims[order[i]];
      std::string folder = file.path + "/";
      std::vector<size_t> inside;
      for (auto it = std::lower_bound(sorted_paths.begin(), sorted_paths.end(), folder);
           it != sorted_paths.end() && it->rfind(folder, 0) == 0; ++it) {
        inside.push_back(order[static_cast<size_t>(it - sorted_paths.begin())]);
      }
      if (inside.empty()) continue;
      // The file is told once, naming what it is most in the way of; each
      // claim inside that ranks as high is told on its own.
      size_t lowest = *std::min_element(inside.begin(), inside.end(),
                                        [&](size_t a, size_t b) { return Rank(claims[a]) < Rank(claims[b]); });
      if (Rank(file) > Rank(claims[lowest])) report(order[i], lowest, true, true);
      for (size_t inner : inside) {
        if (Rank(claims[inner]) >= Rank(file)) report(inner, order[i], true, false);
      }
    }
    return clashes;
  }

  std::string ClashMessage(const std::vector<OutputClaim>& claims, const Clash& clash,
                           const std::string& channels) const {
    const OutputClaim& at = claims[clash.reported];
    const OutputClaim& other = claims[clash.other];
    bool spoken = !channels.empty();
    std::string where = spoken ? " in the " + channels : "";
    std::string file = spoken ? at.path : "/" + at.path;
    std::string other_file = spoken ? other.path : "/" + other.path;
    if (at.kind == OutputClaim::Kind::kAlias) {
      std::string alias = "alias '" + at.alias + "'";
      if (!clash.prefix && other.kind == OutputClaim::Kind::kAlias) {
        return alias + " is claimed by " + other.page->source_path + " too";
      }
      if (!clash.prefix && other.kind == OutputClaim::Kind::kPage) {
        return alias + " is the address of a real page (" + other.page->source_path + ")";
      }
      if (!clash.prefix) {
        return alias + " would replace the file " + file + " the site already has (" + other.name +
               "); remove the alias or choose another";
      }
      if (clash.reported_is_file) {
        return alias + " would write its redirect page to the file " + file + ", where " + other.name +
               " needs a folder (" + other_file + "); remove the alias or choose another";
      }
      return alias + " would write its redirect page inside " + other_file + "/, but " + other_file + " is " +
             other.name + ", a file; remove the alias or choose another";
    }
    std::string subject = at.kind == OutputClaim::Kind::kPage        ? "this page"
                          : at.kind == OutputClaim::Kind::kThemeFile ? "this theme file"
                                                                     : "this file";
    std::string fix = at.kind == OutputClaim::Kind::kPage ? "rename it" : "rename, move or remove it";
    if (!clash.prefix) {
      if (other.kind == OutputClaim::Kind::kGenerated && !other.replaced_by.empty()) {
        fix = "to change the theme's file, put yours at " + other.replaced_by;
      }
      return subject + " would be written to " + file + where + ", where the site already writes " + other.name + "; " +
             fix;
    }
    if (clash.reported_is_file) {
      return subject + " would be written to the file " + file + where + ", where " + other.name + " needs a folder (" +
             other_file + "); " + fix;
    }
    return subject + " would be written inside " + other_file + "/" + where + ", but " + other_file + " is " +
           other.name + ", a file; " + fix;
  }

  // An index.html under content/ would be served as a page that no page
  // check ever saw: raw HTML through a side door.
  void CheckHtmlPages(std::vector<OutputClaim>& claims) {
    for (auto& claim : claims) {
      if (claim.kind != OutputClaim::Kind::kContentFile) continue;
      std::string name = Lower(FileName(claim.path));
      if (name != "index.html" && name != "index.htm") continue;
      std::string folder = ParentFolder(claim.path);
      Fail(claim.position,
           "an " + name +
               " under content/ would be served as a page that no check has seen, and raw HTML is not "
               "allowed; write the page in Markdown as content/" +
               (folder.empty() ? "" : folder + "/") + "_index.md instead",
           checks::kRawHtml);
      claim.reported = true;
    }
  }

  // No two things the build writes may take one path, and none may need a
  // folder where another writes a file. Reported from check and build
  // alike, at the file, page or alias an editor can change.
  void CheckOutputPaths() {
    // A claim several HTML channels find in the way is told once.
    std::set<std::string> told;
    bool first_html = true;
    for (const auto& channel : site_.channels) {
      if (!channel.page_extension.empty()) continue;
      std::vector<OutputClaim> html = HtmlClaims(channel);
      if (first_html) CheckHtmlPages(html);
      first_html = false;
      for (auto& claim : html) {
        claim.reported = claim.reported ||
                         (claim.kind == OutputClaim::Kind::kContentFile &&
                          (Lower(FileName(claim.path)) == "index.html" || Lower(FileName(claim.path)) == "index.htm"));
      }
      for (const Clash& clash : FindClashes(html)) {
        const OutputClaim& at = html[clash.reported];
        std::string message = ClashMessage(html, clash, "");
        // Once per file, page or alias, whichever channel met it first.
        std::string key =
            at.position.file + ":" + std::to_string(at.position.line) + ":" + std::to_string(at.position.column);
        if (!told.insert(key).second) continue;
        Fail(at.position, message,
             at.kind == OutputClaim::Kind::kAlias ? checks::kAliasConflict : checks::kOutputConflict);
      }
    }
    // Channels of one file per page: the same two pages clashing in several
    // of them are told once, naming every channel.
    struct FileClash {
      size_t claims;  // in all_claims
      Clash clash;
      std::vector<std::string> channels;
    };
    std::vector<std::vector<OutputClaim>> all_claims;
    std::vector<FileClash> file_clashes;
    std::map<std::pair<const Page*, const Page*>, size_t> clash_of_pages;  // -> index in file_clashes
    for (const auto& channel : site_.channels) {
      if (channel.page_extension.empty()) continue;
      all_claims.push_back(FileClaims(channel));
      const std::vector<OutputClaim>& claims = all_claims.back();
      for (const Clash& clash : FindClashes(all_claims.back())) {
        auto [known, added] =
            clash_of_pages.try_emplace({claims[clash.reported].page, claims[clash.other].page}, file_clashes.size());
        if (added) {
          file_clashes.push_back({all_claims.size() - 1, clash, {channel.name}});
        } else {
          file_clashes[known->second].channels.push_back(channel.name);
        }
      }
    }
    for (const auto& found : file_clashes) {
      std::string names;
      for (size_t i = 0; i < found.channels.size(); ++i) {
        names += (i == 0 ? "" : i + 1 == found.channels.size() ? " and " : ", ") + found.channels[i];
      }
      names += found.channels.size() > 1 ? " channels" : " channel";
      const auto& claims = all_claims[found.claims];
      Fail(claims[found.clash.reported].position, ClashMessage(claims, found.clash, names), checks::kOutputConflict);
    }
  }

  const Site& site_;
  Diagnostics& diagnostics_;
};

thread_local Diagnostics* Resolver::page_diagnostics_ = nullptr;

}  // namespace

std::optional<std::string> NormalizeAlias(const std::string& alias) {
  if (alias.empty() || alias.front() != '/' || alias.find_first_of("?#\\\"<>") != std::string::npos)
    return std::nullopt;
  auto decoded = PercentDecode(alias);
  if (!decoded) return std::nullopt;
  auto normalized = JoinAndNormalize("", *decoded);
  if (!normalized || normalized->empty()) return std::nullopt;
  std::string out = "/" + *normalized;
  if (decoded->back() == '/') out += '/';
  return out;
}

std::string AliasOutputFile(const std::string& alias_path) {
  std::string file = alias_path.substr(1);
  if (file.empty() || file.back() == '/' || Extension(file).empty()) {
    if (!file.empty() && file.back() != '/') file += '/';
    file += "index.html";
  }
  return file;
}

void ResolveLinks(Site& site, Diagnostics& diagnostics, int jobs, const PageLinkHook& hook) {
  Resolver(site, diagnostics).Run(jobs, hook);
}

void CheckOutputPaths(const Site& site, Diagnostics& diagnostics) { OutputPathChecker(site, diagnostics).Run(); }

}  // namespace publish
