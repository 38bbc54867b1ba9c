// One page file: front matter validated against the contract's schema,
// service metadata, encodings, and the body checks (headings, images, raw
// HTML). Every problem is asserted with its exact check id and line:col.
#include <catch2/catch.hpp>

#include "channels/registry.h"
#include "libpublish/checks/content_checks.h"
#include "libpublish/content/page.h"
#include "libpublish/content/service_words.h"
#include "libpublish/template/template.h"
#include "tests/test_support.h"

using namespace publish;
using publish::test::kToday;
using publish::test::Lines;
using Strings = std::vector<std::string>;

namespace {

struct Loaded {
  std::optional<Page> page;
  Diagnostics diagnostics;
  Strings lines;
};

// Loads `text` as content/x.md and runs the page checks on it.
Loaded Load(const std::string& text, const std::string& path = "content/x.md") {
  Loaded loaded;
  loaded.page = LoadPage(path, text, "en-GB", publish::AvailableChannels(), loaded.diagnostics);
  if (loaded.page) CheckPage(*loaded.page, kToday, loaded.diagnostics);
  loaded.lines = Lines(loaded.diagnostics);
  return loaded;
}

// Front matter lines between --- markers, then a body.
std::string PageText(const std::string& front, const std::string& body = "") {
  return "---\n" + front + "---\n" + body;
}

const std::string kService =
    "type: service\n"
    "service:\n"
    "  online: yes\n"
    "  apply_url: https://apply.example.gov.uk/\n";

}  // namespace

