#include "channels/kiosk/kiosk_channel.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "channels/audio/audio_channel.h"
#include "channels/html/html_site.h"
#include "channels/kiosk/qr_code.h"
#include "channels/kiosk/recorder.h"
#include "libpublish/base/check_ids.h"
#include "libpublish/base/parallel.h"
#include "libpublish/base/paths.h"
#include "libpublish/content/service_words.h"

namespace publish {
namespace {

constexpr const char* kName = "kiosk";
constexpr const char* kAskPath = "ask-for-help/";
constexpr const char* kRecordings = "assets/listen/";
// Seconds the idle warning waits for an answer: WCAG 2.2.1 asks for at
// least 20 to extend a time limit.
constexpr int kWarningSeconds = 30;

// `pattern` with its "{}" replaced by `words`.
std::string Fill(const char* pattern, const std::string& words) {
  std::string text = pattern;
  size_t at = text.find("{}");
  if (at != std::string::npos) text.replace(at, 2, words);
  return text;
}

// QR codes as SVG, made once per address and label for the whole build:
// the council's phone number appears on many pages.
class QrCodes {
 public:
  std::string Svg(const std::string& address, const std::string& label, std::string& error) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto key = address + '\n' + label;
    auto found = svgs_.find(key);
    if (found != svgs_.end()) return found->second;
    auto svg = QrCodeSvg(address, label, error);
    if (!svg) return "";
    return svgs_.emplace(key, *svg).first->second;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::string> svgs_;
};

// The addresses one page cannot open (other sites, email, phone, files and
// pages not on the kiosk), each shown once at the foot of the page as a QR
// code, with the address written out and a sentence saying what it is.
class TakeAway {
 public:
  TakeAway(const Page& page, const ChromeText& t, const QrCodes& codes) : page_(page), t_(t), codes_(codes) {}

  // The on-page address of the panel for `address`, added if new. Panel
  // ids hold a dot, which no heading id has.
  std::string Add(const std::string& address, const std::string& shown, const std::string& sentence,
                  Diagnostics& diagnostics) {
    for (const auto& item : items_) {
      if (item.address == address) return "#" + item.id;
    }
    std::string error;
    std::string svg = codes_.Svg(address, Fill(t_.kiosk_qr_label, shown), error);
    if (svg.empty()) {
      diagnostics.Error({page_.source_path},
                        "the address '" + shown + "' cannot be shown on the kiosk as a QR code: " + error +
                            "; shorten it, or leave the page off the kiosk with 'channels:'",
                        checks::kKioskQrCode);
      return "";
    }
    items_.push_back({"take-away." + std::to_string(items_.size() + 1), address, shown, sentence, std::move(svg)});
    return "#" + items_.back().id;
  }

  TemplateValue Value() const {
    TemplateValue list = TemplateValue::List();
    for (const auto& item : items_) {
      TemplateValue value;
      value.Set("id", item.id).Set("shown", item.shown).Set("sentence", item.sentence).Set("svg", item.svg);
      list.Push(std::move(value));
    }
    return list;
  }
  bool empty() const { return items_.empty(); }
  // What the codes hold: the page's links that lead off the kiosk.
  std::vector<std::string> Addresses() const {
    std::vector<std::string> addresses;
    for (const auto& item : items_) addresses.push_back(item.address);
    return addresses;
  }

 private:
  struct Item {
    std::string id;
    std::string address;  // what the code holds
    std::string shown;    // the address as a person writes it down
    std::string sentence;
    std::string svg;
  };
  const Page& page_;
  const ChromeText& t_;
  const QrCodes& codes_;
  std::vector<Item> items_;
};

class KioskBuild : public HtmlSiteBuild {
 public:
  // With a recorder, every page gets its Listen control and recording.
  KioskBuild(const HtmlSiteConfig& config, const Site& site, const SiteFiles& files,
             std::unique_ptr<KioskRecorder> recorder, Diagnostics& diagnostics)
      : HtmlSiteBuild(config, site, files, diagnostics), recorder_(std::move(recorder)) {
    auto taken = site.by_url.find(kAskPath);
    ask_is_a_page_ = taken != site.by_url.end() && Holds(*taken->second);
    ask_template_ = ThemeTemplate("ask-for-help", diagnostics);
  }

