#include "cli/serve/http_server.h"

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace publish::cli {
namespace {

// True on the thread that turns away connections beyond the queue.
thread_local bool t_turning_away = false;
constexpr int kTurningAwayThreads = 32;
// The kernel's queue of connections not yet accepted (httplib listens with 5).
constexpr int kListenBacklog = 256;
// Requests with more header lines than this get 431.
constexpr size_t kMaxHeaderLines = 100;

// httplib's own pool queues connections without bound; this one serves
// `threads` at once, lets `queued` wait, and hands any more to threads of
// their own that answer 503 as soon as the request is read (a silent
// client holds one of them only until the keep-alive wait ends).
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int threads, int queued) : limit_(static_cast<size_t>(threads + queued)) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(waiting_, false); });
    for (int i = 0; i < kTurningAwayThreads; ++i) workers_.emplace_back([this] { Work(overflow_, true); });
  }

  void enqueue(std::function<void()> task) override {
    {
      std::lock_guard lock(mutex_);
      // Counted from the enqueue to the end of the connection, so the
      // choice does not hang on how soon a worker wakes.
      if (in_flight_ < limit_) {
        ++in_flight_;
        waiting_.push_back(std::move(task));
      } else {
        overflow_.push_back(std::move(task));
      }
    }
    ready_.notify_all();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      shutting_down_ = true;
    }
    ready_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

 private:
  void Work(std::deque<std::function<void()>>& queue, bool turning_away) {
    t_turning_away = turning_away;
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue.empty() || shutting_down_; });
        if (queue.empty()) return;
        task = std::move(queue.front());
        queue.pop_front();
      }
      task();  // serves the connection and closes its socket
      if (!turning_away) {
        std::lock_guard lock(mutex_);
        --in_flight_;
      }
    }
  }

  size_t limit_;  // connections served or waiting, at most
  size_t in_flight_ = 0;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> waiting_;
  std::deque<std::function<void()>> overflow_;
  bool shutting_down_ = false;
  std::vector<std::thread> workers_;
};

const char* ReasonFor(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Server Error" : "Error";
  }
}

}  // namespace

struct HttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  bool bound = false;
  socket_t listening = INVALID_SOCKET;
};

HttpServer::HttpServer(HttpHandler handler, HttpLimits limits) : impl_(std::make_unique<Impl>()) {
  httplib::Server& server = impl_->server;
  server.new_task_queue = [limits] { return new BoundedPool(limits.threads, limits.queued_connections); };
  server.set_read_timeout(limits.read_timeout_seconds, 0);
  server.set_write_timeout(limits.write_timeout_seconds, 0);
  server.set_keep_alive_timeout(limits.keep_alive_seconds);
  server.set_keep_alive_max_count(100);
  server.set_payload_max_length(64 * 1024);  // a preview takes no uploads
  // httplib's default options (SO_REUSEADDR), and the socket remembered so
  // Bind can lengthen its listen queue.
  server.set_socket_options([impl = impl_.get()](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    impl->listening = sock;
  });
  // Every request, whatever its method, is answered here.
  server.set_pre_routing_handler(
      [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        if (request.headers.size() > kMaxHeaderLines) {
          response.status = 431;
          response.set_header("Connection", "close");
          response.set_content("431 Request Header Fields Too Large\n", "text/plain; charset=utf-8");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (t_turning_away) {
          response.status = 503;
          response.set_header("Retry-After", "1");
          response.set_header("Connection", "close");
          response.set_content("publish serve: too many connections; try again\n", "text/plain; charset=utf-8");
          return httplib::Server::HandlerResponse::Handled;
        }
        HttpResponse answer = handler(HttpRequest{request.method, request.target});
        response.status = answer.status;
        for (const auto& [name, value] : answer.headers) response.set_header(name, value);
        if (answer.stream) {
          response.set_chunked_content_provider(
              answer.content_type, [stream = std::move(answer.stream)](size_t, httplib::DataSink& sink) {
                stream([&sink](std::string_view chunk) { return sink.write(chunk.data(), chunk.size()); });
                sink.done();
                return true;
              });
        } else {
          response.set_content(answer.body, answer.content_type);
        }
        return httplib::Server::HandlerResponse::Handled;
      });
  // Requests httplib refuses itself (malformed, too long) get a plain body.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        response.set_content(std::to_string(response.status) + " " + ReasonFor(response.status) + "\n",
                             "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    response.status = 500;
    response.set_content("500 Server Error\n", "text/plain; charset=utf-8");
  });
}

HttpServer::~HttpServer() { Stop(); }

bool HttpServer::Bind(const std::string& address, int port, std::string& error) {
  httplib::Server& server = impl_->server;
  if (port == 0) {
    port_ = server.bind_to_any_port(address);
    impl_->bound = port_ > 0;
  } else {
    impl_->bound = server.bind_to_port(address, port);
    port_ = port;
  }
  // listen() again on a listening socket sets its queue's length.
  if (impl_->bound && impl_->listening != INVALID_SOCKET) ::listen(impl_->listening, kListenBacklog);
  if (!impl_->bound) {
    error = "cannot listen on " + address + (port == 0 ? "" : " port " + std::to_string(port)) +
            " (is the address this machine's, and the port free?)";
    return false;
  }
  return true;
}

void HttpServer::Start() {
  if (!impl_->bound || impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

void HttpServer::Stop() {
  if (!impl_->bound) return;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->bound = false;
}

}  // namespace publish::cli