TEST_CASE("Front matter: a valid page loads without diagnostics", "[front-matter]") {
  auto loaded =
      Load(PageText("title: Pay your council tax\n"
                    "summary: Pay online.\n"
                    "type: service\n"
                    "visibility: public\n"
                    "channels: [public, text]\n"
                    "lang: en-GB\n"
                    "date: 2026-09-14\n"
                    "updated: 2026-10-01\n"
                    "review_by: 2027-04-01\n"
                    "owner: Revenues team\n"
                    "weight: 10\n"
                    "aliases: [/counciltax/pay.aspx]\n"
                    "service:\n"
                    "  department: Revenues and Benefits\n"
                    "  online: yes\n"
                    "  apply_url: https://pay.example.gov.uk/ctax\n"
                    "  cost: Free\n"
                    "  eligibility:\n"
                    "    - You live in the borough\n"
                    "  contact:\n"
                    "    phone: 01632 960 000\n"
                    "    email: council.tax@example.gov.uk\n"
                    "    address: Town Hall, High Street\n"
                    "  hours:\n"
                    "    - {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}\n"
                    "  related: [../benefits/council-tax-reduction.md]\n"
                    "extra: {anything: [goes, here]}\n",
                    "\nIntro.\n\n## Pay online\n"));
  CHECK(loaded.lines == Strings{});
  REQUIRE(loaded.page);
  const FrontMatter& meta = loaded.page->meta;
  CHECK(meta.title == "Pay your council tax");
  CHECK(meta.type == PageType::kService);
  CHECK(meta.channels == Strings{"public", "text"});
  CHECK(meta.date == Date{2026, 9, 14});
  CHECK(meta.weight == 10L);
  REQUIRE(meta.aliases.size() == 1);
  CHECK(meta.aliases[0].value == "/counciltax/pay.aspx");
  CHECK(meta.aliases[0].position.line == 13);
  CHECK(meta.aliases[0].position.column == 11);
  REQUIRE(meta.service);
  CHECK(meta.service->online == OnlineAvailability::kYes);
  CHECK(meta.service->contact.phone == "01632 960 000");
  REQUIRE(meta.service->hours.size() == 1);
  CHECK(meta.service->hours[0].days == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(meta.service->hours[0].opens == ClockTime{9, 0});
  CHECK(meta.service->hours[0].closes == ClockTime{17, 0});
  REQUIRE(meta.service->related.size() == 1);
  CHECK(loaded.page->body_first_line == 30);
  CHECK(loaded.page->heading_ids == Strings{"pay-online"});
}

TEST_CASE("Front matter: an unknown key is an error with did-you-mean", "[front-matter]") {
  auto loaded = Load(PageText("title: Pay\nsumary: Pay online.\nvisiblity: internal\ncolour: red\n"));
  CHECK(
      loaded.lines ==
      Strings{
          "content/x.md:3:1: error: unknown key 'sumary' in front matter (did you mean 'summary'?) [unknown-key]",
          "content/x.md:4:1: error: unknown key 'visiblity' in front matter (did you mean 'visibility'?) [unknown-key]",
          "content/x.md:5:1: error: unknown key 'colour' in front matter; remove it or check the spelling "
          "[unknown-key]",
      });
}

TEST_CASE("Front matter: unknown keys inside service, contact and hours", "[front-matter]") {
  auto loaded =
      Load(PageText("title: Pay\n"
                    "type: service\n"
                    "service:\n"
                    "  online: no\n"
                    "  departmnt: Revenues\n"
                    "  contact:\n"
                    "    phone: 01632 960 000\n"
                    "    emial: a@example.gov.uk\n"
                    "  hours:\n"
                    "    - {days: Monday, opens: \"09:00\", closes: \"17:00\", shut: \"12:00\"}\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:6:3: error: unknown key 'departmnt' in service (did you mean 'department'?) [unknown-key]",
            "content/x.md:9:5: error: unknown key 'emial' in contact (did you mean 'email'?) [unknown-key]",
            "content/x.md:11:55: error: unknown key 'shut' in an 'hours' entry; remove it or check the spelling "
            "[unknown-key]",
        });
}

TEST_CASE("Front matter: wrong types are positioned at the value", "[front-matter]") {
  auto loaded =
      Load(PageText("title: [Pay, your, tax]\n"
                    "summary: {a: b}\n"
                    "weight: heavy\n"
                    "aliases: {old: /x}\n"
                    "channels: [[public]]\n"));
  CHECK(loaded.lines == Strings{
                            "content/x.md:2:8: error: 'title' must be text, not a list [wrong-type]",
                            "content/x.md:3:10: error: 'summary' must be text, not a mapping [wrong-type]",
                            "content/x.md:4:9: error: 'weight' must be a whole number, not 'heavy' [wrong-type]",
                            "content/x.md:5:10: error: 'aliases' must be a list, not a mapping [wrong-type]",
                            "content/x.md:6:12: error: each entry of 'channels' must be text, not a list [wrong-type]",
                        });
}

TEST_CASE("Front matter: front matter that is not a mapping", "[front-matter]") {
  auto loaded = Load(PageText("- title\n- summary\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:2:1: error: front matter must be a mapping of keys to values, not a list [wrong-type]",
        });
}

TEST_CASE("Front matter: a bad enum value suggests the nearest", "[front-matter]") {
  auto loaded = Load(PageText("title: Pay\ntype: servce\nvisibility: Internal\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:3:7: error: 'type' cannot be 'servce'; use page, service or news (did you mean 'service'?) "
            "[bad-value]",
            "content/x.md:4:13: error: 'visibility' cannot be 'Internal'; use public or internal (did you mean "
            "'internal'?) [bad-value]",
        });
}

TEST_CASE("Front matter: an invalid date is refused", "[front-matter]") {
  auto loaded = Load(PageText("title: Pay\ndate: 2026-02-30\nupdated: 14/09/2026\nreview_by: 2027-4-1\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:3:7: error: 'date' is not a valid date: '2026-02-30'; write it as YYYY-MM-DD, for example "
            "2026-09-14 [bad-date]",
            "content/x.md:4:10: error: 'updated' is not a valid date: '14/09/2026'; write it as YYYY-MM-DD, for "
            "example 2026-09-14 [bad-date]",
            "content/x.md:5:12: error: 'review_by' is not a valid date: '2027-4-1'; write it as YYYY-MM-DD, for "
            "example 2026-09-14 [bad-date]",
        });
}

TEST_CASE("Front matter: an opening time of 25:00 is refused", "[front-matter][service]") {
  auto loaded =
      Load(PageText("title: Pay\n"
                    "type: service\n"
                    "service:\n"
                    "  online: no\n"
                    "  hours:\n"
                    "    - {days: Monday, opens: \"25:00\", closes: \"17:00\"}\n"
                    "    - {days: Tuesday, opens: 9am, closes: \"17:00\"}\n"
                    "    - {days: Friday, opens: \"17:00\", closes: \"09:00\"}\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:7:29: error: 'opens' is not a valid time: '25:00'; write a 24-hour time in quotes, for "
            "example \"09:00\" [bad-time]",
            "content/x.md:8:30: error: 'opens' is not a valid time: '9am'; write a 24-hour time in quotes, for "
            "example \"09:00\" [bad-time]",
            "content/x.md:9:38: error: 'closes' must be later than 'opens' [bad-time]",
        });
}

TEST_CASE("Front matter: title is required and may not be empty", "[front-matter]") {
  CHECK(Load(PageText("summary: No title here.\n")).lines ==
        Strings{"content/x.md:2:1: error: front matter has no 'title'; add 'title: ...' [missing-key]"});
  CHECK(Load(PageText("summary: x\ntitle:\n")).lines ==
        Strings{"content/x.md:3:1: error: 'title' is empty; give it a value [empty-value]"});
  CHECK(Load(PageText("title: \"\"\n")).lines ==
        Strings{"content/x.md:2:8: error: 'title' is empty; give it a value [empty-value]"});
  CHECK(Load(PageText("")).lines ==
        Strings{"content/x.md:2:1: error: the front matter is empty; add 'title: ...' [missing-key]"});
}

TEST_CASE("Front matter: a duplicate key is an error", "[front-matter]") {
  auto loaded = Load(PageText("title: One\nsummary: x\ntitle: Two\n"));
  CHECK(loaded.lines ==
        Strings{"content/x.md:4:1: error: key 'title' appears twice in front matter; keep one (the first is on line "
                "2) [duplicate-key]"});
}

TEST_CASE("Front matter: service is required on a service page", "[front-matter][service]") {
  CHECK(Load(PageText("title: Pay\ntype: service\n")).lines ==
        Strings{"content/x.md:3:1: error: a service page needs a 'service:' block with at least 'online' "
                "[missing-service]"});
}

TEST_CASE("Front matter: service is refused on other page types", "[front-matter][service]") {
  CHECK(Load(PageText("title: Pay\nservice:\n  online: no\n")).lines ==
        Strings{"content/x.md:3:1: error: 'service' is only allowed on service pages; add 'type: service' or "
                "remove it [service-not-allowed]"});
  CHECK(Load(PageText("title: Pay\ntype: news\ndate: 2026-01-01\nservice:\n  online: no\n")).lines ==
        Strings{"content/x.md:5:1: error: 'service' is only allowed on service pages; add 'type: service' or "
                "remove it [service-not-allowed]"});
}

TEST_CASE("Front matter: service needs online", "[front-matter][service]") {
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  cost: Free\n")).lines ==
        Strings{"content/x.md:5:3: error: service has no 'online'; add 'online: yes', 'partial' or 'no' "
                "[missing-key]"});
}

