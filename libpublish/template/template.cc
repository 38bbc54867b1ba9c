#include "libpublish/template/template.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <cctype>
#include <optional>
#include <unordered_map>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/escape.h"
#include "libpublish/base/text.h"

namespace publish {

using MustacheData = kainjow::mustache::data;
using Mustache = kainjow::mustache::mustache;

struct TemplateValue::Impl {
  MustacheData data;
};

TemplateValue::TemplateValue() : impl_(std::make_unique<Impl>()) {}
TemplateValue::TemplateValue(std::string text) : impl_(std::make_unique<Impl>(Impl{MustacheData(text)})) {}
TemplateValue::TemplateValue(const char* text) : TemplateValue(std::string(text)) {}
TemplateValue::TemplateValue(bool flag) : impl_(std::make_unique<Impl>(Impl{MustacheData(flag)})) {}
TemplateValue TemplateValue::List() {
  TemplateValue value;
  value.impl_->data = MustacheData(MustacheData::type::list);
  return value;
}
TemplateValue::~TemplateValue() = default;
TemplateValue::TemplateValue(const TemplateValue& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
TemplateValue& TemplateValue::operator=(const TemplateValue& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
TemplateValue::TemplateValue(TemplateValue&&) noexcept = default;
TemplateValue& TemplateValue::operator=(TemplateValue&&) noexcept = default;

TemplateValue& TemplateValue::Set(const std::string& key, const TemplateValue& value) {
  impl_->data.set(key, value.impl_->data);
  return *this;
}

TemplateValue& TemplateValue::Push(const TemplateValue& value) {
  impl_->data.push_back(value.impl_->data);
  return *this;
}

// kainjow's set and push_back copy the whole value, so a list of lists of
// objects built bottom-up was copied once per level. Its containers are
// reachable only through const accessors, but the objects behind them are
// not const: a placeholder goes in, and the value is moved over it.
TemplateValue& TemplateValue::Set(const std::string& key, TemplateValue&& value) {
  if (!impl_->data.is_object() || !value.impl_) return Set(key, static_cast<const TemplateValue&>(value));
  impl_->data.set(key, MustacheData(false));
  *const_cast<MustacheData*>(impl_->data.get(key)) = std::move(value.impl_->data);
  return *this;
}

TemplateValue& TemplateValue::Push(TemplateValue&& value) {
  if (!impl_->data.is_list() || !value.impl_) return Push(static_cast<const TemplateValue&>(value));
  const_cast<kainjow::mustache::list&>(impl_->data.list_value()).push_back(std::move(value.impl_->data));
  return *this;
}

namespace {

std::atomic<size_t> next_template_id{1};

SourcePosition PositionOfOffset(const std::string& file, std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {file, line, static_cast<int>(CodePointCount(text.substr(line_start, offset - line_start))) + 1};
}

// kainjow reports "... at N" with a character offset; turn it into a line
// and column in the template file.
SourcePosition PositionFromMessage(const std::string& file, const std::string& text, const std::string& message) {
  size_t at = message.rfind(" at ");
  if (at == std::string::npos) return {file, 1, 1};
  size_t offset = 0;
  try {
    offset = std::stoul(message.substr(at + 4));
  } catch (...) {
    return {file, 1, 1};
  }
  return PositionOfOffset(file, text, offset);
}

struct TemplateProblem {
  size_t offset = 0;
  std::string message;
  const Check* check = nullptr;
};

std::string_view TrimSpace(std::string_view text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// "=<% %>=" -> ("<%", "%>"), as kainjow reads a set-delimiter tag; false
// when kainjow would refuse it (it then reports the error itself).
bool ReadDelimiters(std::string_view tag, std::string& begin, std::string& end) {
  if (tag.size() < 5 || tag.back() != '=') return false;
  std::string_view inner = TrimSpace(tag.substr(1, tag.size() - 2));
  size_t space = inner.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view first = inner.substr(0, space);
  std::string_view second = inner.substr(inner.find_first_not_of(' ', space + 1));
  auto valid = [](std::string_view delimiter) {
    for (char c : delimiter) {
      if (c == '=' || std::isspace(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (!valid(first) || !valid(second)) return false;
  begin = first;
  end = second;
  return true;
}

// Reads the tags the way kainjow's parser does (set-delimiter tags
// included, so nothing nests behind a changed delimiter) and finds what the
// library must not be given: sections nested too deep, and partials, which
// kainjow fills from any data value of that name, so a page's words would
// be run as a template (and "{{>title}}" in a title would recurse forever).
// Syntax errors are left for kainjow to report.
std::optional<TemplateProblem> ScanTemplate(std::string_view text, int max_depth) {
  std::string begin = "{{", end = "}}";
  bool braces = true;
  int depth = 0;
  size_t position = 0;
  while (position < text.size()) {
    if (text.compare(position, begin.size(), begin) != 0) {
      ++position;
      continue;
    }
    size_t start = position;
    size_t contents = start + begin.size();
    bool triple = braces && contents < text.size() && text[contents] == '{';
    std::string_view closing = triple ? std::string_view("}}}") : std::string_view(end);
    if (triple) ++contents;
    size_t close = text.find(closing, contents);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view tag = TrimSpace(text.substr(contents, close - contents));
    position = close + closing.size();
    if (!tag.empty() && tag.front() == '=') {
      if (!ReadDelimiters(tag, begin, end)) return std::nullopt;
      braces = begin == "{{" && end == "}}";
      continue;
    }
    if (triple || tag.empty()) continue;
    if (tag.front() == '#' || tag.front() == '^') {
      if (++depth > max_depth) {
        return TemplateProblem{start,
                               "sections are nested more than " + std::to_string(max_depth) +
                                   " levels deep; close some sections before opening more",
                               &checks::kTemplateTooDeep};
      }
    } else if (tag.front() == '/') {
      if (depth > 0) --depth;
    } else if (tag.front() == '>') {
      return TemplateProblem{start,
                             "partials ('{{>name}}') are not supported; write the text into this template instead",
                             &checks::kTemplatePartial};
    }
  }
  return std::nullopt;
}

// A render's context: no partials, whatever the data holds, and a budget
// for section entries (each list item entered is one).
class BoundedContext : public kainjow::mustache::context<std::string> {
 public:
  struct Exceeded {};
  BoundedContext(const MustacheData* data, size_t max_steps) : context(data), max_steps_(max_steps) {}
  void push(const MustacheData* data) override {
    if (++steps_ > max_steps_) throw Exceeded{};
    context::push(data);
  }
  const MustacheData* get_partial(const std::string&) const override { return nullptr; }

 private:
  size_t max_steps_;
  size_t steps_ = 0;
};

// Where a render writes, with a budget for its size.
struct BoundedSink {
  std::string& out;
  size_t max_bytes;
  BoundedSink& operator<<(const std::string& chunk) {
    if (chunk.size() > max_bytes - std::min(max_bytes, out.size())) throw BoundedContext::Exceeded{};
    out += chunk;
    return *this;
  }
};

std::unique_ptr<Mustache> MakeMustache(const std::string& text, Escaping escaping) {
  auto mustache = std::make_unique<Mustache>(text);
  if (escaping != Escaping::kNone) mustache->set_custom_escape([](const std::string& s) { return EscapeXml(s); });
  if (escaping == Escaping::kNone) mustache->set_custom_escape([](const std::string& s) { return s; });
  return mustache;
}

std::string Lowered(std::string message) {
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return message;
}

}  // namespace

std::unique_ptr<Template> Template::Compile(std::string text, std::string file, Escaping escaping,
                                            Diagnostics& diagnostics, const TemplateLimits& limits) {
  // Both checks are linear and stop early, so a template gets every
  // problem reported in one run.
  bool too_large = text.size() > limits.max_bytes;
  if (too_large) {
    diagnostics.Error({file, 1, 1},
                      "the template is larger than " + std::to_string(limits.max_bytes) +
                          " bytes; put long text in pages, not in the theme",
                      checks::kTemplateTooLarge);
  }
  if (auto problem = ScanTemplate(text, limits.max_depth)) {
    diagnostics.Error(PositionOfOffset(file, text, problem->offset), problem->message, *problem->check);
    return nullptr;
  }
  if (too_large) return nullptr;
  std::unique_ptr<Mustache> mustache;
  try {
    mustache = MakeMustache(text, escaping);
  } catch (const std::exception& error) {
    diagnostics.Error({file, 1, 1}, std::string("template error: ") + error.what(), checks::kTemplateError);
    return nullptr;
  }
  if (!mustache->is_valid()) {
    diagnostics.Error(PositionFromMessage(file, text, mustache->error_message()),
                      "template error: " + Lowered(mustache->error_message()), checks::kTemplateError);
    return nullptr;
  }
  std::unique_ptr<Template> compiled(new Template());
  compiled->text_ = std::move(text);
  compiled->file_ = std::move(file);
  compiled->escaping_ = escaping;
  compiled->limits_ = limits;
  compiled->id_ = next_template_id++;
  return compiled;
}

Template::~Template() = default;

bool Template::Render(const TemplateValue& value, std::string& out, Diagnostics& diagnostics) const {
  // kainjow's render() writes error state, so each thread keeps its own
  // parsed copy of each template.
  thread_local std::unordered_map<size_t, std::unique_ptr<Mustache>> copies;
  auto& mustache = copies[id_];
  if (!mustache) mustache = MakeMustache(text_, escaping_);
  out.clear();
  try {
    BoundedContext context(&value.impl().data, limits_.max_render_steps);
    BoundedSink sink{out, limits_.max_render_bytes};
    mustache->render(context, sink);
  } catch (const BoundedContext::Exceeded&) {
    diagnostics.Error({file_, 1, 1},
                      "rendering this template entered more than " + std::to_string(limits_.max_render_steps) +
                          " sections or wrote more than " + std::to_string(limits_.max_render_bytes) +
                          " bytes; a list section is probably nested inside itself",
                      checks::kTemplateRenderTooLarge);
    out.clear();
    mustache.reset();
    return false;
  } catch (const std::exception& error) {
    diagnostics.Error({file_, 1, 1}, std::string("template error while rendering: ") + error.what(),
                      checks::kTemplateError);
    out.clear();
    mustache.reset();
    return false;
  }
  if (!mustache->is_valid()) {
    diagnostics.Error({file_, 1, 1}, "template error while rendering: " + Lowered(mustache->error_message()),
                      checks::kTemplateError);
    mustache.reset();
    return false;
  }
  return true;
}

Theme::Theme(const std::string& channel, const std::string& base, const SiteFiles& site_files,
             const std::vector<std::string>& site_paths, Escaping escaping, Diagnostics& diagnostics)
    : channel_(channel) {
  std::map<std::string, std::pair<std::string, std::string>> files;  // name -> (file for messages, text)
  for (const std::string& layer : {base, channel}) {
    if (layer.empty()) continue;
    std::string builtin_prefix = layer + "/";
    for (const auto& [path, text] : BuiltinThemeFiles()) {
      if (path.rfind(builtin_prefix, 0) == 0) {
        files[path.substr(builtin_prefix.size())] = {"themes/" + path + " (built in)", std::string(text)};
      }
    }
  }
  std::string site_prefix = "themes/" + channel + "/";
  for (const auto& path : site_paths) {
    if (path.rfind(site_prefix, 0) != 0) continue;
    if (auto text = site_files.ReadFile(path)) files[path.substr(site_prefix.size())] = {path, std::move(*text)};
  }
  for (auto& [name, entry] : files) {
    const std::string suffix = ".mustache";
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::string template_name = name.substr(0, name.size() - suffix.size());
      if (auto compiled = Template::Compile(entry.second, entry.first, escaping, diagnostics)) {
        templates_[template_name] = std::move(compiled);
      } else {
        broken_.insert(template_name);
      }
    } else {
      assets_[name] = std::move(entry.second);
    }
  }
}

const Template* Theme::Get(const std::string& name, Diagnostics& diagnostics) const {
  auto it = templates_.find(name);
  if (it != templates_.end()) return it->second.get();
  if (broken_.count(name) > 0) return nullptr;
  diagnostics.Error({"themes/" + channel_ + "/" + name + ".mustache"},
                    "the " + channel_ + " theme has no template '" + name + ".mustache'", checks::kTemplateMissing);
  return nullptr;
}

std::vector<std::string> BuiltinThemeAssets(const std::string& channel, const std::string& base) {
  std::set<std::string> assets;
  for (const auto& [path, text] : BuiltinThemeFiles()) {
    if (path.size() >= 9 && path.compare(path.size() - 9, 9, ".mustache") == 0) continue;
    for (const std::string& layer : {base + "/", channel + "/"}) {
      if (path.rfind(layer, 0) == 0) assets.emplace(path.substr(layer.size()));
    }
  }
  return {assets.begin(), assets.end()};
}

std::vector<std::string> BuiltinThemeIds() {
  std::set<std::string> ids;
  for (const auto& [path, text] : BuiltinThemeFiles()) {
    if (path.size() < 9 || path.compare(path.size() - 9, 9, ".mustache") != 0) continue;
    for (size_t at = text.find(" id=\""); at != std::string_view::npos; at = text.find(" id=\"", at + 1)) {
      size_t start = at + 5;
      size_t end = text.find('"', start);
      if (end == std::string_view::npos) break;
      std::string_view id = text.substr(start, end - start);
      if (!id.empty() && id.find("{{") == std::string_view::npos) ids.emplace(id);  // fixed ids only
    }
  }
  return {ids.begin(), ids.end()};
}

}  // namespace publish
