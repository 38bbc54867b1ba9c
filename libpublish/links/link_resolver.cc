#include "libpublish/links/link_resolver.h"

#include <algorithm>
#include <map>
#include <set>

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

// RFC 3966 global numbers: "+", then digits with optional visual separators.
bool ValidTel(const std::string& destination) {
  std::string number = destination.substr(4);
  if (number.empty() || number.front() != '+') return false;
  int digits = 0;
  for (size_t i = 1; i < number.size(); ++i) {
    char c = number[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 4 && digits <= 15;
}

class Resolver {
 public:
  Resolver(Site& site, Diagnostics& diagnostics) : site_(site), diagnostics_(diagnostics) {
    for (const auto& page : site.pages) page_paths_.push_back(page->content_path);
    for (const auto& file : site.files) {
      if (file.rfind("content/", 0) == 0 && Extension(file) != ".md") asset_paths_.push_back(file.substr(8));
    }
  }

  void Run(int jobs) {
    // Each page's links are its own; the site around them is read only.
    ParallelFor(site_.pages.size(), jobs, [&](size_t i) {
      Page& page = *site_.pages[i];
      for (auto& link : page.links) ResolveLink(page, link);
      if (page.meta.service) {
        for (const auto& entry : page.meta.service->related) ResolveRelated(page, entry);
      }
    });
    ResolveFooterPages();
    CheckKioskSections();
    CheckAliases();
  }

 private:
  void Fail(const SourcePosition& position, const std::string& message, const char* id) {
    diagnostics_.Error(position, message, id);
  }

  // The closest existing page (or asset) to a missing target. Closeness is
  // judged on the file names, so a shared folder does not make two
  // unrelated names look alike.
  std::string Nearest(const std::string& wanted, bool assets = false) const {
    const std::vector<std::string>& candidates = assets ? asset_paths_ : page_paths_;
    auto [best, best_distance] = publish::Nearest(wanted, candidates);
    if (best.empty()) return "";
    std::string a = FileName(wanted), b = FileName(best);
    size_t name_distance = EditDistance(a, b);
    size_t longest = std::max(CodePointCount(a), CodePointCount(b));
    if (name_distance * 3 <= longest + 1 &&
        best_distance * 2 <= std::max(CodePointCount(wanted), CodePointCount(best))) {
      return best;
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

  static bool InPublicChannel(const Page& page) {
    if (!page.IsPublic()) return false;
    if (!page.meta.channels) return true;
    const auto& list = *page.meta.channels;
    return std::find(list.begin(), list.end(), "public") != list.end();
  }

  void CheckVisibility(const Page& from, const Page& to, const SourcePosition& position) {
    if (from.IsPublic() && !to.IsPublic()) {
      Fail(position,
           "public page links to internal page '" + to.content_path +
               "'; the public cannot see it, so remove the link or make the target public",
           "internal-link");
    } else if (InPublicChannel(from) && to.IsPublic() && !InPublicChannel(to)) {
      // Other channels reach a page they lack at its public address; the
      // website has nowhere to send the link.
      Fail(position,
           "'" + to.content_path +
               "' is left off the public website by its 'channels:', so this link would be broken there; "
               "add public to its channels or remove the link",
           "channel-link");
    }
  }

  static bool HasContactSection(const Page& page) {
    if (!page.meta.service) return false;
    const auto& service = *page.meta.service;
    return !service.contact.phone.empty() || !service.contact.email.empty() || !service.contact.address.empty() ||
           !service.hours.empty();
  }

  bool CheckFragment(const Page& target, const std::string& fragment, const SourcePosition& position) {
    if (fragment.empty() || target.HasHeadingId(fragment)) return true;
    // Service pages show their contact details under the id "contact".
    if (fragment == "contact" && HasContactSection(target)) return true;
    std::string hint = DidYouMean(fragment, target.heading_ids);
    Fail(position,
         "'" + target.content_path + "' has no heading with the id '" + fragment + "'" +
             (hint.empty() ? (target.heading_ids.empty() ? "; it has no headings" : "") : hint),
         "missing-fragment");
    return false;
  }

  void ResolveLink(Page& page, PageLink& link) {
    const std::string& destination = link.destination;
    const SourcePosition& position = link.position;
    if (destination.empty()) {
      Fail(position, std::string(link.is_image ? "image" : "link") + " has no destination", "broken-link");
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
           "bad-scheme");
      return;
    }
    std::string scheme = SchemeOf(destination);
    if (scheme == "https" || scheme == "http") {
      link.kind = PageLink::Kind::kExternal;
      if (scheme == "http") {
        diagnostics_.Warning(position, "link uses http:, which is not secure; use https: if the site supports it",
                             "insecure-link");
      }
      return;
    }
    if (scheme == "mailto") {
      if (link.is_image || !ValidMailto(destination)) {
        Fail(position, "'" + destination + "' is not a valid email link; write mailto:name@example.gov.uk",
             "bad-mailto");
        return;
      }
      link.kind = PageLink::Kind::kMailto;
      return;
    }
    if (scheme == "tel") {
      if (link.is_image || !ValidTel(destination)) {
        Fail(position,
             "'" + destination +
                 "' is not a valid phone link; write the number in international form, such as tel:+441632960000",
             "bad-tel");
        return;
      }
      link.kind = PageLink::Kind::kTel;
      return;
    }
    if (!scheme.empty()) {
      Fail(position, "links cannot use '" + scheme + ":'; use https:, http:, mailto:, tel: or a path to a page or file",
           "bad-scheme");
      return;
    }
    // A path: site path ("/bins/") or relative to this page's file.
    std::string path = destination.substr(0, destination.find('#'));
    std::string fragment =
        destination.find('#') == std::string::npos ? "" : destination.substr(destination.find('#') + 1);
    path = path.substr(0, path.find('?'));
    auto decoded = PercentDecode(path);
    if (!decoded) {
      Fail(position, "link '" + destination + "' has a malformed %-escape or a control character", "broken-link");
      return;
    }
    if (decoded->empty()) {
      Fail(position, "link '" + destination + "' has no page or file in it", "broken-link");
      return;
    }
    if (decoded->front() == '/') {
      ResolveSitePath(page, link, *decoded, fragment);
      return;
    }
    auto resolved = JoinAndNormalize(page.folder, *decoded);
    if (!resolved) {
      Fail(position, "link '" + destination + "' leads outside the site folder", "path-outside-site");
      return;
    }
    if (Extension(*resolved) == ".md") {
      const Page* target = site_.FindPage(*resolved);
      if (target == nullptr) {
        std::string nearest = Nearest(*resolved);
        Fail(position,
             "link target '" + destination + "' does not exist" +
                 (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(page, nearest) + "'?)"),
             "broken-link");
        return;
      }
      if (link.is_image) {
        Fail(position, "an image cannot show a page; link to it instead", "broken-link");
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
      link.kind = PageLink::Kind::kAsset;
      link.asset_path = *resolved;
      return;
    }
    // A folder link: point at its landing page.
    const std::string& folder = *resolved;
    const Page* index = site_.FindPage(folder.empty() ? "_index.md" : folder + "/_index.md");
    if (index != nullptr && !index->is_generated) {
      Fail(position,
           "link '" + destination + "' names a folder; link to '" + RelativeFrom(page, index->content_path) + "'",
           "broken-link");
      return;
    }
    std::string as_page = *resolved + ".md";
    if (site_.FindPage(as_page) != nullptr) {
      Fail(position,
           "link '" + destination + "' has no .md ending (did you mean '" + RelativeFrom(page, as_page) + "'?)",
           "broken-link");
      return;
    }
    std::string nearest = Nearest(*resolved, /*assets=*/true);
    Fail(position,
         "link target '" + destination + "' does not exist" +
             (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(page, nearest) + "'?)"),
         "broken-link");
  }

  void ResolveSitePath(Page& page, PageLink& link, const std::string& path, const std::string& fragment) {
    auto normalized = JoinAndNormalize("", path);
    if (!normalized) {
      Fail(link.position, "link '" + link.destination + "' leads outside the site folder", "path-outside-site");
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
           "broken-link");
      return;
    }
    for (const char* root : {"static/", "content/"}) {
      if (!normalized->empty() && site_.HasFile(root + *normalized) && Extension(*normalized) != ".md") {
        link.kind = PageLink::Kind::kAsset;
        link.asset_path = *normalized;
        return;
      }
    }
    std::vector<std::string> urls;
    for (const auto& [u, p] : site_.by_url) urls.push_back("/" + u);
    std::string hint = DidYouMean("/" + url, urls);
    Fail(link.position, "site path '" + link.destination + "' is not a page or file of this site" + hint,
         "broken-link");
  }

  void ResolveRelated(Page& page, const PositionedString& entry) {
    auto decoded = PercentDecode(entry.value);
    auto resolved = decoded ? JoinAndNormalize(page.folder, *decoded) : std::nullopt;
    if (!resolved) {
      Fail(entry.position, "related entry '" + entry.value + "' leads outside the site folder", "path-outside-site");
      return;
    }
    const Page* target = site_.FindPage(*resolved);
    if (target == nullptr) {
      std::string nearest = Nearest(*resolved);
      Fail(entry.position,
           "related page '" + entry.value + "' does not exist" +
               (nearest.empty() ? "" : " (did you mean '" + RelativeFrom(page, nearest) + "'?)"),
           "broken-link");
      return;
    }
    CheckVisibility(page, *target, entry.position);
    if (target != &page) page.related.push_back(target);
  }

  void ResolveFooterPages() {
    auto find = [&](const std::optional<PositionedString>& configured, const std::vector<std::string>& defaults,
                    const Page*& out) {
      if (configured) {
        out = site_.FindPage(configured->value);
        if (out == nullptr) {
          Fail(configured->position,
               "no page '" + configured->value + "' under content/" + DidYouMean(configured->value, page_paths_),
               "broken-link");
        } else if (!out->IsPublic()) {
          Fail(configured->position, "the footer page '" + configured->value + "' must be public", "internal-link");
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
             "bad-kiosk-section");
      } else if (!index->IsPublic()) {
        Fail(entry.position, "kiosk section '" + entry.value + "' is internal; kiosks are public", "internal-link");
      }
    }
  }

  // Every file a build writes for pages and assets, so an alias cannot
  // take one over.
  std::set<std::string> TakenOutputFiles() const {
    std::set<std::string> taken{"404.html", "sitemap.xml", "_redirects", "a-to-z/index.html"};
    for (const auto& page : site_.pages) taken.insert(page->url_path + "index.html");
    for (const auto& file : site_.files) {
      if (file.rfind("static/", 0) == 0) taken.insert(file.substr(7));
      if (file.rfind("content/", 0) == 0 && Extension(file) != ".md") taken.insert(file.substr(8));
    }
    return taken;
  }

  void CheckAliases() {
    std::set<std::string> taken = TakenOutputFiles();
    std::map<std::string, const Page*> claimed;
    for (auto& page : site_.pages) {
      for (const auto& alias : page->meta.aliases) {
        auto path = NormalizeAlias(alias.value);
        if (!path) {
          Fail(alias.position,
               "alias '" + alias.value +
                   "' is not a usable site path; write it from the site root, such as /council-tax/pay.aspx",
               "bad-alias");
          continue;
        }
        std::string file = AliasOutputFile(*path);
        std::string as_url = file.size() >= 10 && file.compare(file.size() - 10, 10, "index.html") == 0
                                 ? file.substr(0, file.size() - 10)
                                 : file;
        if (site_.by_url.count(as_url) > 0) {
          Fail(alias.position,
               "alias '" + alias.value + "' is the address of a real page (" + site_.by_url.at(as_url)->source_path +
                   ")",
               "alias-conflict");
          continue;
        }
        if (file.rfind("assets/", 0) == 0 || taken.count(file) > 0) {
          Fail(alias.position, "alias '" + alias.value + "' would replace the file /" + file + " the site already has",
               "alias-conflict");
          continue;
        }
        auto [it, inserted] = claimed.emplace(file, page.get());
        if (!inserted && it->second != page.get()) {
          Fail(alias.position, "alias '" + alias.value + "' is claimed by " + it->second->source_path + " too",
               "alias-conflict");
        }
      }
    }
  }

  Site& site_;
  Diagnostics& diagnostics_;
  std::vector<std::string> page_paths_;
  std::vector<std::string> asset_paths_;
};

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

void ResolveLinks(Site& site, Diagnostics& diagnostics, int jobs) { Resolver(site, diagnostics).Run(jobs); }

}  // namespace publish
