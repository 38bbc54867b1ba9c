#include "channels/intranet/intranet_channel.h"

#include <algorithm>
#include <map>

#include "channels/html/html_site.h"
#include "libpublish/base/check_ids.h"
#include "libpublish/base/text.h"

namespace publish {
namespace {

constexpr const char* kReviewPath = "content-review/";
constexpr const char* kDigitalPath = "digital-services/";

std::string DateWords(const Date& date, const std::string& language) {
  return LongDate(date.year, date.month, date.day, language);
}

class IntranetBuild : public HtmlSiteBuild {
 public:
  IntranetBuild(const HtmlSiteConfig& config, const Site& site, const SiteFiles& files, Diagnostics& diagnostics)
      : HtmlSiteBuild(config, site, files, diagnostics) {
    for (const char* path : {kReviewPath, kDigitalPath}) {
      auto taken = site.by_url.find(path);
      if (taken == site.by_url.end()) {
        generated_.push_back(path);
      } else {
        diagnostics.Warning({taken->second->source_path},
                            std::string("this page takes the intranet address /") + path +
                                ", so the generated page that lives there is left out of the intranet",
                            checks::kIntranetPageReplaced);
      }
    }
    for (const auto& path : generated_) {
      templates_[path] = ThemeTemplate(path == kReviewPath ? "content-review" : "digital-services", diagnostics);
    }
  }

 protected:
  std::vector<std::pair<std::string, std::string>> FooterLinks(const ChromeText& t) const override {
    std::vector<std::pair<std::string, std::string>> links;
    for (const auto& path : generated_) {
      links.push_back({base_path() + path, path == kReviewPath ? t.reviews_title : t.digital_title});
    }
    return links;
  }

  void RenderExtraPages(std::vector<OutputFile>& out, Diagnostics& diagnostics) const override {
    for (const auto& path : generated_) {
      const Template* page_template = templates_.at(path);
      if (page_template == nullptr) continue;
      const ChromeText& t = ChromeTextFor(site().config.language);
      bool review = path == kReviewPath;
      std::string title = review ? t.reviews_title : t.digital_title;
      std::string summary = review ? t.reviews_summary : t.digital_summary;
      TemplateValue value = review ? ReviewValue(t) : DigitalValue(t);
      value.Set("title", title).Set("summary", summary);
      std::string content;
      if (!page_template->Render(value, content, diagnostics)) continue;
      std::vector<const Page*> trail;
      if (site().home != nullptr) trail.push_back(site().home);
      out.push_back({path + "index.html", Layout(site().config.language, title, summary, AbsoluteUrl(path), trail,
                                                 content, "", diagnostics)});
    }
  }

 private:
  std::vector<const Page*> HeldPages() const {
    std::vector<const Page*> pages;
    for (const auto& page : site().pages) {
      if (!page->is_generated && Holds(*page)) pages.push_back(page.get());
    }
    return pages;
  }

  // Groups pages by a name (owner, department), the named groups in
  // collation order and the unnamed one last.
  template <typename Name>
  std::vector<std::pair<std::string, std::vector<const Page*>>> GroupBy(const std::vector<const Page*>& pages,
                                                                        Name name, const std::string& unnamed) const {
    std::map<std::string, std::vector<const Page*>> groups;
    std::vector<const Page*> nameless;
    for (const Page* page : pages) {
      std::string key = name(*page);
      (key.empty() ? nameless : groups[key]).push_back(page);
    }
    Collator collator(site().config.language);
    std::vector<std::pair<std::string, std::vector<const Page*>>> ordered(groups.begin(), groups.end());
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const auto& a, const auto& b) { return collator.Compare(a.first, b.first) < 0; });
    if (!nameless.empty()) ordered.push_back({unnamed, nameless});
    return ordered;
  }

  bool Overdue(const Page& page) const { return page.meta.review_by && *page.meta.review_by < site().today; }

  TemplateValue PageRow(const Page& page) const {
    TemplateValue row;
    row.Set("url", PageUrl(page, "")).Set("title", page.meta.title);
    if (!page.IsPublic()) row.Set("internal", true);
    if (page.meta.review_by) {
      row.Set("review_iso", page.meta.review_by->ToIso())
          .Set("review_words", DateWords(*page.meta.review_by, site().config.language));
    }
    if (Overdue(page)) row.Set("overdue", true);
    if (page.meta.updated) {
      row.Set("updated_iso", page.meta.updated->ToIso())
          .Set("updated_words", DateWords(*page.meta.updated, site().config.language));
    }
    return row;
  }

