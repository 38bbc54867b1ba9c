#include "tests/serve/serve_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>
#include <vector>

#include "tests/test_support.h"

namespace publish::test {
namespace {

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// True once `received` holds a whole response with a Content-Length.
bool WholeResponse(const std::string& received) {
  size_t end = received.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string headers = received.substr(0, end);
  std::transform(headers.begin(), headers.end(), headers.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t at = headers.find("\r\ncontent-length:");
  if (at == std::string::npos) return false;
  return received.size() - end - 4 >= std::stoull(headers.substr(at + 17));
}

// Reads what arrives within `timeout` into `into` (or until `done` says it
// is all there); false once the peer closed.
bool ReadFor(int fd, std::string& into, std::chrono::milliseconds timeout, bool (*done)(const std::string&) = nullptr) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[65536];
  for (;;) {
    if (done != nullptr && done(into)) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return true;
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) return true;
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    into.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

ServeProcess::ServeProcess(const std::filesystem::path& site) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return;
  std::string binary = PublishBinary().string();
  std::string site_arg = site.string();
  std::vector<char*> argv{binary.data(),          const_cast<char*>("serve"),
                          site_arg.data(),        const_cast<char*>("--port"),
                          const_cast<char*>("0"), nullptr};
  std::string epoch = std::string("SOURCE_DATE_EPOCH=") + kSourceDateEpoch;
  std::vector<char*> envp{epoch.data(), const_cast<char*>("LANG=C.UTF-8"), nullptr};
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  stderr_fd_ = pipe_fds[0];
  reader_ = std::thread([this] {
    char buffer[4096];
    for (;;) {
      ssize_t n = ::read(stderr_fd_, buffer, sizeof(buffer));
      if (n <= 0) return;
      std::lock_guard lock(mutex_);
      stderr_.append(buffer, static_cast<size_t>(n));
    }
  });
  if (!WaitForStderr("publish: built ", 1, std::chrono::seconds(30))) return;
  std::smatch match;
  std::string text = Stderr();
  static const std::regex kFirstLine("^publish: serving http://127\\.0\\.0\\.1:([0-9]+)/");
  if (std::regex_search(text, match, kFirstLine)) port_ = std::stoi(match[1]);
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0 && exit_code_ == -1) Stop(SIGKILL);
  if (reader_.joinable()) reader_.join();
  if (stderr_fd_ >= 0) ::close(stderr_fd_);
}

std::string ServeProcess::Stderr() const {
  std::lock_guard lock(mutex_);
  return stderr_;
}

bool ServeProcess::WaitForStderr(const std::string& text, size_t count, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Count(Stderr(), text) >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

int ServeProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  exit_code_ = 128;
  return -1;
}

std::string HttpReply::Header(const std::string& name) const {
  std::string lower_headers = headers;
  std::transform(lower_headers.begin(), lower_headers.end(), lower_headers.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string wanted = "\r\n" + name + ":";
  std::transform(wanted.begin(), wanted.end(), wanted.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t at = lower_headers.find(wanted);
  if (at == std::string::npos) return "";
  size_t start = headers.find_first_not_of(' ', at + wanted.size());
  return headers.substr(start, headers.find("\r\n", start) - start);
}

HttpReply SendRaw(int port, const std::string& request, std::chrono::milliseconds timeout) {
  HttpReply reply;
  int fd = Connect(port);
  if (fd < 0) return reply;
  std::string received;
  if (SendAll(fd, request)) ReadFor(fd, received, timeout, WholeResponse);
  ::close(fd);
  size_t end = received.find("\r\n\r\n");
  if (received.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return reply;
  reply.status = std::atoi(received.c_str() + 9);
  reply.headers = received.substr(0, end);
  reply.body = received.substr(end + 4);
  return reply;
}

HttpReply Get(int port, const std::string& target) {
  return SendRaw(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

EventStream::EventStream(int port, uint64_t since) {
  fd_ = Connect(port);
  if (fd_ >= 0) {
    SendAll(fd_, "GET /.preview/events?since=" + std::to_string(since) +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
  }
}

EventStream::~EventStream() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t EventStream::NextReload(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string event = "event: reload\ndata: ";
  for (;;) {
    size_t at = received_.find(event, consumed_);
    if (at != std::string::npos && received_.find('\n', at + event.size()) != std::string::npos) {
      consumed_ = received_.find('\n', at + event.size());
      return std::stoull(received_.substr(at + event.size()));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (fd_ < 0 || left.count() <= 0) return 0;
    if (!ReadFor(fd_, received_, std::min(left, std::chrono::milliseconds(100)))) {
      ::close(fd_);
      fd_ = -1;
    }
  }
}

}  // namespace publish::test