TEST_CASE("Front matter: online yes stays the string yes", "[front-matter][service]") {
  for (const char* value : {"yes", "\"yes\"", "'yes'"}) {
    auto loaded = Load(PageText(std::string("title: Pay\ntype: service\nservice:\n  online: ") + value +
                                "\n  apply_url: https://apply.example.gov.uk/\n"));
    INFO(value);
    CHECK(loaded.lines == Strings{});
    REQUIRE(loaded.page);
    REQUIRE(loaded.page->meta.service);
    CHECK(loaded.page->meta.service->online == OnlineAvailability::kYes);
  }
  // A YAML 1.1 boolean spelling is not one of the contract's words.
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: true\n")).lines ==
        Strings{"content/x.md:5:11: error: 'online' cannot be 'true'; use yes, partial or no [bad-value]"});
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: Yes\n  apply_url: https://a.example/\n")).lines ==
        Strings{"content/x.md:5:11: error: 'online' cannot be 'Yes'; use yes, partial or no (did you mean 'yes'?) "
                "[bad-value]"});
}

TEST_CASE("Front matter: apply_url is required unless online is no", "[front-matter][service]") {
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: yes\n")).lines ==
        Strings{"content/x.md:5:3: error: a service that can be done online needs 'apply_url', the address where "
                "people start [missing-apply-url]"});
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: partial\n")).lines ==
        Strings{"content/x.md:5:3: error: a service that can be done online needs 'apply_url', the address where "
                "people start [missing-apply-url]"});
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: no\n")).lines == Strings{});
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: no\n  apply_url: https://a.example/\n")).lines ==
        Strings{"content/x.md:6:14: warning: 'apply_url' is set but 'online' is 'no'; remove one of them "
                "[apply-url-offline]"});
}

TEST_CASE("Front matter: apply_url must be a web address", "[front-matter][service]") {
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: yes\n  apply_url: pay.example.gov.uk\n")).lines ==
        Strings{"content/x.md:6:14: error: 'apply_url' must be a full web address starting with https:// [bad-url]"});
  CHECK(Load(PageText("title: Pay\ntype: service\nservice:\n  online: yes\n  apply_url: http://pay.example.gov.uk\n"))
            .lines == Strings{"content/x.md:6:14: warning: 'apply_url' uses http:, which is not secure; use https: "
                              "[insecure-link]"});
}

