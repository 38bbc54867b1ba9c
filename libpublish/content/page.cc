#include "libpublish/content/page.h"

#include <algorithm>
#include <map>
#include <set>

#include "libpublish/base/check_ids.h"
#include "libpublish/base/paths.h"
#include "libpublish/base/text.h"
#include "libpublish/base/yaml.h"
#include "libpublish/config/site_config.h"

namespace publish {
namespace {

const std::vector<std::string> kDayNames{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::string Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

// Line endings to "\n" and no byte order mark: positions stay the same.
std::string NormalizeNewlines(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

SourcePosition PositionOfByte(const std::string& file, std::string_view text, size_t offset) {
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
  return {file, line, static_cast<int>(CodePointCount(text.substr(line_start, offset - line_start))) + 1};
}

// A name with a newline or an escape in it forges report lines and breaks
// the sitemap; the page is still loaded so its other problems show.
void ReportBadFileName(const std::string& source_path, Diagnostics& diagnostics) {
  if (FindInvalidUtf8(source_path) != std::string::npos) {
    diagnostics.Error({source_path}, "the file name is not valid UTF-8; rename the file", checks::kInvalidUtf8);
    return;
  }
  auto found = FindForbiddenCharacters(source_path, 1);
  if (!found.empty()) {
    diagnostics.Error({source_path},
                      "the file name contains the control character or noncharacter " +
                          CodePointName(found.front().code_point) + "; rename the file without it",
                      checks::kControlCharacter);
  }
}

std::optional<int> DayIndex(const std::string& word) {
  for (size_t i = 0; i < kDayNames.size(); ++i) {
    if (ToLower(word) == ToLower(kDayNames[i])) return static_cast<int>(i);
  }
  return std::nullopt;
}

// "Monday to Friday", "Saturday", "Monday, Wednesday and Friday".
bool ParseDays(const PositionedString& text, OpeningHours& hours, Diagnostics& diagnostics) {
  auto unknown = [&](const std::string& word) {
    diagnostics.Error(text.position,
                      "'" + word + "' is not a day of the week" + DidYouMean(word, kDayNames) +
                          "; write a day, 'Monday to Friday', or a list such as 'Monday, Wednesday and Friday'",
                      checks::kBadDays);
    return false;
  };
  std::string value = Trim(text.value);
  size_t to = value.find(" to ");
  if (to != std::string::npos) {
    auto first = DayIndex(Trim(value.substr(0, to)));
    auto last = DayIndex(Trim(value.substr(to + 4)));
    if (!first) return unknown(Trim(value.substr(0, to)));
    if (!last) return unknown(Trim(value.substr(to + 4)));
    hours.is_range = true;
    for (int day = *first;; day = (day + 1) % 7) {
      hours.days.push_back(day);
      if (day == *last) break;
    }
    return true;
  }
  std::string list = value;
  size_t and_at = list.rfind(" and ");
  if (and_at != std::string::npos) list.replace(and_at, 5, ",");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string word = Trim(list.substr(start, comma - start));
    auto day = DayIndex(word);
    if (!day) return unknown(word);
    if (std::find(hours.days.begin(), hours.days.end(), *day) != hours.days.end()) {
      diagnostics.Error(text.position, "'" + word + "' is listed twice in 'days'", checks::kBadDays);
      return false;
    }
    hours.days.push_back(*day);
    start = comma + 1;
  }
  return !hours.days.empty();
}

bool LooksLikeEmail(const std::string& email) {
  size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) return false;
  std::string domain = email.substr(at + 1);
  size_t dot = domain.find('.');
  return dot != std::string::npos && dot > 0 && domain.back() != '.' &&
         email.find_first_of(" \t<>()[],;:\"") == std::string::npos;
}

bool LooksLikePhone(const std::string& phone) {
  int digits = 0;
  for (size_t i = 0; i < phone.size(); ++i) {
    char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == ' ' || c == '-' || (c == '+' && i == 0) || c == '(' || c == ')')) {
      return false;
    }
  }
  return digits >= 3 && digits <= 15;
}

