#include "libpublish/base/output.h"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include "libpublish/base/paths.h"

namespace fs = std::filesystem;

namespace publish {

bool OutputSink::Copy(std::string_view relative_path, const SiteFiles& files, std::string_view source,
                      Diagnostics& diagnostics) {
  std::string error;
  auto contents = files.ReadFile(source, &error);
  if (!contents) {
    diagnostics.Error({std::string(source)}, "cannot read the file to copy it: " + error, "unreadable-file");
    return false;
  }
  return Write(relative_path, *contents, diagnostics);
}

bool MemoryOutput::Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) {
  if (!IsSafeRelativePath(relative_path)) {
    diagnostics.Error({}, "refused to write outside the output folder: '" + std::string(relative_path) + "'",
                      "path-outside-output");
    return false;
  }
  std::lock_guard lock(mutex_);
  files_[std::string(relative_path)] = std::string(contents);
  return true;
}

StagedDiskOutput::StagedDiskOutput(fs::path out_dir) : out_dir_(fs::absolute(std::move(out_dir))) {
  staging_dir_ = out_dir_ / (".publish-staging-" + std::to_string(::getpid()));
}

StagedDiskOutput::~StagedDiskOutput() {
  std::error_code error;
  fs::remove_all(staging_dir_, error);
}

bool StagedDiskOutput::Begin(Diagnostics& diagnostics) {
  std::error_code error;
  fs::create_directories(out_dir_, error);
  if (!error) fs::remove_all(staging_dir_, error);
  if (!error) fs::create_directories(staging_dir_, error);
  if (error) {
    diagnostics.Error({}, "cannot create the output folder '" + out_dir_.string() + "': " + error.message(),
                      "output-unwritable");
    return false;
  }
  return true;
}

bool StagedDiskOutput::Write(std::string_view relative_path, std::string_view contents, Diagnostics& diagnostics) {
  if (!IsSafeRelativePath(relative_path)) {
    diagnostics.Error({}, "refused to write outside the output folder: '" + std::string(relative_path) + "'",
                      "path-outside-output");
    return false;
  }
  fs::path path = staging_dir_ / fs::path(std::string(relative_path));
  std::error_code error;
  // Thousands of files share few folders: create each folder once.
  std::string folder = ParentFolder(relative_path);
  bool known;
  {
    std::lock_guard lock(mutex_);
    known = made_folders_.count(folder) > 0;
  }
  if (!known) {
    fs::create_directories(path.parent_path(), error);
    std::lock_guard lock(mutex_);
    if (!error) made_folders_.insert(folder);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!error && out) out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (error || !out) {
    diagnostics.Error({}, "cannot write '" + path.string() + "'" + (error ? ": " + error.message() : ""),
                      "output-unwritable");
    return false;
  }
  return true;
}

bool StagedDiskOutput::Commit(const std::vector<std::string>& top_level_names, Diagnostics& diagnostics) {
  std::error_code error;
  fs::path trash = out_dir_ / (".publish-old-" + std::to_string(::getpid()));
  fs::remove_all(trash, error);
  fs::create_directories(trash, error);
  bool ok = true;
  for (const auto& name : top_level_names) {
    fs::path staged = staging_dir_ / name;
    fs::path live = out_dir_ / name;
    if (!fs::exists(staged)) fs::create_directories(staged, error);
    if (fs::exists(live, error)) fs::rename(live, trash / name, error);
    if (!error) fs::rename(staged, live, error);
    if (error) {
      diagnostics.Error({}, "cannot move the new '" + name + "' output into place: " + error.message(),
                        "output-unwritable");
      ok = false;
      error.clear();
    }
  }
  fs::remove_all(trash, error);
  committed_ = ok;
  return ok;
}

}  // namespace publish