TEST_CASE("Front matter: contact phone and email are checked for form", "[front-matter][service]") {
  auto loaded =
      Load(PageText("title: Pay\n"
                    "type: service\n"
                    "service:\n"
                    "  online: no\n"
                    "  contact:\n"
                    "    phone: call us\n"
                    "    email: tax at example.gov.uk\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:7:12: error: 'phone' is not a phone number: 'call us'; use digits and spaces, such as "
            "01632 960 000 [bad-phone]",
            "content/x.md:8:12: error: 'email' is not an email address: 'tax at example.gov.uk' [bad-email]",
        });
}

TEST_CASE("Front matter: an internal page in a public channel is a visibility conflict", "[front-matter]") {
  CHECK(Load(PageText("title: Leave\nvisibility: internal\nchannels: [public]\n")).lines ==
        Strings{"content/x.md:4:12: error: an internal page cannot be in the 'public' channel, which the public "
                "sees; remove it from 'channels' or make the page public [visibility-conflict]"});
  // The order of keys in the file does not matter.
  CHECK(Load(PageText("title: Leave\nchannels: [intranet, text]\nvisibility: internal\n")).lines ==
        Strings{"content/x.md:3:22: error: an internal page cannot be in the 'text' channel, which the public "
                "sees; remove it from 'channels' or make the page public [visibility-conflict]"});
  CHECK(Load(PageText("title: Leave\nvisibility: internal\nchannels: [intranet]\n")).lines == Strings{});
}

TEST_CASE("Front matter: unknown channel names suggest the nearest", "[front-matter]") {
  CHECK(Load(PageText("title: Pay\nchannels: [pubic, text]\n")).lines ==
        Strings{"content/x.md:3:12: error: unknown channel 'pubic' (did you mean 'public'?) [unknown-channel]"});
}

TEST_CASE("Front matter: a news page needs a date", "[front-matter]") {
  CHECK(Load(PageText("title: Bins at Christmas\ntype: news\n")).lines ==
        Strings{"content/x.md:3:1: error: a news page needs a 'date' (YYYY-MM-DD) [missing-date]"});
  CHECK(Load(PageText("title: Bins at Christmas\ntype: news\ndate: 2026-12-01\n")).lines == Strings{});
}

TEST_CASE("Front matter: a language tag must be known", "[front-matter]") {
  CHECK(Load(PageText("title: Pay\nlang: klingon\n")).lines ==
        Strings{"content/x.md:3:7: error: 'lang' is not a known language tag: 'klingon'; use one such as en-GB or "
                "cy [bad-language]"});
  auto welsh = Load(PageText("title: Talu\nlang: cy\n"));
  CHECK(welsh.lines == Strings{});
  REQUIRE(welsh.page);
  CHECK(welsh.page->language == "cy");
  auto site_language = Load(PageText("title: Pay\n"));
  REQUIRE(site_language.page);
  CHECK(site_language.page->language == "en-GB");
}

TEST_CASE("Front matter: review date in the past is a warning at its key", "[front-matter]") {
  CHECK(Load(PageText("title: Pay\nreview_by: 2026-05-31\n")).lines ==
        Strings{"content/x.md:3:1: warning: the page was due for review on 2026-05-31; check it is still right, "
                "then set a new 'review_by' date [review-overdue]"});
  CHECK(Load(PageText("title: Pay\nreview_by: 2026-06-01\n")).lines == Strings{});
}

TEST_CASE("Front matter: hours days as a range, a list, or one day", "[front-matter][service]") {
  auto days_of = [](const std::string& days) {
    auto loaded = Load(PageText("title: Pay\ntype: service\nservice:\n  online: no\n  hours:\n    - {days: " + days +
                                ", opens: \"09:00\", closes: \"17:00\"}\n"));
    INFO(days);
    CHECK(loaded.lines == Strings{});
    REQUIRE(loaded.page);
    REQUIRE(loaded.page->meta.service);
    REQUIRE(loaded.page->meta.service->hours.size() == 1);
    return std::make_pair(loaded.page->meta.service->hours[0].days, loaded.page->meta.service->hours[0].is_range);
  };
  CHECK(days_of("Monday to Friday") == std::make_pair(std::vector<int>{0, 1, 2, 3, 4}, true));
  CHECK(days_of("\"Monday, Wednesday and Friday\"") == std::make_pair(std::vector<int>{0, 2, 4}, false));
  CHECK(days_of("Saturday") == std::make_pair(std::vector<int>{5}, false));
  CHECK(days_of("Saturday and Sunday") == std::make_pair(std::vector<int>{5, 6}, false));
  CHECK(days_of("Friday to Monday") == std::make_pair(std::vector<int>{4, 5, 6, 0}, true));
  CHECK(days_of("monday to friday") == std::make_pair(std::vector<int>{0, 1, 2, 3, 4}, true));
}

