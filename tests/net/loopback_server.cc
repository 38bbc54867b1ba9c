#include "tests/net/loopback_server.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "tests/test_support.h"

namespace publish::test {

LoopbackServer::LoopbackServer(int hosts) {
  int to_child[2], from_child[2];
  REQUIRE(::pipe2(to_child, O_CLOEXEC) == 0);
  REQUIRE(::pipe2(from_child, O_CLOEXEC) == 0);
  std::string script = (TestsDir() / "net/loopback_server.py").string();
  std::string count = std::to_string(hosts);
  pid_ = ::fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    ::dup2(to_child[0], 0);
    ::dup2(from_child[1], 1);
    ::execl("/usr/bin/python3", "python3", script.c_str(), count.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  stdin_ = to_child[1];
  std::string line;
  char c;
  while (::read(from_child[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(from_child[0]);
  REQUIRE(!line.empty());
  port_ = std::stoi(line);
}

LoopbackServer::~LoopbackServer() {
  ::close(stdin_);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

std::string LoopbackServer::Url(const std::string& path, int host) const {
  return "http://127.0.0." + std::to_string(host) + ":" + std::to_string(port_) + path;
}

std::vector<LoopbackServer::Request> LoopbackServer::Log() const {
  std::vector<Request> requests;
  auto result = Run({"/usr/bin/python3", "-c",
                     "import urllib.request,sys;"
                     "sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                     Url("/log")});
  REQUIRE(result.exit_code == 0);
  for (const auto& line : SplitLines(result.out)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t tab = line.find('\t');; tab = line.find('\t', start)) {
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() == 5 && fields[2] != "/log")
      requests.push_back({fields[0], fields[1], fields[2], std::stod(fields[3]), fields[4]});
  }
  return requests;
}

}  // namespace publish::test
