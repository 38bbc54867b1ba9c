// Ctrl-C, SIGTERM and SIGHUP as a request to stop: the commands that run
// for a while poll a flag, finish cleanly, and then end by the same signal,
// as a shell expects.
#pragma once

#include <atomic>

namespace publish::cli {

// Installs the handlers for its lifetime (one at a time in a process). The
// first signal sets the flag; the handler resets itself, so a second one
// kills at once.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();  // puts back the handlers that were there before
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Set from the signal handler; only read (BuildOptions::cancel).
  const std::atomic<bool>& flag() const;
  bool stopped() const { return flag().load(); }
  // When a signal set the flag: restores its default action and raises it
  // again, so the process ends by it. Returns when none did.
  void RaiseIfStopped();
};

}  // namespace publish::cli