TEST_CASE("Front matter: a misspelt day suggests the right one", "[front-matter][service]") {
  auto errors = [](const std::string& days) {
    return Load(PageText("title: Pay\ntype: service\nservice:\n  online: no\n  hours:\n    - days: " + days +
                         "\n      opens: \"09:00\"\n      closes: \"17:00\"\n"))
        .lines;
  };
  CHECK(errors("Munday") ==
        Strings{"content/x.md:7:13: error: 'Munday' is not a day of the week (did you mean 'Monday'?); write a day, "
                "'Monday to Friday', or a list such as 'Monday, Wednesday and Friday' [bad-days]"});
  CHECK(errors("Monday to Fridya") ==
        Strings{"content/x.md:7:13: error: 'Fridya' is not a day of the week (did you mean 'Friday'?); write a "
                "day, 'Monday to Friday', or a list such as 'Monday, Wednesday and Friday' [bad-days]"});
  CHECK(errors("Weekdays") ==
        Strings{"content/x.md:7:13: error: 'Weekdays' is not a day of the week; write a day, 'Monday to Friday', "
                "or a list such as 'Monday, Wednesday and Friday' [bad-days]"});
  CHECK(errors("\"Monday, Monday\"") ==
        Strings{"content/x.md:7:13: error: 'Monday' is listed twice in 'days' [bad-days]"});
}

TEST_CASE("Front matter: a byte order mark and CRLF line endings work", "[front-matter][encoding]") {
  auto loaded = Load(
      "\xEF\xBB\xBF---\r\ntitle: Café opening\r\nsumary: typo\r\n---\r\n\r\n## Opening times\r\n\r\n"
      "See [the menu](menu.md).\r\n");
  // Positions are the same as without the BOM and the CRs.
  CHECK(loaded.lines ==
        Strings{"content/x.md:3:1: error: unknown key 'sumary' in front matter (did you mean 'summary'?) "
                "[unknown-key]"});
  REQUIRE(loaded.page);
  CHECK(loaded.page->meta.title == "Café opening");
  CHECK(loaded.page->heading_ids == Strings{"opening-times"});
  REQUIRE(loaded.page->links.size() == 1);
  CHECK(loaded.page->links[0].destination == "menu.md");
  CHECK(loaded.page->links[0].position.line == 8);
  CHECK(loaded.page->links[0].position.column == 16);
}

TEST_CASE("Front matter: old Mac CR line endings work", "[front-matter][encoding]") {
  auto loaded = Load("---\rtitle: Bins\r---\r\r# Heading\r");
  CHECK(loaded.lines ==
        Strings{"content/x.md:5:1: error: the page title is the only level 1 heading; start body headings at ## "
                "(level 2) [body-h1]"});
}

TEST_CASE("Front matter: invalid UTF-8 is positioned in code points", "[front-matter][encoding]") {
  CHECK(Load("---\ntitle: Caf\xE9\n---\n").lines ==
        Strings{"content/x.md:2:11: error: the file is not valid UTF-8; save it as UTF-8 in your editor "
                "[invalid-utf8]"});
  CHECK(Load("---\ntitle: Café\n---\n\nŴyl \xFF here\n").lines ==
        Strings{"content/x.md:5:5: error: the file is not valid UTF-8; save it as UTF-8 in your editor "
                "[invalid-utf8]"});
  CHECK(Load("---\r\ntitle: Café\r\n---\r\n\r\nŴyl \xFF here\r\n").lines ==
        Strings{"content/x.md:5:5: error: the file is not valid UTF-8; save it as UTF-8 in your editor "
                "[invalid-utf8]"});
  // The page still exists, empty, so links to it give no second error.
  auto unreadable = Load("\xFF");
  REQUIRE(unreadable.page.has_value());
  CHECK(unreadable.page->front_matter_failed);
}

TEST_CASE("Front matter: a NUL character is refused", "[front-matter][encoding]") {
  CHECK(Load(std::string("---\ntitle: A") + '\0' + "B\n---\n").lines ==
        Strings{"content/x.md:2:9: error: the file contains a NUL character [invalid-utf8]"});
}

TEST_CASE("Front matter: an empty file is an empty page", "[front-matter]") {
  for (const char* text : {"", "\n\n", "  \t\n"}) {
    auto loaded = Load(text);
    CHECK(loaded.lines ==
          Strings{"content/x.md:1:1: error: the page is empty; start it with front matter: ---, title: ..., --- "
                  "[empty-page]"});
    REQUIRE(loaded.page.has_value());
    CHECK(loaded.page->front_matter_failed);
  }
}

