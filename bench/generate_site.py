#!/usr/bin/env python3
"""Generate a realistic council site for the libpublish benchmark.

Usage: generate_site.py N DIR [--seed S] [--extra-links K]

Writes N Markdown pages (home page and section landing pages included) into
DIR in libpublish's format (DIR/site.yaml, DIR/content/...) and the same
Markdown as a Hugo site into DIR/hugo/, so the two tools build the same
content. Output depends only on N and the seed. Standard library only.
"""

import argparse
import os
import random
import re
import sys

SITE_TITLE = "Northbridge Borough Council"
DOMAIN = "northbridge.example.gov.uk"
BASE_URL = "https://www.%s/" % DOMAIN

# (slug, title, department, nouns used in page titles and text)
TOPICS = [
    ("bins-and-recycling", "Bins and recycling", "Waste Services",
     ["garden waste collection", "recycling box", "bulky waste collection",
      "bin collection", "wheelie bin", "clinical waste collection"]),
    ("council-tax", "Council tax", "Revenues and Benefits",
     ["council tax bill", "single person discount", "Direct Debit",
      "council tax band", "second home charge", "payment plan"]),
    ("benefits", "Benefits", "Revenues and Benefits",
     ["housing benefit claim", "council tax reduction", "discretionary housing payment",
      "free school meals claim", "welfare grant", "benefit overpayment"]),
    ("housing", "Housing", "Housing Services",
     ["housing register application", "repair request", "tenancy",
      "homelessness assessment", "disabled facilities grant", "home swap"]),
    ("parking", "Parking", "Highways and Transport",
     ["resident parking permit", "penalty charge notice", "blue badge",
      "car park season ticket", "visitor parking permit", "dropped kerb"]),
    ("planning", "Planning and building control", "Planning and Regeneration",
     ["planning application", "building regulations application", "tree preservation order",
      "pre-application advice", "lawful development certificate", "planning appeal"]),
    ("schools", "Schools and education", "Children and Education",
     ["school place", "school transport pass", "in-year admission",
      "term-time absence request", "free early education place", "school appeal"]),
    ("libraries", "Libraries", "Culture and Leisure",
     ["library card", "home library service", "room booking",
      "e-book loan", "local history enquiry", "reading group"]),
    ("leisure", "Leisure and culture", "Culture and Leisure",
     ["leisure centre membership", "swimming lesson", "sports pitch booking",
      "museum visit", "allotment", "events permit"]),
    ("adult-social-care", "Adult social care", "Adult Social Care",
     ["care needs assessment", "carer's assessment", "direct payment",
      "home care package", "equipment loan", "financial assessment"]),
    ("roads-and-transport", "Roads and transport", "Highways and Transport",
     ["pothole repair", "street light fault", "road closure",
      "concessionary bus pass", "skip licence", "gritting route"]),
    ("business", "Business", "Economic Development",
     ["business rates bill", "small business rate relief", "market stall licence",
      "street trading consent", "business grant", "tender opportunity"]),
    ("licensing", "Licensing", "Licensing and Regulation",
     ["premises licence", "taxi driver licence", "temporary event notice",
      "personal licence", "animal licence", "scaffolding licence"]),
    ("environmental-health", "Environmental health", "Licensing and Regulation",
     ["noise complaint", "food hygiene rating", "pest control visit",
      "air quality report", "fly-tipping report", "private water supply test"]),
    ("births-deaths-marriages", "Births, deaths and marriages", "Registration Services",
     ["birth registration", "death registration", "ceremony booking",
      "certificate copy", "citizenship ceremony", "notice of marriage"]),
    ("elections", "Elections and voting", "Democratic Services",
     ["voter registration", "postal vote application", "proxy vote application",
      "polling station", "voter authority certificate", "election result"]),
    ("community-safety", "Community safety", "Community Services",
     ["antisocial behaviour report", "CCTV request", "graffiti removal",
      "community trigger", "hate crime report", "neighbourhood watch scheme"]),
    ("parks-and-open-spaces", "Parks and open spaces", "Parks and Countryside",
     ["park event booking", "playground inspection", "tree work request",
      "public right of way", "dog control order", "memorial bench"]),
    ("jobs-and-careers", "Jobs and careers", "Human Resources",
     ["job application", "apprenticeship", "work experience placement",
      "volunteering role", "DBS check", "graduate scheme"]),
    ("children-and-families", "Children and families", "Children and Education",
     ["childcare place", "family support referral", "fostering enquiry",
      "adoption enquiry", "short break", "early help assessment"]),
]