  RenderedPage RenderPage(const Page& page, Diagnostics& diagnostics) const override {
    const ChromeText& t = ChromeTextFor(page.language);
    TakeAway take(page, t, codes_);
    // The service panel's ways in, first: they come first on the page.
    TemplateValue kiosk;
    if (page.meta.service) {
      const ServiceInfo& service = *page.meta.service;
      if (service.online != OnlineAvailability::kNo && !service.apply_url.empty()) {
        kiosk.Set("apply", take.Add(service.apply_url, service.apply_url, Fill(t.kiosk_scan_apply, page.meta.title),
                                    diagnostics));
      }
      const ServiceContact& contact = service.contact;
      if (!contact.phone.empty()) {
        kiosk.Set("phone",
                  take.Add(TelUri(contact.phone), contact.phone, Fill(t.kiosk_scan_phone, contact.phone), diagnostics));
      }
      if (!contact.email.empty()) {
        kiosk.Set("email", take.Add("mailto:" + contact.email, contact.email, Fill(t.kiosk_scan_email, contact.email),
                                    diagnostics));
      }
    }
    HtmlBodyOptions body = BodyOptions(t);
    body.external_images = false;  // self-contained: no request leaves the kiosk
    body.divert_link = [&](const PageLink& link, const std::string& words) {
      return Divert(link, words, t, take, diagnostics);
    };
    TemplateValue value = PageValue(page, t, body);
    kiosk.Set("take_away", take.Value()).Set("has_take_away", !take.empty());
    value.Set("kiosk", std::move(kiosk));
    TemplateValue screen;
    if (page.parent != nullptr && Visible(page.parent)) screen.Set("back_url", PageUrl(*page.parent, ""));
    std::string script;
    if (recorder_ != nullptr) {
      script = SpokenScript(site(), page, kName);
      if (script.size() > kMaxRecordedScriptBytes) {
        diagnostics.Warning({page.source_path, 1, 1},
                            "the page is too long to record for the kiosk's Listen control (its spoken script is " +
                                std::to_string(script.size()) + " bytes, at most " +
                                std::to_string(kMaxRecordedScriptBytes) +
                                "), so it has none; split it into several pages",
                            checks::kKioskListenTooLong);
        script.clear();
      } else {
        screen.Set("listen_url", base_path() + kRecordings + recorder_->FileName(script, VoiceFor(page.language)));
      }
    }
    RenderedPage rendered = RenderPageFrom(page, value, diagnostics, screen);
    rendered.kept = std::move(script);
    if (reads_back_contents()) {
      // A QR code is a link too, though no href holds it.
      for (auto& address : take.Addresses()) rendered.contents.links.push_back(std::move(address));
    }
    return rendered;
  }

  // The pages first, then the recordings: each spoken and encoded in a
  // process of its own (KioskRecorder::Record), as many at once as there
  // are cores, each written as soon as it is made.
  bool Finish(const std::vector<RenderedPage>& pages, const FileWriter& write, Diagnostics& diagnostics) override {
    if (!HtmlSiteBuild::Finish(pages, write, diagnostics)) return false;
    if (recorder_ == nullptr) return true;
    struct Recording {
      const Page* page;
      const std::string* script;
      std::string voice;
      std::string name;
    };
    std::vector<Recording> recordings;
    std::set<std::string> names;
    for (const auto& rendered : pages) {
      if (rendered.kept.empty()) continue;
      std::string voice = VoiceFor(rendered.page->language);
      std::string name = recorder_->FileName(rendered.kept, voice);
      if (names.insert(name).second) recordings.push_back({rendered.page, &rendered.kept, voice, name});
    }
    std::atomic<bool> failed{false};
    ParallelFor(recordings.size(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())), [&](size_t i) {
      if (failed) return;
      const Recording& recording = recordings[i];
      std::string opus, error;
      bool from_cache = false;
      if (!recorder_->Record(*recording.script, recording.voice, opus, from_cache, error)) {
        diagnostics.Error({recording.page->source_path}, "cannot record this page for the kiosk: " + error,
                          checks::kAudioSynthesis);
      } else if (!write({kRecordings + recording.name, std::move(opus)})) {
        failed = true;
      }
    });
    if (failed) return false;
    const auto& stats = recorder_->stats();
    if (stats.not_stored > 0) {
      diagnostics.Warning({},
                          std::to_string(stats.not_stored) +
                              " kiosk recordings could not be kept for the next build (" + stats.store_problem +
                              "), so it will record them again",
                          checks::kKioskRecordingCache);
    }
    if (!diagnostics.HasErrors()) recorder_->PruneUnused();
    return true;
  }

 protected:
  void AddLayoutValues(const std::string& language, TemplateValue& value) const override {
    const ChromeText& t = ChromeTextFor(language);
    TemplateValue kiosk;
    kiosk.Set("ask_url", base_path() + kAskPath);
    kiosk.Set("idle_seconds", std::to_string(site().config.kiosk.idle_seconds));
    kiosk.Set("warning_seconds", std::to_string(kWarningSeconds));
    std::string body = EscapeHtml(t.kiosk_idle_body);
    size_t at = body.find("{}");
    if (at != std::string::npos) {
      body.replace(at, 2, "<span class=\"kiosk-idle__seconds\">" + std::to_string(kWarningSeconds) + "</span>");
    }
    kiosk.Set("idle_body", body);
    value.Set("kiosk", std::move(kiosk));
  }

