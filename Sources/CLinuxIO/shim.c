// SensorGate — CLinuxIO: wrappers Swift cannot express (see include/CLinuxIO.h for each reason).

#define _GNU_SOURCE 1
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <sched.h>
#include <stdlib.h>
#include <poll.h>
#include <sys/prctl.h>
#include <time.h>
#include "CLinuxIO.h"

// MARK: - Layout checks: Swift builds these structs field by field; the kernel ABI must match.
_Static_assert(sizeof(struct i2c_msg) == 16, "struct i2c_msg layout changed");
_Static_assert(sizeof(struct i2c_rdwr_ioctl_data) == 16, "struct i2c_rdwr_ioctl_data layout changed");
_Static_assert(sizeof(struct spi_ioc_transfer) == 32, "struct spi_ioc_transfer layout changed");
_Static_assert(offsetof(struct spi_ioc_transfer, speed_hz) == 20, "spi_ioc_transfer.speed_hz moved");
_Static_assert(sizeof(struct serial_rs485) == 32, "struct serial_rs485 layout changed");

// MARK: - i2c-dev

int CLinuxIO_i2c_funcs(int fd, unsigned long *funcs) { return ioctl(fd, I2C_FUNCS, funcs); }

int CLinuxIO_i2c_rdwr(int fd, struct i2c_msg *msgs, uint32_t count) {
    struct i2c_rdwr_ioctl_data data = {.msgs = msgs, .nmsgs = count};
    return ioctl(fd, I2C_RDWR, &data);
}

int CLinuxIO_i2c_slave(int fd, uint16_t address) { return ioctl(fd, I2C_SLAVE, (unsigned long)address); }

int CLinuxIO_i2c_timeout(int fd, unsigned long tens_of_ms) { return ioctl(fd, I2C_TIMEOUT, tens_of_ms); }

const unsigned long CLinuxIO_I2C_FUNC_I2C = I2C_FUNC_I2C;
const unsigned long CLinuxIO_I2C_FUNC_10BIT_ADDR = I2C_FUNC_10BIT_ADDR;
const unsigned long CLinuxIO_I2C_FUNC_NOSTART = I2C_FUNC_NOSTART;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_QUICK = I2C_FUNC_SMBUS_QUICK;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_BYTE = I2C_FUNC_SMBUS_READ_BYTE;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_BYTE = I2C_FUNC_SMBUS_WRITE_BYTE;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_BYTE_DATA = I2C_FUNC_SMBUS_READ_BYTE_DATA;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_BYTE_DATA = I2C_FUNC_SMBUS_WRITE_BYTE_DATA;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_WORD_DATA = I2C_FUNC_SMBUS_READ_WORD_DATA;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_WORD_DATA = I2C_FUNC_SMBUS_WRITE_WORD_DATA;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_I2C_BLOCK = I2C_FUNC_SMBUS_READ_I2C_BLOCK;
const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_I2C_BLOCK = I2C_FUNC_SMBUS_WRITE_I2C_BLOCK;
const uint16_t CLinuxIO_I2C_M_RD = I2C_M_RD;
const uint16_t CLinuxIO_I2C_M_TEN = I2C_M_TEN;
const int CLinuxIO_I2C_SMBUS_BLOCK_MAX = I2C_SMBUS_BLOCK_MAX;
const int CLinuxIO_I2C_RDWR_IOCTL_MAX_MSGS = I2C_RDWR_IOCTL_MAX_MSGS;

// MARK: - spidev

int CLinuxIO_spi_message(int fd, struct spi_ioc_transfer *transfers, uint32_t count) {
    return ioctl(fd, SPI_IOC_MESSAGE(count), transfers);
}
int CLinuxIO_spi_get_mode32(int fd, uint32_t *mode) { return ioctl(fd, SPI_IOC_RD_MODE32, mode); }
int CLinuxIO_spi_set_mode32(int fd, uint32_t mode) { return ioctl(fd, SPI_IOC_WR_MODE32, &mode); }
int CLinuxIO_spi_get_bits_per_word(int fd, uint8_t *bits) { return ioctl(fd, SPI_IOC_RD_BITS_PER_WORD, bits); }
int CLinuxIO_spi_set_bits_per_word(int fd, uint8_t bits) { return ioctl(fd, SPI_IOC_WR_BITS_PER_WORD, &bits); }
int CLinuxIO_spi_get_max_speed_hz(int fd, uint32_t *speed_hz) { return ioctl(fd, SPI_IOC_RD_MAX_SPEED_HZ, speed_hz); }
int CLinuxIO_spi_set_max_speed_hz(int fd, uint32_t speed_hz) { return ioctl(fd, SPI_IOC_WR_MAX_SPEED_HZ, &speed_hz); }

const uint32_t CLinuxIO_SPI_CPHA = SPI_CPHA;
const uint32_t CLinuxIO_SPI_CPOL = SPI_CPOL;
const uint32_t CLinuxIO_SPI_CS_HIGH = SPI_CS_HIGH;
const uint32_t CLinuxIO_SPI_LSB_FIRST = SPI_LSB_FIRST;
const uint32_t CLinuxIO_SPI_3WIRE = SPI_3WIRE;
const uint32_t CLinuxIO_SPI_NO_CS = SPI_NO_CS;