TEST_CASE("Front matter: a page that is only front matter loads", "[front-matter]") {
  for (const char* text : {"---\ntitle: Only\n---", "---\ntitle: Only\n---\n", "---\ntitle: Only\n...\n"}) {
    auto loaded = Load(text);
    INFO(text);
    CHECK(loaded.lines == Strings{});
    REQUIRE(loaded.page);
    CHECK(loaded.page->meta.title == "Only");
    CHECK(loaded.page->body.children.empty());
  }
}

TEST_CASE("Front matter: missing or unclosed front matter", "[front-matter]") {
  CHECK(Load("# Pay your council tax\n").lines ==
        Strings{"content/x.md:1:1: error: the page has no front matter; start the file with a line '---', then "
                "'title: ...', then '---' [missing-front-matter]"});
  CHECK(Load("---\ntitle: Pay\n\nBody text.\n").lines ==
        Strings{"content/x.md:3:1: error: the front matter that starts on line 1 is not closed; add a line '---' "
                "here, after 'title: Pay' (line 2) [missing-front-matter]"});
  CHECK(Load("---").lines ==
        Strings{"content/x.md:1:1: error: the front matter is not closed; add a line '---' after it "
                "[missing-front-matter]"});
}

TEST_CASE("Front matter: a YAML syntax error is positioned in the page file", "[front-matter]") {
  CHECK(Load(PageText("title: Pay\nsummary: a: b\n")).lines ==
        Strings{"content/x.md:3:11: error: the value of 'summary' holds ': ', which YAML reads as the start of another "
                "key; put the whole value in quotes: summary: \"a: b\" [yaml-syntax]"});
}

TEST_CASE("Markdown checks: a body # heading is body-h1", "[front-matter][markdown]") {
  CHECK(Load(PageText("title: Pay\n", "\n# Pay your council tax\n\nText.\n")).lines ==
        Strings{"content/x.md:5:1: error: the page title is the only level 1 heading; start body headings at ## "
                "(level 2) [body-h1]"});
  // Setext level 1 too.
  CHECK(Load(PageText("title: Pay\n", "Pay\n===\n")).lines ==
        Strings{"content/x.md:4:1: error: the page title is the only level 1 heading; start body headings at ## "
                "(level 2) [body-h1]"});
}

TEST_CASE("Markdown checks: a skipped heading level is heading-skip", "[front-matter][markdown]") {
  CHECK(Load(PageText("title: Pay\n", "## Ways to pay\n\n#### By phone\n\n## Help\n\n### Debt advice\n")).lines ==
        Strings{"content/x.md:6:1: error: heading level 4 skips a level after level 2; use ### here "
                "[heading-skip]"});
  CHECK(Load(PageText("title: Pay\n", "Intro.\n\n### Too deep first\n")).lines ==
        Strings{"content/x.md:6:1: error: heading level 3 skips a level after level 1; use ## here "
                "[heading-skip]"});
  // Going back up any number of levels is fine.
  CHECK(Load(PageText("title: Pay\n", "## A\n\n### B\n\n#### C\n\n## D\n")).lines == Strings{});
}

TEST_CASE("Markdown checks: an empty heading is reported", "[front-matter][markdown]") {
  CHECK(Load(PageText("title: Pay\n", "##\n")).lines ==
        Strings{"content/x.md:4:1: error: the heading is empty; give it words or remove it [empty-heading]"});
}

TEST_CASE("Markdown checks: an image without alt text is image-alt", "[front-matter][markdown]") {
  CHECK(Load(PageText("title: Bins\n", "\nOur bins:\n\n![](bins.png)\n\n![ ](map.png \"A map\")\n")).lines ==
        Strings{
            "content/x.md:7:5: error: the image has no alt text; describe it in the brackets: ![what the image "
            "shows](bins.png) [image-alt]",
            "content/x.md:9:6: error: the image has no alt text; describe it in the brackets: ![what the image "
            "shows](map.png) [image-alt]",
        });
  CHECK(Load(PageText("title: Bins\n", "![A green wheelie bin](bins.png)\n")).lines == Strings{});
}

TEST_CASE("Markdown checks: vague and empty link text", "[front-matter][markdown]") {
  CHECK(Load(PageText("title: Bins\n", "For collection days [click here](days.md).\n\n[](days.md)\n")).lines ==
        Strings{
            "content/x.md:4:34: warning: link text 'click here' does not say where the link goes; describe the "
            "destination [vague-link-text]",
            "content/x.md:6:4: error: the link has no text; say where it goes in the brackets [empty-link-text]",
        });
}