std::optional<ServiceInfo> ReadService(const YamlNode* node, const std::string& file, Diagnostics& diagnostics) {
  ServiceInfo service;
  YamlFields fields(node, file, diagnostics, "service");
  if (auto value = fields.Text("department")) service.department = value->value;
  auto online = fields.OneOf("online", {"yes", "partial", "no"});
  if (!online && fields.Take("online") == nullptr) {
    diagnostics.Error(fields.KeyPosition("online"), "service has no 'online'; add 'online: yes', 'partial' or 'no'",
                      checks::kMissingKey);
  }
  service.online_position = fields.KeyPosition("online");
  if (online) {
    service.online = online->value == "yes"       ? OnlineAvailability::kYes
                     : online->value == "partial" ? OnlineAvailability::kPartial
                                                  : OnlineAvailability::kNo;
  }
  auto apply = fields.Text("apply_url");
  if (apply) {
    auto scheme_end = apply->value.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : apply->value.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http") {
      diagnostics.Error(apply->position, "'apply_url' must be a full web address starting with https://",
                        checks::kBadUrl);
    } else {
      service.apply_url = apply->value;
      service.apply_url_position = apply->position;
      if (scheme == "http") {
        diagnostics.Warning(apply->position,
                            "'apply_url' uses http:, which is not secure; use https:", checks::kInsecureLink);
      }
    }
  }
  if (online && online->value != "no" && !apply) {
    diagnostics.Error(fields.KeyPosition("online"),
                      "a service that can be done online needs 'apply_url', the address where people start",
                      checks::kMissingApplyUrl);
  }
  if (online && online->value == "no" && apply) {
    diagnostics.Warning(apply->position, "'apply_url' is set but 'online' is 'no'; remove one of them",
                        checks::kApplyUrlOffline);
  }
  if (auto value = fields.Text("cost")) service.cost = value->value;
  for (auto& item : fields.TextList("eligibility")) service.eligibility.push_back(item.value);
  if (const YamlNode* contact = fields.Take("contact")) {
    YamlFields contact_fields(contact, file, diagnostics, "contact");
    if (auto phone = contact_fields.Text("phone")) {
      if (LooksLikePhone(phone->value)) {
        service.contact.phone = phone->value;
      } else {
        diagnostics.Error(
            phone->position,
            "'phone' is not a phone number: '" + phone->value + "'; use digits and spaces, such as 01632 960 000",
            checks::kBadPhone);
      }
    }
    if (auto email = contact_fields.Text("email")) {
      if (LooksLikeEmail(email->value)) {
        service.contact.email = email->value;
      } else {
        diagnostics.Error(email->position, "'email' is not an email address: '" + email->value + "'",
                          checks::kBadEmail);
      }
    }
    if (auto address = contact_fields.Text("address")) service.contact.address = address->value;
    contact_fields.ReportUnknownKeys();
  }
  if (const YamlNode* hours = fields.Take("hours")) {
    if (hours->kind != YamlNode::Kind::kSequence) {
      diagnostics.Error(
          fields.PositionOf(*hours),
          "'hours' must be a list such as '- {days: Monday to Friday, opens: \"09:00\", closes: \"17:00\"}'",
          checks::kWrongType);
    } else {
      for (const auto& entry : hours->items) {
        YamlFields hour_fields(&entry, file, diagnostics, "an 'hours' entry");
        OpeningHours line;
        line.position = hour_fields.PositionOf(entry);
        auto days = hour_fields.Text("days", true);
        auto opens = hour_fields.TimeValue("opens", true);
        auto closes = hour_fields.TimeValue("closes", true);
        hour_fields.ReportUnknownKeys();
        bool ok = days && ParseDays(*days, line, diagnostics) && opens && closes;
        if (ok && !(*opens < *closes)) {
          diagnostics.Error(hour_fields.KeyPosition("closes"), "'closes' must be later than 'opens'", checks::kBadTime);
          ok = false;
        }
        if (ok) {
          line.opens = *opens;
          line.closes = *closes;
          service.hours.push_back(line);
        }
      }
    }
  }
  service.related = fields.TextList("related");
  fields.ReportUnknownKeys();
  return service;
}

