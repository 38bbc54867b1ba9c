#include "cli/serve/preview_router.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "channels/audio/audio_channel.h"
#include "channels/audio/espeak_synthesizer.h"
#include "cli/serve/preview_pages.h"
#include "libpublish/base/json.h"
#include "libpublish/base/paths.h"

namespace publish::cli {
namespace {

constexpr size_t kSpeechCacheSize = 16;

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }
bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string ContentTypeOf(std::string_view path) {
  static const std::map<std::string, std::string, std::less<>> kTypes{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".xml", "application/xml"},
      {".txt", "text/plain; charset=utf-8"},
      {".ssml", "application/ssml+xml"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".pdf", "application/pdf"},
      {".wav", "audio/wav"},
      {".opus", "audio/ogg"},
      {".ogg", "audio/ogg"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
  };
  std::string extension = Extension(FileName(path));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto found = kTypes.find(extension);
  if (found != kTypes.end()) return found->second;
  if (FileName(path) == "_redirects") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

HttpResponse Plain(int status, const std::string& text) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = text + "\n";
  return response;
}

HttpResponse Redirect(const std::string& to) {
  HttpResponse response = Plain(301, "moved to " + to);
  response.headers.emplace_back("Location", PercentEncodePath(to));
  return response;
}

HttpResponse Html(int status, std::string html) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(html);
  return response;
}

// The page URL path a channel file is ("bins/index.txt" -> "bins/").
std::string UrlPathOfChannelFile(std::string path, std::string_view extension) {
  path.resize(path.size() - extension.size());
  if (path == "index") return "";
  if (EndsWith(path, "/index")) return path.substr(0, path.size() - 5);
  return path + "/";
}

// "voice" from the xml:lang of a script's <speak>.
std::string VoiceOfScript(std::string_view ssml) {
  const std::string_view attribute = "xml:lang=\"";
  size_t at = ssml.find(attribute);
  if (at == std::string_view::npos) return VoiceFor("en-GB");
  at += attribute.size();
  size_t end = ssml.find('"', at);
  return VoiceFor(std::string(ssml.substr(at, end == std::string_view::npos ? 0 : end - at)));
}

}  // namespace

std::optional<std::string> RequestPath(const std::string& target) {
  std::string_view raw = target;
  raw = raw.substr(0, raw.find('?'));
  if (raw.empty() || raw.front() != '/') return std::nullopt;
  std::optional<std::string> path = PercentDecode(raw);
  if (!path) return std::nullopt;
  for (const std::string* text : {&target, static_cast<const std::string*>(&*path)}) {
    for (unsigned char c : *text) {
      if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
    }
  }
  size_t start = 1;
  while (start <= path->size()) {
    size_t end = path->find('/', start);
    if (end == std::string::npos) end = path->size();
    std::string_view segment(path->data() + start, end - start);
    if (segment == "." || segment == "..") return std::nullopt;
    start = end + 1;
  }
  return path;
}

PreviewRouter::PreviewRouter(LiveSite& site) : site_(site) {}
PreviewRouter::~PreviewRouter() = default;

