// SensorGate — CGPIOD: the libgpiod v1/v2 facade (see include/CGPIOD.h for each function's reason).

#include <errno.h>
#include <stdio.h>
#include "CGPIOD.h"

const int CGPIOD_API_MAJOR = CGPIOD_API_MAJOR_VALUE;

#if CGPIOD_API_MAJOR_VALUE == 1

// MARK: - libgpiod v1

// Layout check: v1 sequence numbers do not exist; v1 timestamps are a timespec flattened to ns here.
_Static_assert(sizeof(((struct gpiod_line_event *)0)->ts.tv_sec) <= sizeof(uint64_t), "timespec seconds fit");

const char *CGPIOD_api_version(void) { return gpiod_version_string(); }

CGPIOD_chip *CGPIOD_chip_open(const char *path) { return gpiod_chip_open(path); }

void CGPIOD_chip_close(CGPIOD_chip *chip) { gpiod_chip_close(chip); }

int CGPIOD_chip_label(CGPIOD_chip *chip, char *buffer, size_t size) {
    snprintf(buffer, size, "%s", gpiod_chip_label(chip));
    return 0;
}

int CGPIOD_chip_num_lines(CGPIOD_chip *chip) { return (int)gpiod_chip_num_lines(chip); }

int CGPIOD_chip_find_line(CGPIOD_chip *chip, const char *name) {
    struct gpiod_line *line = gpiod_chip_find_line(chip, name);
    return line ? (int)gpiod_line_offset(line) : -1;
}

static int v1_flags(int bias, int drive, bool active_low) {
    int flags = active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    if (bias == CGPIOD_BIAS_DISABLED) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
    if (bias == CGPIOD_BIAS_PULL_UP) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    if (bias == CGPIOD_BIAS_PULL_DOWN) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    if (drive == CGPIOD_DRIVE_OPEN_DRAIN) flags |= GPIOD_LINE_REQUEST_FLAG_OPEN_DRAIN;
    if (drive == CGPIOD_DRIVE_OPEN_SOURCE) flags |= GPIOD_LINE_REQUEST_FLAG_OPEN_SOURCE;
    return flags;
}

static CGPIOD_line *v1_request(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int type, int flags, int value) {
    struct gpiod_line *line = gpiod_chip_get_line(chip, offset);
    if (!line) return NULL;
    struct gpiod_line_request_config config = {.consumer = consumer, .request_type = type, .flags = flags};
    if (gpiod_line_request(line, &config, value) < 0) return NULL;
    return (CGPIOD_line *)line;
}

CGPIOD_line *CGPIOD_request_output(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int bias, int drive, bool active_low,
    int initial_value) {
    return v1_request(
        chip, offset, consumer, GPIOD_LINE_REQUEST_DIRECTION_OUTPUT, v1_flags(bias, drive, active_low),
        initial_value);
}

CGPIOD_line *CGPIOD_request_input(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int bias, bool active_low, int edges,
    unsigned int debounce_us) {
    if (debounce_us != 0) {
        errno = EOPNOTSUPP;
        return NULL;
    }
    int type = edges == CGPIOD_EDGE_RISING    ? GPIOD_LINE_REQUEST_EVENT_RISING_EDGE
               : edges == CGPIOD_EDGE_FALLING ? GPIOD_LINE_REQUEST_EVENT_FALLING_EDGE
               : edges == CGPIOD_EDGE_BOTH    ? GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES
                                              : GPIOD_LINE_REQUEST_DIRECTION_INPUT;
    return v1_request(chip, offset, consumer, type, v1_flags(bias, CGPIOD_DRIVE_PUSH_PULL, active_low), 0);
}

void CGPIOD_line_release(CGPIOD_line *line) { gpiod_line_release((struct gpiod_line *)line); }

int CGPIOD_line_get_value(CGPIOD_line *line, unsigned int offset) {
    (void)offset;
    return gpiod_line_get_value((struct gpiod_line *)line);
}

int CGPIOD_line_set_value(CGPIOD_line *line, unsigned int offset, int value) {
    (void)offset;
    return gpiod_line_set_value((struct gpiod_line *)line, value);
}

int CGPIOD_line_event_fd(CGPIOD_line *line) { return gpiod_line_event_get_fd((struct gpiod_line *)line); }

int CGPIOD_read_event(
    CGPIOD_line *line, unsigned int *offset, int *edge_rising, uint64_t *timestamp_ns, uint64_t *line_seqno) {
    struct gpiod_line_event event;
    if (gpiod_line_event_read((struct gpiod_line *)line, &event) < 0) return -1;
    *offset = gpiod_line_offset((struct gpiod_line *)line);
    *edge_rising = event.event_type == GPIOD_LINE_EVENT_RISING_EDGE;
    *timestamp_ns = (uint64_t)event.ts.tv_sec * 1000000000u + (uint64_t)event.ts.tv_nsec;
    *line_seqno = 0;
    return 1;
}

#else

// MARK: - libgpiod v2

// Layout check: v2 returns sequence numbers as unsigned long; the facade hands them out as uint64_t.
_Static_assert(sizeof(unsigned long) <= sizeof(uint64_t), "line sequence numbers fit");

const char *CGPIOD_api_version(void) { return gpiod_api_version(); }

CGPIOD_chip *CGPIOD_chip_open(const char *path) { return gpiod_chip_open(path); }

void CGPIOD_chip_close(CGPIOD_chip *chip) { gpiod_chip_close(chip); }