void ReadFrontMatter(const YamlNode& root, const std::string& file, const std::vector<ChannelInfo>& channels,
                     FrontMatter& meta, Diagnostics& diagnostics) {
  YamlFields fields(&root, file, diagnostics, "front matter");
  if (auto title = fields.Text("title", true)) {
    meta.title = title->value;
    meta.title_position = fields.KeyPosition("title");
  }
  if (auto summary = fields.Text("summary")) {
    meta.summary = summary->value;
    meta.summary_position = fields.KeyPosition("summary");
  }
  auto type = fields.OneOf("type", {"page", "service", "news"});
  if (type)
    meta.type = type->value == "service" ? PageType::kService
                : type->value == "news"  ? PageType::kNews
                                         : PageType::kPage;
  auto visibility = fields.OneOf("visibility", {"public", "internal"});
  if (visibility && visibility->value == "internal") meta.visibility = Visibility::kInternal;
  if (fields.Take("channels") != nullptr) {
    std::vector<std::string> chosen;
    std::vector<std::string> known;
    for (const auto& channel : channels) known.push_back(channel.name);
    for (auto& name : fields.TextList("channels")) {
      auto channel = std::find_if(channels.begin(), channels.end(),
                                  [&](const ChannelInfo& info) { return info.name == name.value; });
      if (channel == channels.end()) {
        diagnostics.Error(name.position, "unknown channel '" + name.value + "'" + DidYouMean(name.value, known),
                          checks::kUnknownChannel);
        continue;
      }
      bool is_public = channel->audience == Audience::kPublic;
      if (is_public && meta.visibility == Visibility::kInternal) {
        diagnostics.Error(name.position,
                          "an internal page cannot be in the '" + name.value +
                              "' channel, which the public sees; "
                              "remove it from 'channels' or make the page public",
                          checks::kVisibilityConflict);
      }
      chosen.push_back(name.value);
    }
    meta.channels = chosen;
  }
  if (auto lang = fields.Text("lang")) {
    if (IsKnownLanguageTag(lang->value)) {
      meta.lang = lang->value;
    } else {
      diagnostics.Error(lang->position,
                        "'lang' is not a known language tag: '" + lang->value + "'; use one such as en-GB or cy",
                        checks::kBadLanguage);
    }
  }
  meta.date = fields.DateValue("date");
  meta.updated = fields.DateValue("updated");
  meta.review_by = fields.DateValue("review_by");
  meta.review_by_position = fields.KeyPosition("review_by");
  if (auto owner = fields.Text("owner")) meta.owner = owner->value;
  meta.weight = fields.Integer("weight");
  meta.aliases = fields.TextList("aliases");
  const YamlNode* service = fields.Take("service");
  if (service != nullptr) {
    if (meta.type != PageType::kService) {
      diagnostics.Error(fields.KeyPosition("service"),
                        "'service' is only allowed on service pages; add 'type: service' or remove it",
                        checks::kServiceNotAllowed);
    }
    meta.service = ReadService(service, file, diagnostics);
  } else if (meta.type == PageType::kService) {
    diagnostics.Error(fields.KeyPosition("type"), "a service page needs a 'service:' block with at least 'online'",
                      checks::kMissingService);
  }
  fields.Take("extra");  // free-form, never checked
  if (meta.type == PageType::kNews && !meta.date && fields.Take("date") == nullptr) {
    diagnostics.Error(fields.KeyPosition("type"), "a news page needs a 'date' (YYYY-MM-DD)", checks::kMissingDate);
  }
  fields.ReportUnknownKeys();
}

// One walk over a parsed body: character references that decode to
// control characters become U+FFFD (reported at the nearest position the
// tree has, since the source scan cannot see them); headings get unique
// ids, after the `seen` ones; links and images are listed in order.
void IndexBody(Page& page, std::map<std::string, int>& seen, Diagnostics& diagnostics) {
  std::vector<SourcePosition> nearest{{page.source_path, page.body_first_line, 1}};
  std::set<std::string> taken(page.heading_ids.begin(), page.heading_ids.end());
  for (const auto& [id, count] : seen) taken.insert(id);
  WalkMarkdown(page.body, [&](MdNode& node, MdEvent event) {
    if (event == MdEvent::kExit) {
      nearest.pop_back();
      return;
    }
    const SourcePosition& parent = nearest.back();
    nearest.push_back(node.line > 0 ? SourcePosition{parent.file, node.line, std::max(1, node.column)} : parent);
    for (std::string* text : {&node.literal, &node.url, &node.title, &node.info}) {
      auto found = FindForbiddenCharacters(*text, 1);
      if (found.empty()) continue;
      diagnostics.Error(nearest.back(),
                        "a character reference here makes the control character or noncharacter " +
                            CodePointName(found.front().code_point) + "; delete it",
                        checks::kControlCharacter);
      *text = WithoutForbiddenCharacters(*text, "\xEF\xBF\xBD");
    }
    if (node.type == MdType::kHeading) {
      std::string base = HeadingSlug(PlainText(node));
      if (base.empty()) base = "section";
      std::string id = base;
      int& count = seen[base];
      if (count > 0) id = base + "-" + std::to_string(count);
      ++count;
      // A later repeat must not collide with a heading literally named "x-1".
      while (taken.count(id) != 0) id = base + "-" + std::to_string(count++);
      node.id = id;
      taken.insert(id);
      page.heading_ids.push_back(id);
    }
    if (node.type == MdType::kLink || node.type == MdType::kImage) {
      PageLink link;
      link.destination = node.url;
      link.position = {page.source_path, node.line, node.column};
      link.is_image = node.type == MdType::kImage;
      node.link_index = static_cast<int>(page.links.size());
      page.links.push_back(std::move(link));
    }
  });
}

}  // namespace