HttpResponse PreviewRouter::Respond(const HttpRequest& request) {
  HttpResponse response;
  if (request.method != "GET" && request.method != "HEAD") {
    response = Plain(405, "publish serve answers GET and HEAD only");
    response.headers.emplace_back("Allow", "GET, HEAD");
  } else if (std::optional<std::string> path = RequestPath(request.target); !path) {
    response = Plain(400, "bad request: the address is not a plain path inside the site");
  } else {
    size_t question = request.target.find('?');
    std::string query = question == std::string::npos ? "" : request.target.substr(question + 1);
    std::shared_ptr<const SiteState> state = site_.Current();
    response = StartsWith(*path, kPreviewRoot) ? Preview(*path, query, *state) : Channel(*path, *state);
  }
  // A preview is never cached: the next edit changes it.
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

HttpResponse PreviewRouter::Channel(const std::string& path, const SiteState& state) const {
  std::string channel = "public";
  std::string rest = path.substr(1);
  for (const char* prefix : {kIntranetPath, kKioskPath}) {
    std::string_view bare(prefix, std::string_view(prefix).size() - 1);  // "/intranet"
    if (path == bare) return Redirect(prefix);
    if (StartsWith(path, prefix)) {
      channel = std::string(bare.substr(1));
      rest = path.substr(bare.size() + 1);
    }
  }
  std::string url_path = rest.empty() || rest.back() == '/' ? rest : "";
  if (state.files == nullptr) {
    return Html(503, PreviewPage("No good build yet",
                                 "<p>The site has not built without errors yet. Fix the errors below and save: this "
                                 "page reloads by itself.</p>\n",
                                 state.generation, state.ErrorsFor(url_path), false));
  }
  const PreviewFiles& files = *state.files;
  std::string key = channel + "/" + rest;
  if (rest.empty() || rest.back() == '/') key += "index.html";
  auto found = files.find(key);
  if (found == files.end()) {
    if (files.count(key + "/index.html")) return Redirect(path + "/");
    auto not_found = files.find(channel + "/404.html");
    if (not_found == files.end()) return Plain(404, "not found: " + path);
    return Html(404, WithLiveReload(not_found->second, state.generation, state.site_errors, state.latest_failed));
  }
  HttpResponse response;
  response.content_type = ContentTypeOf(key);
  if (EndsWith(key, ".html")) {
    if (EndsWith(key, "/index.html") || key == channel + "/index.html") {
      url_path = key.substr(channel.size() + 1, key.size() - channel.size() - 1 - std::string("index.html").size());
    }
    response.body = WithLiveReload(found->second, state.generation, state.ErrorsFor(url_path), state.latest_failed);
  } else {
    response.body = found->second;
  }
  return response;
}

HttpResponse PreviewRouter::Preview(const std::string& path, const std::string& query, const SiteState& state) {
  std::string rest = path.substr(kPreviewRoot.size());
  if (rest == "live.js") {
    HttpResponse response;
    response.content_type = "text/javascript; charset=utf-8";
    response.body = kLiveScript;
    return response;
  }
  if (rest == "live.css") {
    HttpResponse response;
    response.content_type = "text/css; charset=utf-8";
    response.body = kLiveStylesheet;
    return response;
  }
  if (rest == "events") return Events(query);
  if (rest == "status") {
    HttpResponse response;
    response.content_type = "application/json";
    Json errors = Json::array();
    for (const auto& [url, page_errors] : state.page_errors) {
      for (const Diagnostic& error : page_errors) errors.push_back(FormatDiagnostic(error));
    }
    for (const Diagnostic& error : state.site_errors) errors.push_back(FormatDiagnostic(error));
    Json status = Json::object();
    status["generation"] = state.generation;
    status["latest_failed"] = state.latest_failed;
    status["errors"] = std::move(errors);
    response.body = JsonText(status) + "\n";
    return response;
  }
  if (StartsWith(rest, "speech/") && EndsWith(rest, ".wav")) {
    return Speech("audio/" + rest.substr(7, rest.size() - 7 - 4) + ".ssml", state);
  }
  if (state.files == nullptr) return Plain(503, "no good build yet");
  const PreviewFiles& files = *state.files;
  if (StartsWith(rest, "raw/text/") || StartsWith(rest, "raw/audio/")) {
    auto found = files.find(rest.substr(4));
    if (found == files.end()) return Plain(404, "not found: " + path);
    HttpResponse response;
    response.content_type = ContentTypeOf(found->first);
    response.body = found->second;
    return response;
  }
  for (std::string channel : {"text", "audio"}) {
    if (rest != channel + "/" && !StartsWith(rest, channel + "/")) continue;
    std::string extension = channel == "text" ? ".txt" : ".ssml";
    std::string file = rest;  // "text/bins/index.txt"
    if (file.back() == '/') {
      std::vector<std::pair<std::string, std::string>> links;
      for (auto it = files.lower_bound(file); it != files.end() && StartsWith(it->first, file); ++it) {
        if (EndsWith(it->first, extension)) links.emplace_back("/.preview/" + it->first, it->first.substr(file.size()));
      }
      std::string intro = "Every file of the " + channel + " channel" + (file == channel + "/" ? "" : " below " + file);
      return Html(200, PreviewPage(channel == "text" ? "Text channel" : "Audio channel", LinkListBody(intro, links),
                                   state.generation, state.site_errors, state.latest_failed));
    }
    auto found = files.find(file);
    if (found == files.end() || !EndsWith(file, extension)) return Plain(404, "not found: " + path);
    std::string url_path = UrlPathOfChannelFile(file.substr(channel.size() + 1), extension);
    std::string body =
        channel == "text"
            ? TextPreviewBody(file, found->second)
            : AudioPreviewBody(file, found->second, "/.preview/speech/" + file.substr(6, file.size() - 6 - 5) + ".wav");
    return Html(200, PreviewPage(file, body, state.generation, state.ErrorsFor(url_path), state.latest_failed));
  }
  if (rest.empty()) {
    return Html(200, PreviewPage("Preview",
                                 LinkListBody("Every channel of the site, rebuilt on each save:",
                                              {{"/", "Public website"},
                                               {kIntranetPath, "Intranet"},
                                               {kKioskPath, "Kiosk"},
                                               {"/.preview/text/", "Text channel"},
                                               {"/.preview/audio/", "Audio channel (SSML, with speech)"}}),
                                 state.generation, state.site_errors, state.latest_failed));
  }
  return Plain(404, "not found: " + path);
}

HttpResponse PreviewRouter::Events(const std::string& query) {
  // From the build the page came from; without one, from now.
  uint64_t since = site_.Current()->generation;
  if (StartsWith(query, "since=")) since = std::strtoull(query.c_str() + 6, nullptr, 10);
  if (!site_.OpenStream()) {
    HttpResponse response = Plain(503, "too many event streams open");
    response.headers.emplace_back("Retry-After", "5");
    return response;
  }
  // The slot is given back when the response goes, whether or not the
  // stream ran (a HEAD request, a client gone before the body).
  std::shared_ptr<LiveSite> slot(&site_, [](LiveSite* site) { site->CloseStream(); });
  HttpResponse response;
  response.content_type = "text/event-stream";
  response.stream = [this, since, slot](const StreamWrite& write) {
    uint64_t seen = since;
    // The browser retries after a second when the stream drops.
    bool open = write("retry: 1000\n\n");
    while (open) {
      uint64_t current = site_.Current()->generation;
      if (current > seen) {
        seen = current;
        open = write("event: reload\ndata: " + std::to_string(current) + "\n\n");
        continue;
      }
      std::optional<uint64_t> next = site_.WaitForBuild(seen, std::chrono::seconds(2));
      if (!next) break;  // the server is stopping
      // A comment now and then finds a client that has gone (the second
      // write after it left fails), so its slot comes back within seconds.
      if (*next == seen) open = write(": still here\n\n");
    }
  };
  return response;
}

HttpResponse PreviewRouter::Speech(const std::string& ssml_path, const SiteState& state) {
  if (state.files == nullptr) return Plain(503, "no good build yet");
  auto found = state.files->find(ssml_path);
  if (found == state.files->end()) return Plain(404, "no script at " + ssml_path);
  const std::string& ssml = found->second;
  if (ssml.size() > kMaxRecordedScriptBytes) return Plain(413, "the script is too long to speak: " + ssml_path);
  std::lock_guard lock(speech_mutex_);
  auto cached = speech_cache_.find(ssml);
  if (cached == speech_cache_.end()) {
    if (synthesizer_ == nullptr && synthesizer_error_.empty()) {
      synthesizer_ = EspeakSynthesizer::Create(synthesizer_error_);
    }
    if (synthesizer_ == nullptr) return Plain(500, "cannot speak: " + synthesizer_error_);
    std::string wav, error;
    if (!synthesizer_->SynthesizeWav(ssml, VoiceOfScript(ssml), wav, error)) {
      return Plain(500, "cannot speak " + ssml_path + ": " + error);
    }
    if (speech_cache_.size() >= kSpeechCacheSize) speech_cache_.erase(speech_cache_.begin());
    cached = speech_cache_.emplace(ssml, std::move(wav)).first;
  }
  HttpResponse response;
  response.content_type = "audio/wav";
  response.body = cached->second;
  return response;
}

}  // namespace publish::cli