DISTRICTS = ["Eastfield", "Westmoor", "Northgate", "Southbank", "Millbrook",
             "Ashford Green", "Kingsmead", "Riverside", "Oakley", "Hollins Park"]

PAGE_TEMPLATES = [
    "Apply for {a}", "Pay for {a}", "Report a problem with {a}",
    "Change {your}", "Cancel {your}", "Check the progress of {your}",
    "{N} charges", "{N} eligibility", "{N}: frequently asked questions",
    "How we decide on {a}", "Get help with {a}", "{N} guidance for residents",
    "Appeal a decision about {a}", "{N} privacy notice", "Renew {your}",
]

SERVICE_TEMPLATES = {"Apply for {a}", "Pay for {a}", "Report a problem with {a}",
                     "Change {your}", "Cancel {your}", "Renew {your}",
                     "Appeal a decision about {a}"}

H2_HEADINGS = [
    "Who can apply", "How to apply", "What you need", "Costs", "After you apply",
    "How long it takes", "If you disagree with a decision", "Your responsibilities",
    "Help and support", "Changes to your circumstances", "Paying", "Deadlines",
    "What happens next", "Accessibility", "Contact us", "Your information",
    "Getting an appointment", "If you need urgent help", "Complaints",
    "Before you start",
]

H3_HEADINGS = [
    "Online", "By phone", "In person", "By post", "Documents to bring",
    "Exceptions", "Examples", "Timescales", "Discounts", "Refunds",
]

EXTERNAL_LINKS = [
    ("GOV.UK", "https://www.gov.uk/"),
    ("Citizens Advice", "https://www.citizensadvice.org.uk/"),
    ("the Local Government Ombudsman", "https://www.lgo.org.uk/"),
    ("the Information Commissioner's Office", "https://ico.org.uk/"),
    ("the Valuation Office Agency", "https://www.gov.uk/government/organisations/valuation-office-agency"),
    ("Shelter", "https://england.shelter.org.uk/"),
    ("the Electoral Commission", "https://www.electoralcommission.org.uk/"),
    ("the Food Standards Agency", "https://www.food.gov.uk/"),
    ("the Planning Portal", "https://www.planningportal.co.uk/"),
    ("NHS 111", "https://111.nhs.uk/"),
]

