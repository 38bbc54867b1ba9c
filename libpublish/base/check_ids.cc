#include "libpublish/base/check_ids.h"

#include <algorithm>
#include <array>

namespace publish {
namespace {

// Sorted by id, so FindCheck can search it (tests keep it so).
constexpr std::array kAllChecks = {
    &checks::kAToZReplaced,
    &checks::kAliasConflict,
    &checks::kApplyUrlOffline,
    &checks::kAudioSynthesis,
    &checks::kBadAlias,
    &checks::kBadDate,
    &checks::kBadDays,
    &checks::kBadEmail,
    &checks::kBadFileName,
    &checks::kBadKioskSection,
    &checks::kBadLanguage,
    &checks::kBadMailto,
    &checks::kBadPhone,
    &checks::kBadScheme,
    &checks::kBadSymlink,
    &checks::kBadTel,
    &checks::kBadTime,
    &checks::kBadUrl,
    &checks::kBadValue,
    &checks::kBodyH1,
    &checks::kBrokenLink,
    &checks::kChannelLink,
    &checks::kControlCharacter,
    &checks::kDuplicateKey,
    &checks::kEmptyHeading,
    &checks::kEmptyLinkText,
    &checks::kEmptyPage,
    &checks::kEmptyValue,
    &checks::kExternalLinkBroken,
    &checks::kExternalLinkFailing,
    &checks::kExternalLinkMoved,
    &checks::kExternalLinkUnverified,
    &checks::kHeadingSkip,
    &checks::kHiddenFile,
    &checks::kImageAlt,
    &checks::kInsecureLink,
    &checks::kInternalError,
    &checks::kInternalLink,
    &checks::kIntranetPageReplaced,
    &checks::kInvalidUtf8,
    &checks::kKioskListenTooLong,
    &checks::kKioskQrCode,
    &checks::kKioskRecordingCache,
    &checks::kMissingApplyUrl,
    &checks::kMissingContent,
    &checks::kMissingDate,
    &checks::kMissingFragment,
    &checks::kMissingFrontMatter,
    &checks::kMissingIndex,
    &checks::kMissingKey,
    &checks::kMissingService,
    &checks::kMissingSite,
    &checks::kMissingSiteConfig,
    &checks::kOutputConflict,
    &checks::kOutputFolder,
    &checks::kOutputLocked,
    &checks::kOutputUnwritable,
    &checks::kPageTooLarge,
    &checks::kPageTooLongToRecord,
    &checks::kPathOutsideOutput,
    &checks::kPathOutsideSite,
    &checks::kPathTooLong,
    &checks::kRawHtml,
    &checks::kReviewOverdue,
    &checks::kServiceNotAllowed,
    &checks::kSiteUnreadable,
    &checks::kSpecialFile,
    &checks::kSymlinkFolder,
    &checks::kTableTooLarge,
    &checks::kTemplateError,
    &checks::kTemplateMissing,
    &checks::kTemplatePartial,
    &checks::kTemplateRenderTooLarge,
    &checks::kTemplateTooDeep,
    &checks::kTemplateTooLarge,
    &checks::kTooDeep,
    &checks::kUnknownChannel,
    &checks::kUnknownKey,
    &checks::kUnreadableFile,
    &checks::kUrlConflict,
    &checks::kVagueLinkText,
    &checks::kVisibilityConflict,
    &checks::kWrongType,
    &checks::kYamlSyntax,
    &checks::kYamlTooDeep,
    &checks::kYamlTooLarge,
};

}  // namespace

std::span<const Check* const> AllChecks() { return kAllChecks; }

const Check* FindCheck(std::string_view id) {
  auto found = std::lower_bound(kAllChecks.begin(), kAllChecks.end(), id,
                                [](const Check* check, std::string_view wanted) { return check->id < wanted; });
  return found != kAllChecks.end() && (*found)->id == id ? *found : nullptr;
}

}  // namespace publish
