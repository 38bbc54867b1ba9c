// Mustache templates and the values they render: the only code that
// includes the Mustache library. A theme file is looked up in the site's
// themes/<channel>/, then the built-in themes/<channel>/, then the built-in
// base theme the channel builds on (themes/html/ for HTML channels).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libpublish/base/diagnostics.h"
#include "libpublish/base/site_files.h"

namespace publish {

// A value for a template: text, a flag, a list or an object of named values.
class TemplateValue {
 public:
  TemplateValue();  // an empty object
  TemplateValue(std::string text);
  TemplateValue(const char* text);
  TemplateValue(bool flag);
  static TemplateValue List();
  ~TemplateValue();
  TemplateValue(const TemplateValue& other);
  TemplateValue& operator=(const TemplateValue& other);
  TemplateValue(TemplateValue&&) noexcept;
  TemplateValue& operator=(TemplateValue&&) noexcept;

  TemplateValue& Set(const std::string& key, const TemplateValue& value);
  TemplateValue& Push(const TemplateValue& value);
  // The same, taking `value` over instead of copying it (it is left empty).
  TemplateValue& Set(const std::string& key, TemplateValue&& value);
  TemplateValue& Push(TemplateValue&& value);

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

enum class Escaping { kHtml, kXml, kNone };

// Limits a template is checked against before the Mustache library sees it,
// and the work one render may do. kainjow keeps a component of about 75
// bytes for every whitespace character, in one copy per render thread (a
// 1 MiB template took 327 MB on two threads; 256 KiB, 117 MB); it recurses
// once per nested section and copies each section's text; and a list
// section nested in itself multiplies.
struct TemplateLimits {
  size_t max_bytes = 256 * 1024;
  int max_depth = 50;                           // nested sections
  size_t max_render_steps = 10'000'000;         // sections entered, list items included
  size_t max_render_bytes = 256 * 1024 * 1024;  // output of one render
};

// One compiled template. Render() may be called from several threads.
class Template {
 public:
  // Compiles `text`; nullptr after a positioned diagnostic when invalid.
  static std::unique_ptr<Template> Compile(std::string text, std::string file, Escaping escaping,
                                           Diagnostics& diagnostics, const TemplateLimits& limits = {});
  ~Template();
  // Returns false (and adds a diagnostic) when rendering fails.
  bool Render(const TemplateValue& value, std::string& out, Diagnostics& diagnostics) const;

 private:
  Template() = default;
  std::string text_;
  std::string file_;
  Escaping escaping_ = Escaping::kHtml;
  TemplateLimits limits_;
  size_t id_ = 0;
};

// The templates and assets of one channel's theme.
class Theme {
 public:
  // Loads the built-in `themes/<base>/` (when `base` is not empty), the
  // built-in `themes/<channel>/` over it, and the site's `themes/<channel>/`
  // over both, and compiles every *.mustache file.
  Theme(const std::string& channel, const std::string& base, const SiteFiles& site_files,
        const std::vector<std::string>& site_paths, Escaping escaping, Diagnostics& diagnostics);
  // nullptr when the theme has no such template (reported once).
  const Template* Get(const std::string& name, Diagnostics& diagnostics) const;
  // Theme files that are not templates (stylesheets, icons), by path
  // within the theme ("assets/style.css").
  const std::map<std::string, std::string>& assets() const { return assets_; }

 private:
  std::string channel_;
  std::map<std::string, std::unique_ptr<Template>> templates_;
  std::set<std::string> broken_;  // failed to compile; already reported
  std::map<std::string, std::string> assets_;
};

// Built-in theme files, compiled in: "html/page.mustache" -> contents.
const std::map<std::string, std::string_view>& BuiltinThemeFiles();
// Every fixed id="..." the built-in templates write (main-content,
// contact...), sorted: headings must not take them.
std::vector<std::string> BuiltinThemeIds();
// The files other than templates a channel's built-in theme copies into its
// output ("assets/publish.css"): the base theme's with the channel's own on
// top, sorted.
std::vector<std::string> BuiltinThemeAssets(const std::string& channel, const std::string& base);

}  // namespace publish