SENTENCES = [
    "You can manage {a} online at any time, and most requests take less than ten minutes.",
    "If you cannot use the online form, call us and we will fill it in with you.",
    "We aim to reply to every enquiry about {a} within 10 working days.",
    "Please have your reference number ready before you contact us, as it helps us find your records quickly.",
    "Some residents may be entitled to a reduced charge, depending on their household income.",
    "We will write to you to confirm the outcome and explain what happens next.",
    "You must tell us about any change that could affect {your} as soon as possible.",
    "Our customer service team can help if you are not sure which option is right for you.",
    "We review our charges every April, and the current rates are listed on this page.",
    "Applications received after the deadline will be considered in the next round.",
    "If you are a landlord or managing agent, you can apply on behalf of your tenants.",
    "We may ask for proof of your address, such as a recent utility bill or bank statement.",
    "Most decisions are made within four weeks, although complex cases can take longer.",
    "You can ask someone you trust to contact us for you, as long as you give your permission.",
    "The service is available to everyone who lives, works or studies in the borough.",
    "We publish performance figures every quarter so that you can see how we are doing.",
    "If your circumstances are urgent, tell us when you get in touch and we will prioritise your case.",
    "Keep a copy of any documents you send us, because we cannot always return originals.",
    "Staff at our customer service centres can scan documents for you while you wait.",
    "There is no charge for this part of the service, but other fees may apply later.",
    "We share information with other council teams only where the law allows it.",
    "You will get an email receipt with a reference number when you submit {a}.",
    "Paper forms are available from any library in the borough and from the Town Hall reception.",
    "We cannot accept applications by fax or by text message.",
    "If we need more information, we will contact you within five working days.",
    "Residents in {district} can also get help at the local community hub on weekday mornings.",
    "The rules for {a} are set partly by national law and partly by council policy.",
    "Councillors agreed the current policy on {n} at a meeting of the full council last year.",
    "We try to make every decision about {a} fairly and consistently.",
    "Translation and interpreting services are available free of charge if you need them.",
    "Large print, Braille and easy read versions of our letters are available on request.",
    "You can track the progress of {your} through your online account.",
    "We will not ask for your bank details by phone unless you have called us first.",
    "Demand is usually highest in the spring, so apply early if you can.",
    "Our team works closely with local voluntary groups to support people who need extra help.",
]

LINK_SENTENCES = [
    "You may also want to read {link} before you start.",
    "For more detail, see {link}.",
    "If this does not apply to you, {link} may be more useful.",
    "Many people also look at {link} at the same time.",
    "The rules are explained in full on {link}.",
]

EXTERNAL_SENTENCES = [
    "Independent advice is available from {link}.",
    "National guidance is published by {link}.",
    "You can also find information on the website of {link}.",
]

BULLET_ITEMS = [
    "proof of identity, such as a passport or driving licence",
    "proof of address from the last three months",
    "your National Insurance number",
    "details of anyone else who lives with you",
    "your council tax account number",
    "the dates you need the service for",
    "a debit or credit card to pay any fee",
    "the name and address of your landlord",
    "details of your income and savings",
    "a letter from your doctor or social worker, if you have one",
    "a photo or description of the problem",
    "the exact location, including the nearest house number or landmark",
    "your vehicle registration number",
    "your email address, so we can send you updates",
    "any reference number we have already given you",
]

TABLE_ROWS = [
    ("Standard application", "£35", "Per year"),
    ("Renewal", "£30", "If renewed before the expiry date"),
    ("Replacement", "£10", "Lost or damaged"),
    ("Concession", "£17.50", "For people receiving certain benefits"),
    ("Late application", "£45", "After the deadline"),
    ("Second item", "£25", "Same household"),
    ("Business customers", "£60", "Per year, plus VAT"),
    ("Amendment", "Free", "Within 14 days"),
]

SUMMARY_TEMPLATES = [
    "What you need to know before you ask for {a}.",
    "Find out about {a} in Northbridge and what you need to do.",
    "Information for residents about {a}, including who can apply.",
    "Everything you need to know about {a}, from eligibility to appeals.",
]


def article(noun):
    word = noun.split()[0]
    if word.isupper() or word[0].lower() in "aeiou":
        if word.isupper() and word[0] not in "AEFHILMNORSX":
            return "a " + noun
        return "an " + noun
    return "a " + noun


def slugify(text):
    text = text.lower().replace("'", "")
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-")


def capfirst(s):
    return s[0].upper() + s[1:]


