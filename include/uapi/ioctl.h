/* ioctl request numbers of the Linux arm64 ABI: the _IOC encoding
 * (include/uapi/asm-generic/ioctl.h) and the terminal requests
 * (include/uapi/asm-generic/ioctls.h, which arm64 uses unchanged; see
 * tty_ioctl(4)). Most terminal numbers predate _IOC and are plain 0x54xx
 * ('T' << 8 | nr); the newer ones carry direction and size. */
#ifndef UAPI_IOCTL_H
#define UAPI_IOCTL_H

#include <uapi/termios.h>

/* cmd = dir << 30 | size << 16 | type << 8 | nr */
#define _IOC_NRBITS   8
#define _IOC_TYPEBITS 8
#define _IOC_SIZEBITS 14
#define _IOC_DIRBITS  2

#define _IOC_NRSHIFT   0
#define _IOC_TYPESHIFT (_IOC_NRSHIFT + _IOC_NRBITS)
#define _IOC_SIZESHIFT (_IOC_TYPESHIFT + _IOC_TYPEBITS)
#define _IOC_DIRSHIFT  (_IOC_SIZESHIFT + _IOC_SIZEBITS)

#define _IOC_NONE  0U
#define _IOC_WRITE 1U /* user space writes: the kernel copies the argument in */
#define _IOC_READ  2U /* user space reads: the kernel copies the result out */

