// SensorGate — CGPIOD: one facade over libgpiod v1 (Debian 12: 1.6) and v2 (Debian 13, Ubuntu 24.04: 2.x).
//
// Holds only includes, the facade, constant re-exports and layout checks. The facade is the one place
// allowed a little logic: v2 requests a line through settings and config objects that v1 does not have.
// No retries, errno translation, logging or policy: errors come back as -1 or NULL with errno set by
// libgpiod or the kernel, and HALLinux (GPIO/*.swift) decides what they mean. Every symbol is prefixed
// CGPIOD_. Results are plain integers and out-parameters, so Swift's mocking seam can fake every call.

#ifndef CGPIOD_H
#define CGPIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gpiod.h>

// MARK: - Which API

/// The libgpiod API this build compiled against: 1 or 2 (v1's header defines GPIOD_LINE_BULK_MAX_LINES).
#if defined(GPIOD_LINE_BULK_MAX_LINES)
#define CGPIOD_API_MAJOR_VALUE 1
#else
#define CGPIOD_API_MAJOR_VALUE 2
#endif
/// CGPIOD_API_MAJOR_VALUE as a constant Swift can read: the header's major, compared in tests with the
/// linked library's version string so a mismatched header and library cannot pass unnoticed.
extern const int CGPIOD_API_MAJOR;

/// The linked library's version string ("1.6.3", "2.3"): v1 spells it gpiod_version_string, v2 gpiod_api_version.
const char *CGPIOD_api_version(void);

// MARK: - Facade values (the facade's own, so Swift sees one spelling whichever API is underneath)

/// Bias argument of the request functions.
enum {
    CGPIOD_BIAS_AS_IS = 0,
    CGPIOD_BIAS_DISABLED = 1,
    CGPIOD_BIAS_PULL_UP = 2,
    CGPIOD_BIAS_PULL_DOWN = 3,
};

/// Drive argument of CGPIOD_request_output.
enum {
    CGPIOD_DRIVE_PUSH_PULL = 0,
    CGPIOD_DRIVE_OPEN_DRAIN = 1,
    CGPIOD_DRIVE_OPEN_SOURCE = 2,
};

/// Edge-detection argument of CGPIOD_request_input.
enum {
    CGPIOD_EDGE_NONE = 0,
    CGPIOD_EDGE_RISING = 1,
    CGPIOD_EDGE_FALLING = 2,
    CGPIOD_EDGE_BOTH = 3,
};

// MARK: - Chips

/// An open chip: v1's and v2's `struct gpiod_chip`.
typedef struct gpiod_chip CGPIOD_chip;
/// A requested line: v1's `struct gpiod_line` (owned by its chip), v2's `struct gpiod_line_request`.
typedef struct CGPIOD_line CGPIOD_line;

/// Opens a chip by path; NULL with errno (ENOENT, EACCES, ENOTTY/ENODEV for a path that is not a chip).
CGPIOD_chip *CGPIOD_chip_open(const char *path);
/// Closes a chip (v1 also releases its lines; release them first).
void CGPIOD_chip_close(CGPIOD_chip *chip);
/// Copies the chip's label into buffer (truncated, NUL-terminated); 0, or -1 with errno. v2 needs an info object.
int CGPIOD_chip_label(CGPIOD_chip *chip, char *buffer, size_t size);
/// The chip's number of lines, or -1 with errno. v2 needs an info object.
int CGPIOD_chip_num_lines(CGPIOD_chip *chip);
/// The offset of the line named `name`, or -1 with errno (ENOENT when there is none).
/// v1: gpiod_chip_find_line + gpiod_line_offset; v2: gpiod_chip_get_line_offset_from_name.
int CGPIOD_chip_find_line(CGPIOD_chip *chip, const char *name);

// MARK: - Requests

/// Requests one line as an output at `initial_value` (logical: 1 is active); NULL with errno (EBUSY when
/// another consumer holds it). v1: gpiod_line_request with flags; v2: settings + line and request config.
CGPIOD_line *CGPIOD_request_output(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int bias, int drive, bool active_low,
    int initial_value);
/// Requests one line as an input with edge detection `edges`; NULL with errno. v1 has no debounce: a
/// non-zero `debounce_us` fails there with EOPNOTSUPP.
CGPIOD_line *CGPIOD_request_input(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int bias, bool active_low, int edges,
    unsigned int debounce_us);
/// Releases a requested line. v1: gpiod_line_release; v2: gpiod_line_request_release.
void CGPIOD_line_release(CGPIOD_line *line);
/// The line's logical value (0 or 1), or -1 with errno. v2 addresses the line by offset; v1 ignores it.
int CGPIOD_line_get_value(CGPIOD_line *line, unsigned int offset);
/// Sets the line's logical value; 0, or -1 with errno. v2 addresses the line by offset; v1 ignores it.
int CGPIOD_line_set_value(CGPIOD_line *line, unsigned int offset, int value);
/// The file descriptor that becomes readable when edge events are queued, or -1 with errno.
int CGPIOD_line_event_fd(CGPIOD_line *line);
/// Reads one queued edge event (blocks when none is queued: poll the fd first). Returns 1 with the event's
/// line offset, edge (1 rising, 0 falling), CLOCK_MONOTONIC timestamp in ns and the kernel's line sequence
/// number (v2; 0 in v1, which has none), or -1 with errno. Flattened to out-parameters for the seam.
int CGPIOD_read_event(
    CGPIOD_line *line, unsigned int *offset, int *edge_rising, uint64_t *timestamp_ns, uint64_t *line_seqno);

#endif