def yaml_str(s):
    """A double-quoted YAML scalar (valid in YAML 1.1 and 1.2)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Page:
    __slots__ = ("path", "title", "summary", "kind", "section", "noun", "service",
                 "body")

    def __init__(self, path, title, summary, kind, section, noun):
        self.path = path          # relative to content/, e.g. "parking/renew-x.md"
        self.title = title
        self.summary = summary
        self.kind = kind          # "page" or "service"
        self.section = section    # Section or None (home page)
        self.noun = noun
        self.service = None
        self.body = ""


class Section:
    def __init__(self, slug, title, department, nouns, district):
        self.slug = slug
        self.title = title
        self.department = department
        self.nouns = nouns
        self.district = district
        self.index = None   # the _index.md Page
        self.pages = []


def make_sections(count):
    sections = []
    per_round = len(TOPICS)
    for i in range(count):
        slug, title, dept, nouns = TOPICS[i % per_round]
        rnd = i // per_round
        district = DISTRICTS[(i * 7) % len(DISTRICTS)]
        if rnd == 0:
            sections.append(Section(slug, title, dept, nouns, district))
            continue
        district = DISTRICTS[(rnd - 1) % len(DISTRICTS)]
        extra = (rnd - 1) // len(DISTRICTS)
        s_slug = "%s-%s" % (slug, slugify(district))
        s_title = "%s in %s" % (title, district)
        if extra:
            s_slug += "-%d" % (extra + 1)
            s_title += " (%d)" % (extra + 1)
        sections.append(Section(s_slug, s_title, dept, nouns, district))
    return sections


def make_title(rng, section, used):
    noun = rng.choice(section.nouns)
    tmpl = rng.choice(PAGE_TEMPLATES)
    title = tmpl.format(a=article(noun), your="your " + noun, N=capfirst(noun))
    slug = slugify(title)
    if slug in used:
        district = rng.choice(DISTRICTS)
        title = "%s in %s" % (title, district)
        slug = slugify(title)
    base, n = slug, 2
    while slug in used:
        slug = "%s-%d" % (base, n)
        n += 1
    if slug != slugify(title):
        title = "%s (%d)" % (title, n - 1)
    used.add(slug)
    return title, slug, noun, tmpl in SERVICE_TEMPLATES


def make_service(rng, page):
    section = page.section
    online = rng.choice(["yes", "yes", "partial", "no"])
    svc = {"department": section.department, "online": online}
    if online != "no":
        svc["apply_url"] = "https://forms.%s/%s/%s" % (
            DOMAIN, section.slug, os.path.basename(page.path)[:-3])
    svc["cost"] = rng.choice(["Free", "£35 a year", "£10", "£58 per collection",
                              "Free for residents over 60", "Varies, see below"])
    svc["email"] = "%s@%s" % (section.slug, DOMAIN)
    return svc


class BodyWriter:
    """Builds a Markdown body. Internal links are written as {{L:target}}
    placeholders (target relative to content/) and rendered per format."""

    def __init__(self, rng, page, all_pages, sections):
        self.rng = rng
        self.page = page
        self.all_pages = all_pages
        self.sections = sections
        self.out = []
        self.words = 0

    def fill(self, s):
        noun = self.page.noun
        district = self.page.section.district if self.page.section else "Northbridge"
        return s.format(a=article(noun), your="your " + noun, n=noun, district=district)

    def add(self, text):
        self.out.append(text)
        self.words += len(text.split())

    def pick_target(self):
        rng = self.rng
        sec = self.page.section
        for _ in range(20):
            if sec is not None and sec.pages and rng.random() < 0.6:
                target = rng.choice(sec.pages)
            elif rng.random() < 0.1:
                target = rng.choice(self.sections).index
            else:
                target = rng.choice(self.all_pages)
            if target is not self.page:
                return target
        return None

    def link(self):
        t = self.pick_target()
        if t is None:
            return "our main pages"
        text = t.title
        if self.rng.random() < 0.5:
            text = text[0].lower() + text[1:]
        return "[%s]({{L:%s}})" % (text, t.path)

    def ext_link(self):
        name, url = self.rng.choice(EXTERNAL_LINKS)
        return "[%s](%s)" % (name, url)

    def paragraph(self, links=0, external=0):
        rng = self.rng
        sents = [self.fill(s) for s in rng.sample(SENTENCES, rng.randint(3, 5))]
        for _ in range(links):
            sents.insert(rng.randint(1, len(sents)),
                         rng.choice(LINK_SENTENCES).format(link=self.link()))
        for _ in range(external):
            sents.insert(rng.randint(1, len(sents)),
                         rng.choice(EXTERNAL_SENTENCES).format(link=self.ext_link()))
        if rng.random() < 0.15:
            i = rng.randrange(len(sents))
            sents[i] = "**Important:** " + sents[i]
        self.add(" ".join(sents))

    def bullets(self):
        rng = self.rng
        self.add("You will need:")
        items = rng.sample(BULLET_ITEMS, rng.randint(3, 6))
        self.add("\n".join("- " + it for it in items))

    def table(self):
        rng = self.rng
        rows = rng.sample(TABLE_ROWS, rng.randint(3, 6))
        lines = ["| Type | Charge | Notes |", "| --- | ---: | --- |"]
        lines += ["| %s | %s | %s |" % r for r in rows]
        self.add("The charges for %s from 1 April are:" % self.page.noun)
        self.add("\n".join(lines))

    def regular_body(self):
        rng = self.rng
        target_words = rng.randint(380, 760)
        has_table = rng.random() < 0.3
        headings = rng.sample(H2_HEADINGS, len(H2_HEADINGS))
        internal_left = rng.randint(2, 5)
        external_left = rng.randint(0, 2)
        self.paragraph(links=1 if internal_left else 0)
        internal_left = max(0, internal_left - 1)
        # Reserve room for the "Related pages" section at the end.
        while self.words < target_words - 40 and headings:
            self.add("## " + headings.pop())
            ln = 1 if internal_left and rng.random() < 0.6 else 0
            ex = 1 if external_left and rng.random() < 0.4 else 0
            internal_left -= ln
            external_left -= ex
            self.paragraph(links=ln, external=ex)
            r = rng.random()
            if has_table:
                self.table()
                has_table = False
            elif r < 0.35:
                self.bullets()
            elif r < 0.6:
                for h3 in rng.sample(H3_HEADINGS, rng.randint(2, 3)):
                    if self.words >= target_words - 40:
                        break
                    self.add("### " + h3)
                    self.paragraph()
            elif r < 0.8 and self.words < target_words - 80:
                self.paragraph()
        if external_left:
            self.paragraph(external=external_left)
        self.add("## Related pages")
        related = []
        for _ in range(rng.randint(2, 4)):
            related.append("- " + self.link())
        self.add("\n".join(related))

    def section_body(self, section):
        rng = self.rng
        self.add("This section covers %s services provided by %s. "
                 "%s" % (section.title.lower(), SITE_TITLE,
                         self.fill(rng.choice(SENTENCES))))
        self.add("## Popular tasks")
        picks = rng.sample(section.pages, min(5, len(section.pages)))
        if picks:
            self.add("\n".join("- [%s]({{L:%s}})" % (p.title, p.path) for p in picks))
        self.add("## About this service")
        self.paragraph(external=1)
        self.paragraph()

    def home_body(self):
        rng = self.rng
        self.add("Welcome to the website of %s. Find information about council "
                 "services, pay for things online and report problems." % SITE_TITLE)
        services = [p for p in self.all_pages if p.kind == "service"]
        if services:
            self.add("## Popular services")
            picks = rng.sample(services, min(8, len(services)))
            self.add("\n".join("- [%s]({{L:%s}})" % (p.title, p.path) for p in picks))
        self.add("## Council services")
        self.add("\n".join("- [%s]({{L:%s}})" % (s.title, s.index.path)
                           for s in self.sections))
        self.add("## About the council")
        self.paragraph(external=1)

    def text(self):
        return "\n\n".join(self.out) + "\n"


LINK_RE = re.compile(r"\{\{L:([^}#]+)(#[^}]*)?\}\}")


def rel_md(src_path, target_path):
    """Relative .md link from the file src_path to target_path (both relative
    to content/)."""
    return os.path.relpath(target_path, os.path.dirname(src_path) or ".").replace(os.sep, "/")


def hugo_url(target_path):
    if target_path == "_index.md":
        return "/"
    if target_path.endswith("/_index.md"):
        return "/" + target_path[:-len("_index.md")]
    return "/" + target_path[:-3] + "/"


def render_ours(page):
    fm = ["---", "title: " + yaml_str(page.title)]
    if page.summary:
        fm.append("summary: " + yaml_str(page.summary))
    fm.append("type: " + page.kind)
    if page.service:
        s = page.service
        fm.append("service:")
        fm.append("  department: " + s["department"])
        fm.append("  online: " + s["online"])
        if "apply_url" in s:
            fm.append("  apply_url: " + s["apply_url"])
        fm.append("  cost: " + yaml_str(s["cost"]))
        fm.append("  contact:")
        fm.append('    phone: "01632 960 123"')
        fm.append("    email: " + s["email"])
        fm.append("  hours:")
        fm.append('    - {days: Monday to Friday, opens: "09:00", closes: "17:00"}')
    fm.append("---")
    body = LINK_RE.sub(lambda m: rel_md(page.path, m.group(1)) + (m.group(2) or ""), page.body)
    return "\n".join(fm) + "\n\n" + body


def render_hugo(page):
    fm = ["---", "title: " + yaml_str(page.title)]
    if page.summary:
        fm.append("summary: " + yaml_str(page.summary))
    if page.service:
        # Hugo 0.111 keeps unknown top-level keys as .Params; "type" is
        # reserved by Hugo (layout type), so it is left out.
        s = page.service
        fm.append("service:")
        fm.append("  department: " + yaml_str(s["department"]))
        fm.append("  online: " + yaml_str(s["online"]))  # quoted: Hugo's YAML is 1.1
        if "apply_url" in s:
            fm.append("  apply_url: " + s["apply_url"])
        fm.append("  cost: " + yaml_str(s["cost"]))
        fm.append("  contact:")
        fm.append('    phone: "01632 960 123"')
        fm.append("    email: " + s["email"])
        fm.append("  hours:")
        fm.append('    - {days: Monday to Friday, opens: "09:00", closes: "17:00"}')
    fm.append("---")
    body = LINK_RE.sub(lambda m: hugo_url(m.group(1)) + (m.group(2) or ""), page.body)
    return "\n".join(fm) + "\n\n" + body


HUGO_TOML = """\
baseURL = "%(base)s"
title = "%(title)s"
languageCode = "en-GB"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = false

