// The C API (include/publish/publish.h) over the pipeline: one document is
// rendered as the only page of a small site held in memory.
#include "publish/publish.h"

#include <chrono>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "channels/registry.h"
#include "libpublish/base/check_ids.h"
#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/site_files.h"
#include "libpublish/pipeline/pipeline.h"

struct publish_document {
  std::string text;
  struct Item {
    publish_severity severity;
    int line;
    int column;
    std::string message;
    std::string check_id;
  };
  std::vector<Item> diagnostics;
};

namespace {

constexpr const char* kPagePath = "content/_index.md";

// `value` as a double-quoted YAML scalar.
std::string YamlQuoted(std::string_view value) {
  std::string quoted = "\"";
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      quoted += "\\x";
      quoted += kHex[byte >> 4];
      quoted += kHex[byte & 0xf];
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

// The options the caller's struct holds, reading only the fields its
// struct_size covers.
template <typename Field>
bool Covers(const publish_options* options, Field publish_options::*field) {
  const auto* base = reinterpret_cast<const char*>(options);
  const auto* end = reinterpret_cast<const char*>(&(options->*field)) + sizeof(Field);
  return static_cast<size_t>(end - base) <= options->struct_size;
}

const char* SiteTitle(const publish_options* options) {
  const char* title = nullptr;
  if (options != nullptr && Covers(options, &publish_options::site_title)) title = options->site_title;
  return title != nullptr ? title : "Council";
}

std::string SiteYaml(const publish_options* options) {
  const char* title = nullptr;
  const char* base_url = nullptr;
  const char* language = nullptr;
  if (options != nullptr) {
    if (Covers(options, &publish_options::site_title)) title = options->site_title;
    if (Covers(options, &publish_options::base_url)) base_url = options->base_url;
    if (Covers(options, &publish_options::language)) language = options->language;
  }
  std::string yaml = "title: " + YamlQuoted(title != nullptr ? title : "Council") + "\n";
  yaml += "base_url: " + YamlQuoted(base_url != nullptr ? base_url : "https://example.invalid/") + "\n";
  if (language != nullptr) yaml += "language: " + YamlQuoted(language) + "\n";
  return yaml;
}

// Whether `text` opens with a front matter line ("---"; "+++" too, which the
// library explains is TOML).
bool HasFrontMatter(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  std::string_view marker = first.substr(0, 3);
  return (marker == "---" || marker == "+++") && first.substr(3).find_first_not_of(" \t") == std::string_view::npos;
}

// The page the library reads for `markdown`: as it is when it has front
// matter; else with front matter added, titled by its opening "# heading"
// (that line left blank) or by the site. `added_lines` says how many lines
// come before the caller's first line.
std::string PageText(std::string_view markdown, const std::string& site_title, int& added_lines) {
  added_lines = 0;
  if (HasFrontMatter(markdown)) return std::string(markdown);
  std::string body(markdown);
  std::string title = site_title;
  size_t start = body.find_first_not_of("\r\n");
  if (start != std::string::npos && body.compare(start, 2, "# ") == 0) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    size_t text_end = end;
    while (text_end > start + 2 &&
           (body[text_end - 1] == '\r' || body[text_end - 1] == ' ' || body[text_end - 1] == '\t')) {
      --text_end;
    }
    size_t text_start = body.find_first_not_of(" \t", start + 2);
    if (text_start != std::string::npos && text_start < text_end) {
      title = body.substr(text_start, text_end - text_start);
      body.erase(start, end - start);
    }
  }
  added_lines = 3;
  return "---\ntitle: " + YamlQuoted(title) + "\n---\n" + body;
}

publish::Date Today() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::chrono::year_month_day date{days};
  return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
          static_cast<int>(static_cast<unsigned>(date.day()))};
}

// The diagnostics as the caller sees them: lines and columns in its own
// document (0 for what is not in it, such as the added front matter).
void Keep(const publish::Diagnostics& diagnostics, int added_lines, publish_document& document) {
  for (const auto& diagnostic : diagnostics.items()) {
    const bool own = diagnostic.position.file == kPagePath && diagnostic.position.line > added_lines;
    document.diagnostics.push_back({diagnostic.severity == publish::Severity::kError ? PUBLISH_ERROR : PUBLISH_WARNING,
                                    own ? diagnostic.position.line - added_lines : 0,
                                    own ? diagnostic.position.column : 0, diagnostic.message, diagnostic.check_id});
  }
}

