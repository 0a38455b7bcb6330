// SensorGate — CLinuxIO: the thin C layer under HALLinux.
//
// Holds only includes, wrappers for function-like macros and variadic calls (ioctl), re-exports of
// constants Swift cannot import, and layout checks. No loops, retries, errno translation or policy:
// all of that lives in Swift (HALLinux/Syscalls.swift). Every symbol is prefixed CLinuxIO_.

#ifndef CLINUXIO_H
#define CLINUXIO_H

#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include <i2c/smbus.h>
#include <linux/spi/spidev.h>
#include <linux/watchdog.h>
#include <linux/serial.h>

// MARK: - i2c-dev

/// ioctl(I2C_FUNCS): ioctl is variadic, which Swift cannot call.
int CLinuxIO_i2c_funcs(int fd, unsigned long *funcs);
/// ioctl(I2C_RDWR): combined transfer with a repeated start between messages; variadic ioctl.
int CLinuxIO_i2c_rdwr(int fd, struct i2c_msg *msgs, uint32_t count);
/// ioctl(I2C_SLAVE): selects the target of later SMBus calls; fails with EBUSY if a kernel driver holds it.
int CLinuxIO_i2c_slave(int fd, uint16_t address);
/// ioctl(I2C_TIMEOUT): adapter timeout in units of 10 ms; variadic ioctl.
int CLinuxIO_i2c_timeout(int fd, unsigned long tens_of_ms);

/// I2C_FUNC_* bits; composite macros (I2C_FUNC_SMBUS_BYTE and friends) are not imported by Swift.
extern const unsigned long CLinuxIO_I2C_FUNC_I2C;
extern const unsigned long CLinuxIO_I2C_FUNC_10BIT_ADDR;
extern const unsigned long CLinuxIO_I2C_FUNC_NOSTART;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_QUICK;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_BYTE;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_BYTE;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_BYTE_DATA;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_BYTE_DATA;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_WORD_DATA;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_WORD_DATA;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_READ_I2C_BLOCK;
extern const unsigned long CLinuxIO_I2C_FUNC_SMBUS_WRITE_I2C_BLOCK;
/// I2C_M_RD: message flag for a read.
extern const uint16_t CLinuxIO_I2C_M_RD;
/// I2C_M_TEN: message flag for a ten-bit address.
extern const uint16_t CLinuxIO_I2C_M_TEN;
/// I2C_SMBUS_BLOCK_MAX: the largest SMBus / I2C-block transfer (32 bytes).
extern const int CLinuxIO_I2C_SMBUS_BLOCK_MAX;
/// I2C_RDWR_IOCTL_MAX_MSGS: the kernel's limit on messages in one I2C_RDWR.
extern const int CLinuxIO_I2C_RDWR_IOCTL_MAX_MSGS;

// MARK: - spidev

/// ioctl(SPI_IOC_MESSAGE(n)): the request number is a function-like macro of n.
int CLinuxIO_spi_message(int fd, struct spi_ioc_transfer *transfers, uint32_t count);
/// ioctl(SPI_IOC_RD_MODE32) / ioctl(SPI_IOC_WR_MODE32): variadic ioctl.
int CLinuxIO_spi_get_mode32(int fd, uint32_t *mode);
/// See CLinuxIO_spi_get_mode32.
int CLinuxIO_spi_set_mode32(int fd, uint32_t mode);
/// ioctl(SPI_IOC_RD_BITS_PER_WORD) / ioctl(SPI_IOC_WR_BITS_PER_WORD): variadic ioctl.
int CLinuxIO_spi_get_bits_per_word(int fd, uint8_t *bits);
/// See CLinuxIO_spi_get_bits_per_word.
int CLinuxIO_spi_set_bits_per_word(int fd, uint8_t bits);
/// ioctl(SPI_IOC_RD_MAX_SPEED_HZ) / ioctl(SPI_IOC_WR_MAX_SPEED_HZ): variadic ioctl.
int CLinuxIO_spi_get_max_speed_hz(int fd, uint32_t *speed_hz);
/// See CLinuxIO_spi_get_max_speed_hz.
int CLinuxIO_spi_set_max_speed_hz(int fd, uint32_t speed_hz);

/// SPI_* mode bits (SPI_CPHA, SPI_CPOL, SPI_CS_HIGH, SPI_LSB_FIRST, SPI_3WIRE, SPI_NO_CS) re-exported
/// because spidev.h spells some of them as _BITUL() expressions Swift does not import.
extern const uint32_t CLinuxIO_SPI_CPHA;
extern const uint32_t CLinuxIO_SPI_CPOL;
extern const uint32_t CLinuxIO_SPI_CS_HIGH;
extern const uint32_t CLinuxIO_SPI_LSB_FIRST;
extern const uint32_t CLinuxIO_SPI_3WIRE;
extern const uint32_t CLinuxIO_SPI_NO_CS;

// MARK: - terminals and pseudo-terminals

