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

// "{days: Monday, Wednesday and Friday, ...}": YAML ends the value of days at
// the first comma and makes "Wednesday and Friday" a key with no value.
// Says so once, at days, and claims those keys so they are not also unknown.
bool SplitDaysList(const YamlNode& entry, const PositionedString& days, YamlFields& fields, Diagnostics& diagnostics) {
  std::string written = days.value;
  bool split = false;
  for (const auto& [key, value] : entry.entries) {
    if (key.kind != YamlNode::Kind::kScalar || !value.IsNull() || key.quoted) continue;
    std::string words = key.scalar;
    size_t and_at = words.rfind(" and ");
    if (and_at != std::string::npos) words.replace(and_at, 5, ",");
    bool all_days = true;
    size_t start = 0;
    while (start <= words.size() && all_days) {
      size_t comma = words.find(',', start);
      if (comma == std::string::npos) comma = words.size();
      all_days = DayIndex(Trim(words.substr(start, comma - start))).has_value();
      start = comma + 1;
    }
    if (!all_days) continue;
    fields.Take(key.scalar);
    written += ", " + key.scalar;
    split = true;
  }
  if (split) {
    diagnostics.Error(days.position,
                      "YAML ends 'days' at the first comma, so the rest of the list became keys of their own; put "
                      "the days in quotes: days: \"" +
                          written + "\"",
                      checks::kBadDays);
  }
  return split;
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
        bool split = days && SplitDaysList(entry, *days, hour_fields, diagnostics);
        hour_fields.ReportUnknownKeys();
        bool ok = days && !split && ParseDays(*days, line, diagnostics) && opens && closes;
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
  meta.translation_of = fields.Text("translation_of");
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
  meta.draft = fields.Boolean("draft").value_or(false);
  for (const auto& [key, advice] : OtherToolsFrontMatterKeys()) fields.ExplainUnknownKey(key, advice);
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

// Where the front matter and the body are. When the front matter cannot be
// found (none, TOML, not closed) it reports that once and guesses where the
// body starts, so the page keeps its headings for the links to it.
struct FrontMatterSplit {
  bool found = false;
  size_t yaml_start = 0;
  size_t yaml_end = 0;
  size_t body_start = 0;
};

std::vector<std::string_view> LinesOf(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

size_t OffsetOfLine(const std::vector<std::string_view>& lines, std::string_view text, size_t index) {
  return index < lines.size() ? static_cast<size_t>(lines[index].data() - text.data()) : text.size();
}

bool IsClosingLine(std::string_view line, std::string_view marker) {
  return line.substr(0, 3) == marker && line.substr(3).find_first_not_of(" \t") == std::string_view::npos;
}

// "----", "--", " ---", an en or em dash: meant as the closing line.
bool LooksLikeClosingLine(std::string_view line) {
  std::string trimmed = Trim(line);
  if (trimmed.empty()) return false;
  if (trimmed.find_first_not_of('-') == std::string::npos) return trimmed.size() >= 2;
  for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {  // en dash, em dash
    std::string_view rest = trimmed;
    while (rest.substr(0, dash.size()) == dash || (!rest.empty() && rest.front() == '-')) {
      rest.remove_prefix(rest.front() == '-' ? 1 : dash.size());
    }
    if (rest.empty()) return true;
  }
  return false;
}

// A line that reads as Markdown rather than YAML: a heading of level two or
// more, or prose (no "key:", not indented, not a list or comment).
bool LooksLikeBody(std::string_view line) {
  if (line.rfind("##", 0) == 0) return true;
  if (line.empty() || line.front() == ' ' || line.front() == '-' || line.front() == '#') return false;
  size_t colon = line.find(':');
  return colon == std::string_view::npos;
}

FrontMatterSplit SplitFrontMatter(std::string_view text, const std::string& file, Diagnostics& diagnostics) {
  FrontMatterSplit split;
  auto lines = LinesOf(text);
  if (!lines.empty() && IsClosingLine(lines[0], "+++")) {
    size_t close = 1;
    while (close < lines.size() && !IsClosingLine(lines[close], "+++")) ++close;
    diagnostics.Error({file, 1, 1},
                      "this front matter is TOML, between '+++' lines, as Hugo and Zola write it; publish reads "
                      "YAML: make both '+++' lines '---' and write each 'key = value' as 'key: value'",
                      checks::kMissingFrontMatter);
    split.body_start = OffsetOfLine(lines, text, close + 1);
    return split;
  }
  if (lines.empty() || !IsClosingLine(lines[0], "---")) {
    diagnostics.Error({file, 1, 1},
                      "the page has no front matter; start the file with a line '---', then 'title: ...', then '---'",
                      checks::kMissingFrontMatter);
    return split;
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    if (IsClosingLine(lines[i], "---") || IsClosingLine(lines[i], "...")) {
      split.found = true;
      split.yaml_start = OffsetOfLine(lines, text, 1);
      split.yaml_end = OffsetOfLine(lines, text, i);
      split.body_start = OffsetOfLine(lines, text, i + 1);
      return split;
    }
  }
  // Not closed: a line meant as the end, or the first line of the body.
  for (size_t i = 1; i < lines.size(); ++i) {
    if (LooksLikeClosingLine(lines[i])) {
      diagnostics.Error({file, static_cast<int>(i) + 1, 1},
                        "the front matter ends with exactly three hyphens '---' at the start of a line, not '" +
                            Trim(lines[i]) + "'; write '---'",
                        checks::kMissingFrontMatter);
      split.body_start = OffsetOfLine(lines, text, i + 1);
      return split;
    }
    if (LooksLikeBody(lines[i])) {
      size_t last = i - 1;
      while (last > 0 && Trim(lines[last]).empty()) --last;
      if (last == 0) break;
      diagnostics.Error({file, static_cast<int>(last) + 2, 1},
                        "the front matter that starts on line 1 is not closed; add a line '---' here, after '" +
                            Trim(lines[last]) + "' (line " + std::to_string(last + 1) + ")",
                        checks::kMissingFrontMatter);
      split.body_start = OffsetOfLine(lines, text, last + 1);
      return split;
    }
  }
  diagnostics.Error({file, 1, 1}, "the front matter is not closed; add a line '---' after it",
                    checks::kMissingFrontMatter);
  split.body_start = text.size();
  return split;
}

}  // namespace

bool Page::HasHeadingId(const std::string& id) const {
  return std::find(heading_ids.begin(), heading_ids.end(), id) != heading_ids.end();
}

std::optional<Page> LoadPage(const std::string& source_path, std::string raw, const std::string& site_language,
                             const std::vector<ChannelInfo>& channels, Diagnostics& diagnostics,
                             const std::vector<std::string>& reserved_ids) {
  ReportBadFileName(source_path, diagnostics);
  Page page;
  page.source_path = source_path;
  page.language = site_language;
  // A page that cannot be read still exists, empty, for the links to it.
  auto failed = [&] {
    page.front_matter_failed = true;
    return std::optional<Page>(std::move(page));
  };
  size_t bad = FindInvalidUtf8(raw);
  if (bad != std::string::npos) {
    diagnostics.Error(PositionOfByte(source_path, raw, bad),
                      "the file is not valid UTF-8; save it as UTF-8 in your editor", checks::kInvalidUtf8);
    return failed();
  }
  std::string text = NormalizeNewlines(std::move(raw));
  if (text.find('\0') != std::string::npos) {
    diagnostics.Error(PositionOfByte(source_path, text, text.find('\0')), "the file contains a NUL character",
                      checks::kInvalidUtf8);
    return failed();
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
    return failed();
  }
  FrontMatterSplit split = SplitFrontMatter(text, source_path, diagnostics);
  page.front_matter_failed = !split.found;
  size_t body_start = std::min(split.body_start, text.size());
  page.body_first_line =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(body_start), '\n'));
  if (split.found) {
    std::string_view yaml = std::string_view(text).substr(split.yaml_start, split.yaml_end - split.yaml_start);
    auto root = ParseYaml(yaml, source_path, 2, diagnostics);
    if (root) {
      CheckEscapedCharacters(*root, source_path, diagnostics);
      if (root->IsNull()) {
        diagnostics.Error({source_path, 2, 1}, "the front matter is empty; add 'title: ...'", checks::kMissingKey);
      } else {
        ReadFrontMatter(*root, source_path, channels, page.meta, diagnostics);
      }
    } else {
      page.front_matter_failed = true;
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