  // Every page by owner: owners with overdue pages first, and in each
  // owner's list the overdue pages first, the longest overdue at the top.
  TemplateValue ReviewValue(const ChromeText& t) const {
    auto groups = GroupBy(
        HeldPages(), [](const Page& page) { return page.meta.owner; }, t.no_owner);
    auto overdue_count = [&](const std::vector<const Page*>& pages) {
      return std::count_if(pages.begin(), pages.end(), [&](const Page* page) { return Overdue(*page); });
    };
    std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
      return (overdue_count(a.second) > 0) > (overdue_count(b.second) > 0);
    });
    TemplateValue value;
    value.Set("t", ChromeValue(t));
    TemplateValue owners = TemplateValue::List();
    int number = 0, overdue_total = 0, undated_total = 0;
    for (auto& [owner, pages] : groups) {
      std::stable_sort(pages.begin(), pages.end(), [&](const Page* a, const Page* b) {
        if (Overdue(*a) != Overdue(*b)) return Overdue(*a);
        if (a->meta.review_by.has_value() != b->meta.review_by.has_value()) return a->meta.review_by.has_value();
        return a->meta.review_by && *a->meta.review_by < *b->meta.review_by;
      });
      TemplateValue group;
      int overdue = static_cast<int>(overdue_count(pages));
      overdue_total += overdue;
      group.Set("name", owner).Set("id", std::to_string(++number));
      if (overdue > 0) group.Set("overdue_count", std::to_string(overdue));
      TemplateValue rows = TemplateValue::List();
      for (const Page* page : pages) {
        if (!page->meta.review_by) ++undated_total;
        rows.Push(PageRow(*page));
      }
      group.Set("pages", std::move(rows));
      owners.Push(std::move(group));
    }
    value.Set("owners", std::move(owners));
    value.Set("overdue_total", std::to_string(overdue_total)).Set("undated_total", std::to_string(undated_total));
    return value;
  }

  // Every service by department, with its online status and the counts.
  TemplateValue DigitalValue(const ChromeText& t) const {
    std::vector<const Page*> services;
    for (const Page* page : HeldPages()) {
      if (page->meta.service) services.push_back(page);
    }
    Collator collator(site().config.language);
    std::stable_sort(services.begin(), services.end(),
                     [&](const Page* a, const Page* b) { return collator.Compare(a->meta.title, b->meta.title) < 0; });
    auto groups = GroupBy(
        services, [](const Page& page) { return page.meta.service->department; }, t.no_department);
    int counts[3] = {0, 0, 0};
    TemplateValue departments = TemplateValue::List();
    int number = 0;
    for (const auto& [department, pages] : groups) {
      TemplateValue group;
      group.Set("name", department).Set("id", std::to_string(++number));
      TemplateValue rows = TemplateValue::List();
      for (const Page* page : pages) {
        OnlineAvailability online = page->meta.service->online;
        ++counts[static_cast<int>(online)];
        TemplateValue row = PageRow(*page);
        row.Set("status", online == OnlineAvailability::kYes       ? t.online
                          : online == OnlineAvailability::kPartial ? t.partly_online
                                                                   : t.not_online);
        row.Set(online == OnlineAvailability::kYes       ? "is_online"
                : online == OnlineAvailability::kPartial ? "is_partly_online"
                                                         : "is_not_online",
                true);
        rows.Push(std::move(row));
      }
      group.Set("services", std::move(rows));
      departments.Push(std::move(group));
    }
    TemplateValue value;
    value.Set("t", ChromeValue(t));
    value.Set("departments", std::move(departments));
    value.Set("online_count", std::to_string(counts[static_cast<int>(OnlineAvailability::kYes)]));
    value.Set("partly_count", std::to_string(counts[static_cast<int>(OnlineAvailability::kPartial)]));
    value.Set("offline_count", std::to_string(counts[static_cast<int>(OnlineAvailability::kNo)]));
    return value;
  }

  std::vector<std::string> generated_;  // the editorial pages no content page displaces
  std::map<std::string, const Template*> templates_;
};

class IntranetChannel : public HtmlChannel {
 public:
  using HtmlChannel::HtmlChannel;

 protected:
  std::unique_ptr<HtmlSiteBuild> MakeBuild(const Site& site, const SiteFiles& files,
                                           Diagnostics& diagnostics) const override {
    return std::make_unique<IntranetBuild>(config(), site, files, diagnostics);
  }
};

}  // namespace

std::unique_ptr<Channel> MakeIntranetChannel(const std::string& base_path) {
  HtmlSiteConfig config;
  config.base_path = base_path;
  config.channel.name = "intranet";
  config.channel.audience = Audience::kStaff;
  config.channel.takes_assets = true;
  config.channel.writes_aliases = true;
  for (const char* path : {kReviewPath, kDigitalPath}) {
    config.channel.generated.push_back(
        {std::string(path) + "index.html", std::string("the intranet's generated /") + path + " page", path, ""});
  }
  config.base_url = [](const SiteConfig& site) { return site.intranet_url; };
  config.extra_stylesheets = {"assets/intranet.css"};
  config.for_staff = true;
  return std::make_unique<IntranetChannel>(std::move(config));
}

}  // namespace publish
