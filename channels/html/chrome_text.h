// The words of the page chrome (skip link, footer, service panel) in the
// page's language, for every HTML channel. English, and Welsh for councils
// in Wales; any other language falls back to English.
#pragma once

#include <string>

namespace publish {

struct ChromeText {
  const char* skip_link;
  const char* home;
  const char* breadcrumb_label;
  const char* help;
  const char* accessibility;
  const char* a_to_z;
  const char* a_to_z_title;
  const char* a_to_z_summary;
  const char* start_now;
  const char* online_yes;
  const char* online_partial;
  const char* online_no;
  const char* other_ways;
  const char* cost;
  const char* who_can_use;
  const char* department;
  const char* contact;
  const char* phone;
  const char* email;
  const char* address;
  const char* opening_hours;
  const char* related_services;
  const char* published;
  const char* last_updated;
  const char* in_this_section;
  const char* external_link;
  const char* task_done;
  const char* task_to_do;
  const char* not_found_title;
  const char* not_found_summary;
  const char* not_found_body;
  const char* moved_title;
  const char* moved_body;
  const char* footer_label;
  const char* sections;
  // Staff channels (the intranet): the page facts and editorial pages.
  const char* staff_band;
  const char* internal_page;
  const char* page_facts;
  const char* owner;
  const char* no_owner;
  const char* review_by;
  const char* no_review_date;
  const char* review_overdue;
  const char* reviews_title;
  const char* reviews_summary;
  const char* page;
  const char* last_updated_short;
  const char* digital_title;
  const char* digital_summary;
  const char* service;
  const char* online;
  const char* partly_online;
  const char* not_online;
  const char* no_department;
  // The kiosk: its controls, the idle warning and the addresses it cannot
  // open. "{}" is where the words of a link or an address go.
  const char* kiosk_controls;
  const char* kiosk_back;
  const char* kiosk_ask_staff;
  const char* kiosk_ask_summary;
  const char* kiosk_ask_body;
  const char* kiosk_listen;
  const char* kiosk_stop;
  const char* kiosk_quieter;
  const char* kiosk_louder;
  const char* kiosk_larger_text;
  const char* kiosk_high_contrast;
  const char* kiosk_take_away;
  const char* kiosk_take_away_intro;
  const char* kiosk_scan_site;
  const char* kiosk_scan_page;
  const char* kiosk_scan_download;
  const char* kiosk_scan_email;
  const char* kiosk_scan_phone;
  const char* kiosk_scan_apply;
  const char* kiosk_qr_label;
  const char* kiosk_idle_title;
  const char* kiosk_idle_body;
  const char* kiosk_more_time;
};

const ChromeText& ChromeTextFor(const std::string& language);

}  // namespace publish
