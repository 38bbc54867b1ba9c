// The one list of checks publish runs: each check's stable id, default
// severity, what it finds and how to fix it (reports and SARIF rules read
// it). Call sites name these constants, so a mistyped id does not compile.
#pragma once

#include <span>
#include <string_view>

namespace publish {

enum class Severity { kWarning, kError };

struct Check {
  std::string_view id;           // stable, lower case, words joined by '-'
  Severity severity;             // as the code reports it; --strict makes warnings errors
  std::string_view description;  // one plain sentence: what the check finds
  std::string_view help;         // how to fix it
};

namespace checks {

inline constexpr Check kAToZReplaced{"a-to-z-replaced", Severity::kWarning,
                                     "a page takes the address of the generated A to Z of services, which is left out",
                                     "move the page to another address if the generated A to Z is wanted"};
inline constexpr Check kAliasConflict{
    "alias-conflict", Severity::kError, "an alias is claimed twice, or names an address the site already has",
    "give each old address to one page only, and never the address of a real page or file"};
inline constexpr Check kAltTextFileName{"alt-text-file-name", Severity::kWarning,
                                        "an image's alt text is a file name, which tells nobody what the image shows",
                                        "describe what the image shows"};
inline constexpr Check kAltTextImageOf{
    "alt-text-image-of", Severity::kWarning,
    "an image's alt text starts 'image of' or 'photo of', which screen readers already say",
    "start with what the image shows"};
inline constexpr Check kAltTextTooLong{
    "alt-text-too-long", Severity::kWarning, "an image's alt text is over 150 characters, too long to listen to",
    "keep the alt text short and put the detail in a caption or the text near the image"};
inline constexpr Check kAmbiguousLinkText{"ambiguous-link-text", Severity::kWarning,
                                          "links with the same text on one page go to different places",
                                          "give each link text that says where it goes"};
inline constexpr Check kApplyUrlOffline{"apply-url-offline", Severity::kWarning,
                                        "a service has an 'apply_url' but says it cannot be done online",
                                        "remove 'apply_url' or set 'online' to yes or partial"};
inline constexpr Check kAudioSynthesis{"audio-synthesis", Severity::kError,
                                       "speech synthesis failed while recording a page",
                                       "check that espeak-ng and its voices are installed, then build again"};
inline constexpr Check kBadAlias{"bad-alias", Severity::kError, "an alias is not a site path that can redirect",
                                 "write the alias as a site path starting with '/', such as /counciltax/pay.aspx"};
inline constexpr Check kBadDate{"bad-date", Severity::kError, "a date is not an ISO YYYY-MM-DD date",
                                "write the date as YYYY-MM-DD, for example 2026-09-14"};
inline constexpr Check kBadDays{
    "bad-days", Severity::kError, "opening days are not a day, a range 'X to Y' or a list 'X, Y and Z'",
    "write the days as 'Monday', 'Monday to Friday' or 'Tuesday, Thursday and Saturday' (quoted)"};
inline constexpr Check kBadEmail{"bad-email", Severity::kError, "an email address is not of the form name@domain",
                                 "correct the address"};
inline constexpr Check kBadFileName{"bad-file-name", Severity::kError,
                                    "a file name cannot be published: invalid UTF-8 or control characters in it",
                                    "rename the file with ordinary printable characters"};
inline constexpr Check kBadKioskSection{"bad-kiosk-section", Severity::kError,
                                        "a 'kiosk.sections' entry is not a top-level section of the site",
                                        "name a folder directly under content/ that has pages"};
inline constexpr Check kBadLanguage{"bad-language", Severity::kError,
                                    "a language tag is not a well-formed BCP 47 tag of a known language",
                                    "use a tag such as en-GB or cy"};
inline constexpr Check kBadTranslation{
    "bad-translation", Severity::kError,
    "a 'translation_of' names no page, a page in the same language, or a page that already has a translation in "
    "that language",
    "name the page this one translates, relative to this file, such as ../council-tax/pay.md; one per language"};
inline constexpr Check kBadMailto{"bad-mailto", Severity::kError, "a mailto: link is malformed",
                                  "write it as mailto:name@domain"};
inline constexpr Check kBadPhone{"bad-phone", Severity::kError, "a phone number is not one that can be dialled",
                                 "write the number with digits, spaces and an optional leading +"};
inline constexpr Check kBadScheme{"bad-scheme", Severity::kError, "a link uses a scheme the site cannot publish",
                                  "use https:, http:, mailto:, tel: or a link inside the site"};
inline constexpr Check kBadSymlink{"bad-symlink", Severity::kError,
                                   "a symbolic link is broken or leads outside the site folder",
                                   "replace the link with the file itself"};
inline constexpr Check kBadTel{"bad-tel", Severity::kError, "a tel: link is malformed",
                               "write it as tel: followed by the number's digits"};
inline constexpr Check kBadTime{"bad-time", Severity::kError, "a time is not a 24-hour \"HH:MM\" string",
                                "write the time quoted, as \"09:00\""};
inline constexpr Check kBadUrl{"bad-url", Severity::kError,
                               "an address in the settings or front matter is not an absolute http(s) URL",
                               "write the full address, starting with https://"};
inline constexpr Check kBadValue{"bad-value", Severity::kError,
                                 "a key holds a value that is not one of those it allows",
                                 "use one of the values the message lists"};
inline constexpr Check kBareUrlLinkText{
    "bare-url-link-text", Severity::kWarning,
    "a link's text is a web address, which screen readers read out character by character",
    "write words that say where the link goes: [Pay your council tax](https://...)"};
inline constexpr Check kBodyH1{"body-h1", Severity::kError,
                               "the page body has a level 1 heading; the title is the page's only h1",
                               "start body headings at ## (level 2)"};
inline constexpr Check kBrokenLink{"broken-link", Severity::kError,
                                   "a link leads to a page, file or fragment that does not exist",
                                   "correct the link; the message suggests the nearest existing target"};
inline constexpr Check kChannelLink{
    "channel-link", Severity::kError,
    "a link leads to a page that its 'channels:' keeps out of a channel this page is in",
    "link to a page that channel holds, or change the target's 'channels:'"};
inline constexpr Check kControlCharacter{"control-character", Severity::kError,
                                         "a file holds a control character or noncharacter",
                                         "delete the character; the column says where it is"};
inline constexpr Check kDuplicateKey{"duplicate-key", Severity::kError, "a YAML mapping has the same key twice",
                                     "remove one of the two keys"};
inline constexpr Check kDuplicateTitle{"duplicate-title", Severity::kWarning,
                                       "two pages of the site have the same title",
                                       "give each page a title that says how it differs"};
inline constexpr Check kEmptyHeading{"empty-heading", Severity::kError, "a heading has no text",
                                     "write the heading's text or remove the heading"};
inline constexpr Check kEmptyLinkText{"empty-link-text", Severity::kError,
                                      "a link has no text a screen reader can read",
                                      "write link text that says where the link goes"};
inline constexpr Check kEmptyPage{"empty-page", Severity::kError, "a page file is empty",
                                  "write the front matter and body, or delete the file"};
inline constexpr Check kEmptyValue{"empty-value", Severity::kError, "a required key is present but empty",
                                   "give the key a value"};
inline constexpr Check kExternalLinkBroken{
    "external-link-broken", Severity::kError,
    "a web address does not work: 404 or 410, no such host, or a failure that persisted after retries",
    "correct the address (open it in a browser to find the page's new address) or remove the link"};
inline constexpr Check kExternalLinkFailing{
    "external-link-failing", Severity::kWarning,
    "a web address failed in this scheduled run, but not yet in enough runs in a row to count as broken",
    "open it in a browser; if it stays broken, correct the address or remove the link"};
inline constexpr Check kExternalLinkMoved{"external-link-moved", Severity::kWarning,
                                          "a web address has moved for good (a permanent redirect)",
                                          "link to the new address the message names"};
inline constexpr Check kExternalLinkUnverified{
    "external-link-unverified", Severity::kWarning,
    "a web address could not be checked: the site blocks robots, asks to log in or limits requests",
    "open it in a browser; if it works, add its status to 'link_check: accept' or the address to "
    "'link_check: exclude' in site.yaml"};
inline constexpr Check kHardToRead{"hard-to-read", Severity::kWarning,
                                   "a page's Flesch reading ease is below the site's minimum",
                                   "use shorter sentences and shorter, everyday words"};
inline constexpr Check kHeadingSkip{"heading-skip", Severity::kError, "a heading skips a level (## then ####)",
                                    "use the next heading level down"};
inline constexpr Check kHiddenFile{"hidden-file", Severity::kWarning, "a hidden file or folder is never published",
                                   "remove it from content/, or rename it if it should be published"};
inline constexpr Check kImageAlt{"image-alt", Severity::kError, "an image has no alt text",
                                 "describe the image in the alt text (![description](file.png))"};
inline constexpr Check kInsecureLink{"insecure-link", Severity::kWarning, "a link uses http:, which is not secure",
                                     "use https: if the site supports it"};
inline constexpr Check kInternalError{"internal-error", Severity::kError,
                                      "publish failed in a way that is a bug in publish",
                                      "report it with the site that shows it"};
inline constexpr Check kInternalLink{"internal-link", Severity::kError,
                                     "a public page or setting links to an internal page or file",
                                     "remove the link, or make the target public"};
inline constexpr Check kIntranetPageReplaced{"intranet-page-replaced", Severity::kWarning,
                                             "a page takes the intranet address of a generated page, which is left out",
                                             "move the page to another address if the generated page is wanted"};
inline constexpr Check kInvalidUtf8{"invalid-utf8", Severity::kError, "a file is not valid UTF-8",
                                    "save the file as UTF-8"};
inline constexpr Check kKioskListenTooLong{"kiosk-listen-too-long", Severity::kWarning,
                                           "a kiosk page is too long to record for its Listen control",
                                           "shorten the page or split it"};
inline constexpr Check kKioskQrCode{"kiosk-qr-code", Severity::kError,
                                    "an address is too long to show on the kiosk as a QR code", "shorten the address"};
inline constexpr Check kKioskRecordingCache{"kiosk-recording-cache", Severity::kWarning,
                                            "kiosk recordings could not be kept for the next build",
                                            "check that the output folder is writable and has space"};
inline constexpr Check kLinkToDraft{"link-to-draft", Severity::kError,
                                    "a published page links to a draft page, which is not published",
                                    "remove the link until the draft is ready, or build with --drafts"};
inline constexpr Check kLongSentence{"long-sentence", Severity::kWarning, "a sentence has more than 25 words",
                                     "split the sentence, or make it a list"};
inline constexpr Check kMissingApplyUrl{"missing-apply-url", Severity::kError,
                                        "a service that can be done online has no 'apply_url'",
                                        "add 'apply_url', or set 'online: no'"};
inline constexpr Check kMissingContent{"missing-content", Severity::kError, "the site has no pages",
                                       "add content/_index.md for the home page"};
inline constexpr Check kMissingDate{"missing-date", Severity::kError, "a news page has no 'date'",
                                    "add 'date: YYYY-MM-DD' to the front matter"};
inline constexpr Check kMissingFragment{"missing-fragment", Severity::kError,
                                        "a link names a fragment (#id) that its target page does not have",
                                        "link to a heading id the page has; the message suggests the nearest"};
inline constexpr Check kMissingFrontMatter{"missing-front-matter", Severity::kError,
                                           "a page does not start with YAML front matter",
                                           "start the file with --- , the front matter, then ---"};
inline constexpr Check kMissingIndex{"missing-index", Severity::kWarning,
                                     "a folder has no _index.md, so its landing page is generated",
                                     "add _index.md to the folder"};
inline constexpr Check kMissingKey{"missing-key", Severity::kError, "a required key is missing",
                                   "add the key the message names"};
inline constexpr Check kMissingTranslation{
    "missing-translation", Severity::kError,
    "with 'bilingual: required', a public page has no counterpart in one of the site's languages",
    "add the counterpart (pay.cy.md beside pay.md, or 'translation_of:' on a page of another name), or list the "
    "page in 'bilingual_exempt' in site.yaml"};
inline constexpr Check kNotInChannel{
    "not-in-channel", Severity::kError,
    "a document rendered through the embedding API is not in the channel asked for (its visibility or channels: leave "
    "it out)",
    "render it to a channel that holds it, or change its 'visibility' or 'channels'"};
inline constexpr Check kMissingService{"missing-service", Severity::kError,
                                       "a 'type: service' page has no 'service:' metadata",
                                       "add a 'service:' mapping to the front matter"};
inline constexpr Check kMissingSite{"missing-site", Severity::kError, "the site folder does not exist",
                                    "pass the site folder, or run publish from inside it"};
inline constexpr Check kMissingSiteConfig{"missing-site-config", Severity::kError, "the site has no site.yaml",
                                          "add site.yaml with at least 'title' and 'base_url'"};
inline constexpr Check kMissingSummary{
    "missing-summary", Severity::kWarning,
    "a page has no 'summary', which search results and listings show (opt-in: name it in 'checks:')",
    "add 'summary:', one sentence that says what the page is for"};
inline constexpr Check kOfflineServiceNoContact{
    "offline-service-no-contact", Severity::kWarning,
    "a service that cannot be done online gives no phone, email or address (opt-in: name it in 'checks:')",
    "add 'contact:' with a phone number, email or address to the service"};
inline constexpr Check kOutdatedTranslation{
    "outdated-translation", Severity::kWarning,
    "a counterpart's 'updated' date is older than that of the page in the site's own language",
    "bring the counterpart up to date with the changes and set its 'updated' date"};
inline constexpr Check kOutputConflict{"output-conflict", Severity::kError,
                                       "two pages or files would be written to the same output file",
                                       "give one of them another name or address"};
inline constexpr Check kOutputFolder{"output-folder", Severity::kError, "the output folder cannot be used",
                                     "choose another --out folder, or fix its permissions"};
inline constexpr Check kOutputLocked{"output-locked", Severity::kError,
                                     "another build is writing to the same output folder",
                                     "wait for it to finish, or use another --out folder"};
inline constexpr Check kOutputUnwritable{"output-unwritable", Severity::kError, "an output file could not be written",
                                         "check the output folder's permissions and free space"};
inline constexpr Check kPageTooLarge{"page-too-large", Severity::kError, "a page file is larger than publish reads",
                                     "split the page into smaller pages"};
inline constexpr Check kPageTooLongToRecord{"page-too-long-to-record", Severity::kError,
                                            "a page is too long to record as speech", "shorten the page or split it"};
inline constexpr Check kPathOutsideOutput{"path-outside-output", Severity::kError,
                                          "an output path would leave the output folder",
                                          "rename the page or alias so its path stays inside the site"};
inline constexpr Check kPathOutsideSite{"path-outside-site", Severity::kError,
                                        "a link or path leads outside the site folder",
                                        "link to a file inside the site folder"};
inline constexpr Check kPathTooLong{"path-too-long", Severity::kError,
                                    "a file path is longer than the file system allows",
                                    "use shorter folder and file names"};
inline constexpr Check kRawHtml{"raw-html", Severity::kError, "the Markdown holds raw HTML, which is never published",
                                "write it in Markdown instead"};
inline constexpr Check kReviewOverdue{"review-overdue", Severity::kWarning, "a page is past its 'review_by' date",
                                      "review the page, then move 'review_by' forward"};
inline constexpr Check kServiceNotAllowed{"service-not-allowed", Severity::kError,
                                          "'service:' is set on a page that is not 'type: service'",
                                          "set 'type: service' or remove 'service:'"};
inline constexpr Check kSiteUnreadable{"site-unreadable", Severity::kError,
                                       "a file or folder of the site cannot be read", "check the file's permissions"};
inline constexpr Check kSpecialFile{"special-file", Severity::kError,
                                    "a device, pipe or socket sits in the site folder",
                                    "replace it with a regular file or remove it"};
inline constexpr Check kSummaryTooLong{"summary-too-long", Severity::kWarning,
                                       "a page's summary is over 160 characters, more than search results show",
                                       "shorten the summary to one sentence under 160 characters"};
inline constexpr Check kSymlinkFolder{"symlink-folder", Severity::kWarning,
                                      "a symbolic link to a folder is not followed",
                                      "move the folder into the site instead of linking to it"};
inline constexpr Check kTableTooLarge{"table-too-large", Severity::kError,
                                      "a table has more rows or columns than publish renders", "split the table"};
inline constexpr Check kTemplateError{"template-error", Severity::kError, "a template cannot be read or rendered",
                                      "correct the template at the position given"};
inline constexpr Check kTemplateMissing{"template-missing", Severity::kError, "a template the theme needs is missing",
                                        "add the template, or remove the override that names it"};
inline constexpr Check kTemplatePartial{"template-partial", Severity::kError,
                                        "a template uses partials ('{{>name}}'), which are not supported",
                                        "write the partial's text into the template"};
inline constexpr Check kTemplateRenderTooLarge{"template-render-too-large", Severity::kError,
                                               "a template renders more text than publish allows",
                                               "check the template for a section that repeats without end"};
inline constexpr Check kTemplateTooDeep{"template-too-deep", Severity::kError, "a template nests sections too deeply",
                                        "close some sections before opening more"};
inline constexpr Check kTemplateTooLarge{"template-too-large", Severity::kError,
                                         "a template file is larger than publish reads",
                                         "split or shorten the template"};
inline constexpr Check kTitleTooLong{"title-too-long", Severity::kWarning,
                                     "a page's title is over 65 characters, more than search results show",
                                     "shorten the title and put the most important words first"};
inline constexpr Check kTooDeep{"too-deep", Severity::kError, "the Markdown is nested too deeply",
                                "flatten the lists or quotes"};
inline constexpr Check kTranslationExempt{
    "translation-exempt", Severity::kWarning,
    "a page listed in 'bilingual_exempt' is published without a counterpart, or the entry names no such page",
    "translate the page and remove it from 'bilingual_exempt', or correct the entry"};
inline constexpr Check kUnclosedImages{"unclosed-images", Severity::kError,
                                       "a paragraph opens thousands of images with '![' that it never closes",
                                       "finish each image as '![alt text](address)', or write '\\![' for the "
                                       "characters themselves"};
inline constexpr Check kUnknownChannel{"unknown-channel", Severity::kError,
                                       "'channels:' names a channel that does not exist",
                                       "use a channel name the message lists"};
inline constexpr Check kUnknownKey{"unknown-key", Severity::kError,
                                   "a key is not one the front matter or settings allow",
                                   "correct the key; a typo must not pass silently"};
inline constexpr Check kUnreadableFile{"unreadable-file", Severity::kError, "a file cannot be read",
                                       "check the file's permissions"};
inline constexpr Check kUrlConflict{"url-conflict", Severity::kError, "two pages would have the same address",
                                    "rename one page or folder"};
inline constexpr Check kVagueLinkText{"vague-link-text", Severity::kWarning,
                                      "link text such as 'click here' does not say where the link goes",
                                      "write link text that makes sense on its own"};
inline constexpr Check kVisibilityConflict{"visibility-conflict", Severity::kError,
                                           "an internal page lists a public channel in 'channels:'",
                                           "remove the public channels, or make the page public"};
inline constexpr Check kWordToAvoid{"word-to-avoid", Severity::kWarning,
                                    "a word or phrase on the list of words to avoid (GOV.UK style)",
                                    "use the plainer words the message suggests"};
inline constexpr Check kWrongType{"wrong-type", Severity::kError,
                                  "a key holds the wrong kind of value (a list where text belongs, and so on)",
                                  "write the value in the form the message gives"};
inline constexpr Check kYamlSyntax{"yaml-syntax", Severity::kError, "the YAML cannot be parsed",
                                   "correct the YAML at the position given"};
inline constexpr Check kYamlTooDeep{"yaml-too-deep", Severity::kError, "the YAML is nested too deeply",
                                    "flatten the YAML"};
inline constexpr Check kYamlTooLarge{"yaml-too-large", Severity::kError, "the YAML is larger than publish reads",
                                     "shorten the YAML"};

}  // namespace checks

// Every check above, sorted by id.
std::span<const Check* const> AllChecks();
// The check with this id, or nullptr.
const Check* FindCheck(std::string_view id);

}  // namespace publish
