// The base layer's small pieces: dates and times, diagnostics and their
// format, JSON strings, SHA-256 digests, and the in-memory disk.
#include <catch2/catch.hpp>

#include "libpublish/base/date.h"
#include "libpublish/base/diagnostics.h"
#include "libpublish/base/json.h"
#include "libpublish/base/output.h"
#include "libpublish/base/sha256.h"
#include "libpublish/base/site_files.h"
#include "libpublish/base/text.h"
#include "tests/test_support.h"

using namespace publish;

TEST_CASE("Dates: strict ISO dates naming real days", "[date]") {
  CHECK(ParseIsoDate("2026-09-14") == Date{2026, 9, 14});
  CHECK(ParseIsoDate("2028-02-29") == Date{2028, 2, 29});
  CHECK_FALSE(ParseIsoDate("2026-02-29").has_value());
  CHECK_FALSE(ParseIsoDate("2026-02-30").has_value());
  CHECK_FALSE(ParseIsoDate("2026-13-01").has_value());
  CHECK_FALSE(ParseIsoDate("2026-00-10").has_value());
  CHECK_FALSE(ParseIsoDate("2026-9-14").has_value());
  CHECK_FALSE(ParseIsoDate("14/09/2026").has_value());
  CHECK_FALSE(ParseIsoDate("2026-09-14T10:00").has_value());
  CHECK_FALSE(ParseIsoDate("").has_value());
  CHECK(Date{2026, 9, 4}.ToIso() == "2026-09-04");
}

TEST_CASE("Dates: unix seconds to a calendar date", "[date]") {
  CHECK(Date::FromUnixSeconds(0) == Date{1970, 1, 1});
  CHECK(Date::FromUnixSeconds(1780272000) == Date{2026, 6, 1});
  CHECK(Date::FromUnixSeconds(1780272000 - 1) == Date{2026, 5, 31});
}

TEST_CASE("Dates: strict 24-hour clock times", "[date]") {
  CHECK(ParseClockTime("09:00") == ClockTime{9, 0});
  CHECK(ParseClockTime("17:30") == ClockTime{17, 30});
  CHECK(ParseClockTime("00:00") == ClockTime{0, 0});
  CHECK(ParseClockTime("24:00") == ClockTime{24, 0});
  CHECK_FALSE(ParseClockTime("25:00").has_value());
  CHECK_FALSE(ParseClockTime("24:01").has_value());
  CHECK_FALSE(ParseClockTime("12:60").has_value());
  CHECK_FALSE(ParseClockTime("9:00").has_value());
  CHECK_FALSE(ParseClockTime("9am").has_value());
  CHECK_FALSE(ParseClockTime("0900").has_value());
}

TEST_CASE("Diagnostics: the format is file:line:col: severity: message and check id", "[diagnostics]") {
  CHECK(FormatDiagnostic({Severity::kError, {"content/a.md", 12, 5}, "broken", "broken-link"}) ==
        "content/a.md:12:5: error: broken [broken-link]");
  CHECK(FormatDiagnostic({Severity::kWarning, {"content/a.md", 3, 1}, "old", "review-overdue"}) ==
        "content/a.md:3:1: warning: old [review-overdue]");
  // Line 0 means the whole file.
  CHECK(FormatDiagnostic({Severity::kError, {"content/a.md", 0, 0}, "unreadable", "x"}) ==
        "content/a.md: error: unreadable [x]");
  CHECK(FormatDiagnostic({Severity::kError, {"", 0, 0}, "no site", "x"}) == "<site>: error: no site [x]");
}

TEST_CASE("Diagnostics: sorted by file, line and column, duplicates dropped", "[diagnostics]") {
  Diagnostics diagnostics;
  diagnostics.Error({"content/b.md", 1, 1}, "b", checks::kRawHtml);
  diagnostics.Error({"content/a.md", 10, 1}, "a10", checks::kRawHtml);
  diagnostics.Warning({"content/a.md", 2, 7}, "a2", checks::kInsecureLink);
  diagnostics.Error({"content/a.md", 2, 3}, "a2c3", checks::kRawHtml);
  diagnostics.Error({"content/b.md", 1, 1}, "b", checks::kRawHtml);
  auto sorted = diagnostics.Sorted();
  REQUIRE(sorted.size() == 4);
  CHECK(sorted[0].message == "a2c3");
  CHECK(sorted[1].message == "a2");
  CHECK(sorted[2].message == "a10");
  CHECK(sorted[3].message == "b");
  CHECK(diagnostics.ErrorCount() == 4);
  CHECK(diagnostics.WarningCount() == 1);
  diagnostics.PromoteWarnings();
  CHECK(diagnostics.WarningCount() == 0);
  CHECK(diagnostics.HasErrors());
}

TEST_CASE("Json: strings are escaped and safe inside a script element", "[json]") {
  CHECK(JsonString("plain") == "\"plain\"");
  CHECK(JsonString("a \"quote\" and \\") == "\"a \\\"quote\\\" and \\\\\"");
  CHECK(JsonString("line\nbreak\ttab") == "\"line\\nbreak\\ttab\"");
  CHECK(JsonString("</script><b>&") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
  CHECK(JsonString(std::string("\x01", 1)) == "\"\\u0001\"");
  CHECK(JsonString("café") == "\"café\"");
}

TEST_CASE("Json: any bytes in keys and values give valid JSON, and no exception", "[json]") {
  const std::string hostile = "bad\xff\xC3 \x1b[2J \x7f \xE2\x80\xA8 </script> & \n";
  Json value{{"ok", 1}, {hostile, hostile}, {"list", Json::array({hostile, 2.5, nullptr, true})}};
  for (JsonLayout layout : {JsonLayout::kCompact, JsonLayout::kIndented}) {
    std::string text = JsonText(value, layout);
    INFO(text);
    CHECK(FindInvalidUtf8(text) == std::string::npos);
    CHECK(FindForbiddenCharacters(text, 1).empty());
    // Safe inside <script>: nothing can close the element or open a comment.
    CHECK(text.find_first_of("<>&") == std::string::npos);
    auto parsed = test::ParseJson(text);
    REQUIRE(parsed);
    CHECK(parsed->at("ok") == 1);
    CHECK(parsed->at("list")[0] == "bad\uFFFD\uFFFD \x1b[2J \x7f \u2028 </script> & \n");
  }
  CHECK(JsonText(value, JsonLayout::kIndented).back() == '\n');
  CHECK(JsonText(value).find('\n') == std::string::npos);
}

TEST_CASE("Memory disk: files listed sorted and writes refused outside the output", "[file-system]") {
  MemorySiteFiles files;
  files.Add("content/b.md", "b");
  files.Add("content/a.md", "a");
  Diagnostics diagnostics;
  CHECK(files.ListFiles(diagnostics) == std::vector<std::string>{"content/a.md", "content/b.md"});
  CHECK(files.ReadFile("content/a.md") == "a");
  CHECK_FALSE(files.ReadFile("content/c.md").has_value());

  MemoryOutput output;
  CHECK(output.Write("public/index.html", "x", diagnostics));
  CHECK_FALSE(output.Write("../escape.html", "x", diagnostics));
  CHECK_FALSE(output.Write("/etc/passwd", "x", diagnostics));
  CHECK(output.files().size() == 1);
  REQUIRE(diagnostics.ErrorCount() == 2);
  CHECK(diagnostics.Sorted()[0].check_id == "path-outside-output");
}

TEST_CASE("SHA-256: the published test vectors", "[sha256]") {
  // FIPS 180-2 appendix B, and one byte string with a NUL inside.
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(Sha256Hex(std::string_view("a\0b", 3)) == "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
}
