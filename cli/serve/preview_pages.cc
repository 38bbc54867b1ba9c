#include "cli/serve/preview_pages.h"

#include <algorithm>

#include "libpublish/base/escape.h"

namespace publish::cli {

// Reloads when the server says a build after this page's is in place; the
// stream starts from the page's build, so one finished between the page
// loading and the stream opening is not missed.
const char kLiveScript[] = R"JS((function () {
  "use strict";
  var script = document.currentScript;
  var generation = (script && script.getAttribute("data-generation")) || "0";
  var overlay = document.getElementById("publish-preview-errors");
  if (overlay) {
    var dismiss = function () {
      overlay.hidden = true;
    };
    var button = overlay.querySelector("[data-dismiss]");
    if (button) button.addEventListener("click", dismiss);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !overlay.hidden) dismiss();
    });
  }
  if (!window.EventSource) return;
  var events = new EventSource("/.preview/events?since=" + encodeURIComponent(generation));
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
})();
)JS";

const char kLiveStylesheet[] = R"CSS(.publish-preview-errors {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647;
  max-height: 50vh; overflow: auto; box-sizing: border-box;
  margin: 0; padding: 16px 20px; border-top: 6px solid #b00020;
  background: #ffffff; color: #0b0c0c; box-shadow: 0 -2px 12px rgba(0, 0, 0, 0.35);
  font: 19px/1.4 system-ui, sans-serif; text-align: left;
}
.publish-preview-errors[hidden] { display: none; }
.publish-preview-errors h2 { margin: 0 0 8px; font-size: 24px; color: #b00020; }
.publish-preview-errors p { margin: 0 0 8px; }
.publish-preview-errors ul { margin: 0 0 12px; padding-left: 20px; }
.publish-preview-errors li { margin-bottom: 6px; }
.publish-preview-errors code { font: 16px/1.4 ui-monospace, monospace; background: #f3f2f1; padding: 0 4px; }
.publish-preview-errors button {
  font: inherit; padding: 6px 14px; border: 2px solid #0b0c0c; background: #f3f2f1; color: #0b0c0c; cursor: pointer;
}
.publish-preview-errors button:focus { outline: 3px solid #ffdd00; box-shadow: 0 0 0 6px #0b0c0c; }
)CSS";

namespace {

constexpr const char kPreviewStyle[] =
    R"CSS(body { font: 19px/1.5 system-ui, sans-serif; color: #0b0c0c; background: #fff; margin: 0; }
header, main { padding: 12px 24px; }
header { background: #0b0c0c; color: #fff; }
header a { color: #fff; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
pre.text-at-width { font: 17px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre;
  display: inline-block; padding: 16px; border: 1px solid #b1b4b6; background: #fafafa; overflow-x: auto; }
pre.ssml { font: 15px/1.35 ui-monospace, monospace; white-space: pre-wrap; padding: 16px; background: #f3f2f1; }
audio { display: block; margin: 12px 0; }
)CSS";

}  // namespace

std::string ErrorsOverlay(const std::vector<Diagnostic>& errors, bool kept_last_good) {
  if (errors.empty()) return "";
  std::string count = std::to_string(errors.size()) + (errors.size() == 1 ? " error" : " errors");
  std::string html =
      "<aside id=\"publish-preview-errors\" class=\"publish-preview-errors\" role=\"region\" "
      "aria-labelledby=\"publish-preview-errors-title\">\n"
      "<h2 id=\"publish-preview-errors-title\">publish serve: " +
      count + "</h2>\n<p>" + (kept_last_good ? "This is the last good version of the page. " : "") +
      "Fix the errors and save: the page reloads by itself.</p>\n<ul>\n";
  for (const Diagnostic& error : errors) {
    const SourcePosition& at = error.position;
    std::string where = at.file;
    if (at.line > 0) where += ":" + std::to_string(at.line) + ":" + std::to_string(std::max(at.column, 1));
    html += "<li><code>" + EscapeHtml(where) + "</code> " + EscapeHtml(error.message) +
            (error.check_id.empty() ? "" : " <code>[" + EscapeHtml(error.check_id) + "]</code>") + "</li>\n";
  }
  html += "</ul>\n<button type=\"button\" data-dismiss>Hide these errors (Escape)</button>\n</aside>\n";
  return html;
}

std::string WithLiveReload(std::string html, uint64_t generation, const std::vector<Diagnostic>& errors,
                           bool kept_last_good) {
  std::string live = ErrorsOverlay(errors, kept_last_good) +
                     "<link rel=\"stylesheet\" href=\"/.preview/live.css\">\n"
                     "<script src=\"/.preview/live.js\" data-generation=\"" +
                     std::to_string(generation) + "\"></script>\n";
  size_t body_end = html.rfind("</body>");
  if (body_end == std::string::npos) return html + live;
  html.insert(body_end, live);
  return html;
}

std::string PreviewPage(const std::string& title, const std::string& body_html, uint64_t generation,
                        const std::vector<Diagnostic>& errors, bool kept_last_good) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      EscapeHtml(title) + " - publish serve</title>\n<style>\n" + kPreviewStyle +
      "</style>\n</head>\n<body>\n<header><a href=\"/\">Public site</a> · <a href=\"/intranet/\">"
      "Intranet</a> · <a href=\"/kiosk/\">Kiosk</a> · <a href=\"/.preview/text/\">Text</a> · "
      "<a href=\"/.preview/audio/\">Audio</a></header>\n<main>\n<h1>" +
      EscapeHtml(title) + "</h1>\n" + body_html + "</main>\n</body>\n</html>\n";
  return WithLiveReload(std::move(html), generation, errors, kept_last_good);
}

std::string TextPreviewBody(const std::string& path, std::string_view text) {
  size_t widest = 0;
  size_t line_start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      // Columns are code points: count the bytes that start one.
      size_t columns = 0;
      for (size_t j = line_start; j < i; ++j) columns += (static_cast<unsigned char>(text[j]) & 0xC0) != 0x80;
      widest = std::max(widest, columns);
      line_start = i + 1;
    }
  }
  return "<p>The text channel's <code>" + EscapeHtml(path) + "</code> as it reads (its widest line is " +
         std::to_string(widest) + " columns). <a href=\"/.preview/raw/" + EscapeHtml(path) +
         "\">The file itself</a>.</p>\n<pre class=\"text-at-width\">" + EscapeHtml(text) + "</pre>\n";
}

std::string AudioPreviewBody(const std::string& path, std::string_view ssml, const std::string& speech_url) {
  return "<p>The audio channel's script <code>" + EscapeHtml(path) +
         "</code>, spoken by espeak-ng when you press play (the first time takes a moment). <a "
         "href=\"/.preview/raw/" +
         EscapeHtml(path) + "\">The SSML file itself</a>.</p>\n<audio controls preload=\"none\" src=\"" +
         EscapeHtml(speech_url) + "\">Your browser cannot play audio: <a href=\"" + EscapeHtml(speech_url) +
         "\">download the speech</a>.</audio>\n<pre class=\"ssml\">" + EscapeHtml(ssml) + "</pre>\n";
}

std::string LinkListBody(const std::string& intro, const std::vector<std::pair<std::string, std::string>>& links) {
  std::string html = "<p>" + EscapeHtml(intro) + "</p>\n<ul>\n";
  for (const auto& [address, words] : links) {
    html += "<li><a href=\"" + EscapeHtml(address) + "\">" + EscapeHtml(words) + "</a></li>\n";
  }
  return html + "</ul>\n";
}

}  // namespace publish::cli