int CGPIOD_chip_label(CGPIOD_chip *chip, char *buffer, size_t size) {
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
    if (!info) return -1;
    snprintf(buffer, size, "%s", gpiod_chip_info_get_label(info));
    gpiod_chip_info_free(info);
    return 0;
}

int CGPIOD_chip_num_lines(CGPIOD_chip *chip) {
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
    if (!info) return -1;
    int count = (int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return count;
}

int CGPIOD_chip_find_line(CGPIOD_chip *chip, const char *name) {
    return gpiod_chip_get_line_offset_from_name(chip, name);
}

static const enum gpiod_line_bias v2_bias[] = {
    [CGPIOD_BIAS_AS_IS] = GPIOD_LINE_BIAS_AS_IS,
    [CGPIOD_BIAS_DISABLED] = GPIOD_LINE_BIAS_DISABLED,
    [CGPIOD_BIAS_PULL_UP] = GPIOD_LINE_BIAS_PULL_UP,
    [CGPIOD_BIAS_PULL_DOWN] = GPIOD_LINE_BIAS_PULL_DOWN,
};
static const enum gpiod_line_drive v2_drive[] = {
    [CGPIOD_DRIVE_PUSH_PULL] = GPIOD_LINE_DRIVE_PUSH_PULL,
    [CGPIOD_DRIVE_OPEN_DRAIN] = GPIOD_LINE_DRIVE_OPEN_DRAIN,
    [CGPIOD_DRIVE_OPEN_SOURCE] = GPIOD_LINE_DRIVE_OPEN_SOURCE,
};
static const enum gpiod_line_edge v2_edge[] = {
    [CGPIOD_EDGE_NONE] = GPIOD_LINE_EDGE_NONE,
    [CGPIOD_EDGE_RISING] = GPIOD_LINE_EDGE_RISING,
    [CGPIOD_EDGE_FALLING] = GPIOD_LINE_EDGE_FALLING,
    [CGPIOD_EDGE_BOTH] = GPIOD_LINE_EDGE_BOTH,
};

// v2 requests a line through three objects; build them, request, free them, keep the request's errno.
static CGPIOD_line *v2_request(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, struct gpiod_line_settings *settings) {
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    struct gpiod_line_request *request = NULL;
    if (line_config && request_config && gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) == 0) {
        gpiod_request_config_set_consumer(request_config, consumer);
        request = gpiod_chip_request_lines(chip, request_config, line_config);
    }
    int saved = errno;
    gpiod_request_config_free(request_config);
    gpiod_line_config_free(line_config);
    gpiod_line_settings_free(settings);
    errno = saved;
    return (CGPIOD_line *)request;
}

static bool in_range(int value, int count) { return value >= 0 && value < count; }

CGPIOD_line *CGPIOD_request_output(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int bias, int drive, bool active_low,
    int initial_value) {
    if (!in_range(bias, 4) || !in_range(drive, 3)) {
        errno = EINVAL;
        return NULL;
    }
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (!settings) return NULL;
    if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) < 0
        || gpiod_line_settings_set_bias(settings, v2_bias[bias]) < 0
        || gpiod_line_settings_set_drive(settings, v2_drive[drive]) < 0
        || gpiod_line_settings_set_output_value(
               settings, initial_value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0) {
        gpiod_line_settings_free(settings);
        return NULL;
    }
    gpiod_line_settings_set_active_low(settings, active_low);
    return v2_request(chip, offset, consumer, settings);
}

CGPIOD_line *CGPIOD_request_input(
    CGPIOD_chip *chip, unsigned int offset, const char *consumer, int bias, bool active_low, int edges,
    unsigned int debounce_us) {
    if (!in_range(bias, 4) || !in_range(edges, 4)) {
        errno = EINVAL;
        return NULL;
    }
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    if (!settings) return NULL;
    if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) < 0
        || gpiod_line_settings_set_bias(settings, v2_bias[bias]) < 0
        || gpiod_line_settings_set_edge_detection(settings, v2_edge[edges]) < 0) {
        gpiod_line_settings_free(settings);
        return NULL;
    }
    gpiod_line_settings_set_active_low(settings, active_low);
    gpiod_line_settings_set_debounce_period_us(settings, debounce_us);
    return v2_request(chip, offset, consumer, settings);
}

void CGPIOD_line_release(CGPIOD_line *line) { gpiod_line_request_release((struct gpiod_line_request *)line); }

int CGPIOD_line_get_value(CGPIOD_line *line, unsigned int offset) {
    return (int)gpiod_line_request_get_value((struct gpiod_line_request *)line, offset);
}

int CGPIOD_line_set_value(CGPIOD_line *line, unsigned int offset, int value) {
    return gpiod_line_request_set_value(
        (struct gpiod_line_request *)line, offset, value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

int CGPIOD_line_event_fd(CGPIOD_line *line) { return gpiod_line_request_get_fd((struct gpiod_line_request *)line); }

int CGPIOD_read_event(
    CGPIOD_line *line, unsigned int *offset, int *edge_rising, uint64_t *timestamp_ns, uint64_t *line_seqno) {
    struct gpiod_edge_event_buffer *buffer = gpiod_edge_event_buffer_new(1);
    if (!buffer) return -1;
    int count = gpiod_line_request_read_edge_events((struct gpiod_line_request *)line, buffer, 1);
    if (count == 1) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(buffer, 0);
        *offset = gpiod_edge_event_get_line_offset(event);
        *edge_rising = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
        *timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
        *line_seqno = gpiod_edge_event_get_line_seqno(event);
    }
    int saved = errno;
    gpiod_edge_event_buffer_free(buffer);
    errno = saved;
    return count;
}

#endif
