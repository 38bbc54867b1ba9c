// Answers the preview server's requests from memory: the channels' output
// (public at /, /intranet/, /kiosk/), the previews under /.preview/, the
// reload events and speech on demand. Nothing a request names is ever
// looked up on disk.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "cli/serve/http_server.h"
#include "cli/serve/live_site.h"

namespace publish {
class EspeakSynthesizer;
}

namespace publish::cli {

// The decoded path of a request target ("/bins/collection-days/"), or
// nullopt when it is no plain path inside the site: not starting with '/',
// a "." or ".." segment, a backslash, NUL or another control character, or
// a malformed %XX escape (each checked after decoding too).
std::optional<std::string> RequestPath(const std::string& target);

class PreviewRouter {
 public:
  explicit PreviewRouter(LiveSite& site);
  ~PreviewRouter();
  PreviewRouter(const PreviewRouter&) = delete;
  PreviewRouter& operator=(const PreviewRouter&) = delete;

  HttpResponse Respond(const HttpRequest& request);

 private:
  HttpResponse Preview(const std::string& path, const std::string& query, const SiteState& state);
  HttpResponse Channel(const std::string& path, const SiteState& state) const;
  HttpResponse Events(const std::string& query);
  HttpResponse Speech(const std::string& ssml_path, const SiteState& state);

  LiveSite& site_;
  std::mutex speech_mutex_;  // espeak-ng speaks one script at a time
  std::unique_ptr<EspeakSynthesizer> synthesizer_;
  std::string synthesizer_error_;
  std::map<std::string, std::string> speech_cache_;  // SSML -> WAV, the latest few
};

}  // namespace publish::cli
