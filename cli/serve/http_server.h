// The preview server's HTTP side: the one file that includes cpp-httplib.
// Every request goes to one handler that answers from memory; the server
// bounds what a client can hold (connections, header size, time).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace publish::cli {

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: path and query, still percent-encoded
};

// Writes one chunk of a streamed response; false once the client has gone.
using StreamWrite = std::function<bool(std::string_view chunk)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is streamed instead (Server-Sent Events): called
  // once on the connection's thread, it writes until it returns.
  std::function<void(const StreamWrite& write)> stream;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest& request)>;

struct HttpLimits {
  int threads = 48;              // requests served at once (event streams included)
  int queued_connections = 64;   // waiting for a thread; more get 503 at once
  int read_timeout_seconds = 5;  // a request's headers must arrive in this
  int write_timeout_seconds = 5;
  int keep_alive_seconds = 2;
};

class HttpServer {
 public:
  HttpServer(HttpHandler handler, HttpLimits limits = {});
  ~HttpServer();  // stops and joins
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `address` (an IPv4 or IPv6 literal or a host name) at `port`
  // (0: a free one). False with `error`. Connections wait in the kernel's
  // queue until Start.
  bool Bind(const std::string& address, int port, std::string& error);
  int port() const { return port_; }
  // Serves on a thread of its own.
  void Start();
  // Stops accepting, ends the streams (their `write` fails) and joins.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace publish::cli
