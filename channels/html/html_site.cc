#include "channels/html/html_site.h"

#include <map>
#include <optional>

#include "channels/html/chrome_text.h"
#include "channels/html/html_body.h"
#include "libpublish/base/check_ids.h"
#include "libpublish/base/json.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"
#include "libpublish/content/service_words.h"
#include "libpublish/links/link_resolver.h"
#include "libpublish/template/template.h"

namespace publish {
namespace {

constexpr const char* kAToZPath = "a-to-z/";
constexpr const char* kStylesheet = "assets/publish.css";

}  // namespace

TemplateValue ChromeValue(const ChromeText& t) {
  TemplateValue value;
  value.Set("home", t.home)
      .Set("skip_link", t.skip_link)
      .Set("breadcrumb_label", t.breadcrumb_label)
      .Set("help", t.help);
  value.Set("accessibility", t.accessibility).Set("a_to_z", t.a_to_z).Set("start_now", t.start_now);
  value.Set("other_ways", t.other_ways).Set("cost", t.cost).Set("who_can_use", t.who_can_use);
  value.Set("department", t.department).Set("contact", t.contact).Set("phone", t.phone).Set("email", t.email);
  value.Set("address", t.address).Set("opening_hours", t.opening_hours).Set("related_services", t.related_services);
  value.Set("published", t.published).Set("last_updated", t.last_updated).Set("not_found_body", t.not_found_body);
  value.Set("moved_body", t.moved_body).Set("footer_label", t.footer_label);
  value.Set("internal_page", t.internal_page).Set("page_facts", t.page_facts).Set("owner", t.owner);
  value.Set("review_by", t.review_by).Set("review_overdue", t.review_overdue).Set("page", t.page);
  value.Set("updated", t.last_updated_short).Set("service", t.service).Set("online", t.online);
  value.Set("no_review_date", t.no_review_date).Set("partly_online", t.partly_online);
  value.Set("not_online", t.not_online);
  value.Set("kiosk_controls", t.kiosk_controls).Set("kiosk_back", t.kiosk_back);
  value.Set("kiosk_ask_staff", t.kiosk_ask_staff).Set("kiosk_ask_summary", t.kiosk_ask_summary);
  value.Set("kiosk_ask_body", t.kiosk_ask_body).Set("kiosk_listen", t.kiosk_listen).Set("kiosk_stop", t.kiosk_stop);
  value.Set("kiosk_quieter", t.kiosk_quieter).Set("kiosk_louder", t.kiosk_louder);
  value.Set("kiosk_larger_text", t.kiosk_larger_text).Set("kiosk_high_contrast", t.kiosk_high_contrast);
  value.Set("kiosk_take_away", t.kiosk_take_away).Set("kiosk_take_away_intro", t.kiosk_take_away_intro);
  value.Set("kiosk_idle_title", t.kiosk_idle_title).Set("kiosk_more_time", t.kiosk_more_time);
  return value;
}

namespace {

std::string DateWords(const Date& date, const std::string& language) {
  return LongDate(date.year, date.month, date.day, language);
}

}  // namespace

HtmlSiteBuild::HtmlSiteBuild(const HtmlSiteConfig& config, const Site& site, const SiteFiles& files,
                             Diagnostics& diagnostics)
    : config_(config), site_(&site) {
  const std::string& name = config.channel.name;
  base_url_ = config.base_url(site.config);
  auto path = base_url_.empty() ? std::nullopt : UrlPath(base_url_);
  base_path_ = !config.base_path.empty() ? config.base_path : path ? *path : "/";
  std::vector<std::string> paths(site.files.begin(), site.files.end());
  theme_ = std::make_unique<Theme>(name, "html", files, paths, Escaping::kHtml, diagnostics);
  for (const char* template_name : {"layout", "page", "a-to-z", "not-found", "redirect"}) {
    templates_[template_name] = theme_->Get(template_name, diagnostics);
  }
  for (const auto& stylesheet : Stylesheets()) {
    if (theme_->assets().count(stylesheet) == 0) {
      diagnostics.Error({"themes/" + name + "/" + stylesheet},
                        "the " + name + " theme has no stylesheet '" + stylesheet + "'", checks::kTemplateMissing);
    }
  }
  has_a_to_z_ = site.by_url.count(kAToZPath) == 0;
  if (!has_a_to_z_) {
    diagnostics.Warning({site.by_url.at(kAToZPath)->source_path},
                        "this page takes the address /a-to-z/, so the generated A to Z of services is left out",
                        checks::kAToZReplaced);
  }
}

HtmlSiteBuild::~HtmlSiteBuild() = default;

std::vector<std::string> HtmlSiteBuild::Stylesheets() const {
  std::vector<std::string> stylesheets{kStylesheet};
  stylesheets.insert(stylesheets.end(), config_.extra_stylesheets.begin(), config_.extra_stylesheets.end());
  return stylesheets;
}

// HtmlLinkPolicy: root-relative addresses below the site's base path for
// the pages this channel holds; any other page at its public address (the
// link checks have made sure the public site holds it).
std::string HtmlSiteBuild::PageUrl(const Page& target, const std::string& fragment) const {
  bool held = site_->Holds(config_.channel.name, target);
  std::string url = (held ? base_path_ : site_->config.base_url) + PercentEncodePath(target.url_path);
  return fragment.empty() ? url : url + "#" + PercentEncodePath(fragment);
}

std::string HtmlSiteBuild::AssetUrl(const std::string& asset_path) const {
  return base_path_ + PercentEncodePath(asset_path);
}

RenderedPage HtmlSiteBuild::RenderPage(const Page& page, Diagnostics& diagnostics) const {
  const ChromeText& t = ChromeTextFor(page.language);
  return RenderPageFrom(page, PageValue(page, t, BodyOptions(t)), diagnostics);
}

RenderedPage HtmlSiteBuild::RenderPageFrom(const Page& page, const TemplateValue& value, Diagnostics& diagnostics,
                                           const TemplateValue& screen) const {
  RenderedPage rendered{&page, {}, {}, {}};
  std::string content;
  if (!templates_.at("page")->Render(value, content, diagnostics)) return rendered;
  std::string head_extra;
  if (page.meta.service && config_.structured_data) head_extra = ServiceJsonLd(page);
  std::string html = Layout(page.language, page.meta.title, page.meta.summary, AbsoluteUrl(page.url_path),
                            site_->Breadcrumbs(page), content, head_extra, diagnostics, screen, &page);
  if (reads_back_contents()) rendered.contents = ReadRenderedMarkup(html, MarkupKind::kHtmlPage);
  rendered.files.push_back({page.url_path + "index.html", std::move(html)});
  return rendered;
}

bool HtmlSiteBuild::Finish(const std::vector<RenderedPage>&, const FileWriter& write, Diagnostics& diagnostics) {
  std::vector<OutputFile> out;
  for (const auto& [name, contents] : theme_->assets()) out.push_back({name, contents});
  if (has_a_to_z_) RenderAToZ(out, diagnostics);
  RenderNotFound(out, diagnostics);
  if (config_.sitemap) RenderSitemap(out);
  if (config_.channel.writes_aliases) RenderRedirects(out, diagnostics);
  RenderExtraPages(out, diagnostics);
  for (auto& file : out) {
    if (!write(file)) return false;
  }
  return true;
}

std::string HtmlSiteBuild::Layout(const std::string& language, const std::string& title, const std::string& description,
                                  const std::string& canonical, const std::vector<const Page*>& trail,
                                  const std::string& content, const std::string& head_extra, Diagnostics& diagnostics,
                                  const TemplateValue& screen, const Page* page) const {
  const ChromeText& t = ChromeTextFor(language);
  const std::string& site_title = site_->config.title;
  TemplateValue value;
  value.Set("lang", language).Set("title", title).Set("site_title", site_title);
  value.Set("document_title", title == site_title ? site_title : title + " – " + site_title);
  if (!description.empty()) value.Set("description", description);
  if (!canonical.empty()) value.Set("canonical", canonical);
  TemplateValue stylesheets = TemplateValue::List();
  for (const auto& stylesheet : Stylesheets()) stylesheets.Push(TemplateValue(base_path_ + stylesheet));
  value.Set("stylesheets", std::move(stylesheets));
  std::string head = head_extra;
  if (page != nullptr) {
    std::string alternates = AlternateLinks(*page);
    if (!alternates.empty()) head = alternates + (head.empty() ? "" : "\n") + head;
    TemplateValue languages = LanguageSwitch(*page);
    value.Set("languages", languages).Set("has_languages", !page->translations.empty());
  }
  if (config_.for_staff) {
    value.Set("band", t.staff_band);
    if (head.find("name=\"robots\"") == std::string::npos) {
      head = "<meta name=\"robots\" content=\"noindex, nofollow\">" + std::string(head.empty() ? "" : "\n") + head;
    }
  }
  const Page* home = site_->HomeFor(language);
  value.Set("home_url", Visible(home) && home != site_->home ? PageUrl(*home, "") : base_path_);
  value.Set("head_extra", head);
  value.Set("content", content);
  value.Set("t", ChromeValue(t));
  TemplateValue crumbs = TemplateValue::List();
  bool any = false;
  for (const Page* crumb : trail) {
    if (!Visible(crumb)) continue;
    TemplateValue item;
    item.Set("url", PageUrl(*crumb, "")).Set("title", site_->IsHome(*crumb) ? std::string(t.home) : crumb->meta.title);
    crumbs.Push(std::move(item));
    any = true;
  }
  value.Set("breadcrumbs", std::move(crumbs)).Set("has_breadcrumbs", any);
  if (Visible(site_->help_page)) value.Set("help_url", PageUrl(*site_->help_page, ""));
  if (Visible(site_->accessibility_page)) value.Set("accessibility_url", PageUrl(*site_->accessibility_page, ""));
  if (has_a_to_z_) value.Set("a_to_z_url", base_path_ + kAToZPath);
  TemplateValue footer_links = TemplateValue::List();
  for (const auto& [url, link_title] : FooterLinks(t)) {
    TemplateValue link;
    link.Set("url", url).Set("title", link_title);
    footer_links.Push(std::move(link));
  }
  value.Set("footer_links", std::move(footer_links));
  value.Set("screen", screen);
  AddLayoutValues(language, value);
  std::string html;
  templates_.at("layout")->Render(value, html, diagnostics);
  return html;
}

std::string HtmlSiteBuild::AlternateLinks(const Page& page) const {
  if (base_url_.empty() || page.translations.empty()) return "";
  std::vector<const Page*> versions{&page};
  for (const Page* other : page.translations) {
    if (Visible(other)) versions.push_back(other);
  }
  if (versions.size() < 2) return "";
  std::stable_sort(versions.begin(), versions.end(), [&](const Page* a, const Page* b) {
    auto order = [&](const Page* p) {
      const auto& languages = site_->config.languages;
      for (size_t i = 0; i < languages.size(); ++i) {
        if (languages[i].tag == p->language) return i;
      }
      return languages.size();
    };
    return order(a) < order(b);
  });
  std::string links;
  const Page* fallback = nullptr;
  for (const Page* version : versions) {
    if (version->language == site_->config.language) fallback = version;
    links += "<link rel=\"alternate\" hreflang=\"" + EscapeHtml(version->language) + "\" href=\"" +
             EscapeHtml(AbsoluteUrl(version->url_path)) + "\">\n";
  }
  if (fallback != nullptr) {
    links +=
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"" + EscapeHtml(AbsoluteUrl(fallback->url_path)) + "\">";
  }
  if (!links.empty() && links.back() == '\n') links.pop_back();
  return links;
}

TemplateValue HtmlSiteBuild::LanguageSwitch(const Page& page) const {
  TemplateValue list = TemplateValue::List();
  for (const Page* other : page.translations) {
    if (!Visible(other)) continue;
    TemplateValue item;
    item.Set("url", PageUrl(*other, ""))
        .Set("lang", other->language)
        .Set("name", LanguageNameInItself(other->language));
    list.Push(item);
  }
  return list;
}

HtmlBodyOptions HtmlSiteBuild::BodyOptions(const ChromeText& t) const {
  HtmlBodyOptions options;
  options.external_link_note = t.external_link;
  options.task_done = t.task_done;
  options.task_to_do = t.task_to_do;
  return options;
}

TemplateValue HtmlSiteBuild::PageValue(const Page& page, const ChromeText& t, const HtmlBodyOptions& body) const {
  TemplateValue value;
  value.Set("title", page.meta.title).Set("t", ChromeValue(t));
  if (!page.meta.summary.empty()) value.Set("summary", page.meta.summary);
  if (page.meta.type == PageType::kNews && page.meta.date) {
    value.Set("is_news", true)
        .Set("date_iso", page.meta.date->ToIso())
        .Set("date_words", DateWords(*page.meta.date, page.language));
  }
  if (page.meta.updated) {
    value.Set("updated_iso", page.meta.updated->ToIso())
        .Set("updated_words", DateWords(*page.meta.updated, page.language));
  }
  value.Set("body", RenderHtmlBody(page, *this, body));
  if (page.meta.service) value.Set("service", ServiceValue(page, *page.meta.service, t));
  if (config_.for_staff) value.Set("staff", StaffFacts(page, t));
  // Landing pages list what they hold; the home page lists the sections.
  if (page.is_section_index) {
    TemplateValue children = TemplateValue::List();
    bool any = false;
    for (const Page* child : page.children) {
      if (!Visible(child)) continue;
      TemplateValue item;
      item.Set("url", PageUrl(*child, "")).Set("title", child->meta.title);
      if (!child->meta.summary.empty()) item.Set("summary", child->meta.summary);
      children.Push(std::move(item));
      any = true;
    }
    value.Set("children", std::move(children)).Set("has_children", any);
    value.Set("children_heading", &page == site_->home ? t.sections : t.in_this_section);
  }
  return value;
}

TemplateValue HtmlSiteBuild::StaffFacts(const Page& page, const ChromeText& t) const {
  TemplateValue facts;
  facts.Set("owner", page.meta.owner.empty() ? std::string(t.no_owner) : page.meta.owner);
  if (!page.IsPublic()) facts.Set("internal", true);
  if (page.meta.review_by) {
    facts.Set("review_iso", page.meta.review_by->ToIso());
    facts.Set("review_words", DateWords(*page.meta.review_by, page.language));
    if (*page.meta.review_by < site_->today) facts.Set("overdue", true);
  } else {
    facts.Set("review_words", t.no_review_date);
  }
  return facts;
}

TemplateValue HtmlSiteBuild::ServiceValue(const Page& page, const ServiceInfo& service, const ChromeText& t) const {
  TemplateValue value;
  bool can_start = service.online != OnlineAvailability::kNo && !service.apply_url.empty();
  value.Set("can_start", can_start);
  value.Set("online_statement", service.online == OnlineAvailability::kYes       ? t.online_yes
                                : service.online == OnlineAvailability::kPartial ? t.online_partial
                                                                                 : t.online_no);
  if (can_start) value.Set("apply_url", service.apply_url);
  if (!service.cost.empty()) value.Set("cost", service.cost);
  if (!service.department.empty()) value.Set("department", service.department);
  TemplateValue eligibility = TemplateValue::List();
  for (const auto& item : service.eligibility) eligibility.Push(TemplateValue(item));
  value.Set("eligibility", std::move(eligibility)).Set("has_eligibility", !service.eligibility.empty());
  value.Set("has_summary", !service.cost.empty() || !service.eligibility.empty() || !service.department.empty());
  const auto& contact = service.contact;
  if (!contact.phone.empty()) value.Set("phone", contact.phone).Set("tel", TelUri(contact.phone));
  if (!contact.email.empty()) value.Set("email", contact.email);
  if (!contact.address.empty()) value.Set("address", contact.address);
  TemplateValue hours = TemplateValue::List();
  for (const auto& line : service.hours) hours.Push(TemplateValue(HoursInWords(line, page.language)));
  value.Set("hours", std::move(hours)).Set("has_hours", !service.hours.empty());
  value.Set("has_contact",
            !contact.phone.empty() || !contact.email.empty() || !contact.address.empty() || !service.hours.empty());
  TemplateValue related = TemplateValue::List();
  bool any_related = false;
  for (const Page* target : page.related) {
    if (!Visible(target)) continue;
    TemplateValue item;
    item.Set("url", PageUrl(*target, "")).Set("title", target->meta.title);
    related.Push(std::move(item));
    any_related = true;
  }
  value.Set("related", std::move(related)).Set("has_related", any_related);
  return value;
}

std::string HtmlSiteBuild::ServiceJsonLd(const Page& page) const {
  const ServiceInfo& service = *page.meta.service;
  const std::string& base = base_url_;
  auto organization = [](const std::string& name) { return Json{{"@type", "GovernmentOrganization"}, {"name", name}}; };
  Json json{{"@context", "https://schema.org"}, {"@type", "GovernmentService"}, {"name", page.meta.title}};
  if (!page.meta.summary.empty()) json["description"] = page.meta.summary;
  json["url"] = base + PercentEncodePath(page.url_path);
  json["inLanguage"] = page.language;
  json["provider"] = organization(site_->config.title);
  json["provider"]["url"] = base;
  if (!service.department.empty()) json["serviceOperator"] = organization(service.department);
  if (!service.eligibility.empty()) {
    std::string audience;
    for (const auto& item : service.eligibility) audience += (audience.empty() ? "" : "; ") + item;
    json["audience"] = {{"@type", "Audience"}, {"audienceType", audience}};
  }
  Json channels = Json::array();
  auto channel = [](const char* name) { return Json{{"@type", "ServiceChannel"}, {"name", name}}; };
  if (!service.apply_url.empty() && service.online != OnlineAvailability::kNo) {
    Json online = channel("Online");
    online["serviceUrl"] = service.apply_url;
    channels.push_back(std::move(online));
  }
  const auto& contact = service.contact;
  if (!contact.phone.empty() || !contact.email.empty()) {
    Json point{{"@type", "ContactPoint"}};
    if (!contact.phone.empty()) point["telephone"] = contact.phone;
    if (!contact.email.empty()) point["email"] = contact.email;
    if (!service.hours.empty()) {
      Json hours = Json::array();
      for (const auto& line : service.hours) {
        Json days = Json::array();
        for (int day : line.days) days.push_back("https://schema.org/" + EnglishDayName(day));
        char opens[8], closes[8];
        std::snprintf(opens, sizeof opens, "%02d:%02d", line.opens.hour, line.opens.minute);
        std::snprintf(closes, sizeof closes, "%02d:%02d", line.closes.hour, line.closes.minute);
        hours.push_back(
            {{"@type", "OpeningHoursSpecification"}, {"dayOfWeek", days}, {"opens", opens}, {"closes", closes}});
      }
      point["hoursAvailable"] = std::move(hours);
    }
    Json phone = channel("Phone and email");
    phone["servicePhone"] = std::move(point);
    channels.push_back(std::move(phone));
  }
  if (!contact.address.empty()) {
    Json in_person = channel("In person");
    in_person["servicePostalAddress"] = {{"@type", "PostalAddress"}, {"streetAddress", contact.address}};
    channels.push_back(std::move(in_person));
  }
  json["availableChannel"] = std::move(channels);
  if (service.cost == "Free" || service.cost == "free") {
    json["offers"] = {{"@type", "Offer"}, {"price", 0}, {"priceCurrency", "GBP"}};
  }
  Json related = Json::array();
  for (const Page* target : page.related) {
    if (!Visible(target)) continue;
    related.push_back(
        {{"@type", "Service"}, {"name", target->meta.title}, {"url", base + PercentEncodePath(target->url_path)}});
  }
  if (!related.empty()) json["isRelatedTo"] = std::move(related);
  // JsonText escapes '<', so no string can close the script element.
  return "<script type=\"application/ld+json\">" + JsonText(json) + "</script>";
}

void HtmlSiteBuild::RenderAToZ(std::vector<OutputFile>& out, Diagnostics& diagnostics) const {
  const std::string& language = site_->config.language;
  const ChromeText& t = ChromeTextFor(language);
  AlphabeticIndex index(language);
  Collator collator(language);
  std::vector<const Page*> services;
  for (const auto& page : site_->pages) {
    if (page->meta.type == PageType::kService && Holds(*page)) services.push_back(page.get());
  }
  std::stable_sort(services.begin(), services.end(),
                   [&](const Page* a, const Page* b) { return collator.Compare(a->meta.title, b->meta.title) < 0; });
  std::vector<std::pair<std::string, std::vector<const Page*>>> letters;
  for (const Page* page : services) {
    std::string label = index.LabelFor(page->meta.title);
    if (letters.empty() || letters.back().first != label) letters.push_back({label, {}});
    letters.back().second.push_back(page);
  }
  TemplateValue value;
  value.Set("title", t.a_to_z_title).Set("summary", t.a_to_z_summary);
  TemplateValue letter_list = TemplateValue::List();
  int number = 0;
  for (const auto& [label, pages] : letters) {
    TemplateValue letter;
    letter.Set("label", label).Set("id", std::to_string(++number));
    TemplateValue items = TemplateValue::List();
    for (const Page* page : pages) {
      TemplateValue item;
      item.Set("url", PageUrl(*page, "")).Set("title", page->meta.title);
      if (!page->meta.summary.empty()) item.Set("summary", page->meta.summary);
      items.Push(std::move(item));
    }
    letter.Set("pages", std::move(items));
    letter_list.Push(std::move(letter));
  }
  value.Set("letters", std::move(letter_list));
  std::string content;
  if (!templates_.at("a-to-z")->Render(value, content, diagnostics)) return;
  std::vector<const Page*> trail;
  if (site_->home != nullptr) trail.push_back(site_->home);
  out.push_back(
      {std::string(kAToZPath) + "index.html",
       Layout(language, t.a_to_z_title, t.a_to_z_summary, AbsoluteUrl(kAToZPath), trail, content, "", diagnostics)});
}

void HtmlSiteBuild::RenderNotFound(std::vector<OutputFile>& out, Diagnostics& diagnostics) const {
  const std::string& language = site_->config.language;
  const ChromeText& t = ChromeTextFor(language);
  TemplateValue value;
  value.Set("title", t.not_found_title).Set("summary", t.not_found_summary).Set("t", ChromeValue(t));
  value.Set("home_url", base_path_).Set("site_title", site_->config.title);
  if (has_a_to_z_) value.Set("a_to_z_url", base_path_ + kAToZPath);
  std::string content;
  if (!templates_.at("not-found")->Render(value, content, diagnostics)) return;
  out.push_back({"404.html", Layout(language, t.not_found_title, "", "", {}, content, "", diagnostics)});
}

void HtmlSiteBuild::RenderSitemap(std::vector<OutputFile>& out) const {
  bool bilingual = site_->config.languages.size() > 1;
  std::string xml =
      std::string(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"") +
      (bilingual ? " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"" : "") + ">\n";
  auto add = [&](const std::string& url, const std::optional<Date>& modified, const Page* page) {
    xml += "<url><loc>" + EscapeXml(url) + "</loc>";
    if (modified) xml += "<lastmod>" + modified->ToIso() + "</lastmod>";
    // Each version lists every version, itself included, as Google asks.
    if (page != nullptr && !page->translations.empty()) {
      std::vector<const Page*> versions{page};
      for (const Page* other : page->translations) {
        if (Holds(*other)) versions.push_back(other);
      }
      if (versions.size() > 1) {
        for (const Page* version : versions) {
          xml += "<xhtml:link rel=\"alternate\" hreflang=\"" + EscapeXml(version->language) + "\" href=\"" +
                 EscapeXml(base_url_ + PercentEncodePath(version->url_path)) + "\"/>";
        }
      }
    }
    xml += "</url>\n";
  };
  for (const auto& page : site_->pages) {
    if (!Holds(*page)) continue;
    add(base_url_ + PercentEncodePath(page->url_path), page->meta.updated ? page->meta.updated : page->meta.date,
        page.get());
  }
  if (has_a_to_z_) add(base_url_ + kAToZPath, std::nullopt, nullptr);
  xml += "</urlset>\n";
  out.push_back({"sitemap.xml", std::move(xml)});
}

void HtmlSiteBuild::RenderRedirects(std::vector<OutputFile>& out, Diagnostics& diagnostics) const {
  std::string redirects;
  for (const auto& page : site_->pages) {
    if (!Holds(*page)) continue;
    for (const auto& alias : page->meta.aliases) {
      auto path = NormalizeAlias(alias.value);
      if (!path) continue;
      std::string target = PageUrl(*page, "");
      std::string from = base_path_ + path->substr(1);
      redirects += PercentEncodePath(from) + " " + target + " 301\n";
      std::string file = AliasOutputFile(*path);
      const ChromeText& t = ChromeTextFor(page->language);
      TemplateValue value;
      value.Set("title", t.moved_title).Set("t", ChromeValue(t));
      value.Set("target_url", target).Set("target_title", page->meta.title);
      std::string content;
      if (!templates_.at("redirect")->Render(value, content, diagnostics)) continue;
      std::string head = "<meta http-equiv=\"refresh\" content=\"0; url=" + EscapeHtml(target) +
                         "\">\n"
                         "<meta name=\"robots\" content=\"noindex\">";
      out.push_back({file, Layout(page->language, t.moved_title, "", AbsoluteUrl(page->url_path), {}, content, head,
                                  diagnostics)});
    }
  }
  if (config_.redirects_file) out.push_back({"_redirects", std::move(redirects)});
}

void HtmlSiteBuild::RenderExtraPages(std::vector<OutputFile>&, Diagnostics&) const {}

void HtmlSiteBuild::AddLayoutValues(const std::string&, TemplateValue&) const {}

std::vector<std::pair<std::string, std::string>> HtmlSiteBuild::FooterLinks(const ChromeText&) const { return {}; }

std::string HtmlSiteBuild::AbsoluteUrl(const std::string& path) const {
  return base_url_.empty() ? "" : base_url_ + PercentEncodePath(path);
}

const Template* HtmlSiteBuild::ThemeTemplate(const std::string& name, Diagnostics& diagnostics) const {
  return theme_->Get(name, diagnostics);
}

HtmlChannel::HtmlChannel(HtmlSiteConfig config) : config_(std::move(config)) {
  // page.mustache writes id="contact" on a service page with contact details.
  config_.channel.furniture_ids = [](const Page& page) {
    std::vector<std::string> ids;
    if (!page.meta.service) return ids;
    const auto& service = *page.meta.service;
    const auto& contact = service.contact;
    if (!contact.phone.empty() || !contact.email.empty() || !contact.address.empty() || !service.hours.empty()) {
      ids.push_back("contact");
    }
    return ids;
  };
  const std::string& name = config_.channel.name;
  auto& generated = config_.channel.generated;
  for (const auto& asset : BuiltinThemeAssets(name, "html")) {
    generated.push_back({asset, "the theme's own " + asset, "", "themes/" + name + "/" + asset});
  }
  generated.push_back({"404.html", "the generated not-found page", "", ""});
  generated.push_back({std::string(kAToZPath) + "index.html", "the generated A to Z of services", kAToZPath, ""});
  if (config_.sitemap) generated.push_back({"sitemap.xml", "the generated sitemap", "", ""});
  if (config_.redirects_file) generated.push_back({"_redirects", "the generated list of redirects", "", ""});
}

std::unique_ptr<ChannelBuild> HtmlChannel::Begin(const Site& site, const SiteFiles& files,
                                                 Diagnostics& diagnostics) const {
  int errors_before = diagnostics.ErrorCount();
  auto build = MakeBuild(site, files, diagnostics);
  if (diagnostics.ErrorCount() != errors_before) return nullptr;
  return build;
}

std::unique_ptr<HtmlSiteBuild> HtmlChannel::MakeBuild(const Site& site, const SiteFiles& files,
                                                      Diagnostics& diagnostics) const {
  return std::make_unique<HtmlSiteBuild>(config_, site, files, diagnostics);
}

}  // namespace publish