TEST_CASE("Markdown checks: raw HTML is an error at its own position", "[front-matter][markdown]") {
  auto loaded = Load(PageText("title: Bins\n",
                              "\n<div class=\"warning\">Careful</div>\n\nSome <b>bold</b> words.\n\n"
                              "Café <span>menu</span>\n\n<!-- editor note -->\n"));
  CHECK(loaded.lines ==
        Strings{
            "content/x.md:5:1: error: raw HTML is not allowed: '<div class=\"warning\">Careful</div>'; use Markdown "
            "instead (it is left out of every output) [raw-html]",
            "content/x.md:7:6: error: raw HTML is not allowed: '<b>'; use Markdown instead (it is left out of every "
            "output) [raw-html]",
            "content/x.md:7:13: error: raw HTML is not allowed: '</b>'; use Markdown instead (it is left out of every "
            "output) [raw-html]",
            "content/x.md:9:6: error: raw HTML is not allowed: '<span>'; use Markdown instead (it is left out of "
            "every output) [raw-html]",
            "content/x.md:9:16: error: raw HTML is not allowed: '</span>'; use Markdown instead (it is left out of "
            "every output) [raw-html]",
            "content/x.md:11:1: error: raw HTML is not allowed: '<!-- editor note -->'; use Markdown instead (it is "
            "left out of every output) [raw-html]",
        });
}

TEST_CASE("Markdown checks: the same tag twice on a line is reported twice", "[front-matter][markdown]") {
  // markdown.cc ReportRawHtml searches the line for the tag from its start,
  // so the second <b> gets the first one's column and the two identical
  // diagnostics collapse into one.
  CHECK(Load(PageText("title: Bins\n", "<b>a</b> and <b>c</b>\n")).lines ==
        Strings{
            "content/x.md:4:1: error: raw HTML is not allowed: '<b>'; use Markdown instead (it is left out of every "
            "output) [raw-html]",
            "content/x.md:4:5: error: raw HTML is not allowed: '</b>'; use Markdown instead (it is left out of "
            "every output) [raw-html]",
            "content/x.md:4:14: error: raw HTML is not allowed: '<b>'; use Markdown instead (it is left out of every "
            "output) [raw-html]",
            "content/x.md:4:18: error: raw HTML is not allowed: '</b>'; use Markdown instead (it is left out of "
            "every output) [raw-html]",
        });
}

TEST_CASE("Markdown checks: HTML inside code is text, not raw HTML", "[front-matter][markdown]") {
  CHECK(Load(PageText("title: Bins\n", "Use `<b>` for bold.\n\n```\n<div>example</div>\n```\n")).lines == Strings{});
}

TEST_CASE("Markdown checks: raw HTML never reaches the output", "[front-matter][markdown]") {
  publish::test::SiteBuilder site;
  site.Page(
      "content/_index.md", "title: Home\n",
      "<script>alert('x')</script>\n\nHello <b onclick=\"x()\">there</b>.\n\n<iframe src=\"https://evil.example/\">\n");
  auto built = publish::test::BuildPublic(site.files());
  CHECK(built->result.outcome == Outcome::kContentErrors);
  CHECK(publish::test::LinesWith(built->diagnostics, "raw-html").size() == 4);
  // A failed build writes nothing at all.
  CHECK(built->output.files().empty());

  // Rendered regardless of the errors, the page still holds none of it.
  auto checked = publish::test::CheckSite(site);
  REQUIRE(checked.site);
  auto channel = MakeChannel("public");
  MemoryOutput output;
  Diagnostics diagnostics;
  BuildOptions options;
  options.known_channels = AvailableChannels();
  options.today = kToday;
  RenderSite(*checked.site, site.files(), {channel.get()}, options, output, diagnostics);
  REQUIRE(output.files().count("public/index.html") == 1);
  const std::string& html = output.files().at("public/index.html");
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("alert") == std::string::npos);
  CHECK(html.find("onclick") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("<b ") == std::string::npos);
  CHECK(html.find("</b>") == std::string::npos);
  CHECK(html.find("there") != std::string::npos);
}

TEST_CASE("Markdown: heading ids repeat as -1, -2 and avoid the page chrome's ids", "[front-matter][markdown]") {
  // The chrome's ids come from the themes themselves, not from a list here.
  CHECK(BuiltinThemeIds() == Strings{"contact", "kiosk-high-contrast", "kiosk-idle", "kiosk-idle-body",
                                     "kiosk-idle-title", "kiosk-larger-text", "main-content", "related-heading",
                                     "section-list-heading", "service-panel-heading", "take-away-heading"});
  Diagnostics diagnostics;
  auto page = LoadPage("content/x.md",
                       PageText("title: Pay\n" + kService,
                                "## Pay\n\n## Pay\n\n## Pay 1\n\n## Pay\n\n## Contact\n\n"
                                "## Café menu\n\n## Main content\n"),
                       "en-GB", publish::AvailableChannels(), diagnostics, BuiltinThemeIds());
  CHECK(Lines(diagnostics) == Strings{});
  REQUIRE(page);
  CHECK(page->heading_ids == Strings{"pay", "pay-1", "pay-1-1", "pay-2", "contact-1", "café-menu", "main-content-1"});
  // Without reserved ids (an embedder rendering a lone document) the
  // headings keep their own.
  auto plain = LoadPage("content/x.md", PageText("title: Pay\n", "## Contact\n"), "en-GB", publish::AvailableChannels(),
                        diagnostics);
  REQUIRE(plain);
  CHECK(plain->heading_ids == Strings{"contact"});
}