  void RenderExtraPages(std::vector<OutputFile>& out, Diagnostics& diagnostics) const override {
    if (ask_is_a_page_ || ask_template_ == nullptr) return;
    const std::string& language = site().config.language;
    const ChromeText& t = ChromeTextFor(language);
    TemplateValue value;
    value.Set("title", t.kiosk_ask_staff).Set("summary", t.kiosk_ask_summary).Set("t", ChromeValue(t));
    std::string content;
    if (!ask_template_->Render(value, content, diagnostics)) return;
    std::vector<const Page*> trail;
    if (site().home != nullptr) trail.push_back(site().home);
    out.push_back({std::string(kAskPath) + "index.html",
                   Layout(language, t.kiosk_ask_staff, t.kiosk_ask_summary, "", trail, content, "", diagnostics)});
  }

 private:
  // Where a link the kiosk cannot follow goes instead: its QR panel.
  std::string Divert(const PageLink& link, const std::string& words, const ChromeText& t, TakeAway& take,
                     Diagnostics& diagnostics) const {
    const std::string& public_site = site().config.base_url;
    switch (link.kind) {
      case PageLink::Kind::kPage: {
        if (Holds(*link.target)) return "";
        std::string url = public_site + PercentEncodePath(link.target->url_path);
        if (!link.fragment.empty()) url += "#" + PercentEncodePath(link.fragment);
        return take.Add(url, url, Fill(t.kiosk_scan_page, link.target->meta.title), diagnostics);
      }
      case PageLink::Kind::kAsset: {
        std::string url = public_site + PercentEncodePath(link.asset_path) + PercentEncodeUrl(link.asset_suffix);
        return take.Add(url, url, Fill(t.kiosk_scan_download, words.empty() ? FileName(link.asset_path) : words),
                        diagnostics);
      }
      case PageLink::Kind::kExternal: {
        std::string url = PercentEncodeUrl(link.destination);
        return take.Add(url, link.destination, Fill(t.kiosk_scan_site, words.empty() ? link.destination : words),
                        diagnostics);
      }
      case PageLink::Kind::kMailto: {
        std::string address = link.destination.substr(7);
        address = PercentDecode(address.substr(0, address.find('?'))).value_or(address);
        return take.Add(link.destination, address, Fill(t.kiosk_scan_email, address), diagnostics);
      }
      case PageLink::Kind::kTel: {
        std::string number = words.empty() ? link.destination.substr(4) : words;
        return take.Add(link.destination, number, Fill(t.kiosk_scan_phone, number), diagnostics);
      }
      case PageLink::Kind::kUnresolved:
        return "";
    }
    return "";
  }

  std::unique_ptr<KioskRecorder> recorder_;
  QrCodes codes_;
  bool ask_is_a_page_ = false;
  const Template* ask_template_ = nullptr;
};

class KioskChannel : public HtmlChannel {
 public:
  KioskChannel(HtmlSiteConfig config, const KioskOptions& options)
      : HtmlChannel(std::move(config)), options_(options) {}

 protected:
  std::unique_ptr<HtmlSiteBuild> MakeBuild(const Site& site, const SiteFiles& files,
                                           Diagnostics& diagnostics) const override {
    std::unique_ptr<KioskRecorder> recorder;
    if (options_.record) {
      std::string error;
      recorder = KioskRecorder::Create(options_.recordings_cache, error);
      if (!recorder) {
        diagnostics.Error({kSiteConfigFile}, "cannot record the kiosk's Listen control: " + error,
                          checks::kAudioSynthesis);
        return nullptr;
      }
    }
    return std::make_unique<KioskBuild>(config(), site, files, std::move(recorder), diagnostics);
  }

 private:
  KioskOptions options_;
};

}  // namespace

std::unique_ptr<Channel> MakeKioskChannel(const KioskOptions& options) {
  HtmlSiteConfig config;
  config.channel.name = kName;
  config.channel.audience = Audience::kPublic;
  config.channel.takes_assets = true;
  config.channel.self_contained = true;
  config.channel.sections = [](const SiteConfig& site) -> std::optional<std::vector<std::string>> {
    if (!site.kiosk.sections_given) return std::nullopt;
    std::vector<std::string> sections;
    for (const auto& section : site.kiosk.sections) sections.push_back(section.value);
    return sections;
  };
  config.channel.generated.push_back(
      {std::string(kAskPath) + "index.html", "the kiosk's generated /ask-for-help/ page", kAskPath, ""});
  // A kiosk has no address on the web: links stay below its own root.
  config.base_url = [](const SiteConfig&) { return std::string(); };
  config.base_path = options.base_path;
  config.extra_stylesheets = {"assets/kiosk.css"};
  return std::make_unique<KioskChannel>(std::move(config), options);
}

}  // namespace publish
