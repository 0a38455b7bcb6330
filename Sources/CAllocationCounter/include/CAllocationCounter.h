// SensorGate — CAllocationCounter: counts heap allocations made by the calling thread (tests only).
//
// Linked only into the test binary: it defines malloc, calloc, realloc, memalign, posix_memalign and
// aligned_alloc, which take precedence over the C library's and forward to glibc's __libc_* entry
// points. Counting is off until a thread turns it on, and counts only that thread's calls, so tests
// running on other threads do not disturb a measurement.
#ifndef SENSORGATE_CALLOCATIONCOUNTER_H
#define SENSORGATE_CALLOCATIONCOUNTER_H

#include <stdint.h>

/// Starts counting the calling thread's allocations from zero.
void sg_allocation_counting_begin(void);

/// Stops counting and returns how many allocation calls the calling thread made since the begin.
uint64_t sg_allocation_counting_end(void);

#endif