TEST_CASE("Markdown: links and images are collected with their destination positions", "[front-matter][markdown]") {
  auto loaded = Load(PageText("title: Pay\n",
                              "See [bands](bands.md#band-a) and [bands again](bands.md).\n\n"
                              "Café [menu](../menu.md) ![Map of the town](map.png)\n\n"
                              "| Band | Link |\n| --- | --- |\n| A | [pay](pay.md) |\n"));
  CHECK(loaded.lines == Strings{});
  REQUIRE(loaded.page);
  const auto& links = loaded.page->links;
  REQUIRE(links.size() == 5);
  auto at = [&](size_t i) {
    return std::make_tuple(links[i].destination, links[i].position.line, links[i].position.column, links[i].is_image);
  };
  CHECK(at(0) == std::make_tuple(std::string("bands.md#band-a"), 4, 13, false));
  CHECK(at(1) == std::make_tuple(std::string("bands.md"), 4, 48, false));
  CHECK(at(2) == std::make_tuple(std::string("../menu.md"), 6, 13, false));
  CHECK(at(3) == std::make_tuple(std::string("map.png"), 6, 44, true));
  CHECK(at(4) == std::make_tuple(std::string("pay.md"), 10, 13, false));
}

TEST_CASE("Markdown: a link column is the destination's even when its text appears earlier",
          "[front-matter][markdown]") {
  // markdown.cc PlaceDestination searches the block's lines for the
  // destination text from the start, so a destination also written as
  // plain text earlier on the line gets that earlier column.
  auto loaded = Load(PageText("title: Pay\n", "Read bands.md first: [the bands](bands.md).\n"));
  REQUIRE(loaded.page);
  REQUIRE(loaded.page->links.size() == 1);
  CHECK(loaded.page->links[0].position.line == 4);
  CHECK(loaded.page->links[0].position.column == 34);
}

TEST_CASE("Service words: phone numbers become international tel: links", "[service]") {
  CHECK(TelUri("01632 960 000") == "tel:+441632960000");
  CHECK(TelUri("(01632) 960000") == "tel:+441632960000");
  CHECK(TelUri("0800 123 4567") == "tel:+448001234567");
  CHECK(TelUri("+44 1632 960 000") == "tel:+441632960000");
  CHECK(TelUri("01632-960-000") == "tel:+441632960000");
}

TEST_CASE("Service words: the (0) in +44 (0) numbers is dropped", "[service]") {
  // UK numbers are often written "+44 (0)1632 960 000"; the front matter
  // accepts it, but service_words.cc TelUri keeps the 0, giving
  // tel:+4401632960000, a number that does not connect.
  CHECK(TelUri("+44 (0)1632 960 000") == "tel:+441632960000");
}

TEST_CASE("Service words: opening hours in words", "[service]") {
  auto hours = [](std::vector<int> days, bool is_range, ClockTime opens, ClockTime closes) {
    OpeningHours line;
    line.days = std::move(days);
    line.is_range = is_range;
    line.opens = opens;
    line.closes = closes;
    return line;
  };
  CHECK(HoursInWords(hours({0, 1, 2, 3, 4}, true, {9, 0}, {17, 0}), "en-GB") == "Monday to Friday, 9am to 5pm");
  CHECK(HoursInWords(hours({0, 2, 4}, false, {8, 30}, {12, 0}), "en-GB") ==
        "Monday, Wednesday and Friday, 8:30am to midday");
  CHECK(HoursInWords(hours({5}, false, {10, 0}, {24, 0}), "en-GB") == "Saturday, 10am to midnight");
  CHECK(HoursInWords(hours({4, 5, 6, 0}, true, {0, 0}, {12, 0}), "en-GB") == "Friday to Monday, midnight to midday");
  CHECK(EnglishDayName(0) == "Monday");
  CHECK(EnglishDayName(6) == "Sunday");
  CHECK(EnglishDayName(7) == "");
}
