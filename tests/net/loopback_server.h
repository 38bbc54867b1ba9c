// A real HTTP server on loopback for the link checker's tests
// (tests/net/loopback_server.py), started for one test and stopped with it:
// closing its stdin ends it, so it never outlives a crashed test either.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace publish::test {

class LoopbackServer {
 public:
  // Listens on 127.0.0.1 .. 127.0.0.`hosts`, one port for all.
  explicit LoopbackServer(int hosts = 2);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string Url(const std::string& path, int host = 1) const;
  int port() const { return port_; }

  // Every request so far.
  struct Request {
    std::string host, method, path;
    double at;  // seconds since the server started
    std::string council_header;
  };
  std::vector<Request> Log() const;  // without the requests for the log itself

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

}  // namespace publish::test
