#include "tests/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "channels/registry.h"

extern char** environ;

namespace fs = std::filesystem;

namespace publish::test {

fs::path SourceDir() { return PUBLISH_SOURCE_DIR; }
fs::path TestsDir() { return PUBLISH_TESTS_DIR; }
fs::path PublishBinary() { return PUBLISH_BINARY; }

std::vector<std::string> Lines(const Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& d : diagnostics.Sorted()) lines.push_back(FormatDiagnostic(d));
  return lines;
}

std::vector<std::string> LinesWith(const Diagnostics& diagnostics, const std::string& check_id) {
  std::vector<std::string> lines;
  for (const auto& d : diagnostics.Sorted()) {
    if (d.check_id == check_id) lines.push_back(FormatDiagnostic(d));
  }
  return lines;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

SiteBuilder::SiteBuilder() {
  files_.Add("site.yaml",
             "title: Testshire Council\n"
             "base_url: https://www.testshire.example.gov.uk/\n"
             "language: en-GB\n");
}

SiteBuilder& SiteBuilder::SiteYaml(std::string text) {
  files_.Add("site.yaml", std::move(text));
  return *this;
}

SiteBuilder& SiteBuilder::Page(const std::string& path, const std::string& front, const std::string& body) {
  std::string text = "---\n" + front;
  if (!front.empty() && front.back() != '\n') text += '\n';
  text += "---\n" + body;
  files_.Add(path, std::move(text));
  return *this;
}

SiteBuilder& SiteBuilder::File(const std::string& path, std::string contents) {
  files_.Add(path, std::move(contents));
  return *this;
}

Checked CheckSite(const SiteBuilder& site) {
  Checked checked;
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = kToday;
  checked.site = LoadCheckedSite(site.files(), options, checked.diagnostics, checked.outcome);
  return checked;
}

std::string Built::Public(const std::string& path) const {
  auto it = output.files().find("public/" + path);
  return it == output.files().end() ? std::string() : it->second;
}

bool Built::HasPublic(const std::string& path) const { return output.files().count("public/" + path) > 0; }

std::map<std::string, std::string> Built::AllPublic() const {
  std::map<std::string, std::string> out;
  for (const auto& [path, contents] : output.files()) {
    if (path.rfind("public/", 0) == 0) out[path.substr(7)] = contents;
  }
  return out;
}

std::unique_ptr<Built> BuildPublic(const SiteFiles& files, int jobs) {
  auto built = std::make_unique<Built>();
  auto channel = MakeChannel("public");
  if (!channel) throw std::runtime_error("no public channel");
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = kToday;
  options.jobs = jobs;
  built->result = BuildSite(files, {channel.get()}, options, built->output, built->diagnostics);
  return built;
}

size_t Count(std::string_view text, std::string_view needle) {
  if (needle.empty()) return 0;
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

std::vector<std::string> ProcessResult::DiagnosticLines() const {
  std::vector<std::string> lines = SplitLines(err);
  if (!lines.empty() && lines.back().rfind("publish: ", 0) == 0) lines.pop_back();
  return lines;
}

std::vector<std::string> ProcessResult::ReportLines() const {
  std::vector<std::string> lines = SplitLines(out);
  if (lines.empty() || lines.back().rfind("publish: checked ", 0) != 0) return {""};
  lines.pop_back();
  return lines;
}

std::string ProcessResult::Describe() const {
  std::ostringstream text;
  text << "exit code " << exit_code;
  if (signal != 0) text << " (signal " << signal << ")";
  if (timed_out) text << " (timed out)";
  text << "\n--- stderr ---\n" << err << "--- stdout (first 2000 bytes) ---\n" << std::string_view(out).substr(0, 2000);
  return text.str();
}

ProcessResult Run(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& env,
                  int timeout_seconds, const fs::path& cwd) {
  ProcessResult result;
  // Everything the child needs is prepared before fork.
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text = *entry;
    std::string name = text.substr(0, text.find('='));
    if (env.count(name) == 0) environment.push_back(text);
  }
  for (const auto& [name, value] : env) {
    if (!value.empty()) environment.push_back(name + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = arguments;
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string directory = cwd.string();

  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) ::dup2(null_in, STDIN_FILENO);
    if (!directory.empty() && ::chdir(directory.c_str()) != 0) ::_exit(127);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int ready = ::poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) ::close(fd.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

ProcessResult RunPublish(const std::vector<std::string>& arguments, std::map<std::string, std::string> env,
                         int timeout_seconds, const fs::path& cwd) {
  std::vector<std::string> full{PublishBinary().string()};
  full.insert(full.end(), arguments.begin(), arguments.end());
  env.emplace("SOURCE_DATE_EPOCH", kSourceDateEpoch);
  return Run(full, env, timeout_seconds, cwd);
}

TempDir::TempDir() {
  static std::mt19937_64 random{std::random_device{}()};
  fs::path base = fs::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate =
        base / ("publish-test-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000000));
    std::error_code error;
    if (fs::create_directory(candidate, error)) {
      path_ = fs::canonical(candidate);
      return;
    }
  }
  throw std::runtime_error("cannot make a temporary folder");
}

TempDir::~TempDir() {
  std::error_code error;
  // Make read-only folders removable again.
  for (auto it = fs::recursive_directory_iterator(path_, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (it->is_directory(error) && !it->is_symlink(error)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    }
  }
  fs::remove_all(path_, error);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const fs::path& path, std::string_view contents) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> tree;
  if (!fs::exists(root)) return tree;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      tree[entry.path().lexically_relative(root).generic_string()] = ReadFile(entry.path());
    } else if (entry.is_directory() && fs::is_empty(entry.path())) {
      tree[entry.path().lexically_relative(root).generic_string() + "/"] = "";
    }
  }
  return tree;
}

void CopyTree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void CopySampleSite(const fs::path& to) {
  fs::create_directories(to);
  fs::copy_file(SourceDir() / "site.yaml", to / "site.yaml");
  CopyTree(SourceDir() / "content", to / "content");
  if (fs::exists(SourceDir() / "themes")) CopyTree(SourceDir() / "themes", to / "themes");
  if (fs::exists(SourceDir() / "static")) CopyTree(SourceDir() / "static", to / "static");
}

std::string TreeDifference(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  for (const auto& [path, contents] : a) {
    auto it = b.find(path);
    if (it == b.end()) return "only in the first: " + path;
    if (it->second != contents) return "different bytes: " + path;
  }
  for (const auto& [path, contents] : b) {
    if (a.count(path) == 0) return "only in the second: " + path;
  }
  return "";
}

bool UpdateGolden() {
  const char* value = std::getenv("UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

// JSON ----------------------------------------------------------------------

std::optional<Json> ParseJson(std::string_view text, std::string* error) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& problem) {
    if (error) *error = problem.what();
    return std::nullopt;
  }
}

// XML -----------------------------------------------------------------------

bool IsWellFormedXml(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& message, size_t at) {
    if (error != nullptr) *error = message + " at byte " + std::to_string(at);
    return false;
  };
  auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
  };
  auto check_text = [&](std::string_view chunk, size_t offset) {
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (chunk[i] == '<') return fail("'<' in text", offset + i);
      if (chunk[i] != '&') continue;
      size_t semi = chunk.find(';', i);
      if (semi == std::string_view::npos) return fail("unterminated entity", offset + i);
      std::string_view entity = chunk.substr(i + 1, semi - i - 1);
      bool known = entity == "amp" || entity == "lt" || entity == "gt" || entity == "quot" || entity == "apos" ||
                   (!entity.empty() && entity[0] == '#');
      if (!known) return fail("unknown entity", offset + i);
    }
    return true;
  };
  std::vector<std::string> open;
  bool seen_root = false;
  size_t pos = 0;
  if (text.substr(0, 5) == "<?xml") {
    pos = text.find("?>");
    if (pos == std::string_view::npos) return fail("unterminated declaration", 0);
    pos += 2;
  }
  while (pos < text.size()) {
    size_t lt = text.find('<', pos);
    std::string_view chunk = text.substr(pos, (lt == std::string_view::npos ? text.size() : lt) - pos);
    if (open.empty() && chunk.find_first_not_of(" \t\r\n") != std::string_view::npos)
      return fail("text outside the root", pos);
    if (!check_text(chunk, pos)) return false;
    if (lt == std::string_view::npos) break;
    size_t gt = text.find('>', lt);
    if (gt == std::string_view::npos) return fail("unterminated tag", lt);
    std::string_view tag = text.substr(lt + 1, gt - lt - 1);
    if (tag.empty()) return fail("empty tag", lt);
    if (tag[0] == '/') {
      std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) return fail("mismatched closing tag </" + name + ">", lt);
      open.pop_back();
    } else {
      bool self_closing = tag.back() == '/';
      if (self_closing) tag.remove_suffix(1);
      size_t i = 0;
      while (i < tag.size() && is_name_char(tag[i])) ++i;
      if (i == 0) return fail("bad tag name", lt);
      std::string name(tag.substr(0, i));
      // Attributes: name="value" pairs.
      while (i < tag.size()) {
        while (i < tag.size() && tag[i] == ' ') ++i;
        if (i >= tag.size()) break;
        size_t start = i;
        while (i < tag.size() && is_name_char(tag[i])) ++i;
        if (i == start || i + 1 >= tag.size() || tag[i] != '=' || (tag[i + 1] != '"' && tag[i + 1] != '\'')) {
          return fail("bad attribute", lt + 1 + i);
        }
        char quote = tag[i + 1];
        size_t end = tag.find(quote, i + 2);
        if (end == std::string_view::npos) return fail("unterminated attribute", lt + 1 + i);
        if (!check_text(tag.substr(i + 2, end - i - 2), lt + 1 + i + 2)) return false;
        i = end + 1;
      }
      if (open.empty() && seen_root) return fail("second root element", lt);
      seen_root = true;
      if (!self_closing) open.push_back(name);
    }
    pos = gt + 1;
  }
  if (!open.empty()) return fail("unclosed <" + open.back() + ">", text.size());
  if (!seen_root) return fail("no root element", 0);
  return true;
}

std::string DecodedQrCode(const std::string& svg) {
  TempDir work;
  WriteFile(work / "code.svg", svg);
  auto png = Run({"/usr/bin/rsvg-convert", "--width", "400", "--output", (work / "code.png").string(),
                  (work / "code.svg").string()});
  if (png.exit_code != 0) return "";
  auto read = Run({"/usr/bin/zbarimg", "--quiet", "--raw", "-Sbinary", (work / "code.png").string()});
  if (read.exit_code != 0) return "";
  std::string text = read.out;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace publish::test
