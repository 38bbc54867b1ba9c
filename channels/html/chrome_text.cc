#include "channels/html/chrome_text.h"

namespace publish {
namespace {

const ChromeText kEnglish{
    "Skip to main content",
    "Home",
    "Breadcrumb",
    "Help using this website",
    "Accessibility statement",
    "A to Z of services",
    "A to Z of services",
    "Every service we offer, in alphabetical order.",
    "Start now",
    "You can do this online.",
    "You can do part of this online.",
    "You cannot do this online.",
    "Other ways to do this",
    "Cost",
    "Who can use this service",
    "Department",
    "Contact",
    "Phone",
    "Email",
    "Address",
    "Opening hours",
    "Related services",
    "Published",
    "Last updated",
    "In this section",
    "(external site)",
    "Done:",
    "To do:",
    "Page not found",
    "We cannot find the page you asked for.",
    "If you typed the web address, check it is correct. If you pasted the web address, check you copied all of it.",
    "This page has moved",
    "This page has moved to",
    "Support links",
    "Sections",
};

const ChromeText kWelsh{
    "Neidio i'r prif gynnwys",
    "Hafan",
    "Briwsion bara",
    "Help i ddefnyddio'r wefan hon",
    "Datganiad hygyrchedd",
    "A i Y o wasanaethau",
    "A i Y o wasanaethau",
    "Pob gwasanaeth rydyn ni'n ei gynnig, yn nhrefn yr wyddor.",
    "Dechrau nawr",
    "Gallwch wneud hyn ar-lein.",
    "Gallwch wneud rhan o hyn ar-lein.",
    "Ni allwch wneud hyn ar-lein.",
    "Ffyrdd eraill o wneud hyn",
    "Cost",
    "Pwy all ddefnyddio'r gwasanaeth hwn",
    "Adran",
    "Cysylltu",
    "Ffôn",
    "E-bost",
    "Cyfeiriad",
    "Oriau agor",
    "Gwasanaethau cysylltiedig",
    "Cyhoeddwyd",
    "Diweddarwyd ddiwethaf",
    "Yn yr adran hon",
    "(gwefan allanol)",
    "Wedi'i wneud:",
    "I'w wneud:",
    "Heb ddod o hyd i'r dudalen",
    "Ni allwn ddod o hyd i'r dudalen y gofynnoch amdani.",
    "Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir.",
    "Mae'r dudalen hon wedi symud",
    "Mae'r dudalen hon wedi symud i",
    "Dolenni cymorth",
    "Adrannau",
};

}  // namespace

const ChromeText& ChromeTextFor(const std::string& language) {
  if (language == "cy" || language.rfind("cy-", 0) == 0) return kWelsh;
  return kEnglish;
}

}  // namespace publish