#define _IOC(dir, type, nr, size)                                                                  \
    (((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) | ((nr) << _IOC_NRSHIFT) |              \
     ((size) << _IOC_SIZESHIFT))
#define _IO(type, nr)      _IOC(_IOC_NONE, (type), (nr), 0)
#define _IOR(type, nr, T)  _IOC(_IOC_READ, (type), (nr), sizeof(T))
#define _IOW(type, nr, T)  _IOC(_IOC_WRITE, (type), (nr), sizeof(T))
#define _IOWR(type, nr, T) _IOC(_IOC_READ | _IOC_WRITE, (type), (nr), sizeof(T))
#define _IOC_DIR(cmd)      (((cmd) >> _IOC_DIRSHIFT) & ((1U << _IOC_DIRBITS) - 1))
#define _IOC_TYPE(cmd)     (((cmd) >> _IOC_TYPESHIFT) & ((1U << _IOC_TYPEBITS) - 1))
#define _IOC_NR(cmd)       (((cmd) >> _IOC_NRSHIFT) & ((1U << _IOC_NRBITS) - 1))
#define _IOC_SIZE(cmd)     (((cmd) >> _IOC_SIZESHIFT) & ((1U << _IOC_SIZEBITS) - 1))

/* Terminal requests. The argument is a pointer unless noted "by value". */
#define TCGETS       0x5401 /* struct termios * out */
#define TCSETS       0x5402 /* struct termios * in: now */
#define TCSETSW      0x5403 /* ... after output drains */
#define TCSETSF      0x5404 /* ... after output drains, discarding input */
#define TCGETA       0x5405 /* struct termio (SysV), not supported */
#define TCSETA       0x5406
#define TCSETAW      0x5407
#define TCSETAF      0x5408
#define TCSBRK       0x5409 /* int by value: 0 = break, else tcdrain() */
#define TCXONC       0x540A /* int by value: TCOOFF.. (tcflow) */
#define TCFLSH       0x540B /* int by value: TCIFLUSH.. (tcflush) */
#define TIOCEXCL     0x540C
#define TIOCNXCL     0x540D
#define TIOCSCTTY    0x540E /* int by value: 1 = steal (CAP_SYS_ADMIN) */
#define TIOCGPGRP    0x540F /* pid_t * out */
#define TIOCSPGRP    0x5410 /* const pid_t * in */
#define TIOCOUTQ     0x5411 /* int * out */
#define TIOCSTI      0x5412 /* const char * in */
#define TIOCGWINSZ   0x5413 /* struct winsize * out */
#define TIOCSWINSZ   0x5414 /* const struct winsize * in */
#define TIOCMGET     0x5415
#define TIOCMBIS     0x5416
#define TIOCMBIC     0x5417
#define TIOCMSET     0x5418
#define TIOCGSOFTCAR 0x5419
#define TIOCSSOFTCAR 0x541A
#define FIONREAD     0x541B /* int * out */
#define TIOCINQ      FIONREAD
#define TIOCLINUX    0x541C
#define TIOCCONS     0x541D
#define TIOCGSERIAL  0x541E
#define TIOCSSERIAL  0x541F
#define TIOCPKT      0x5420
#define FIONBIO      0x5421 /* const int * in; a file flag, handled above the tty */
#define TIOCNOTTY    0x5422
#define TIOCSETD     0x5423 /* const int * in */
#define TIOCGETD     0x5424 /* int * out */
#define TCSBRKP      0x5425 /* int by value (tcsendbreak) */
#define TIOCSBRK     0x5427
#define TIOCCBRK     0x5428
#define TIOCGSID     0x5429 /* pid_t * out */
#define TCGETS2      _IOR('T', 0x2A, struct termios2)
#define TCSETS2      _IOW('T', 0x2B, struct termios2)
#define TCSETSW2     _IOW('T', 0x2C, struct termios2)
#define TCSETSF2     _IOW('T', 0x2D, struct termios2)
#define TIOCGRS485   0x542E
#define TIOCSRS485   0x542F
#define TIOCGPTN     _IOR('T', 0x30, unsigned int) /* pty number */
#define TIOCSPTLCK   _IOW('T', 0x31, int)          /* pty lock */
#define TIOCGDEV     _IOR('T', 0x32, unsigned int) /* device behind /dev/console */
#define TCGETX       0x5432
#define TCSETX       0x5433
#define TCSETXF      0x5434
#define TCSETXW      0x5435
#define TIOCSIG      _IOW('T', 0x36, int) /* pty master: signal the foreground */
#define TIOCVHANGUP  0x5437
#define TIOCGPKT     _IOR('T', 0x38, int)
#define TIOCGPTLCK   _IOR('T', 0x39, int)
#define TIOCGEXCL    _IOR('T', 0x40, int)
#define TIOCGPTPEER  _IO('T', 0x41)

#define FIONCLEX       0x5450
#define FIOCLEX        0x5451
#define FIOASYNC       0x5452
#define TIOCSERCONFIG  0x5453
#define TIOCSERGWILD   0x5454
#define TIOCSERSWILD   0x5455
#define TIOCGLCKTRMIOS 0x5456
#define TIOCSLCKTRMIOS 0x5457
#define TIOCSERGSTRUCT 0x5458
#define TIOCSERGETLSR  0x5459
#define TIOCMIWAIT     0x545C
#define TIOCGICOUNT    0x545D
#define FIOQSIZE       0x5460

/* TIOCPKT packet-mode status bytes. */
#define TIOCPKT_DATA       0
#define TIOCPKT_FLUSHREAD  1
#define TIOCPKT_FLUSHWRITE 2
#define TIOCPKT_STOP       4
#define TIOCPKT_START      8
#define TIOCPKT_NOSTOP     16
#define TIOCPKT_DOSTOP     32
#define TIOCPKT_IOCTL      64

/* Modem lines (TIOCMGET and friends). */
#define TIOCM_LE   0x001
#define TIOCM_DTR  0x002
#define TIOCM_RTS  0x004
#define TIOCM_ST   0x008
#define TIOCM_SR   0x010
#define TIOCM_CTS  0x020
#define TIOCM_CAR  0x040
#define TIOCM_RNG  0x080
#define TIOCM_DSR  0x100
#define TIOCM_CD   TIOCM_CAR
#define TIOCM_RI   TIOCM_RNG
#define TIOCM_OUT1 0x2000
#define TIOCM_OUT2 0x4000
#define TIOCM_LOOP 0x8000

/* The encoded numbers, checked against the values Linux arm64 user space
 * compiles in. */
_Static_assert(TCGETS2 == 0x802C542AU, "TCGETS2");
_Static_assert(TCSETS2 == 0x402C542BU, "TCSETS2");
_Static_assert(TCSETSW2 == 0x402C542CU, "TCSETSW2");
_Static_assert(TCSETSF2 == 0x402C542DU, "TCSETSF2");
_Static_assert(TIOCGPTN == 0x80045430U, "TIOCGPTN");
_Static_assert(TIOCSPTLCK == 0x40045431U, "TIOCSPTLCK");
_Static_assert(TIOCGPTPEER == 0x5441U, "TIOCGPTPEER");

#endif
