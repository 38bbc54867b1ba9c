#include "cli/stop_signals.h"

#include <signal.h>

#include <csignal>
#include <iterator>

namespace publish::cli {
namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

// A handler may touch only lock-free atomics and sig_atomic_t.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_previous[sizeof(kSignals) / sizeof(kSignals[0])];

void OnSignal(int signal) {
  g_signal = signal;
  g_stop.store(true);
}

}  // namespace

StopSignals::StopSignals() {
  static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
  g_stop.store(false);
  g_signal = 0;
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  for (size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &action, &g_previous[i]);
}

StopSignals::~StopSignals() {
  for (size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

const std::atomic<bool>& StopSignals::flag() const { return g_stop; }

void StopSignals::RaiseIfStopped() {
  int signal = g_signal;
  if (signal == 0) return;
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal, &action, nullptr);
  std::raise(signal);
}

}  // namespace publish::cli
