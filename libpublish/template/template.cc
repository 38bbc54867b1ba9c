#include "libpublish/template/template.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <unordered_map>

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

namespace {

std::atomic<size_t> next_template_id{1};

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
  offset = std::min(offset, text.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {file, line,
          static_cast<int>(CodePointCount(std::string_view(text).substr(line_start, offset - line_start))) + 1};
}

std::unique_ptr<Mustache> MakeMustache(const std::string& text, Escaping escaping) {
  auto mustache = std::make_unique<Mustache>(text);
  if (escaping == Escaping::kXml) mustache->set_custom_escape([](const std::string& s) { return EscapeXml(s); });
  if (escaping == Escaping::kNone) mustache->set_custom_escape([](const std::string& s) { return s; });
  return mustache;
}

std::string Lowered(std::string message) {
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return message;
}

}  // namespace

std::unique_ptr<Template> Template::Compile(std::string text, std::string file, Escaping escaping,
                                            Diagnostics& diagnostics) {
  auto mustache = MakeMustache(text, escaping);
  if (!mustache->is_valid()) {
    diagnostics.Error(PositionFromMessage(file, text, mustache->error_message()),
                      "template error: " + Lowered(mustache->error_message()), "template-error");
    return nullptr;
  }
  std::unique_ptr<Template> compiled(new Template());
  compiled->text_ = std::move(text);
  compiled->file_ = std::move(file);
  compiled->escaping_ = escaping;
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
  mustache->render(value.impl().data, [&out](const std::string& chunk) { out += chunk; });
  if (!mustache->is_valid()) {
    diagnostics.Error({file_, 1, 1}, "template error while rendering: " + Lowered(mustache->error_message()),
                      "template-error");
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
                    "the " + channel_ + " theme has no template '" + name + ".mustache'", "template-missing");
  return nullptr;
}

}  // namespace publish