publish_status Render(std::string_view markdown, const std::string& channel_name, const publish_options* options,
                      publish_document& document) {
  publish::ChannelOptions channel_options;
  if (options != nullptr && Covers(options, &publish_options::text_width)) {
    if (options->text_width > 0) channel_options.text.width = options->text_width;
    if (options->text_width < 0) channel_options.text.width = 0;
  }
  auto channel = publish::MakeChannel(channel_name, channel_options);
  if (!channel) return PUBLISH_BAD_ARGUMENTS;

  publish::MemorySiteFiles files;
  files.Add("site.yaml", SiteYaml(options));
  int added_lines = 0;
  files.Add(kPagePath, PageText(markdown, SiteTitle(options), added_lines));
  publish::BuildOptions build_options;
  build_options.known_channels = publish::AvailableChannels();
  build_options.today = Today();
  build_options.jobs = 1;

  publish::Diagnostics diagnostics;
  publish::Outcome outcome = publish::Outcome::kSuccess;
  auto site = publish::LoadCheckedSite(files, build_options, diagnostics, outcome);
  if (!site) {
    Keep(diagnostics, added_lines, document);
    return outcome == publish::Outcome::kContentErrors ? PUBLISH_CONTENT_ERRORS : PUBLISH_INTERNAL_ERROR;
  }
  const publish::Page* page = site->FindPage("_index.md");
  if (page == nullptr || diagnostics.HasErrors()) {
    Keep(diagnostics, added_lines, document);
    return PUBLISH_CONTENT_ERRORS;
  }
  if (!site->Holds(channel->Name(), *page)) {
    Keep(diagnostics, added_lines, document);
    document.diagnostics.push_back(
        {PUBLISH_ERROR, 0, 0,
         "the document is not in the " + channel_name + " channel (its visibility or its channels: leave it out)",
         std::string(publish::checks::kNotInChannel.id)});
    return PUBLISH_CONTENT_ERRORS;
  }
  std::vector<publish::OutputFile> out;
  if (auto build = channel->Begin(*site, files, diagnostics)) out = build->RenderPage(*page, diagnostics).files;
  Keep(diagnostics, added_lines, document);
  if (diagnostics.HasErrors() || out.empty()) return PUBLISH_CONTENT_ERRORS;
  document.text = std::move(out.front().contents);
  return PUBLISH_OK;
}

}  // namespace

extern "C" {

publish_status publish_render(const char* markdown, size_t length, const char* channel_name,
                              const publish_options* options, publish_document** out) {
  if (out == nullptr) return PUBLISH_BAD_ARGUMENTS;
  *out = nullptr;
  if ((markdown == nullptr && length != 0) || channel_name == nullptr) return PUBLISH_BAD_ARGUMENTS;
  if (options != nullptr && options->struct_size < sizeof(size_t)) return PUBLISH_BAD_ARGUMENTS;
  try {
    auto document = std::make_unique<publish_document>();
    std::string_view text = markdown == nullptr ? std::string_view() : std::string_view(markdown, length);
    publish_status status = Render(text, channel_name, options, *document);
    if (status == PUBLISH_OK || status == PUBLISH_CONTENT_ERRORS) *out = document.release();
    return status;
  } catch (...) {
    return PUBLISH_INTERNAL_ERROR;
  }
}

const char* publish_document_text(const publish_document* doc, size_t* length) {
  if (doc == nullptr) {
    if (length != nullptr) *length = 0;
    return "";
  }
  if (length != nullptr) *length = doc->text.size();
  return doc->text.c_str();
}

size_t publish_document_diagnostic_count(const publish_document* doc) {
  return doc == nullptr ? 0 : doc->diagnostics.size();
}

publish_status publish_document_diagnostic(const publish_document* doc, size_t index, publish_severity* severity,
                                           int* line, int* column, const char** message, const char** check_id) {
  if (doc == nullptr || index >= doc->diagnostics.size()) return PUBLISH_BAD_ARGUMENTS;
  const auto& item = doc->diagnostics[index];
  if (severity != nullptr) *severity = item.severity;
  if (line != nullptr) *line = item.line;
  if (column != nullptr) *column = item.column;
  if (message != nullptr) *message = item.message.c_str();
  if (check_id != nullptr) *check_id = item.check_id.c_str();
  return PUBLISH_OK;
}

void publish_document_free(publish_document* doc) { delete doc; }

const char* publish_version(void) { return PUBLISH_C_VERSION; }

}  // extern "C"