[markup.highlight]
codeFences = false
"""

LAYOUT_BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
{{ if not .IsHome }}<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}<li aria-current="page">{{ .Title }}</li>
</ol></nav>{{ end }}
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>&copy; {{ site.Title }}</p></footer>
</body>
</html>
"""

LAYOUT_SINGLE = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.service }}
<aside class="service">
<dl>
<dt>Department</dt><dd>{{ .department }}</dd>
<dt>Online</dt><dd>{{ .online }}</dd>
{{ with .apply_url }}<dt>Apply</dt><dd><a href="{{ . }}">Start now</a></dd>{{ end }}
<dt>Cost</dt><dd>{{ .cost }}</dd>
{{ with .contact }}<dt>Phone</dt><dd><a href="tel:{{ replace .phone " " "" }}">{{ .phone }}</a></dd>
<dt>Email</dt><dd><a href="mailto:{{ .email }}">{{ .email }}</a></dd>{{ end }}
{{ range .hours }}<dt>Opening hours</dt><dd>{{ .days }}, {{ .opens }} to {{ .closes }}</dd>{{ end }}
</dl>
</aside>
{{ end }}
{{ .Content }}
{{ end }}
"""

LAYOUT_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ .Content }}
<h2>Pages in this section</h2>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} <span>{{ . }}</span>{{ end }}</li>
{{ end }}</ul>
{{ end }}
"""

