#include "cli/serve/live_site.h"

#include <set>
#include <utility>

namespace publish::cli {

std::vector<Diagnostic> SiteState::ErrorsFor(const std::string& url_path) const {
  std::vector<Diagnostic> errors;
  if (auto page = page_errors.find(url_path); page != page_errors.end()) errors = page->second;
  errors.insert(errors.end(), site_errors.begin(), site_errors.end());
  return errors;
}

size_t SiteState::ErrorCount() const {
  size_t count = site_errors.size();
  for (const auto& [url, errors] : page_errors) count += errors.size();
  return count;
}

std::optional<std::string> PageUrlPathOf(const std::string& source_path) {
  const std::string content = "content/";
  const std::string markdown = ".md";
  if (source_path.rfind(content, 0) != 0 || source_path.size() < content.size() + markdown.size() ||
      source_path.compare(source_path.size() - markdown.size(), markdown.size(), markdown) != 0) {
    return std::nullopt;
  }
  std::string path = source_path.substr(content.size(), source_path.size() - content.size() - markdown.size());
  if (path == "_index") return std::string();
  const std::string index = "/_index";
  if (path.size() > index.size() && path.compare(path.size() - index.size(), index.size(), index) == 0) {
    return path.substr(0, path.size() - index.size() + 1);
  }
  return path + "/";
}

// After a failed build the last good output stays, but not the pages whose
// file has gone since (deleted or renamed): those are no longer served.
void LiveSite::DropDeletedPages(SiteState& state) const {
  std::set<std::string> gone;
  for (const auto& [output, source] : *state.page_sources) {
    std::error_code error;
    if (!gone.count(source) && !std::filesystem::exists(site_ / source, error)) gone.insert(source);
  }
  if (gone.empty()) return;
  auto files = std::make_shared<PreviewFiles>(*state.files);
  auto sources = std::make_shared<std::map<std::string, std::string>>();
  for (const auto& [output, source] : *state.page_sources) {
    if (gone.count(source)) {
      files->erase(output);
    } else {
      sources->emplace(output, source);
    }
  }
  state.files = std::move(files);
  state.page_sources = std::move(sources);
}

std::shared_ptr<const SiteState> LiveSite::Current() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void LiveSite::Publish(PreviewBuild build) {
  auto next = std::make_shared<SiteState>();
  {
    std::lock_guard lock(mutex_);
    next->generation = state_->generation + 1;
    next->files = state_->files;
    next->page_sources = state_->page_sources;
  }
  bool succeeded = build.outcome == Outcome::kSuccess;
  if (succeeded) {
    next->files = std::make_shared<const PreviewFiles>(std::move(build.files));
    next->page_sources = std::make_shared<const std::map<std::string, std::string>>(std::move(build.page_sources));
  } else if (next->files != nullptr) {
    DropDeletedPages(*next);
  }
  next->latest_failed = !succeeded;
  const PreviewFiles* files = next->files.get();
  auto served = [files](const std::string& url_path) {
    return files != nullptr &&
           (files->count("public/" + url_path + "index.html") || files->count("intranet/" + url_path + "index.html"));
  };
  for (const Diagnostic& diagnostic : build.diagnostics.Sorted()) {
    if (diagnostic.severity != Severity::kError) continue;
    auto url_path = PageUrlPathOf(diagnostic.position.file);
    if (url_path && served(*url_path)) {
      next->page_errors[*url_path].push_back(diagnostic);
    } else {
      next->site_errors.push_back(diagnostic);
    }
  }
  {
    std::lock_guard lock(mutex_);
    state_ = std::move(next);
  }
  published_.notify_all();
}

std::optional<uint64_t> LiveSite::WaitForBuild(uint64_t seen, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  published_.wait_for(lock, timeout, [&] { return closed_ || state_->generation > seen; });
  if (closed_) return std::nullopt;
  return state_->generation;
}

void LiveSite::Close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  published_.notify_all();
}

bool LiveSite::OpenStream() {
  std::lock_guard lock(mutex_);
  if (closed_ || streams_ >= kMaxStreams) return false;
  ++streams_;
  return true;
}

void LiveSite::CloseStream() {
  std::lock_guard lock(mutex_);
  --streams_;
}

}  // namespace publish::cli
