// Pages and their metadata as loaded from content/: front matter, service
// details, the Markdown tree and the links found in it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libpublish/base/date.h"
#include "libpublish/config/yaml_fields.h"
#include "libpublish/content/channel_info.h"
#include "libpublish/markdown/markdown.h"

namespace publish {

enum class PageType { kPage, kService, kNews };
enum class Visibility { kPublic, kInternal };
enum class OnlineAvailability { kYes, kPartial, kNo };

// One line of opening hours: "Monday to Friday, 9am to 5pm".
struct OpeningHours {
  std::vector<int> days;  // 0 = Monday ... 6 = Sunday, in the order given
  bool is_range = false;  // "X to Y" rather than a list
  ClockTime opens;
  ClockTime closes;
  SourcePosition position;
};

struct ServiceContact {
  std::string phone;
  std::string email;
  std::string address;
};

struct ServiceInfo {
  std::string department;
  OnlineAvailability online = OnlineAvailability::kNo;
  SourcePosition online_position;  // of the 'online' key
  std::string apply_url;
  SourcePosition apply_url_position;
  std::string cost;
  std::vector<std::string> eligibility;
  ServiceContact contact;
  std::vector<OpeningHours> hours;
  std::vector<PositionedString> related;  // as written, relative to the page file
};

struct FrontMatter {
  std::string title;
  SourcePosition title_position;  // of the key
  std::string summary;
  SourcePosition summary_position;  // of the key
  PageType type = PageType::kPage;
  Visibility visibility = Visibility::kPublic;
  std::optional<std::vector<std::string>> channels;  // only these channels
  std::string lang;                                  // empty: the site's language
  std::optional<Date> date;
  std::optional<Date> updated;
  std::optional<Date> review_by;
  SourcePosition review_by_position;
  std::string owner;
  std::optional<long> weight;
  std::vector<PositionedString> aliases;
  // The page this one translates, relative to this file, for a counterpart
  // whose name differs (pay.cy.md beside pay.md needs none).
  std::optional<PositionedString> translation_of;
  std::optional<ServiceInfo> service;
  // `draft: true`: kept out of every channel unless drafts are built
  // (SiteLoadOptions::include_drafts); a draft landing page keeps its
  // whole section out.
  bool draft = false;
};

// One link or image destination in a page, resolved by the links layer.
struct PageLink {
  enum class Kind {
    kUnresolved,  // not yet resolved, or broken (an error was reported)
    kPage,        // another page, or this one with a fragment
    kAsset,       // a file under content/ or static/
    kExternal,    // http: or https:
    kMailto,
    kTel,
  };
  std::string destination;  // as written
  SourcePosition position;
  bool is_image = false;
  Kind kind = Kind::kUnresolved;
  const struct Page* target = nullptr;  // kPage
  std::string fragment;                 // kPage: heading id, may be empty
  std::string asset_path;               // kAsset: path below the site root of the output
  std::string asset_suffix;             // kAsset: "?query#fragment" as written, kept in every address
};

struct Page {
  std::string source_path;        // "content/bins/collection-days.md" (site-relative)
  std::string content_path;       // "bins/collection-days.md"
  std::string url_path;           // "bins/collection-days/"; "" for the home page
  std::string folder;             // content folder: "bins"; "" at the top
  bool is_section_index = false;  // an _index.md (or generated in its place)
  bool is_generated = false;      // made for a folder without _index.md
  // The front matter could not be read (not closed, not YAML, a syntax
  // error): reported once; the page still exists for links and its folder.
  bool front_matter_failed = false;
  bool is_draft = false;  // meta.draft here or on a landing page above (set by LoadSite)
  std::string language;   // effective: front matter lang or site language
  int body_first_line = 1;
  FrontMatter meta;
  MdNode body;
  std::vector<PageLink> links;           // every link and image in the body
  std::vector<std::string> heading_ids;  // in document order
  std::vector<const Page*> related;      // service.related, resolved
  // The same page in the site's other languages, in `languages:` order
  // (resolved with the links; empty on a one-language site).
  std::vector<const Page*> translations;
  // Filled when the site is assembled: parent section page and children.
  const Page* parent = nullptr;
  std::vector<const Page*> children;

  bool IsPublic() const { return meta.visibility == Visibility::kPublic; }
  bool HasHeadingId(const std::string& id) const;
};

// Loads one page file: splits front matter, validates it, parses the body,
// assigns heading ids and collects links. `channels` are the names
// `channels:` may use. `reserved_ids` are the ids the
// themes' page furniture uses: a heading with the same words gets "-1".
// A page whose front matter or encoding fails is still returned (with
// front_matter_failed), so that one mistake gives one error: links to it and
// its folder still work. Returns nullopt only for a file that is not text.
std::optional<Page> LoadPage(const std::string& source_path, std::string text, const std::string& site_language,
                             const std::vector<ChannelInfo>& channels, Diagnostics& diagnostics,
                             const std::vector<std::string>& reserved_ids = {});

}  // namespace publish