LAYOUT_INDEX = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ .Content }}
<h2>All sections</h2>
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def build(n, seed, extra_links=0):
    rng = random.Random(seed)
    if n < 1:
        raise ValueError("N must be at least 1")
    n_sections = 0 if n == 1 else max(1, round(n / 100))
    n_sections = min(n_sections, n - 1)
    n_regular = n - 1 - n_sections
    sections = make_sections(n_sections)

    home = Page("_index.md", SITE_TITLE, "Council services, news and information "
                "for people who live and work in Northbridge.", "page", None,
                "council service")
    for s in sections:
        s.index = Page(s.slug + "/_index.md", s.title,
                       "%s: services, advice and how to contact us." % s.title,
                       "page", s, s.nouns[0])

    regular = []
    used = {s: set() for s in sections}
    for i in range(n_regular):
        s = sections[i % n_sections]
        title, slug, noun, service_like = make_title(rng, s, used[s])
        if service_like:
            summary = "How to %s%s, what it costs and how long it takes." % (
                title[0].lower(), title[1:])
        else:
            summary = rng.choice(SUMMARY_TEMPLATES).format(a=article(noun))
        is_service = service_like and rng.random() < 0.5
        p = Page("%s/%s.md" % (s.slug, slug), title, summary,
                 "service" if is_service else "page", s, noun)
        if is_service:
            p.service = make_service(rng, p)
        s.pages.append(p)
        regular.append(p)

    all_pages = [home] + [s.index for s in sections] + regular
    for p in regular:
        w = BodyWriter(rng, p, regular or all_pages, sections)
        w.regular_body()
        p.body = w.text()
    for s in sections:
        w = BodyWriter(rng, s.index, regular or all_pages, sections)
        w.section_body(s)
        s.index.body = w.text()
    w = BodyWriter(rng, home, regular or all_pages, sections)
    w.home_body()
    home.body = w.text()
    if extra_links:
        add_extra_links(regular, extra_links, seed)
    return all_pages


