// The HTML site engine the public website, the intranet and the kiosk are
// configurations of: pages in the site layout, landing-page listings, the
// A to Z, 404, sitemap, alias redirects and structured data, over the
// theme the channel names (falling back to the base theme themes/html/).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "channels/html/chrome_text.h"
#include "channels/html/html_body.h"
#include "libpublish/channel/channel.h"
#include "libpublish/template/template.h"

namespace publish {

// The chrome's words as template values: {{t.skip_link}}, {{t.owner}}...
TemplateValue ChromeValue(const ChromeText& t);

// What one HTML channel is, as data.
struct HtmlSiteConfig {
  // The files the engine writes of its own (theme assets, 404 page, A to
  // Z, sitemap, redirects list) are added to `channel.generated` by
  // HtmlChannel; a channel lists only the pages it adds.
  ChannelInfo channel;
  // The absolute address the channel's site lives at, from site.yaml; ""
  // gives root-relative links and no absolute ones (canonical, sitemap).
  std::function<std::string(const SiteConfig&)> base_url;
  // When set, root-relative addresses start here instead of at base_url's
  // path: a preview server serves the intranet at /intranet/ beside the
  // public site. Absolute addresses (canonical, sitemap) keep base_url.
  std::string base_path;
  // Theme stylesheets linked after the base one (assets/publish.css).
  std::vector<std::string> extra_stylesheets;
  // For staff: a band across the top of every page says the site is
  // internal, each page shows its owner and review date, internal pages
  // are marked, overdue reviews stand out, and search engines are told to
  // keep out.
  bool for_staff = false;
  bool structured_data = false;  // GovernmentService JSON-LD on service pages
  bool sitemap = false;          // sitemap.xml
  bool redirects_file = false;   // _redirects, beside the alias redirect pages
};

// One build of an HTML channel. Pages render from several threads at once.
class HtmlSiteBuild : public ChannelBuild, public HtmlLinkPolicy {
 public:
  HtmlSiteBuild(const HtmlSiteConfig& config, const Site& site, const SiteFiles& files, Diagnostics& diagnostics);
  ~HtmlSiteBuild() override;

  RenderedPage RenderPage(const Page& page, Diagnostics& diagnostics) const override;
  bool Finish(const std::vector<RenderedPage>& pages, const FileWriter& write, Diagnostics& diagnostics) override;

  // HtmlLinkPolicy: root-relative addresses below the channel's base path.
  std::string PageUrl(const Page& target, const std::string& fragment) const override;
  std::string AssetUrl(const std::string& asset_path) const override;

 protected:
  // Pages a channel adds of its own (the intranet's editorial pages), in
  // the layout; called by Finish.
  virtual void RenderExtraPages(std::vector<OutputFile>& out, Diagnostics& diagnostics) const;
  // Links a channel adds to the footer of every page: (address, words).
  virtual std::vector<std::pair<std::string, std::string>> FooterLinks(const ChromeText& t) const;
  // Values a channel's layout needs on every page it writes (the kiosk's
  // idle timer), set on the layout's template values.
  virtual void AddLayoutValues(const std::string& language, TemplateValue& value) const;
  // The absolute address of a path below the channel's site, or "" when
  // the channel has no absolute address.
  std::string AbsoluteUrl(const std::string& path) const;
  const std::string& base_path() const { return base_path_; }
  // `content` (HTML the caller made) inside the site layout; `screen` is
  // what a channel's layout shows of the page besides (the kiosk's Back
  // and Listen), seen by the template as {{screen.*}}.
  std::string Layout(const std::string& language, const std::string& title, const std::string& description,
                     const std::string& canonical, const std::vector<const Page*>& trail, const std::string& content,
                     const std::string& head_extra, Diagnostics& diagnostics,
                     const TemplateValue& screen = TemplateValue(), const Page* page = nullptr) const;
  // The values page.mustache sees for a page, its body rendered with `body`.
  TemplateValue PageValue(const Page& page, const ChromeText& t, const HtmlBodyOptions& body) const;
  HtmlBodyOptions BodyOptions(const ChromeText& t) const;
  // A page of the site from its template values, in the layout.
  RenderedPage RenderPageFrom(const Page& page, const TemplateValue& value, Diagnostics& diagnostics,
                              const TemplateValue& screen = TemplateValue()) const;
  // A template of the channel's theme; nullptr after a diagnostic.
  const Template* ThemeTemplate(const std::string& name, Diagnostics& diagnostics) const;
  bool Holds(const Page& page) const { return site_->Holds(config_.channel.name, page); }
  bool Visible(const Page* page) const { return page != nullptr && Holds(*page); }
  const Site& site() const { return *site_; }
  const std::string& base_url() const { return base_url_; }

 private:
  std::vector<std::string> Stylesheets() const;
  // On a bilingual site: the page's hreflang links (absolute, itself and
  // each counterpart, and x-default) and the language switch, on `value`.
  std::string AlternateLinks(const Page& page) const;
  TemplateValue LanguageSwitch(const Page& page) const;
  TemplateValue ServiceValue(const Page& page, const ServiceInfo& service, const ChromeText& t) const;
  TemplateValue StaffFacts(const Page& page, const ChromeText& t) const;
  std::string ServiceJsonLd(const Page& page) const;
  void RenderAToZ(std::vector<OutputFile>& out, Diagnostics& diagnostics) const;
  void RenderNotFound(std::vector<OutputFile>& out, Diagnostics& diagnostics) const;
  void RenderSitemap(std::vector<OutputFile>& out) const;
  void RenderRedirects(std::vector<OutputFile>& out, Diagnostics& diagnostics) const;

  const HtmlSiteConfig& config_;
  const Site* site_ = nullptr;
  std::string base_url_;   // absolute, ends with '/', or ""
  std::string base_path_;  // its path part, "/" at least
  std::unique_ptr<Theme> theme_;
  std::map<std::string, const Template*> templates_;
  bool has_a_to_z_ = true;
};

// An HTML channel: its configuration, stateless across builds.
class HtmlChannel : public Channel {
 public:
  explicit HtmlChannel(HtmlSiteConfig config);
  const ChannelInfo& Info() const override { return config_.channel; }
  std::unique_ptr<ChannelBuild> Begin(const Site& site, const SiteFiles& files,
                                      Diagnostics& diagnostics) const override;

 protected:
  // The build of this channel; a channel with pages of its own makes its
  // own kind of HtmlSiteBuild.
  virtual std::unique_ptr<HtmlSiteBuild> MakeBuild(const Site& site, const SiteFiles& files,
                                                   Diagnostics& diagnostics) const;
  const HtmlSiteConfig& config() const { return config_; }

 private:
  HtmlSiteConfig config_;
};

}  // namespace publish