/// ioctl(TIOCEXCL): exclusive open of a tty, so ModemManager or a second gateway cannot share it.
int CLinuxIO_tty_exclusive(int fd);
/// ioctl(TIOCMGET): read modem control lines; variadic ioctl.
int CLinuxIO_tty_get_modem_lines(int fd, int *lines);
/// ioctl(TIOCMBIS): raise the modem control lines in the mask; variadic ioctl.
int CLinuxIO_tty_set_modem_lines(int fd, int bits);
/// ioctl(TIOCMBIC): lower the modem control lines in the mask; variadic ioctl.
int CLinuxIO_tty_clear_modem_lines(int fd, int bits);
/// ioctl(FIONREAD): bytes waiting in the input queue; variadic ioctl.
int CLinuxIO_tty_input_pending(int fd, int *count);
/// ioctl(TIOCSRS485): RS-485 direction control by the UART driver (RTS drives the transceiver); variadic ioctl.
int CLinuxIO_tty_set_rs485(int fd, struct serial_rs485 *config);
/// SER_RS485_* flags, re-exported so Swift sees one spelling.
extern const uint32_t CLinuxIO_SER_RS485_ENABLED;
extern const uint32_t CLinuxIO_SER_RS485_RTS_ON_SEND;
extern const uint32_t CLinuxIO_SER_RS485_RTS_AFTER_SEND;
/// TIOCM_* line bits, re-exported so Swift sees one spelling.
extern const int CLinuxIO_TIOCM_DTR;
extern const int CLinuxIO_TIOCM_RTS;
extern const int CLinuxIO_TIOCM_CTS;
extern const int CLinuxIO_TIOCM_DSR;
extern const int CLinuxIO_TIOCM_CD;
extern const int CLinuxIO_TIOCM_RI;
/// CRTSCTS: hardware flow control flag (a BSD extension, hidden without _DEFAULT_SOURCE in some modules).
extern const unsigned int CLinuxIO_CRTSCTS;

/// posix_openpt(): declared only under _XOPEN_SOURCE, which Swift's Glibc module is not built with.
int CLinuxIO_posix_openpt(int flags);
/// grantpt(): see CLinuxIO_posix_openpt.
int CLinuxIO_grantpt(int fd);
/// unlockpt(): see CLinuxIO_posix_openpt.
int CLinuxIO_unlockpt(int fd);
/// ptsname_r(): a GNU extension, declared only under _GNU_SOURCE.
int CLinuxIO_ptsname_r(int fd, char *buffer, size_t length);


// The sampling thread: PR_SET_TIMERSLACK, and sched_setaffinity over a list of CPUs.
int CLinuxIO_set_timer_slack(unsigned long nanoseconds);
int CLinuxIO_set_affinity(const int *cpus, int count);
/// ppoll() with a timeout in nanoseconds: a GNU extension, declared only under _GNU_SOURCE (poll's
/// millisecond timeout would round a sampler's wait up by as much as a millisecond).
int CLinuxIO_ppoll(struct pollfd *descriptors, unsigned long count, long long timeout_nanoseconds);

// MARK: - the process heap (glibc malloc; mallopt and its M_ constants are not in Swift's Glibc module)

/// mallopt(M_MMAP_THRESHOLD) then mallopt(M_TRIM_THRESHOLD): 0, or -1 with errno EINVAL when a value is
/// above INT_MAX or glibc refuses it (glibc 2.36 takes any int; the caller checks the documented range).
/// Setting either turns glibc's dynamic adjustment of both off.
int CLinuxIO_set_heap_thresholds(unsigned long trim_bytes, unsigned long mmap_bytes);
/// Whether the glibc heap block at `pointer` (from malloc) has a mapping of its own (IS_MMAPPED):
/// what the heap tests check a threshold with, block by block.
int CLinuxIO_heap_chunk_is_mapped(const void *pointer);

// MARK: - watchdog (Documentation/watchdog/watchdog-api.rst)

/// ioctl(WDIOC_SETTIMEOUT): asks for `*seconds`; the driver writes back the timeout it chose.
int CLinuxIO_watchdog_set_timeout(int fd, int *seconds);
/// ioctl(WDIOC_GETTIMEOUT).
int CLinuxIO_watchdog_get_timeout(int fd, int *seconds);
/// ioctl(WDIOC_KEEPALIVE): a kick.
int CLinuxIO_watchdog_keepalive(int fd);
/// ioctl(WDIOC_GETSUPPORT): the driver's identity and options (WDIOF_*).
int CLinuxIO_watchdog_get_support(int fd, struct watchdog_info *info);
/// WDIOF_MAGICCLOSE: the driver disarms when 'V' is written before close (unless built with nowayout).
extern const unsigned int CLinuxIO_WDIOF_MAGICCLOSE;
/// WDIOF_SETTIMEOUT: the driver accepts WDIOC_SETTIMEOUT.
extern const unsigned int CLinuxIO_WDIOF_SETTIMEOUT;

#endif
