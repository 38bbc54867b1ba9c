// Runs the fuzzer's seed corpus and every kept crash input through the same
// pipeline as page_fuzzer, so the sanitizer build checks them on each run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

TEST_CASE("Fuzz corpus: seed and regression inputs go through the whole pipeline", "[fuzz]") {
  int inputs = 0;
  for (const char* folder : {"corpus", "regressions"}) {
    fs::path path = fs::path(PUBLISH_TESTS_DIR) / "fuzz" / folder;
    if (!fs::is_directory(path)) continue;
    for (const auto& entry : fs::directory_iterator(path)) {
      if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      std::string bytes = buffer.str();
      INFO(entry.path().string());
      CHECK(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) == 0);
      ++inputs;
    }
  }
  CHECK(inputs >= 6);
}