def add_extra_links(regular, per_page, seed):
    """Appends a "More guidance" list of `per_page` links to each regular
    page, every other one to the "Related pages" heading of its target, for
    link-checking benchmarks. Its own random stream, so the rest of the site
    is the same with or without it."""
    rng = random.Random(seed * 7919 + per_page)
    for p in regular:
        items = []
        targets = set()
        while len(items) < per_page and len(targets) < len(regular) - 1:
            t = rng.choice(regular)
            if t is p or t.path in targets:
                continue
            targets.add(t.path)
            if len(items) % 2:
                items.append("- [%s: related pages]({{L:%s#related-pages}})" % (t.title, t.path))
            else:
                items.append("- [%s]({{L:%s}})" % (t.title, t.path))
        if items:
            p.body = p.body.rstrip("\n") + "\n\n## More guidance\n\n" + "\n".join(items) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, metavar="N", help="number of pages (Markdown files) in total")
    ap.add_argument("dir", metavar="DIR", help="output folder (created if needed)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--extra-links", type=int, default=0, metavar="K",
                    help="add K more internal links to each regular page, half with a #fragment (default 0)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")

    pages = build(args.n, args.seed, args.extra_links)
    d = args.dir
    if os.path.exists(os.path.join(d, "content")) or os.path.exists(os.path.join(d, "hugo")):
        print("generate_site.py: %s already holds a site; use an empty folder" % d,
              file=sys.stderr)
        return 2
    write(os.path.join(d, "site.yaml"),
          "title: %s\nbase_url: %s\nlanguage: en-GB\n" % (SITE_TITLE, BASE_URL))
    hugo = os.path.join(d, "hugo")
    write(os.path.join(hugo, "hugo.toml"), HUGO_TOML % {"base": BASE_URL, "title": SITE_TITLE})
    lay = os.path.join(hugo, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), LAYOUT_BASEOF)
    write(os.path.join(lay, "_default", "single.html"), LAYOUT_SINGLE)
    write(os.path.join(lay, "_default", "list.html"), LAYOUT_LIST)
    write(os.path.join(lay, "index.html"), LAYOUT_INDEX)
    for p in pages:
        write(os.path.join(d, "content", p.path), render_ours(p))
        write(os.path.join(hugo, "content", p.path), render_hugo(p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