bool Page::HasHeadingId(const std::string& id) const {
  return std::find(heading_ids.begin(), heading_ids.end(), id) != heading_ids.end();
}

std::optional<Page> LoadPage(const std::string& source_path, std::string raw, const std::string& site_language,
                             const std::vector<ChannelInfo>& channels, Diagnostics& diagnostics,
                             const std::vector<std::string>& reserved_ids) {
  ReportBadFileName(source_path, diagnostics);
  size_t bad = FindInvalidUtf8(raw);
  if (bad != std::string::npos) {
    diagnostics.Error(PositionOfByte(source_path, raw, bad),
                      "the file is not valid UTF-8; save it as UTF-8 in your editor", checks::kInvalidUtf8);
    return std::nullopt;
  }
  std::string text = NormalizeNewlines(std::move(raw));
  if (text.find('\0') != std::string::npos) {
    diagnostics.Error(PositionOfByte(source_path, text, text.find('\0')), "the file contains a NUL character",
                      checks::kInvalidUtf8);
    return std::nullopt;
  }
  // Reported here, once, where the source is whole; then each becomes U+FFFD,
  // which keeps every later column right, so a page rendered despite its
  // errors (publish render, an embedder) carries none of them anywhere.
  if (ReportForbiddenCharacters(source_path, text, diagnostics) > 0) {
    text = WithoutForbiddenCharacters(text, "\xEF\xBF\xBD");
  }
  if (text.find_first_not_of(" \t\n") == std::string::npos) {
    diagnostics.Error({source_path, 1, 1}, "the page is empty; start it with front matter: ---, title: ..., ---",
                      checks::kEmptyPage);
    return std::nullopt;
  }
  if (text.rfind("---\n", 0) != 0 && text != "---") {
    diagnostics.Error({source_path, 1, 1},
                      "the page has no front matter; start the file with a line '---', then 'title: ...', then '---'",
                      checks::kMissingFrontMatter);
    return std::nullopt;
  }
  // The closing line is "---" or "...".
  size_t yaml_start = 4;
  size_t close = std::string::npos;
  size_t search = yaml_start - 1;
  while (true) {
    size_t found = text.find('\n', search);
    if (found == std::string::npos) break;
    std::string_view rest = std::string_view(text).substr(found + 1);
    if (rest.rfind("---", 0) == 0 || rest.rfind("...", 0) == 0) {
      std::string_view after = rest.substr(3);
      if (after.empty() || after.front() == '\n' || after.find_first_not_of(" \t") == std::string_view::npos ||
          after.substr(0, after.find('\n')).find_first_not_of(" \t") == std::string_view::npos) {
        close = found + 1;
        break;
      }
    }
    search = found + 1;
  }
  if (close == std::string::npos) {
    diagnostics.Error({source_path, 1, 1}, "the front matter is not closed; add a line '---' after it",
                      checks::kMissingFrontMatter);
    return std::nullopt;
  }
  Page page;
  page.source_path = source_path;
  std::string_view yaml =
      std::string_view(text).substr(std::min(yaml_start, close), close - std::min(yaml_start, close));
  size_t body_start = text.find('\n', close);
  body_start = body_start == std::string::npos ? text.size() : body_start + 1;
  page.body_first_line =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(body_start), '\n'));
  auto root = ParseYaml(yaml, source_path, 2, diagnostics);
  if (root) {
    CheckEscapedCharacters(*root, source_path, diagnostics);
    if (root->IsNull()) {
      diagnostics.Error({source_path, 2, 1}, "the front matter is empty; add 'title: ...'", checks::kMissingKey);
    } else {
      ReadFrontMatter(*root, source_path, channels, page.meta, diagnostics);
    }
  }
  page.language = page.meta.lang.empty() ? site_language : page.meta.lang;
  page.body = ParseMarkdown(std::string_view(text).substr(body_start), source_path, page.body_first_line, diagnostics);
  // Ids the page chrome uses: a heading with the same words gets "-1".
  std::map<std::string, int> seen;
  for (const auto& id : reserved_ids) seen[id] = 1;
  IndexBody(page, seen, diagnostics);
  return page;
}

}  // namespace publish