// MARK: - terminals and pseudo-terminals

int CLinuxIO_tty_exclusive(int fd) { return ioctl(fd, TIOCEXCL); }
int CLinuxIO_tty_get_modem_lines(int fd, int *lines) { return ioctl(fd, TIOCMGET, lines); }
int CLinuxIO_tty_set_modem_lines(int fd, int bits) { return ioctl(fd, TIOCMBIS, &bits); }
int CLinuxIO_tty_clear_modem_lines(int fd, int bits) { return ioctl(fd, TIOCMBIC, &bits); }
int CLinuxIO_tty_input_pending(int fd, int *count) { return ioctl(fd, FIONREAD, count); }
int CLinuxIO_tty_set_rs485(int fd, struct serial_rs485 *config) { return ioctl(fd, TIOCSRS485, config); }

const uint32_t CLinuxIO_SER_RS485_ENABLED = SER_RS485_ENABLED;
const uint32_t CLinuxIO_SER_RS485_RTS_ON_SEND = SER_RS485_RTS_ON_SEND;
const uint32_t CLinuxIO_SER_RS485_RTS_AFTER_SEND = SER_RS485_RTS_AFTER_SEND;

const int CLinuxIO_TIOCM_DTR = TIOCM_DTR;
const int CLinuxIO_TIOCM_RTS = TIOCM_RTS;
const int CLinuxIO_TIOCM_CTS = TIOCM_CTS;
const int CLinuxIO_TIOCM_DSR = TIOCM_DSR;
const int CLinuxIO_TIOCM_CD = TIOCM_CD;
const int CLinuxIO_TIOCM_RI = TIOCM_RI;
const unsigned int CLinuxIO_CRTSCTS = CRTSCTS;

int CLinuxIO_posix_openpt(int flags) { return posix_openpt(flags); }
int CLinuxIO_grantpt(int fd) { return grantpt(fd); }
int CLinuxIO_unlockpt(int fd) { return unlockpt(fd); }
int CLinuxIO_ptsname_r(int fd, char *buffer, size_t length) { return ptsname_r(fd, buffer, length); }

// MARK: - the sampling thread: timer slack, CPU affinity (prctl is variadic; CPU_SET is a macro)

int CLinuxIO_set_timer_slack(unsigned long nanoseconds) { return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0); }

int CLinuxIO_set_affinity(const int *cpus, int count) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int i = 0; i < count; i++) {
        if (cpus[i] < 0 || cpus[i] >= CPU_SETSIZE) { errno = EINVAL; return -1; }
        CPU_SET(cpus[i], &set);
    }
    return sched_setaffinity(0, sizeof(set), &set);
}

// MARK: - the process heap: glibc's trim and mmap thresholds (mallopt is not in Swift's Glibc module)

int CLinuxIO_set_heap_thresholds(unsigned long trim_bytes, unsigned long mmap_bytes) {
    if (trim_bytes > INT_MAX || mmap_bytes > INT_MAX) { errno = EINVAL; return -1; }
    if (mallopt(M_MMAP_THRESHOLD, (int)mmap_bytes) != 1) { errno = EINVAL; return -1; }
    if (mallopt(M_TRIM_THRESHOLD, (int)trim_bytes) != 1) { errno = EINVAL; return -1; }
    return 0;
}

int CLinuxIO_heap_chunk_is_mapped(const void *pointer) {
    // glibc's chunk header: the size word just before the user pointer; bit 1 is IS_MMAPPED.
    const size_t *size = (const size_t *)pointer - 1;
    return (*size & 2) != 0;
}

int CLinuxIO_watchdog_set_timeout(int fd, int *seconds) { return ioctl(fd, WDIOC_SETTIMEOUT, seconds); }
int CLinuxIO_watchdog_get_timeout(int fd, int *seconds) { return ioctl(fd, WDIOC_GETTIMEOUT, seconds); }
int CLinuxIO_watchdog_keepalive(int fd) { return ioctl(fd, WDIOC_KEEPALIVE, 0); }
int CLinuxIO_watchdog_get_support(int fd, struct watchdog_info *info) { return ioctl(fd, WDIOC_GETSUPPORT, info); }
const unsigned int CLinuxIO_WDIOF_MAGICCLOSE = WDIOF_MAGICCLOSE;
const unsigned int CLinuxIO_WDIOF_SETTIMEOUT = WDIOF_SETTIMEOUT;

int CLinuxIO_ppoll(struct pollfd *descriptors, unsigned long count, long long timeout_nanoseconds) {
    if (timeout_nanoseconds < 0) timeout_nanoseconds = 0;
    struct timespec timeout = {
        .tv_sec = (time_t)(timeout_nanoseconds / 1000000000LL), .tv_nsec = (long)(timeout_nanoseconds % 1000000000LL)};
    return ppoll(descriptors, (nfds_t)count, &timeout, NULL);
}
