// For the serve tests: `publish serve --port 0` run in the background, its
// stderr read as it comes, and a minimal HTTP/1.1 client over a socket
// (the tests speak HTTP themselves so they can send what no client would).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace publish::test {

class ServeProcess {
 public:
  // Starts the server on `site` and waits (up to 30 s) for its first build.
  explicit ServeProcess(const std::filesystem::path& site);
  ~ServeProcess();  // kills it if it still runs
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }  // 0 when it did not start
  std::string Stderr() const;
  // Waits until stderr holds `text` `count` times; false after `timeout`.
  bool WaitForStderr(const std::string& text, size_t count, std::chrono::milliseconds timeout) const;
  // Sends `signal` and waits for the process to end; the signal that ended
  // it (0 when it exited), -1 when it did not end within 10 s.
  int Stop(int signal);
  int exit_code() const { return exit_code_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  int stderr_fd_ = -1;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::string stderr_;
};

struct HttpReply {
  int status = 0;  // 0: no reply (connection refused, closed or timed out)
  std::string headers;
  std::string body;                                   // as sent (chunked bodies are not decoded)
  std::string Header(const std::string& name) const;  // "" when absent
};

// Sends `request` as it is to 127.0.0.1:`port` and reads until the server
// closes or `timeout` passes.
HttpReply SendRaw(int port, const std::string& request, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// GET `target` with Connection: close.
HttpReply Get(int port, const std::string& target);

// The server's event stream, opened from build `since`.
class EventStream {
 public:
  EventStream(int port, uint64_t since);
  ~EventStream();
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;
  // Waits for the next "reload" event; its build number, or 0 after `timeout`.
  uint64_t NextReload(std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  int fd_ = -1;
  std::string received_;
  size_t consumed_ = 0;
};

}  // namespace publish::test
